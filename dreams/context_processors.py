"""Template context: the signed-in user's role."""

from .selectors import viewer


def role(request) -> dict:
    current = viewer(request).role if hasattr(request, "user") else "anonymous"
    return {"role": current, "is_therapist": current == "therapist"}
