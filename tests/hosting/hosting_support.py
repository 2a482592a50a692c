"""Helpers for the self-hosting tests (the fixtures are in conftest.py): paths, the Chromium command line,
and the generated nginx configuration that includes the shipped server block."""

from __future__ import annotations

import os
import re
import shutil
import socket
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
# OUTCOMES_GUIDE_NGINX_CONF: run the same tests against an edited copy of the server block.
NGINX_CONF = Path(os.environ.get("OUTCOMES_GUIDE_NGINX_CONF", DEPLOY / "nginx" / "outcomes-guide.conf"))
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


# Script types the policy treats as script (an import map counts); any other type (application/json) is data.
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "importmap"}


class PageScan(HTMLParser):
    """Collects what the policy would block: inline scripts, inline styles, handlers, outside URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.style_blocks = 0
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self.outside: list[str] = []
        self.javascript_urls: list[str] = []
        self._in_inline_script = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")
            if name in {"src", "href", "action", "poster", "data"}:
                low = value.strip().lower()
                if low.startswith("javascript:"):
                    self.javascript_urls.append(value)
                # Links to other sites are fine (a person follows them); loaded resources are not.
                if low.startswith(("http:", "https:", "//")) and not (tag == "a" and name == "href"):
                    self.outside.append(f"<{tag} {name}={value}>")
        if tag == "script":
            kind = values.get("type", "").strip().lower()
            if kind not in JS_TYPES:
                return
            if "src" not in values:
                self._in_inline_script = True
                self._script_text = []
        elif tag == "style":
            self.style_blocks += 1

    def handle_data(self, data: str) -> None:
        if self._in_inline_script:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_inline_script:
            self.inline_scripts.append("".join(self._script_text).strip()[:80])
            self._in_inline_script = False


def scan(page: Path) -> PageScan:
    parser = PageScan()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


APACHE = os.environ.get("APACHE", shutil.which("apache2") or "/usr/sbin/apache2")
APACHE_MODULES = Path(os.environ.get("APACHE_MODULES", "/usr/lib/apache2/modules"))


def apache_main_config(prefix: Path, port: int, site: Path, vhost: Path | None) -> str:
    """A minimal Apache 2.4 configuration: the modules the shipped files need, then either the shipped
    virtual host (``vhost``) or a plain document root whose ``.htaccess`` is read."""
    modules = ("mpm_event", "authz_core", "mime", "headers", "deflate", "filter", "dir", "alias")
    loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES / f'mod_{m}.so'}" for m in modules)
    user = "User nobody\nGroup nogroup" if os.geteuid() == 0 else ""
    common = f"""
ServerRoot {prefix}
ServerName 127.0.0.1
PidFile {prefix / "httpd.pid"}
ErrorLog {prefix / "error.log"}
LogLevel warn
DefaultRuntimeDir {prefix}
TypesConfig /etc/mime.types
{user}
{loads}
"""
    if vhost is not None:
        return common + f"Listen 127.0.0.1:{port}\nInclude {vhost}\n"
    return (
        common
        + f"""
Listen 127.0.0.1:{port}
DocumentRoot "{site}"
<Directory "{site}">
    Require all granted
    AllowOverride FileInfo Indexes
</Directory>
"""
    )


def shipped_virtual_host(port: int, site: Path) -> str:
    """The shipped Apache virtual host with its CHANGE lines pointed at ``port`` and ``site``."""
    text = APACHE_VHOST.read_text(encoding="utf-8")
    text, hosts = re.subn(r"(?m)^<VirtualHost [^>]+>", f"<VirtualHost 127.0.0.1:{port}>", text)
    text, roots = re.subn(r'(?m)^(\s*)DocumentRoot\s+"[^"]*"', rf'\g<1>DocumentRoot "{site}"', text)
    text, dirs = re.subn(r'(?m)^(\s*)<Directory\s+"[^"]*">', rf'\g<1><Directory "{site}">', text)
    assert (hosts, roots, dirs) == (1, 1, 1), "the virtual host must have one of each CHANGE line"
    return text
