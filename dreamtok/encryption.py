"""Encryption at rest: Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) over several keys, the first of
which encrypts while all decrypt, and keyed hashes (HMAC-SHA256) for what must be compared without being read."""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

# Every Fernet token starts with its version byte 0x80 and a timestamp's high bytes: "gAAAAA" in URL-safe base64.
TOKEN_PREFIX = "gAAAAA"
SHORTEST_TOKEN = 100  # version, time, IV and HMAC, and one block of ciphertext, in base64


class UndecryptableValue(Exception):
    """A stored value that none of the keys decrypts: a key was retired before `rotate_keys` finished, or is missing."""


@lru_cache(maxsize=4)
def _keyring(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS))


def looks_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX) and len(value) >= SHORTEST_TOKEN


def encrypt(text: str) -> str:
    """A token of the text under the first key."""
    return _keys()[0].encrypt(text.encode("utf-8", "surrogatepass")).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a token made under any of the keys."""
    try:
        return _keys()[0].decrypt(token.encode("ascii")).decode("utf-8", "surrogatepass")
    except (InvalidToken, UnicodeEncodeError) as error:
        raise UndecryptableValue(
            "a stored value is encrypted under none of FIELD_ENCRYPTION_KEYS: put back the key it was made with"
        ) from error


def is_current(token: str) -> bool:
    """Whether the token was made under the first key (so rotation has nothing to do for it)."""
    try:
        _keys()[1].decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same text, under the first key."""
    try:
        return _keys()[0].rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise UndecryptableValue("a stored value is encrypted under none of FIELD_ENCRYPTION_KEYS") from error


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 (hex) of the text under FIELD_HASH_KEY: equal texts give equal hashes, and nobody without the key
    can test a guess against one."""
    key = settings.FIELD_HASH_KEY.encode("utf-8")
    return hmac.new(key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
