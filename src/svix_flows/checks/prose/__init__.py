"""The prose held against the code: the names a request or think block uses must exist.

A record teaches a model to reason from its request and think block, so a name there that the
code does not have (`create_msg_handler`, `core::dispatcher`) teaches it to invent.

- `tokens`: the token grammar and the `Scanner` (one per run, owning its caches) that finds the
  code-like names of a text (`Mention`, of a `MentionKind`).
- `resolution`: `Grounding` resolves each mention against the record's code and the crate's
  names (`rust.names.CrateNames`); `ground` gives E320-E323 and N320.
- `specificity`: W311, the think block names the functions and types of its own code.
- `hygiene`: E205, no hidden character in a text the model reads.
- `direction`: W312, "from A to B" against the order of the spans.
"""
