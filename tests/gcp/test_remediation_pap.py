"""Public access prevention on a bucket: planned, applied, verified by the check and rolled back, through the
official ``google.cloud.storage`` client against the Cloud Storage JSON API stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from agent.core.model import Resource
from remediation.context import RemediationContext
from remediation.registry import all_remediators
from tests.remediation.conftest import remediation_settings
from tests.remediation.standins import GcsIamStandIn
from tests.remediation.test_other_providers import round_trip


@pytest.fixture
def gcs() -> Iterator[tuple[GcsIamStandIn, RemediationContext]]:
    from google.api_core.client_options import ClientOptions
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    from remediation.gcp.storage import GcsIamClient

    standin = GcsIamStandIn().start()
    client = storage.Client(project="ucs-test", credentials=AnonymousCredentials(),
                            client_options=ClientOptions(api_endpoint=standin.url))
    yield standin, RemediationContext(remediation_settings(), gcp={"ucs-test": GcsIamClient(client)})
    standin.stop()


def test_public_access_prevention_enforced_and_rolled_back(gcs: Any) -> None:
    standin, ctx = gcs
    standin.add_bucket("ucs-open", "inherited")
    r = Resource("gcp", "ucs-test", "us", "gcp.storage.bucket", "//storage.googleapis.com/ucs-open", "ucs-open",
                 {}, {"name": "ucs-open", "iamConfiguration": {"publicAccessPrevention": "inherited"}})
    rem = all_remediators()["gcp.storage.bucket_public_access_prevention"]
    assert rem.read(ctx, r) == {"publicAccessPrevention": "inherited"}
    round_trip("gcp.storage.bucket_public_access_prevention", r, ctx)
    # round_trip applied, verified and rolled back: the bucket is as it was, and only PATCHes were sent.
    assert standin.buckets["ucs-open"]["iamConfiguration"]["publicAccessPrevention"] == "inherited"
    assert int(standin.buckets["ucs-open"]["metageneration"]) >= 3
    assert {m for m, p in standin.requests if p.endswith("/b/ucs-open")} <= {"GET", "PATCH"}
