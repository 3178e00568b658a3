"""The nginx configuration of the built site (issue 20, point 4): its one home. deploy/nginx.conf
is this module's output, checked in for a host's administrator (a test keeps the two equal):

    .venv/bin/python -m build_tools.nginx_conf > deploy/nginx.conf         # the server { … } block
    .venv/bin/python -m build_tools.nginx_conf --root site --port 8080 --standalone > /tmp/nginx.conf
                                            # a whole nginx.conf, in the foreground (tests/test_site_nginx.py)

It says what `_headers` says (site_headers.py), in nginx's words: the site-wide headers (the
policy with frame-ancestors, nosniff, …), the types the runtime needs, and each file's
Cache-Control as site_headers.cache_control gives it — here a map of path patterns made from that
function's own rules, so the configuration does not depend on the build's file names and a new
build needs no new configuration. Every header is set once, on the server: no location sets one
of its own (nginx's add_header does not inherit into a location that does). The .br and .gz copies the build writes
beside each file (precompress.py) go out as they are (brotli_static, gzip_static; Debian's
libnginx-mod-http-brotli-static loads the brotli module). Only files are served: no listings, no
dotfiles, not `_headers`; a folder without its slash is redirected to it (relative links need it);
an unknown path is a real 404 with the site's 404.html (CONTRACT 4f).
"""

from __future__ import annotations

import argparse
import re
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


# Each file's Cache-Control as an nginx map of the request's path, made from site_headers'
# own rules (cache_control: HASHED, the pages, WORKER and SAME_BUILD) in the order nginx tries a
# map: the exact names, then the regexes in order (a page before the same-build folders, as
# cache_control decides), then the default. It is read when the response goes out, so a page asked
# for by its URL ("/x/", served as /x/index.html) and the 404 page get a page's.
def _cache_map() -> tuple[tuple[str, str], ...]:
    exact = [f"/{site_headers.WORKER}"] + [f"/{p}" for p in site_headers.SAME_BUILD if not p.endswith("/")]
    folders = "|".join(re.escape(p.rstrip("/")) for p in site_headers.SAME_BUILD if p.endswith("/"))
    return (
        *((path, site_headers.REVALIDATE) for path in exact),
        ("~/$", site_headers.PAGE),
        (r"~\.html$", site_headers.PAGE),
        ("~^/" + site_headers.HASHED.pattern.removeprefix("^"), site_headers.IMMUTABLE),
        (f"~^/(?:{folders})/", site_headers.REVALIDATE),
    )


DEPLOY_ROOT = Path("/srv/jifen/site")


def site_config(root: Path = DEPLOY_ROOT, listen: str = "80") -> str:
    """What goes in nginx's http { … } for the built site in the folder `root`: the Cache-Control
    map and the `server { … }`."""
    everywhere = dict(site_headers.header_rules()[0][1])
    cache_map = "\n".join(f"    {_quote(pattern)} {_quote(value)};" for pattern, value in _cache_map())
    return f"""# Written by build_tools/nginx_conf.py: edit that file, not this one. For nginx's http {{ … }}
# (conf.d/); brotli_static needs Debian's libnginx-mod-http-brotli-static. Add TLS and server_name.
map $uri $jifen_cache_control {{
    default {_quote(site_headers.SHORT)};
{cache_map}
}}

server {{
    listen {listen};
    root {root};
    index index.html;
    autoindex off;
    server_tokens off;
    absolute_redirect off;
    charset utf-8;
    charset_types text/css text/javascript application/json text/plain application/xml;
{_TYPES}
    # the build's .br and .gz copies as they are; gzip at request time for anything without one
    brotli_static on;
    gzip_static on;
    gzip on;
    gzip_vary on;
    gzip_comp_level 6;
    gzip_types text/css text/javascript application/json application/wasm application/xml image/svg+xml text/plain;
{_add_headers(everywhere, "    ")}
    add_header Cache-Control $jifen_cache_control always;
    error_page 404 /404.html;
    # dotfiles and the host's own rules file are never served
    location ~ (^|/)\\. {{ return 404; }}
    location = /_headers {{ return 404; }}
    # a page by its URL; a folder without a page is not listed
    location ~ /$ {{ try_files ${{uri}}index.html =404; }}
    # a file; a folder asked for without its slash is redirected to it
    location / {{ }}
}}
"""


BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # Debian's package


def standalone(root: Path, port: int, workdir: Path, access_log: Path | None = None) -> str:
    """A whole nginx.conf that runs in the foreground as the current user (for the tests and the
    benchmark); with `access_log`, one line per response: path, status, body bytes sent."""
    log = (
        f"log_format bytes '$request_uri $status $body_bytes_sent';\n    access_log {access_log} bytes;"
        if access_log
        else "access_log off;"
    )
    return f"""load_module {BROTLI_MODULE};
daemon off;
master_process off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    {log}
    client_body_temp_path {workdir / "body"};
    proxy_temp_path {workdir / "proxy"};
    fastcgi_temp_path {workdir / "fastcgi"};
    uwsgi_temp_path {workdir / "uwsgi"};
    scgi_temp_path {workdir / "scgi"};
    sendfile on;
{site_config(Path(root).resolve(), f"127.0.0.1:{port}")}
}}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEPLOY_ROOT, help="the built site (its folder on the host)")
    parser.add_argument("--port", type=int, default=80)
    parser.add_argument("--standalone", action="store_true", help="a whole nginx.conf, in the foreground")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/nginx-jifen"))
    args = parser.parse_args(argv)
    if args.standalone:
        args.workdir.mkdir(parents=True, exist_ok=True)
        sys.stdout.write(standalone(args.root, args.port, args.workdir))
    else:
        sys.stdout.write(site_config(args.root, str(args.port)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
