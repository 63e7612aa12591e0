"""gcp checks."""
