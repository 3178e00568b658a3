// Month-count mode: "帮我算租赁月数" — all rental months from the three numbers the official
// simulator asks for (months up to 2020-07 are inferred: 就业 months − owned months).

import { halfWidth } from "./months.js";

export function wireRentalHelper(root, fillRented) {
  const inputs = ["#rh-si", "#rh-owned", "#rh-declared"].map((id) => root.querySelector(id));
  const out = root.querySelector("#rh-result");
  const apply = root.querySelector("#rh-apply");
  if (!out) return { reset() {} };
  const number = (input) => {
    const raw = halfWidth(input.value).trim();
    if (raw === "") return 0;
    return /^\d+$/.test(raw) ? Number(raw) : NaN;
  };
  const update = () => {
    const [si, owned, declared] = inputs.map(number);
    if ([si, owned, declared].some(Number.isNaN)) {
      out.textContent = "请填写整数月数";
      apply.disabled = true;
    } else if (owned > si) {
      out.textContent = "自有住所月数不能多于社保月数";
      apply.disabled = true;
    } else {
      out.textContent = String(si - owned + declared);
      apply.disabled = false;
    }
  };
  for (const input of inputs) input.addEventListener("input", update);
  apply.addEventListener("click", () => fillRented(out.textContent));
  return {
    reset() {
      out.textContent = "—";
      apply.disabled = true;
    },
  };
}
