"""azure checks."""
