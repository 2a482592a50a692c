"""Fixtures for the self-hosting tests: the built site, and a real nginx serving it.

nginx runs as an ordinary foreground process (``daemon off``) with a generated configuration that includes
the shipped ``deploy/nginx/outcomes-guide.conf``, its ``listen`` and ``root`` lines rewritten to a free
loopback port and the built site, exactly as an administrator would change them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hosting_support import (
    APACHE,
    APACHE_HTACCESS,
    NGINX,
    apache_main_config,
    free_port,
    nginx_main_config,
    shipped_server_block,
    shipped_virtual_host,
    site_dir,
)


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


def wait_for_port(proc: subprocess.Popen[bytes], port: int, log: Path, name: str) -> None:
    deadline = time.monotonic() + 15
    while True:
        if proc.poll() is not None:
            text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
            pytest.fail(f"{name} exited with {proc.returncode}:\n{text}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start listening within 15 seconds")
            time.sleep(0.05)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running_apache(kind: str, built_site: Path) -> Iterator[str]:
    """Base URL of a real Apache serving a copy of the built site, configured by the shipped .htaccess
    (copied next to index.html) or by the shipped virtual host."""
    if not Path(APACHE).is_file():
        pytest.fail(f"Apache not found at {APACHE}: install Debian's apache2 (.ci/run does).")
    # Apache's workers run as another user when started by root, so everything must be world-readable.
    prefix = Path(tempfile.mkdtemp(prefix="og-apache-"))
    try:
        prefix.chmod(0o755)
        site = prefix / "site"
        shutil.copytree(built_site, site)
        port = free_port()
        vhost = None
        if kind == "htaccess":
            shutil.copy2(APACHE_HTACCESS, site / ".htaccess")
        else:
            vhost = prefix / "outcomes-guide.conf"
            vhost.write_text(shipped_virtual_host(port, site), encoding="utf-8")
        main = prefix / "httpd.conf"
        main.write_text(apache_main_config(prefix, port, site, vhost), encoding="utf-8")
        check = subprocess.run([APACHE, "-t", "-f", str(main)], capture_output=True, text=True, check=False)
        assert check.returncode == 0, f"apache2 -t rejected the configuration:\n{check.stderr}"
        proc = subprocess.Popen(
            [APACHE, "-f", str(main), "-DFOREGROUND"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "APACHE_RUN_DIR": str(prefix)},
        )
        try:
            wait_for_port(proc, port, prefix / "error.log", "Apache")
            yield f"http://127.0.0.1:{port}/"
        finally:
            stop(proc)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="session")
def apache_htaccess_url(built_site: Path) -> Iterator[str]:
    with running_apache("htaccess", built_site) as url:
        yield url


@pytest.fixture(scope="session")
def apache_vhost_url(built_site: Path) -> Iterator[str]:
    with running_apache("vhost", built_site) as url:
        yield url


@pytest.fixture(params=["nginx", "apache-htaccess", "apache-vhost"])
def server_url(request: pytest.FixtureRequest) -> str:
    """Each shipped configuration, running in its real server."""
    name = {
        "nginx": "nginx_url",
        "apache-htaccess": "apache_htaccess_url",
        "apache-vhost": "apache_vhost_url",
    }
    url: str = request.getfixturevalue(name[request.param])
    return url
