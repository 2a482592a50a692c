"""Helpers for the self-hosting tests (the fixtures are in conftest.py): paths, the Chromium command line,
and the generated nginx configuration that includes the shipped server block."""

from __future__ import annotations

import os
import re
import shutil
import socket
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX_CONF = DEPLOY / "nginx" / "outcomes-guide.conf"
APACHE_HTACCESS = DEPLOY / "apache" / ".htaccess"
APACHE_VHOST = DEPLOY / "apache" / "outcomes-guide.conf"
IIS_CONFIG = DEPLOY / "iis" / "web.config"
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
IMMUTABLE = "public, max-age=31536000, immutable"


def site_dir() -> Path:
    """The built site: ``OUTCOMES_GUIDE_SITE`` if set, else ``site/`` at the repository root."""
    return Path(os.environ.get("OUTCOMES_GUIDE_SITE", REPO / "site")).resolve()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def shipped_server_block(port: int, root: Path) -> str:
    """The shipped nginx file with its two CHANGE lines pointed at ``port`` and ``root``."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^(\s*)listen\s+[^;]+;", rf"\g<1>listen 127.0.0.1:{port};", text)
    text, roots = re.subn(r"(?m)^(\s*)root\s+[^;]+;", rf"\g<1>root {root};", text)
    assert (listens, roots) == (1, 1), "the shipped server block must have one listen line and one root line"
    return text


def nginx_main_config(prefix: Path, server_block: Path) -> str:
    temp = {name: prefix / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    return f"""
daemon off;
master_process off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix / "access.log"};
    sendfile on;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {server_block};
}}
"""


def chromium_path() -> str | None:
    """``CHROMIUM`` if set, else Debian's /usr/bin/chromium, else None (Playwright's own browser)."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None
