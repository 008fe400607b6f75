"""Corpus storage: the provenance and the drafts beside the JSONL corpus, and `flows.lock`.

- `provenance`: `out/provenance.jsonl`, one entry per record (`Entry`, `read_entries`).
- `drafts`: `prompts/drafts/<flow>[.<n>].md` (`DraftFile`, `list_drafts`, `claim`).
- `pins`: `flows.lock`, every span's lines and hash at the pinned commit (`read_lock`).

Storage only: what is read and written, never an operation over it (those are in `ops`).
Lines, locks and atomic replaces go through the one file discipline, `svix_flows.files`.
Import the submodules themselves: this package imports nothing.
"""
