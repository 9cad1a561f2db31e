"""Time the analysis core on real-size portal pages, against trafilatura on the same pages.

    python bench/speed.py [--rounds 9] [--baseline-rounds 3] [--limit N] [--no-baseline]
    python bench/speed.py --profile [--sort cumulative|tottime]

Pages come from bench/_portal_pages.py: every seed and dev-corpus text wrapped in Hanweb-like
and TRS-like chrome (50-150 KB, some GBK with lying labels); without ../shared, examples/pages.
For each page, `streams.analysis.analyze(bytes, url, content_type)` (decode + clean + extract +
classify) is timed over several rounds after a warm-up and the page's median is kept; the
summary gives the median and p95 of those per-page medians. `trafilatura.extract(bytes)` runs on
the same bytes in the same process (it decodes by itself). A per-stage breakdown shows where our
time goes. The last line printed is one JSON object:
{"pages", "median_ms", "p95_ms", "trafilatura_median_ms", "speedup"} (speedup = trafilatura
median / our median). Targets: median <= 2 ms, speedup >= 8.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._portal_pages import DEFAULT_SHARED, PortalPage, iter_encodings, named_reference_pages
from streams.analysis import analyze, classify, clean, decode, extract

TARGET_MEDIAN_MS = 2.0
TARGET_SPEEDUP = 8.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 120 pages is the 114th smallest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def time_per_page(pages: Sequence[PortalPage], run: Callable[[PortalPage], object], rounds: int,
                  warmup: int = 1) -> tuple[list[float], list[float]]:
    """(median, best) milliseconds per page over `rounds` passes over all pages, after `warmup` passes.

    The best round is printed beside the median because a shared machine's load inflates medians.
    """
    for _ in range(warmup):
        for page in pages:
            run(page)
    samples: list[list[float]] = [[] for _ in pages]
    clock = time.perf_counter_ns
    for _ in range(rounds):
        gc.collect()
        for i, page in enumerate(pages):
            start = clock()
            run(page)
            samples[i].append((clock() - start) / 1e6)
    return [statistics.median(s) for s in samples], [min(s) for s in samples]


def run_ours(page: PortalPage) -> object:
    return analyze(page.data, page.url, page.content_type)


def stage_medians(pages: Sequence[PortalPage], rounds: int) -> dict[str, float]:
    """Median ms per page of each stage, called in pipeline order on the same inputs."""
    stages: dict[str, list[float]] = {"decode": [], "clean": [], "extract": [], "classify": []}
    clock = time.perf_counter_ns
    for _ in range(rounds):
        gc.collect()
        for page in pages:
            t0 = clock()
            decoded = decode(page.data, page.content_type)
            t1 = clock()
            cleaned = clean(decoded.text, page.url, encoding=decoded.encoding, decode_errors=decoded.errors)
            t2 = clock()
            facts = extract(cleaned)
            t3 = clock()
            classify(cleaned, facts)
            t4 = clock()
            for name, ns in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                stages[name].append(ns / 1e6)
    return {name: statistics.median(values) for name, values in stages.items()}


def make_trafilatura_runner() -> Callable[[PortalPage], object] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(page: PortalPage) -> object:
        return trafilatura.extract(page.data)

    return run


def profile(pages: Sequence[PortalPage], rounds: int, sort: str, top: int = 25) -> str:
    for page in pages:  # warm caches and lazy imports outside the profile
        run_ours(page)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for page in pages:
            run_ours(page)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def _template_of(data: bytes) -> str:
    if b"ContentStart" in data:
        return "hanweb"
    return "trs" if b"TRS_Editor" in data else "other markup"


def print_table(names: Sequence[str], pages: Sequence[PortalPage], ours: Sequence[float],
                theirs: Sequence[float] | None, show: int) -> None:
    tags = list(iter_encodings(list(zip(names, pages, strict=True))))
    order = sorted(range(len(pages)), key=lambda i: ours[i], reverse=True)
    print(f"slowest {min(show, len(pages))} pages (ours), '!' = charset label lies:")
    width = max([len(names[i]) for i in order[:show]] + [4])
    print(f"{'page':<{width}} {'KB':>6} {'bytes/label':<15} {'ours ms':>8} {'trafilatura ms':>15}")
    for i in order[:show]:
        other = f"{theirs[i]:15.2f}" if theirs else f"{'-':>15}"
        print(f"{names[i]:<{width}} {len(pages[i].data) / 1024:6.1f} {tags[i]:<15} {ours[i]:8.3f} {other}")
    groups: dict[str, list[float]] = {}
    for i, tag in enumerate(tags):
        groups.setdefault(tag, []).append(ours[i])
        groups.setdefault(_template_of(pages[i].data), []).append(ours[i])
    print("\nby group (median ms of ours):")
    for tag, values in sorted(groups.items()):
        print(f"  {tag:<15} n={len(values):<4} median={statistics.median(values):.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="the shared folder (seeds, corpus)")
    parser.add_argument("--rounds", type=int, default=9, help="timed passes over all pages for our pipeline")
    parser.add_argument("--baseline-rounds", type=int, default=3, help="timed passes for trafilatura")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura (no speedup figure)")
    parser.add_argument("--show", type=int, default=10, help="rows in the slowest-pages table")
    parser.add_argument("--profile", action="store_true", help="cProfile our pipeline and print the top 25")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime", "ncalls"),
                        help="sort key for --profile")
    args = parser.parse_args(argv)

    named = named_reference_pages(args.shared)
    if args.limit:
        named = named[: args.limit]
    if not named:
        print("no pages: neither ../shared nor examples/pages has any", file=sys.stderr)
        return 2
    names = [name for name, _ in named]
    pages = [page for _, page in named]
    total_kb = sum(len(p.data) for p in pages) / 1024
    print(f"{len(pages)} pages, {total_kb / len(pages):.1f} KB average, {total_kb / 1024:.1f} MB in all")

    if args.profile:
        print(profile(pages, max(1, args.rounds // 3), args.sort))

    ours, ours_best = time_per_page(pages, run_ours, args.rounds)
    stages = stage_medians(pages, max(1, args.rounds // 3))
    runner = None if args.no_baseline else make_trafilatura_runner()
    theirs = time_per_page(pages, runner, args.baseline_rounds, warmup=0)[0] if runner else None
    if runner is None and not args.no_baseline:
        print("trafilatura is not installed: no baseline (pip install -e '.[dev]')", file=sys.stderr)

    print_table(names, pages, ours, theirs, args.show)
    print("\nstages (median ms per page): " + "  ".join(f"{k}={v:.3f}" for k, v in stages.items()))
    median_ms = statistics.median(ours)
    p95_ms = percentile(ours, 0.95)
    baseline_ms = statistics.median(theirs) if theirs else None
    speedup = baseline_ms / median_ms if baseline_ms and median_ms > 0 else None
    verdict = [f"median {median_ms:.3f} ms ({'ok' if median_ms <= TARGET_MEDIAN_MS else 'OVER'} "
               f"target {TARGET_MEDIAN_MS} ms)", f"p95 {p95_ms:.3f} ms",
               f"best-round median {statistics.median(ours_best):.3f} ms"]
    if speedup is not None:
        verdict.append(f"trafilatura {baseline_ms:.2f} ms, speedup {speedup:.1f}x "
                       f"({'ok' if speedup >= TARGET_SPEEDUP else 'UNDER'} target {TARGET_SPEEDUP}x)")
    print("ours: " + ", ".join(verdict))
    print(json.dumps({
        "pages": len(pages),
        "median_ms": round(median_ms, 4),
        "p95_ms": round(p95_ms, 4),
        "trafilatura_median_ms": round(baseline_ms, 3) if baseline_ms is not None else None,
        "speedup": round(speedup, 2) if speedup is not None else None,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
