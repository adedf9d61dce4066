"""Template tag for the admin's count of objects: "7 снов", where Django puts a plural noun after any number.

Russian needs one of three forms after a number (1 сон, 2 сна, 5 снов), which a model's verbose_name and
verbose_name_plural cannot give; each model shown in the admin has its counted phrase here, a plural entry of the
catalogue.
"""

from django import template
from django.utils.translation import ngettext_lazy

register = template.Library()

COUNTED = {
    "dreams.dream": ngettext_lazy("%(count)d dream", "%(count)d dreams", "count"),
    "dreams.client": ngettext_lazy("%(count)d client", "%(count)d clients", "count"),
    "dreams.auditevent": ngettext_lazy("%(count)d audit event", "%(count)d audit events", "count"),
    "videogen.videojob": ngettext_lazy("%(count)d video job", "%(count)d video jobs", "count"),
    "videogen.ledgerentry": ngettext_lazy("%(count)d spending entry", "%(count)d spending entries", "count"),
    "auth.user": ngettext_lazy("%(count)d user", "%(count)d users", "count"),
    "auth.group": ngettext_lazy("%(count)d group", "%(count)d groups", "count"),
    "axes.accessattempt": ngettext_lazy("%(count)d access attempt", "%(count)d access attempts", "count"),
    "axes.accesslog": ngettext_lazy("%(count)d access log entry", "%(count)d access log entries", "count"),
    "axes.accessfailurelog": ngettext_lazy("%(count)d access failure", "%(count)d access failures", "count"),
    "otp_totp.totpdevice": ngettext_lazy("%(count)d authenticator app", "%(count)d authenticator apps", "count"),
    "otp_static.staticdevice": ngettext_lazy(
        "%(count)d set of recovery codes", "%(count)d sets of recovery codes", "count"
    ),
}


@register.simple_tag
def object_count(opts, count: int) -> str:
    """`count` objects of the model `opts` describes; a model without its phrase is counted as Django counts it."""
    counted = COUNTED.get(opts.label_lower)
    if counted is None:
        return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
    return counted % {"count": count}
