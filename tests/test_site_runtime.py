"""What the build ships for start-up and offline use (no browser): the trimmed standard library,
engine.json, the service worker's file list, the scripts every page loads, and no file nothing loads.

tests/test_browser_offline.py runs all of it in Chromium.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import calculator
from build_tools import minify_css, offline, precompress, pyodide_runtime, runtime_patch, stdlib_trim, unused_files
from tests.html_tools import parse

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ("assets", "engine")


def _engine(site: Path, name: str) -> Path:
    return site.joinpath(*ENGINE, name)


def _wheel(site: Path) -> Path:
    [wheel] = site.joinpath(*ENGINE).glob("calculator-*.whl")
    return wheel


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the trimmed standard library
def test_the_trimmed_stdlib_is_stored_much_smaller_and_holds_what_the_engine_imports(built_site):
    trimmed = _engine(built_site, "python_stdlib.zip")
    stock = pyodide_runtime.PYODIDE_PACKAGE_DIR / "python_stdlib.zip"
    with zipfile.ZipFile(trimmed) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
    assert infos and all(info.compress_type == zipfile.ZIP_STORED for info in infos)
    # stored, it compresses: less than a fifth of the stock zip once gzipped by the host
    assert len(gzip.compress(trimmed.read_bytes(), 6)) < len(gzip.compress(stock.read_bytes(), 6)) / 5
    with zipfile.ZipFile(stock) as archive:
        assert names < set(archive.namelist())
    # every pure-Python standard-library module the engine's source names is in it
    modules = stdlib_trim.wheel_modules(_wheel(built_site))
    imports = stdlib_trim.stdlib_imports(stdlib_trim.engine_sources(modules, ROOT))
    assert {"json", "fractions", "decimal", "datetime", "re"} <= set(imports)
    for name in imports:
        origin = importlib.util.find_spec(name).origin
        if origin in ("frozen", "built-in") or not origin.endswith(".py"):
            continue  # compiled into the interpreter
        member = name.replace(".", "/") + ("/__init__.py" if origin.endswith("__init__.py") else ".py")
        assert member in names, name
    # and what Pyodide's own start-up needs, which no hand-written list would know
    assert {"_pyodide/_base.py", "pyodide/__init__.py", "asyncio/__init__.py"} <= names
    assert not any(name.startswith(("email/", "unittest/", "http/", "xml/")) for name in names)


def test_engine_json_describes_this_build(built_site):
    engine = json.loads(_engine(built_site, "engine.json").read_text(encoding="utf-8"))
    assert engine["pyodide"] == pyodide_runtime.pinned_version() == pyodide_runtime.runtime_version()
    assert engine["stdlib_sha256"] == _sha256(_engine(built_site, engine["stdlib"]))
    assert engine["runtime_sha256"] == _sha256(built_site / "assets" / "pyodide" / "pyodide.asm.js")
    assert engine["modules"] == stdlib_trim.wheel_modules(_wheel(built_site))
    assert {"calculator", "calculator.api", "calculator.rules"} <= set(engine["modules"])
    # the answer a snapshot must give: CPython's, for an applicant the engine accepts
    canary = engine["canary"]
    answer = calculator.score_json(canary["input"], True)
    assert canary["output_sha256"] == hashlib.sha256(answer.encode("utf-8")).hexdigest()
    assert json.loads(answer)["ok"] is True
    lock = json.loads(_engine(built_site, "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["calculator"]["sha256"] == _sha256(_wheel(built_site))


# ---------------------------------------------------------------- the runtime's glue (runtime_patch.py)
def test_the_shipped_runtime_is_the_pinned_one_with_only_the_linker_changed(built_site):
    shipped = built_site / "assets" / "pyodide"
    stock = pyodide_runtime.PYODIDE_PACKAGE_DIR
    for name in ("pyodide.mjs", "pyodide.asm.wasm"):
        assert _sha256(shipped / name) == _sha256(stock / name), name
    glue = (shipped / "pyodide.asm.js").read_bytes().decode("utf-8")
    stock_glue = (stock / "pyodide.asm.js").read_bytes().decode("utf-8")
    assert glue != stock_glue and glue == runtime_patch.patch_glue(stock_glue)
    for replacement in runtime_patch.GLUE_REPLACEMENTS:
        assert glue.count(replacement.new) == 1, replacement.name
    # everything else is the stock text: undo the replacements and it is the same file
    for replacement in reversed(runtime_patch.GLUE_REPLACEMENTS):
        glue = glue.replace(replacement.new, replacement.old)
    assert glue == stock_glue


@pytest.mark.parametrize("piece", runtime_patch.GLUE_REPLACEMENTS, ids=lambda r: r.name)
def test_the_glue_patch_refuses_a_runtime_it_was_not_made_for(piece):
    stock_glue = (pyodide_runtime.PYODIDE_PACKAGE_DIR / "pyodide.asm.js").read_bytes().decode("utf-8")
    changed = stock_glue.replace(piece.old, piece.old.replace("=", " = ", 1))
    with pytest.raises(runtime_patch.RuntimePatchError, match=re.escape(piece.name)):
        runtime_patch.patch_glue(changed)
    with pytest.raises(runtime_patch.RuntimePatchError):  # and it is applied once, never twice
        runtime_patch.patch_glue(runtime_patch.patch_glue(stock_glue))


# Both runtimes started in Node, as the build's probe does: the function table, and a few things
# that compare C function pointers (type slots, generic getattr, a C-implemented method table).
TABLE_PROBE = """
const [indexURL, stdLibURL, lockFileURL] = process.argv.slice(2);
const { loadPyodide } = await import(new URL("pyodide.mjs", `file://${indexURL}`).href);
const py = await loadPyodide({ indexURL, stdLibURL, lockFileURL, stdout: () => {}, stderr: () => {} });
const answer = py.runPython(`
import json, collections, decimal, re
class A:
    pass
a = A(); a.x = 1
o = collections.OrderedDict(b=2, a=1)
json.dumps([a.x, list(o), str(decimal.Decimal("1.10") * 3), re.sub("b+", "-", "abbbc"),
            type(a).__getattribute__ is object.__getattribute__, repr(type(a)).startswith("<class")])
`);
console.log(JSON.stringify({ table: py._module.wasmTable.length, answer }));
"""


def _start_in_node(tmp_path: Path, runtime: Path) -> dict:
    """Start ``runtime`` (its three files) in Node on the stock standard library and lock file."""
    stock = pyodide_runtime.PYODIDE_PACKAGE_DIR
    script = tmp_path / "table_probe.mjs"
    script.write_text(TABLE_PROBE, encoding="utf-8")
    done = subprocess.run(
        [
            "node",
            str(script),
            str(runtime.resolve()) + "/",
            str(stock / "python_stdlib.zip"),
            str(stock / "pyodide-lock.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_patched_linker_fills_far_fewer_table_slots_and_python_runs_the_same(built_site, tmp_path):
    shipped = _start_in_node(tmp_path, built_site / "assets" / "pyodide")
    original = _start_in_node(tmp_path, pyodide_runtime.PYODIDE_PACKAGE_DIR)
    assert shipped["answer"] == original["answer"] == '[1, ["b", "a"], "3.30", "a-c", true, true]'
    # stock: a slot for each exported function not already in the table (about 5,700 of them);
    # patched: only for those the interpreter imports through the GOT
    assert original["table"] - shipped["table"] > 5000, (original["table"], shipped["table"])


def test_the_build_fails_when_the_engine_imports_a_module_the_stdlib_lacks(built_site, tmp_path):
    trimmed = _engine(built_site, "python_stdlib.zip")
    lacking = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(trimmed) as source, zipfile.ZipFile(lacking, "w") as target:
        for info in source.infolist():
            if info.filename != "fractions.py":
                target.writestr(info, source.read(info))
    modules = stdlib_trim.wheel_modules(_wheel(built_site))
    kwargs = dict(
        runtime_dir=pyodide_runtime.PYODIDE_PACKAGE_DIR,
        lock=_engine(built_site, "pyodide-lock.json"),
        wheel=_wheel(built_site),
        modules=modules,
        imports=stdlib_trim.stdlib_imports(stdlib_trim.engine_sources(modules, ROOT)),
    )
    with pytest.raises(stdlib_trim.StdlibError, match="fractions"):
        stdlib_trim.verify(stdlib=lacking, **kwargs)
    assert stdlib_trim.verify(stdlib=trimmed, **kwargs)["canary_output"] == calculator.score_json(
        stdlib_trim.canary_text(), True
    )


def test_imports_inside_functions_count_and_only_the_standard_library(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "from __future__ import annotations\n"
        "import json, calculator\n"
        "from collections import namedtuple\n"
        "from importlib import resources\n"
        "from . import rules\n"
        "def later():\n"
        "    import tomllib\n"
        "    from email import message\n",
        encoding="utf-8",
    )
    assert stdlib_trim.stdlib_imports([source]) == [
        "__future__",
        "collections",
        "email",
        "email.message",
        "importlib",
        "importlib.resources",
        "json",
        "tomllib",
    ]


def test_stripping_keeps_what_the_code_does():
    source = (
        '"""Module docstring."""\n'
        "# a comment\n"
        "def only_doc():\n"
        '    """Nothing but a docstring."""\n'
        "class Thing:\n"
        '    """A class."""\n'
        "    def twice(self, x):\n"
        '        """Doubles."""\n'
        "        return 2 * x  # why\n"
        "TEXT = f'{Thing().twice(21)!r:>4}'\n"
    )
    stripped = stdlib_trim.strip_source(source, "sample.py")
    assert "docstring" not in stripped and "comment" not in stripped and "why" not in stripped
    before, after = {}, {}
    exec(compile(source, "sample.py", "exec"), before)
    exec(compile(stripped, "sample.py", "exec"), after)
    assert after["TEXT"] == before["TEXT"] == "  42"
    assert after["only_doc"]() is None and after["Thing"].__doc__ is None


# ---------------------------------------------------------------- the service worker
def _build_of(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const BUILD = (\{.*\});$", text, re.M).group(1))


def test_the_service_worker_lists_every_file_of_this_build_with_its_hash(built_site):
    build = _build_of(built_site)
    assert build == offline.build_manifest(built_site)
    listed = build["files"]
    for url, digest in listed.items():
        path = built_site / (url + "index.html" if url == "" or url.endswith("/") else url)
        assert _sha256(path) == digest, url
    pages = {offline._url_path(p.relative_to(built_site).as_posix()) for p in built_site.rglob("*.html")}
    assert len(pages) >= 20 and pages <= set(build["site"])  # every page, as the URL a visitor opens
    assert {"", "calculator/", "search/search_index.json"} <= set(build["site"])
    assert "sw.js" not in listed and not any(url.endswith(".map") for url in listed)
    assert build["calculator_pages"] == ["calculator/"]
    groups = build["shell"] + build["site"] + build["calculator"]
    assert sorted(groups) == sorted(listed)  # every file in exactly one group
    assert {
        "assets/pyodide/pyodide.asm.wasm",
        "assets/engine/python_stdlib.zip",
        "calculator/boot.js",
        "calculator/engine-worker.js",
    } <= set(build["calculator"])
    assert "assets/offline.js" in build["shell"]


def test_a_changed_file_makes_a_new_version(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pyodide", "engine"))
    before = offline.build_manifest(site)["version"]
    assert offline.build_manifest(site)["version"] == before  # the same files: the same version
    page = site / "process" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert offline.write_service_worker(site)["version"] != before
    assert _build_of(site)["version"] != before


def test_every_page_registers_the_worker_from_a_file_and_the_calculator_boots_from_a_file(built_site):
    assert (built_site / "sw.js").is_file() and (built_site / "assets" / "offline.js").is_file()
    for html in built_site.rglob("*.html"):
        scripts = parse(html).find_all("script")
        sources = [s.attrs.get("src") or "" for s in scripts]
        assert any(src.endswith("assets/offline.js") for src in sources), html
        src = next(src for src in sources if src.endswith("assets/offline.js"))
        assert (html.parent / src).resolve() == (built_site / "assets" / "offline.js").resolve(), html
    page = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert '<script id="calculator-boot" src="boot.js"></script>' in page[: page.index("</head>")]
    assert "new Worker" not in page  # the worker is started by boot.js, not by inline code


# ---------------------------------------------------------------- no file that nothing loads
def _names_in(path: Path) -> str:
    """A text file's content without its trailing sourceMappingURL comment (a hint for the
    developer tools, not something a page loads)."""
    return re.sub(
        r"(?://|/\*)# sourceMappingURL=\S+\s*(?:\*/)?\s*$", "", path.read_text(encoding="utf-8", errors="replace")
    )


def test_the_site_ships_no_source_map_and_no_file_that_nothing_loads(built_site):
    files = {p.relative_to(built_site).as_posix(): p for p in precompress.served_files(built_site)}
    assert not [rel for rel in files if rel.endswith(".map")]
    assert not [rel for rel in files if "/lunr/" in rel or "/workers/" in rel]  # Material's search, unused here
    # the theme's search box is answered by the site's own worker, which is shipped
    config = json.loads(parse(built_site / "index.html").find_all("script", id="__config")[0].text())
    assert config["search"].endswith("assets/javascripts/search-worker.js")
    assert (built_site / config["search"]).is_file()
    # every file but the pages and what hosts ask for by name is named by a page, script, stylesheet
    # or JSON file of the site (sw.js and _headers list every file: they do not count)
    texts = "\n".join(
        _names_in(path)
        for rel, path in files.items()
        if rel.endswith((".html", ".js", ".mjs", ".css", ".json")) and rel not in ("sw.js", "_headers")
    )
    named = {rel for rel in files if rel.rsplit("/", 1)[-1] in texts}
    pages_and_host_files = {rel for rel in files if rel.endswith(".html") or rel in unused_files.HOST_FILES}
    assert set(files) - named - pages_and_host_files == set()
    assert unused_files.unused(built_site) == []
    # no shipped script names a map that is missing, but Pyodide's, shipped as pinned (above)
    for rel, path in files.items():
        if rel.endswith((".js", ".mjs", ".css")) and not rel.startswith("assets/pyodide/"):
            assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), rel


def test_pruning_removes_the_themes_unloaded_files_and_refuses_the_projects(tmp_path):
    theme, site = tmp_path / "theme", tmp_path / "site"
    for root in (theme, site):
        (root / "assets" / "lunr").mkdir(parents=True)
        (root / "assets" / "lunr" / "lunr.zh.js").write_text("lunr", encoding="utf-8")
        (root / "assets" / "bundle.js").write_text(
            "go('search/index.json')\n//# sourceMappingURL=bundle.js.map\n", encoding="utf-8"
        )
        (root / "assets" / "bundle.js.map").write_text("{}", encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.json").write_text("{}", encoding="utf-8")
    (site / "index.html").write_text('<script src="assets/bundle.js"></script>', encoding="utf-8")
    assert unused_files.unused(site) == ["assets/bundle.js.map", "assets/lunr/lunr.zh.js"]
    assert unused_files.prune(site, [theme]) == ["assets/bundle.js.map", "assets/lunr/lunr.zh.js"]
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == ["assets", "assets/bundle.js", "index.html", "search", "search/index.json"]
    assert (site / "assets" / "bundle.js").read_text(encoding="utf-8") == "go('search/index.json')\n"
    # a file of the project's own that no page loads stops the build instead
    (site / "assets" / "forgotten.js").write_text("", encoding="utf-8")
    with pytest.raises(unused_files.UnusedFileError, match="forgotten.js"):
        unused_files.prune(site, [theme])
    assert (site / "assets" / "forgotten.js").is_file()


def test_minifying_a_stylesheet_keeps_strings_and_the_spaces_that_mean_something():
    css = (
        "/* why */\na  :hover , b > c {\n  content: \"a  /* kept */ b\"  'c' ;\n"
        "  width: calc(1px + 2px); /*! licence */\n  background: url(\"x y.png\") no-repeat;\n}\n"
        "@media (max-width: 600px) {\n  .x { color: red }\n}\n"
    )
    assert minify_css.minify(css) == (
        "a :hover,b > c{content: \"a  /* kept */ b\" 'c';width: calc(1px + 2px);/*! licence */ "
        'background: url("x y.png") no-repeat;}@media (max-width: 600px){.x{color: red}}\n'
    )
