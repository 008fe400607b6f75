"""Corpus storage: the JSONL corpus, its provenance and the drafts beside it.

- `files`: the one file discipline: `Line`, `iter_lines`, `replace_file`, `locked`/`Writer`,
  torn-tail detection (`unterminated_tail`, `whole_record`).
- `provenance`: `out/provenance.jsonl`, one entry per record (`Entry`, `read_entries`).
- `drafts`: `prompts/drafts/<flow>[.<n>].md` (`DraftFile`, `list_drafts`, `claim`).
- `orphans`, `repair`, `dropping`: mending what a crash left, and taking a record back out.

Import the submodules themselves: this package imports nothing.
"""
