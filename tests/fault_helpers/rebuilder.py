"""A third terminal that rebuilds the corpus again and again, as a process: `count` runs of the
real `rebuild`, each reported on stdout as `B done <records>`, `B refused <message>` (one line,
e.g. a draft another terminal is writing) or `B failed <failures>` (never expected: the
checkout does not change).

usage: rebuilder.py WORKSPACE COUNT
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from svix_flows.errors import SvixFlowsError
from svix_flows.ops.rebuild import rebuild
from svix_flows.project import Project

ws, count = Path(sys.argv[1]), int(sys.argv[2])
for _ in range(count):
    project = Project(catalog_flag=ws / "flows.toml", env={"PATH": os.environ.get("PATH", "")})
    try:
        report = rebuild(project)
    except SvixFlowsError as exc:
        print(f"B refused {' '.join(str(exc).split())}", flush=True)
        continue
    if report.failures:
        print(f"B failed {' | '.join(report.failures)}", flush=True)
    else:
        print(f"B done {len(report.records)}", flush=True)
