"""Invitations: a therapist's one-time link for a client to choose their own sign-in, and the client's access switched
off and on. Only a hash of a link's token is stored; a new invitation ends the client's earlier ones."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dreams import audit
from dreams.models import Client
from dreams.sessions import end_sessions

from .models import Invitation

Action = audit.Action


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its token: the token exists only here, to be shown once (link and QR code)."""

    invitation: object
    token: str


def open_invitations(client: Client) -> QuerySet:
    """The client's invitations whose link still works (at most one: a new one ends the others)."""
    now = timezone.now()
    return client.invitations.filter(used_at=None, revoked_at=None, expires_at__gt=now)


def invitation_create(*, client: Client, by) -> IssuedInvitation:
    """A new invitation for a client without an account yet; any earlier one stops working (a resend)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        open_invitations(client).update(revoked_at=now)
        invitation = Invitation.objects.create(
            client=client,
            token_hash=token_hash(token),
            created_by=by,
            created_at=now,
            expires_at=now + timedelta(hours=settings.INVITATION_HOURS),
        )
        audit.record(actor=by, client_id=client.pk, action=Action.INVITED)
    return IssuedInvitation(invitation=invitation, token=token)


def invitation_revoke(*, client: Client, by) -> int:
    """End the client's open invitation(s); how many were open."""
    with transaction.atomic():
        count = open_invitations(client).update(revoked_at=timezone.now())
        if count:
            audit.record(actor=by, client_id=client.pk, action=Action.INVITATION_REVOKED)
    return count


def invitation_for_token(token: str):
    """The open invitation this link's token belongs to (its client with it), or None: unknown, used, revoked or
    expired links are all the same to the visitor."""
    if not token or len(token) > 100:
        return None
    invitation = Invitation.objects.select_related("client").filter(token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_open or invitation.client.user_id is not None:
        return None
    return invitation


class InvitationUsed(Exception):
    """The invitation stopped working between the page and the form (used, revoked, expired)."""


def invitation_accept(*, invitation, username: str, password: str):
    """The client's own account, made from an open invitation with the name (checked by clean_new_username) and
    password they chose; the invitation is used up. An email address as the name is also the account's email, for
    password reset."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("client").get(pk=invitation.pk)
        client = Client.objects.select_for_update().get(pk=invitation.client_id)
        if not invitation.is_open or client.user_id is not None:
            raise InvitationUsed
        email = username if "@" in username else ""
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        client.user = user
        client.save(update_fields=["user"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        audit.record(actor=user, client_id=client.pk, action=Action.INVITATION_ACCEPTED)
    return user


def client_access_set(*, client: Client, active: bool, by) -> None:
    """Switch the client's sign-in off (every session ends, open invitations end) or on again."""
    with transaction.atomic():
        if not active:
            open_invitations(client).update(revoked_at=timezone.now())
        account = client.user
        if account is not None and account.is_active != active:
            account.is_active = active
            account.save(update_fields=["is_active"])
            if not active:
                transaction.on_commit(lambda: end_sessions(account.pk))
        audit.record(actor=by, client_id=client.pk, action=Action.ACCESS_ENABLED if active else Action.ACCESS_DISABLED)
