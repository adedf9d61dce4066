"""Sign-in names: their normal form (NFKC, case folded), the look-alike skeleton they are compared by, the checks a
new name must pass, and the account a typed name signs in as."""

from __future__ import annotations

import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from dreamtok.text.patterns import is_invisible_in_username

# Letters of other scripts that look like Latin ones, in lower case (names are compared case folded, so the lower-case
# forms of look-alike capitals are here too: "в" for "B", "н" for "H"), and digits that pass for letters.
_LOOK_ALIKES = str.maketrans(
    {
        **dict(zip("авеёкмнорстухѕіїјԁһԛԝӏɡ", "abeekmhopctyxsiijdhqwlg", strict=True)),
        **dict(zip("αβεηικνορτυχωζμ", "abenikvoptuxwzm", strict=True)),
        "0": "o",
        "1": "l",
        "ı": "i",
    }
)


def canonical_username(raw: str) -> str:
    """The form a name is stored and compared in: NFKC ("ｄemo" → "demo"), case folded, without surrounding blanks."""
    return unicodedata.normalize("NFKC", raw or "").strip().casefold()


def username_skeleton(name: str) -> str:
    """What a name looks like: its normal form with look-alike letters of other scripts read as Latin ones."""
    skeleton = canonical_username(name).translate(_LOOK_ALIKES)
    return skeleton.replace("rn", "m").replace("vv", "w")


def has_invisible_characters(raw: str) -> bool:
    """Direction controls, zero-width and other formatting characters, and letters that show as nothing."""
    return any(is_invisible_in_username(char) for char in raw or "")


def _accounts_like(name: str, *, exclude_pk) -> tuple[bool, bool]:
    """(a name with this normal form is taken, a name that looks like it is taken), other than account exclude_pk."""
    skeleton = username_skeleton(name)
    taken = confusable = False
    accounts = get_user_model().objects.exclude(pk=exclude_pk) if exclude_pk else get_user_model().objects.all()
    # Every name is compared: look-alikes cannot be found by an index. Accounts are made rarely and are few.
    for existing in accounts.values_list(get_user_model().USERNAME_FIELD, flat=True).iterator():
        taken = taken or canonical_username(existing) == name
        confusable = confusable or username_skeleton(existing) == skeleton
    return taken, confusable


def clean_new_username(raw: str, *, exclude_pk=None) -> str:
    """The normal form of a name for a new (or renamed) account; ValidationError when it carries invisible characters,
    is not a valid name, or is taken or looks like a taken name (the account exclude_pk aside)."""
    if has_invisible_characters(raw):
        raise ValidationError(
            _("The sign-in name contains invisible or right-to-left control characters. Please type it again."),
            code="invisible",
        )
    name = canonical_username(raw)
    model = get_user_model()
    field = model._meta.get_field(model.USERNAME_FIELD)
    limit = field.max_length if isinstance(field, Field) else None  # a relation would have no length
    if limit is not None and len(name) > limit:
        raise ValidationError(
            _("The sign-in name can be at most %(limit)d characters long."),
            params={"limit": limit},
            code="too_long",
        )
    model.username_validator(name)
    taken, confusable = _accounts_like(name, exclude_pk=exclude_pk)
    if taken:
        raise ValidationError(_("This sign-in name is taken."), code="taken")
    if confusable:
        raise ValidationError(
            _("This sign-in name looks like one that is taken. Please choose a clearly different name."),
            code="confusable",
        )
    return name


def account_for_sign_in(typed: str):
    """The account a typed name signs in as: the one whose name has the same normal form ("DEMO-client" →
    demo-client), or None. A look-alike of a name is not that name."""
    name = canonical_username(typed)
    if not name:
        return None
    model = get_user_model()
    field = model.USERNAME_FIELD
    # Names are stored in their normal form: look that up. SQLite's iexact folds ASCII only ("Иван", "Straße" would
    # miss), so it serves only as the fallback for names stored before names were normalised; the normal form decides.
    candidates = model._default_manager.filter(**{field: name}) or model._default_manager.filter(
        **{f"{field}__iexact": unicodedata.normalize("NFKC", typed).strip()}
    )
    found = [user for user in candidates if canonical_username(user.get_username()) == name]
    return found[0] if len(found) == 1 else None


def lockout_username(request, credentials: dict | None) -> str | None:
    """The name django-axes counts failures by: the normal form, so "DEMO-client" and "demo-client" are one name."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get("username")
    return canonical_username(typed) if isinstance(typed, str) else typed
