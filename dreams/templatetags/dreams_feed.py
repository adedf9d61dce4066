"""Template tag for the feed's rules on other pages: whether the viewer skips distressing dreams."""

from django import template

from dreams import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def skips_distressing(context) -> bool:
    return selectors.viewer(context["request"]).skips_distressing
