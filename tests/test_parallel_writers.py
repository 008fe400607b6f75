"""Parallel writers of one flow each land as a variant, and leave no claim file beside the drafts."""

from __future__ import annotations

import os
import subprocess
import sys

import faultlib
from faultlib import Op


def test_four_parallel_writers_of_one_flow_with_texts_from_files_each_land_as_a_variant(authoring_workspace):
    """4 `write FLOW --no-input --prompt … --think …` at once on one flow: none is refused as
    busy; each takes the next free variant, and the corpus, provenance and drafts agree."""
    ws = authoring_workspace
    processes = []
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    for n in range(1, 5):
        op = Op("ticket_close", n)
        (ws / f"p{n}.txt").write_text(op.request)
        (ws / f"t{n}.txt").write_text(op.think)
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "svix_flows",
                    "write",
                    "ticket_close",
                    "--no-input",
                    "--prompt",
                    f"p{n}.txt",
                    "--think",
                    f"t{n}.txt",
                ],
                cwd=ws,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = [(process.wait(60), process.stderr.read()) for process in processes]
    assert [code for code, _ in results] == [0] * 4, results
    from svix_flows.corpus import drafts

    variants = {d.variant: d.path for d in drafts.list_drafts(ws, "ticket_close")}
    assert sorted(variants) == [1, 2, 3, 4]
    expected = {}
    for variant, path in variants.items():
        n = next(n for n in range(1, 5) if Op("ticket_close", n).request in path.read_text())
        expected[("ticket_close", variant)] = n
    assert sorted(expected.values()) == [1, 2, 3, 4]
    assert faultlib.corpus_problems(ws, expected) == []


def test_no_claim_file_is_left_beside_the_drafts(authoring_workspace):
    """The `.FLOW.N.md.lock` claim is removed when the write ends: the drafts folder holds drafts."""
    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    faultlib.run(ws, Op("ticket_close", 2))
    assert sorted(p.name for p in (ws / "prompts/drafts").iterdir()) == [
        "ticket_close.2.md",
        "ticket_close.md",
    ]
