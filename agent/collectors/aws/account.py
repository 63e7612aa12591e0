"""The account's alternate contacts (AWS Account Management, read once per account).

GetAlternateContact for SECURITY, BILLING and OPERATIONS; ResourceNotFoundException means the
contact is not set.  Names, e-mail addresses and telephone numbers are personal data no check
needs: only which fields are filled is kept.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import GLOBAL_REGION, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "account"
GLOBAL = True
RESOURCE_TYPES = ("aws.account.alternate_contacts",)
PERMISSIONS = ("account:GetAlternateContact",)
CONTACT_TYPES = ("SECURITY", "BILLING", "OPERATIONS")


def _contact(got: Any) -> Any:
    if got is None or is_unreadable(got):
        return got
    c = got.get("AlternateContact") or {}
    return {"AlternateContactType": c.get("AlternateContactType"), "HasName": bool(c.get("Name")),
            "HasTitle": bool(c.get("Title")), "HasEmailAddress": bool(c.get("EmailAddress")),
            "HasPhoneNumber": bool(c.get("PhoneNumber"))}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("account")
    data = {t: _contact(ctx.read(c.get_alternate_contact, AlternateContactType=t, missing=("ResourceNotFoundException",)))
            for t in CONTACT_TYPES}
    rid = f"arn:aws:account::{ctx.account}:account/alternate-contacts"
    return [make(ctx, "aws.account.alternate_contacts", rid, f"alternate contacts {ctx.account}", data, region=GLOBAL_REGION)]
