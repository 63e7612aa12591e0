"""Azure remediators (azure-mgmt-storage)."""
