"""docs/aws.md lists every AWS check, grouped by service, as the registry holds them."""

from __future__ import annotations

import checks as registry
from tests.checks import make_aws_catalogue as cat


def test_docs_catalogue_is_current() -> None:
    doc = cat.DOC.read_text(encoding="utf-8")
    assert cat.with_catalogue(doc) == doc, "regenerate with: python -m tests.checks.make_aws_catalogue"
    for c in registry.all_checks():
        if c.meta.provider == "aws":
            assert f"| `{c.meta.id}` |" in doc
