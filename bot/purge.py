"""Deletes stored conversations older than the retention period (GDPR).

Rasa keeps every conversation as rows of the `events` table of the tracker
store (TRACKER_DB_URL). `purge` removes every event older than the cutoff, so a
conversation that has been silent that long disappears entirely, and an older
part of a conversation still going on is removed too. A dry run only counts.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

_DURATION = re.compile(r"^\s*(\d+)\s*([hdjw]|sem)\s*$", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "j": "days", "w": "weeks", "sem": "weeks"}
DEFAULT_RETENTION = "90d"


class PurgeError(ValueError):
    """Bad input or an unreachable database; the message is in French."""


def parse_duration(text: str) -> timedelta:
    """'90d' (or '90j'), '12h', '4w' → a timedelta."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise PurgeError(
            f"durée invalide : « {text} » ; écrivez un nombre suivi de d (jours), h (heures) ou w (semaines), "
            f"par exemple {DEFAULT_RETENTION}."
        )
    return timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})


@dataclass(frozen=True)
class PurgeReport:
    conversations_removed: int
    conversations_trimmed: int
    events_removed: int
    cutoff: float


def purge(url: str, older_than: timedelta, dry_run: bool = False, now: float | None = None) -> PurgeReport:
    """Deletes (or counts, with `dry_run`) the events older than `older_than`, in one transaction."""
    cutoff = (time.time() if now is None else now) - older_than.total_seconds()
    engine = sa.create_engine(url, future=True)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return PurgeReport(0, 0, 0, cutoff)
            events = sa.Table("events", sa.MetaData(), autoload_with=connection)
            last_seen = (
                sa.select(events.c.sender_id, sa.func.max(events.c.timestamp).label("last"))
                .where(
                    events.c.sender_id.in_(sa.select(events.c.sender_id).where(events.c.timestamp < cutoff).distinct())
                )
                .group_by(events.c.sender_id)
            )
            touched = connection.execute(last_seen).all()
            removed = sum(1 for row in touched if row.last < cutoff)
            old = events.c.timestamp < cutoff
            count = connection.execute(sa.select(sa.func.count()).select_from(events).where(old)).scalar_one()
            if not dry_run and count:
                connection.execute(events.delete().where(old))
        if not dry_run and count and engine.dialect.name == "sqlite":
            # Deleted rows stay in the file until it is rewritten.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM")
    except sa.exc.SQLAlchemyError as error:
        raise PurgeError(
            f"base des conversations injoignable ({type(error).__name__}) ; vérifiez TRACKER_DB_URL."
        ) from error
    finally:
        engine.dispose()
    return PurgeReport(removed, len(touched) - removed, count, cutoff)
