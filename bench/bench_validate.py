"""How fast is `svix-flows validate`? Records per second on generated corpora, against two baselines.

    python bench/bench_validate.py [--sizes 1000 20000] [--runs 5]

Each corpus holds realistic records (~10 KB: a request, a think block, four fenced spans of
synthetic Rust), all valid. Every figure is a whole process, timed from outside (wall time,
median of --runs), with its peak RSS read from the kernel (os.wait4):

- floor:    a Python loop that only parses each line with orjson;
- plain:    orjson.loads plus jsonschema's Draft202012Validator.iter_errors on each line (the
            schema compiled once): what a user would write with the same libraries;
- validate: `svix-flows validate --no-source --no-cache FILE`, every check but those that
            need the source, on every line;
- +source:  `svix-flows validate --source CHECKOUT --no-cache FILE`, every check on every line:
            the spans compared byte for byte with a generated checkout, the prose's names
            resolved against it and its claims judged (the crate is read once per run);
- +kept:    the same without --no-cache, as an operator runs it after the corpus's lines were
            checked once (an untimed run first): each line's results come back from the last
            run, only the repeats run on every line. A corpus grows by a line between runs.

Targets (issue 5): validate >= 0.4x the floor's rate, far ahead of plain; peak memory for the
large corpus within 20 MB of the small one. The CLI's start-up (typer, imports) is measured
too and shown, since at 1,000 records it is most of the time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import write_package_bytecode

from svix_flows.records.record import assemble, dumps, system_message

FLOOR = """
import sys, orjson
loads = orjson.loads
with open(sys.argv[1], "rb") as stream:
    for line in stream:
        loads(line)
"""

PLAIN = """
import json, sys
import orjson
from importlib.resources import files
from jsonschema import Draft202012Validator
schema = json.loads((files("svix_flows") / "data" / "record.schema.json").read_text())
validator = Draft202012Validator(schema)
with open(sys.argv[1], "rb") as stream:
    for line in stream:
        errors = list(validator.iter_errors(orjson.loads(line)))
