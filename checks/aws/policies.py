"""Resource policies that let anyone in: the one FAIL every "<resource>_not_public" check gives.

The policy evaluation itself is :func:`agent.policy.aws_iam.public_actions` (shared with the
collectors); this module only words its answer.  No checks here.
"""

from __future__ import annotations

from typing import Any

from agent.policy import aws_iam as iam_policy
from checks import Messages, Result

MSG = Messages("aws.policies", {
    "allows_anyone": ("policy allows anyone: {actions}", "ポリシーが誰にでも許可しています: {actions}"),
})


def public_policy_result(policy: Any) -> Result:
    """FAIL naming the actions ``policy`` grants to anyone (evidence ``actions``), else the plain pass."""
    acts = iam_policy.public_actions(policy) if policy else []
    return MSG.fail("allows_anyone", actions=acts) if acts else Result.ok()
