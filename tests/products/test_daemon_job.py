"""The daemon reads the licensed products on their own schedule, metered by the Art. 11 throttle."""

from __future__ import annotations

from pathlib import Path

from agent.daemon.jobs import JobKind
from agent.daemon.service import Daemon
from tests.daemon.helpers import tenant_config, write_config


def test_products_job_is_scheduled_only_when_a_product_is_licensed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    plain = Daemon(str(write_config(tmp_path / "a.yaml", tenant_config("prod-a", url))))
    assert "products" not in plain.desired_jobs(plain.settings)
    licensed = Daemon(str(write_config(tmp_path / "b.yaml", tenant_config(
        "prod-b", url, products={"licensed": ["guardduty"], "schedule": {"interval_minutes": 5}}))))
    schedule, kind, _ = licensed.desired_jobs(licensed.settings)["products"]
    assert kind is JobKind.PRODUCTS and schedule.interval_minutes == 5
