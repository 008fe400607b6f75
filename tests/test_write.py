"""`write`: from the operator's editor (a real process) to a checked record appended safely.

The editors are small scripts in tests/fixtures/authoring/editors, run as $EDITOR the way a
real editor is: a separate process given the draft's path.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from svix_flows.corpus import drafts
from svix_flows.errors import DataError
from svix_flows.ops import authoring
from svix_flows.project import Project

SYSTEM = (
    "You are the Svix Maintainer AI, an expert in the internal svix-server Rust architecture, "
    "specializing in cross-module data flows and data movement patterns."
)
ROOT = "server/svix-server/src"
# ticket_intake's spans in the fixture checkout, as a reader would find them by hand
INTAKE_SPANS = [
    ("api/tickets.rs", 4, 14, ""),
    ("core/intake.rs", 6, 15, ""),
    ("store/ticket.rs", 8, 14, ", in impl TicketRow"),
    ("bus/mod.rs", 6, 9, ", in impl Bus"),
]
REQUEST = "We need the ticket intake flow from the api through core into the store and onto the bus."
THINK = (
    "The api::tickets handler passes the TicketIn body to core::intake, which transforms it into "
    "an Intake with a trimmed title; store::ticket converts that into a TicketRow by reference, "
    "avoiding a copy for performance. Errors propagate with Result and ? across every module "
    "boundary, so a failed check in core returns before the store or the bus see anything, and "
    "each boundary can be tested alone."
)
CORPUS = Path("out/cross_module_data_flows.jsonl")
PROVENANCE = Path("out/cross_module_data_flows.provenance.jsonl")


def expected_line(workspace: Path, request: str, think: str) -> bytes:
    """The record of docs/record-format.md built by hand: the fixture files' lines, compact JSON, one line."""
    checkout = workspace.parent / "checkout" / ROOT
    blocks = []
    for file, start, end, context in INTAKE_SPANS:
        lines = (checkout / file).read_text(encoding="utf-8").split("\n")[start - 1 : end]
        header = f"// File: {ROOT}/{file} (lines {start}-{end}){context}"
        blocks.append("```rust\n" + header + "\n" + "\n".join(lines) + "\n```")
    answer = f"<think>\n{think}\n</think>\n\n" + "\n\n".join(blocks)
    record = {
        "type": "chatml",
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": request},
            {"role": "assistant", "content": answer},
        ],
    }
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


@pytest.fixture
def texts(monkeypatch: pytest.MonkeyPatch):
    """The texts the `fill` editor types."""

    def set_texts(request: str = REQUEST, think: str = THINK) -> None:
        monkeypatch.setenv("FILL_REQUEST", request)
        monkeypatch.setenv("FILL_THINK", think)

    set_texts()
    return set_texts


