"""The shipped server configurations, each running in its real server (nginx, and Apache with the .htaccess
file and with the virtual host): headers, file types, caching and compression."""

from __future__ import annotations

import gzip
import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hosting_support import IMMUTABLE, NGINX_CONF


def shipped_headers() -> dict[str, str]:
    """The constant headers the shipped server block adds (all but Cache-Control, which is per path)."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    found = dict(re.findall(r'(?m)^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text))
    assert "Content-Security-Policy" in found
    return found


def fetch(
    base: str, path: str, *, gzip_ok: bool = False, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
        conn.request(method, path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def site_path(site: Path, pattern: str) -> str:
    """URL path of the one built file matching ``pattern`` (a glob under the site)."""
    matches = sorted(site.glob(pattern))
    assert matches, f"the built site has no {pattern}: was it built with `make site`?"
    return "/" + matches[0].relative_to(site).as_posix()


def test_every_kind_of_file_carries_every_security_header(server_url: str, built_site: Path) -> None:
    expected = shipped_headers()
    paths = [
        "/",
        "/tools/recording-checker/",
        site_path(built_site, "assets/javascripts/bundle.*.min.js"),
        site_path(built_site, "assets/engine/pyodide-*/pyodide.mjs"),
        site_path(built_site, "assets/engine/engine.json"),
        "/assets/js/theme/md-base.js",
    ]
    for path in paths:
        status, headers, _ = fetch(server_url, path)
        assert status == 200, path
        for name, value in expected.items():
            assert headers.get(name.lower()) == value, f"{path}: {name}"


def test_policy_has_no_inline_script_and_no_outside_origin(server_url: str) -> None:
    _, headers, _ = fetch(server_url, "/")
    policy = {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split(";") if d.strip()}
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    allowed = {"'self'", "'none'", "'wasm-unsafe-eval'", "data:"}
    for directive, sources in policy.items():
        assert set(sources) <= allowed, f"{directive} allows {sources}"
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources


def test_missing_page_gets_the_guide_404_with_headers(server_url: str) -> None:
    status, headers, body = fetch(server_url, "/no-such-page/")
    assert status == 404
    assert b"404" in body
    assert headers["content-security-policy"] == shipped_headers()["Content-Security-Policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_html_and_engine_manifest_are_revalidated(server_url: str, built_site: Path) -> None:
    _, headers, _ = fetch(server_url, "/")
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert "last-modified" in headers or "etag" in headers
    status, headers, body = fetch(server_url, site_path(built_site, "assets/engine/engine.json"))
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert headers["cache-control"] == "no-cache"
    assert body.lstrip().startswith(b"{")


@pytest.mark.parametrize(
    ("pattern", "mime"),
    [
        ("assets/engine/pyodide-*/pyodide.asm.wasm", "application/wasm"),
        ("assets/engine/pyodide-*/pyodide.mjs", "text/javascript"),
        ("assets/engine/pyodide-*/pyodide.asm.mjs", "text/javascript"),
        ("assets/engine/pyodide-*/python_stdlib.zip", "application/zip"),
        ("assets/engine/**/*.whl", "application/octet-stream"),
    ],
)
def test_engine_files_have_their_type_and_are_kept_a_year(
    server_url: str, built_site: Path, pattern: str, mime: str
) -> None:
    path = site_path(built_site, pattern)
    status, headers, body = fetch(server_url, path)
    assert status == 200
    assert headers["content-type"].split(";")[0] == mime
    assert headers["cache-control"] == IMMUTABLE
    assert headers["content-security-policy"] == shipped_headers()["Content-Security-Policy"]
    assert body == (built_site / path.lstrip("/")).read_bytes()


def test_theme_files_with_a_content_hash_are_kept_a_year(server_url: str, built_site: Path) -> None:
    path = site_path(built_site, "assets/javascripts/bundle.*.min.js")
    _, headers, _ = fetch(server_url, path)
    assert headers["cache-control"] == IMMUTABLE
    assert headers["content-type"].startswith(("application/javascript", "text/javascript"))
    # Our own scripts have no hash in their names, so they are revalidated.
    _, headers, _ = fetch(server_url, "/assets/js/theme/md-base.js")
    assert headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    "pattern",
    [
        "assets/engine/pyodide-*/pyodide.asm.wasm",
        "assets/engine/pyodide-*/pyodide.asm.mjs",
        "index.html",
        "assets/stylesheets/main.*.min.css",
        "search/search_index.json",
    ],
)
def test_compressed_when_the_browser_accepts_gzip(server_url: str, built_site: Path, pattern: str) -> None:
    path = site_path(built_site, pattern)
    status, headers, body = fetch(server_url, path, gzip_ok=True)
    assert status == 200
    assert headers.get("content-encoding") == "gzip"
    assert "accept-encoding" in headers.get("vary", "").lower()
    original = (built_site / path.lstrip("/")).read_bytes()
    assert gzip.decompress(body) == original
    assert len(body) < len(original)


def test_module_scripts_are_javascript_everywhere(server_url: str, built_site: Path) -> None:
    """Every .mjs and .js file in the site is served as JavaScript (browsers refuse modules otherwise)."""
    files = sorted(p for p in built_site.rglob("*") if p.suffix in {".mjs", ".js"})
    assert files
    for file in files[:200]:
        path = "/" + file.relative_to(built_site).as_posix()
        _, headers, _ = fetch(server_url, path, method="HEAD")
        assert headers["content-type"].split(";")[0] in {"text/javascript", "application/javascript"}, path
