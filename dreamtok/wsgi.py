"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")
application = get_wsgi_application()

# Each web process loads the language models now, not on its first preview (management commands never import this).
from dreamtok.text.warm import warm_up  # noqa: E402 - after Django is set up

warm_up()
