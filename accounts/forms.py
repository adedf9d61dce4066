"""Forms of the accounts pages: a client's own sign-in from an invitation, a second-factor code."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from dreamtok.usernames import clean_new_username


class InvitationAcceptForm(forms.Form):
    """The name (an email address or any name our rules allow) and the password the client chooses."""

    username = forms.CharField(
        label=_("Email address or sign-in name"),
        max_length=150,
        help_text=_("With an email address you can reset a forgotten password yourself."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_username(self) -> str:
        name = clean_new_username(self.cleaned_data["username"])
        if "@" in name:
            try:
                validate_email(name)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("This looks like an email address but is not a valid one."), code="invalid_email"
                ) from None
        return name

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            name = data.get("username") or ""
            account = get_user_model()(username=name, email=name if "@" in name else "")
            try:
                password_validation.validate_password(first, user=account)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none", "size": 12}
        ),
    )
