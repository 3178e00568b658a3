// #data= links (CONTRACT.md section 4): the applicant's JSON, UTF-8, base64url (RFC 4648 §5,
// padding optional). The share button makes one for the form; opening one fills the form.

export function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text) {
  let clean = text.replace(/\s/g, "");
  try {
    clean = decodeURIComponent(clean);
  } catch {
    /* keep it as it is */
  }
  clean = clean.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) throw new Error("base64");
  const binary = atob(clean + "=".repeat((4 - (clean.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

// The applicant in location.hash: {applicant}, {error} (unreadable), or null (no #data=).
// A link longer than this is refused before it is decoded: a whole applicant with 100 + 100
// records takes about 20,000 characters (a bound on nonsense, not on people).
export const MAX_LINK_CHARS = 65536;

export function applicantInHash(hash = location.hash) {
  if (!hash.startsWith("#data=")) return null;
  if (hash.length > MAX_LINK_CHARS) {
    return { error: `链接中的 #data= 内容太长（${hash.length.toLocaleString("zh-CN")} 个字符，最多 ${MAX_LINK_CHARS.toLocaleString("zh-CN")} 个），表单保持原样` };
  }
  try {
    return { applicant: JSON.parse(fromBase64Url(hash.slice(6))) };
  } catch {
    return { error: "链接中的 #data= 内容无法读取（不是有效的 base64url 编码的 JSON），表单保持原样" };
  }
}

// The share button: a link for collect()'s applicant, copied where the browser allows.
export function wireShareButton(root, collect) {
  const button = root.querySelector('[data-testid="share"]');
  const field = root.querySelector('[data-testid="share-link"]');
  const status = root.querySelector(".calc-share-status");
  button.addEventListener("click", async () => {
    const url = new URL(location.href);
    url.hash = `data=${toBase64Url(JSON.stringify(collect()))}`;
    const link = url.href;
    field.value = link;
    field.hidden = false;
    root.querySelector(".calc-share-label").hidden = false;
    field.focus();
    field.select();
    status.textContent = "";
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await Promise.race([navigator.clipboard.writeText(link), new Promise((_, no) => setTimeout(no, 1000))]);
        copied = true;
      }
    } catch {
      copied = false;
    }
    status.textContent = `${copied ? "链接已复制" : "请复制下面的链接"}。打开链接即可看到同样的填写内容和结果（内容只在链接里，本站不保存）。`;
  });
}
