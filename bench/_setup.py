"""Shared set-up for bench scripts: Django on a database of its own (PostgreSQL when reachable)."""

import base64
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


BENCH_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"bench-only-encryption-key-32byte").decode()  # a Fernet key


def django_on(database: str | None = None, *, production: bool = False) -> None:
    """Configure Django for a bench run; `database` is a PostgreSQL database name created when missing.

    `production` runs with DEBUG off (no query log, no debug wrappers), as a served site does, over plain http.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")
    if production:
        os.environ.update(
            DEBUG="false",
            SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-" + "k" * 50,
            FIELD_ENCRYPTION_KEYS=os.environ.get("FIELD_ENCRYPTION_KEYS") or BENCH_ENCRYPTION_KEY,
            FIELD_HASH_KEY=os.environ.get("FIELD_HASH_KEY") or "bench-only-" + "h" * 40,
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
        )
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if database:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    import django

    django.setup()


def bench_media(i: int) -> tuple[str, str]:
    """The stored names of bench dream `i`'s video and poster."""
    return f"videos/bench-{i}.mp4", f"posters/bench-{i}.jpg"


def bulk_dreams(
    owner, count: int, *, content: str, symbols=("whale", "water", "red"), media: Callable = bench_media
) -> None:
    """`count` dreams of the client `owner`, written by their therapist, with consent and stored media names
    (`media(i)` gives the video's and the poster's), in one INSERT."""
    from dreams.models import Dream

    Dream.objects.bulk_create(
        Dream(
            client=owner,
            author=owner.therapist,
            title=f"Dream {i}",
            content=content,
            symbols=list(symbols),
            dreamt_on="2026-11-01",
            consent_video=True,
            video=media(i)[0],
            poster=media(i)[1],
        )
        for i in range(count)
    )
