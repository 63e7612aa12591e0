"""Deadlines in the AWS runner (issue 23, defect 4): a unit (service × region) still running at its
service deadline, or at the scan's deadline, is a coverage gap and the run goes on without it."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3

from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.collectors.deadline import Deadline

ACCOUNT = "123456789012"
REGION = "us-east-1"


class OneServiceHangs(ClientFactory):
    """The collector's own factory, except that every request of ``hung`` goes to an endpoint
    that never answers (botocore's own timeouts and retries still apply)."""

    def __init__(self, hung: str, hang_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hung = hung
        self.hang_netloc = urlsplit(hang_url).netloc

    def client(self, service: str, region: str | None = None, max_attempts: int | None = None) -> Any:
        cl = super().client(service, region, max_attempts)
        if service == self.hung:
            cl.meta.events.register("before-send", self._to_hang, unique_id="ucs-test-hang")
        return cl

    def _to_hang(self, request: Any, **_: Any) -> None:
        request.url = urlunsplit(urlsplit(request.url)._replace(netloc=self.hang_netloc))


def _seed(endpoint: str) -> None:
    boto3.client("sqs", region_name=REGION, endpoint_url=endpoint).create_queue(QueueName="q1")
    boto3.client("sns", region_name=REGION, endpoint_url=endpoint).create_topic(Name="t1")


def test_a_hung_service_is_a_coverage_gap_at_its_service_deadline(moto_reset: str, hang_server: str) -> None:
    _seed(moto_reset)
    # three attempts of a 60 s read each, were the timeouts not capped and nobody gave up
    factory = OneServiceHangs("sqs", hang_server, endpoint_url=moto_reset, max_attempts=3)
    started = time.monotonic()
    inv = collect_account(factory, ACCOUNT, [REGION], services=["sns", "sqs"], service_deadline=2)
    assert time.monotonic() - started < 20  # the 2 s service deadline, not 3 attempts × 60 s (slack for a loaded machine)
    assert [(e.region, e.resource_type, e.error) for e in inv.coverage.failures] == [
        (REGION, "aws.sqs.queue", "sqs: deadline exceeded after 2 s")]
    assert [r.name for r in inv.by_type("aws.sns.topic")] == ["t1"]  # the other service was read
    assert not inv.by_type("aws.sqs.queue")
    cfg = factory.client("sqs", REGION).meta.config  # botocore's own waits are within the deadline too
    assert (cfg.connect_timeout, cfg.read_timeout) == (2, 2)


def test_the_scan_deadline_cuts_off_running_and_waiting_units(moto_reset: str, hang_server: str) -> None:
    _seed(moto_reset)
    factory = OneServiceHangs("sns", hang_server, endpoint_url=moto_reset, max_attempts=3)
    started = time.monotonic()
    inv = collect_account(factory, ACCOUNT, [REGION], services=["sns", "sqs"], max_workers=1,
                          deadline=Deadline.after(1.5))
    assert time.monotonic() - started < 12  # the 1.5 s scan deadline, not the hung 60 s read
    assert sorted((e.resource_type, e.error) for e in inv.coverage.failures) == [
        ("aws.sns.topic", "sns: scan deadline exceeded after 1.5 s"),
        ("aws.sqs.queue", "sqs: not started: scan deadline exceeded after 1.5 s")]
    assert len(inv) == 0
