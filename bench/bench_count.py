"""`count` on a large corpus: 10,000 records of ~10 KB each (~100 MB) with their provenance.

Whole-process wall time of `python -m svix_flows count` (table and `--json`), median of several
runs, as a ratio against `python -c "import typer, rich"` measured in the same run, plus the
time of a bare loop that only reads the file's lines (the I/O floor).

    python bench/bench_count.py [--records 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import write_package_bytecode

SYSTEM = (
    "You are the Svix Maintainer AI, an expert in the internal svix-server Rust architecture, "
    "specializing in cross-module data flows and data movement patterns."
)
FLOWS = [f"flow_{n:02d}" for n in range(25)]


# the console script beside this interpreter, as users run it (`python -m` adds runpy's start-up)
_SCRIPT = Path(sys.executable).parent / "svix-flows"
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "svix_flows"]


def make_workspace(folder: Path, records: int) -> None:
    """flows.toml, out/ corpus of realistic-size records, provenance for all but 1 in 50."""
    spans = '  { file = "a.rs", symbol = "f" },\n'
    catalog = [
        '[source]\ncommit = "' + "0" * 40 + '"\n[corpus]\ntarget = 25\n',
        *(f'[[flow]]\nid = "{f}"\ntitle = "t"\ndescription = "d"\nspans = [\n{spans}]\n' for f in FLOWS),
    ]
    (folder / "flows.toml").write_text("\n".join(catalog))
    out = folder / "out"
    out.mkdir()
    code_line = "    let message = CreateMessageApp::layered_fetch(cache, db, app, endpoint).await?;\n"
    with (
        open(out / "cross_module_data_flows.jsonl", "wb") as corpus,
        open(out / "cross_module_data_flows.provenance.jsonl", "wb") as provenance,
    ):
        for n in range(records):
            answer = (
                f"<think>\nReasoning {n} about core::message_app and the queue.\n</think>\n\n"
                f"```rust\n// File: server/svix-server/src/core/message_app.rs (lines 1-120)\n"
                + code_line * 120
                + "```"
            )
            record = {
                "type": "chatml",
                "messages": [
                    {"role": "system", "content": SYSTEM},
                    {"role": "user", "content": f"Request number {n} for the message flow."},
                    {"role": "assistant", "content": answer},
                ],
            }
            line = json.dumps(record, separators=(",", ":")).encode()
            corpus.write(line + b"\n")
            if n % 50:
                entry = {
                    "flow": FLOWS[n % len(FLOWS)],
                    "variant": 1 + n // len(FLOWS),
                    "draft": f"prompts/drafts/{FLOWS[n % len(FLOWS)]}.md",
                    "line": n + 1,
                    "record_sha256": hashlib.sha256(line).hexdigest(),
                    "spans": [],
                    "source_commit": "0" * 40,
                    "created": "2026-01-01T00:00:00Z",
                    "updated": "2026-01-01T00:00:00Z",
                    "tool_version": "0.1.0",
                }
                provenance.write(json.dumps(entry, separators=(",", ":")).encode() + b"\n")


def wall(cmd: list[str], runs: int, cwd: Path) -> float:
    """Median wall time in seconds of `runs` executions (after one warm-up that fills the page cache)."""
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    write_package_bytecode()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-count-") as tmp:
        folder = Path(tmp)
        make_workspace(folder, args.records)
        corpus = folder / "out" / "cross_module_data_flows.jsonl"
        size = corpus.stat().st_size
        env_free = {k: v for k, v in os.environ.items() if not k.startswith("SVIX_FLOWS_")}
        os.environ.clear()
        os.environ.update(env_free)
        floor = wall([py, "-c", "import typer, rich"], args.runs, folder)
        io = wall([py, "-c", f"sum(1 for _ in open({str(corpus)!r}, 'rb'))"], args.runs, folder)
        table = wall([*CLI, "count"], args.runs, folder)
        as_json = wall([*CLI, "count", "--json"], args.runs, folder)
        check = subprocess.run([*CLI, "count", "--json"], cwd=folder, capture_output=True, check=True)
        report = json.loads(check.stdout)
    print(f"corpus:                     {args.records} records, {size / 1e6:.1f} MB, runs {args.runs}")
    print(f"counted:                    {report['records']} records, {report['unknown_flow']} unknown flow")
    print(f"floor (import typer, rich): {floor * 1000:7.1f} ms")
    print(f"read the lines only:        {io * 1000:7.1f} ms")
    print(f"count:                      {table * 1000:7.1f} ms  ratio {table / floor:.2f}x")
    print(f"count --json:               {as_json * 1000:7.1f} ms  ratio {as_json / floor:.2f}x")


if __name__ == "__main__":
    main()
