"""CLI sub-commands, one module each (see agent.cli)."""
