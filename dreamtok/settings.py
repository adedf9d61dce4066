"""DreamTok settings: everything is read from the environment, with safe local defaults."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dreamtok.fieldkeys import field_keys
from dreamtok.logging import logging_config
from dreamtok.s3 import s3_origins, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("DREAMTOK_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "dreamtok.apps.AdminConfig",  # Django's admin on a site whose changelists filter only by what they declare
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "dreamtok.apps.AxesConfig",  # django-axes, under a name staff can read
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files (no CDN: the CSP stays strict)
    "django_otp",
    "dreamtok.apps.AuthenticatorAppsConfig",  # django-otp's TOTP devices, named for the admin
    "dreamtok.apps.RecoveryCodesConfig",  # django-otp's static tokens: the recovery codes
    "dreams",
    "videogen",
    "accounts",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session passed its second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "dreams.middleware.IdleSignOutMiddleware",  # before the sign-in check, which then sends the idle user to sign in
    "api.middleware.DeviceTokenForMedia",  # an app's token opens media links (after the session's checks)
    "dreamtok.middleware.LoginRequiredMiddleware",
    "accounts.middleware.SecondFactorMiddleware",  # signed in with a password only: to the second factor first
    "dreamtok.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dreamtok.urls"
WSGI_APPLICATION = "dreamtok.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dreams.context_processors.role",
                "accounts.context_processors.second_factor",
                "dreams.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web and the worker write at once: readers never wait (WAL), a transaction locks when it begins (IMMEDIATE:
    # no "database is locked" from two upgrading their locks), and a writer waits up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out sign-in before the password is checked. It has no get_user(), so
# force_login() in tests picks ModelBackend.
# dreamtok.auth.UsernameBackend: ModelBackend finding the account by the normal form of the typed name.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "dreamtok.auth.UsernameBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)

# Media: private, reached only through the app's signed media links, which check the permission on every request.
# Local files are streamed by the app; on S3 the link redirects to a presigned URL that lives a minute at most.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL_MAX_AGE = env.int("MEDIA_URL_MAX_AGE", default=3600)
PRESIGNED_URL_MAX_AGE = 60  # not configurable: how long a withdrawn video can still play from S3


AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    s3_place = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
    }
    default_storage = s3_storage(
        **s3_place,
        access_key=env.str("AWS_ACCESS_KEY_ID", default=None),
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=None),
        max_age=PRESIGNED_URL_MAX_AGE,
    )
    MEDIA_ORIGINS = s3_origins(**s3_place)
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
    MEDIA_ORIGINS = []  # local media come from this site, through signed links
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Celery: Redis when configured, otherwise kombu's filesystem transport so nothing needs a server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("in", "processed", "control"):
        (VAR_DIR / "celery" / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "in"),
        "data_folder_out": str(VAR_DIR / "celery" / "in"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600)}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-jobs": {
        "task": "videogen.tasks.requeue_stale_jobs",
        "schedule": env.float("VIDEOGEN_REQUEUE_SECONDS", default=15.0),
    },
    "purge-expired": {
        "task": "videogen.tasks.purge_expired",
        "schedule": env.float("VIDEOGEN_PURGE_SECONDS", default=3600.0),
    },
    "expire-unwatched-videos": {
        "task": "dreams.tasks.expire_unwatched_videos",
        "schedule": env.float("VIDEO_RETENTION_CHECK_SECONDS", default=3600.0),
    },
    "morning-reminders": {
        "task": "dreams.tasks.send_morning_reminders",
        "schedule": env.float("MORNING_REMINDER_SECONDS", default=300.0),
    },
}
# Retention: delete a video (and its poster) nobody has watched for this many days; 0 keeps every video.
VIDEO_RETENTION_DAYS = env.int("VIDEO_RETENTION_DAYS", default=0)
VIDEO_RETENTION_BATCH = env.int("VIDEO_RETENTION_BATCH", default=500)  # videos deleted per run at most

# Email (password resets, morning-log reminders, therapists' notifications): printed to the console unless a
# backend is set, e.g. EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, EMAIL_PORT…
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="DreamTok <no-reply@localhost>")
# The site's address in emails (the reminder's link).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Video generation.
VIDEOGEN_PROVIDERS = env.list("VIDEOGEN_PROVIDERS", default=["local"])
VIDEOGEN_PUBLIC_URL = env.str("VIDEOGEN_PUBLIC_URL", default="")

VIDEOGEN_MAX_VIDEO_MB = env.int("VIDEOGEN_MAX_VIDEO_MB", default=100)
VIDEOGEN_DAILY_BUDGET_USD = env.float("VIDEOGEN_DAILY_BUDGET_USD", default=20.0)
VIDEOGEN_THERAPIST_DAILY_LIMIT = env.int("VIDEOGEN_THERAPIST_DAILY_LIMIT", default=50)
# One therapist's share of the daily budget, so nobody can spend the whole clinic's day alone.
VIDEOGEN_THERAPIST_DAILY_BUDGET_USD = env.float("VIDEOGEN_THERAPIST_DAILY_BUDGET_USD", default=5.0)
# How often one user may ask for a video (generate-video, or the dream form with "make the video now"): "N/s|m|h|d".
VIDEOGEN_GENERATE_RATE = env.str("VIDEOGEN_GENERATE_RATE", default="10/m")
VIDEOGEN_POLL_SECONDS = env.float("VIDEOGEN_POLL_SECONDS", default=5.0)
VIDEOGEN_LEASE_SECONDS = env.int("VIDEOGEN_LEASE_SECONDS", default=120)
VIDEOGEN_REQUEUE_BATCH = env.int("VIDEOGEN_REQUEUE_BATCH", default=100)  # stale jobs re-sent per sweep at most
VIDEOGEN_TMP_DIR = Path(env.str("VIDEOGEN_TMP_DIR", default=str(VAR_DIR / "tmp")))
# Extra hosts (host or host:port) the downloader accepts over http and on private addresses: only for tests.
VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = env.list("VIDEOGEN_DOWNLOAD_ALLOW_HOSTS", default=[])
# Provider API calls and downloads (videogen/http.py, videogen/download.py): timeouts in seconds, attempts per call,
# and a factor on every retry wait (tests shrink it).
VIDEOGEN_HTTP_CONNECT_TIMEOUT = env.float("VIDEOGEN_HTTP_CONNECT_TIMEOUT", default=5.0)
VIDEOGEN_HTTP_READ_TIMEOUT = env.float("VIDEOGEN_HTTP_READ_TIMEOUT", default=30.0)
VIDEOGEN_HTTP_MAX_ATTEMPTS = env.int("VIDEOGEN_HTTP_MAX_ATTEMPTS", default=4)
VIDEOGEN_HTTP_RETRY_SCALE = env.float("VIDEOGEN_HTTP_RETRY_SCALE", default=1.0)

LUMA_API_KEY = env.str("LUMA_API_KEY", default="")
LUMA_API_BASE = env.str("LUMA_API_BASE", default="https://api.lumalabs.ai/dream-machine/v1")
LUMA_MODEL = env.str("LUMA_MODEL", default="ray-2")
# An estimate: Luma's published API price of a 5 s 720p ray-2 clip (the one we ask for). Set what you pay.
LUMA_COST_USD = env.float("LUMA_COST_USD", default=0.71)
RUNWAY_API_KEY = env.str("RUNWAY_API_KEY", default="")
RUNWAY_API_BASE = env.str("RUNWAY_API_BASE", default="https://api.dev.runwayml.com/v1")
RUNWAY_IMAGE_MODEL = env.str("RUNWAY_IMAGE_MODEL", default="gen4_image")
RUNWAY_VIDEO_MODEL = env.str("RUNWAY_VIDEO_MODEL", default="gen4_turbo")
RUNWAY_COST_USD = env.float("RUNWAY_COST_USD", default=0.05)
REPLICATE_API_TOKEN = env.str("REPLICATE_API_TOKEN", default="")
REPLICATE_API_BASE = env.str("REPLICATE_API_BASE", default="https://api.replicate.com/v1")
REPLICATE_WEBHOOK_SECRET = env.str("REPLICATE_WEBHOOK_SECRET", default="")
REPLICATE_IMAGE_MODEL = env.str("REPLICATE_IMAGE_MODEL", default="black-forest-labs/flux-schnell")
REPLICATE_VIDEO_MODEL = env.str("REPLICATE_VIDEO_MODEL", default="stability-ai/stable-video-diffusion")
REPLICATE_VIDEO_VERSION = env.str(
    "REPLICATE_VIDEO_VERSION", default="3f0457e4619daac51203dedb472816fd4af51f3149fa7a9e0b5ffcf1b8172438"
)
REPLICATE_COST_USD = env.float("REPLICATE_COST_USD", default=0.02)
# Input for a text-to-video REPLICATE_VIDEO_MODEL (not SVD), as JSON; the prompt is added as "prompt".
REPLICATE_VIDEO_INPUT = env.json("REPLICATE_VIDEO_INPUT", default={"aspect_ratio": "9:16", "duration": 5})
KLING_ACCESS_KEY = env.str("KLING_ACCESS_KEY", default="")
KLING_SECRET_KEY = env.str("KLING_SECRET_KEY", default="")
# Kling moved its international API to Singapore; mainland accounts use the Beijing host (see README).
KLING_API_BASE = env.str("KLING_API_BASE", default="https://api-singapore.klingai.com")
KLING_MODEL = env.str("KLING_MODEL", default="kling-v1-6")
KLING_COST_USD = env.float("KLING_COST_USD", default=0.10)

# Sessions are read from the cache and written through to the database (no query per request), but only when the
# cache is shared by every process (Redis): a per-process cache would keep a signed-out session alive in the others.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
# Idle sign-out by role (dreams.middleware): therapists and staff, as clinical systems do; clients may stay longer.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
CLIENT_SESSION_IDLE_MINUTES = env.int("CLIENT_SESSION_IDLE_MINUTES", default=14 * 24 * 60)

# Security: safe by default, strict when DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True  # our scripts take the token from the form's hidden input, never from the cookie
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies in front of the web processes append to X-Forwarded-For (0: REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp): no inline script or style, no eval; the admin complies too. Videos and posters
# come from this site, or on S3 from the bucket's host alone (MEDIA_ORIGINS: where media links redirect to).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "media-src": [SELF, "blob:", *MEDIA_ORIGINS],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
    }
}

# Sign-in brute force (django-axes): 5 wrong passwords for one username from one address lock that pair for 15 min.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A successful password sign-in resets django-axes' count only once the whole sign-in succeeded: for accounts with a
# second factor, after the code (accounts.signals), so signing in again does not wipe the wrong codes.
AXES_RESET_ON_SUCCESS = False  # wrong second-factor codes count as failures too
AXES_LOCKOUT_CALLABLE = "dreamtok.auth.lockout_response"  # templates/axes/lockout.html, with the minutes to wait
AXES_CLIENT_IP_CALLABLE = "dreamtok.auth.client_ip"
AXES_USERNAME_CALLABLE = "dreamtok.usernames.lockout_username"  # "DEMO-client" counts as demo-client

# Accounts (accounts/): invitations instead of passwords set by therapists, a second factor for therapists and staff.
INVITATION_HOURS = env.int("INVITATION_HOURS", default=72)  # how long an invitation link works (it dies on use)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="DreamTok")  # the name authenticator apps show
# The demo therapist and demo staff of `seed_demo` sign in without a second factor, so `make run` does not stop a new
# user at the enrolment page. Development only: production refuses to start with it.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured(
        "DEMO_MODE lets the demo accounts sign in without a second factor: it is for development only. Unset it "
        "(or set DEMO_MODE=false) when DEBUG is off."
    )
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 3600)

# Logs go to stderr: one JSON object a line in production (LOG_FORMAT=json), readable lines in development (text).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
CSRF_FAILURE_VIEW = "dreamtok.views.csrf_failure"
WHITENOISE_USE_FINDERS = True  # serve static files from the apps even before `collectstatic`
WHITENOISE_AUTOREFRESH = DEBUG

# Operations (see docs/deploy.md). Workers and beat log through LOGGING too (dreamtok/celery.py).
# A job whose provider has not delivered within this many seconds of submission goes to the next provider or fails.
VIDEOGEN_JOB_TIMEOUT_SECONDS = env.int("VIDEOGEN_JOB_TIMEOUT_SECONDS", default=3600)
# purge_expired: orphaned media older than the grace period, temporary downloads older than their maximum age.
VIDEOGEN_PURGE_MEDIA_GRACE_SECONDS = env.int("VIDEOGEN_PURGE_MEDIA_GRACE_SECONDS", default=3600)
VIDEOGEN_PURGE_TMP_SECONDS = env.int("VIDEOGEN_PURGE_TMP_SECONDS", default=6 * 3600)
# Silent provider videos get the soundscape of their dream's symbols (the local renderer makes one for every clip).
VIDEOGEN_SOUNDSCAPE = env.bool("VIDEOGEN_SOUNDSCAPE", default=True)

# Content credentials (C2PA) on every stored video and poster: a PEM chain (signer first) and its key; `make run` makes
# development ones, production is given real ones (or C2PA_ENABLED=false).
C2PA_ENABLED = env.bool("C2PA_ENABLED", default=True)
C2PA_CERT_CHAIN = Path(env.str("C2PA_CERT_CHAIN", default=str(VAR_DIR / "c2pa" / "chain.pem")))
C2PA_PRIVATE_KEY = Path(env.str("C2PA_PRIVATE_KEY", default=str(VAR_DIR / "c2pa" / "signer.key")))
if C2PA_ENABLED and not DEBUG and not (C2PA_CERT_CHAIN.is_file() and C2PA_PRIVATE_KEY.is_file()):
    raise ImproperlyConfigured(
        "Content credentials need a certificate chain and its key: set C2PA_CERT_CHAIN and C2PA_PRIVATE_KEY to "
        f"readable PEM files (now {C2PA_CERT_CHAIN} and {C2PA_PRIVATE_KEY}), or C2PA_ENABLED=false to store videos "
        "without them."
    )

# The JSON API under /api/v1/ (the api app, docs/api.md): device tokens for apps, the session (with CSRF) for the
# browser; errors as RFC 9457 problem details; requests per user (per address when anonymous) limited.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=30)  # a device token expires this many days after it is issued
API_RATES = {
    "user": env.str("API_USER_RATE", default="300/m"),
    "anon": env.str("API_ANON_RATE", default="60/m"),
    "sign_in": env.str("API_SIGN_IN_RATE", default="10/m"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.DeviceTokenAuthentication",
        "api.authentication.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.PerUserThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DreamTok API",
    "DESCRIPTION": "Dreams, their videos and the feed, for apps and a clinic's own systems. See docs/api.md.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PrivacyModeEnum": "dreams.models.Dream.PrivacyMode",
        "VisibilityEnum": "dreams.models.Dream.Visibility",
        "ModerationEnum": "dreams.models.Dream.Moderation",
        "VideoJobStateEnum": "videogen.models.VideoJob.State",
    },
}
# Encryption at rest (dreamtok/encryption.py; README "Encryption at rest"): the first Fernet key encrypts, all decrypt;
# FIELD_HASH_KEY keys the hashes used for equality. Development derives both from SECRET_KEY; production must set them.
FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY = field_keys(
    env.list("FIELD_ENCRYPTION_KEYS", default=[]),
    env.str("FIELD_HASH_KEY", default=""),
    secret_key=SECRET_KEY,
    development=DEBUG,
)
