"""Record checks: finding what is wrong with a record.

- `lints`, `prose/`, `cites`, `claims/`: the prose checks (think block, names grounded in the
  code, citations, claims against the code).
- `validate`: every check over a JSONL file, streamed (`Validator`, `validate_file`), over
  `shape` (the record's form), `source` (the code against the checkout) and `repeats`.

A record's format (assembling, parsing, the finding codes) is `svix_flows.records`, below.
Import the submodules themselves: this package imports nothing.
"""
