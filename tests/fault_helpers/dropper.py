"""One operator's terminal that also drops records, as a process: `count` operations on one
flow through the real `write` and `drop` paths (new records, revisions of recorded variants,
drops of recorded variants), each reported on stdout once it is done:

    D <flow> <variant> <n>   a record (new or revised) now holds the texts of case n
    P <flow> <variant>       variant dropped
    R <n> <message>          refused with one line (another terminal held the draft)
    X <n> <status> <codes>   the checks refused the record

usage: dropper.py WORKSPACE FLOW FIRST_N COUNT SEED
"""

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import faultlib
from svix_flows.errors import SvixFlowsError
from svix_flows.ops import dropping
from svix_flows.project import Project

ws, flow, first, count, seed = Path(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:])
rng = random.Random(seed)
mine: list[int] = []
for n in range(first, first + count):
    roll = rng.random()
    try:
        if mine and roll < 0.2:
            variant = mine.pop(rng.randrange(len(mine)))
            project = Project(catalog_flag=ws / "flows.toml", env={"PATH": os.environ.get("PATH", "")})
            try:
                dropping.drop(project, dropping.plan_drop(project, flow, variant))
            except SvixFlowsError:
                mine.append(variant)
                raise
            print(f"P {flow} {variant}", flush=True)
            continue
        revise = rng.choice(mine) if mine and roll < 0.55 else None
        outcome = faultlib.run(ws, faultlib.Op(flow, n, revise))
    except SvixFlowsError as exc:  # refused with one line, as the CLI would say it
        print(f"R {n} {' '.join(str(exc).split())}", flush=True)
        continue
    if outcome.ok:
        if outcome.variant not in mine:
            mine.append(outcome.variant)
        print(f"D {flow} {outcome.variant} {n}", flush=True)
    else:
        codes = ",".join(sorted({f.code for f in outcome.findings if f.severity == "error"}))
        print(f"X {n} {outcome.status.value} {codes}", flush=True)
