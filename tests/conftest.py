"""Session-wide fixtures: one moto server per test session, stores on SQLite and PostgreSQL.

PostgreSQL runs when UCS_TEST_POSTGRES_URL is set (``.ci/run`` sets it); each test session works
in a schema of its own, dropped at the end, so parallel sessions never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="session", autouse=True)
def _aws_test_env() -> Iterator[None]:
    old = {k: os.environ.get(k) for k in list(AWS_ENV) + ["AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"]}
    os.environ.update(AWS_ENV)
    os.environ.pop("AWS_PROFILE", None)
    os.environ["AWS_CONFIG_FILE"] = "/nonexistent/ucs-test-aws-config"
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/ucs-test-aws-credentials"
    # A scan against moto that names no services leaves out the ones moto does not serve (their
    # stand-in tests name them explicitly); asked, each would cost botocore's retries of a 500.
    from agent.collectors.aws.runner import SKIP_ENV
    from agent.demo import EMULATOR_LACKS

    old[SKIP_ENV] = os.environ.get(SKIP_ENV)
    os.environ[SKIP_ENV] = ",".join(EMULATOR_LACKS)
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """moto's standalone server on a free loopback port; yields its endpoint URL."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture()
def moto_reset(moto_server: str) -> str:
    """Wipe moto's state so a test starts from an empty account."""
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()
    return moto_server


def _postgres_url() -> str | None:
    return os.environ.get("UCS_TEST_POSTGRES_URL")


STORE_BACKENDS = ["sqlite"] + (["postgres"] if _postgres_url() else [])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = _postgres_url()
    assert base, "UCS_TEST_POSTGRES_URL is not set (.ci/run sets it)"
    import sqlalchemy as sa

    schema = f"ucs_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ucs.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture()
def store(store_url: str):
    from agent.store import Store

    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture()
def tenant_id() -> str:
    """A tenant id of its own per test, so tests sharing a PostgreSQL schema never collide."""
    return f"t{uuid.uuid4().hex[:12]}"


@pytest.fixture(autouse=True)
def _restore_root_logging() -> Iterator[None]:
    """In-process `agent.cli.main()` configures the root logger as a CLI process would (handler,
    level, redaction filter); give every test the logging it started with."""
    import logging

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: lg.level for name, lg in logging.root.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, lg in list(logging.root.manager.loggerDict.items()):
        if isinstance(lg, logging.Logger) and lg.level != levels.get(name, logging.NOTSET):
            lg.setLevel(levels.get(name, logging.NOTSET))


@pytest.fixture()
def hang_server() -> Iterator[str]:
    """A TCP endpoint that takes connections (the kernel's backlog does) and never answers: a
    hung API.  Yields its URL; closing it at the end resets whatever still waits on it."""
    import socket

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)
    yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    srv.close()
