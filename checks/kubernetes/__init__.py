"""kubernetes checks."""
