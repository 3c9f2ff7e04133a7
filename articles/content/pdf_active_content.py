"""Active content in a PDF: what may run, submit, launch or carry files when a reader opens a print edition.

A print edition is read, never run, so an upload is refused when its object
graph holds JavaScript (document-level or in any action), an ``/OpenAction``
that is more than a jump to a page, additional actions (``/AA``) on the
catalog, a page, an annotation or a form field, any action outside a small
allowlist (Launch, SubmitForm, ImportData, GoToR, GoToE, RichMedia,
Rendition, …), embedded files or file-attachment annotations, XFA forms,
multimedia annotations that can carry scripts, or links whose scheme is not
http, https, mailto or tel. Ordinary print PDFs keep their links (URI and
GoTo), bookmarks, tagged structure and an ``/OpenAction`` destination.

The check reads the PDF's objects with pikepdf (qpdf), so compressed object
streams and hex-escaped names (``/J#61vaScript``) are seen as a viewer sees
them; nothing here is a scan of the raw bytes. Every object reachable from
the trailer is visited, and every object of the file, so an unreferenced
object a repairing viewer might pick up is seen too.
"""

import re

import pikepdf

# What an editor is told was found, in this order.
JAVASCRIPT = "mã JavaScript"
OPEN_ACTION = "hành động tự chạy khi mở tệp (OpenAction)"
ADDITIONAL_ACTIONS = "hành động tự chạy khi mở trang, rê chuột hay nhập liệu (AA)"
LAUNCH = "lệnh mở chương trình hoặc tệp bên ngoài (Launch)"
EMBEDDED_FILE = "tệp đính kèm"
XFA_FORM = "biểu mẫu XFA"
FORM_ACTION = "lệnh gửi, nhập hoặc xóa dữ liệu biểu mẫu (SubmitForm, ImportData, ResetForm)"
REMOTE_DOCUMENT = "lệnh mở tài liệu khác (GoToR, GoToE, GoToDp)"
MULTIMEDIA = "nội dung đa phương tiện có thể chạy mã (RichMedia, 3D, Screen, Movie, Sound, Rendition)"
UNSAFE_LINK = "liên kết không phải http, https, mailto hay tel"
OTHER_ACTION = "hành động không được phép"
ORDER = (
    JAVASCRIPT, OPEN_ACTION, ADDITIONAL_ACTIONS, LAUNCH, EMBEDDED_FILE, XFA_FORM, FORM_ACTION, REMOTE_DOCUMENT,
    MULTIMEDIA, UNSAFE_LINK, OTHER_ACTION,
)  # fmt: skip

SAFE_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread", "/SetOCGState"})
SAFE_NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
ACTION_KINDS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": FORM_ACTION,
    "/ImportData": FORM_ACTION,
    "/ResetForm": FORM_ACTION,
    "/GoToR": REMOTE_DOCUMENT,
    "/GoToE": REMOTE_DOCUMENT,
    "/GoToDp": REMOTE_DOCUMENT,
    "/RichMediaExecute": MULTIMEDIA,
    "/Rendition": MULTIMEDIA,
    "/Movie": MULTIMEDIA,
    "/Sound": MULTIMEDIA,
    "/GoTo3DView": MULTIMEDIA,
}
# Keys whose value is an action dictionary (or, for /Next, an array of them).
ACTION_KEYS = frozenset({"/A", "/OpenAction", "/Next"})
FLAGGED_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/AA": ADDITIONAL_ACTIONS,
    "/EmbeddedFiles": EMBEDDED_FILE,
    "/EF": EMBEDDED_FILE,
    "/XFA": XFA_FORM,
}
FLAGGED_SUBTYPES = {
    "/FileAttachment": EMBEDDED_FILE,
    "/RichMedia": MULTIMEDIA,
    "/3D": MULTIMEDIA,
    "/Screen": MULTIMEDIA,
    "/Movie": MULTIMEDIA,
    "/Sound": MULTIMEDIA,
}
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_LINKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")


