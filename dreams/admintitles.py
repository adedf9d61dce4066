"""Admin page titles and messages that read right in Russian: the object of "Выберите …", "Изменить …" is put in the
accusative ("задачу видео", "клиента"), which Django's "%s" with the plain name cannot say, and "saved" messages do
not guess the name's gender."""

from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy

# Each model's name in the accusative, under the "accusative" context (a language without cases keeps the name).
ACCUSATIVE_NAMES = (
    pgettext_lazy("accusative", "client"),
    pgettext_lazy("accusative", "dream"),
    pgettext_lazy("accusative", "video job"),
    pgettext_lazy("accusative", "audit event"),
    pgettext_lazy("accusative", "spending entry"),
    pgettext_lazy("accusative", "user"),
    pgettext_lazy("accusative", "group"),
)

# Django's own messages after a save: our catalogue says them without a gendered verb ("был изменен" of a "задача").
DJANGO_PHRASES = (
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was deleted successfully."),
)


def accusative(opts) -> str:
    """The model's name as the object of a phrase, in the active language."""
    with translation.override("en"):
        english = str(opts.verbose_name)
    found = pgettext("accusative", english)
    return found if found != english else str(opts.verbose_name)


class CaseAwareTitles:
    """A model admin whose list and form titles name the model in the accusative."""

    def changelist_view(self, request, extra_context=None):
        phrase = gettext("Select %s to change") if self.has_change_permission(request) else gettext("Select %s to view")
        return super().changelist_view(request, {"title": phrase % accusative(self.opts), **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            phrase = gettext("Add %s")
        else:
            phrase = gettext("Change %s") if self.has_change_permission(request) else gettext("View %s")
        context = {"title": phrase % accusative(self.opts), **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)
