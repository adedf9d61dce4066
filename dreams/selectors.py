"""Read-side queries: who may see which clients and dreams. Every view goes through these."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import router
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.deletion import Collector
from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan

from videogen import services as videogen_services

from .models import THERAPISTS_GROUP, AuditEvent, Client, ConsentEvent, Dream, Favourite, FeedPreference


def clients_for(user, *, with_counts: bool = False, search: str = "") -> QuerySet[Client]:
    """The clients a therapist looks after (those whose pseudonym contains `search`, in any case); nobody else has
    clients."""
    if not user.is_authenticated:
        return Client.objects.none()
    clients = Client.objects.filter(therapist=user)
    if search:
        # SQLite folds the case of ASCII letters only: the typed, lower and capitalised forms cover Cyrillic there.
        forms = {search, search.lower(), search.capitalize()}
        matches = Q(pseudonym__icontains=search)
        for form in forms:
            matches |= Q(pseudonym__contains=form)
        clients = clients.filter(matches)
    if with_counts:
        clients = clients.annotate(dream_count=Count("dreams"))
    return clients


DREAM_LIST_ORDERS = {
    "": ("-dreamt_on", "-created_at", "-id"),
    "oldest": ("dreamt_on", "created_at", "id"),
    "entered": ("-created_at", "-id"),
}
ACTIVE_JOB_STATES = videogen_services.ACTIVE_JOB_STATES


def client_dreams(client: Client, *, sort: str = "", distressing: str = "", video: str = "") -> QuerySet[Dream]:
    """A client's dreams for their therapist's list, each with the state of its latest video job (`video_state`, None
    when none was asked for), so the list can say which video failed or is being made; sorted by the night dreamt
    (`sort` "oldest", or "entered": last written first), filtered by distress ("yes"/"no") and video state
    ("ready", "making", "failed", "none")."""
    dreams = client.dreams.defer("content").annotate(video_state=videogen_services.latest_job_state())
    if distressing in ("yes", "no"):
        dreams = dreams.filter(distressing=distressing == "yes")
    has_video = Q(consent_video=True) & ~Q(video="")
    video_filters = {
        "ready": has_video,
        "making": Q(video_state__in=ACTIVE_JOB_STATES),
        "failed": Q(video_state="failed") & ~has_video,
        "none": ~has_video & (Q(video_state__isnull=True) | ~Q(video_state__in=[*ACTIVE_JOB_STATES, "failed"])),
    }
    if video in video_filters:
        dreams = dreams.filter(video_filters[video])
    return dreams.order_by(*DREAM_LIST_ORDERS.get(sort, DREAM_LIST_ORDERS[""]))


def dreams_for(user) -> QuerySet[Dream]:
    """Dreams a user may open: a therapist's clients' dreams, or a client's own."""
    if not user.is_authenticated:
        return Dream.objects.none()
    return Dream.objects.filter(Q(client__therapist=user) | Q(client__user=user)).select_related("client", "author")


