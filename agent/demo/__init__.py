"""`ucs demo`: a real scan of an emulated, misconfigured AWS account (moto's server on loopback)."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from agent.core.errors import UsageError
from agent.settings.tenant import Settings

DEMO_REGIONS = ("us-east-1", "eu-west-1")


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto's threaded server on a free loopback port; yield its URL."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        raise UsageError("the demo needs moto's server, which is not installed",
                         hint="pip install 'ucs-agent[demo]'  (or: make demo)") from None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per API call otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@contextmanager
def fake_credentials() -> Iterator[None]:
    """Emulator-only credentials, so the demo never touches a real account's profile."""
    keys = {"AWS_ACCESS_KEY_ID": "demo", "AWS_SECRET_ACCESS_KEY": "demo", "AWS_DEFAULT_REGION": DEMO_REGIONS[0]}
    drop = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL")
    old = {k: os.environ.get(k) for k in (*keys, *drop)}
    os.environ.update(keys)
    for k in drop:
        os.environ.pop(k, None)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# AWS APIs the emulator (moto) does not implement: the demo does not ask for them (moto answers
# some with HTTP 500, which botocore retries: asked, they would only slow the demo down).
EMULATOR_LACKS = ("accessanalyzer", "apprunner", "appstream", "auditmanager", "backup_plans", "bedrock", "config_compliance",
                  "directconnect", "events_endpoints", "lightsail", "redshiftserverless", "s3tables", "ssm", "storagegateway",
                  "trustedadvisor", "vpc_client_vpn")


def demo_settings(endpoint_url: str, store_path: Path, out_dir: Path, lang: str = "en") -> Settings:
    from agent.collectors.aws import service_modules

    services = [m.SERVICE for m in service_modules() if m.SERVICE not in EMULATOR_LACKS]
    return Settings.model_validate({
        "tenant": {"id": "demo", "name": "UCS demo tenant", "language": lang},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
        "providers": {"aws": {"accounts": [{"id": "123456789012", "name": "demo (emulated)",
                                            "regions": list(DEMO_REGIONS), "endpoint_url": endpoint_url,
                                            "services": services}]}},
        "storage": {"url": f"sqlite:///{store_path}"},
        "output": {"dir": str(out_dir), "formats": ["table", "json", "ocsf"]},
    })


def workdir(keep: str | None) -> Path:
    if keep:
        p = Path(keep)
        p.mkdir(parents=True, exist_ok=True)
        return p
    return Path(tempfile.mkdtemp(prefix="ucs-demo-"))


def describe(obj: Any) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(obj.counts.items()))
