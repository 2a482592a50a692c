"""Stage the in-browser engine into ``docs/assets/engine/`` before MkDocs builds the site.

What it writes (the folder is generated and ignored by git):

* ``pyodide-<version>/``: only Pyodide's core files, copied from ``node_modules/pyodide`` (pinned in
  ``package-lock.json``). Nothing is ever fetched from a CDN.
* ``wheels/<hash>/outcomes_tools-<version>-py3-none-any.whl``: the engine built with
  ``python -m build --wheel``, plus bytecode made by the pinned Pyodide itself (``scripts/compile_pyc.mjs``,
  run with Node), so the browser does not compile the sources on every visit. The folder name is the
  start of the wheel's sha256, so the path changes whenever the content does and browsers can cache it
  for good.
* ``engine.json``: a trimmed Pyodide lock file (``info`` and one package, ours, with its URL and sha256)
  plus where Pyodide is. The worker passes it to ``loadPyodide`` as the lock file and checks the wheel's
  sha256 before unpacking it.

Run from the repository root: ``python scripts/stage_engine.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


class StageError(Exception):
    """A step failed; the message says what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy, keeping the old file (and its modification time, so caches stay valid) when it is identical."""
    same_size = target.is_file() and target.stat().st_size == source.stat().st_size
    if same_size and sha256_of(target) == sha256_of(source):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def build_wheel(root: Path, outdir: Path) -> Path:
    result = subprocess.run(  # noqa: S603 (a fixed command: this Python's own build module)
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise StageError(f"building the wheel failed:\n{result.stdout}{result.stderr}")
    wheels = sorted(outdir.glob("outcomes_tools-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise StageError(f"expected one pure-Python wheel in {outdir}, found {[w.name for w in wheels]}")
    return wheels[0]


def add_bytecode(root: Path, pyodide_dir: Path, wheel: Path, outdir: Path) -> Path:
    """A copy of ``wheel`` with Pyodide's bytecode for each module (see ``scripts/compile_pyc.mjs``)."""
    node = shutil.which("node")
    if node is None:
        raise StageError("Node.js is needed to prepare the engine for the browser: install node and npm.")
    out = outdir / wheel.name
    result = subprocess.run(  # noqa: S603 (a fixed script of this repository)
        [node, str(root / "scripts" / "compile_pyc.mjs"), str(pyodide_dir), str(wheel), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not out.is_file():
        raise StageError(
            f"compiling the engine's bytecode with Pyodide failed:\n{result.stdout}{result.stderr}"
        )
    return out


def stage(root: Path, engine_dir: Path) -> dict[str, object]:
    pyodide_dir = root / "node_modules" / "pyodide"
    package_json = pyodide_dir / "package.json"
    if not package_json.is_file():
        raise StageError("node_modules/pyodide is missing. Run 'npm ci' (or 'make install') first.")
    pyodide_version = json.loads(package_json.read_text(encoding="utf-8"))["version"]
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))

    engine_dir.mkdir(parents=True, exist_ok=True)
    pyodide_target = engine_dir / f"pyodide-{pyodide_version}"
    for name in PYODIDE_FILES:
        source = pyodide_dir / name
        if not source.is_file():
            raise StageError(f"{source} is missing: reinstall the npm packages with 'npm ci'.")
        copy_if_changed(source, pyodide_target / name)
    for extra in pyodide_target.iterdir():
        if extra.name not in PYODIDE_FILES:
            extra.unlink()

    with tempfile.TemporaryDirectory() as tmp:
        plain = build_wheel(root, Path(tmp) / "plain")
        built = add_bytecode(root, pyodide_dir, plain, Path(tmp))
        digest = sha256_of(built)
        wheel_target = engine_dir / "wheels" / digest[:16] / built.name
        copy_if_changed(built, wheel_target)
    wheel_version = built.name.split("-")[1]

    # Remove what earlier builds left: other Pyodide versions, wheels with other content.
    for old in engine_dir.glob("pyodide-*"):
        if old != pyodide_target:
            shutil.rmtree(old)
    for old in (engine_dir / "wheels").iterdir():
        if old != wheel_target.parent:
            shutil.rmtree(old)

    wheel_url = f"wheels/{digest[:16]}/{built.name}"
    manifest: dict[str, object] = {
        "info": lock["info"],
        "packages": {
            "outcomes-tools": {
                "name": "outcomes-tools",
                "version": wheel_version,
                "file_name": wheel_url,
                "install_dir": "site",
                "sha256": digest,
                "package_type": "package",
                "imports": ["outcomes_tools"],
                "depends": [],
            }
        },
        "pyodide": {"version": pyodide_version, "url": f"pyodide-{pyodide_version}/pyodide.mjs"},
        "entry": "outcomes_tools.bridge",
    }
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    manifest_path = engine_dir / "engine.json"
    if not manifest_path.is_file() or manifest_path.read_text(encoding="utf-8") != text:
        manifest_path.write_text(text, encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Stage Pyodide and the engine wheel into the docs folder.")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        manifest = stage(root, root / "docs" / "assets" / "engine")
    except StageError as err:
        print(f"stage_engine: {err}", file=sys.stderr)
        return 1
    package = manifest["packages"]["outcomes-tools"]  # type: ignore[index]
    print(f"stage_engine: Pyodide {manifest['pyodide']['version']}, {package['file_name']}")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main())
