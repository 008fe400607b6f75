"""Start-up benchmark: `show message_creation --plain` and `symbols` over the whole crate.

Whole-process wall time, median of several runs, as a ratio against the import floor
(`python -c "import typer, rich, tree_sitter, tree_sitter_rust"`) measured in the same run.

    python bench/bench_show.py --source /path/to/svix-webhooks [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRATE = "server/svix-server/src"


def wall(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time in seconds of `runs` executions (after one warm-up)."""
    subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=os.environ.get("SVIX_FLOWS_SOURCE"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not args.source or not (Path(args.source) / CRATE).is_dir():
        sys.exit("bench_show: pass --source DIR, a svix-webhooks checkout")
    env = dict(os.environ, SVIX_FLOWS_SOURCE=str(Path(args.source).resolve()))
    py = sys.executable
    files = sorted(
        str(p.relative_to(Path(args.source) / CRATE)) for p in (Path(args.source) / CRATE).rglob("*.rs")
    )
    floor = wall([py, "-c", "import typer, rich, tree_sitter, tree_sitter_rust"], args.runs, env)
    show = wall([py, "-m", "svix_flows", "show", "message_creation", "--plain"], args.runs, env)
    symbols = wall([py, "-m", "svix_flows", "symbols", *files, "--json"], max(3, args.runs // 3), env)
    print(f"runs per command:           {args.runs}")
    print(f"floor (imports only):       {floor * 1000:7.1f} ms")
    print(f"show message_creation:      {show * 1000:7.1f} ms  ratio {show / floor:.2f}x (target <= 1.3x)")
    print(f"symbols, all {len(files)} files:     {symbols * 1000:7.1f} ms  (target < 1000 ms)")


if __name__ == "__main__":
    main()
