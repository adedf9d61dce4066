"""Template context: whether this session still has to pass its second factor (the menu then offers only signing out
and the language)."""

from .middleware import second_factor_step


def second_factor(request) -> dict:
    pending = hasattr(request, "user") and hasattr(request, "session") and bool(second_factor_step(request))
    return {"second_factor_pending": pending}
