"""The admin's own history (django_admin_log) names a dream by its id: Django would write `str(dream)`, its title,
there in plain text, beside the encrypted one."""

import json

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.options import get_content_type_for_model


def history_name(model_name: str, pk) -> str:
    return f"{model_name} {pk}"


class IdOnlyHistory(admin.ModelAdmin):
    """A ModelAdmin mixin: history entries as Django writes them, with `object_repr` the model's name and the id.
    A ModelAdmin itself so its own calls type-check; it goes first in a model admin's bases."""

    def log_addition(self, request, obj, message):
        return self._log_entries(request, [obj], ADDITION, message)[0]

    def log_change(self, request, obj, message):
        return self._log_entries(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request, queryset):
        return self._log_entries(request, queryset, DELETION, "")

    def _log_entries(self, request, objects, action_flag: int, message) -> list[LogEntry]:
        content_type = get_content_type_for_model(self.model)
        message = json.dumps(message) if isinstance(message, list) else message
        entries = [
            LogEntry(
                user_id=request.user.pk,
                content_type_id=content_type.pk,
                object_id=str(obj.pk),
                object_repr=history_name(str(self.opts.model_name), obj.pk),
                action_flag=action_flag,
                change_message=message,
            )
            for obj in objects
        ]
        return LogEntry.objects.bulk_create(entries)
