// Run the engine in Pyodide under Node at build time (build_tools/stdlib_trim.py calls this).
//
//   node build_tools/pyodide_probe.mjs CONFIG.json
//
// CONFIG: {indexURL, stdLibURL, lockFileURL, modules, imports, canary, snapshot}
//   indexURL     the npm package's directory (pyodide.mjs, pyodide.asm.js, pyodide.asm.wasm)
//   stdLibURL    the standard library zip to start with (the stock one, or the trimmed one)
//   lockFileURL  the site-local lock file beside the engine wheel
//   modules      every module of the engine package, imported one by one
//   imports      every standard-library module the engine's source names (lazy imports too)
//   canary       an applicant's JSON text, scored with advice as the page does
//   snapshot     also make a memory snapshot, start a second runtime from it and score again
//
// The runtime starts exactly as the page's cold start does (packages: ["calculator"],
// _makeSnapshot), so the modules Pyodide's own start-up needs are recorded too.
// Prints one JSON object: {zip_members, missing, canary, snapshot_canary}.
//   zip_members  the members of the stdlib zip that Python actually loaded (by zipimport)
//   missing      "module: error" for every module that could not be imported

import { readFileSync } from "node:fs";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { loadPyodide } = await import(new URL("pyodide.mjs", `file://${config.indexURL}`).href);

const quiet = { stdout: () => {}, stderr: () => {} };
const base = { indexURL: config.indexURL, stdLibURL: config.stdLibURL, ...quiet };

const PROBE = `
import importlib, json, sys

def _probe(text):
    # Plain text in and out: a JS object passed in would stay referenced from Python and
    # stop makeMemorySnapshot() ("Unexpected hiwire entry").
    config = json.loads(text)
    modules, imports, canary = config["modules"], config["imports"], config["canary"]
    missing = []
    for name in list(modules) + list(imports):
        try:
            importlib.import_module(name)
        except BaseException as error:  # noqa: BLE001 - every failure is reported by name
            missing.append(f"{name}: {type(error).__name__}: {error}")
    answer = None
    if not missing:
        answer = sys.modules["calculator"].score_json(canary, True)
    return json.dumps({"missing": missing, "canary": answer})

def _zip_members():
    zip_path = next(p for p in sys.path if p.endswith(".zip"))
    members = set()
    for module in list(sys.modules.values()):
        spec = getattr(module, "__spec__", None)
        loader = getattr(spec, "loader", None)
        origin = getattr(spec, "origin", None) or ""
        if type(loader).__name__ == "zipimporter" and origin.startswith(zip_path + "/"):
            members.add(origin[len(zip_path) + 1:])
    return json.dumps(sorted(members))
`;

const pyodide = await loadPyodide({ ...base, lockFileURL: config.lockFileURL, _makeSnapshot: !!config.snapshot });
// As the page does: the wheel unpacked into site-packages (loadPackage() would record the
// package in a table that makeMemorySnapshot() refuses to serialize).
pyodide.unpackArchive(new Uint8Array(readFileSync(config.wheel)), "wheel");
pyodide.runPython(PROBE);
const result = JSON.parse(pyodide.runPython(`_probe(${JSON.stringify(JSON.stringify(config))})`));

if (config.snapshot && !result.missing.length) {
  const snapshot = pyodide.makeMemorySnapshot();
  // The page starts later visits from such a snapshot, without the wheel: check that it scores the same.
  const restored = await loadPyodide({ ...base, lockFileURL: config.lockFileURL, _loadSnapshot: snapshot });
  result.snapshot_canary = restored.pyimport("calculator").score_json(config.canary, true);
}
result.zip_members = JSON.parse(pyodide.runPython("_zip_members()"));
process.stdout.write(JSON.stringify(result));
process.exit(0);
