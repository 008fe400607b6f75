"""The fault suite's machinery: a scratch workspace, the operator's two operations through the
real `write` path, and the invariants a corpus keeps whatever happens to the processes writing it.

Imported by tests/test_faults.py and tests/test_concurrency.py, and by the helper scripts under
tests/fault_helpers/ that run as separate processes. Trial counts grow with SVIX_FLOWS_SOAK=1
(or SVIX_FLOWS_SOAK=<factor>), read when asked, for a long local run.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import orjson

import checkouts

FIXTURES = Path(__file__).parent / "fixtures"
HELPERS = Path(__file__).parent / "fault_helpers"
CORPUS = "out/cross_module_data_flows.jsonl"
PROVENANCE = "out/cross_module_data_flows.provenance.jsonl"
FLOWS = ("ticket_intake", "ticket_close")

REQUEST = "We need the ticket flow from the api through core into the store and onto the bus, case {n}."
THINK = (
    "The api::tickets handler passes the TicketIn body to core::intake, which transforms it into "
    "an Intake with a trimmed title; store::ticket converts that into a TicketRow by reference, "
    "avoiding a copy for performance. Errors propagate with Result and ? across every module "
    "boundary, so a failed check in core returns before the store or the bus see anything. Case {n}."
)


def soak_factor() -> int:
    """1 in CI; SVIX_FLOWS_SOAK=1 means 10, SVIX_FLOWS_SOAK=N (N > 1) means N."""
    value = os.environ.get("SVIX_FLOWS_SOAK", "").strip()
    if not value or value == "0":
        return 1
    try:
        number = int(value)
    except ValueError:
        return 10
    return 10 if number == 1 else max(1, number)


def trials(ci: int) -> int:
    return ci * soak_factor()


def make_workspace(base: Path) -> Path:
    """The synthetic authoring workspace and its checkout under `base`; returns the workspace."""
    return checkouts.make_workspace(base, "authoring")


@dataclass(frozen=True)
class Op:
    """One operator action: a new record of `flow` (variant None) or a revision of a variant.

    `n` makes the texts unique, so every record can be told apart by its request.
    """

    flow: str
    n: int
    variant: int | None = None

    @property
    def request(self) -> str:
        return REQUEST.format(n=self.n)

    @property
    def think(self) -> str:
        return THINK.format(n=self.n)

    def encode(self) -> str:
        return f"{self.flow}:{self.n}:{self.variant or 0}"

    @classmethod
    def decode(cls, text: str) -> Op:
        flow, n, variant = text.split(":")
        return cls(flow, int(n), int(variant) or None)


def run(ws: Path, op: Op):
    """`svix-flows write FLOW [--revise N] --prompt … --think …` in this process; the Outcome."""
    from svix_flows.ops import authoring
    from svix_flows.project import Project

    project = Project(catalog_flag=ws / "flows.toml", env={"PATH": os.environ.get("PATH", "")})
    return authoring.write(project, op.flow, revise=op.variant, texts=authoring.Texts(op.request, op.think))


def repair(ws: Path):
    from svix_flows.ops import repair as repairing

    return repairing.repair(ws / CORPUS)


# ---- invariants ---------------------------------------------------------------------------------


def corpus_problems(ws: Path, expected: dict[tuple[str, int], int]) -> list[str]:
    """Every way the corpus, its provenance and the drafts disagree with what was reported done.

    `expected` maps each recorded (flow, variant) to the `n` of the texts it last recorded.
    Empty when: the corpus is whole lines of valid JSON, holds exactly one line per expected
    record with that record's request, nothing else; provenance has one entry per record whose
    hash and line match the corpus; every recorded draft says so in its header.
    """
    problems: list[str] = []
    raw = (ws / CORPUS).read_bytes() if (ws / CORPUS).exists() else b""
    if raw and not raw.endswith(b"\n"):
        problems.append(f"corpus ends in a torn line: {raw[-60:]!r}")
    lines = raw.split(b"\n")[:-1] if raw else []
    by_request: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, 1):
        try:
            record = orjson.loads(line)
            request = record["messages"][1]["content"]
        except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
            problems.append(f"corpus line {number} is not a whole record: {line[:60]!r}")
            continue
        if request in by_request:
            problems.append(f"corpus line {number} repeats line {by_request[request][0]}")
        by_request[request] = (number, hashlib.sha256(line).hexdigest())
    wanted = {REQUEST.format(n=n): key for key, n in expected.items()}
    for request, key in wanted.items():
        if request not in by_request:
            problems.append(f"record {key} (reported done) is missing from the corpus")
    for request, (number, _) in by_request.items():
        if request not in wanted:
            problems.append(f"corpus line {number} is no expected record: {request[:60]!r}")
    problems.extend(_provenance_problems(ws, expected, by_request))
    return problems


def _provenance_problems(ws: Path, expected, by_request) -> list[str]:
    from svix_flows.corpus import drafts
    from svix_flows.corpus.provenance import latest_by_draft

    problems = []
    entries = latest_by_draft(ws / PROVENANCE)
    for (flow, variant), n in expected.items():
        draft = drafts.draft_path(ws, flow, variant)
        name = draft.relative_to(ws).as_posix()
        if not drafts.is_recorded(draft):
            problems.append(f"draft {name} is not marked recorded")
        entry = entries.get(name)
        found = by_request.get(REQUEST.format(n=n))
        if entry is None:
            problems.append(f"no provenance for {name}")
        elif found is not None and (entry.line, entry.record_sha256) != found:
            problems.append(f"provenance of {name} says line {entry.line}, corpus has line {found[0]}")
    return problems


# ---- killing a writer ---------------------------------------------------------------------------

# the calls that change or persist a file: a kill before or after each is a distinct crash point
BOUNDARIES = ("write", "fsync", "replace", "ftruncate")


@dataclass(frozen=True)
class Crash:
    """Where a child kills itself: at the `index`-th boundary call, before or after it, or in the
    middle of it (`torn`: a write of only `torn` bytes of the data, as a kernel may do on SIGKILL)."""

    index: int
    after: bool = False
    torn: float | None = None  # the fraction of the data written before the kill


def _arm(crash: Crash | None, calls: list[str]) -> None:
    """Patch the boundary calls of `os` in this (child) process to count, and kill at `crash`."""
    import signal

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    for name in BOUNDARIES:
        real = getattr(os, name)

        def wrapped(*args, _real=real, _name=name):
            index = len(calls)
            calls.append(_name)
            if crash is not None and index == crash.index:
                if crash.torn is not None and _name == "write" and len(args[1]) > 1:
                    cut = max(1, min(len(args[1]) - 1, int(len(args[1]) * crash.torn)))
                    _real(args[0], bytes(args[1][:cut]))
                    die()
                if not crash.after:
                    die()
                _real(*args)
                die()
            return _real(*args)

        setattr(os, name, wrapped)


def fork_writer(ws: Path, ops: list[Op], crash: Crash | None = None) -> tuple[int, int]:
    """Fork a child that runs `ops` in order; (pid, read end of its report pipe).

    The child writes `S i` before op i and `D i variant` once `write` returned success, so the
    parent knows what was reported done and what was interrupted. With `crash` the child kills
    itself at that boundary; otherwise the parent kills it when it likes.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    code = 1
    try:
        os.close(read)
        report = os.write
        calls: list[str] = []
        _arm(crash, calls)
        for index, op in enumerate(ops):
            report(write, f"S {index}\n".encode())
            outcome = run(ws, op)
            if not outcome.ok:
                report(write, f"F {index} {outcome.status.value}\n".encode())
                break
            report(write, f"D {index} {outcome.variant}\n".encode())
        report(write, f"C {','.join(calls)}\n".encode())
        code = 0
    except BaseException as exc:  # noqa: BLE001 - the child must never return into pytest
        try:
            os.write(write, f"E {type(exc).__name__}: {exc}\n".encode()[:4000])
        except OSError:
            pass
    finally:
        os._exit(code)


