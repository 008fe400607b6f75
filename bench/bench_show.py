"""Start-up benchmark: `show message_creation --plain` and `symbols` over the whole crate.

Whole-process wall time, median of several runs, as a ratio against the import floor
(`python -c "import typer, rich, tree_sitter, tree_sitter_rust"`) measured in the same run,
with the content cache warm (the usual case) and empty (the first run on a checkout).

    python bench/bench_show.py --source /path/to/svix-webhooks [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import write_package_bytecode

ROOT = Path(__file__).resolve().parent.parent
CRATE = "server/svix-server/src"


COLD = "cold:"  # a command name with this prefix runs with an empty cache every time


def once(name: str, cmd: list[str], env: dict[str, str]) -> float:
    if name.startswith(COLD):
        env = dict(env, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="bench-cache-"))
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - start
    if name.startswith(COLD):
        shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    return elapsed


def walls(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time in seconds of each command over `runs` rounds, after one warm-up.

    The commands take turns within each round, so a machine that gets busier or quieter
    during the benchmark moves the baseline and the measured commands alike.
    """
    for name, cmd in cmds.items():
        once(name, cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(once(name, cmd, env))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=os.environ.get("SVIX_FLOWS_SOURCE"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not args.source or not (Path(args.source) / CRATE).is_dir():
        sys.exit("bench_show: pass --source DIR, a svix-webhooks checkout")
    write_package_bytecode()
    env = dict(os.environ, SVIX_FLOWS_SOURCE=str(Path(args.source).resolve()))
    py = sys.executable
    # the console script beside this interpreter, as users run it (not `python -m`, whose runpy
    # start-up users never pay)
    script = str(Path(py).parent / "svix-flows")
    if not Path(script).exists():
        sys.exit(f"bench_show: no svix-flows script beside {py}; pip install the package first")
    files = sorted(
        str(p.relative_to(Path(args.source) / CRATE)) for p in (Path(args.source) / CRATE).rglob("*.rs")
    )
    medians = walls(
        {
            "floor": [py, "-c", "import typer, rich, tree_sitter, tree_sitter_rust"],
            "show": [script, "show", "message_creation", "--plain"],
            "symbols": [script, "symbols", *files, "--json"],
            COLD + "symbols": [script, "symbols", *files, "--json"],
            COLD + "show": [script, "show", "message_creation", "--plain"],
        },
        args.runs,
        env,
    )
    floor, show, symbols = medians["floor"], medians["show"], medians["symbols"]
    cold_show, cold_symbols = medians[COLD + "show"], medians[COLD + "symbols"]
    print(f"runs per command:           {args.runs}")
    print(f"floor (imports only):       {floor * 1000:7.1f} ms")
    print(f"show message_creation:      {show * 1000:7.1f} ms  ratio {show / floor:.2f}x (target <= 1.3x)")
    print(f"symbols, all {len(files)} files:     {symbols * 1000:7.1f} ms  (target < 1000 ms)")
    print("  with an empty cache:")
    print(f"show message_creation:      {cold_show * 1000:7.1f} ms  ratio {cold_show / floor:.2f}x")
    print(f"symbols, all {len(files)} files:     {cold_symbols * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
