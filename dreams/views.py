"""Therapists' and clients' pages: clients, the dream form, a dream's page, consent, the feed entry point."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dreamtok.ratelimit import generation_wait, too_fast_message
from videogen.services import GenerationRefused, provider_choices

from . import audit, notifications, selectors, services
from .forms import ClientForm, DreamForm
from .listforms import ClientSearchForm, DreamListForm


def therapist_required(view):
    def wrapped(request, *args, **kwargs):
        if selectors.viewer(request).role != "therapist":
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def home(request):
    role = selectors.viewer(request).role
    if role == "therapist":
        return redirect("client_list")
    if role == "staff":
        return redirect("admin:index")
    return redirect("feed")


@therapist_required
def client_list(request):
    search = ClientSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    clients = selectors.clients_for(request.user, with_counts=True, search=query)
    return render(request, "dreams/client_list.html", {"clients": clients, "search": search, "query": query})


@therapist_required
def notification_list(request):
    """The therapist's notifications, newest first; a POST marks them all read."""
    if request.method == "POST":
        notifications.notifications_mark_read(user=request.user)
        return redirect("notifications")
    context = {
        "notifications": notifications.notifications_for(request.user),
        "emails": notifications.wants_email(request.user),
    }
    return render(request, "dreams/notifications.html", context)


@require_POST
@therapist_required
def notification_preferences(request):
    wanted = request.POST.get("email_on_video") == "on"
    notifications.email_preference_set(user=request.user, email_on_video=wanted)
    messages.success(request, _("Your notification settings were saved."))
    return redirect("notifications")


@therapist_required
def client_add(request):
    form = ClientForm(request.POST or None, therapist=request.user)
    if request.method == "POST" and form.is_valid():
        client = services.client_create(therapist=request.user, **form.cleaned_data)
        added = _("Client “%(name)s” added. Invite them to choose their sign-in.")
        messages.success(request, added % {"name": client.pseudonym})
        return redirect("client_access", client_id=client.pk)
    return render(request, "dreams/client_form.html", {"form": form})


@therapist_required
def client_detail(request, client_id: int):
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    controls = DreamListForm(request.GET)
    chosen = controls.cleaned_data if controls.is_valid() else {}  # a value not offered: said, and the list unfiltered
    dreams = selectors.client_dreams(client, **chosen)
    context = {"client": client, "dreams": dreams, "controls": controls, "filtered": any(chosen.values())}
    return render(request, "dreams/client_detail.html", context)


@therapist_required
def client_delete(request, client_id: int):
    """Ask, saying what goes with the client; on POST delete the client and all of theirs."""
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    if request.method == "POST":
        services.client_delete(client=client, by=request.user)
        messages.success(
            request, _("The client, their dreams, every copy of their videos and their account were deleted.")
        )
        return redirect("client_list")
    context = {"client": client, "deleting": selectors.client_deletion_summary(client)}
    return render(request, "dreams/client_confirm_delete.html", context)


def _dream_form(request, *, instance=None, data=None):
    return DreamForm(data, instance=instance, providers=provider_choices())


def _generation_too_fast(request, form) -> bool:
    """With "make the video now" ticked, the form asks for a video: the same per-user rate as generate-video."""
    if not (form.cleaned_data.get("generate") and form.cleaned_data.get("consent_video")):
        return False
    wait = generation_wait(request.user)
    if wait:
        form.add_error(None, too_fast_message(wait))
    return bool(wait)


# Error reports leave out what the therapist typed: the dream's title, text and symbols.
DREAM_FIELDS = ("title", "content", "symbols")


@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def dream_add(request, client_id: int):
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    form = _dream_form(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and not _generation_too_fast(request, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("generate", "provider")}
        try:
            dream = services.dream_create(
                author=request.user,
                client=client,
                generate=form.cleaned_data["generate"],
                provider=form.cleaned_data["provider"],
                **fields,
            )
        except GenerationRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Dream saved."))
            return redirect("dream_detail", dream_id=dream.pk)
    return render(request, "dreams/dream_form.html", {"form": form, "client": client})


@sensitive_post_parameters(*DREAM_FIELDS)
@therapist_required
def dream_edit(request, dream_id):
    dream = get_object_or_404(selectors.dreams_editable_by(request.user), pk=dream_id)
    form = _dream_form(request, instance=dream, data=request.POST or None)
    if request.method != "POST":
        form.initial["generate"] = False
    if request.method == "POST" and form.is_valid() and not _generation_too_fast(request, form):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("generate", "provider")}
        try:
            services.dream_update(
                dream=dream,
                by=request.user,
                generate=form.cleaned_data["generate"],
                provider=form.cleaned_data["provider"],
                **fields,
            )
        except GenerationRefused as error:
            form.add_error(None, error.message)
        except services.ConsentRefused as error:
            form.add_error("consent_note" if "consent_note" in form.fields else "consent_video", error.message)
        else:
            messages.success(request, _("Dream updated."))
            return redirect("dream_detail", dream_id=dream.pk)
    return render(request, "dreams/dream_form.html", {"form": form, "client": dream.client, "dream": dream})


def dream_detail(request, dream_id):
    dream = get_object_or_404(selectors.dreams_viewable_by(request.user), pk=dream_id)
    audit.record(actor=request.user, dream_id=dream.pk, action=audit.Action.VIEWED)
    can_edit = dream.client.therapist_id == request.user.pk
    context = {
        "dream": dream,
        "job": dream.jobs.first(),
        "can_edit": can_edit,
        "is_own": request.user.pk in (dream.client.therapist_id, dream.client.user_id),
        "is_client": dream.client.user_id == request.user.pk,
        "consent_history": selectors.consent_history(dream) if can_edit else [],
        "rescripts": selectors.rescripts_of(dream) if can_edit else [],
        "providers": provider_choices(),
    }
    return render(request, "dreams/dream_detail.html", context)


@therapist_required
def dream_delete(request, dream_id):
    dream = get_object_or_404(selectors.dreams_editable_by(request.user), pk=dream_id)
    if request.method == "POST":
        client_id = dream.client_id
        services.dream_delete(dream=dream, by=request.user)
        messages.success(request, _("The dream and its video were deleted."))
        return redirect("client_detail", client_id=client_id)
    return render(request, "dreams/dream_confirm_delete.html", {"dream": dream})


def consent_withdraw(request, dream_id):
    """Ask, saying what goes (the video, its poster, its place in every feed); on POST withdraw and delete."""
    dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
    if request.method != "POST":
        return render(request, "dreams/consent_confirm_withdraw.html", {"dream": dream})
    services.consent_withdraw(dream=dream, by=request.user)
    messages.success(request, _("Consent withdrawn. The video was deleted and removed from every feed."))
    return redirect("dream_detail", dream_id=dream.pk)


@require_POST
def consent_give(request, dream_id):
    """The client gives consent to a video of their dream again (their therapist then makes it)."""
    dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
    if dream.client.user_id != request.user.pk:
        raise PermissionDenied  # the client's decision: their therapist records consent in the dream form
    if dream.consent_video:
        messages.info(request, _("Your consent is already recorded."))
    else:
        services.consent_give(dream=dream, by=request.user)
        messages.success(request, _("Consent given. Your therapist can now make the video."))
    return redirect("dream_detail", dream_id=dream.pk)
