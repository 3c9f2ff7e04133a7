"""Bulk loading into PostgreSQL: COPY rows in chunks, from a thread, with indexes built once at the end.

- ``Loader`` runs each chunk's SQL (``COPY … FROM STDIN`` and the statements
  that follow it) on the one raw database connection, in a background thread:
  Python writes the next chunk while PostgreSQL stores the last one, which on
  two cores is nearly twice as fast. Only one chunk waits in line, so memory
  stays bounded. The connection stays in the caller's transaction.
- ``drop_indexes`` drops the secondary indexes and foreign keys of the
  tables being filled and puts back exactly the same ones (their definitions
  read from the catalogue) once the rows are in: building an index once is far
  cheaper than updating it row by row, and one validation query per foreign
  key is far cheaper than one trigger per row. It runs inside the load's
  transaction, so a failed or interrupted load rolls the schema back as well.
"""

import io
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

NULL = "\\N"  # COPY's text format for a null value
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value) -> str:
    """``value`` in COPY's text format."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)


def copy_line(values: Iterable) -> str:
    return "\t".join(copy_value(value) for value in values) + "\n"


@dataclass(frozen=True)
class Copy:
    """``COPY table (columns) FROM STDIN`` with ``lines`` (each from ``copy_line``)."""

    table: str
    columns: list[str]
    lines: list[str]

    def run(self, cursor) -> None:
        if self.lines:
            statement = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
            if hasattr(cursor, "copy_expert"):  # psycopg2
                cursor.copy_expert(statement, io.StringIO("".join(self.lines)), size=1 << 20)
            else:  # psycopg 3
                with cursor.copy(statement) as copy:
                    copy.write("".join(self.lines))


@dataclass(frozen=True)
class Sql:
    sql: str
    params: tuple | list | None = None

    def run(self, cursor) -> None:
        cursor.execute(self.sql, self.params)


class Loader:
    """Runs batches of steps (``Copy``, ``Sql``) in order on ``raw_connection``, in a thread unless not ``threaded``.

    ``submit`` queues a batch (one chunk's work: the thread goes through it
    while the caller builds the next chunk); ``wait`` blocks until every
    queued batch ran and re-raises the first error. After an error the
    remaining batches are skipped and the next call raises.
    """

    def __init__(self, raw_connection, *, threaded: bool = True):
        self.raw_connection = raw_connection
        self.threaded = threaded
        self.error: BaseException | None = None
        self.closed = False
        self.busy = 0.0  # seconds the database spent on batches
        self.waited = 0.0  # seconds the caller spent waiting for it
        self.jobs: queue.Queue = queue.Queue(maxsize=1)
        self.thread = None
        if threaded:
            self.thread = threading.Thread(target=self._work, name="bench-loader", daemon=True)
            self.thread.start()

    def _run(self, batch: list) -> None:
        started = time.monotonic()
        with self.raw_connection.cursor() as cursor:
            for step in batch:
                step.run(cursor)
        self.busy += time.monotonic() - started

    def _work(self) -> None:
        while True:
            batch = self.jobs.get()
            try:
                if batch is None:
                    return
                if self.error is None and not self.closed:
                    self._run(batch)
            except BaseException as error:  # handed to the main thread by wait() or submit()
                self.error = error
            finally:
                self.jobs.task_done()

    def submit(self, *steps) -> None:
        self._raise()
        if self.threaded:
            started = time.monotonic()
            self.jobs.put(list(steps))
            self.waited += time.monotonic() - started
        else:
            self._run(list(steps))

    def wait(self) -> None:
        if self.threaded:
            started = time.monotonic()
            self.jobs.join()
            self.waited += time.monotonic() - started
        self._raise()

    def close(self) -> None:
        """Stop the thread once its current batch is done; batches still queued are dropped.

        Call it before the transaction ends, whatever happened: the connection
        must be idle before it commits or rolls back.
        """
        self.closed = True
        if self.threaded and self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


def drop_indexes(cursor, tables: list[str], log=print) -> Callable[[], None]:
    """Drop the secondary indexes and foreign keys of ``tables``; return the function that recreates them.

    Recreated with the same names and SQL, read from the catalogue before
    dropping. Primary keys and unique constraints stay: other tables' foreign
    keys need the first, and the second keep the generated rows honest. If
    the load fails before the indexes are back, the caller's transaction is
    rolled back and takes the drops with it.
    """
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE conrelid = ANY(%s::regclass[]) AND contype = 'f'
        ORDER BY 1, 2
        """,
        [tables],
    )
    foreign_keys = cursor.fetchall()
    # Rows written earlier in the transaction may still owe deferred foreign key checks, which
    # ALTER TABLE refuses to leave pending: run them now, then defer again as Django expects.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")

    def recreate() -> None:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, definition in indexes:
            started = time.monotonic()
            cursor.execute(definition)
            log(f"  index {name}: {time.monotonic() - started:.1f} s")
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    return recreate


def model_defaults(model, written: list[str]) -> dict:
    """The columns of ``model`` the generator does not write, each with its field's default value."""
    return {
        field.column: field.get_default()
        for field in model._meta.concrete_fields
        if field.column not in written and not field.primary_key
    }
