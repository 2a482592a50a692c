"""The tools' speed in real headless Chromium, against the built site (run ``make site`` first).

    .venv/bin/python benchmarks/browser.py [--runs 5]

Prints, as the median of several runs measured side by side in one run:

* cold: navigation to a ready tool (the recording checker) in a fresh browser context, and the same for a
  bare page that only boots Pyodide from the same files in a module worker; the ratio (goal <= 1.1);
* warm: a second visit in a persistent browser profile, counting Pyodide files downloaded again (goal 0);
* engine bytes fetched by a plain guide page (goal 0);
* the longest main-thread task while the tool boots (goal < 200 ms);
* one check of a 2,000-word record once the tool is ready, from pressing the button to the result on
  screen (goal < 50 ms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_support import CHROMIUM_ARGS, chromium_path  # noqa: E402
from serve import serve_in_thread  # noqa: E402

TOOL = "/tools/recording-checker/"
GUIDE = "/recording/"

# Records the moment the tool's status turns ready, the first contentful paint, and every long task on the
# main thread.
PROBE = """
window.__bench = {ready: null, longtasks: [], fcp: null};
new PerformanceObserver(list => {
  for (const e of list.getEntries())
    if (e.name === 'first-contentful-paint') window.__bench.fcp = e.startTime;
}).observe({type: 'paint', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__bench.longtasks.push(e.duration);
}).observe({type: 'longtask', buffered: true});
new MutationObserver(() => {
  const s = document.querySelector('[data-tool-status]');
  if (s && window.__bench.ready === null && s.dataset.state !== 'loading') {
    window.__bench.ready = performance.now(); window.__bench.state = s.dataset.state;
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
"""

BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title>
<script type="module" src="bare.mjs"></script></head>
<body><p data-tool-status data-state="loading">Loading</p></body></html>"""
BARE_PAGE_JS = """addEventListener('load', () => {
  const w = new Worker(new URL('./bare-worker.mjs', import.meta.url), {type: 'module'});
  w.onmessage = () => { document.querySelector('[data-tool-status]').dataset.state = 'ready'; };
});"""
BARE_WORKER_JS = """import { loadPyodide } from './pyodide/pyodide.mjs';
const lock = %s;
const py = await loadPyodide({indexURL: new URL('./pyodide/', import.meta.url).href, lockFileContents: lock});
py.runPython('1 + 1');
postMessage('ready');"""


def record_text(words: int) -> str:
    sentences = [
        "Mrs Duncan wants to get back to the bowling club on Saturdays, which is where she sees her friends.",
        "'I feel like I've disappeared since the fall,' she told me.",
        "Her daughter will drive her there for the first month.",
        "The physio will work with her on balance so she can manage the step at the club.",
        "Package of care: two visits a day for personal care. SU is unable to cook.",
        "She is a keen gardener and very determined. She now walks to the shop twice a week.",
    ]
    out: list[str] = []
    count = 0
    i = 0
    while count < words:
        sentence = sentences[i % len(sentences)]
        out.append(sentence)
        count += len(sentence.split())
        i += 1
    return " ".join(out)


def make_bare_site(tmp: Path) -> None:
    engine = SITE / "assets" / "engine"
    manifest = json.loads((engine / "engine.json").read_text(encoding="utf-8"))
    pyodide_dir = (engine / manifest["pyodide"]["url"]).parent
    (tmp / "pyodide").symlink_to(pyodide_dir, target_is_directory=True)
    (tmp / "index.html").write_text(BARE_HTML, encoding="utf-8")
    (tmp / "bare.mjs").write_text(BARE_PAGE_JS, encoding="utf-8")
    lock = {"info": manifest["info"], "packages": {}}
    (tmp / "bare-worker.mjs").write_text(BARE_WORKER_JS % json.dumps(lock), encoding="utf-8")


def cold_visit(browser: Browser, url: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(PROBE)
    page.goto(url)
    page.wait_for_function("window.__bench.ready !== null", timeout=120_000)
    result: dict[str, Any] = page.evaluate("window.__bench")
    result["worker"] = page.evaluate(
        "(performance.getEntriesByType('resource').find(e => e.name.endsWith('worker.mjs')) || {}).startTime"
    )
    context.close()
    if result.get("state") != "ready":
        raise SystemExit(f"{url} did not become ready: {result}")
    return result


def time_check(page: Page, text: str) -> float:
    return float(
        page.evaluate(
            """async (text) => {
          const root = document.querySelector('[data-tool="check"]');
          const out = root.querySelector('[data-tool-output]');
          root.querySelector('[data-tool-input]').value = text;
          const done = new Promise(resolve => new MutationObserver((_, obs) => {
            if (out.querySelector('[data-criterion]')) { obs.disconnect(); resolve(performance.now()); }
          }).observe(out, {childList: true}));
          out.replaceChildren();
          const t0 = performance.now();
          root.querySelector('[data-tool-run]').click();
          return (await done) - t0;
        }""",
            text,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args(argv)
    if not (SITE / "assets" / "engine" / "engine.json").is_file():
        print("Build the site first: make site", file=sys.stderr)
        return 2

    served: list[tuple[str, int]] = []
    _, site_url = serve_in_thread(SITE, lambda path, code: served.append((path, code)))
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        make_bare_site(tmp)
        _, bare_url = serve_in_thread(tmp)
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        # Cold: tool and bare page alternately, each in a fresh context (empty cache).
        cold_visit(browser, bare_url + "/")  # warm up the machine's file cache, not the browser's
        tool_ms: list[float] = []
        worker_ms: list[float] = []
        paint_ms: list[float] = []
        bare_ms: list[float] = []
        longest: list[float] = []
        for _ in range(args.runs):
            bare_ms.append(cold_visit(browser, bare_url + "/")["ready"])
            result = cold_visit(browser, site_url + TOOL)
            tool_ms.append(result["ready"])
            worker_ms.append(result["worker"] or 0.0)
            paint_ms.append(result["fcp"] or 0.0)
            longest.append(max(result["longtasks"], default=0.0))

        # A plain guide page: engine bytes fetched.
        served.clear()
        context = browser.new_context()
        page = context.new_page()
        page.goto(site_url + GUIDE, wait_until="load")
        page.wait_for_timeout(1000)
        context.close()
        engine_bytes = sum(
            (SITE / path.lstrip("/").split("?")[0]).stat().st_size
            for path, code in served
            if code == 200 and ("/assets/engine/" in path or "engine-worker" in path)
        )

        # One check of a 2,000-word record once ready.
        context = browser.new_context()
        page = context.new_page()
        page.goto(site_url + TOOL)
        page.wait_for_selector('[data-tool-status][data-state="ready"]', timeout=120_000)
        text = record_text(2000)
        time_check(page, text)  # the first run compiles the rules
        check_ms = [time_check(page, text) for _ in range(max(args.runs, 10))]
        context.close()
        browser.close()

        # Warm: a second visit in a persistent profile.
        with tempfile.TemporaryDirectory() as profile:
            warm = p.chromium.launch_persistent_context(
                profile, executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            first = warm.new_page()
            first.goto(site_url + TOOL)
            first.wait_for_selector('[data-tool-status][data-state="ready"]', timeout=120_000)
            first.close()
            redownloads: list[int] = []
            warm_ms: list[float] = []
            for _ in range(args.runs):
                served.clear()
                page = warm.new_page()
                page.add_init_script(PROBE)
                page.goto(site_url + TOOL)
                page.wait_for_function("window.__bench.ready !== null", timeout=120_000)
                warm_ms.append(page.evaluate("window.__bench.ready"))
                page.close()
                redownloads.append(
                    sum(1 for path, code in served if code == 200 and "/assets/engine/pyodide-" in path)
                )
            warm.close()

    from outcomes_tools.checker import check

    check(text)
    start = time.perf_counter()
    for _ in range(10):
        check(text)
    cpython_ms = (time.perf_counter() - start) * 100

    med = statistics.median
    ratio = med(tool_ms) / med(bare_ms)
    rows = [
        ("cold: navigation to ready tool", f"{med(tool_ms):.0f} ms", ""),
        ("cold: of which, navigation to worker start", f"{med(worker_ms):.0f} ms", ""),
        ("cold: tool page's first contentful paint", f"{med(paint_ms):.0f} ms", "the page text"),
        ("cold: bare Pyodide boot, same files", f"{med(bare_ms):.0f} ms", ""),
        ("cold: ratio tool / bare", f"{ratio:.2f}", "goal <= 1.1"),
        ("warm: second visit to ready tool", f"{med(warm_ms):.0f} ms", ""),
        ("warm: Pyodide files downloaded again", f"{max(redownloads)}", "goal 0"),
        ("plain guide page: engine bytes fetched", f"{engine_bytes}", "goal 0"),
        (
            "longest main-thread task while booting",
            f"{med(longest):.0f} ms",
            "goal < 200 ms (0: none over 50)",
        ),
        ("check of a 2,000-word record, in the page", f"{med(check_ms):.1f} ms", "goal < 50 ms"),
        ("the same check on CPython, for reference", f"{cpython_ms:.1f} ms", ""),
    ]
    print(f"Browser benchmark (median of {args.runs} runs; Chromium at {chromium_path() or 'Playwright'})")
    for name, value, goal in rows:
        print(f"  {name:<44} {value:>10}   {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
