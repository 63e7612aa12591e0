"""Sigma rules over k8s_audit (YAML files; loaded by checks/threats/k8s_audit_rules.py)."""
