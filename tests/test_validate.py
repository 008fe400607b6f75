"""`validate`: the table of fixture cases, the fast path against jsonschema, the command's contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from svix_flows.checks.shape import schema_validator, well_formed
from svix_flows.checks.validate import Summary, Validator, validate_record
from svix_flows.files import read_lines
from svix_flows.records.findings import CODES
from svix_flows.records.record import system_message
from svix_flows.rust.checkout import Checkout

CASES = Path(__file__).parent / "fixtures" / "validate"
CHECKOUT = CASES / "checkout"
CLAIMS_CHECKOUT = Path(__file__).parent / "fixtures" / "claims" / "checkout"  # the claims cases' crate
CRATE = "server/svix-server/src"


def case_folders() -> list[Path]:
    return sorted(folder for folder in CASES.iterdir() if (folder / "input.jsonl").is_file())


def case_validator(options: dict) -> Validator:
    """The validator a case's options ask for (case.json): checkout, strictness, notes, flows."""
    return Validator(
        system_message(None),
        max_tokens=options.get("max_tokens", 8192),
        checkout=Checkout(CLAIMS_CHECKOUT if options.get("checkout") == "claims" else CHECKOUT, CRATE)
        if options.get("checkout")
        else None,
        strict=options.get("strict", False),
        notes=options.get("notes", False),
        flows=frozenset(options.get("flows", ())),
    )


def run_case(folder: Path) -> list[str]:
    """The findings of a case as `LINE CODE SEVERITY` lines, in the order they are reported."""
    options = case_options(folder)
    validator = case_validator(options)
    summary = Summary(folder.name)
    with open(folder / "input.jsonl", "rb") as stream:
        lines = read_lines(stream, options.get("line_limit", 16 * 1024 * 1024))
        return [f"{f.line} {f.code} {f.severity}" for f in validator.stream(lines, summary)]


def expected(folder: Path) -> list[str]:
    text = (folder / "expected").read_text()
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("folder", case_folders(), ids=lambda folder: folder.name)
def test_case_reports_exactly_its_expected_codes(folder: Path) -> None:
    """Each fixture case reports exactly the findings its `expected` file lists, in order."""
    assert run_case(folder) == expected(folder)


def cases_with_a_place() -> list[Path]:
    return [folder for folder in case_folders() if "at" in case_options(folder)]


def case_options(folder: Path) -> dict:
    options_file = folder / "case.json"
    return json.loads(options_file.read_text()) if options_file.is_file() else {}


@pytest.mark.parametrize("folder", cases_with_a_place(), ids=lambda folder: folder.name)
def test_span_mismatch_names_the_source_line_where_the_code_leaves_it(folder: Path) -> None:
    """Each E230 of a case says where the record leaves the source: the `at` list of case.json,
    one place per E230 in order (`line N, column C`, or `line N: record adds …` and the like)."""
    messages = [f.message for f in run_findings(folder) if f.code == "E230"]
    places = case_options(folder)["at"]
    assert len(messages) == len(places)
    for message, place in zip(messages, places):
        assert f"differs from the source at {place}" in message


@pytest.mark.parametrize(
    "folder", [f for f in case_folders() if "says" in case_options(f)], ids=lambda folder: folder.name
)
def test_findings_say_what_their_case_expects(folder: Path) -> None:
    """Every finding of a code listed in the `says` map of case.json holds that text."""
    says = case_options(folder)["says"]
    found = [f for f in run_findings(folder) if f.code in says]
    assert {f.code for f in found} == set(says)
    for problem in found:
        assert says[problem.code] in problem.message, problem.message


def test_findings_about_the_answer_point_at_the_assistant_content() -> None:
    """Think, fence, header and span findings (E21x, E22x, E23x) carry the JSON path of the
    assistant message, so `--json` readers can go straight to it."""
    found = [
        f for folder in case_folders() for f in run_findings(folder) if f.code[:3] in ("E21", "E22", "E23")
    ]
    assert found and {f.path for f in found} == {"$.messages[2].content"}


def test_every_code_has_a_case() -> None:
    """Every code of the table is exercised by at least one fixture case."""
    reported = {line.split()[1] for folder in case_folders() for line in expected(folder)}
    assert set(CODES) - reported == set()