def dreams_editable_by(user) -> QuerySet[Dream]:
    """Only the client's therapist edits, deletes and generates."""
    return dreams_for(user).filter(client__therapist=user)


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their role, their own client record (for a client), their feed choice. Read once a request."""

    role: str  # therapist, client, staff, none or anonymous
    client_id: int | None = None
    skips_distressing: bool = False
    # Only the new versions of rescripted nightmares: the client's choice, by default on while they rehearse one.
    only_new_versions: bool = False


def viewer(request) -> Viewer:
    """The viewer of this request, from one query, kept on the request for the view, its template and tags."""
    if not hasattr(request, "_dreamtok_viewer"):
        request._dreamtok_viewer = _read_viewer(request.user)
    return request._dreamtok_viewer


def _read_viewer(user) -> Viewer:
    if not user.is_authenticated:
        return Viewer("anonymous")
    therapist, client_id, skips, only_new, rehearsing = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            therapist=Exists(Group.objects.filter(name=THERAPISTS_GROUP, user=OuterRef("pk"))),
            own_client=Subquery(Client.objects.filter(user=OuterRef("pk")).values("pk")[:1]),
            skips=Exists(FeedPreference.objects.filter(user=OuterRef("pk"), skip_distressing=True)),
            only_new=Subquery(FeedPreference.objects.filter(user=OuterRef("pk")).values("only_new_versions")[:1]),
            rehearsing=Exists(Dream.objects.filter(client__user=OuterRef("pk"), is_current_rescript=True)),
        )
        .values_list("therapist", "own_client", "skips", "only_new", "rehearsing")
        .get()
    )
    role = "therapist" if therapist else "client" if client_id else "staff" if user.is_staff else "none"
    only_new = rehearsing if only_new is None else only_new
    return Viewer(role=role, client_id=client_id, skips_distressing=skips, only_new_versions=bool(only_new))


FEED_PAGE_SIZE = 20
# The night a dream was dreamt orders the feed (a dream written down days later still takes its place among its
# nights); dreams of one night come newest entry first. The cursor and the indexes follow these fields.
FEED_ORDER = ("-dreamt_on", "-created_at", "-id")


FEED_TABS = ("mine", "shared", "favourites")


def _own_clients(user, viewer: Viewer) -> list[int]:
    """The ids of the clients whose dreams are the user's own feed: their own record, or a therapist's clients."""
    own_clients = [viewer.client_id] if viewer.client_id else []
    if viewer.role == "therapist":
        own_clients += Client.objects.filter(therapist=user).values_list("pk", flat=True)
    return own_clients


def feed_dreams(user, viewer: Viewer, *, tab: str = "mine") -> QuerySet[Dream]:
    """Dreams with a ready video for the feed, the night dreamt newest first, then the newest entry. `shared`: other
    clients' approved shared dreams; `favourites`: the ones the user marked, of either kind.

    The feed never shows a dream's text, so it is not even read. "Mine" names its clients by id: an index on
    (client, dreamt_on, created_at, id) then hands over one page without sorting the whole history. Each dream says
    whether the user marked it (`is_favourite`); the favourites keep the feed's order, so its keyset cursor pages
    them too. `owner_id` is the sign-in account of the dream's client.
    """
    ready = Dream.objects.filter(consent_video=True).exclude(video="").defer("content")
    shared = Q(visibility=Dream.Visibility.SHARED, moderation=Dream.Moderation.APPROVED)
    if tab == "shared":
        dreams = ready.filter(shared).exclude(client__user=user)
    elif tab == "favourites":  # one mark a user and dream (a unique pair): the join repeats no dream
        dreams = ready.filter(Q(client_id__in=_own_clients(user, viewer)) | shared, favourites__user=user)
    else:
        dreams = ready.filter(client_id__in=_own_clients(user, viewer))
        if viewer.role == "therapist":
            dreams = dreams.annotate(client_pseudonym=F("client__pseudonym"))  # whose dream is playing
    if viewer.skips_distressing:
        dreams = dreams.filter(distressing=False)
    if viewer.only_new_versions and tab != "shared":
        # A nightmare whose new version has a video gives it its place; one still waiting for its video stays.
        dreams = dreams.exclude(Exists(ready.filter(rescript_of=OuterRef("pk"))))
    marked = Exists(Favourite.objects.filter(user=user, dream=OuterRef("pk")))
    return dreams.annotate(owner_id=F("client__user_id"), is_favourite=marked).order_by(*FEED_ORDER)


def feed_page(dreams: QuerySet[Dream], *, after: tuple | None, size: int | None = None) -> tuple[list[Dream], bool]:
    """One page by keyset: the dreams after `after` (dreamt_on, created_at, id) in FEED_ORDER; the page and whether
    more follow."""
    size = size or FEED_PAGE_SIZE  # read at call time, so a test can change the page size
    if after is not None:
        # (dreamt_on, created_at, id) < the cursor's, as one row comparison: PostgreSQL starts the index scan right at
        # the cursor (with three OR-ed conditions it read every dream of the cursor's day before it); SQLite gets the
        # OR-ed form. Django's tuple lookup (made for composite keys) writes either.
        dreams = dreams.filter(TupleLessThan(Tuple(F("dreamt_on"), F("created_at"), F("id")), tuple(after)))
    page = list(dreams[: size + 1])
    return page[:size], len(page) > size


def dream_ids_titled(term: str) -> list:
    """Ids of the dreams whose title contains the term, in any case. Titles are stored encrypted, so the database
    cannot search them: they are read (only they) and compared here, a few microseconds a dream."""
    term = term.casefold()
    titles = Dream.objects.order_by().values_list("pk", "title").iterator(chunk_size=2000)
    return [pk for pk, title in titles if term in title.casefold()]


def dreams_viewable_by(user) -> QuerySet[Dream]:
    """What a deep link may open: one's own (or one's clients') dreams, and approved shared dreams with a video."""
    if not user.is_authenticated:
        return Dream.objects.none()
    shared = Q(visibility=Dream.Visibility.SHARED, moderation=Dream.Moderation.APPROVED, consent_video=True) & ~Q(
        video=""
    )
    return Dream.objects.filter(Q(client__therapist=user) | Q(client__user=user) | shared).select_related(
        "client", "author"
    )


