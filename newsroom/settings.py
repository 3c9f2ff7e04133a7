"""Settings for the Newsroom CMS, read from the environment.

One module for every environment: ``DJANGO_ENV`` switches between
``development`` (the default: debug on, embedded PostgreSQL when
``DATABASE_URL`` is unset) and ``production`` (refuses to start without a
real ``SECRET_KEY`` and ``ALLOWED_HOSTS``; HTTPS-only cookies and HSTS).
Every variable is listed in ``.env.example`` and the README.
"""

from pathlib import Path

import dj_database_url
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
    "django.contrib.sitemaps",
    "ckeditor",
    "reversion",
    "newsroom",
    "articles",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
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
# Fail fast when PostgreSQL is away or stuck: a reader gets a cached page or the 503 page in
# seconds, not a worker held for minutes. `migrate` and long maintenance commands can raise the
# timeout for their own run (DB_STATEMENT_TIMEOUT_MS=0 turns it off).
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 3),
        "options": f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 15_000)}",
    }
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise this process's memory.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}}

# Public pages: kept whole in the cache above for PAGE_CACHE_SECONDS (0 turns the
# page cache off) and told to browsers and CDNs to keep for PUBLIC_MAX_AGE.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/xem-truoc/", "/static/", "/media/", "/luot-xem/")

# Reader comments ("Ý kiến bạn đọc"): anti-abuse rules and display. See comments/.
COMMENTS = {
    "CLOSE_AFTER_DAYS": env_int("COMMENTS_CLOSE_AFTER_DAYS", 0),  # days after publication; 0: never closed
    "MIN_SECONDS": env_int("COMMENTS_MIN_SECONDS", 3),  # a form sent faster than this is a robot's
    "TOKEN_MAX_AGE": env_int("COMMENTS_TOKEN_MAX_AGE", 86_400),  # a form older than this is refused
    # (requests, seconds) windows per IP address and per email address
    "RATE_LIMITS": [(1, 15), (30, 3600)],
    "MAX_LINKS": env_int("COMMENTS_MAX_LINKS", 2),  # more links than this: held with a reason
    "TRUST_AFTER": env_int("COMMENTS_TRUST_AFTER", 0),  # approved comments that make a reader trusted; 0: off
    "PER_PAGE": 50,  # top-level comments shown under an article, with their replies
    "REPORTS_TO_HIDE": 3,  # reports that take an approved comment off the page until a moderator decides
}

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

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]

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

# Uploads: photos are capped by the photo validator; this bounds any one request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink", "Image"],
            ["RemoveFormat", "Source"],
        ],
        "height": 420,
        "width": "100%",
        # Images are uploaded into the photo library (articles.editor_upload);
        # articles/static/articles/admin/editor.js sends the CSRF token.
        "filebrowserUploadUrl": "/admin/editor/upload-image/",
        "filebrowserUploadMethod": "xhr",
        "filebrowserBrowseUrl": "/admin/editor/photos/",
        "uploadUrl": "/admin/editor/upload-image/",
        "extraPlugins": "uploadimage,image2",
        "removePlugins": "image,exportpdf",  # image2 replaces image; exportpdf needs a CKSource cloud token
        "image2_captionedClass": "photo",
    }
}

# Security. The secure-transport settings are on in production; development
# serves plain http on 127.0.0.1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # CKEditor's upload reads the token from the cookie
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env_bool("BEHIND_HTTPS_PROXY", PRODUCTION):
    # The proxy (nginx) terminates TLS and sets this header; never enable it
    # without a proxy that overwrites the header a client sends.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A reader whose comment form came from a cached page without a valid token gets the form back,
# text kept, with a fresh token to confirm (comments.views.csrf_failure), never a bare 403.
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"

SILENCED_SYSTEM_CHECKS = [
    # django-ckeditor warns that CKEditor 4 is out of upstream support. The
    # editor is staff-only, sits behind one widget seam, and every body is
    # sanitized server-side with nh3 on save, so the editor is never trusted.
    "ckeditor.W001",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}

DEMO_SUPERUSER = {"username": "admin", "password": "newsroom-admin-2026", "email": "admin@example.com"}
