"""The record format: assembling a record, parsing one, and the findings about one.

- `record`: assemble and parse ChatML records (`assemble`, `parse_assistant`, `dumps`).
- `render`: the code section of a record from spans.
- `findings`: the finding codes and severities (`Finding`, `finding`, `CODES`).

Import the submodules themselves: this package imports nothing.
"""
