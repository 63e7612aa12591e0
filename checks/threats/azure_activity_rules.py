"""The built-in Sigma rules over azure_activity (``checks/threats/rules/azure_activity/*.yml``), registered as threat checks."""

from checks.threats._pack import register_builtin

register_builtin(__name__, "azure_activity")
