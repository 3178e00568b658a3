"""Debian's nginx serving a built site on 127.0.0.1 with the site's configuration (nginx_conf.py),
in the foreground as the current user: for tests/test_site_nginx.py and bench/page_bench.py.
`make setup` installs nginx and its brotli module (apt)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from build_tools import nginx_conf


class NginxMissing(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """`with Nginx(site, workdir) as base:` nginx serving `site` at `base`; `log=True` records each
    response in workdir/access.log (`responses()`)."""

    def __init__(self, site: Path, workdir: Path, log: bool = False):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists() or not nginx_conf.BROTLI_MODULE.exists():
            raise NginxMissing("nginx or its brotli module is not installed: run `make setup` (apt)")
        self.binary, self.workdir = binary, Path(workdir)
        self.log = self.workdir / "access.log" if log else None
        self.port = _free_port()
        self.conf = self.workdir / "nginx.conf"
        self.conf.write_text(nginx_conf.standalone(site, self.port, self.workdir, self.log), encoding="utf-8")
        self.base = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.binary, "-t", "-c", str(self.conf), "-p", str(self.workdir)], capture_output=True, text=True
        )

    def __enter__(self) -> str:
        checked = self.check()
        if checked.returncode != 0:
            raise RuntimeError(checked.stderr)
        self.proc = subprocess.Popen([self.binary, "-c", str(self.conf), "-p", str(self.workdir)])
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base, timeout=1)
                return self.base
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not answer at {self.base}")

    def __exit__(self, *_exc) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def responses(self) -> list[tuple[str, int, int]]:
        """(request path, status, body bytes) of every response so far, then forgets them."""
        if not self.log or not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        self.log.write_text("", encoding="utf-8")  # nginx appends (O_APPEND): the next line starts at 0
        rows = []
        for line in lines:
            path, status, sent = line.rsplit(" ", 2)
            rows.append((path, int(status), int(sent)))
        return rows
