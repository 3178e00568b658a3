"""A static file server for the built site: `make serve`, the browser tests and the benchmarks.

Serves `site/` (or any folder) on 127.0.0.1, optionally under a sub-path such as /deep/path/,
with the MIME types Pyodide needs (.mjs as JavaScript, .wasm as application/wasm).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

_TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
          ".json": "application/json", ".zip": "application/zip", ".whl": "application/zip"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **_TYPES}
    prefix = "/"

    def translate_path(self, path: str) -> str:
        # Only paths under the prefix exist: the site must work without its files at /.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args) -> None:  # quiet: tests and benchmarks read their own output
        pass


def start(directory: Path, port: int = 0, prefix: str = "/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` in a background thread; returns the server and the site's base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the built site on 127.0.0.1")
    parser.add_argument("--dir", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/")
    args = parser.parse_args()
    server, url = start(Path(args.dir), args.port, args.prefix)
    print(f"Serving {args.dir}/ at {url}  (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
