"""The daemon's job table: every job kind has a handler, stored kinds are plain strings, and a
scan job's key comes from the scope's type, not its class name."""

from __future__ import annotations

import logging
from pathlib import Path

from agent.daemon.jobs import JobKind
from agent.daemon.service import Daemon, scope_key
from agent.engine.scan import provider_scopes
from agent.settings.tenant import AwsAccount, AwsOrganization
from tests.daemon.helpers import tenant_config, write_config


def _daemon(tmp_path: Path, **sections) -> Daemon:
    url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    return Daemon(str(write_config(tmp_path / "tenant.yaml", tenant_config("jobs-t", url, **sections))))


def test_every_job_kind_has_a_handler(tmp_path: Path) -> None:
    d = _daemon(tmp_path)
    assert set(d.jobs) == set(JobKind)
    assert all(callable(h) for h in d.jobs.values())


def test_an_unknown_stored_kind_is_logged_not_raised(tmp_path: Path, caplog) -> None:
    d = _daemon(tmp_path)
    with caplog.at_level(logging.ERROR):
        d.run("no_such_kind", "x")
    assert "job kind 'no_such_kind' is unknown" in caplog.text


def test_job_arguments_are_plain_strings(tmp_path: Path) -> None:
    """The job store pickles a job's arguments: the kind stays its plain value, never the enum,
    so stored jobs do not depend on the class."""
    d = _daemon(tmp_path).start()
    try:
        stored = d.scheduler.get_jobs("default") + d.scheduler.get_jobs("internal")
        assert {j.args[1] for j in stored} >= {"scan", "outbox", "digests", "retention", "tick"}
        assert all(type(j.args[1]) is str for j in stored)
    finally:
        d.stop()


def test_scope_key_names_the_organisation_by_type(tmp_path: Path) -> None:
    org = AwsOrganization(enabled=True)
    assert scope_key("aws", org, 3) == "aws:organization"
    assert scope_key("aws", AwsAccount(id="123456789012"), 0) == "aws:123456789012"
    assert scope_key("aws", AwsAccount(), 2) == "aws:#2"
    d = _daemon(tmp_path, providers={"aws": {"organization": {"enabled": True}, "accounts": []}})
    assert [scope_key(p, s, i) for i, (p, s) in enumerate(provider_scopes(d.settings))] == ["aws:organization"]
