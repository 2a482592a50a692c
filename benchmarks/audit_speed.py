"""The service view's speed: on the command line, and in real headless Chromium against the built site.

    .venv/bin/python benchmarks/audit_speed.py [--records 10000] [--cli-only]

Prints:

* CLI: records per second for ``outcomes-tools audit FILE.csv --column Record --format json`` on a made-up
  file (goal >= 1,000 a second), as it runs by default (one process per processor) and with ``--jobs 1``,
  with the time split into checking, mapping and the identifier check measured in-process; then the same
  on the labelled corpus's records, each made different, so that no text is checked twice;
* browser (needs ``make site`` first): from choosing a file of the same records in the service view to
  the report on screen, the time for the whole file, and the longest task on the page's main thread in
  that time (goal: no long freeze; under 200 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from sample_records import make_rows, to_csv  # noqa: E402

from corpus import load  # noqa: E402
from outcomes_tools.audit_cli import processors  # noqa: E402
from outcomes_tools.checker import check  # noqa: E402
from outcomes_tools.identifiers import find_identifiers  # noqa: E402
from outcomes_tools.mapper import map_outcome  # noqa: E402

PROBE = """
window.__bench = {longtasks: []};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
"""


def run_cli(path: Path, jobs: int) -> tuple[int, float] | None:
    """(records, seconds) for the whole command, start-up included."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    command = [sys.executable, "-m", "outcomes_tools", "audit", str(path), "--column", "Record"]
    command += ["--team-column", "Team", "--status-column", "Status", "--format", "json"]
    command += ["--jobs", str(jobs)]
    p = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if p.returncode:
        print(f"CLI failed: {p.stderr.strip()}")
        return None
    return int(json.loads(p.stdout)["records"]), elapsed


def cli_speed(path: Path, n: int) -> None:
    for jobs, what in ((0, f"default, {processors()} processes on this machine"), (1, "--jobs 1")):
        result = run_cli(path, jobs)
        if result is None:
            return
        records, elapsed = result
        print(
            f"CLI ({what}): {records:,} records in {elapsed:.2f} s = {records / elapsed:,.0f} records/s "
            "(goal >= 1,000/s)"
        )

    texts = [r["Record"] for r in make_rows(min(n, 2000))]
    parts = {}
    for name, func in (
        ("check", check),
        ("map_outcome", map_outcome),
        ("find_identifiers", find_identifiers),
    ):
        t = time.perf_counter()
        for text in texts:
            func(text)
        parts[name] = (time.perf_counter() - t) / len(texts) * 1000
    print("  per record, in-process: " + ", ".join(f"{k} {v:.3f} ms" for k, v in parts.items()))
    print(
        f"  ({len(set(texts)):,} distinct texts in the first {len(texts):,}: the audit checks each text once)"
    )
    distinct_speed(n)


def distinct_speed(n: int) -> None:
    """The same audit on ``n`` records whose texts are all different: the labelled dev records (real length
    and variety, 281 of them) again and again, each copy with its own note number added. The checker sees
    every text afresh; the parts the mapper is given (what matters in each record) repeat with the copies."""
    from outcomes_tools.audit import audit

    texts = [item["text"] for item in load("dev", "records")]
    rows = [
        {"Record": f"{text} (note {i})", "Team": "", "Status": ""}
        for i in range(n // len(texts) + 1)
        for text in texts
    ][:n]
    csv_text = to_csv(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "distinct.csv"
        path.write_text(csv_text, encoding="utf-8")
        for jobs, what in ((0, f"default, {processors()} processes"), (1, "--jobs 1")):
            result = run_cli(path, jobs)
            if result is not None:
                records, elapsed = result
                print(
                    f"CLI ({what}) on {records:,} all-different real-length records: {elapsed:.2f} s = "
                    f"{records / elapsed:,.0f} records/s (goal >= 1,000/s)"
                )
    start = time.perf_counter()
    report = audit(csv_text, "Record")
    elapsed = time.perf_counter() - start
    print(
        f"  in-process, one process: {elapsed:.2f} s = {report.records / elapsed:,.0f} records/s "
        f"({elapsed / report.records * 1000:.2f} ms a record)"
    )


def browser_speed(path: Path, n: int) -> None:
    from browser_support import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright
    from serve import serve_in_thread

    if not (SITE / "assets" / "engine" / "engine.json").is_file():
        print("browser: site/ is not built (run `make site`); skipped")
        return
    server, url = serve_in_thread(SITE, lambda path, code: None)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(PROBE)
            page.goto(url + "/tools/service-view/")
            page.wait_for_selector(
                '[data-tool="audit"] [data-tool-status][data-state="ready"]', timeout=180_000
            )
            page.evaluate("window.__bench.longtasks = []")
            start = time.perf_counter()
            page.locator('[data-tool="audit"] [data-tool-input]').set_input_files(str(path))
            page.wait_for_selector("[data-audit-columns]:not([hidden])", timeout=180_000)
            read = time.perf_counter() - start
            page.locator('[data-tool="audit"] [data-tool-run]').click()
            page.wait_for_selector("[data-audit-ask], [data-audit-records]", timeout=600_000)
            if page.locator("[data-audit-ask]").count():
                page.locator('[data-audit-mask="true"]').click()
            # While the records are checked, the page must keep answering: how late does a timer fire?
            lag = page.evaluate(
                """async () => { let worst = 0; const until = performance.now() + 3000;
                     while (performance.now() < until) { const t = performance.now();
                       await new Promise(r => setTimeout(r, 50));
                       worst = Math.max(worst, performance.now() - t - 50); }
                     return worst; }"""
            )
            page.wait_for_selector("[data-audit-records]", timeout=1_800_000)
            total = time.perf_counter() - start
            tasks = page.evaluate("window.__bench.longtasks")
            records = page.locator("[data-audit-records]").get_attribute("data-audit-records")
            longest = max((d for _, d in tasks), default=0.0)
            print(
                f"browser: {records} records, file chosen to report shown in {total:.1f} s "
                f"({int(records or 0) / total:,.0f} records/s; reading the file and columns {read:.1f} s)"
            )
            print(
                f"  longest main-thread task {longest:.0f} ms ({len(tasks)} tasks over 50 ms); "
                f"worst timer delay while checking {lag:.0f} ms (goal: no long freeze, under 200 ms)"
            )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--cli-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        path.write_text(to_csv(make_rows(args.records)), encoding="utf-8")
        print(f"file: {args.records:,} made-up records, {path.stat().st_size / 1e6:.1f} MB")
        cli_speed(path, args.records)
        if not args.cli_only:
            browser_speed(path, args.records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
