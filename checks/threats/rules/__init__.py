"""The built-in Sigma rule pack, one folder per log source (package folders so the rule files ship with the package)."""
