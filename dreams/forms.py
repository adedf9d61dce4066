"""Forms for therapists: a client (a pseudonym only: the client chooses their sign-in through an invitation), a
dream. Validation messages are shown next to the field; input is kept."""

import unicodedata

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dreamtok.text.patterns import FORBIDDEN_IN_TEXT
from dreamtok.usernames import clean_new_username

from . import selectors
from .models import MAX_SYMBOLS, Client, Dream
from .services import CLIENT_WITHDREW
from .symbols.safety import UnsafeSymbol, safe_symbol

MAX_DREAM_CHARS = 10_000
MAX_TITLE_CHARS = 200
MAX_PSEUDONYM_CHARS = 80
# Django decodes a post with errors="replace": bytes that were not UTF-8 arrive as U+FFFD.
_UNREADABLE = "\ufffd"


def _check_text(value: str, *, field_name: str, max_length: int | None = None) -> str:
    """The text as stored (NFC): refused with a message for control characters, unreadable bytes, or when the
    normalised text is longer than `max_length` (normalising can make a text longer: U+0958 becomes two characters)."""
    if FORBIDDEN_IN_TEXT.search(value):
        raise forms.ValidationError(
            _("The %(field)s contains invisible control characters. Please retype or paste it as plain text."),
            params={"field": field_name},
            code="control_characters",
        )
    if _UNREADABLE in value:
        raise forms.ValidationError(
            _(
                "The %(field)s contains characters that could not be read (the browser did not send valid UTF-8; "
                "they are shown as �). Please retype them."
            ),
            params={"field": field_name},
            code="invalid_encoding",
        )
    value = unicodedata.normalize("NFC", value)
    if max_length is not None and len(value) > max_length:
        raise forms.ValidationError(
            _("The %(field)s is %(length)d characters long; the limit is %(limit)d."),
            params={"field": field_name, "length": len(value), "limit": max_length},
            code="too_long",
        )
    return value


class ClientForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym"), max_length=MAX_PSEUDONYM_CHARS, help_text=_("Shown instead of the client's name.")
    )

    def __init__(self, *args, therapist, **kwargs):
        super().__init__(*args, **kwargs)
        self.therapist = therapist

    def clean_pseudonym(self):
        pseudonym = _check_text(
            self.cleaned_data["pseudonym"].strip(), field_name=_("pseudonym"), max_length=MAX_PSEUDONYM_CHARS
        )
        if not pseudonym:
            raise forms.ValidationError(_("Enter a pseudonym."))
        if Client.objects.filter(therapist=self.therapist, pseudonym__iexact=pseudonym).exists():
            raise forms.ValidationError(_("You already have a client with this pseudonym."))
        return pseudonym


def normalize_dream_text(value: str) -> str:
    """The dream text as it is stored: Windows and old Mac line ends as "\\n", no surrounding blanks."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


class SymbolsField(forms.CharField):
    """Comma-separated symbols, stored as a list of English symbol words: a word the lexicon knows in either language
    and any form becomes its English symbol ("кита" → "whale"); other words and health conditions are refused, since
    symbols are what leaves the server in the "symbols" mode."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        words = []
        for word in text.split(","):
            word = " ".join(word.strip().lower().split())
            if word and word not in words:
                words.append(word)
        return words

    def validate(self, value):
        if len(value) > MAX_SYMBOLS:
            raise forms.ValidationError(_("Keep it to 20 symbols at most."))
        for word in value:
            if FORBIDDEN_IN_TEXT.search(word) or _UNREADABLE in word:
                raise forms.ValidationError(_("“%(word)s” is not a valid symbol."), params={"word": word[:40]})

    def clean(self, value):
        symbols: list[str] = []
        errors = []
        for word in super().clean(value):
            try:
                symbol = safe_symbol(word)
            except UnsafeSymbol as error:
                errors.append(forms.ValidationError(error.message, code=f"symbol_{error.reason}"))
                continue
            if symbol and symbol not in symbols:
                symbols.append(symbol)
        if errors:
            raise forms.ValidationError(errors)
        return symbols


