"""A kill between the corpus append and the provenance leaves an orphan record: the next
`write` or `repair` adopts it, and never overwrites its draft.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import faultlib
from faultlib import CORPUS, PROVENANCE, Op


def _killed_before_provenance(ws: Path, op: Op, monkeypatch) -> None:
    """`write` whose process dies right after the append, before its provenance is written."""
    from svix_flows.corpus import provenance

    def killed(self):
        raise KeyboardInterrupt  # not an error `write` takes back: as good as SIGKILL here

    with monkeypatch.context() as patch:
        patch.setattr(provenance.Entry, "dumps", killed)
        with pytest.raises(KeyboardInterrupt):
            faultlib.run(ws, op)
    assert (ws / CORPUS).read_bytes().count(b"\n") == 1
    assert not (ws / PROVENANCE).exists() or op.request.encode() not in (ws / PROVENANCE).read_bytes()


def test_a_write_with_other_texts_adopts_the_orphan_and_never_overwrites_its_draft(
    authoring_workspace, monkeypatch
):
    """After a kill between the append and the provenance, the next `write` of that flow with
    other texts first adopts the orphan line (provenance written, its draft marked recorded),
    then records the new texts as the next variant: both records, both drafts, all agreeing."""
    ws = authoring_workspace
    _killed_before_provenance(ws, Op("ticket_close", 1), monkeypatch)
    outcome = faultlib.run(ws, Op("ticket_close", 2))
    assert outcome.ok and outcome.variant == 2
    assert faultlib.corpus_problems(ws, {("ticket_close", 1): 1, ("ticket_close", 2): 2}) == []
    assert Op("ticket_close", 1).request in (ws / "prompts/drafts/ticket_close.md").read_text()


def test_the_same_write_run_again_after_the_kill_finishes_the_record(authoring_workspace, monkeypatch):
    """The operator's re-run with the same texts adopts the line: one record, not two."""
    ws = authoring_workspace
    op = Op("ticket_close", 1)
    _killed_before_provenance(ws, op, monkeypatch)
    outcome = faultlib.run(ws, op)
    assert outcome.ok and outcome.adopted and outcome.line == 1
    assert faultlib.corpus_problems(ws, {("ticket_close", 1): 1}) == []


def test_repair_adopts_an_orphan_into_the_draft_holding_its_texts(authoring_workspace, monkeypatch, cli):
    """`repair` no longer says "nothing to repair" over an orphan: it names the line and adopts
    it (`--dry-run` only says so); afterwards corpus, provenance and draft agree."""
    ws = authoring_workspace
    _killed_before_provenance(ws, Op("ticket_intake", 1), monkeypatch)
    dry = cli("repair", "--dry-run")
    assert dry.exit_code == 0
    assert ":1: a record of `ticket_intake` without provenance" in dry.stderr
    assert "would be adopted" in dry.stderr
    assert faultlib.corpus_problems(ws, {("ticket_intake", 1): 1}) != []
    result = cli("repair")
    assert result.exit_code == 0
    assert "was adopted" in result.stderr
    assert faultlib.corpus_problems(ws, {("ticket_intake", 1): 1}) == []
    assert "nothing to repair" in cli("repair").stderr


def test_repair_writes_a_draft_from_an_orphan_whose_draft_is_gone(authoring_workspace, monkeypatch, cli):
    """An orphan whose texts no draft holds any more gets a new draft written from the line,
    marked recorded, so `rebuild` can re-assemble it: the operator's texts exist twice again."""
    ws = authoring_workspace
    op = Op("ticket_intake", 1)
    _killed_before_provenance(ws, op, monkeypatch)
    (ws / "prompts/drafts/ticket_intake.md").unlink()
    result = cli("repair")
    assert result.exit_code == 0, result.stderr
    assert "a new draft written from the line" in result.stderr
    assert faultlib.corpus_problems(ws, {("ticket_intake", 1): 1}) == []
    assert op.think in (ws / "prompts/drafts/ticket_intake.md").read_text()
    before = (ws / CORPUS).read_bytes()
    assert cli("rebuild").exit_code == 0
    assert (ws / CORPUS).read_bytes() == before
