"""A static file server for the built site: `make serve`, the browser tests and the benchmarks.

Serves `site/` (or any folder) on 127.0.0.1, optionally under a sub-path such as /deep/path/,
and behaves like a static host that compresses everything:

* MIME types Pyodide needs: .mjs as JavaScript, .wasm as application/wasm (streaming
  compilation requires it), .zip/.whl as application/zip, .json as application/json;
* every file is sent gzip-compressed (`Content-Encoding: gzip`, `Vary: Accept-Encoding`) when
  the request accepts it, whatever its type: the interpreter (.wasm), the trimmed standard
  library (.zip, stored uncompressed so that this compression works on it) and the wheel
  included. The compressed bytes are cached per file (path, size, mtime);
* `Last-Modified` on every file and `304 Not Modified` for a matching `If-Modified-Since`,
  so that a browser (or the service worker, which revalidates what it copies) does not
  download a file twice.

If the folder has a `_headers` file (build_tools/site_headers.py writes one into site/), its
headers are sent as Netlify or Cloudflare Pages would send them (the Content-Security-Policy
among them), except Content-Type, which comes from the MIME map above. With
`start(..., csp_reports=[])` the policy also asks the browser to report every violation
(report-uri, which a <meta> cannot do), from pages and workers alike, into that list: the tests' view.

`start(..., gzip=False)` or `--no-gzip` turns compression off. `start(..., record=True)` keeps
a list of every response (`server.transfers`: path, status, body bytes, encoding) for the
page benchmark, which counts what a visit really costs.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip as _gzip
import http.server
import io
import json
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

try:  # works both as ``python -m build_tools.static_server`` and as a plain script
    from build_tools import site_headers
except ImportError:  # pragma: no cover
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from build_tools import site_headers

_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
}

_REPORT_PATH = "/__csp-report"  # outside any site prefix: never a file of the site
_gzip_cache: dict[tuple[str, int, int], bytes] = {}
_gzip_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def compressed(path: str, stat: os.stat_result | None = None) -> bytes:
    """The file gzip-compressed as this server sends it (level 6, a common host default)."""
    stat = stat or os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    with _locks_lock:
        lock = _gzip_locks.setdefault(path, threading.Lock())
    with lock:  # one compression per file, even when several requests arrive at once
        body = _gzip_cache.get(key)
        if body is None:
            with open(path, "rb") as handle:
                body = _gzip.compress(handle.read(), compresslevel=6, mtime=0)
            _gzip_cache[key] = body
    return body


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **_TYPES}
    prefix = "/"
    gzip = True
    transfers: list | None = None
    site_headers: list = []  # rules of the site's _headers file (site_headers.parse_headers_file)
    csp_reports: list | None = None  # violation reports the browser sent, if asked for

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        path = getattr(self, "path", "")  # unset when the request line itself was refused (414)
        if self.site_headers and path.startswith(self.prefix):
            site_path = "/" + urlsplit(path).path[len(self.prefix) :]
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
        try:
            return self._send_head()
        except (OSError, ValueError):  # a name the file system refuses (too long, a NUL byte): no such file
            self.send_error(404)
            return None

    def list_directory(self, path):  # no listings: a folder without index.html does not exist
        self.send_error(404)
        return None

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        path = unquote(urlsplit(self.path).path)
        if "\0" in path or "\\" in path:
            self.send_error(400, "Bad request path")
            return False
        return True

    def _send_head(self):
        self._sent, self._encoding = 0, ""
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = os.path.join(path, "index.html")
        if not (self.gzip and accepts) or not os.path.isfile(path):
            return super().send_head()  # plain file (with Last-Modified and 304), or 404
        stat = os.stat(path)
        if self._not_modified(stat):
            self.send_response(304)
            self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        body = compressed(path, stat)
        self._encoding = "gzip"
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_modified(self, stat: os.stat_result) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or "If-None-Match" in self.headers:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return when is not None and int(stat.st_mtime) <= when.timestamp()

    def copyfile(self, source, outputfile):
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            self._sent += len(chunk)

    def do_GET(self):
        self._sent, self._encoding, self._status = 0, "", 0
        try:
            super().do_GET()
        finally:
            if self.transfers is not None:
                self.transfers.append(
                    {
                        "path": unquote(urlsplit(self.path).path),
                        "status": self._status,
                        "bytes": self._sent,
                        "encoding": self._encoding,
                    }
                )

    def translate_path(self, path: str) -> str:
        # Only paths under the prefix exist: the site must work without its files at /.
        missing = str(Path(self.directory) / "\0missing")
        if not path.startswith(self.prefix):
            return missing
        local = super().translate_path("/" + path[len(self.prefix) :])
        # Never a dotfile or dot-folder (.git, .env), never the host's own _headers file, never a
        # file that a symlink places outside the served folder.
        parts = Path(os.path.relpath(local, self.directory)).parts
        if any(part.startswith(".") for part in parts) or parts[-1:] == ("_headers",):
            return missing
        root = os.path.realpath(self.directory)
        real = os.path.realpath(local)
        if real != root and not real.startswith(root + os.sep):
            return missing
        return local

    timeout = 20  # seconds a connection may stay silent (slow-header clients are dropped)

    def log_message(self, format: str, *args) -> None:  # quiet: tests and benchmarks read their own output
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away mid-download (a closed tab, a stopped worker): not an error


class _BoundedServer(http.server.ThreadingHTTPServer):
    """At most MAX_THREADS requests at once; more wait for a free thread (briefly) or are closed."""

    MAX_THREADS = 64

    def __init__(self, *args, **kwargs):
        self._slots = threading.BoundedSemaphore(self.MAX_THREADS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        if not self._slots.acquire(timeout=5):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def start(
    directory: Path,
    port: int = 0,
    prefix: str = "/",
    gzip: bool = True,
    record: bool = False,
    csp_reports: list | None = None,
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` in a background thread; returns the server and the site's base URL.

    With `record=True`, `server.transfers` lists every response (the benchmark clears it
    between visits)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    transfers: list | None = [] if record else None
    headers_file = Path(directory) / "_headers"
    rules = site_headers.parse_headers_file(headers_file.read_text(encoding="utf-8")) if headers_file.is_file() else []
    handler = type(
        "Handler",
        (_Handler,),
        {"prefix": prefix, "gzip": gzip, "transfers": transfers, "site_headers": rules, "csp_reports": csp_reports},
    )
    server = _BoundedServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    server.transfers = transfers
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the built site on 127.0.0.1")
    parser.add_argument("--dir", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/")
    parser.add_argument("--no-gzip", action="store_true", help="send every file uncompressed")
    args = parser.parse_args()
    server, url = start(Path(args.dir), args.port, args.prefix, gzip=not args.no_gzip)
    print(f"Serving {args.dir}/ at {url}  (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
