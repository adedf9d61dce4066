"""Request rates of the API: per signed-in user, per address when anonymous (settings.API_RATES, read on each call),
counted in Django's cache, so every web process shares the count when the cache is Redis."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from dreamtok.auth import client_ip


class PerUserThrottle(SimpleRateThrottle):
    """`user` for a signed-in caller, `anon` by address otherwise."""

    def get_rate(self):
        return None  # chosen per request in allow_request

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = settings.API_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else client_ip(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SignInThrottle(PerUserThrottle):
    """Sign-ins for a token, by address: on top of django-axes' lock of a name after wrong passwords."""

    def allow_request(self, request, view):
        self.scope = "sign_in"
        self.rate = settings.API_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
