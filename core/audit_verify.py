"""The full audit check: the chain from its first entry, then every signed checkpoint, from
the file outside the database and from the table, still matching it. A checkpoint pins the
hash of entry ``tree_size``: rewriting or deleting any entry up to it, or cutting the tail
below it, breaks that match. Entries after the newest checkpoint rest on the chain alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from joserfc.jwk import OKPKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import ChainBreak, walk_chain
from core.checkpoints import AuditCheckpoint, Checkpoint, CheckpointLog, ForgedCheckpoint
from core.checkpoints import open_checkpoint as open_token


@dataclass(frozen=True)
class CheckpointProblem:
    """A checkpoint that does not hold, and where it was found."""

    source: str
    reason: str
    checkpoint: Checkpoint | None = None

    def describe(self) -> str:
        if self.checkpoint is None:
            return f"{self.source}: {self.reason}"
        cp = self.checkpoint
        return (
            f"checkpoint of {cp.tree_size} entries signed {cp.at.isoformat(timespec='seconds')} "
            f"({self.source}) no longer matches: {self.reason}"
        )


@dataclass(frozen=True)
class AuditReport:
    entries: int
    """Entries found intact, in order, from the first."""
    broken: ChainBreak | None
    checkpoints: int
    """Distinct checkpoints whose signature verified."""
    newest_in_file: Checkpoint | None
    newest_in_table: Checkpoint | None
    problems: tuple[CheckpointProblem, ...]
    warnings: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.problems

    @property
    def newest(self) -> Checkpoint | None:
        found = [cp for cp in (self.newest_in_file, self.newest_in_table) if cp is not None]
        return max(found, key=lambda cp: (cp.tree_size, cp.at)) if found else None

    @property
    def after_newest(self) -> int:
        """Entries after the newest checkpoint: verified by the chain only."""
        newest = self.newest
        return max(self.entries - newest.tree_size, 0) if newest else self.entries


@dataclass
class _Found:
    checkpoint: Checkpoint
    sources: list[str] = field(default_factory=list)
    in_table: bool = False


def _newest(found: list[Checkpoint]) -> Checkpoint | None:
    return max(found, key=lambda cp: (cp.tree_size, cp.at)) if found else None


class _Collector:
    def __init__(self, keys: Mapping[str, OKPKey]) -> None:
        self.keys = keys
        self.by_token: dict[str, _Found] = {}
        self.problems: list[CheckpointProblem] = []

    def add(self, token: str, source: str, *, table: bool) -> Checkpoint | None:
        try:
            checkpoint = open_token(token, self.keys)
        except ForgedCheckpoint as exc:
            self.problems.append(CheckpointProblem(source, f"forged checkpoint: {exc.detail}"))
            return None
        found = self.by_token.setdefault(token, _Found(checkpoint))
        found.sources.append(source)
        found.in_table = found.in_table or table
        return checkpoint


async def _from_table(session: AsyncSession, collector: _Collector) -> list[Checkpoint]:
    found: list[Checkpoint] = []
    rows = (await session.execute(select(AuditCheckpoint).order_by(AuditCheckpoint.id))).scalars()
    for row in rows:
        source = f"table row {row.id}"
        checkpoint = collector.add(row.jws, source, table=True)
        if checkpoint is None:
            continue
        found.append(checkpoint)
        signed = (checkpoint.tree_size, checkpoint.head_hash, checkpoint.at, checkpoint.key_id)
        if (row.tree_size, row.head_hash, row.at, row.key_id) != signed:
            collector.problems.append(
                CheckpointProblem(source, "the row's columns differ from what was signed")
            )
    session.expunge_all()
    return found


def _from_file(log: CheckpointLog, collector: _Collector) -> list[Checkpoint]:
    found: list[Checkpoint] = []
    for line in log.read():
        source = f"{log.path.name} line {line.line}"
        if line.jws is None:
            collector.problems.append(CheckpointProblem(source, line.problem or "unreadable"))
            continue
        checkpoint = collector.add(line.jws, source, table=False)
        if checkpoint is not None:
            found.append(checkpoint)
    return found


async def verify_audit(
    session: AsyncSession, *, keys: Mapping[str, OKPKey] | None, log: CheckpointLog | None
) -> AuditReport:
    """Check the chain and every checkpoint; ``keys=None`` means the checkpoint key is not
    available here, which fails the check when there are checkpoints to check."""
    collector = _Collector(keys or {})
    warnings: list[str] = []
    in_table = await _from_table(session, collector)
    in_file: list[Checkpoint] = []
    if log is not None and log.exists():
        in_file = _from_file(log, collector)
    elif log is not None:
        warnings.append(f"no checkpoint file at {log.path}")
    if keys is None and collector.problems:
        collector.problems = [
            CheckpointProblem("checkpoint key", "missing: no checkpoint signature can be checked")
        ]

    for found in collector.by_token.values():
        if not found.in_table:
            collector.problems.append(
                CheckpointProblem(
                    found.sources[0],
                    "it is missing from the audit_checkpoint table (rows were deleted)",
                    found.checkpoint,
                )
            )

    walk = await walk_chain(
        session, heads_at={f.checkpoint.tree_size for f in collector.by_token.values()}
    )
    for found in sorted(
        collector.by_token.values(), key=lambda f: (-f.checkpoint.tree_size, f.sources)
    ):
        reason = _mismatch(found.checkpoint, walk.heads, walk.checked, walk.broken)
        if reason is not None:
            source = " and ".join(found.sources)
            collector.problems.append(CheckpointProblem(source, reason, found.checkpoint))
    if not collector.by_token and walk.checked:
        warnings.append("no signed checkpoint yet: the whole chain rests on its hashes alone")
    return AuditReport(
        entries=walk.checked,
        broken=walk.broken,
        checkpoints=len(collector.by_token),
        newest_in_file=_newest(in_file),
        newest_in_table=_newest(in_table),
        problems=tuple(collector.problems),
        warnings=tuple(warnings),
    )


def _mismatch(
    checkpoint: Checkpoint, heads: dict[int, str], checked: int, broken: ChainBreak | None
) -> str | None:
    size = checkpoint.tree_size
    if size in heads:
        if heads[size] == checkpoint.head_hash:
            return None
        return f"entry {size} no longer has the signed hash: the chain was rewritten up to it"
    if broken is not None and broken.seq <= size:
        return f"the chain is broken at entry {broken.seq}, before entry {size} it signed"
    return f"the chain ends at entry {checked}: entries {checked + 1}-{size} were cut off"
