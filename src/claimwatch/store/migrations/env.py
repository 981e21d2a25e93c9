"""Alembic environment: migrations always run on a connection handed over by
claimwatch.store.migrate (never from an ini file or a URL of their own)."""

from alembic import context

from claimwatch.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
