"""`make dist`: the bundle holds the built site exactly, the server configurations and HOSTING.txt."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from hosting_support import REPO


def test_bundle_holds_the_site_the_configs_and_hosting_notes(built_site: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_dist.py"),
            "--site",
            str(built_site),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    bundles = list(tmp_path.glob("outcomes-guide-*.zip"))
    assert len(bundles) == 1
    version = bundles[0].name.removeprefix("outcomes-guide-").removesuffix(".zip")
    assert f'version = "{version}"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    top = f"outcomes-guide-{version}"
    with zipfile.ZipFile(bundles[0]) as bundle:
        assert bundle.testzip() is None
        names = set(bundle.namelist())
        assert all(name.startswith(f"{top}/") for name in names), "everything sits in one folder"
        hosting = bundle.read(f"{top}/HOSTING.txt").decode("utf-8")
        for needed in ("site", "deploy/nginx/outcomes-guide.conf", "web.config", ".htaccess", "Pyodide"):
            assert needed in hosting
        for config in (
            "deploy/nginx/outcomes-guide.conf",
            "deploy/apache/.htaccess",
            "deploy/iis/web.config",
            "deploy/README.md",
        ):
            assert bundle.read(f"{top}/{config}") == (REPO / config).read_bytes()
        site_files = sorted(p for p in built_site.rglob("*") if p.is_file())
        for path in site_files:
            name = f"{top}/site/{path.relative_to(built_site).as_posix()}"
            assert name in names, f"{name} missing from the bundle"
        assert len([n for n in names if n.startswith(f"{top}/site/")]) == len(site_files)
        wasm = next(n for n in names if n.endswith("pyodide.asm.wasm"))
        assert bundle.read(wasm) == (built_site / wasm.removeprefix(f"{top}/site/")).read_bytes()
        # Real file dates are kept: servers derive their cache validators from them.
        stamp = bundle.getinfo(f"{top}/site/index.html").date_time
        assert stamp[0] >= 2024


def test_bundle_refuses_an_unbuilt_site(tmp_path: Path) -> None:
    empty = tmp_path / "site"
    empty.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_dist.py"),
            "--site",
            str(empty),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert run.returncode == 2
    assert "make site" in run.stderr
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.zip"))
