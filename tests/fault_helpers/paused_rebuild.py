"""`rebuild`, paused in the middle of its work: once it has read the drafts, provenance and
corpus and is checking the first record, it creates DIR/paused and waits (up to 60 s) for
DIR/go. Prints `done <records>` or `refused <message>`.

usage: paused_rebuild.py WORKSPACE DIR
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from svix_flows.checks import validate
from svix_flows.errors import SvixFlowsError
from svix_flows.ops.rebuild import rebuild
from svix_flows.project import Project

ws, folder = Path(sys.argv[1]), Path(sys.argv[2])
real = validate.Validator.record


def paused(*args, **kwargs):
    if not (folder / "paused").exists():
        (folder / "paused").touch()
        deadline = time.monotonic() + 60
        while not (folder / "go").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    return real(*args, **kwargs)


validate.Validator.record = paused
project = Project(catalog_flag=ws / "flows.toml", env={"PATH": os.environ.get("PATH", "")})
try:
    report = rebuild(project)
except SvixFlowsError as exc:
    print(f"refused {' '.join(str(exc).split())}", flush=True)
else:
    print(f"done {len(report.records)}" if not report.failures else f"failed {report.failures}", flush=True)
