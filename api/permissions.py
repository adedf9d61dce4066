"""Who may call what, from the same selectors as the pages: a role is read once a request (selectors.viewer)."""

from rest_framework.permissions import BasePermission

from dreams import selectors


class IsTherapist(BasePermission):
    """Pages that are the therapists' alone (their clients, the dream form, deleting): everyone else gets 403."""

    def has_permission(self, request, view) -> bool:
        return selectors.viewer(request).role == "therapist"
