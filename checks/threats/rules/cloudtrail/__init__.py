"""Sigma rules over cloudtrail (YAML files; loaded by checks/threats/cloudtrail_rules.py)."""