@dataclass
class Report:
    """What a killed child said: ops done (index -> variant), the one interrupted, failures."""

    done: dict[int, int]
    started: int | None
    calls: list[str]
    errors: list[str]


def reap(pid: int, read: int, kill: bool) -> Report:
    import signal

    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.waitpid(pid, 0)
    chunks = []
    while True:
        chunk = os.read(read, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    report = Report({}, None, [], [])
    for line in b"".join(chunks).decode().splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "S":
            report.started = int(rest)
        elif kind == "D":
            index, variant = rest.split()
            report.done[int(index)] = int(variant)
        elif kind == "C":
            report.calls = rest.split(",") if rest else []
        else:
            report.errors.append(line)
    return report


def recover(ws: Path, op: Op) -> tuple[int, bool]:
    """What the operator does after a crash: run the same command again (after `repair` if it
    says so). Returns the variant the op recorded and whether a repair was needed."""
    from svix_flows.corpus import drafts
    from svix_flows.errors import DataError

    repaired = False
    try:
        outcome = run(ws, op)
    except DataError as exc:
        if "svix-flows repair" not in str(exc):
            raise
        repair(ws)
        repaired = True
        outcome = run(ws, op)
    if outcome.ok:
        return outcome.variant, repaired
    codes = {f.code for f in outcome.findings if f.severity == "error"}
    if op.variant is None and codes == {"E240"}:
        # the interrupted append had finished: its record is in the corpus under its own draft
        for draft in drafts.list_drafts(ws, op.flow):
            parsed = drafts.parse(drafts.read(draft.path), draft.path)
            if parsed.request == op.request and drafts.is_recorded(draft.path):
                return draft.variant, repaired
    raise AssertionError(f"recovery of {op} failed: {outcome.status} {sorted(codes)}")
