"""The built-in Sigma rules over gcp_audit (``checks/threats/rules/gcp_audit/*.yml``), registered as threat checks."""

from checks.threats._pack import register_builtin

register_builtin(__name__, "gcp_audit")
