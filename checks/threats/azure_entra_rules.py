"""The built-in Sigma rules over azure_entra (``checks/threats/rules/azure_entra/*.yml``), registered as threat checks."""

from checks.threats._pack import register_builtin

register_builtin(__name__, "azure_entra")
