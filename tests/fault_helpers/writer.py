"""One operator's terminal, as a process: `count` writes of one flow through the real `write`
path, about 60% of them revisions of variants it recorded, each reported on stdout as
`D <flow> <variant> <n>` once done, `X <n> <status> <codes>` when the checks refuse it, or
`R <n> <message>` when `write` refuses with an error (another terminal holds the draft).

usage: writer.py WORKSPACE FLOW FIRST_N COUNT SEED
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import faultlib
from svix_flows.errors import SvixFlowsError

ws, flow, first, count, seed = Path(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:])
rng = random.Random(seed)
mine: list[int] = []
for n in range(first, first + count):
    variant = rng.choice(mine) if mine and rng.random() < 0.6 else None
    try:
        outcome = faultlib.run(ws, faultlib.Op(flow, n, variant))
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
