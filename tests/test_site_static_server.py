"""The static server behind `make serve` answers hostile requests with a status (issue 22)."""

from __future__ import annotations

import socket
import time

import pytest

from build_tools import static_server


@pytest.fixture()
def served(tmp_path):
    root = tmp_path / "root"
    (root / "folder").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "folder" / "page.txt").write_text("page", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]", encoding="utf-8")
    (root / ".env").write_text("SECRET=1", encoding="utf-8")
    (root / "_headers").write_text("/*\n  X-Test: 1\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside the served folder", encoding="utf-8")
    (root / "link.txt").symlink_to(outside)
    (root / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    server, url = static_server.start(root)
    yield server.server_address[1]
    server.shutdown()


def _status(port: int, raw: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(raw)
        answer = b""
        while b"\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1."), answer[:200]  # a status line, never a closed connection
    return int(answer.split()[1])


def _get(port: int, path: str, extra: str = "") -> int:
    return _status(port, f"GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n".encode())


def test_ordinary_files_are_served(served):
    assert _get(served, "/") == 200 and _get(served, "/folder/page.txt") == 200


@pytest.mark.parametrize("path", ["/%00", "/index.html%00.js", "/folder%5c..%5c.env"])
def test_nul_bytes_and_backslashes_get_400(served, path):
    assert _get(served, path) == 400


def test_a_70000_character_url_gets_414(served):
    assert _get(served, "/" + "a" * 70_000) == 414


def test_a_long_file_name_is_not_found(served):
    assert _get(served, "/" + "a" * 5_000) == 404


def test_a_huge_header_gets_431(served):
    assert _get(served, "/", "X-Big: " + "b" * 70_000 + "\r\n") == 431


@pytest.mark.parametrize(
    "path",
    [
        "/.git/config",
        "/.env",
        "/_headers",
        "/link.txt",
        "/linked-folder/outside.txt",
        "/folder/",
        "/%2e%2e/outside.txt",
        "/../outside.txt",
    ],
)
def test_dotfiles_headers_file_symlinks_out_and_listings_are_not_found(served, path):
    assert _get(served, path) == 404


def test_a_silent_connection_is_dropped_and_threads_are_bounded(served, monkeypatch):
    assert static_server._Handler.timeout and static_server._Handler.timeout <= 60
    assert static_server._BoundedServer.MAX_THREADS <= 128
    # a client that never finishes its headers does not keep the server from answering others
    idle = [socket.create_connection(("127.0.0.1", served), timeout=10) for _ in range(20)]
    try:
        for conn in idle:
            conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert _get(served, "/") == 200
        assert time.monotonic() - started < 5
    finally:
        for conn in idle:
            conn.close()