def test_write_appends_the_exact_record_from_a_real_editor(authoring_workspace, use_editor, texts):
    """`python -m svix_flows write` with $EDITOR a real process appends one line, byte-exact to the
    record format, its code identical to the checkout, with provenance beside it."""
    use_editor("fill")
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", "write", "ticket_intake"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "appended `ticket_intake` variant 1 as line 1" in result.stderr
    assert CORPUS.read_bytes() == expected_line(authoring_workspace, REQUEST, THINK)
    entry = json.loads(PROVENANCE.read_text())
    checkout = authoring_workspace.parent / "checkout" / ROOT
    assert entry["flow"] == "ticket_intake" and entry["line"] == 1 and entry["variant"] == 1
    assert entry["record_sha256"] == hashlib.sha256(CORPUS.read_bytes().rstrip(b"\n")).hexdigest()
    for span, (file, start, end, _) in zip(entry["spans"], INTAKE_SPANS):
        text = "\n".join((checkout / file).read_text().split("\n")[start - 1 : end])
        assert (span["path"], span["start_line"], span["end_line"]) == (f"{ROOT}/{file}", start, end)
        assert span["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert entry["source_commit"] == "fedcba9876543210fedcba9876543210fedcba98"
    assert entry["tool_version"] and entry["created"].endswith("Z")


def test_the_draft_stays_as_the_records_source(authoring_workspace, use_editor, texts, cli):
    """After an append the draft is still there, holding the texts and marked as recorded."""
    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    text = Path("prompts/drafts/ticket_intake.md").read_text()
    assert text.startswith("<!-- svix-flows draft · flow ticket_intake · variant 1 · recorded ")
    parsed = drafts.parse(text, Path("d.md"))
    assert (parsed.request, parsed.think) == (REQUEST, THINK)


def test_unchanged_template_is_never_appended(authoring_workspace, use_editor, cli):
    """An editor closed without writing anything: exit 1, the reason said, no corpus line."""
    use_editor("quit")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 1
    assert "unchanged from the template" in result.stderr
    assert not CORPUS.exists()
    assert Path("prompts/drafts/ticket_intake.md").is_file()


def test_missing_editor_is_one_line_and_keeps_the_draft(authoring_workspace, monkeypatch, cli):
    """$EDITOR naming no program: exit 2, one line naming the editor and the kept draft."""
    monkeypatch.setenv("EDITOR", "/nonexistent/bin/editor --wait")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "/nonexistent/bin/editor --wait" in lines[0] and "not found" in lines[0]
    assert "prompts/drafts/ticket_intake.md" in lines[0]
    assert "=== CODE" in Path("prompts/drafts/ticket_intake.md").read_text()


def test_no_editor_anywhere_says_how_to_set_one(authoring_workspace, monkeypatch, cli):
    """No $VISUAL, no $EDITOR and no default on PATH: exit 2 with the fix, draft on disk."""
    monkeypatch.setenv("PATH", str(authoring_workspace))
    result = cli("write", "ticket_intake")
    assert result.exit_code == 2
    assert "set $VISUAL or $EDITOR" in result.stderr
    assert Path("prompts/drafts/ticket_intake.md").is_file()


def test_failing_editor_keeps_the_draft_written_before_it_started(authoring_workspace, use_editor, cli):
    """An editor exiting non-zero: exit 1, one line, the draft (written before it ran) kept, no record."""
    use_editor("fail")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 1
    assert "exited with status 3" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "TODO: write the request here." in Path("prompts/drafts/ticket_intake.md").read_text()
    assert not CORPUS.exists()


def test_visual_wins_over_editor(authoring_workspace, use_editor, monkeypatch, texts, cli):
    """$VISUAL is used before $EDITOR."""
    use_editor("fill")
    monkeypatch.setenv("VISUAL", os.environ["EDITOR"])
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    assert cli("write", "ticket_intake").exit_code == 0


def test_editor_command_runs_without_a_shell(authoring_workspace, use_editor, monkeypatch, cli):
    """Shell syntax in $EDITOR is passed as arguments, never run: `; touch` creates nothing."""
    use_editor("fail")
    marker = authoring_workspace / "pwned"
    monkeypatch.setenv("EDITOR", os.environ["EDITOR"] + f" ; touch {marker}")
    cli("write", "ticket_intake")
    assert not marker.exists()


def test_invalid_draft_is_reopened_then_fixed(authoring_workspace, use_editor):
    """A draft that fails the checks reopens the editor (when the operator says so) until it passes."""
    use_editor("fix_second")
    asked = []

    class Operator:
        def choose(self, flow, recorded):
            raise AssertionError("not a recorded flow")

        def reopen(self, outcome):
            asked.append([f.code for f in outcome.findings])
            return True

        def warned(self, outcome):
            return "append"

    outcome = authoring.write(Project(), "ticket_intake", ask=Operator())
    assert outcome.status is authoring.Status.APPENDED and outcome.line == 1
    assert Path("prompts/drafts/ticket_intake.md.runs").read_text() == "2"
    assert len(asked) == 1 and "E211" in asked[0]
    assert "svix-flows problems" not in Path("prompts/drafts/ticket_intake.md").read_text()
    assert len(CORPUS.read_bytes().splitlines()) == 1


def test_invalid_draft_without_a_terminal_exits_1_and_notes_the_problems(
    authoring_workspace, use_editor, cli
):
    """With no terminal the loop never waits: exit 1, problems on stderr and noted in the draft."""
    use_editor("fix_second")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 1
    assert "E211" in result.stderr
    text = Path("prompts/drafts/ticket_intake.md").read_text()
    assert "<!-- svix-flows problems" in text and "E211" in text
    assert not CORPUS.exists()


def test_variant_added_on_a_recorded_flow(authoring_workspace, use_editor, texts, cli):
    """`write` on a recorded flow without a terminal adds a variant: a new draft and a new line."""
    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    texts(request="Second angle: how does a posted ticket reach the bus, and what fails where?")
    result = cli("write", "ticket_intake", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert "variant 2 as line 2" in result.stderr
    assert Path("prompts/drafts/ticket_intake.2.md").is_file()
    assert len(CORPUS.read_bytes().splitlines()) == 2


def test_revision_replaces_its_line_in_place(authoring_workspace, use_editor, texts, cli, monkeypatch):
    """`--revise 1` rewrites line 1 only: other lines byte-identical, same count, provenance updated."""
    use_editor("fill")
    cli("write", "ticket_intake")
    texts(request="Second angle: how does a posted ticket reach the bus, and what fails where?")
    cli("write", "ticket_intake")
    before = CORPUS.read_bytes().splitlines(keepends=True)
    inode = CORPUS.stat().st_ino

    new_think = THINK.replace("each boundary can be tested alone", "every boundary has its own test")
    draft = Path("prompts/drafts/ticket_intake.md")
    draft.write_text(draft.read_text().replace(THINK, "TODO: write the reasoning here."))
    texts(think=new_think)
    result = cli("write", "ticket_intake", "--revise", "1")
    assert result.exit_code == 0, result.stderr
    assert "revised `ticket_intake` variant 1: line 1" in result.stderr
    after = CORPUS.read_bytes().splitlines(keepends=True)
    assert len(after) == 2 and after[1] == before[1]
    assert after[0] == expected_line(authoring_workspace, REQUEST, new_think)
    assert CORPUS.stat().st_ino != inode  # replaced by rename, never rewritten in place
    entries = [json.loads(line) for line in PROVENANCE.read_text().splitlines()]
    assert len(entries) == 2
    assert entries[0]["record_sha256"] == hashlib.sha256(after[0].rstrip(b"\n")).hexdigest()


def test_revise_needs_a_recorded_variant(authoring_workspace, cli):
    """`--revise` on a flow without records is a usage error that says what to run."""
    result = cli("write", "ticket_intake", "--revise")
    assert result.exit_code == 2
    assert "no record to revise" in result.stderr


def test_code_edits_in_the_draft_are_ignored_and_said_so(
    authoring_workspace, use_editor, texts, monkeypatch, cli
):
    """Edits below the CODE marker never reach the record, and the operator is told."""
    use_editor("fill")
    monkeypatch.setenv("FILL_CODE_TOO", "1")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 0
    assert "edits below the === CODE line are ignored" in result.stderr
    assert CORPUS.read_bytes() == expected_line(authoring_workspace, REQUEST, THINK)


def test_prompt_and_think_files_replace_the_editor(authoring_workspace, tmp_path, cli):
    """`--prompt FILE --think FILE` records the texts without an editor; the draft holds them."""
    (tmp_path / "p.txt").write_text(REQUEST + "\n")
    (tmp_path / "t.txt").write_text(THINK + "\n")
    result = cli("write", "ticket_intake", "--prompt", tmp_path / "p.txt", "--think", tmp_path / "t.txt")
    assert result.exit_code == 0, result.stderr
    assert CORPUS.read_bytes() == expected_line(authoring_workspace, REQUEST, THINK)
    parsed = drafts.parse(Path("prompts/drafts/ticket_intake.md").read_text(), Path("d.md"))
    assert parsed.request == REQUEST


def test_only_one_of_prompt_and_think_is_a_usage_error(authoring_workspace, tmp_path, cli):
    """`--prompt` without `--think` (or the reverse) exits 2 naming the missing flag."""
    (tmp_path / "p.txt").write_text(REQUEST)
    result = cli("write", "ticket_intake", "--prompt", tmp_path / "p.txt")
    assert result.exit_code == 2 and "--think FILE is missing" in result.stderr


def test_draft_parse_strips_comments_and_unwraps_think_tags():
    """HTML comments are not text; a think block typed with its own tags is unwrapped."""
    text = (
        "<!-- svix-flows draft · flow f · variant 1 -->\n=== REQUEST ===\nAsk <!-- aside --> this.\n"
        "=== THINK ===\n<!-- hint -->\n<think>\nReason.\n</think>\n=== CODE ===\ncode\n"
    )
    parsed = drafts.parse(text, Path("d.md"))
    assert (parsed.request, parsed.think, parsed.code) == ("Ask  this.", "Reason.", "code\n")


def test_draft_without_its_markers_is_a_clear_error():
    """A draft whose THINK marker line was deleted names the marker and the fix."""
    text = "<!-- svix-flows draft · flow f · variant 1 -->\n=== REQUEST ===\nAsk.\n=== CODE ===\n"
    with pytest.raises(DataError, match="`=== THINK` marker line is missing"):
        drafts.parse(text, Path("d.md"))


def test_rebuild_lists_records_whose_code_changed(authoring_workspace, use_editor, texts, cli):
    """After the checkout changes, `rebuild` re-assembles the corpus and names the changed record."""
    use_editor("fill")
    cli("write", "ticket_intake")
    bus = authoring_workspace.parent / "checkout" / ROOT / "bus/mod.rs"
    bus.write_text(bus.read_text().replace('"bus closed"', '"the bus is closed"'))
    result = cli("rebuild")
    assert result.exit_code == 0, result.stderr
    assert "bus/mod.rs Bus::announce: code changed" in result.stdout
    assert CORPUS.read_bytes() == expected_line(authoring_workspace, REQUEST, THINK)
    assert b"the bus is closed" in CORPUS.read_bytes()


def test_rebuild_restores_a_lost_corpus(authoring_workspace, use_editor, texts, cli):
    """With the corpus and its provenance deleted, `rebuild` makes them again from the drafts."""
    use_editor("fill")
    cli("write", "ticket_intake")
    original = CORPUS.read_bytes()
    CORPUS.unlink()
    PROVENANCE.unlink()
    assert cli("rebuild").exit_code == 0
    assert CORPUS.read_bytes() == original
    assert json.loads(PROVENANCE.read_text())["flow"] == "ticket_intake"


def test_rebuild_writes_nothing_when_a_record_fails_its_checks(authoring_workspace, use_editor, texts, cli):
    """A recorded draft edited into a record `validate` refuses (template text left in its think
    block): `rebuild` exits 1 naming the draft and the code, and the corpus and provenance stay."""
    use_editor("fill")
    cli("write", "ticket_intake")
    corpus, provenance = CORPUS.read_bytes(), PROVENANCE.read_bytes()
    draft = Path("prompts/drafts/ticket_intake.md")
    head, marker, rest = draft.read_text().partition("\n=== THINK")
    marker_line, _, body = rest.partition("\n")
    draft.write_text(f"{head}{marker}{marker_line}\nTODO: write the reasoning here.\n{body}")
    result = cli("rebuild")
    assert result.exit_code == 1
    assert "ticket_intake.md: E214" in result.stderr
    assert (CORPUS.read_bytes(), PROVENANCE.read_bytes()) == (corpus, provenance)


def test_a_draft_broken_in_the_editor_is_refused_with_the_fix(authoring_workspace, use_editor, cli):
    """A draft whose marker line was deleted: exit 1, the missing marker named, draft kept, no record."""
    use_editor("drop_marker")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 1
    assert "the `=== THINK` marker line is missing" in result.stderr
    assert Path("prompts/drafts/ticket_intake.md").is_file()
    assert not CORPUS.exists()


# the byte-exact promise at assembly --------------------------------------------------------

BYTES_CASES = Path(__file__).parent / "fixtures" / "authoring" / "bytes"


def hard_bytes_cases() -> list[Path]:
    """Each folder holds crate files that replace the checkout's, `impl Intake` still at 6-15."""
    return sorted(folder for folder in BYTES_CASES.iterdir() if folder.is_dir())


def use_hard_bytes(workspace: Path, case: Path) -> None:
    crate = workspace.parent / "checkout" / ROOT
    for source in case.rglob("*.rs"):
        (crate / source.relative_to(case)).write_bytes(source.read_bytes())


def code_of_intake_block(corpus: bytes) -> str:
    content = json.loads(corpus)["messages"][2]["content"]
    return content.split("// File: server/svix-server/src/core/intake.rs (lines 6-15)\n", 1)[1].split(
        "\n```", 1
    )[0]


def source_bytes(workspace: Path, file: str, start: int, end: int) -> bytes:
    """Lines start..end of a checkout file as raw bytes, joined by LF, without the last LF."""
    raw = (workspace.parent / "checkout" / ROOT / file).read_bytes()
    return b"\n".join(raw.split(b"\n")[start - 1 : end])


@pytest.mark.parametrize("case", hard_bytes_cases(), ids=lambda case: case.name)
def test_write_copies_the_source_bytes_of_hard_lines(authoring_workspace, tmp_path, cli, case):
    """`write` over spans holding tabs, trailing whitespace, NBSP, multi-byte UTF-8 or lines of
    only whitespace appends the record whose code is exactly the source's bytes."""
    use_hard_bytes(authoring_workspace, case)
    (tmp_path / "p.txt").write_text(REQUEST)
    (tmp_path / "t.txt").write_text(THINK)
    result = cli("write", "ticket_intake", "--prompt", tmp_path / "p.txt", "--think", tmp_path / "t.txt")
    assert result.exit_code == 0, result.stderr
    assert CORPUS.read_bytes() == expected_line(authoring_workspace, REQUEST, THINK)
    code = code_of_intake_block(CORPUS.read_bytes()).encode("utf-8")
    assert code == source_bytes(authoring_workspace, "core/intake.rs", 6, 15)


@pytest.mark.parametrize("case", hard_bytes_cases(), ids=lambda case: case.name)
def test_rebuild_copies_the_source_bytes_of_hard_lines(authoring_workspace, tmp_path, cli, case):
    """`rebuild` from the drafts alone gives back, byte for byte, the line `write` appended for
    spans holding tabs, trailing whitespace, NBSP, multi-byte UTF-8 or whitespace-only lines."""
    use_hard_bytes(authoring_workspace, case)
    (tmp_path / "p.txt").write_text(REQUEST)
    (tmp_path / "t.txt").write_text(THINK)
    assert (
        cli("write", "ticket_intake", "--prompt", tmp_path / "p.txt", "--think", tmp_path / "t.txt").exit_code
        == 0
    )
    CORPUS.unlink()
    PROVENANCE.unlink()
    result = cli("rebuild")
    assert result.exit_code == 0, result.stderr
    assert CORPUS.read_bytes() == expected_line(authoring_workspace, REQUEST, THINK)
    code = code_of_intake_block(CORPUS.read_bytes()).encode("utf-8")
    assert code == source_bytes(authoring_workspace, "core/intake.rs", 6, 15)


@pytest.mark.parametrize("editor", ["delete", "delete_fail"])
def test_an_editor_that_deletes_the_draft_is_told_the_draft_is_gone(
    authoring_workspace, use_editor, cli, editor
):
    """An editor that deletes the draft (exiting 0 or not): nothing recorded, exit 1, and the
    message says the draft is gone, never that it is kept."""
    use_editor(editor)
    result = cli("write", "ticket_intake")
    assert result.exit_code == 1
    assert "is gone" in result.stderr and "kept" not in result.stderr
    assert not Path("prompts/drafts/ticket_intake.md").exists()
    assert not CORPUS.exists()


def _intake_flow(name: str = "ticket_intake"):
    from svix_flows.catalog import load_catalog

    return load_catalog(Path(__file__).parent / "fixtures/authoring/workspace/flows.toml").flow(name)


def test_a_new_draft_gives_the_summary_then_facts_and_notes_as_bullets():
    """The template's comment holds the flow's summary, then each fact and each note as a `-`
    bullet in catalog order, all before the REQUEST marker."""
    flow = _intake_flow()
    text = drafts.render(flow, 1, "code\n", None)
    head = text[: text.index("=== REQUEST")]
    said = [flow.summary, *(f"  - {entry}" for entry in flow.facts + flow.notes)]
    unwrapped = head.replace("\n    ", " ")  # a long bullet wraps under its own indent
    assert [unwrapped.index(part) for part in said] == sorted(unwrapped.index(part) for part in said)


def test_a_draft_of_an_older_description_has_it_as_one_fact_and_no_notes():
    """A flow written with `description`: its first sentence as the summary, the description as
    the one fact, and no note."""
    flow = _intake_flow("ticket_close")
    text = drafts.render(flow, 1, "code\n", None)
    assert f"  - {flow.description}" in text and "  - (none in the catalog)" in text


def test_a_workspaces_older_template_still_gets_the_flows_text(tmp_path):
    """A workspace template that names only `{{description}}` gets the summary and the bullets there."""
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "draft_template.md").write_text(
        "<!--\n{{description}}\n-->\n=== CODE ===\n{{code}}"
    )
    flow = _intake_flow()
    text = drafts.render(flow, 1, "code\n", tmp_path).replace("\n    ", " ")
    assert flow.summary in text and f"  - {flow.notes[0]}" in text


def test_a_refused_drafts_texts_are_kept_aside_before_new_ones_replace_them(
    authoring_workspace, tmp_path, cli
):
    """A second `write --prompt --think` on a refused pending draft keeps the refused text as
    `FLOW.md~` and says so; nothing the operator wrote is overwritten silently."""
    (tmp_path / "bad.txt").write_text("Explain `no_such_function_here` in the intake flow.")
    (tmp_path / "t.txt").write_text(THINK)
    (tmp_path / "p.txt").write_text(REQUEST)
    refused = cli("write", "ticket_intake", "--prompt", tmp_path / "bad.txt", "--think", tmp_path / "t.txt")
    assert refused.exit_code == 1
    draft = Path("prompts/drafts/ticket_intake.md")
    before = draft.read_text()
    result = cli("write", "ticket_intake", "--prompt", tmp_path / "p.txt", "--think", tmp_path / "t.txt")
    assert result.exit_code == 0, result.stderr
    kept = Path("prompts/drafts/ticket_intake.md~")
    assert kept.read_text() == before
    assert "ticket_intake.md~" in result.stderr and "kept at" in result.stderr


def test_the_same_texts_again_keep_nothing_aside(authoring_workspace, tmp_path, cli):
    """Re-running a refused write with the very same texts copies nothing aside."""
    (tmp_path / "bad.txt").write_text("Explain `no_such_function_here` in the intake flow.")
    (tmp_path / "t.txt").write_text(THINK)
    for _ in range(2):
        cli("write", "ticket_intake", "--prompt", tmp_path / "bad.txt", "--think", tmp_path / "t.txt")
    assert not list(Path("prompts/drafts").glob("*~"))


CLAIMED = (
    THINK + " `post_ticket` calls `Intake::check` before `TicketRow::from_intake`, and `post_ticket` "
    "returns a `TicketOut`."
)


def _write_think(cli, tmp_path, think: str, *extra: str):
    (tmp_path / "p.txt").write_text(REQUEST)
    (tmp_path / "t.txt").write_text(think)
    return cli(
        "write", "ticket_intake", "--prompt", tmp_path / "p.txt", "--think", tmp_path / "t.txt", *extra
    )


def test_a_write_says_names_and_claims_checked_in_its_one_line(authoring_workspace, tmp_path, cli):
    """On success, one line: what was appended, the names resolved, the claims checked and how
    many the code contradicts."""
    result = _write_think(cli, tmp_path, CLAIMED)
    assert result.exit_code == 0, result.stderr
    import re

    said = " ".join(result.stderr.split())
    checked = re.search(r"appended .* as line 1 .*: (\d+) names, (\d+) claims checked, 0 contradicted", said)
    assert checked is not None, said
    assert int(checked.group(1)) >= 5  # api::tickets, TicketIn, core::intake, store::ticket, TicketRow, …
    assert int(checked.group(2)) >= 2  # the call, the order and the return type


def test_write_claims_lists_each_backed_claim_with_its_line(authoring_workspace, tmp_path, cli):
    """`--claims` lists the claims the code backs, each with its file and line."""
    result = _write_think(cli, tmp_path, CLAIMED, "--claims")
    assert result.exit_code == 0, result.stderr
    assert "claims the code backs" in result.stderr
    assert "api/tickets.rs:" in result.stderr and "«" in result.stderr


def test_a_contradicted_claim_is_named_with_the_fact_and_refused_by_strict(
    authoring_workspace, tmp_path, cli
):
    """A false call claim is a warning that names what the code does and where; `--strict`
    refuses the record, and nothing is appended."""
    lie = THINK + " `Intake::check` calls `TicketRow::from_intake` on the trimmed title."
    result = _write_think(cli, tmp_path, lie, "--strict")
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "W330" in said and "core/intake.rs" in said
    assert not CORPUS.exists()


def test_a_reopened_draft_lists_the_claims_the_code_backs(authoring_workspace, tmp_path, cli):
    """After a refused check, the note at the top of the draft lists the backed claims with
    their lines beside the problems."""
    lie = CLAIMED + " `Intake::check` calls `TicketRow::from_intake` on the trimmed title."
    assert _write_think(cli, tmp_path, lie, "--strict").exit_code == 1
    head = Path("prompts/drafts/ticket_intake.md").read_text().split("=== REQUEST")[0]
    assert "W330" in head and "backed by the code: «" in head and "api/tickets.rs:" in head


def test_two_claims_of_one_sentence_backed_by_one_line_are_listed_once() -> None:
    """ "the database first, then the queue, then the cache" holds two orders backed by the same
    line: the list of backed claims shows that sentence and line once."""
    from svix_flows.checks.claims import Claim, Kind, State, Verdict

    sentence = "`probe` checks the database first, then the queue, then the cache."
    verdicts = tuple(
        Verdict(
            Claim(Kind.ORDER, sentence, "<action>database", later, "before"),
            State.SUPPORTED,
            where="health.rs:94",
        )
        for later in ("<action>queue", "<action>cache")
    )
    outcome = authoring.Outcome(authoring.Status.APPENDED, "health_check", 1, Path("d.md"), claims=verdicts)
    assert authoring.supported_claims(outcome) == [f"«{sentence}» (order, health.rs:94)"]


def test_the_crate_is_read_while_the_editor_is_open(authoring_workspace, use_editor, texts, cli, monkeypatch):
    """`write` reads what the check needs on another thread, started before the editor and
    given the flow's blocks; the check waits for it, so the verdict is the same."""
    import threading

    from svix_flows.checks import validate

    calls: list[tuple[str, list[tuple[str, int, int]]]] = []
    read_ahead = validate.prepare

    def watched(checkout, blocks):
        calls.append((threading.current_thread().name, list(blocks)))
        read_ahead(checkout, blocks)

    monkeypatch.setattr(validate, "prepare", watched)
    use_editor("fill")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 0, result.stderr
    assert "0 contradicted" in result.stderr
    assert len(calls) == 1
    thread, blocks = calls[0]
    assert thread != threading.main_thread().name
    assert blocks == [(f"{ROOT}/{file}", start, end) for file, start, end, _ in INTAKE_SPANS]


def test_texts_from_files_read_nothing_ahead(authoring_workspace, tmp_path, cli, monkeypatch):
    """With --prompt and --think no editor runs, so nothing is read on another thread."""
    from svix_flows.checks import validate

    monkeypatch.setattr(validate, "prepare", lambda *args: pytest.fail("read ahead without an editor"))
    (tmp_path / "p.txt").write_text(REQUEST)
    (tmp_path / "t.txt").write_text(THINK)
    assert (
        cli("write", "ticket_intake", "--prompt", tmp_path / "p.txt", "--think", tmp_path / "t.txt").exit_code
        == 0
    )


def test_reading_ahead_never_raises(tmp_path):
    """A checkout the read-ahead cannot read is left to the check to report: no exception."""
    from svix_flows.checks import validate
    from svix_flows.rust.checkout import Checkout

    validate.prepare(Checkout(tmp_path / "nowhere", ROOT), [(f"{ROOT}/a.rs", 1, 3)])


def test_reading_ahead_builds_the_crate_wide_facts(authoring_workspace, monkeypatch):
    """After the read-ahead the crate-wide facts (constants, defaults, every call) are built:
    asking for them reads no crate file again."""
    from svix_flows.checks import validate
    from svix_flows.rust.checkout import Checkout
    from svix_flows.rust.facts import facts_of

    checkout = Checkout(authoring_workspace.parent / "checkout", ROOT)
    validate.prepare(checkout, [(f"{ROOT}/{file}", start, end) for file, start, end, _ in INTAKE_SPANS])

    def no_reading(*args):
        raise AssertionError("a crate file read after the read-ahead")

    monkeypatch.setattr(Checkout, "read_bytes", no_reading)
    monkeypatch.setattr(Checkout, "source_file", no_reading)
    facts = facts_of(checkout)
    assert facts.constant("NO_SUCH_CONSTANT") == []
    assert facts.config_default("no_such_field") == []
    assert facts.called_anywhere("from_intake")
