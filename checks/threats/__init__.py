"""threats checks."""
