"""An nginx server for the built site, from the same header rules as `_headers` (site_headers.py):
the one place a host's configuration is written, so nginx, Netlify/Cloudflare and `make serve`
send the same policy, types and caching.

    .venv/bin/python -m build_tools.nginx_conf --root /srv/site > /etc/nginx/conf.d/jifen.conf
    .venv/bin/python -m build_tools.nginx_conf --root site --port 8080 --standalone > /tmp/nginx.conf
                                            # a whole nginx.conf, in the foreground (tests/test_site_nginx.py)

nginx's add_header does not inherit into a location that has its own, so every location repeats
the site-wide headers. nginx serves a request from one location, so a path gets the headers of the
one rule it matches exactly, or of the folder rule ("/x/*") with the longest prefix; the Cache-Control
rules never overlap (site_headers.cache_rules), so that is the same Cache-Control as _headers gives. Only files are served: no directory listings, no dotfiles, not `_headers`;
an unknown path is a real 404 (the site's 404.html when the build has one, CONTRACT 4f).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools import site_headers

_TYPES = """    types {
        text/html html;
        text/css css;
        text/javascript js mjs;
        application/json json;
        application/wasm wasm;
        application/zip zip whl;
        image/svg+xml svg;
        image/png png;
        image/x-icon ico;
        text/plain txt;
        application/xml xml;
        application/manifest+json webmanifest;
    }
    default_type application/octet-stream;"""


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_headers(headers: dict[str, str], indent: str) -> str:
    lines = []
    for name, value in headers.items():
        if name == "Content-Type":
            continue  # nginx sets it from `types` (an add_header would send it twice)
        lines.append(f"{indent}add_header {name} {_quote(value)} always;")
    return "\n".join(lines)


def server_block(root: Path, port: int = 80, site: Path | None = None) -> str:
    """The `server { … }` for the site at `root` (its header rules read from `site`, default `root`)."""
    rules = site_headers.header_rules(site or root)
    everywhere = dict(rules[0][1])
    assert rules[0][0] == "/*", "the first rule is the site-wide one"
    locations = []
    for pattern, _ in rules[1:]:
        # nginx serves a request from one location: it gets every rule that _headers would apply
        if pattern.endswith("/*"):
            merged = {}
            for other, headers in rules:
                if other.endswith("/*") and pattern[:-1].startswith(other[:-1]):
                    merged.update(headers)
        else:
            merged = site_headers.headers_for(rules, pattern)
        if pattern.endswith("/*"):  # a folder: its files, and its pages by their URLs ("/x/" or "/x")
            where, files = f"location ^~ {pattern[:-1]}", "$uri $uri/index.html"
        elif pattern.endswith("/"):  # a page by its URL: its index.html, served with this location's headers
            where, files = f"location = {pattern}", f"{pattern}index.html"
        else:
            where, files = f"location = {pattern}", "$uri"
        locations.append(f"    {where} {{\n{_add_headers(merged, '        ')}\n        try_files {files} =404;\n    }}")
    not_found = "    error_page 404 /404.html;\n" if (Path(site or root) / "404.html").exists() else ""
    return f"""server {{
    listen 127.0.0.1:{port};
    root {Path(root).resolve()};
    index index.html;
    autoindex off;
    server_tokens off;
    charset utf-8;
    charset_types text/css text/javascript application/json text/plain application/xml;
{_TYPES}
    gzip on;
    gzip_comp_level 6;
    gzip_types text/css text/javascript application/json application/wasm application/xml image/svg+xml text/plain;
{not_found}{_add_headers(everywhere, "    ")}
    # dotfiles and the host's own rules file are never served
    location ~ (^|/)\\. {{ return 404; }}
    location = /_headers {{ return 404; }}
{chr(10).join(locations)}
    location / {{
        try_files $uri $uri/index.html =404;
    }}
}}
"""


def standalone(root: Path, port: int, workdir: Path) -> str:
    """A whole nginx.conf that runs in the foreground as the current user (for the tests)."""
    modules = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
    load = f"load_module {modules};\n" if modules.exists() else ""
    return f"""{load}daemon off;
master_process off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {workdir / "body"};
    proxy_temp_path {workdir / "proxy"};
    fastcgi_temp_path {workdir / "fastcgi"};
    uwsgi_temp_path {workdir / "uwsgi"};
    scgi_temp_path {workdir / "scgi"};
    sendfile on;
{server_block(root, port)}
}}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("site"), help="the built site (its folder on the host)")
    parser.add_argument("--port", type=int, default=80)
    parser.add_argument("--standalone", action="store_true", help="a whole nginx.conf, in the foreground")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/nginx-jifen"))
    args = parser.parse_args(argv)
    if args.standalone:
        args.workdir.mkdir(parents=True, exist_ok=True)
        sys.stdout.write(standalone(args.root, args.port, args.workdir))
    else:
        sys.stdout.write(server_block(args.root, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
