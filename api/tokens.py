"""Device tokens: issue one after a sign-in, find the account a presented secret belongs to, list and revoke."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import DeviceToken

SECRET_BYTES = 32
LAST_USED_STEP = timedelta(minutes=5)  # the last-used time is written at most this often: not a write per request


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(*, user, name: str) -> tuple[DeviceToken, str]:
    """A new token for `user`'s device; the secret is returned once and stored only as its hash."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    now = timezone.now()
    token = DeviceToken.objects.create(
        user=user,
        name=name,
        secret_hash=secret_hash(secret),
        prefix=secret[:8],
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return token, secret


def token_for_secret(secret: str) -> DeviceToken | None:
    """The live token with this secret (not expired, its account active), or None."""
    token = (
        DeviceToken.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is not None and (token.last_used_at is None or timezone.now() - token.last_used_at > LAST_USED_STEP):
        token.last_used_at = timezone.now()
        DeviceToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token


def tokens_of(user) -> QuerySet[DeviceToken]:
    """The tokens of `user`'s devices that still work, newest first."""
    return DeviceToken.objects.filter(user=user, expires_at__gt=timezone.now())


def token_revoke(*, token: DeviceToken) -> None:
    token.delete()