"""

MODULES = [
    ("v1/endpoints/message.rs", "message"),
    ("core/message_app.rs", "message_app"),
    ("db/models/message.rs", "message"),
    ("queue/mod.rs", "queue"),
    ("worker.rs", "worker"),
    ("core/webhook_http_client.rs", "webhook_http_client"),
    ("core/cache/mod.rs", "cache"),
    ("db/models/messageattempt.rs", "messageattempt"),
]
WORDS = [
    "payload",
    "endpoint",
    "attempt",
    "header",
    "tenant",
    "channel",
    "event",
    "batch",
    "retry",
    "record",
    "cursor",
    "envelope",
    "dispatch",
    "signature",
    "timestamp",
    "filter",
    "stream",
    "sender",
]


# the console script beside this interpreter, as users run it (`python -m` adds runpy's start-up)
_SCRIPT = Path(sys.executable).parent / "svix-flows"
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "svix_flows"]


def rust_item(rng: random.Random, name: str) -> str:
    """A synthetic Rust function of ~40 lines: doc comments, an attribute, a body."""
    lines = [
        f"/// Moves the {rng.choice(WORDS)} of a {rng.choice(WORDS)} to the next module.",
        "///",
        f"/// The {rng.choice(WORDS)} is checked before it is stored.",
        "#[tracing::instrument(skip_all)]",
        f"pub async fn {name}(",
        "    db: &DatabaseConnection,",
        f"    input: {name.title().replace('_', '')}In,",
        ") -> Result<Stored, Error> {",
    ]
    for index in range(rng.randint(14, 20)):
        word, other = rng.choice(WORDS), rng.choice(WORDS)
        lines.append(
            f'    let {word}_{index} = input.{other}.as_ref().map(|v| v.{word}()).ok_or(Error::missing("{other}"))?;'
        )
    lines += ["    let stored = Stored::insert(db, &input).await?;", "    Ok(stored)", "}"]
    return "\n".join(lines)


class FakeSpan:
    def __init__(self, path: str, start: int, text: str) -> None:
        self.path, self.start_line, self.text = path, start, text
        self.end_line = start + text.count("\n")
        self.context = ""  # top-level functions: the plain header


ITEMS_PER_FILE = 40
CRATE = "server/svix-server/src"


def write_checkout(root: Path) -> dict[str, list[FakeSpan]]:
    """A synthetic checkout: each module file holds ITEMS_PER_FILE generated functions; the
    spans of every item, by file, for the records to quote."""
    rng = random.Random(7)
    spans: dict[str, list[FakeSpan]] = {}
    for file, module in MODULES:
        items, lines = [], ["// generated for the validate benchmark", ""]
        for index in range(ITEMS_PER_FILE):
            text = rust_item(rng, f"{module}_step_{index}")
            items.append(FakeSpan(f"{CRATE}/{file}", len(lines) + 1, text))
            lines += text.split("\n") + [""]
        path = root / CRATE / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
        spans[file] = items
    return spans


def make_record(rng: random.Random, number: int, system: str, items: dict[str, list[FakeSpan]]) -> bytes:
    chosen = rng.sample(MODULES, 4)
    spans = [rng.choice(items[file]) for file, _ in chosen]
    names = ", ".join(module for _, module in chosen)
    steps = [span.text.split("pub async fn ", 1)[1].split("(", 1)[0] for span in spans]
    think = "\n".join(
        [
            f"Record {number}: the data flows through {names}; each module owns one step: "
            f"{steps[0]} hands its input to {steps[1]}, then {steps[2]} and {steps[3]}.",
            f"At the first boundary we transform the API type into the internal type of {chosen[1][1]}, "
            "so the database layer never sees request shapes and the queue only carries ids.",
            "Errors propagate as Result values through every boundary; a failed insert stops the "
            "flow before anything is queued, and the worker retries delivery on its own.",
            "For performance we borrow instead of copying payloads, clone only small ids, and keep "
            "the hot path to one database round trip; the cache absorbs repeated lookups.",
            "Testing stays simple because each module can be driven with its own inputs.",
        ]
        * 2
    )
    prompt = (
        f"Issue #{1000 + number}: we need the data flow from the {chosen[0][1]} endpoint "
        f"through {chosen[1][1]} into the database and the queue documented, with how "
        f"{rng.choice(WORDS)} values are transformed on the way."
    )
    return dumps(assemble(system, prompt, think, spans))


def generate(path: Path, count: int, items: dict[str, list[FakeSpan]]) -> None:
    rng = random.Random(count)
    system = system_message(None)
    with open(path, "wb") as out:
        out.writelines(make_record(rng, number, system, items) for number in range(1, count + 1))


def run(command: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of one process; it must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr[-500:]}")
    return elapsed, usage.ru_maxrss


def measure(command: list[str], cwd: Path, env: dict, runs: int) -> tuple[float, int]:
    results = [run(command, cwd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    write_package_bytecode()
    python = sys.executable
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVIX_FLOWS_")}
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        folder = Path(tmp)  # no flows.toml here: no catalog; the checkout is generated
        env["XDG_CACHE_HOME"] = str(folder / "cache")
        checkout = folder / "checkout"
        items = write_checkout(checkout)
        startup, _ = measure([*CLI, "--version"], folder, env, args.runs)
        print(f"CLI start-up (svix-flows --version): {startup * 1000:.0f} ms\n")
        print(
            f"{'records':>8} {'approach':>9} {'seconds':>8} {'records/s':>10} {'x floor':>8} {'peak MB':>8}"
        )
        peaks = {}
        for size in args.sizes:
            corpus = folder / f"corpus-{size}.jsonl"
            generate(corpus, size, items)
            rates = {}
            for name, command in (
                ("floor", [python, "-c", FLOOR, str(corpus)]),
                ("plain", [python, "-c", PLAIN, str(corpus)]),
                ("validate", [*CLI, "validate", "--no-source", "--no-cache", str(corpus)]),
                (
                    "+source",
                    [*CLI, "--source", str(checkout), "validate", "--strict", "--no-cache", str(corpus)],
                ),
                ("+kept", [*CLI, "--source", str(checkout), "validate", "--strict", str(corpus)]),
            ):
                if name == "+kept":
                    run(command, folder, env)  # the lines checked once, their results kept
                seconds, peak = measure(command, folder, env, args.runs)
                rates[name] = size / seconds
                peaks[(size, name)] = peak
                print(
                    f"{size:>8} {name:>9} {seconds:>8.3f} {rates[name]:>10.0f} "
                    f"{rates[name] / rates['floor']:>8.2f} {peak / 1024:>8.1f}"
                )
            net = size / max(size / rates["validate"] - startup, 1e-9)
            print(
                f"{'':>8} {'(net)':>9} validate without its start-up: {net:.0f} records/s, "
                f"{net / rates['floor']:.2f}x floor; with the source "
                f"{rates['+source'] / rates['floor']:.2f}x floor; "
                f"{rates['validate'] / rates['plain']:.1f}x plain, with the source "
                f"{rates['+source'] / rates['plain']:.2f}x plain, its results kept "
                f"{rates['+kept'] / rates['plain']:.2f}x plain (target: 1.5x); "
                f"{corpus.stat().st_size / size / 1024:.1f} KB a record"
            )
            corpus.unlink()
        if len(args.sizes) > 1:
            small, large = min(args.sizes), max(args.sizes)
            grown = (peaks[(large, "validate")] - peaks[(small, "validate")]) / 1024
            print(
                f"\nvalidate peak memory, {large} vs {small} records: +{grown:.1f} MB (target: within 20 MB)"
            )


if __name__ == "__main__":
    main()
