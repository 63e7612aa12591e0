"""The collector's timestamp parser gives what botocore's gives, without dateutil for the UTC
ISO 8601 form; every client of a factory uses it."""

from __future__ import annotations

import pytest
from botocore.utils import parse_timestamp as botocore_parse

from agent.collectors.aws.context import ClientFactory, parse_timestamp

CASES = ["2026-12-02T17:43:24.000Z", "2026-12-02T17:43:24Z", "2026-12-02T17:43:24.5Z", "2026-12-02T17:43:24.123456Z",
         "2026-12-02T17:43:24+00:00", "2026-12-02T17:43:24.000+00:00", "2024-02-29T23:59:59.999Z",
         "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
         # botocore's own: more than six digits, an offset, RFC 822, epoch numbers and text, no zone
         "2026-12-02T17:43:24.1234567Z", "2026-12-02T17:43:24+05:00", "Wed, 02 Dec 2026 17:43:24 GMT", 1764697404.5,
         "1764697404", "2026-12-02T17:43:24"]


@pytest.mark.parametrize("value", CASES)
def test_same_instant_and_text_as_botocore(value: object) -> None:
    ours, theirs = parse_timestamp(value), botocore_parse(value)
    assert ours == theirs
    assert ours.isoformat() == theirs.isoformat()
    assert ours.utcoffset() == theirs.utcoffset()


def test_an_unparseable_time_is_botocores_error() -> None:
    with pytest.raises(ValueError, match="Invalid timestamp"):
        parse_timestamp("not a time")


def test_every_client_of_a_factory_parses_with_it() -> None:
    factory = ClientFactory(endpoint_url="http://127.0.0.1:1", default_region="us-east-1")
    for service in ("ec2", "s3", "kms", "iam"):
        endpoint = factory.client(service)._endpoint  # it parses each answer with a parser of its factory
        protocol = factory.client(service).meta.service_model.resolved_protocol
        assert endpoint._response_parser_factory.create_parser(protocol)._timestamp_parser is parse_timestamp
