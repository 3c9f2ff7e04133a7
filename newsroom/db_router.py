"""The database router for a primary with read replicas (``DATABASE_ROUTERS`` when replicas are configured)."""

from django.db import DEFAULT_DB_ALIAS

from newsroom import replicas


class PrimaryReplicaRouter:
    """Reads where ``newsroom.replicas`` says (a replica only for readers' pages); writes and migrations on the primary.

    The replicas hold the same rows as the primary, so objects loaded from
    either may be related to each other; a replica is read-only, so nothing
    is ever migrated or written there.
    """

    def db_for_read(self, model, **hints):
        return replicas.alias_for_read()

    def db_for_write(self, model, **hints):
        replicas.note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
