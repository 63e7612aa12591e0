"""UCS — the Unified Cloud Security agent."""

__version__ = "0.1.0"