def dreams_awaiting_moderation() -> QuerySet[Dream]:
    """The moderation queue: shared dreams with no decision yet (a private dream is never awaiting one)."""
    return Dream.objects.filter(visibility=Dream.Visibility.SHARED, moderation=Dream.Moderation.PENDING)


def dreams_moderated_by(user) -> QuerySet[Dream]:
    """Shared dreams staff who may moderate watch before deciding, pending or approved; never a private dream."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("dreams.change_dream")):
        return Dream.objects.none()
    return Dream.objects.filter(
        visibility=Dream.Visibility.SHARED, moderation__in=[Dream.Moderation.PENDING, Dream.Moderation.APPROVED]
    )


def media_viewable_by(user) -> QuerySet[Dream]:
    """Dreams whose video and poster a user may fetch: what they may open, and what they moderate."""
    return dreams_viewable_by(user) | dreams_moderated_by(user)


def active_job_count(user) -> int:
    return videogen_services.active_job_count(user=user)


def client_deletion_summary(client: Client) -> dict:
    """What erasing a client takes with it, for the page that asks to confirm: counts, never dream text. `also` lists
    every other kind of row that goes with the client or their account (as the deletion's cascade finds them: consent
    history, jobs, favourites, and whatever later belongs to a client), by its name, with a count."""
    dreams = client.dreams.all()
    return {
        "dreams": dreams.count(),
        "videos": dreams.exclude(video="").count(),
        "jobs": videogen_services.client_active_job_count(client=client),
        "account": client.user.get_username() if client.user else "",
        "also": _cascade_counts(client),
        "audit_events": client_audit_events(client).count(),
    }


def _cascade_counts(client: Client) -> list[tuple[str, int]]:
    collector = Collector(using=router.db_for_write(Client), origin=client)
    account = client.user if client.user_id and account_is_erasable(client.user) else None
    collector.collect([client])
    if account is not None:
        collector.collect([account])
    counts = Counter({model: len(rows) for model, rows in collector.data.items()})
    for rows in collector.fast_deletes:
        counts[rows.model] += rows.count()
    shown_apart = {Client, Dream, get_user_model()}
    return sorted(
        (str(model._meta.verbose_name_plural), count)
        for model, count in counts.items()
        if count and model not in shown_apart
    )


def account_is_erasable(user) -> bool:
    """A client's own account is erased with them; a therapist's or staff account (a colleague's) only closed."""
    return not user.is_staff and not user.groups.filter(name=THERAPISTS_GROUP).exists()


def client_audit_events(client: Client) -> QuerySet[AuditEvent]:
    """The audit events about a client and their dreams (what the client's transparency page reads)."""
    return AuditEvent.objects.filter(Q(dream_id__in=client.dreams.values("pk")) | Q(client_id=client.pk))


def access_events(client: Client) -> QuerySet[AuditEvent]:
    """Who else did what to the client's dreams, and when, newest first: their therapist, moderation, video
    generation, other clients who watched a shared dream (never named). The client's own doings are left out."""
    events = client_audit_events(client).exclude(action=AuditEvent.Action.LOOKUP_REFUSED)
    if client.user_id:
        events = events.exclude(actor_id=client.user_id)
    return events.annotate(actor_is_staff=F("actor__is_staff")).order_by("-at", "-id")


def export_dreams(client: Client, *, batch: int = 100):
    """Every dream of the client, oldest night first, with its consent history, read `batch` rows at a time."""
    return client.dreams.order_by("dreamt_on", "created_at", "id").prefetch_related("consent_events").iterator(batch)


def consent_history(dream: Dream) -> QuerySet[ConsentEvent]:
    """Every giving and withdrawal of the dream's consent, oldest first."""
    return ConsentEvent.objects.filter(dream=dream).order_by("at", "id")


def consent_withdrawn_by_client(dream: Dream) -> bool:
    """Whether the last word on the dream's consent is the client's own withdrawal."""
    last = ConsentEvent.objects.filter(dream=dream).order_by("-at", "-id").values_list("kind", "role").first()
    return last == (ConsentEvent.Kind.WITHDRAWN, ConsentEvent.Role.CLIENT)


def rescripts_of(dream: Dream) -> QuerySet[Dream]:
    """A nightmare's new versions (or, for a new version, its siblings), newest first; the text is not read."""
    nightmare_id = dream.rescript_of_id or dream.pk
    return Dream.objects.filter(rescript_of_id=nightmare_id).defer("content").order_by("-created_at")
