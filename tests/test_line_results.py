"""`validate` keeps each line's results from one run to the next: a line checked before in the
same context is not checked again, and nothing a run reports changes because of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from svix_flows.checks.line_results import LineResults, context_key
from svix_flows.checks.validate import Summary, Validator
from svix_flows.files import read_lines
from svix_flows.records.record import system_message
from svix_flows.rust.checkout import Checkout
from test_validate import CHECKOUT, CRATE, case_folders, case_options, case_validator

GOOD = CHECKOUT.parent / "good" / "input.jsonl"


def report(
    validator: Validator, corpus: Path, store: Path | None, limit: int = 16 * 1024 * 1024
) -> list[str]:
    """Every finding of a run as `LINE CODE SEVERITY MESSAGE PATH`, kept results read from and
    written to `store` (None: none kept)."""
    results = LineResults(store) if store is not None else None
    with open(corpus, "rb") as stream:
        found = [
            f"{f.line} {f.code} {f.severity} {f.message} {f.path}"
            for f in validator.stream(read_lines(stream, limit), Summary("c"), results)
        ]
    if results is not None:
        results.save()
    return found


def hits(store: Path, validator: Validator, corpus: Path) -> int:
    """How many lines of `corpus` a run over `store` takes from it."""
    results = LineResults(store)
    with open(corpus, "rb") as stream:
        list(validator.stream(read_lines(stream), Summary("c"), results))
    return results.hits


@pytest.mark.parametrize("folder", case_folders(), ids=lambda folder: folder.name)
def test_a_run_from_kept_results_reports_exactly_what_a_fresh_run_does(folder: Path, tmp_path: Path) -> None:
    """For every validate case: the first run that keeps results, and the run that reads them
    back, report exactly what a run without kept results reports (codes, messages, lines)."""
    options = case_options(folder)
    limit = options.get("line_limit", 16 * 1024 * 1024)
    corpus, store = folder / "input.jsonl", tmp_path / "store.results"
    fresh = report(case_validator(options), corpus, None, limit)
    assert report(case_validator(options), corpus, store, limit) == fresh
    assert report(case_validator(options), corpus, store, limit) == fresh


def test_a_kept_line_is_not_checked_again(tmp_path: Path) -> None:
    """The second run over an unchanged corpus takes every record from the kept results."""
    store = tmp_path / "store.results"
    validator = Validator(system_message(None), checkout=Checkout(CHECKOUT, CRATE))
    report(validator, GOOD, store)
    assert hits(store, Validator(system_message(None), checkout=Checkout(CHECKOUT, CRATE)), GOOD) == 2


def test_a_kept_finding_takes_the_line_it_is_on_now(tmp_path: Path) -> None:
    """A line that moved down keeps its findings, reported at its new line number."""
    broken = (CHECKOUT.parent / "e203_system_message" / "input.jsonl").read_bytes()
    store, corpus = tmp_path / "store.results", tmp_path / "corpus.jsonl"
    corpus.write_bytes(broken)
    before = report(Validator(system_message(None)), corpus, store)
    corpus.write_bytes(b"[]\n[]\n" + broken)  # two lines that are not records (E106) above it
    after = report(Validator(system_message(None)), corpus, store)[2:]
    assert [line.split(" ", 1)[1] for line in after] == [line.split(" ", 1)[1] for line in before]
    assert [int(line.split(" ", 1)[0]) for line in after] == [
        int(line.split(" ", 1)[0]) + 2 for line in before
    ]


def test_a_repeat_of_a_kept_line_is_still_found(tmp_path: Path) -> None:
    """The repeats compare lines on every run: a new copy of a kept line is E240."""
    store, corpus = tmp_path / "store.results", tmp_path / "corpus.jsonl"
    first = GOOD.read_bytes().splitlines(keepends=True)[0]
    corpus.write_bytes(first)
    assert report(Validator(system_message(None)), corpus, store) == []
    corpus.write_bytes(first + first)
    found = report(Validator(system_message(None)), corpus, store)
    assert [line.split(" ")[:2] for line in found] == [["2", "E240"]]


def test_a_changed_crate_file_is_a_new_context(tmp_path: Path) -> None:
    """A byte changed in the checkout's crate: the lines are checked again against it."""
    checkout = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, checkout)
    before = Validator(system_message(None), checkout=Checkout(checkout, CRATE)).context()
    assert Validator(system_message(None), checkout=Checkout(checkout, CRATE)).context() == before
    rust = min((checkout / CRATE).rglob("*.rs"))
    rust.write_bytes(rust.read_bytes() + b"\n// one more line\n")
    assert Validator(system_message(None), checkout=Checkout(checkout, CRATE)).context() != before


