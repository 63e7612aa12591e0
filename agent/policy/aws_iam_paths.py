"""IAM as an attacker reads it: what a principal can reach through every policy it holds.

Pure evaluation over documents already collected (no SimulatePrincipalPolicy: emulators lack it
and real accounts throttle it).  A principal's *effective policies* are the list the collector
builds from GetAccountAuthorizationDetails — the inline and attached (customer- or AWS-managed)
policies of a user, of each group it belongs to, or of a role — each an :class:`Held` entry.

Questions answered over the whole set at once (every Allow of every policy, every Deny of every
policy overriding it, as IAM evaluates one principal's identity policies):

* :func:`admin_grants` — is ``*`` allowed on ``*`` without conditions, and by which statements;
* :func:`escalation_paths` — the known privilege-escalation combinations (after Rhino Security
  Labs' catalogue: CreatePolicyVersion, PassRole + RunInstances / CreateFunction …) whose every
  action is allowed, each with the statements granting it;
* :func:`assume_any_role` — ``sts:AssumeRole`` allowed on every role.

An action counts when an Allow covers it *without conditions* (the request context is empty, so a
statement with a positive condition never applies, one with only negated conditions does) on a
probe resource of the right kind: "another user", "a role", "this principal itself".  Statements
limited to named resources therefore do not count, which keeps the answer about account-wide reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agent.policy import aws_iam as iam_policy
from agent.policy.aws_iam import Statement

ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


@dataclass(frozen=True)
class Held:
    """One policy a principal holds: ``via`` is "" (its own) or the group it comes through."""

    name: str
    kind: str  # "inline" | "managed"
    document: Any
    arn: str = ""
    via: str = ""

    @property
    def label(self) -> str:
        where = f"group {self.via}: " if self.via else ""
        return f"{where}{self.name} ({self.kind})"


def held(entries: Iterable[Mapping[str, Any]]) -> list[Held]:
    """:class:`Held` entries from the collector's ``_effective_policies`` dicts."""
    return [Held(str(e.get("name") or e.get("arn") or "?"), str(e.get("kind") or "inline"), e.get("document"),
                 str(e.get("arn") or ""), str(e.get("via") or "")) for e in entries if isinstance(e, Mapping)]


@dataclass(frozen=True)
class Grant:
    """A statement of a held policy that allows an action (for a finding's evidence)."""

    policy: str
    sid: str
    index: int

    def __str__(self) -> str:
        return f"{self.policy} statement {self.sid or '#' + str(self.index)}"


def _statements(policies: Sequence[Held]) -> list[tuple[Held, int, Statement]]:
    return [(p, i, s) for p in policies for i, s in enumerate(iam_policy.statements(p.document))]


def _grants(sts: list[tuple[Held, int, Statement]], action: str, resource: str) -> list[Grant]:
    """The Allow statements covering ``action`` on ``resource`` unconditionally, unless a Deny does."""
    # Only an unconditional Deny takes a grant back: a conditional one (the "deny unless MFA"
    # pattern) is one the caller may satisfy, and this question is about what can be reached.
    if any(not s.allow and not s.conditions and iam_policy.applies(s, action, resource, None, {}) for _, _, s in sts):
        return []
    return [Grant(p.label, s.sid, i) for p, i, s in sts if s.allow and iam_policy.applies(s, action, resource, None, {})]


def admin_grants(policies: Sequence[Held]) -> list[Grant]:
    """Statements that together allow every action on every resource without conditions."""
    sts = _statements(policies)
    out: list[Grant] = []
    for action in ("ucs:AnyAction", "iam:CreateUser"):
        got = _grants(sts, action, "*")
        if not got:
            return []
        out.extend(g for g in got if g not in out)
    return out


def holds_managed(policies: Sequence[Held], arn: str = ADMINISTRATOR_ACCESS) -> list[str]:
    """Labels of the held entries that are the managed policy ``arn`` (directly or via a group)."""
    return [p.label for p in policies if p.kind == "managed" and p.arn == arn]


# Probe resources: "another user", "a role", ... in the principal's account.
def _probes(account: str, self_arn: str) -> dict[str, str]:
    return {
        "user": f"arn:aws:iam::{account}:user/ucs-any-user",
        "group": f"arn:aws:iam::{account}:group/ucs-any-group",
        "role": f"arn:aws:iam::{account}:role/ucs-any-role",
        "policy": f"arn:aws:iam::{account}:policy/ucs-any-policy",
        "self": self_arn,
        "any": "*",
    }


@dataclass(frozen=True)
class Path:
    """A privilege-escalation combination: every (action, probe kind) must be allowed."""

    name: str
    needs: tuple[tuple[str, str], ...]
    principal_kinds: tuple[str, ...] = ("user", "role", "group", "policy")