class EncryptedPdf(Exception):
    """The PDF is encrypted: its strings and object streams cannot be inspected without decrypting it."""


def find_active_content(stream) -> list[str]:
    """The kinds of active content in the PDF read from ``stream`` (Vietnamese labels, in ``ORDER``); empty if none.

    Raise ``EncryptedPdf`` for an encrypted file (with or without a password
    to open it); any other exception means the file could not be read as a PDF.
    """
    try:
        pdf = pikepdf.open(stream)
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf from exc
    with pdf:
        if pdf.is_encrypted:
            raise EncryptedPdf
        found: set[str] = set()
        _check_open_action(pdf.Root, found)
        _walk(pdf, found)
    return [kind for kind in ORDER if kind in found]


def _check_open_action(catalog, found: set[str]) -> None:
    """A destination (an array, or a plain GoTo with no follow-up action) is fine; anything else runs on opening."""
    action = catalog.get("/OpenAction")
    if _is_dictionary(action) and not (_name(action.get("/S")) == "/GoTo" and "/Next" not in action):
        found.add(OPEN_ACTION)


def _walk(pdf: pikepdf.Pdf, found: set[str]) -> None:
    """Visit every object reachable from the trailer, and every object of the file, each indirect one once."""
    pending: list[tuple[pikepdf.Object, str | None]] = [(pdf.trailer, None)]
    pending += [(value, None) for value in pdf.objects]
    seen: set[tuple[int, int]] = set()
    while pending:
        value, via = pending.pop()
        if via in ACTION_KEYS:
            _check_action(value, found)  # before the seen check: the same object may be reached plainly first
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            if value.objgen in seen:
                continue
            seen.add(value.objgen)
        if _is_dictionary(value):
            entries = dict(value.items())
            _check_dictionary(entries, found)
            pending.extend((item, key) for key, item in entries.items())
        elif isinstance(value, pikepdf.Array):
            item_via = "/Next" if via == "/Next" else None
            pending.extend((item, item_via) for item in value)


def _is_dictionary(value) -> bool:
    """A dictionary, or a stream (whose dictionary can hold the same keys)."""
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Stream))


def _check_dictionary(entries: dict, found: set[str]) -> None:
    """Judge a dictionary (given as a plain ``dict`` of its entries) by its keys, subtype and type."""
    found.update(FLAGGED_KEYS[key] for key in FLAGGED_KEYS.keys() & entries.keys())
    subtype = _name(entries.get("/Subtype"))
    if subtype in FLAGGED_SUBTYPES:
        found.add(FLAGGED_SUBTYPES[subtype])
    if _name(entries.get("/Type")) == "/Action":
        _check_action_entries(entries, found)


def _check_action(action, found: set[str]) -> None:
    """Judge an action dictionary by its type (``/S``): only jumps, web and mail links and page turns pass."""
    if isinstance(action, pikepdf.Dictionary):
        _check_action_entries(dict(action.items()), found)


def _check_action_entries(entries: dict, found: set[str]) -> None:
    if "/S" not in entries:
        return
    kind = _name(entries["/S"])
    if kind not in SAFE_ACTIONS:
        found.add(ACTION_KINDS.get(kind, OTHER_ACTION))
    elif kind == "/Named" and _name(entries.get("/N")) not in SAFE_NAMED_ACTIONS:
        found.add(OTHER_ACTION)
    elif kind == "/URI" and not _is_safe_link(entries.get("/URI")):
        found.add(UNSAFE_LINK)


def _name(value) -> str | None:
    return str(value) if isinstance(value, pikepdf.Name) else None


def _is_safe_link(uri) -> bool:
    """A link with no scheme (relative) or a web, mail or phone one; blanks and controls are ignored, as browsers do."""
    text = str(uri) if isinstance(uri, pikepdf.String) else ""  # decoded from PDFDocEncoding or UTF-16
    scheme = _SCHEME.match(_IGNORED_IN_LINKS.sub("", text).lower())
    return scheme is None or scheme.group(1) in SAFE_LINK_SCHEMES
