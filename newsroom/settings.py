"""Settings for the Newsroom CMS, read from the environment.

One module for every environment: ``DJANGO_ENV`` switches between
``development`` (the default: debug on, embedded PostgreSQL when
``DATABASE_URL`` is unset) and ``production`` (refuses to start without a
real ``SECRET_KEY`` and ``ALLOWED_HOSTS``; HTTPS-only cookies and HSTS).
Every variable is listed in ``.env.example`` and the README.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_choice, env_int, env_list, env_path, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_choice("DJANGO_ENV", ("development", "production"), "development")
PRODUCTION = DJANGO_ENV == "production"

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 refused in production below
SECRET_KEY = env_str("SECRET_KEY", None if PRODUCTION else DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])

if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production (no '*')")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production")
    if not env_str("DATABASE_URL"):
        raise ImproperlyConfigured("DATABASE_URL must be set in production (the embedded server is for development)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ckeditor",
    "reversion",
    "csp",
    "axes",
    "newsroom",
    "articles",
    "comments",
]

MIDDLEWARE = [
    # Every log line of a request names its id (newsroom/request_log.py): the first middleware's work.
    "newsroom.request_log.RequestLogMiddleware",
    # The reader's address behind the site's own proxies (TRUSTED_PROXIES), before anything reads it.
    "newsroom.forwarded.TrustedProxyMiddleware",
    # A cached page is answered before any other middleware runs, with the headers stored with it.
    "newsroom.page_cache.PageCacheServeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.RefuseNulBytesMiddleware",
    # Above the page cache: cached pages get the Content-Security-Policy header too.
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.faults.DatabaseOutageMiddleware",
    # With DATABASE_REPLICA_URLS only. Above the page cache, whose lookup on a miss then reads where
    # the page is built.
    "newsroom.replicas.ReplicaRoutingMiddleware",
    "newsroom.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into newsroom.security's lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' own: newsroom/templates/admin/ overrides Django admin templates for every app.
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with remembered addresses (newsroom/addresses.py), in every template.
            "builtins": ["newsroom.templatetags.urls"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
        },
    },
    {
        # The hot partials (teasers, comment threads, meta tags, sitemaps), in each app's jinja2/ folder:
        # newsroom/templating.py.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "newsroom.templating.environment"},
    },
]

# Database: DATABASE_URL when set, otherwise the project's own embedded server.
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    from newsroom.embedded_db import embedded_database

    EMBEDDED_POSTGRES_DIR = env_path("EMBEDDED_POSTGRES_DIR", BASE_DIR / "var" / "postgres")
    DATABASES = {"default": embedded_database(EMBEDDED_POSTGRES_DIR, env_str("EMBEDDED_POSTGRES_DB", "newsroom"))}
# `make test` gives the end-to-end journeys their own test database (TEST_DATABASE_SUFFIX=_e2e):
# their transactions commit, so each journey ends by emptying the tables.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}{env_str('TEST_DATABASE_SUFFIX', '')}"}
PREPARE_ONLY_WHEN_ASKED = 2**31  # executions: no query runs that often on one connection
# Fail fast when PostgreSQL is away or stuck: a reader gets a cached page or the 503 page in
# seconds, not a worker held for minutes. `migrate` and long maintenance commands can raise the
# timeout for their own run (DB_STATEMENT_TIMEOUT_MS=0 turns it off).
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 3),
        "options": f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 15_000)}",
        # psycopg 3 sends parameters apart from the SQL, so the article page's queries are prepared on
        # their connection and planned once (newsroom/prepared.py). DB_PREPARE_THRESHOLD > 0 prepares
        # every query run that many times too; 0 (the default): only those, since a generic plan can
        # be far worse than a fresh one for skewed data (searches, the moderation queue). psycopg's own
        # "never" (None) would refuse those too, hence a count no query reaches.
        "server_side_binding": True,
        "prepare_threshold": env_int("DB_PREPARE_THRESHOLD", 0) or PREPARE_ONLY_WHEN_ASKED,
    }
)
# A persistent connection (CONN_MAX_AGE) broken by a database restart is checked and replaced
# before a request uses it, instead of costing that request the 503 page.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise this process's memory.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",  # Django's, reusing its client (newsroom/redis_cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}}

# Public pages: kept whole in the cache above for PAGE_CACHE_SECONDS at most (0 turns
# the page cache off; changes drop the pages that show them long before) and told to
# browsers and CDNs to keep for PUBLIC_MAX_AGE.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 21600)
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
# Never looked up in the page cache: the desk, previews, files, the view beacon, and the health endpoints
# (/healthz touches no cache).
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/xem-truoc/", "/static/", "/media/", "/luot-xem/", "/healthz", "/readyz")

# Reader comments ("Ý kiến bạn đọc"): anti-abuse rules and display. See comments/.
COMMENTS = {
    "CLOSE_AFTER_DAYS": env_int("COMMENTS_CLOSE_AFTER_DAYS", 0),  # days after publication; 0: never closed
    "MIN_SECONDS": env_int("COMMENTS_MIN_SECONDS", 3),  # a form sent faster than this is a robot's
    "TOKEN_MAX_AGE": env_int("COMMENTS_TOKEN_MAX_AGE", 86_400),  # a form older than this is refused
    # (requests, seconds) windows per IP address and per email address
    "RATE_LIMITS": [(1, 15), (30, 3600)],
    "MAX_LINKS": env_int("COMMENTS_MAX_LINKS", 2),  # more links than this: held with a reason
    "TRUST_AFTER": env_int("COMMENTS_TRUST_AFTER", 0),  # approved comments that make a reader trusted; 0: off
    "ON_ARTICLE_PAGE": 10,  # top-level comments under the article, with their replies; the rest on pages of
    "PER_PAGE": 50,  # top-level comments (with their replies) on the article's comments pages (/y-kien/<id>/)
    "REPORTS_TO_HIDE": 3,  # reports that take an approved comment off the page until a moderator decides
}

# Benchmark runs only (bench/run.py): a bare view as the baseline, and comment rate limits,
# minimum form age and one-time tokens relaxed so a load generator can post. Never in real use.
BENCH_MODE = env_bool("BENCH_MODE", False)
if BENCH_MODE:
    COMMENTS.update({"RATE_LIMITS": [], "MIN_SECONDS": 0, "RELAXED_FOR_BENCH": True})

# The paper, as the site's masthead, footer, feeds and structured data name it.
PAPER = {
    "name": env_str("PAPER_NAME", "Báo Đắk Lắk"),
    "tagline": env_str("PAPER_TAGLINE", "Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Đắk Lắk"),
    "editor_in_chief": env_str("PAPER_EDITOR_IN_CHIEF", "Tổng Biên tập: (điền tên)"),
    "address": env_str("PAPER_ADDRESS", "Tòa soạn: (điền địa chỉ tòa soạn)"),
    "phone": env_str("PAPER_PHONE", ""),
    "email": env_str("PAPER_EMAIL", "toasoan@example.com"),
    "license": env_str("PAPER_LICENSE", "Giấy phép hoạt động báo điện tử số (điền số giấy phép)"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff log in through the admin only; a refused or missing ?next= lands on the admin's index.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes): a username tried from one IP address is locked out after
# AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME, for AXES_COOLOFF_TIME. Keyed on username
# and address together, so an attacker hammering one name from the office's shared address does
# not lock out a colleague logging in with another name from that address, and the owner of the
# name can still log in from elsewhere. Attempts are rows in PostgreSQL (axes' database handler),
# which every app host shares. The address is REMOTE_ADDR, as for comments: behind the site's own
# proxies, TRUSTED_PROXIES makes it the client's (newsroom/forwarded.py).
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.login_locked_out"  # a Vietnamese page, 429, no username in it
AXES_VERBOSE = False  # no start-up banner in every command's output

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]
# The newsroom's own Vietnamese for Django, the admin and the third-party apps (locale/*/LC_MESSAGES/*.po,
# compiled by `make messages`); it wins over every app's catalogue.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Request limits: a body (files aside) over DATA_UPLOAD_MAX_MEMORY_SIZE, or more fields or files
# than allowed, is refused with the 400 page before any view runs. A file over
# FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file instead of memory; each kind of upload has
# its own cap (articles/content/images.py, print_editions.py, admin_forms.py), the web server the outer one.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # no form here sends more than two files
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink", "NewsroomPhoto"],
            ["RemoveFormat", "Source"],
        ],
        # Vietnamese whatever the browser's language; the few words CKEditor's vi.js lacks are in ckeditor-vi.js.
        "language": "vi",
        "applicationTitle": "Soạn thảo nội dung",  # what a screen reader calls the editor
        "customConfig": f"{STATIC_URL}articles/admin/ckeditor-vi.js",
        "versionCheck": False,  # its English "not secure" banner: pinned, never trusted (SILENCED_SYSTEM_CHECKS)
        "height": 420,
        "width": "100%",
        # Every photo enters the body through the newsroom's own dialog (articles.desk.editor_upload),
        # where it gets caption, credit and alt text; CKEditor's own image dialogs (image, image2)
        # and its drop/paste upload (uploadimage) are gone, and a pasted image file is not inserted.
        "extraPlugins": "newsroomphoto",
        "external_plugin_resources": [
            ("newsroomphoto", "/static/articles/admin/ckeditor/plugins/newsroomphoto/", "plugin.js"),
        ],
        "removePlugins": "image,image2,uploadimage,exportpdf",  # exportpdf needs a CKSource cloud token
        "clipboard_handleImages": False,
        "extraAllowedContent": "img[!src,alt,width,height,data-photo-id]",  # bodies written before the dialog
    }
}

# Security. The secure-transport settings are on in production; development
# serves plain http on 127.0.0.1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # CKEditor's upload reads the token from the cookie
# The host is the request's own Host header, checked against ALLOWED_HOSTS (a bad one gets the 400
# page); a client's X-Forwarded-Host is never believed, so it cannot change absolute URLs or the
# page cache's key.
USE_X_FORWARDED_HOST = USE_X_FORWARDED_PORT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env_bool("BEHIND_HTTPS_PROXY", PRODUCTION):
    # The proxy (nginx) terminates TLS and tells Django a request came over HTTPS with
    # `X-Forwarded-Proto: https` (`proxy_set_header X-Forwarded-Proto $scheme;`), so the SSL
    # redirect, HSTS and secure cookies see the real scheme. Never enable it without a proxy that
    # overwrites the header a client sends: a client could then pass plain http off as https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Content Security Policy (django-csp; newsroom.security picks the policy by path).
# Readers' pages: scripts, styles, fonts and fetches only from this site, nothing inline (a
# JSON-LD <script type="application/ld+json"> is a data block, never run), images also as data:
# URLs, frames only from the video players articles/content/video.py embeds, no plugins, no <base>, no
# framing by other sites. The print issue's page alone may show its PDF in an <object>
# (articles/site/views/print_edition.py). Uploaded media are served from MEDIA_URL's origin.
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else SELF
VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://www.facebook.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", MEDIA_ORIGIN],
        "media-src": [SELF, MEDIA_ORIGIN],
        "connect-src": [SELF],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY_AREAS = {
    # Staff only. CKEditor 4 (django-ckeditor) builds its editing area, toolbar and dialogs with
    # inline script and style and eval-like code, so those are allowed here and nowhere else; what
    # it produces is sanitized on save (articles/content/body.py). blob: for images pasted into the editor.
    "admin": {
        "PATH_PREFIX": "/admin/",
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", "blob:", MEDIA_ORIGIN],
            "media-src": [SELF, MEDIA_ORIGIN],
            "connect-src": [SELF],
            "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
            "object-src": [NONE],
            "base-uri": [NONE],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        },
    },
    # Uploaded files, when the app serves them (development, the browser tests): they run nothing
    # and load nothing, and only this site's own pages may embed them (the print issue's PDF).
    # Production's web server serves media and should send the same header.
    "media": {
        "PATH_PREFIX": MEDIA_URL,
        "DIRECTIVES": {"default-src": [NONE], "base-uri": [NONE], "form-action": [NONE], "frame-ancestors": [SELF]},
    },
}

# A reader whose comment form came from a cached page without a valid token gets the form back,
# text kept, with a fresh token to confirm (comments.views.csrf_failure), never a bare 403.
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"

SILENCED_SYSTEM_CHECKS = [
    # django-ckeditor warns that CKEditor 4 is out of upstream support. The
    # editor is staff-only, sits behind one widget seam, and every body is
    # sanitized server-side with nh3 on save, so the editor is never trusted.
    "ckeditor.W001",
]

DEMO_SUPERUSER = {"username": "admin", "password": "newsroom-admin-2026", "email": "admin@example.com"}

# Media on shared storage (README "Media storage"). MEDIA_STORAGE=s3 keeps every upload (photos and
# their renditions, print issues and covers, videos) in an S3-compatible bucket through
# django-storages (newsroom/storage.py), so every app host serves the same files; the bucket must
# exist. Objects are public-read with plain URLs unless MEDIA_S3_QUERYSTRING_AUTH (signed URLs
# that expire: not for images put in articles' bodies). Readers' pages may load media from there.
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", ("filesystem", "s3"), "filesystem")
if MEDIA_STORAGE == "s3":
    from newsroom.storage import media_origins, media_storage_settings

    STORAGES["default"] = media_storage_settings()
    _origins = media_origins(STORAGES["default"]["OPTIONS"])
    MEDIA_ORIGIN = _origins[0]  # the print issue's page shows its PDF from there (articles/site/views/print_edition.py)
    for _directives in (CONTENT_SECURITY_POLICY["DIRECTIVES"], CONTENT_SECURITY_POLICY_AREAS["admin"]["DIRECTIVES"]):
        for _name in ("img-src", "media-src"):
            _directives[_name] += [origin for origin in _origins if origin not in _directives[_name]]

# Read replicas (README "Read replicas", docs/replicas.md). DATABASE_REPLICA_URLS, comma-separated
# postgres:// URLs of streaming-replication standbys, become the aliases replica_1, replica_2, …
# with the primary's timeouts; newsroom.db_router sends reader pages' reads there and every write,
# the admin, previews, logged-in staff and a client's requests for DATABASE_REPLICA_PIN_SECONDS
# after it wrote to the primary ("default"). Tests read the test database through them (MIRROR).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    if urlsplit(_url).scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS must list postgres:// URLs, got {_url!r}")
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0))
    _replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **_replica.get("OPTIONS", {})}
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_PRIMARY_PATHS = ("/admin/", "/xem-truoc/")
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 5, minimum=1)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]

# Operations (docs/deploy.md): request log, the reader's address behind proxies, health
# endpoints, edge purge. LOG_FORMAT=json writes one JSON object per line; every line names its
# request id (newsroom/request_log.py), the first middleware's work.
LOG_FORMAT = env_choice("LOG_FORMAT", ("plain", "json"), "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"default": {"()": "newsroom.request_log.LogFormatter", "as_json": LOG_FORMAT == "json"}},
    "filters": {"request_id": {"()": "newsroom.request_log.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes: failed logins and lockouts are warnings; successful logins are in its AccessLog table.
    # pikepdf announces its logger bridge at INFO on every start.
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
# The app logs a request only when it took this long inside Django, or failed (5xx); the edge logs
# every request with the same id. 0: every request (an app reached without a logging proxy).
REQUEST_LOG_SLOW_MS = env_int("REQUEST_LOG_SLOW_MS", 1000)
# Addresses or networks of the site's own proxies (nginx; a CDN), comma-separated: from them,
# the reader's address is taken from X-Forwarded-For (newsroom/forwarded.py). Empty: off.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
try:
    from newsroom.forwarded import trusted_networks

    trusted_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must list IP addresses or networks: {error}") from None
# /healthz and /readyz (newsroom/health.py): never redirected to https (probes on the private
# network speak plain http).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Edge cache purge by tag (newsroom/edge_purge.py): after content changes, requests naming the
# changed pages' tags to each URL (comma-separated, one per edge server), e.g.
# http://127.0.0.1:8080/ for Varnish's purge listener (deploy/varnish/newsroom.vcl). Unset: off.
EDGE_PURGE = {
    "URLS": env_list("EDGE_PURGE_URL", []),
    "METHOD": env_choice("EDGE_PURGE_METHOD", ("PURGE", "POST"), "PURGE"),
    "TIMEOUT": env_int("EDGE_PURGE_TIMEOUT", 2, minimum=1),
}
for _url in EDGE_PURGE["URLS"]:
    if urlsplit(_url).scheme not in ("http", "https") or not urlsplit(_url).hostname:
        raise ImproperlyConfigured(f"EDGE_PURGE_URL must list http:// or https:// URLs, got {_url!r}")
