"""The built-in Sigma rules over k8s_audit (``checks/threats/rules/k8s_audit/*.yml``), registered as threat checks."""

from checks.threats._pack import register_builtin

register_builtin(__name__, "k8s_audit")