PASS = ("iam:PassRole", "role")
PATHS: tuple[Path, ...] = (
    Path("iam:CreatePolicyVersion", (("iam:CreatePolicyVersion", "policy"),)),
    Path("iam:SetDefaultPolicyVersion", (("iam:SetDefaultPolicyVersion", "policy"),)),
    Path("iam:CreateAccessKey(user:*)", (("iam:CreateAccessKey", "user"),)),
    Path("iam:CreateLoginProfile(user:*)", (("iam:CreateLoginProfile", "user"),)),
    Path("iam:UpdateLoginProfile(user:*)", (("iam:UpdateLoginProfile", "user"),)),
    Path("iam:AttachUserPolicy(self)", (("iam:AttachUserPolicy", "self"),), ("user", "group", "policy")),
    Path("iam:PutUserPolicy(self)", (("iam:PutUserPolicy", "self"),), ("user", "group", "policy")),
    Path("iam:AttachGroupPolicy(group:*)", (("iam:AttachGroupPolicy", "group"),), ("user", "group", "policy")),
    Path("iam:PutGroupPolicy(group:*)", (("iam:PutGroupPolicy", "group"),), ("user", "group", "policy")),
    Path("iam:AddUserToGroup", (("iam:AddUserToGroup", "group"),), ("user", "group", "policy")),
    Path("iam:AttachRolePolicy(self)", (("iam:AttachRolePolicy", "self"),), ("role",)),
    Path("iam:PutRolePolicy(self)", (("iam:PutRolePolicy", "self"),), ("role",)),
    Path("iam:AttachRolePolicy + sts:AssumeRole", (("iam:AttachRolePolicy", "role"), ("sts:AssumeRole", "role"))),
    Path("iam:PutRolePolicy + sts:AssumeRole", (("iam:PutRolePolicy", "role"), ("sts:AssumeRole", "role"))),
    Path("iam:UpdateAssumeRolePolicy + sts:AssumeRole",
         (("iam:UpdateAssumeRolePolicy", "role"), ("sts:AssumeRole", "role"))),
    Path("iam:PassRole + ec2:RunInstances", (PASS, ("ec2:RunInstances", "any"))),
    Path("iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
         (PASS, ("lambda:CreateFunction", "any"), ("lambda:InvokeFunction", "any"))),
    Path("iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping",
         (PASS, ("lambda:CreateFunction", "any"), ("lambda:CreateEventSourceMapping", "any"))),
    Path("lambda:UpdateFunctionCode", (("lambda:UpdateFunctionCode", "any"),)),
    Path("iam:PassRole + glue:CreateDevEndpoint", (PASS, ("glue:CreateDevEndpoint", "any"))),
    Path("glue:UpdateDevEndpoint", (("glue:UpdateDevEndpoint", "any"),)),
    Path("iam:PassRole + cloudformation:CreateStack", (PASS, ("cloudformation:CreateStack", "any"))),
    Path("iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition",
         (PASS, ("datapipeline:CreatePipeline", "any"), ("datapipeline:PutPipelineDefinition", "any"))),
    Path("iam:PassRole + sagemaker:CreateNotebookInstance + sagemaker:CreatePresignedNotebookInstanceUrl",
         (PASS, ("sagemaker:CreateNotebookInstance", "any"), ("sagemaker:CreatePresignedNotebookInstanceUrl", "any"))),
    Path("iam:PassRole + sagemaker:CreateTrainingJob", (PASS, ("sagemaker:CreateTrainingJob", "any"))),
    Path("iam:PassRole + sagemaker:CreateProcessingJob", (PASS, ("sagemaker:CreateProcessingJob", "any"))),
    Path("iam:PassRole + codebuild:CreateProject + codebuild:StartBuild",
         (PASS, ("codebuild:CreateProject", "any"), ("codebuild:StartBuild", "any"))),
    Path("iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask",
         (PASS, ("ecs:RegisterTaskDefinition", "any"), ("ecs:RunTask", "any"))),
)


@dataclass(frozen=True)
class Escalation:
    path: str
    grants: tuple[Grant, ...]

    def evidence(self) -> dict[str, Any]:
        return {"path": self.path, "statements": sorted({str(g) for g in self.grants})}


def escalation_paths(policies: Sequence[Held], account: str, self_arn: str = "",
                     principal_kind: str = "user") -> list[Escalation]:
    """Every path of :data:`PATHS` whose actions the held policies all allow (empty for an admin:
    an admin needs no path, and :func:`admin_grants` says so)."""
    if admin_grants(policies):
        return []
    sts = _statements(policies)
    probes = _probes(account, self_arn or f"arn:aws:iam::{account}:{principal_kind}/ucs-self")
    out = []
    for path in PATHS:
        if principal_kind not in path.principal_kinds:
            continue
        grants: list[Grant] = []
        for action, kind in path.needs:
            got = _grants(sts, action, probes[kind])
            if not got:
                break
            grants.extend(got)
        else:
            out.append(Escalation(path.name, tuple(grants)))
    return out


def assume_any_role(policies: Sequence[Held], account: str) -> list[Grant]:
    """Statements allowing ``sts:AssumeRole`` on every role (of this account and any other)."""
    sts = _statements(policies)
    mine = _grants(sts, "sts:AssumeRole", f"arn:aws:iam::{account}:role/ucs-any-role")
    other = _grants(sts, "sts:AssumeRole", "arn:aws:iam::000000000000:role/ucs-any-role")
    return [g for g in mine if g in other]
