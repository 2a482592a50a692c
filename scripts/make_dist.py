"""Make the site bundle: ``dist/outcomes-guide-<version>.zip`` (``make dist`` runs this after ``make site``).

The zip holds one folder, ``outcomes-guide-<version>/``, with:

* ``HOSTING.txt``: how to put the site on a web server, in a few steps;
* ``site/``: the built site, the folder a web server serves;
* ``deploy/``: the nginx, Apache and IIS configurations and their README.

Files keep their real modification times, because web servers build their cache validators (ETag,
Last-Modified) from them: identical times could make a browser keep an old copy of a changed file.

Run from the repository root: ``python scripts/make_dist.py [--site site] [--out dist]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_FILES = (
    "deploy/README.md",
    "deploy/nginx/outcomes-guide.conf",
    "deploy/apache/.htaccess",
    "deploy/apache/outcomes-guide.conf",
    "deploy/iis/web.config",
)
# Never shipped: editor and system leftovers.
SKIP_NAMES = {".DS_Store", "Thumbs.db"}

HOSTING_TEXT = """\
Outcomes Guide {version}: how to host it
=========================================

This folder holds a complete copy of Outcomes Guide, a practice guide to the
personal outcomes approach, with tools that run inside each reader's browser.

What you need
-------------
Any web server that can serve files: nginx, Apache, IIS or similar.
No database, no server-side code, no internet connection.

Steps
-----
1. Copy the "site" folder to your web server, for example to
   /var/www/outcomes-guide (keep the file dates: unzip does by default).
2. Use the configuration for your server from the "deploy" folder:
   - nginx:  deploy/nginx/outcomes-guide.conf (change the "listen" and "root" lines)
   - Apache: deploy/apache/.htaccess (copy into the site folder) or
             deploy/apache/outcomes-guide.conf (a virtual host)
   - IIS:    deploy/iis/web.config (copy into the site folder)
   It sets the file types the tools need (.wasm, .mjs, .whl), compression,
   caching and the security headers, including a strict Content Security Policy.
3. Open the site in a browser and go to Tools > Recording checker. The status
   line should say the tools are ready within a few seconds.

deploy/README.md explains each setting, how to check your server, and what to
do if the tools do not start. The guide's page "Host it yourself" says the same
in plain English, and how to add your organisation's name, logo and links.

Privacy
-------
Nothing a person types into a tool leaves their browser. The site makes no
request to any other website: no fonts, no analytics, nothing from the internet.

Bundle made on {date}; in-browser engine: Pyodide {pyodide}.
"""


class DistError(Exception):
    """The bundle cannot be made; the message says what to do."""


def project_version(root: Path) -> str:
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    version: str = data["project"]["version"]
    return version


def pyodide_version(site: Path) -> str:
    manifest = site / "assets" / "engine" / "engine.json"
    if not manifest.is_file():
        raise DistError(f"{manifest} is missing: build the site with `make site` first.")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        version: str = data["pyodide"]["version"]
    except (ValueError, KeyError, TypeError) as exc:
        raise DistError(f"{manifest} is not a valid engine manifest ({exc}).") from exc
    return version


def site_files(site: Path) -> list[Path]:
    if not (site / "index.html").is_file():
        raise DistError(f"{site} has no index.html: build the site with `make site` first.")
    return sorted(p for p in site.rglob("*") if p.is_file() and p.name not in SKIP_NAMES)


def add_file(bundle: zipfile.ZipFile, source: Path, name: str) -> None:
    info = zipfile.ZipInfo.from_file(source, name)
    # Already-compressed formats are stored as they are; everything else is deflated.
    if source.suffix in {".zip", ".whl", ".png", ".jpg", ".jpeg", ".gz", ".woff2"}:
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
    with source.open("rb") as src, bundle.open(info, "w") as dst:
        while block := src.read(1 << 20):
            dst.write(block)


def make_dist(root: Path, site: Path, out: Path) -> Path:
    version = project_version(root)
    pyodide = pyodide_version(site)
    files = site_files(site)
    top = f"outcomes-guide-{version}"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{top}.zip"
    partial = target.with_suffix(".zip.part")
    hosting = HOSTING_TEXT.format(version=version, pyodide=pyodide, date=time.strftime("%Y-%m-%d"))
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        bundle.writestr(
            zipfile.ZipInfo(f"{top}/HOSTING.txt", date_time=time.localtime()[:6]),
            hosting.replace("\n", "\r\n"),  # readable in Windows Notepad too
            compress_type=zipfile.ZIP_DEFLATED,
        )
        for name in DEPLOY_FILES:
            source = root / name
            if not source.is_file():
                raise DistError(f"{source} is missing from the checkout.")
            add_file(bundle, source, f"{top}/{name}")
        for path in files:
            add_file(bundle, path, f"{top}/site/{path.relative_to(site).as_posix()}")
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Make dist/outcomes-guide-<version>.zip from the built site."
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist", help="where to write the zip (default: dist/)"
    )
    args = parser.parse_args(argv)
    try:
        target = make_dist(ROOT, args.site.resolve(), args.out.resolve())
    except DistError as exc:
        print(f"make_dist: {exc}", file=sys.stderr)
        return 2
    size = target.stat().st_size / 1_000_000
    print(f"make_dist: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
