"""`claimwatch serve` runs the app over a store and says where; `demo --no-serve` only
builds the store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_pages_and_api_over_http(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "CLAIMWATCH_API_TOKEN": ""}
    cmd = [sys.executable, "-m", "claimwatch", "serve", "--db", str(tmp_path / "s.db"),
           "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/api/home", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                time.sleep(0.3)
        else:
            raise AssertionError("the server did not answer within 90 s")
        assert home.status_code == 200 and home.json()["stats"]["articles"] == 0
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "Check a claim" in page.text
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0].decode()
    assert f"http://localhost:{port}/" in out
    assert "CLAIMWATCH_API_TOKEN" in out, "says how to switch writing on"


def test_serve_on_a_port_in_use_is_a_one_line_error(tmp_path: Path):
    from click.testing import CliRunner

    from claimwatch.cli import cli

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["serve", "--db", str(tmp_path / "s.db"), "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port" in result.output
