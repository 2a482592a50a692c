"""The three server configurations say the same thing: the same security headers with the same values, the
same file types, and the same caching and compression choices."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hosting_support import APACHE_HTACCESS, APACHE_VHOST, IIS_CONFIG, IMMUTABLE, NGINX_CONF

SECURITY_HEADERS = {
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "X-Frame-Options",
}
BRIEF_POLICY = (
    "default-src 'self'; connect-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def nginx_headers() -> dict[str, str]:
    text = NGINX_CONF.read_text(encoding="utf-8")
    return dict(re.findall(r'(?m)^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;', text))


def apache_headers(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in re.findall(r'(?m)^\s*Header\s+always\s+set\s+([\w-]+)\s+"([^"]*)"', text):
        if name != "Cache-Control":  # set per path, checked below
            assert name not in found, f"Apache sets {name} twice"
            found[name] = value
    return found


def iis_tree() -> ET.Element:
    return ET.parse(IIS_CONFIG).getroot()  # noqa: S314 (our own file, not untrusted input)


def iis_headers() -> dict[str, str]:
    adds = iis_tree().findall("./system.webServer/httpProtocol/customHeaders/add")
    return {el.attrib["name"]: el.attrib["value"] for el in adds}


def all_headers() -> dict[str, dict[str, str]]:
    return {
        "nginx": nginx_headers(),
        "apache .htaccess": apache_headers(APACHE_HTACCESS.read_text(encoding="utf-8")),
        "apache virtual host": apache_headers(APACHE_VHOST.read_text(encoding="utf-8")),
        "iis": iis_headers(),
    }


def test_iis_config_is_well_formed_xml() -> None:
    root = iis_tree()
    assert root.tag == "configuration"
    assert root.find("./system.webServer/staticContent") is not None


@pytest.mark.parametrize("server", ["nginx", "apache .htaccess", "apache virtual host", "iis"])
def test_every_server_sets_every_security_header(server: str) -> None:
    assert set(all_headers()[server]) == SECURITY_HEADERS


def test_the_headers_are_identical_in_every_configuration() -> None:
    headers = all_headers()
    reference = headers["nginx"]
    for server, found in headers.items():
        for name in SECURITY_HEADERS:
            assert found[name] == reference[name], f"{server}: {name} differs from nginx"


def test_the_policy_is_the_agreed_one() -> None:
    for server, found in all_headers().items():
        assert found["Content-Security-Policy"] == BRIEF_POLICY, server
        assert found["X-Content-Type-Options"] == "nosniff"
        assert found["Referrer-Policy"] == "no-referrer"
        assert found["Cross-Origin-Opener-Policy"] == "same-origin"


def test_permissions_policy_turns_off_devices_but_keeps_copying() -> None:
    features = dict(
        item.strip().split("=", 1)
        for item in nginx_headers()["Permissions-Policy"].split(",")
        if item.strip()
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"):
        assert features[feature] == "()", feature
    # The copy buttons write to the clipboard; nothing ever reads from it.
    assert features["clipboard-write"] == "(self)"
    assert features["clipboard-read"] == "()"


def test_every_configuration_sets_the_engine_file_types() -> None:
    nginx = NGINX_CONF.read_text(encoding="utf-8")
    for ext, mime in (
        ("mjs", "text/javascript"),
        ("wasm", "application/wasm"),
        ("whl", "application/octet-stream"),
    ):
        assert re.search(rf"types\s*{{\s*{re.escape(mime)}\s+{ext};\s*}}", nginx), f"nginx .{ext}"
    for path in (APACHE_HTACCESS, APACHE_VHOST):
        text = path.read_text(encoding="utf-8")
        assert "AddType application/wasm .wasm" in text
        assert re.search(r"AddType text/javascript .*\.mjs", text)
        assert "AddType application/octet-stream .whl" in text
    maps = {
        el.attrib["fileExtension"]: el.attrib["mimeType"]
        for el in iis_tree().findall("./system.webServer/staticContent/mimeMap")
    }
    assert maps[".wasm"] == "application/wasm"
    assert maps[".mjs"].startswith("text/javascript")
    assert maps[".whl"] == "application/octet-stream"


def test_every_configuration_caches_the_engine_for_a_year_and_pages_not_at_all() -> None:
    nginx = NGINX_CONF.read_text(encoding="utf-8")
    assert '"~/assets/engine/pyodide-[^/]+/"' in nginx
    assert nginx.count(f'"{IMMUTABLE}"') >= 2
    assert re.search(r'default\s+"no-cache";', nginx)
    for path in (APACHE_HTACCESS, APACHE_VHOST):
        text = path.read_text(encoding="utf-8")
        assert 'Header always set Cache-Control "no-cache"' in text
        assert f'Header always set Cache-Control "{IMMUTABLE}"' in text
        assert "/assets/engine/pyodide-[^/]+/" in text
    root = iis_tree()
    assert (
        root.find("./system.webServer/staticContent/clientCache").attrib["cacheControlMode"] == "DisableCache"
    )
    locations = {
        loc.attrib["path"]: loc.find("./system.webServer/staticContent/clientCache")
        for loc in root.findall("location")
    }
    engine = locations["assets/engine"]
    assert engine is not None
    assert engine.attrib["cacheControlMaxAge"] == "365.00:00:00"
    assert "immutable" in engine.attrib["cacheControlCustom"]
    manifest = locations["assets/engine/engine.json"]
    assert manifest is not None
    assert manifest.attrib["cacheControlMode"] == "DisableCache"


def test_every_configuration_compresses_the_engine() -> None:
    nginx = NGINX_CONF.read_text(encoding="utf-8")
    gzip_types = re.search(r"gzip_types([^;]+);", nginx)
    assert gzip_types
    assert {"application/wasm", "text/javascript", "text/css", "application/json"} <= set(
        gzip_types[1].split()
    )
    for path in (APACHE_HTACCESS, APACHE_VHOST):
        deflate = re.search(r"AddOutputFilterByType DEFLATE (.+)", path.read_text(encoding="utf-8"))
        assert deflate
        assert {"application/wasm", "text/javascript", "text/html"} <= set(deflate[1].split())
    compression = iis_tree().find("./system.webServer/urlCompression")
    assert compression is not None
    assert compression.attrib["doStaticCompression"] == "true"