def test_the_default_configuration_is_part_of_the_context(tmp_path: Path) -> None:
    """The configuration file beside the crate gives claims their defaults: changing it is a
    new context."""
    checkout = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, checkout)
    before = Validator(system_message(None), checkout=Checkout(checkout, CRATE)).context()
    (checkout / CRATE).parent.joinpath("config.default.toml").write_text("retry_schedule = [1]\n")
    assert Validator(system_message(None), checkout=Checkout(checkout, CRATE)).context() != before


@pytest.mark.parametrize(
    "other",
    [
        {"max_tokens": 100},
        {"notes": True},
        {"flows": frozenset({"a_flow"})},
    ],
    ids=["token budget", "notes", "catalog flows"],
)
def test_another_setting_of_the_checks_is_another_context(other: dict) -> None:
    """The token budget, notes and the catalog's flow ids change findings: each is a context."""
    plain = Validator(system_message(None)).context()
    assert Validator(system_message(None), **other).context() != plain


def test_the_code_of_the_checks_is_part_of_the_context_key() -> None:
    """The same settings give the same key; the key differs from one of other settings."""
    assert context_key(["a", b"b"]) == context_key(["a", b"b"])
    assert context_key(["a", b"b"]) != context_key(["ab", b""])


def test_a_damaged_store_costs_a_recheck_not_an_error(tmp_path: Path) -> None:
    """Garbage where the kept results were: the run checks every line and reports as usual."""
    store = tmp_path / "store.results"
    store.write_bytes(b"\x00not marshal data")
    corpus = CHECKOUT.parent / "e203_system_message" / "input.jsonl"
    fresh = report(Validator(system_message(None)), corpus, None)
    assert report(Validator(system_message(None)), corpus, store) == fresh
    assert hits(store, Validator(system_message(None)), corpus) == 1


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "svix_flows", *args], cwd=cwd, capture_output=True, text=True
    )


def test_no_cache_neither_reads_nor_writes_kept_results(tmp_path: Path) -> None:
    """`validate --no-cache` keeps nothing; without it, the run's results are kept under the
    cache folder and a second run prints the same."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes((CHECKOUT.parent / "e203_system_message" / "input.jsonl").read_bytes())
    kept = tmp_path / "cache" / "svix-flows" / "results"  # XDG_CACHE_HOME is tmp_path/cache
    fresh = cli("validate", "--no-source", "--no-cache", str(corpus), cwd=tmp_path)
    assert fresh.returncode == 1 and not kept.exists()
    first = cli("validate", "--no-source", str(corpus), cwd=tmp_path)
    second = cli("validate", "--no-source", str(corpus), cwd=tmp_path)
    assert len(list(kept.iterdir())) == 1
    assert (first.stdout, first.returncode) == (fresh.stdout, 1) == (second.stdout, second.returncode)


_LOADED = """
import runpy, sys
sys.argv = ["svix-flows", *sys.argv[1:]]
try:
    runpy.run_module("svix_flows", run_name="__main__")
except SystemExit:
    pass
loaded = [m for m in sys.modules if m.startswith(("svix_flows.checks.prose", "svix_flows.checks.claims", "tree_sitter"))]
print("LOADED", sorted(loaded))
"""


def test_a_run_whose_lines_were_all_kept_loads_no_check_of_the_texts(tmp_path: Path) -> None:
    """What makes a kept run fast: with every line's results kept, neither the prose and claims
    checks nor tree-sitter are loaded (a first run over the same corpus loads them)."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(GOOD.read_bytes())
    args = [sys.executable, "-c", _LOADED, "--source", str(CHECKOUT), "validate", str(corpus)]
    first = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
    second = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
    assert "svix_flows.checks.prose.tokens" in first.stdout
    assert "LOADED []" in second.stdout
    assert first.stdout.split("LOADED")[0] == second.stdout.split("LOADED")[0]
