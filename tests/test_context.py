"""Span headers that name their context: `// File: <path> (lines A-B), in impl …`."""

from __future__ import annotations

from svix_flows.files import line_hash
from test_write import CORPUS, PROVENANCE, REQUEST, THINK, expected_line, texts  # noqa: F401 (a fixture)


def test_rebuild_brings_plain_headers_to_the_context_form(authoring_workspace, use_editor, texts, cli):
    """A corpus written before headers named their impl is rewritten with `, in impl …` by `rebuild`."""
    use_editor("fill")
    assert cli("write", "ticket_intake").exit_code == 0
    new = CORPUS.read_bytes()
    old = new.replace(b", in impl TicketRow", b"").replace(b", in impl Bus", b"")
    CORPUS.write_bytes(old)  # and its provenance, as the older tool wrote them
    PROVENANCE.write_text(PROVENANCE.read_text().replace(line_hash(new), line_hash(old)))
    result = cli("rebuild")
    assert result.exit_code == 0, result.stderr
    assert CORPUS.read_bytes() == new == expected_line(authoring_workspace, REQUEST, THINK)
    assert "only the span headers: they now name their impl" in result.stdout


def test_validate_accepts_the_plain_header_of_a_method(authoring_workspace, use_editor, texts, cli):
    """The plain header of an item inside an impl stays valid: both forms pass `validate`."""
    use_editor("fill")
    cli("write", "ticket_intake")
    CORPUS.write_bytes(CORPUS.read_bytes().replace(b", in impl Bus", b""))
    result = cli("validate", str(CORPUS))
    assert result.exit_code == 0, result.stdout


def test_validate_refuses_a_context_the_checkout_does_not_have(authoring_workspace, use_editor, texts, cli):
    """A header naming the wrong impl is error E232, which names the impl the lines are really in."""
    use_editor("fill")
    cli("write", "ticket_intake")
    CORPUS.write_bytes(CORPUS.read_bytes().replace(b", in impl Bus", b", in impl TicketRow"))
    result = cli("validate", str(CORPUS))
    assert result.exit_code == 1
    assert "E232" in result.stdout and "are in `impl Bus`" in result.stdout
