"""Uploads on shared storage: an S3-compatible bucket through django-storages (``MEDIA_STORAGE=s3``).

Every upload — library photos and their renditions, print issues and their
covers, videos — is saved through ``default_storage``, so pointing
``STORAGES["default"]`` at a bucket moves them all, and every app host then
reads and writes the same files. ``media_storage_settings`` turns the
``MEDIA_S3_*`` variables into that ``STORAGES`` entry (settings.py calls it at
start-up, the tests call it with their own environment); ``MediaStorage`` is
django-storages' S3 storage with faster public URLs.

Objects are public-read with plain URLs by default, as a newspaper's photos
are: pages and CDNs can keep them, and an image an editor put in an article's
body never expires. Names are generated once and never rewritten in place,
so every object is sent with a year-long, immutable ``Cache-Control``.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import filepath_to_uri
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from newsroom.env import env_bool, env_choice, env_str, env_url

BACKEND = "newsroom.storage.MediaStorage"
CACHE_CONTROL = "public, max-age=31536000, immutable"
_PROBE = "probe"


def media_storage_settings(*, environ=None) -> dict:
    """The ``STORAGES["default"]`` entry for ``MEDIA_S3_*``; ``ImproperlyConfigured`` naming what is missing."""
    bucket = env_str("MEDIA_S3_BUCKET", environ=environ)
    if not bucket:
        raise ImproperlyConfigured("MEDIA_S3_BUCKET must name the bucket for uploads when MEDIA_STORAGE=s3")
    custom_domain = env_str("MEDIA_S3_CUSTOM_DOMAIN", environ=environ)
    if custom_domain and "://" in custom_domain:
        raise ImproperlyConfigured(
            f"MEDIA_S3_CUSTOM_DOMAIN must be a host name without a scheme, got {custom_domain!r}"
        )
    querystring_auth = env_bool("MEDIA_S3_QUERYSTRING_AUTH", False, environ=environ)
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_url("MEDIA_S3_ENDPOINT_URL", ("http", "https"), environ=environ),
        "region_name": env_str("MEDIA_S3_REGION", environ=environ),
        # Unset: boto3's own chain (AWS_* variables, an instance role).
        "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", environ=environ),
        "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", environ=environ),
        "custom_domain": custom_domain,
        "addressing_style": env_choice(
            "MEDIA_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), "auto", environ=environ
        ),
        "querystring_auth": querystring_auth,
        # Readers fetch plain URLs, so objects must be readable by anyone; signed URLs need no ACL.
        "default_acl": None if querystring_auth else "public-read",
        "object_parameters": {"CacheControl": CACHE_CONTROL},
        # A name already taken gets a suffix, as on the filesystem: an upload never replaces another.
        "file_overwrite": False,
    }
    return {"BACKEND": BACKEND, "OPTIONS": options}


def media_origins(options: dict) -> list[str]:
    """The origins readers' browsers load media from, for the Content-Security-Policy; the one URLs use first.

    The custom domain when there is one; otherwise the endpoint (path-style
    URLs, what botocore makes for an endpoint of its own) and the bucket's
    host under it (virtual-hosted URLs), or AWS's.
    """
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    endpoint = options.get("endpoint_url")
    bucket = options["bucket_name"]
    if not endpoint:
        region = options.get("region_name") or "us-east-1"
        return [f"https://{bucket}.s3.amazonaws.com", f"https://{bucket}.s3.{region}.amazonaws.com"]
    parts = urlsplit(endpoint)
    path_style, virtual = f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{bucket}.{parts.netloc}"
    return [virtual, path_style] if options.get("addressing_style") == "virtual" else [path_style, virtual]


class MediaStorage(S3Storage):
    """django-storages' S3 storage, whose plain public URLs are built without botocore.

    With ``querystring_auth`` off, every object's URL is one base followed by
    its key, but botocore builds each one as a presigned request (about 0.2 ms,
    measured here), and a listing asks for four per teaser (its image and
    ``srcset``). The base is
    taken once from botocore itself, so the endpoint, addressing style and
    region resolve exactly as boto3 would resolve them. Signed URLs and the
    custom domain go through django-storages unchanged.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.querystring_auth or self.custom_domain or parameters or http_method:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        return self._public_base_url + filepath_to_uri(self._normalize_name(clean_name(name)))

    @cached_property
    def _public_base_url(self) -> str:
        key = filepath_to_uri(self._normalize_name(_PROBE))
        return super().url(_PROBE).removesuffix(key)
