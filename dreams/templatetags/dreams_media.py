"""Template tag for private media: a signed, short-lived URL of a stored file."""

from django import template

from dreams.delivery import signed_url as _signed_url

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_url(context, field_file) -> str:
    return _signed_url(field_file, context["request"].user)
