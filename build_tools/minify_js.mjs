// Minify the site's own scripts in place (build_tools/minify_js.py calls this at build time).
//
//   node build_tools/minify_js.mjs FILE...
//
// A file with a static import/export or import.meta is parsed as an ES module (its top-level
// names may be shortened); any other as a classic script, whose top-level names stay as they
// are (other scripts may use them). Comments go, except /*! ... */ ones.
import { readFileSync, writeFileSync } from "node:fs";
import { minify } from "terser";

const MODULE = /^\s*(import|export)\b|import\.meta/m;

for (const file of process.argv.slice(2)) {
  const code = readFileSync(file, "utf8");
  const module = MODULE.test(code);
  const result = await minify(code, {
    module,
    compress: { passes: 1 },
    mangle: true,
    format: { comments: /^!/ },
  });
  writeFileSync(file, result.code + "\n");
}
