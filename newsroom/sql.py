"""SQL written by hand around the ORM's own: a queryset's condition, compiled, to use inside it.

Hand-written statements (the article page's one query, a comment thread's)
must say who may see a row exactly as the model's queryset says it. Rather
than a copy of the rule, they take ``condition``: the queryset's WHERE clause
as Django compiles it, on a table alias of theirs, with named parameters.
"""

import re

from django.db.models import QuerySet

_PLACEHOLDER = re.compile(r"%s")


def condition(queryset: QuerySet, *, alias: str, prefix: str) -> tuple[str, dict]:
    """``queryset``'s WHERE clause as SQL on ``alias`` (its table's name or another alias), and its parameters.

    The parameters are named ``<prefix>_0``, ``<prefix>_1``… (``%(name)s``), in
    the order of the clause: the same names wherever the condition is used
    again, so one set of values serves every use in a statement.
    """
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.compile(query.where)
    if "%%" in sql:
        raise ValueError("a condition with a literal % is not supported")
    table = compiler.quote_name_unless_alias(query.get_initial_alias())
    sql = sql.replace(f"{table}.", f"{alias}.")
    names = iter(f"{prefix}_{number}" for number in range(len(params)))
    sql = _PLACEHOLDER.sub(lambda _: f"%({next(names)})s", sql)
    return sql, {f"{prefix}_{number}": value for number, value in enumerate(params)}
