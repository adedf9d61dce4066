"""DreamTok's admin site: every model admin on it (ours, Django's, django-axes') filters, searches and sorts only by
what it declares, so fields the admin hides cannot be read back through the query string."""

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Field

from . import audit, selectors
from .admintitles import CaseAwareTitles

DATE_HIERARCHY_PARTS = ("year", "month", "day")


class DeclaredLookupsOnly(admin.ModelAdmin):
    """A changelist takes the parameters of its own list filters and date hierarchy, `q` for its search fields and `o`
    for its sortable columns. Django also applies any other field lookup it is given (`content__contains=…`), which
    reads hidden text back one character at a time: those answer 400 here and are audit-logged.

    A model admin mixin, a ModelAdmin itself so its own calls type-check; it goes first in a model admin's bases."""

    def declared_lookups(self, request) -> frozenset[str]:
        """The parameters this changelist's list filters and date hierarchy take (worked out once a request)."""
        cache = request.__dict__.setdefault("_declared_lookups", {})
        if self not in cache:
            names = set()
            for item in self.get_list_filter(request):
                if isinstance(item, type):  # a SimpleListFilter: it names its one parameter
                    spec = item(request, {}, self.model, self)
                else:
                    path, make = item if isinstance(item, tuple | list) else (item, FieldListFilter.create)
                    # Our list filters name a field by its path, with a FieldListFilter or Django's choice of one.
                    assert isinstance(path, str) and not isinstance(make, str | Field)
                    field = get_fields_from_path(self.model, path)[-1]
                    spec = make(field, request, {}, self.model, self, field_path=path)
                names.update(spec.expected_parameters())
            if self.date_hierarchy:
                names.update(f"{self.date_hierarchy}__{part}" for part in DATE_HIERARCHY_PARTS)
            cache[self] = frozenset(names)
        return cache[self]

    def lookup_allowed(self, lookup, value, request) -> bool:
        if lookup in self.declared_lookups(request):
            return True
        self._record_refusal(request, lookup)
        return False

    def changelist_view(self, request, extra_context=None):
        order = request.GET.get(ORDER_VAR, "")
        if order and not self._ordering_declared(request, order):
            self._record_refusal(request, f"{ORDER_VAR}={order}")
            raise DisallowedModelAdminLookup(f"Ordering by {order} not allowed")
        return super().changelist_view(request, extra_context)

    def _ordering_declared(self, request, order: str) -> bool:
        """`o` names columns by their place in the list (after the action checkbox): only sortable ones."""
        columns = list(self.get_list_display(request))
        if self.get_actions(request):
            columns.insert(0, "action_checkbox")
        sortable = list(self.get_sortable_by(request))
        for part in order.split("."):
            index = part.removeprefix("-")
            if not index.isdecimal() or int(index) >= len(columns) or columns[int(index)] not in sortable:
                return False
        return True

    def _record_refusal(self, request, lookup: str) -> None:
        # The parameter's name only: its value may be a guess at the hidden text.
        detail = f"{self.opts.label_lower}: {lookup}"[:200]
        audit.record(actor=request.user, dream_id=None, action=audit.Action.LOOKUP_REFUSED, detail=detail)


class AdminSite(admin.AdminSite):
    """The default admin site: a model admin registered without DeclaredLookupsOnly (and CaseAwareTitles) gets it
    mixed in, so neither a third-party app's admin nor a new one of ours can do without it."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        for rule in (CaseAwareTitles, DeclaredLookupsOnly):
            if not issubclass(admin_class, rule):
                admin_class = type(admin_class.__name__, (rule, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        """The index, with the moderation queue one click away for staff who may read dreams."""
        awaiting = None
        if request.user.has_perm("dreams.view_dream"):
            awaiting = selectors.dreams_awaiting_moderation().count()
        return super().index(request, {"awaiting_moderation": awaiting, **(extra_context or {})})
