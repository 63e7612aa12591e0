"""The column types under the name the frozen Alembic revisions (0001–0007) import them by.

Tables are declared in :mod:`agent.store.tables`; new code imports from there.
"""

from agent.store.tables.columns import Json, UtcDateTime

__all__ = ["Json", "UtcDateTime"]
