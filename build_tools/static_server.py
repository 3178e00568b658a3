"""A static file server for the built site: `make serve`, the browser tests and the benchmarks.

Serves `site/` (or any folder) on 127.0.0.1, optionally under a sub-path such as /deep/path/,
with the MIME types Pyodide needs (.mjs as JavaScript, .wasm as application/wasm).

Text files (.html .css .js .mjs .json .svg .xml .txt .map) are sent gzip-compressed
(`Content-Encoding: gzip`) when the request accepts it, as a real static host would;
the compressed bytes are cached per file (path, size, mtime). `start(..., gzip=False)`
or `--no-gzip` turns it off.

If the folder has a `_headers` file (build_tools/site_headers.py writes one into site/), its
headers are sent as Netlify or Cloudflare Pages would send them (the Content-Security-Policy
among them), except Content-Type, which comes from the MIME map below. With
`start(..., csp_reports=[])` the policy also asks the browser to report every violation
(report-uri, which a <meta> cannot do), from pages and workers alike, into that list: the tests' view.
"""

from __future__ import annotations

import argparse
import functools
import gzip as _gzip
import http.server
import io
import json
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

try:  # works both as ``python -m build_tools.static_server`` and as a plain script
    from build_tools import site_headers
except ImportError:  # pragma: no cover
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from build_tools import site_headers

_TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
          ".json": "application/json", ".zip": "application/zip", ".whl": "application/zip"}


_REPORT_PATH = "/__csp-report"  # outside any site prefix: never a file of the site

_GZIP_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}
_gzip_cache: dict[tuple[str, int, int], bytes] = {}
_gzip_lock = threading.Lock()


def _compressed(path: str, stat: os.stat_result) -> bytes:
    key = (path, stat.st_size, stat.st_mtime_ns)
    with _gzip_lock:
        body = _gzip_cache.get(key)
    if body is None:
        with open(path, "rb") as handle:
            body = _gzip.compress(handle.read(), compresslevel=6, mtime=0)
        with _gzip_lock:
            _gzip_cache[key] = body
    return body


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **_TYPES}
    prefix = "/"
    gzip = True
    site_headers: list = []  # rules of the site's _headers file (site_headers.parse_headers_file)
    csp_reports: list | None = None  # violation reports the browser sent, if asked for

    def end_headers(self) -> None:
        if self.site_headers and self.path.startswith(self.prefix):
            site_path = "/" + urlsplit(self.path).path[len(self.prefix):]
            for name, value in site_headers.headers_for(self.site_headers, site_path).items():
                if name.lower() == "content-security-policy" and self.csp_reports is not None:
                    value += f"; report-uri {_REPORT_PATH}"
                if name.lower() != "content-type":
                    self.send_header(name, value)
        super().end_headers()

    def do_POST(self) -> None:
        if self.csp_reports is None or urlsplit(self.path).path != _REPORT_PATH:
            self.send_error(405)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.csp_reports.append(json.loads(body or b"{}"))
        self.send_response(204)
        self.end_headers()

    def send_head(self):
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not (self.gzip and accepts):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = os.path.join(path, "index.html")
        if os.path.splitext(path)[1].lower() not in _GZIP_SUFFIXES or not os.path.isfile(path):
            return super().send_head()
        stat = os.stat(path)
        body = _compressed(path, stat)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        # Only paths under the prefix exist: the site must work without its files at /.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args) -> None:  # quiet: tests and benchmarks read their own output
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away mid-download (a closed tab, a stopped worker): not an error


def start(directory: Path, port: int = 0, prefix: str = "/", gzip: bool = True,
          csp_reports: list | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` in a background thread; returns the server and the site's base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    headers_file = Path(directory) / "_headers"
    rules = site_headers.parse_headers_file(headers_file.read_text(encoding="utf-8")) if headers_file.is_file() else []
    handler = type("Handler", (_Handler,), {"prefix": prefix, "gzip": gzip, "site_headers": rules,
                                           "csp_reports": csp_reports})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the built site on 127.0.0.1")
    parser.add_argument("--dir", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/")
    parser.add_argument("--no-gzip", action="store_true", help="send text files uncompressed")
    args = parser.parse_args()
    server, url = start(Path(args.dir), args.port, args.prefix, gzip=not args.no_gzip)
    print(f"Serving {args.dir}/ at {url}  (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
