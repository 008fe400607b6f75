"""svix-flows: the operator's CLI for a hand-written corpus of svix-server data flows."""
