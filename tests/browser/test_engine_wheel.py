"""The wheel the site serves to the browser carries Pyodide's own bytecode for every module, so the page does
not compile the engine's sources on each visit (``scripts/compile_pyc.mjs``)."""

from __future__ import annotations

import hashlib
import json
import zipfile

from browser_support import SITE


def test_the_served_wheel_has_bytecode_for_every_module_that_pyodide_will_use() -> None:
    manifest = json.loads((SITE / "assets" / "engine" / "engine.json").read_text(encoding="utf-8"))
    package = manifest["packages"]["outcomes-tools"]
    wheel = SITE / "assets" / "engine" / package["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == package["sha256"]
    major, minor = manifest["info"]["python"].split(".")[:2]
    tag = f"cpython-{major}{minor}"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        sources = sorted(n for n in names if n.endswith(".py"))
        assert "outcomes_tools/checker.py" in sources
        record = archive.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
        magics: set[bytes] = set()
        for source in sources:
            folder, _, file = source.rpartition("/")
            pyc = f"{folder}/__pycache__/{file[:-3]}.{tag}.pyc"
            assert pyc in names, f"no bytecode for {source}"
            assert f"\n{pyc},," in record
            data = archive.read(pyc)
            # PEP 552: bit 0 set = checked against a hash of the source, bit 1 clear = never re-checked, then
            # the source's hash (keyed by that Python's version): Python loads it as it is, even though
            # unpacking loses the files' dates.
            assert int.from_bytes(data[4:8], "little") == 0b01, source
            magics.add(data[:4])
    assert len(magics) == 1  # one Python made them all
