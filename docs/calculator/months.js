// Months as the page handles them: "YYYY-MM" text (the contract's format) and month
// numbers (year × 12 + month − 1) for arithmetic and drawing. No rules here.

// What a visitor may type in a month input (plain text, inputmode="decimal": a phone's number
// pad has digits and "."): 2015-07, 2015-7, 2015/7, 2015.7, 2015年7月, 201507.
const MONTH_TEXT = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$/;
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0D\uFF0F\u3000]/g;

export function halfWidth(text) {
  return text.replace(FULL_WIDTH, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

// The contract's "YYYY-MM" for what was typed, undefined for nothing, or the text itself
// when it is not a month (the engine then says, in Chinese, what is wrong with it).
export function parseMonth(raw) {
  const text = halfWidth(String(raw)).trim();
  if (text === "") return undefined;
  const m = text.match(MONTH_TEXT);
  if (!m) return text;
  const month = m[2] || m[3];
  return `${m[1]}-${month.padStart(2, "0")}`;
}

// A browser without a month picker draws type="month" as a text box (its type then reads "text"):
// the box shows an example month. HTML allows a placeholder only on a text-like input, so the
// page carries it in data-placeholder (build_tools/calculator_form.py) and it is set here.
export function showMonthPlaceholders(scope) {
  for (const input of scope.querySelectorAll("input[data-placeholder]")) {
    if (input.type !== "month") input.placeholder = input.dataset.placeholder;
  }
}

export function monthNumber(text) {
  const m = /^(\d{4})-(\d{2})$/.exec(text || "");
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? Number(m[1]) * 12 + month - 1 : null;
}

// "2015年7月"
export function showMonth(number) {
  return `${Math.floor(number / 12)}年${(number % 12) + 1}月`;
}
