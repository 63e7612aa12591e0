"""Sigma rules over azure_entra (YAML files; loaded by checks/threats/azure_entra_rules.py)."""
