"""How well the prose checks tell real names from invented ones, on the catalog's own prose.

The catalog's texts (each flow's summary, facts and notes, or an older description) are
audited against the pinned commit, so they are true text about each flow's code. Two measures,
each on every flow:

- false alarms: the flow's texts as a think block (and the title as a request), checked like a
  record's texts against the flow's code and the crate (E320-E323); every finding is listed.
  A flow id of the catalog named in the texts (`endpoint_creation`) is reported as one,
  rightly: a record's reader has no catalog.
- caught: each code-like name of the texts, one at a time, made into a name the crate
  does not have (words of a snake_case or CamelCase name reversed, `_all` or `Raw` added to a
  path's last part, an `s` before `.rs`); the share of these invented names that the checks
  report. A change that happens to give a real name of the crate is not counted.

    python bench/prose_recall.py --source /path/to/svix-webhooks [--catalog flows.toml] [--missed]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from svix_flows.catalog import load_catalog
from svix_flows.checks.prose.resolution import Grounding, ground
from svix_flows.checks.prose.tokens import Mention, mentions
from svix_flows.rust.checkout import Checkout
from svix_flows.rust.names import CrateNames

_HUMP = re.compile(r"[A-Z][a-z0-9]*")


def invented(mention: Mention) -> str:
    """A name like `mention` that a careless writer might produce."""
    text = mention.text
    if mention.kind == "file":
        return text.replace(".rs", "s.rs")
    if mention.kind == "path":
        *head, last = text.split("::")
        return "::".join([*head, last + "_all" if last[:1].islower() else "Raw" + last])
    words = text.strip("_").split("_")
    if len(words) > 1:
        return "_".join(reversed(words))
    humps = _HUMP.findall(text)
    return "".join(reversed(humps)) if len(humps) > 1 else text + "_all"


def is_real(name: str, kind: str, crate: CrateNames) -> bool:
    if kind == "file":
        return any(file == name or file.endswith("/" + name) for file in crate.files)
    return name.split("::")[-1] in crate.words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=Path("flows.toml"))
    parser.add_argument("--source", type=Path, required=True, help="svix-webhooks checkout root")
    parser.add_argument("--missed", action="store_true", help="list the invented names not caught")
    args = parser.parse_args()

    catalog = load_catalog(args.catalog)
    checkout = Checkout(args.source, catalog.source.root)
    crate = CrateNames.read(checkout)
    grounding = Grounding(crate, flows=[flow.id for flow in catalog.flows])
    names = alarms = made = caught = 0
    missed: list[str] = []
    width = max(len(flow.id) for flow in catalog.flows)
    print(f"{'flow':<{width}}  names  findings  invented  caught")
    for flow in catalog.flows:
        code = "\n".join(checkout.span(ref).text for ref in flow.spans)
        text = flow.prose
        findings = ground([(flow.title, "request"), (text, "think")], code, grounding, 1)
        found = [m for m in mentions(text) if not m.loose]
        flow_made = flow_caught = 0
        for mention in found:
            name = invented(mention)
            if name == mention.text or is_real(name, mention.kind, crate):
                continue
            flow_made += 1
            doctored = text.replace(mention.text, name, 1)
            if ground([(doctored, "think")], code, grounding, 1):
                flow_caught += 1
            else:
                missed.append(f"{flow.id}: `{mention.text}` → `{name}`")
        names += len(found)
        alarms += len(findings)
        made += flow_made
        caught += flow_caught
        print(f"{flow.id:<{width}}  {len(found):>5}  {len(findings):>8}  {flow_made:>8}  {flow_caught:>6}")
        for problem in findings:
            print(f"{'':<{width}}    {problem.code} {problem.message}")
    share = f"{caught / made:.1%}" if made else "n/a"
    print(f"{'total':<{width}}  {names:>5}  {alarms:>8}  {made:>8}  {caught:>6}  caught {share}")
    if args.missed:
        for line in missed:
            print(f"missed {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
