"""Read-side queries: who may see which clients and dreams. Every view goes through these."""

from django.db.models import Count, Q, QuerySet

from .models import Client, Dream, FeedPreference, is_therapist


def clients_for(user, *, with_counts: bool = False) -> QuerySet[Client]:
    """The clients a therapist looks after; nobody else has clients."""
    if not user.is_authenticated:
        return Client.objects.none()
    clients = Client.objects.filter(therapist=user)
    if with_counts:
        clients = clients.annotate(dream_count=Count("dreams"))
    return clients


def dreams_for(user) -> QuerySet[Dream]:
    """Dreams a user may open: a therapist's clients' dreams, or a client's own."""
    if not user.is_authenticated:
        return Dream.objects.none()
    return Dream.objects.filter(Q(client__therapist=user) | Q(client__user=user)).select_related("client", "author")


def dreams_editable_by(user) -> QuerySet[Dream]:
    """Only the client's therapist edits, deletes and generates."""
    return dreams_for(user).filter(client__therapist=user)


def user_role(user) -> str:
    if not user.is_authenticated:
        return "anonymous"
    if is_therapist(user):
        return "therapist"
    if hasattr(user, "client_profile"):
        return "client"
    if user.is_staff:
        return "staff"
    return "none"


FEED_PAGE_SIZE = 20


def feed_dreams(user, *, tab: str = "mine", skip_distressing: bool = False) -> QuerySet[Dream]:
    """Dreams with a ready video for the feed, newest first. `shared`: other clients' approved shared dreams."""
    ready = Dream.objects.filter(consent_video=True).exclude(video="")
    if tab == "shared":
        dreams = ready.filter(visibility=Dream.Visibility.SHARED, moderation=Dream.Moderation.APPROVED).exclude(
            client__user=user
        )
    else:
        dreams = ready.filter(Q(client__therapist=user) | Q(client__user=user))
    if skip_distressing:
        dreams = dreams.filter(distressing=False)
    return dreams.select_related("client").order_by("-created_at", "-id")


def feed_page(dreams: QuerySet[Dream], *, after: tuple | None, size: int | None = None) -> tuple[list[Dream], bool]:
    """One page by keyset: dreams strictly older than `after` (created_at, id); the page and whether more follow."""
    size = size or FEED_PAGE_SIZE  # read at call time, so a test can change the page size
    if after is not None:
        created_at, dream_id = after
        dreams = dreams.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=dream_id))
    page = list(dreams[: size + 1])
    return page[:size], len(page) > size


def skips_distressing(user) -> bool:
    """Whether the user asked to skip all distressing dreams (in the feed and on a dream's page)."""
    if not user.is_authenticated:
        return False
    return FeedPreference.objects.filter(user=user, skip_distressing=True).exists()


def favourite_ids(user, dreams: list[Dream]) -> set:
    if not dreams:
        return set()
    return set(user.favourites.filter(dream__in=dreams).values_list("dream_id", flat=True))


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


def active_job_count(user) -> int:
    from videogen.models import VideoJob

    return VideoJob.objects.filter(
        Q(dream__client__user=user) | Q(dream__client__therapist=user), state__in=VideoJob.ACTIVE_STATES
    ).count()