def fixture_records() -> list[dict]:
    records = []
    for folder in case_folders():
        for raw in (folder / "input.jsonl").read_bytes().splitlines():
            try:
                value = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf"))
            except orjson.JSONDecodeError:
                continue
            if isinstance(value, dict):
                records.append(value)
    return records


def test_fast_path_never_passes_a_record_jsonschema_rejects() -> None:
    """The hand check says well formed only when jsonschema finds no violation, on every fixture."""
    validator = schema_validator()
    records = fixture_records()
    extra = [
        {},
        {"type": "chatml"},
        {"type": "chatml", "messages": [{}, {}, {}]},
        {"type": "chatml", "messages": "x"},
    ]
    for record in records + extra:
        schema_ok = not list(validator.iter_errors(record))
        assert not well_formed(record) or schema_ok, record
    assert sum(map(well_formed, records)) > len(records) // 2


def test_a_single_changed_byte_is_shown_with_its_line_and_column() -> None:
    """E230 names the source line and column of the one changed byte, and both versions of it."""
    found = run_findings(CASES / "e230_span_mismatch")
    assert [(f.code, f.line) for f in found] == [("E230", 1)]
    assert "differs from the source at line 22, column " in found[0].message
    assert "source `" in found[0].message and ".awair" in found[0].message


def run_findings(folder: Path) -> list:
    validator = case_validator({"checkout": True, **case_options(folder)})
    with open(folder / "input.jsonl", "rb") as stream:
        return list(validator.stream(read_lines(stream), Summary(folder.name)))


def test_validate_record_checks_one_record_for_write() -> None:
    """`validate_record` runs the line checks on a dict: a faithful record passes, an edited span fails."""
    record = orjson.loads((CASES / "good" / "input.jsonl").read_bytes().splitlines()[0])
    checkout = Checkout(CHECKOUT, CRATE)
    assert validate_record(record, line=5, checkout=checkout, catalog=None) == []
    content = record["messages"][2]["content"]
    record["messages"][2]["content"] = content.replace("store.insert", "store.upsert")
    found = validate_record(record, line=5, checkout=checkout, catalog=None)
    assert [(f.line, f.code, f.severity) for f in found] == [(5, "E230", "error")]


def test_check_record_counts_the_names_found_real_from_the_name_checks_own_scan() -> None:
    """`check_record` says how many code-like names of the request and think block resolved:
    every name of a grounded record, and one fewer once one of them is made up."""
    from svix_flows.checks.prose.tokens import mentions
    from svix_flows.checks.validate import check_record

    record = orjson.loads((CASES / "good_strict_grounded" / "input.jsonl").read_bytes().splitlines()[0])
    checkout = Checkout(CHECKOUT, CRATE)
    texts = [record["messages"][1]["content"], record["messages"][2]["content"].split("</think>")[0]]
    named = sum(len(mentions(text)) for text in texts)
    assert named > 3
    assert check_record(record, line=1, checkout=checkout, catalog=None).names == named
    record["messages"][2]["content"] = record["messages"][2]["content"].replace(
        "create_parcel", "make_parcel_now", 1
    )
    checked = check_record(record, line=1, checkout=checkout, catalog=None)
    assert [f.code for f in checked.findings if f.code.startswith("E32")] == ["E320"]
    assert checked.names == named - 1


def test_validate_record_strict_makes_warnings_errors() -> None:
    """With strict=True a lint comes back as an error, as `validate --strict` reports it."""
    record = orjson.loads((CASES / "w307_prompt_too_short" / "input.jsonl").read_bytes())
    found = validate_record(record, line=1, checkout=None, catalog=None, strict=True)
    assert [(f.code, f.severity) for f in found] == [("W307", "error")]


# the command, run as a user runs it ----------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`python -m svix_flows ARGS` in `cwd`, in the test's isolated environment (tests/conftest.py)."""
    return subprocess.run(
        [sys.executable, "-m", "svix_flows", *args], cwd=cwd, capture_output=True, text=True
    )


