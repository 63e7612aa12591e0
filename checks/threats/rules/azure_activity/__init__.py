"""Sigma rules over azure_activity (YAML files; loaded by checks/threats/azure_activity_rules.py)."""
