"""Moving the test database to a migration and back, for the tests of data migrations (transaction=True ones)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(target: list[tuple[str, str]]):
    """Migrate to `target` (forwards or backwards); the apps as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    """Back to the latest schema (what the other tests expect)."""
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
