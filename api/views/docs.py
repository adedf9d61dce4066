"""The schema for people: Swagger UI from our own static files (drf-spectacular-sidecar), started by a script file
of ours, so the strict CSP (no inline script or style, no CDN) holds."""

from django.views.generic import TemplateView


class Docs(TemplateView):
    template_name = "api/docs.html"
