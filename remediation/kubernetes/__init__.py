"""Kubernetes remediators (official ``kubernetes`` client)."""
