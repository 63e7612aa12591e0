"""Revision 0008_intake moves the files sources' one-document positions to a row per file, and
its downgrade moves them back: upgrading never makes the daemon re-read a file."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import insert, select

from agent.core.model import utcnow
from agent.store.connect import make_engine
from agent.store.daemon_state import DaemonState
from agent.store.tables import intake_positions


def _alembic(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "agent.store:migrations")
    cfg.attributes["connection"] = conn
    return cfg


def test_file_positions_move_to_rows_and_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), "0004_daemon")
        now = utcnow()
        conn.execute(insert(intake_positions), [
            {"tenant": "t", "source": "files:/logs", "position": json.dumps({"/logs/a.json": [120, 17], "/logs/b": [5, 9]}),
             "updated_at": now},
            {"tenant": "t", "source": "s3:trail/AWSLogs/", "position": '{"AWSLogs/": "k"}', "updated_at": now},
        ])
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), "heads")
    state = DaemonState(engine)
    assert state.file_positions("t", "files:/logs") == {"/logs/a.json": (120, 17), "/logs/b": (5, 9)}
    assert state.position("t", "files:/logs") is None
    assert state.position("t", "s3:trail/AWSLogs/") == '{"AWSLogs/": "k"}'  # other sources untouched

    with engine.begin() as conn:
        command.downgrade(_alembic(conn), "0004_daemon")
    with engine.connect() as conn:
        rows = dict(conn.execute(select(intake_positions.c.source, intake_positions.c.position)).all())
    assert json.loads(rows["files:/logs"]) == {"/logs/a.json": [120, 17], "/logs/b": [5, 9]}
    engine.dispose()
