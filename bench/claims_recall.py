"""How well the prose checks catch one-sentence lies, and how often they flag true text.

Each case folder (tests/fixtures/claims/real/<case>/ by default) holds a true record's request and
think block, and `lies.toml`: copies with exactly one sentence made false, each of a kind (call,
signature, value, order, error, member). The record's code is its flow's spans at the checkout.

- false alarms: findings of the prose checks (W33x claims, E32x names, W312) on a true record;
- caught: a lie is caught when its copy draws a finding of those checks that the true record
  does not (compared by code and message);
- precision per kind: of the findings a lie's copy adds, the share that quote the false sentence
  or name what the lie changed.

    python bench/claims_recall.py --source /path/to/svix-webhooks [--cases DIR] [--missed] [--verbose]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

from svix_flows.catalog import load_catalog
from svix_flows.checks.validate import Validator
from svix_flows.records import record
from svix_flows.records.record import system_message
from svix_flows.rust.checkout import Checkout

_PROSE = ("W33", "E32", "W312")


def prose_findings(validator: Validator, built: dict[str, object]) -> set[tuple[str, str]]:
    return {(f.code, f.message) for f in validator.record(built, 1) if f.code.startswith(_PROSE)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="svix-webhooks checkout root")
    parser.add_argument("--catalog", type=Path, default=Path("flows.toml"))
    parser.add_argument("--cases", type=Path, default=Path("tests/fixtures/claims/real"))
    parser.add_argument("--missed", action="store_true", help="list the lies not caught")
    parser.add_argument("--verbose", action="store_true", help="list every finding")
    args = parser.parse_args()

    catalog = load_catalog(args.catalog)
    flows = {flow.id: flow for flow in catalog.flows}
    checkout = Checkout(args.source, catalog.source.root)
    validator = Validator.for_catalog(catalog, checkout=checkout)
    system = system_message(catalog.workspace)
    made: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    flagged: Counter[str] = Counter()  # findings a lie's copy added
    on_lie: Counter[str] = Counter()  # of those, the ones quoting the false sentence
    alarms = 0
    missed: list[str] = []
    for case in sorted(p for p in args.cases.iterdir() if (p / "case.toml").is_file()):
        flow = flows[tomllib.loads((case / "case.toml").read_text())["flow"]]
        spans = [checkout.span(ref) for ref in flow.spans]
        request = (case / "request.md").read_text()
        think = (case / "think.md").read_text()
        truth = prose_findings(validator, record.assemble(system, request, think, spans))
        alarms += len(truth)
        print(f"{case.name}: true record, {len(truth)} finding(s)")
        for code, message in sorted(truth):
            print(f"    FALSE ALARM {code} {message}")
        lies = tomllib.loads((case / "lies.toml").read_text()).get("lie", [])
        for lie in lies:
            if lie["true"] not in think:
                print(f"    (lie skipped: its true sentence is not in think.md: {lie['true'][:60]}…)")
                continue
            kind = lie["kind"]
            made[kind] += 1
            doctored = think.replace(lie["true"], lie["false"], 1)
            added = prose_findings(validator, record.assemble(system, request, doctored, spans)) - truth
            # on the lie: the finding quotes the false sentence, or names what the lie changed
            changed = set(re.findall(r"`([^`]+)`", lie["false"])) - set(re.findall(r"`([^`]+)`", lie["true"]))
            quoting = [
                m
                for _, m in added
                if lie["false"][:40].replace("`", "") in m.replace("`", "")
                or any(f"`{name}`" in m or name.rsplit("::", 1)[-1] in m for name in changed)
            ]
            flagged[kind] += len(added)
            on_lie[kind] += len(quoting) if quoting else 0
            if added:
                caught[kind] += 1
            else:
                missed.append(f"{case.name} [{kind}]: {lie['false']}")
            if args.verbose:
                for code, message in sorted(added):
                    print(f"    [{kind}] {code} {message}")
    print()
    print(f"{'kind':<10} {'lies':>5} {'caught':>7} {'recall':>7} {'flags':>6} {'precision':>9}")
    for kind in sorted(made):
        recall = caught[kind] / made[kind]
        precision = f"{on_lie[kind] / flagged[kind]:.0%}" if flagged[kind] else "n/a"
        print(
            f"{kind:<10} {made[kind]:>5} {caught[kind]:>7} {recall:>7.0%} {flagged[kind]:>6} {precision:>9}"
        )
    total, hit = sum(made.values()), sum(caught.values())
    print(f"{'all':<10} {total:>5} {hit:>7} {hit / total if total else 0:>7.0%}")
    print(f"false alarms on true records: {alarms}")
    if args.missed:
        for line in missed:
            print(f"missed {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
