"""The paper's clock: every time a person reads is in ``TIME_ZONE`` (Asia/Ho_Chi_Minh), written one way.

Datetimes come out of the database in UTC; formatting one with a bare
``strftime`` or f-string shows the time 7 hours early. Python code that writes
a time for a reader or an editor goes through ``paper_time``; templates use the
``date`` filter, which converts by itself.
"""

from datetime import datetime

from django.utils import timezone

PAPER_TIME_FORMAT = "%H:%M, %d/%m/%Y"  # 16:41, 10/12/2021


def paper_time(value: datetime | None, *, seconds: bool = False) -> str:
    """``value`` on the paper's clock as "16:41, 10/12/2021" ("16:41:05, 10/12/2021" with ``seconds``)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%H:%M:%S, %d/%m/%Y" if seconds else PAPER_TIME_FORMAT)
