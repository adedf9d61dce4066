"""Template context: the signed-in user's role."""

from .selectors import user_role


def role(request) -> dict:
    current = user_role(getattr(request, "user", None)) if hasattr(request, "user") else "anonymous"
    return {"role": current, "is_therapist": current == "therapist"}
