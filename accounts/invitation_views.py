"""A client's access, as their therapist manages it (invite, invite again, revoke, switch off and on), and the
invitation page where the client chooses their sign-in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from dreams import audit, selectors
from dreams.views import therapist_required

from . import invitations
from .forms import InvitationAcceptForm
from .qr import qr_svg


def _access_page(request, client, *, issued=None, status: int = 200):
    context = {
        "client": client,
        "open_invitation": invitations.open_invitations(client).first(),
        "issued": issued,
        "hours": settings.INVITATION_HOURS,
    }
    if issued is not None:
        link = request.build_absolute_uri(f"/invitation/{issued.token}/")
        context |= {"link": link, "qr": qr_svg(link, title=_("Invitation for %(name)s") % {"name": client.pseudonym})}
    response = render(request, "accounts/client_access.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page with a link is shown once: no copy in any cache
    return response


@therapist_required
def client_access(request, client_id: int):
    """The client's sign-in: their account, or their invitation; the buttons that change it."""
    client = get_object_or_404(selectors.clients_for(request.user).select_related("user"), pk=client_id)
    audit.record(actor=request.user, client_id=client.pk, action=audit.Action.ACCESS_VIEWED)
    return _access_page(request, client)


@sensitive_variables("issued")
@require_POST
@therapist_required
def invitation_create(request, client_id: int):
    """A new invitation (the first, or again: the earlier link stops working), shown once as a link and a QR code."""
    client = get_object_or_404(selectors.clients_for(request.user).select_related("user"), pk=client_id)
    if client.user_id is not None:
        messages.info(request, _("This client already has their own sign-in."))
        return redirect("client_access", client_id=client.pk)
    issued = invitations.invitation_create(client=client, by=request.user)
    return _access_page(request, client, issued=issued)


@require_POST
@therapist_required
def invitation_revoke(request, client_id: int):
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    if invitations.invitation_revoke(client=client, by=request.user):
        messages.success(request, _("The invitation was revoked: its link no longer works."))
    return redirect("client_access", client_id=client.pk)


@require_POST
@therapist_required
def client_access_switch(request, client_id: int):
    """Switch the client's sign-in off (signed out everywhere, invitations ended) or on again."""
    client = get_object_or_404(selectors.clients_for(request.user).select_related("user"), pk=client_id)
    active = request.POST.get("active") == "on"
    invitations.client_access_set(client=client, active=active, by=request.user)
    if active:
        messages.success(request, _("The client can sign in again."))
    else:
        messages.success(request, _("The client's sign-in is switched off and every session of theirs has ended."))
    return redirect("client_access", client_id=client.pk)


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    """The client's page: choose a sign-in name and a password, then straight to their dreams."""
    invitation = invitations.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                invitation=invitation, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except invitations.InvitationUsed:
            return render(request, "accounts/invitation_invalid.html", status=404)
        login(request, user, backend="dreamtok.auth.UsernameBackend")
        messages.success(request, _("Welcome! From now on, sign in with the name and password you chose."))
        return redirect("home")
    # The token is in this page's address: the site's Referrer-Policy (same-origin) keeps it from other sites.
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
