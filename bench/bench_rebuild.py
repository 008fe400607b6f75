"""How does `svix-flows rebuild` grow with the corpus? 5 records against 50, in the same run.

    python bench/bench_rebuild.py [--sizes 5 50] [--runs 7]

A generated, self-contained project per size: a synthetic checkout (the validate benchmark's
crate: eight module files of generated functions), a catalog of 50 flows of four spans each,
and one recorded draft per record (a request and a ~3 KB think block; ~12 KB a record with
its four spans). The corpus (out/cross_module_data_flows.jsonl) and its provenance are made
by a first `rebuild`, so they are exactly what `write` would have left.

Two cases are timed, each a whole process from outside (wall time, median of --runs; the sizes
take turns within each round, so a machine that gets busier moves both alike):

- moved:     the catalog re-pinned to a checkout where every module file gained lines at its
             top, so every span of every record moved: each record is re-assembled, differs
             from its line, and its provenance is renewed. This is the realistic case (a
             re-pin moves code; a rebuild where nothing changed is rare) and the headline one.
             The corpus and provenance are restored before each run, outside the timing.
- unchanged: the same checkout as the corpus: every record comes out byte for byte the same.

Target (issue 22): `rebuild` of 50 records takes under twice the time of `rebuild` of 5.
The CLI's start-up (`svix-flows --version`) is shown too, as the floor of every figure.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_validate import CRATE, MODULES, WORDS, FakeSpan, write_checkout
from bytecode import write_package_bytecode

# the console script beside this interpreter, as users run it (`python -m` adds runpy's start-up)
_SCRIPT = Path(sys.executable).parent / "svix-flows"
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "svix_flows"]

FLOWS = 50  # the catalog's size is the same for every corpus size: only the records differ
SPANS_PER_FLOW = 4
CORPUS = "out/cross_module_data_flows.jsonl"
PROVENANCE = "out/cross_module_data_flows.provenance.jsonl"
MOVED_BY = 3  # lines added at the top of every module file of the moved checkout


def flow_spans(rng: random.Random, items: dict[str, list[FakeSpan]]) -> list[tuple[str, str, int]]:
    """Four (file, symbol, first line) spans from four different module files."""
    chosen = rng.sample(MODULES, SPANS_PER_FLOW)
    spans = []
    for file, _ in chosen:
        span = rng.choice(items[file])
        symbol = span.text.split("pub async fn ", 1)[1].split("(", 1)[0]
        spans.append((file, symbol, span.start_line))
    return spans


def write_catalog(workspace: Path, flows: list[list[tuple[str, str, int]]]) -> None:
    lines = [
        "[source]",
        'repository = "https://example.invalid/svix-webhooks"',
        'commit = "0123456789abcdef0123456789abcdef01234567"',
        f'root = "{CRATE}"',
        'path = "../checkout"',
        "",
        "[corpus]",
        "target = 25",
        f'output = "{CORPUS}"',
    ]
    for number, spans in enumerate(flows):
        lines += [
            "",
            "[[flow]]",
            f'id = "flow_{number:02d}"',
            f'title = "Flow {number}: {spans[0][0]} to {spans[-1][0]}"',
            f'summary = "Generated flow {number} of the rebuild benchmark."',
            "facts = [",
            *(f'  "`{symbol}` stores its input ({file}:{line}).",' for file, symbol, line in spans),
            "]",
            "spans = [",
            *(f'  {{ file = "{file}", symbol = "{symbol}" }},' for file, symbol, _ in spans),
            "]",
        ]
    (workspace / "flows.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def draft_text(rng: random.Random, number: int, spans: list[tuple[str, str, int]]) -> str:
    """A recorded draft: a request and a think block of plain prose about the flow's steps."""
    steps = [symbol for _, symbol, _ in spans]
    modules = ", ".join(file for file, _, _ in spans)
    request = (
        f"Issue #{1000 + number}: we need the data flow through {modules} documented, with how "
        f"{rng.choice(WORDS)} values are transformed on the way and where a failure stops it."
    )
    think = "\n".join(
        [
            f"The data flows through {modules}; each module owns one step: {steps[0]} hands its "
            f"input to {steps[1]}, then {steps[2]} and {steps[3]}.",
            "At the first boundary the API type becomes the internal type, so the database layer "
            "never sees request shapes and the queue only carries ids.",
            "Errors propagate as Result values through every boundary; a failed insert stops the "
            "flow before anything is queued, and the worker retries delivery on its own.",
            "For performance we borrow instead of copying payloads, clone only small ids, and keep "
            "the hot path to one database round trip; the cache absorbs repeated lookups.",
            f"Testing stays simple because each module can be driven with its own {rng.choice(WORDS)} inputs.",
        ]
        * 4
    )
    return (
        f"<!-- svix-flows draft · flow flow_{number:02d} · variant 1 · recorded 2026-01-01T00:{number:02d}:00Z -->\n"
        f"=== REQUEST ===\n{request}\n\n=== THINK ===\n{think}\n\n=== CODE ===\n(code)\n"
    )


