"""`repair`: a corpus whose last line a crash or another tool tore, made whole without losing a byte.

A last line without its newline that is a whole JSON object only lacks the newline: one is
added. Anything else there is a torn write: its bytes are first copied to
`<file>.torn-<UTC time>` beside the file and fsynced, and only then cut from the file, so a
crash during the repair leaves them in one place or in both, never in neither. The provenance
file beside the corpus gets the same treatment, and temporary files that a crash during a
replacement left behind are removed (the file they were to replace is intact). It all happens
under the corpus lock, so no writer is half-way through a write. `validate` reports a torn line
(E101 and W108); appends refuse to go on after one until it is repaired.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..corpus.provenance import provenance_path
from ..errors import DataError, UsageError
from ..files import check_regular, count_lines, locked, mend_tail, unterminated_tail

if TYPE_CHECKING:
    from ..catalog import Catalog
    from .orphans import Adoption


@dataclass(frozen=True)
class Fix:
    """One file's last line: torn (its bytes saved aside and cut) or only missing its newline."""

    path: Path
    line: int
    size: int  # bytes of the last line
    torn: bool
    saved: Path | None  # where the torn bytes went (None on a dry run or a mere newline)


@dataclass(frozen=True)
class RepairReport:
    """What `repair` found and did (or, on a dry run, would do)."""

    corpus: Path
    fixes: tuple[Fix, ...]
    stale: tuple[Path, ...]  # temporary files of an interrupted replacement
    dry_run: bool
    orphans: tuple[Adoption, ...] = ()  # records a kill left without provenance
    problem: str | None = None  # why the orphans could not be looked for

    @property
    def clean(self) -> bool:
        return not self.fixes and not self.stale and not self.orphans


def repair(corpus: Path, *, dry_run: bool = False, catalog: Catalog | None = None) -> RepairReport:
    """Check, and unless `dry_run` repair, the corpus and its provenance; see the module docstring.

    With the catalog whose corpus this is, records without provenance are adopted too
    (`orphans.py`); a torn tail is set aside first, so only whole lines are looked at.
    """
    if corpus.is_dir():
        raise UsageError(f"{corpus}: a directory; pass the corpus JSONL file")
    if not corpus.parent.is_dir():
        return RepairReport(corpus, (), (), dry_run)
    fixes: list[Fix] = []
    adopted: tuple[Adoption, ...] = ()
    problem = None
    # one hold of the lock for what is read and what is written: a writer between the two
    # would make the orphans found stale (a line adopted twice, or a draft marked wrongly)
    with locked(corpus) as writer:
        for path in (corpus, provenance_path(corpus)):
            fix = _repair_tail(path, dry_run)
            if fix is not None:
                fixes.append(fix)
        stale = _stale_temporaries(corpus)
        if not dry_run:
            for path in stale:
                path.unlink(missing_ok=True)
        if catalog is not None and catalog.corpus_path.resolve() == corpus.resolve():
            from .orphans import adopt

            try:
                adopted = tuple(adopt(catalog, dry_run=dry_run, writer=writer))
            except DataError as exc:  # a line too long to read (a dry run leaves a torn one there)
                problem = f"{exc}; records without provenance were not looked for"
    return RepairReport(corpus, tuple(fixes), tuple(stale), dry_run, adopted, problem)


def _repair_tail(path: Path, dry_run: bool) -> Fix | None:
    flags = os.O_RDONLY if dry_run else os.O_RDWR
    try:
        fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{path}: cannot open: {exc.strerror}; nothing was changed") from None
    try:
        check_regular(path, fd)
        os.set_blocking(fd, True)
        size = os.fstat(fd).st_size
        tail = unterminated_tail(fd, size)
        if tail is None:
            return None
        line = count_lines(fd, size)
        fix = Fix(path, line, size - tail.offset, not tail.whole, None)
        if dry_run:
            return fix
        try:
            saved = mend_tail(fd, path, size, tail)
        except OSError as exc:
            raise UsageError(f"{path}: cannot repair: {exc.strerror}; the file is as it was") from None
        return fix if tail.whole else Fix(path, line, fix.size, True, saved)
    finally:
        os.close(fd)


def _stale_temporaries(corpus: Path) -> list[Path]:
    """Temporary files of `replace_file` for the corpus or its provenance (none live under the lock)."""
    found = []
    for path in (corpus, provenance_path(corpus)):
        found.extend(sorted(path.parent.glob(f".{path.name}.*.tmp")))
    return found


def describe(report: RepairReport) -> list[str]:
    """One line per thing found or done, for the operator."""
    would = "would be " if report.dry_run else ""
    lines = []
    for fix in report.fixes:
        where = f"{fix.path}:{fix.line}"
        if not fix.torn:
            lines.append(f"{where}: the last line lacked its newline; one {would or 'was '}added")
        elif fix.saved is None:
            lines.append(f"{where}: the last line is torn ({fix.size} bytes); it {would}saved aside and cut")
        else:
            lines.append(
                f"{where}: the last line was torn ({fix.size} bytes); saved to {fix.saved} and cut "
                "from the file. Run `svix-flows write FLOW` again for a record that was being written"
            )
    for path in report.stale:
        lines.append(f"{path}: a temporary file left by an interrupted write; {would or 'it was '}removed")
    from .orphans import describe as describe_orphans

    lines.extend(describe_orphans(report.corpus, list(report.orphans), report.dry_run))
    if report.problem:
        lines.append(report.problem)
    if report.clean and not report.problem:
        lines.append(f"{report.corpus}: nothing to repair")
    return lines