def test_cli_good_file_exits_0_with_a_summary_on_stderr(tmp_path: Path) -> None:
    """A valid corpus: nothing on stdout, the summary (records, valid) on stderr, exit 0."""
    result = cli("--source", str(CHECKOUT), "validate", str(CASES / "good" / "input.jsonl"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert "2 records, 2 valid; 0 errors, 0 warnings" in result.stderr
    assert "E" not in result.stderr.split("warnings", 1)[1]  # no code found, no fix to give


def test_cli_damaged_line_is_reported_alone_with_its_number(tmp_path: Path) -> None:
    """One broken line among good ones: exactly one problem line, `FILE:3: E101 …`, exit 1."""
    corpus = CASES / "damaged_line_alone" / "input.jsonl"
    result = cli("--source", str(CHECKOUT), "validate", str(corpus), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{corpus}:3: E101 invalid-json: unexpected end of data at column 34"
    ]


def test_cli_json_prints_only_json_objects_then_a_summary(tmp_path: Path) -> None:
    """--json: one object per problem with file/line/code/severity/message(/path), then the summary."""
    corpus = CASES / "e201_schema_role" / "input.jsonl"
    result = cli("validate", "--json", "--no-source", str(corpus), cwd=tmp_path)
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert objects[0] == {
        "file": str(corpus),
        "line": 1,
        "code": "E201",
        "name": "schema",
        "severity": "error",
        "message": "at $.messages[1].role: is 'human', expected 'user'",
        "path": "$.messages[1].role",
        "fix": CODES["E201"].fix,
    }
    assert objects[-1]["summary"] == {
        "file": "total",
        "records": 1,
        "valid": 0,
        "errors": 1,
        "warnings": 0,
        "codes": {"E201": 1},
        "files": 1,
    }


def test_cli_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """A file that does not exist: one error line naming it, nothing validated, exit 2."""
    result = cli("validate", str(CASES / "good" / "input.jsonl"), "absent.jsonl", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == "error: absent.jsonl: no such file; pass an existing JSONL file"


def test_cli_strict_fails_on_warnings_only(tmp_path: Path) -> None:
    """A file with only warnings exits 0, and 1 with --strict."""
    corpus = str(CASES / "w307_prompt_too_short" / "input.jsonl")
    assert cli("validate", "--no-source", corpus, cwd=tmp_path).returncode == 0
    assert cli("validate", "--no-source", "--strict", corpus, cwd=tmp_path).returncode == 1


def test_cli_without_checkout_says_so_once_and_still_checks(tmp_path: Path) -> None:
    """No checkout found: one note on stderr, span comparison skipped, every other check runs."""
    result = cli(
        "validate",
        str(CASES / "e230_span_mismatch" / "input.jsonl"),
        str(CASES / "w307_prompt_too_short" / "input.jsonl"),
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stderr.count("spans and the names of the texts not checked against the source") == 1
    assert "W307 prompt-too-short" in result.stdout


def test_cli_escapes_terminal_escapes_from_the_file(tmp_path: Path) -> None:
    """Control characters of the file (an ESC sequence in a header) never reach the terminal raw."""
    good = (CASES / "good" / "input.jsonl").read_bytes().splitlines()[0]
    evil = good.replace(b"// File: server/svix-server/src/core", b"// File: \\u001b[2J\\u0007evil", 1)
    corpus = tmp_path / "evil.jsonl"
    corpus.write_bytes(evil + b"\n")
    result = cli("--source", str(CHECKOUT), "validate", str(corpus), cwd=tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert "\\x1b[2J\\x07evil" in result.stdout


def test_docs_list_every_code_with_its_name_and_severity() -> None:
    """docs/validate.md has a table row for every code, with the code's name and severity."""
    docs = (Path(__file__).parent.parent / "docs" / "validate.md").read_text()
    for code in CODES.values():
        assert f"| {code.code} | {code.name} | {code.severity} |" in docs, code.code


def test_cli_says_what_to_do_once_per_code_found(tmp_path: Path) -> None:
    """After the summary, each code that was found is named once with its fix."""
    corpus = CASES / "e240_duplicate_record" / "input.jsonl"
    result = cli("validate", "--no-source", str(corpus), cwd=tmp_path)
    assert result.stderr.splitlines()[-1] == f"  E240 duplicate-record: {CODES['E240'].fix}"