def move_checkout(source: Path, moved: Path) -> None:
    """A copy of the checkout with MOVED_BY comment lines at the top of every module file."""
    shutil.copytree(source, moved)
    for file, _ in MODULES:
        path = moved / CRATE / file
        path.write_text("// moved\n" * MOVED_BY + path.read_text(encoding="utf-8"), encoding="utf-8")


def make_project(folder: Path, records: int, env: dict[str, str]) -> Path:
    """checkout/, checkout-moved/ and ws/ (catalog, drafts, corpus, provenance); returns ws/."""
    items = write_checkout(folder / "checkout")
    move_checkout(folder / "checkout", folder / "checkout-moved")
    rng = random.Random(22)
    flows = [flow_spans(rng, items) for _ in range(FLOWS)]
    workspace = folder / "ws"
    (workspace / "prompts" / "drafts").mkdir(parents=True)
    write_catalog(workspace, flows)
    for number in range(records):
        text = draft_text(rng, number, flows[number])
        (workspace / "prompts" / "drafts" / f"flow_{number:02d}.md").write_text(text, encoding="utf-8")
    run([*CLI, "rebuild"], workspace, env)  # the corpus and provenance a `write` of each leaves
    count = (workspace / CORPUS).read_bytes().count(b"\n")
    if count != records:
        raise SystemExit(f"bench_rebuild: the first rebuild wrote {count} records, not {records}")
    for name in (CORPUS, PROVENANCE):
        shutil.copyfile(workspace / name, workspace / f"{name}.saved")
    return workspace


def restore(workspace: Path) -> None:
    for name in (CORPUS, PROVENANCE):
        shutil.copyfile(workspace / f"{name}.saved", workspace / name)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Wall seconds of one process; it must succeed."""
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        stderr = process.stderr.decode(errors="replace")
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr[-500:]}")
    return elapsed


def case_command(case: str, workspace: Path) -> list[str]:
    if case == "moved":
        return [*CLI, "--source", str(workspace.parent / "checkout-moved"), "rebuild"]
    return [*CLI, "rebuild"]


def timed(case: str, workspace: Path, env: dict[str, str]) -> float:
    restore(workspace)
    return run(case_command(case, workspace), workspace, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 50])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if max(args.sizes) > FLOWS:
        sys.exit(f"bench_rebuild: at most {FLOWS} records (one per flow of the generated catalog)")
    write_package_bytecode()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVIX_FLOWS_")}
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        folder = Path(tmp)
        env["XDG_CACHE_HOME"] = str(folder / "cache")  # warm after the first rebuild: the usual case
        workspaces = {}
        for size in args.sizes:
            (folder / str(size)).mkdir()
            workspaces[size] = make_project(folder / str(size), size, env)
        cases = ("moved", "unchanged")
        for case in cases:  # one warm-up each, so the content cache holds both checkouts
            for size in args.sizes:
                timed(case, workspaces[size], env)
        startup = statistics.median(run([*CLI, "--version"], folder, env) for _ in range(args.runs))
        times: dict[tuple[str, int], list[float]] = {(c, s): [] for c in cases for s in args.sizes}
        for _ in range(args.runs):
            for case in cases:
                for size in args.sizes:
                    times[(case, size)].append(timed(case, workspaces[size], env))
        print(f"runs per figure: {args.runs}; CLI start-up (svix-flows --version): {startup * 1000:.0f} ms\n")
        print(f"{'case':>10} {'records':>8} {'seconds':>8} {'ms/record':>10} {'x smallest':>11}")
        small = min(args.sizes)
        for case in cases:
            base = statistics.median(times[(case, small)])
            for size in args.sizes:
                seconds = statistics.median(times[(case, size)])
                print(
                    f"{case:>10} {size:>8} {seconds:>8.3f} {seconds / size * 1000:>10.1f} "
                    f"{seconds / base:>11.2f}"
                )
        large = max(args.sizes)
        ratio = statistics.median(times[("moved", large)]) / statistics.median(times[("moved", small)])
        print(
            f"\nmoved: rebuild of {large} records takes {ratio:.2f}x the time of {small} (target: under 2x)"
        )


if __name__ == "__main__":
    main()
