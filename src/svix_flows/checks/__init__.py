"""Record checks: assembling a record and finding what is wrong with one.

- `record`: assemble and parse ChatML records (`assemble`, `parse_assistant`, `dumps`).
- `render`: the code section of a record from spans.
- `findings`: the finding codes (`Finding`, `finding`, `CODES`).
- `lints`, `grounding`, `cites`: the prose checks (think block, grounding in the code, citations).
- `validate`: every check over a JSONL file, streamed (`Validator`, `validate_file`).
- `parallel`: cutting a large file into chunks checked by one process per core.

Import the submodules themselves: this package imports nothing.
"""