class DreamForm(forms.ModelForm):
    symbols = SymbolsField(
        label=_("Symbols"),
        required=False,
        help_text=_(
            "Symbol words in English or Russian, separated by commas (names, places and health conditions are "
            "refused). Leave empty to use the suggested symbols."
        ),
    )
    generate = forms.BooleanField(label=_("Make the video now"), required=False, initial=True)
    provider = forms.ChoiceField(label=_("Video service"), required=False)
    # Only on a dream whose client withdrew consent themselves: ticking it again needs their new consent, noted.
    consent_note = forms.CharField(
        label=_("Note of the new consent the client gave in session"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=_(
            "The client withdrew consent on their own. To record it again, say when and how they gave it anew."
        ),
    )

    class Meta:
        model = Dream
        fields = [
            "title",
            "content",
            "text_for_therapists_only",
            "dreamt_on",
            "symbols",
            "consent_video",
            "consent_full_text",
            "privacy_mode",
            "visibility",
            "distressing",
        ]
        widgets = {
            "dreamt_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_DREAM_CHARS}),
            "privacy_mode": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        labels = {
            "consent_video": _("The client consents to a video being made from this dream"),
            "consent_full_text": _("The client also consents to the full text being sent to an external service"),
            "distressing": _("This dream may be distressing (show a warning before it plays)"),
            "text_for_therapists_only": _("The text is notes for therapists only (the client does not read it)"),
        }

    def __init__(self, *args, providers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ChoiceField)  # as declared above
        provider.choices = providers
        self.fields["dreamt_on"].initial = timezone.localdate
        self.fields["title"].widget.attrs["maxlength"] = MAX_TITLE_CHARS
        if not (self.instance.pk and selectors.consent_withdrawn_by_client(self.instance)):
            del self.fields["consent_note"]

    def clean_title(self):
        title = _check_text(self.cleaned_data["title"].strip(), field_name=_("title"), max_length=MAX_TITLE_CHARS)
        if not title:
            raise forms.ValidationError(_("Give the dream a title."))
        return title

    def clean_content(self):
        content = normalize_dream_text(self.cleaned_data.get("content", ""))
        if not content:
            raise forms.ValidationError(_("Write down the dream: the text is empty."), code="empty")
        return _check_text(content, field_name=_("dream text"), max_length=MAX_DREAM_CHARS)

    def clean_consent_note(self):
        return _check_text(self.cleaned_data["consent_note"].strip(), field_name=_("note"))

    def clean_dreamt_on(self):
        day = self.cleaned_data["dreamt_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."), code="future")
        return day

    def clean(self):
        data = super().clean()
        consent = data.get("consent_video")
        if data.get("generate") and not consent:
            self.add_error(
                "consent_video",
                _("A video can only be made with the client's consent. Record it or untick “Make the video now”."),
            )
        if data.get("privacy_mode") == Dream.PrivacyMode.FULL and not data.get("consent_full_text"):
            self.add_error("consent_full_text", _("Sending the full text needs the client's explicit consent for it."))
        if data.get("consent_full_text") and not consent:
            self.add_error("consent_full_text", _("This consent only applies together with consent to the video."))
        if (
            "consent_note" in self.fields
            and consent
            and not self.instance.consent_video
            and not data.get("consent_note")
        ):
            self.add_error("consent_note", CLIENT_WITHDREW)
        return data


class AccountCreationForm(AdminUserCreationForm):
    """The admin's new-user form: the sign-in name checked and stored as the therapist's client form does."""

    def clean_username(self):
        return clean_new_username(self.cleaned_data["username"])


class AccountChangeForm(UserChangeForm):
    """The admin's user form: a renamed account's name is checked like a new one."""

    def clean_username(self):
        return clean_new_username(self.cleaned_data["username"], exclude_pk=self.instance.pk)
