"""How much of each catalog flow `trace` finds from the flow's entry points.

A flow's entries are its first span and every span marked `entry = true` in the catalog
(another HTTP handler of the same resource, a worker loop, a CLI subcommand: code the rest
of the flow does not call). For every entry that is a function or method, trace from it
(`--depth`, default 6: deep enough to cross the queue from a handler to the worker's
dispatch); a catalog function or method span that is not itself an entry counts as found
when any entry's trace reaches it (same file, the traced item's lines hold the catalog
item's lines). Prints a per-flow table and the total; `seconds` sums the
flow's traces, `slowest` is the slowest single trace; times are cold (crate index built
for each trace), as a command-line run would see them.

    python bench/trace_recall.py --source /path/to/svix-webhooks \
        [--catalog flows.toml] [--depth 6] [--missed]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from svix_flows.catalog import load_catalog
from svix_flows.errors import SvixFlowsError
from svix_flows.rust.checkout import Checkout
from svix_flows.rust.trace import calls as trace_calls
from svix_flows.rust.trace.walk import trace_flow

_CALLABLE = ("fn", "method")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=Path("flows.toml"))
    parser.add_argument("--source", type=Path, required=True, help="svix-webhooks checkout root")
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--missed", action="store_true", help="list the spans not found")
    args = parser.parse_args()

    catalog = load_catalog(args.catalog)
    rows = []
    total_found = total_listed = 0
    slowest = 0.0
    skipped = []
    for flow in catalog.flows:
        checkout = Checkout(args.source, catalog.source.root)
        reached: list[tuple[str, int, int]] = []
        entries: list[tuple[str, int, int]] = []
        elapsed = 0.0
        for entry in flow.entries:
            try:
                entry_span = checkout.span(entry)
            except SvixFlowsError as exc:
                skipped.append(f"{flow.id}: entry `{entry.symbol}` does not resolve ({exc})")
                continue
            if entry_span.kind not in _CALLABLE:
                skipped.append(f"{flow.id}: entry `{entry.symbol}` is a {entry_span.kind}")
                continue
            trace_calls._CRATES.clear()  # cold, as one command-line run
            started = time.perf_counter()
            traced = trace_flow(checkout, entry.file, entry.symbol, args.depth)
            took = time.perf_counter() - started
            slowest = max(slowest, took)
            elapsed += took
            reached += [(s.file, s.start_line, s.end_line) for s in traced.order]
            entries.append((entry.file, entry_span.start_line, entry_span.end_line))
        if not entries:
            continue
        listed = found = 0
        missed = []
        for ref in flow.spans[1:]:
            try:
                span = checkout.span(ref)
            except SvixFlowsError:
                continue
            if span.kind not in _CALLABLE or ref in flow.entries:
                continue  # an entry is where a trace starts, not something it finds
            listed += 1
            if any(f == ref.file and a <= span.start_line and span.end_line <= b for f, a, b in reached):
                found += 1
            else:
                missed.append(f"{ref.file}:{ref.symbol}")
        total_found += found
        total_listed += listed
        rows.append((flow.id, found, listed, len(set(reached)), elapsed, missed))

    width = max((len(r[0]) for r in rows), default=4)
    print(f"{'flow':<{width}}  found/listed  recall  reached  seconds")
    for flow_id, found, listed, reached_count, elapsed, missed in rows:
        recall = f"{found / listed:6.0%}" if listed else "   n/a"
        print(f"{flow_id:<{width}}  {found:>5}/{listed:<6}  {recall}  {reached_count:>7}  {elapsed:7.2f}")
        if args.missed:
            for name in missed:
                print(f"{'':<{width}}    missed: {name}")
    overall = f"{total_found / total_listed:.1%}" if total_listed else "n/a"
    print(f"{'total':<{width}}  {total_found:>5}/{total_listed:<6}  {overall}  slowest {slowest:.2f} s")
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
