"""Speed of the recording checker: prints figures (it is not a test).

    python benchmarks/speed.py

Goals: a 2,000-word record in under 20 ms; over 1,000 typical records a second on one core; time growing
linearly with length (10 KB, 100 KB and 1 MB, the last past the 200,000-character limit via ``limit=None``).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from outcomes_tools.checker import check  # noqa: E402

SAMPLES = [
    "Mrs Duncan wants to get back to the bowling club on Saturdays, which is where she sees her oldest "
    "friends. 'I feel like I've disappeared since the fall,' she told me. Her daughter will drive her there "
    "for the first month; the physio will work with her on balance so she can manage the step at the club.",
    "Package of care: 2 x daily visits for personal care, meals on wheels Mon-Fri. Referred to OT for "
    "bathing assessment. NFA.",
    "Outcome: maintain safety at home and reduce risk of falls. Pendant alarm to be fitted by the community "
    "alarm service.",
    "Review - Mr Tom Baxter (86). Tom's outcome: to get back to feeding the ducks at the pond every morning, "
    "as he used to with his late wife. Progress: he has been going four mornings a week with his rollator. "
    "His granddaughter Ailsa walks with him at the weekends. Tom is stubborn in the best way and a great "
    "storyteller.",
    "I visited Mr Lawson on Ward 4 today. I discussed discharge options with him and his son. SU "
    "presenting as low in mood and unable to manage stairs. I will refer to the community OT for an "
    "equipment assessment.",
]


def corpus_records(long: bool) -> list[str]:
    """The development records: the typical ones (``r001``…, about 50 words) or the long, realistic ones
    (``r-long-001``…, 150–400 words)."""
    corpus = ROOT / "tests" / "corpus" / "dev" / "records.jsonl"
    if not corpus.is_file():
        return [] if long else SAMPLES
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [str(row["text"]) for row in rows if str(row["id"]).startswith("r-long-") == long]


def typical_records() -> list[str]:
    return corpus_records(long=False)


def text_of(chars: int) -> str:
    """Record-like text of exactly ``chars`` characters, made by repeating the samples."""
    block = "\n\n".join(SAMPLES)
    return (block * (chars // len(block) + 1))[:chars]


def words_of(count: int) -> str:
    words: list[str] = []
    while len(words) < count:
        words.extend(" ".join(SAMPLES).split())
    return " ".join(words[:count])


def best_of(runs: int, fn: Callable[[], object]) -> tuple[float, float]:
    """Median (wall time, processor time) of ``runs`` calls, in seconds.

    Processor time is the time this process itself spent computing; on a busy shared machine it is the
    fairer figure, as wall time then includes waiting for a core.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    start = time.perf_counter()
    check("Warm-up: she wants to go home.")
    print(f"first call (compiling the rules): {1000 * (time.perf_counter() - start):.0f} ms")

    record = words_of(2000)
    wall, cpu = best_of(15, lambda: check(record))
    print(
        f"2,000-word record ({len(record):,} characters): {1000 * cpu:.1f} ms processor time, "
        f"{1000 * wall:.1f} ms wall time (goal: under 20 ms)"
    )

    records = typical_records()
    rounds = max(1, 2000 // len(records))
    wall, cpu = best_of(3, lambda: [check(r) for _ in range(rounds) for r in records])
    n = rounds * len(records)
    print(
        f"typical records: {n / cpu:,.0f} a second of processor time, {n / wall:,.0f} a second of wall time "
        f"({n} records; goal: over 1,000)"
    )

    long_records = corpus_records(long=True)
    if long_records:
        rounds = max(1, 500 // len(long_records))
        wall, cpu = best_of(3, lambda: [check(r) for _ in range(rounds) for r in long_records])
        n = rounds * len(long_records)
        print(f"long records (150-400 words): {n / cpu:,.0f} a second of processor time ({n} records)")

    base = None
    for size in (10_000, 100_000, 1_000_000):
        text = text_of(size)
        runs = 5 if size < 1_000_000 else 2
        wall, cpu = best_of(runs, lambda text=text: check(text, limit=None))  # type: ignore[misc]
        per_kb = 1000 * cpu / (size / 1000)
        base = base or per_kb
        print(
            f"{size:>9,} characters: {1000 * cpu:8.1f} ms processor ({1000 * wall:8.1f} ms wall); "
            f"{per_kb:.2f} ms per KB = {per_kb / base:.2f} x the 10 KB rate"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
