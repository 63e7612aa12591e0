"""The built-in Sigma rules over cloudtrail (``checks/threats/rules/cloudtrail/*.yml``), registered as threat checks."""

from checks.threats._pack import register_builtin

register_builtin(__name__, "cloudtrail")
