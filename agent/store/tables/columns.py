"""What every table module shares: the one :data:`metadata`, the portable column types, and the
resource columns (provider, account, region, type, id, name, tags) declared once.
"""

from __future__ import annotations

import json
import numbers
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, MetaData, String, Text, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import Null

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """On SQLite, one function instead of three layers (the dialect's ISO parse, then
        :meth:`process_result_value`): a scan reads back two of these a finding."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        parse = datetime.fromisoformat

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            d = parse(value) if isinstance(value, str) else value
            return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)

        return process


class _SqliteJson(TypeDecorator[Any]):
    """JSON as SQLAlchemy stores it on SQLite (text; ``None`` as ``null``), each way in one
    function instead of three layers: a scan writes and reads back four of these a finding."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Any) -> Any:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        dumps = dialect._json_serializer or json.dumps

        def process(value: Any) -> Any:
            if isinstance(value, Null):
                return None
            return dumps(None if value is JSON.NULL else value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        loads = dialect._json_deserializer or json.loads

        def process(value: Any) -> Any:
            if value is None:
                return None
            try:
                return loads(value)
            except TypeError:  # SQLite's JSON functions may hand back a bare number
                if isinstance(value, numbers.Number):
                    return value
                raise

        return process


Json = _SqliteJson().with_variant(JSONB(), "postgresql")


def resource_columns(prefix: str = "resource_") -> list[Column[Any]]:
    """The columns that identify and describe a resource, in this order.

    ``provider``, ``account`` and ``region`` keep their names; ``type``, ``id``, ``name`` and
    ``tags`` get ``prefix`` (``resource_type`` in ``findings``, plain ``type`` in ``resources``).
    """
    return [
        Column("provider", String(16), nullable=False),
        Column("account", String(128), nullable=False),
        Column("region", String(64), nullable=False),
        Column(f"{prefix}type", String(96), nullable=False),
        Column(f"{prefix}id", Text, nullable=False),
        Column(f"{prefix}name", Text, nullable=False),
        Column(f"{prefix}tags", Json, nullable=False, default=dict),
    ]
