// ESLint for the site's own scripts (make test runs it through tests/test_lint.py).
import js from "@eslint/js";
import globals from "globals";

export default [
  // docs/assets/javascripts/: the theme's inline helpers, moved into files (theme-base.js, theme-content.js)
  {
    ignores: [
      "site/**", "build/**", "node_modules/**", ".venv/**", "docs/assets/javascripts/*",
      "!docs/assets/javascripts/search-worker.js", "**/*.min.js",
    ],
  },
  js.configs.recommended,
  { rules: { "no-unused-vars": ["error", { caughtErrors: "none" }] } }, // a caught error may go unnamed in use
  {
    // the page scripts: ES modules in the browser
    files: ["docs/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    // classic scripts: the early boot script, the service worker and the offline registration
    files: ["docs/calculator/boot.js", "docs/assets/offline.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    // the site's search worker (overrides/main.html): a classic worker script
    files: ["docs/assets/javascripts/search-worker.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.worker } },
  },
  {
    files: ["docs/calculator/engine-worker.js"],
    languageOptions: { globals: { ...globals.worker, loadPyodide: "readonly" } },
  },
  {
    files: ["build_tools/service_worker.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.serviceworker, BUILD: "readonly" } },
  },
  {
    files: ["build_tools/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
