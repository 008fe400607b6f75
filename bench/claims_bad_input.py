"""Is the claims grammar linear in the size of its text? Crafted texts, each at doubling sizes.

Each pattern is repeated to 8, 16, 32 and 64 KB (and more with --max) and read by `claims()`; the
time of the largest over the smallest must stay near the ratio of their sizes (a quadratic path
shows as a ratio of sizes squared). The judge is run too, over the synthetic crate of the claims
fixtures, since a text's claims are bounded (MAX_SENTENCES) but each costs a verdict.

    python bench/claims_bad_input.py [--max 65536] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from svix_flows.catalog import load_catalog
from svix_flows.checks.claims import Judge, claims
from svix_flows.rust.checkout import Checkout
from svix_flows.rust.facts import facts_of

CHECKOUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "claims" / "checkout"

PATTERNS: dict[str, str] = {
    "endless relation words": "`create_notice` calls hands passes goes through invokes ",
    "relation chain, one sentence": "`create_notice` calls `create_notice_inner` then ",
    "relation chain, many sentences": "`create_notice` calls `create_notice_inner`. ",
    "long name chain": "`a::b::c::d::e::f::g::h::i::j::k::l::m::n::o::p` ",
    "bare names": "Some_Name_v2 other_name_x CamelCaseName ",
    "many numbers": "`MAX_SIZE` is 1, 2, 3, 4 and 5 KB, 6 × 7, one hour, 10_000 ",
    "order words": "before after then first once `a_b` before `c_d` after ",
    "error words": "a failed insert is retried and only logged and propagated, retrying ",
    "timers": "it sleeps 100 ms every second, valid for 10 minutes with a TTL of 3 s ",
    "backticks unclosed": "`create_notice calls `",
    "negations": "not never no unlike instead unless `a_b` does not call `c_d` ",
    "relative clauses": "`clean_rows`, which takes the `Pool`, and returns the count as a `DbResult<u64>`, ",
    "failures named by their step": "`a_b` drops it, and a failure there is only logged, a receive error ",
    "members listed, values named": "`NoticeEvent` carries `desk_id`, `topic` and `task.body` is stored in `Desk` ",
    "parameters with their types": "`new_pair` takes `dsn: &str`, `queue_name: String` and `prefetch: u16`, ",
    "missing rows": "a missing desk is not an error, if the notice does not exist, the handler just returns an empty ",
    "fallbacks and anaphors": "A failure there is only logged, a missing `revision` is stored as 1 and becomes ",
    "always, mapped, rows": "`a_b` always calls `c_d` unconditionally, is mapped with `e_f`, asks for `limit + 1` rows ",
    "steps and siblings": "looks it up with `desk::Entity::find_by_id_or_slug`, passes it to `set_raw_x` and `f()` ",
    "constants beside numbers": "the waits are 100, 200 and 400 ms from `RETRY_SCHEDULE`, `now - LOOKBACK`, `64` ",
    "quoted messages": 'fails with `Error::queue` with the message "No queue configured" and "x" ',
    "type lists, defaults": "`f_g` takes a `Database`, an optional `Cache` and the `NoticeIn`, defaults to 5 through `d_e` ",
    "fallbacks, constructors": "when `batch_size` is not configured it uses a batch size of 64, becomes `Error::queue(…)` ",
    "written calls, arms, variants": "For `QueueTask::Ping`, `desk::Entity::find_by_id(&db, data.desk_id)` is called with "
    "`Outcome::Sent` and `f_g` for `Outcome::Failed`. ",
    "statuses, defaults of types": "maps its error through `http_error_on_conflict`, so it becomes a 409, "
    "`ValidatedJson` answers 422, a `Limit` that defaults to 50, answering 201, twenty-four hours ",
    "paragraphs and pronouns": "`a_b` calls `c_d`.\n\nNext it calls `e_f`, which runs `g_h`. That method returns `T`. ",
    "fields copied, variants named": "copies `a_b` into `c_d`, derives `e_f` from `g_h`, whose `id` is the row's "
    "`desk_id`, carries `QueueTask::Ping`, sets `uid` to `None`, ",
    "acting subjects, unwraps": "`desk::Entity::find_by_id` filters the rows, and `x_y::Z::w` paginates, "
    "unwraps its `Result` and calls `unwrap` on it, an error from it is propagated, ",
    "parameter lists": "`f_g` pulls `q_t` out of `AppState` and requires a `A`, a `B`, `C` and `D`, "
    "Its extractors are `E`, `F` and `G`, `cache.set` on `H`, ",
    "log macros": "logged with `tracing::error!`, then `warn!(x)`, not with `tracing::debug!`, ",
    "values in plain words, own fallbacks": "uses a batch size of 1000, `version` falls back to 1, "
    "reads `batch_size`, falling back to a batch of 64 when it is unset, ",
    "denied conditions, steps said again": "Without the flag the handler returns `E::c` and, "
    "after a failed `f`, sleeps, inserts the row and only after that calls `g`, the task is built by `h`, ",
    "statuses with messages, lists closed then added to": 'answers 401 with the detail "Bad ticket", 404 and "x" '
    "`T` holds a `m` of type `U`, with fields `a` and `b`, plus the `key` bytes, ",
    "signatures written whole, counted field lists": "`f(State(S { a, .. }): State<S>, (x, y)) -> R`, "
    "`g(a, b)`, whose signature is `(a: A, b: (B)) -> C`, unlike `h`, which goes through `k`, "
    "with two fields, `a` and `b`, and its `c`, ",
    "settings, suppositions, wrapped errors": "On a hit, `f` then loads `g`, whenever `h` yields `E::A` or "
    "`k` yields `E::B`, the query starts as `m(x)`, `Error::http` wrapping `HttpError::not_found`, ",
    "lists in order, sums, quoted logs": "in order, the pool with `f`, the cache from `g`, and `h`, in that "
    'order, 3 days plus 5 minutes, logged with `warn!` as "Retrying after error", i.e. ',
    "variants built later, places": "`f` sets `A::B` and wraps the items in `E::V`, `E::W` or `E::X`, "
    "In `g`, each step sleeps first and then reads; once gone, it rereads through `h`, ",
    "passives after and, quotes, sums": "`f` lives in a.rs and is registered with `g`, runs it through `t`, adds "
    'at most 70 ms, "open quote; no close, shows up in `h`, the helper it shares with `k`, which returns ',
    "field lists had, variants counted, wire names": "`Desk` carries `a` as a `T` and an optional `b`, has six "
    "variants: `A`, serialised in lowercase as `ok` or `c`, awaits `f` with `cfg.x` and only then ",
    "its error after semicolons, panics, values set by": "`f` drops a; its error is propagated with `?`, "
    "calls `g`, and an error from it makes `main` panic, `x` is set by `h`, For a key it checks ",
    "hard-coded fields, contrasts, placeholders": "`a_b` field is hard-coded to 0 and `c` has no d and is "
    "hardcoded to `None`, the same holds for `E::x`, `T` does not call it but reaches it through `f`, org_XXXX ",
    "database codes, intervals, clauses after a colon": "the Postgres code `23505` not code 23503, a 100 ms "
    "interval that ticks every 5 s, and `g` parses X, turning it into `E::x`: a `A::B` goes to `f`, When `a.b` ",
    "success statuses, sides of an option, retry windows": "the handler answers 204 and the client sees a "
    "`StatusCode::OK`, when a delay is given it calls `f` or `g` otherwise, with no delay `h` rather than `k`, "
    "within 1000 ms it is retried, `Result<NoContent>` which renders as 200, ",
    "messages logged or panicked with, other handlers, validation": 'it logs "Failed to install" with '
    '`tracing::error!` and panics with "Drain failed", the shelf handlers do call `f`, `T` carries nothing but `g`, '
    "the crate's `src`, a `limit` fails validation with a 400 and a failed validation to `HttpError::x`, ",
    "members said of a type, returns past a list, gerund orders": "`f`, a method on `T`, belongs to `U`, "
    "`T` offers `a` and `b`, The PUT handler `g` takes `A`, the `B` and `C`, and returns `R`, reverses the "
    "rows before truncating them, logged at error level and then returned, failing the request, ",
    "passive orders, error variants, messages in backticks": "the rows are reversed for `A::B` before "
    "being truncated, a TTL that does not fit becomes `Error::Overflow`, with the detail `Bad ticket` and "
    "mapped by `f` to a 422, which goes through `impl From<x::E> for Error` and becomes `Error::q`, ",
    "bound orders, other arms, returns after a relative clause": "`f` computes `done` as `n <= k` after "
    "it truncates the rows, then sets `last` before reversing them, any level other than `A::B` gets "
    "`HttpError::c`, `g` takes `S<T>`, from which it destructures `db`, and it returns `R<U>`, ",
    "transaction orders, other errors, afterwards": "`f` runs before the transaction is opened, an "
    "error whose text contains `BUSY` is ignored; any other error is logged, `g` reverses the rows, "
    "and only afterwards truncates them, `h`, which takes `A` and returns `B`, ",
    "setters, clamps, log levels, relative propagation": "When the flag is set and `c.on()` is true, "
    "it calls `f`, `max_age` is 3600 seconds, capped with `min` at 300 seconds, `can_fail` with the "
    "detail `x`, which logs it through `tracing::warn!` and then returns it to the handler, ",
    "leading actions, panics in a body, possessed fields": "Before the row is updated the handler "
    "calls `f`, Before that write it calls `g`, In `h`, `k` runs before the transaction is opened, "
    "a `DbErr` makes `m` panic, holding the row's `a`, its `b`, takes the `X` and `y` from one `z` "
    "timestamp, and the `T` trait's `after` turns ",
}


def _text(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters, in sentences just under MAX_SENTENCE (a longer one
    is not read at all, which would hide the grammar's own cost), each ending in a word of its
    own: the grammar remembers a sentence it has read, and a repeated one would cost nothing."""
    body = (unit * (540 // len(unit) + 1))[:540].rstrip()
    out: list[str] = []
    length = 0
    for number in range(size // 500 + 2):
        sentence = f"{body} {_word(number)}. "
        out.append(sentence)
        length += len(sentence)
        if length >= size:
            break
    return "".join(out)[:size]


def _word(number: int) -> str:
    """A plain lower-case word of its own for each number (`ab`, `ac`, …)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    word = ""
    number += 27
    while number:
        number, rest = divmod(number, 26)
        word = letters[rest] + word
    return word


def timed(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=65536, help="largest text, in characters")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    catalog = load_catalog(CHECKOUT / "flows.toml")
    facts = facts_of(Checkout(CHECKOUT, catalog.source.root))
    judge = Judge(facts)
    own = [fn for fns in facts.crate.functions.values() for fn in fns][:12]
    sizes = []
    size = 8192
    while size <= args.max:
        sizes.append(size)
        size *= 2
    worst = 0.0
    print(
        f"{'pattern':32} "
        + " ".join(f"{s // 1024:>6}K" for s in sizes)
        + f"   ratio, ms (sizes x{sizes[-1] // sizes[0]})"
    )
    for name, unit in PATTERNS.items():
        seconds = []
        for size in sizes:
            text = _text(unit, size)
            seconds.append(timed(lambda text=text: (list(claims(text)), judge.judge(text, own)), args.runs))
        ratio = seconds[-1] / max(seconds[0], 1e-6)
        worst = max(worst, ratio)
        print(f"{name:32} " + " ".join(f"{s * 1000:>7.1f}" for s in seconds) + f"   {ratio:5.1f}")
    limit = 2.0 * sizes[-1] / sizes[0]
    verdict = "linear" if worst <= limit else "NOT LINEAR"
    print(f"\nworst ratio {worst:.1f} for {sizes[-1] // sizes[0]}x the text (limit {limit:.0f}): {verdict}")


if __name__ == "__main__":
    main()
