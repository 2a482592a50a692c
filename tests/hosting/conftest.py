"""Fixtures for the self-hosting tests: the built site, and a real nginx serving it.

nginx runs as an ordinary foreground process (``daemon off``) with a generated configuration that includes
the shipped ``deploy/nginx/outcomes-guide.conf``, its ``listen`` and ``root`` lines rewritten to a free
loopback port and the built site, exactly as an administrator would change them.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hosting_support import NGINX, free_port, nginx_main_config, shipped_server_block, site_dir


@pytest.fixture(scope="session")
def built_site() -> Path:
    site = site_dir()
    if not (site / "index.html").is_file():
        pytest.fail(f"No built site at {site}: run `make site` first (make test does).")
    return site


@pytest.fixture(scope="session")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (with trailing slash) of a real nginx serving the built site with the shipped config."""
    if not Path(NGINX).is_file():
        pytest.fail(f"nginx not found at {NGINX}: install Debian's nginx-light (.ci/run does).")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    block = prefix / "outcomes-guide.conf"
    block.write_text(shipped_server_block(port, built_site), encoding="utf-8")
    main = prefix / "nginx.conf"
    main.write_text(nginx_main_config(prefix, block), encoding="utf-8")
    check = subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, f"nginx -t rejected the shipped configuration:\n{check.stderr}"
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                log = (prefix / "error.log").read_text(encoding="utf-8", errors="replace")
                pytest.fail(f"nginx exited with {proc.returncode}:\n{log}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not start listening within 15 seconds")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
