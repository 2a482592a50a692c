// Add Pyodide's own bytecode to the engine's wheel, so the browser does not compile the Python source on
// every visit (the compiling was about a third of the engine's start-up time).
//
//     node scripts/compile_pyc.mjs PYODIDE_DIR IN.whl OUT.whl
//
// Run by scripts/stage_engine.py. It starts the pinned Pyodide (from node_modules, no network) so that the
// bytecode is made by exactly the Python that will read it, and writes, next to each module, the file
// __pycache__/<module>.<cache tag>.pyc in "unchecked hash" form: Python loads it without comparing the
// source's date, which an unpacked wheel does not keep. The sources stay in the wheel (tracebacks, and
// any other Python ignores these files). The zip is written with fixed dates so the same sources give the
// same wheel.

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, inWheel, outWheel] = process.argv.slice(2);
if (!pyodideDir || !inWheel || !outWheel) {
  console.error("usage: node scripts/compile_pyc.mjs PYODIDE_DIR IN.whl OUT.whl");
  process.exit(2);
}

const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: `${resolve(pyodideDir)}/`, stdout: () => {}, stderr: (line) => console.error(line) });
pyodide.FS.writeFile("/tmp/in.whl", new Uint8Array(readFileSync(inWheel)));
pyodide.runPython(`
import importlib.util
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

FIXED = (1980, 1, 1, 0, 0, 0)
with zipfile.ZipFile("/tmp/in.whl") as src, zipfile.ZipFile("/tmp/out.whl", "w") as out:
    record_name = None
    record = b""
    added = []
    for info in src.infolist():
        data = src.read(info)
        if info.filename.endswith(".dist-info/RECORD"):
            record_name, record = info.filename, data
            continue
        out.writestr(info, data)
        if info.filename.endswith(".py"):
            code = compile(data, info.filename, "exec", dont_inherit=True)
            pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            name = importlib.util.cache_from_source(info.filename)
            entry = zipfile.ZipInfo(name, FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, pyc)
            added.append(name)
    if record_name is None:
        raise SystemExit("the wheel has no RECORD file")
    lines = record.decode("utf-8").rstrip("\\n").split("\\n")
    lines[-1:-1] = [f"{name},," for name in added]  # RECORD's own line stays last
    entry = zipfile.ZipInfo(record_name, FIXED)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    out.writestr(entry, "\\n".join(lines) + "\\n")
`);
writeFileSync(outWheel, pyodide.FS.readFile("/tmp/out.whl"));
