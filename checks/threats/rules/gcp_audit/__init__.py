"""Sigma rules over gcp_audit (YAML files; loaded by checks/threats/gcp_audit_rules.py)."""
