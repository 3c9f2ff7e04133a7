"""Replacing an upload's stored files without leaving orphans or losing the old ones too early."""

import contextlib
import logging

from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def replacing_files(old_names: list[str]):
    """Collect the names of newly stored files; remove them if the block fails, else drop ``old_names`` on commit.

    The old files stay until the transaction commits, so a rolled-back save
    still points at files that exist.
    """
    new_names: list[str] = []
    try:
        yield new_names
    except Exception:
        delete_files(new_names)
        raise
    if old_names:
        transaction.on_commit(lambda: delete_files(old_names))


def save_stored(instance, fields: list[str]) -> None:
    """Save a new instance whole, an existing one only in the fields its files changed."""
    if instance.pk:
        instance.save(update_fields=fields)
    else:
        instance.save()


def delete_files(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("Could not delete stored file %s", name, exc_info=True)
