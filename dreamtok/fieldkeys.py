"""The keys of encryption at rest as settings.py reads them: given in production, derived from the development
SECRET_KEY under DEBUG, and checked before the first request so a wrong key stops the start, not a save."""

import base64
import hashlib

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def field_keys(keys: list[str], hash_key: str, *, secret_key: str, development: bool) -> tuple[list[str], str]:
    """FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY, checked; in development the missing ones derived from SECRET_KEY."""
    if not (keys and hash_key):
        if not development:
            raise ImproperlyConfigured(
                "Dreams are stored encrypted: set FIELD_ENCRYPTION_KEYS (one or more Fernet keys, comma-separated, the "
                "newest first) and FIELD_HASH_KEY (a random string of 32 or more characters), kept apart from the "
                "database and its backups. Make a key with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
        derived = hashlib.sha256(f"dreamtok field encryption {secret_key}".encode()).digest()
        keys = keys or [base64.urlsafe_b64encode(derived).decode()]
        hash_key = hash_key or hashlib.sha256(f"dreamtok field hash {secret_key}".encode()).hexdigest()
    try:
        [Fernet(key) for key in keys]
    except ValueError as error:
        raise ImproperlyConfigured(
            "Each of FIELD_ENCRYPTION_KEYS must be a Fernet key: 32 bytes in URL-safe base64 (44 characters)."
        ) from error
    if len(hash_key) < 32:
        raise ImproperlyConfigured("FIELD_HASH_KEY must be at least 32 characters long.")
    return keys, hash_key
