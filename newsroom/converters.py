"""Path converters the site's URLs share (registered by newsroom/urls.py before any app's URLs load)."""


class RowId:
    """A row id as a URL holds it: 1 to 18 digits, so a 20-digit one is a 404, never a database error (ids are
    64-bit integers in PostgreSQL)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
