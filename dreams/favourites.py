"""Favourites: a client's private marks on dreams of their feed, their own or shared ones (the service that sets them;
the feed's selector reads them)."""

from django.db import IntegrityError, transaction

from .models import Dream, Favourite


def favourite_set(*, user, dream: Dream, favourite: bool | None = None) -> bool:
    """Mark (`favourite=True`, as a double tap does), unmark (`False`) or toggle (`None`, the heart button) the dream
    for the user; whether it is now a favourite. Two taps at once leave one mark."""
    marks = Favourite.objects.filter(user=user, dream=dream)
    if favourite is None:
        favourite = not marks.exists()
    if not favourite:
        marks.delete()
        return False
    try:
        with transaction.atomic():
            Favourite.objects.get_or_create(user=user, dream=dream)
    except IntegrityError:  # the other tap's row won the race: the dream is a favourite all the same
        pass
    return True
