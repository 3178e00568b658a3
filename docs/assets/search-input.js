// Every page: the theme's search box answers whatever puts text into it, not only a key press.
//
// The theme (Material for MkDocs) reads the search box on "keyup" alone, so a question pasted
// from a chat, dictated by voice, picked from the phone keyboard's suggestions or entered
// through an input method without a final key press found nothing until another key was
// pressed. This module hands each such change to the theme as the keyup it listens for: on
// "input" (paste, voice, suggestions, autofill, typing) and at the end of an input method's
// composition. While a composition is still going on (pinyin letters not yet turned into
// characters) the box is left alone; the theme skips a value it has already searched for, so
// a typed key that brings both an input and a keyup searches once.
// (mkdocs.yml extra_javascript, type: module; a page without the theme's search has no such box.)

const BOX = 'input[data-md-component="search-query"]';

function answer(event) {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.matches(BOX)) return;
  if (event.type === "input" && event.isComposing) return;
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
}

document.addEventListener("input", answer, true);
document.addEventListener("compositionend", answer, true);
