"""URLs of the JSON API, version 1: /api/v1/…"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from .views import docs, tokens

app_name = "api"

urlpatterns = [
    path("schema", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"),
    path("docs", docs.Docs.as_view(), name="docs"),
    path("auth/tokens", tokens.TokenList.as_view(), name="tokens"),
    path("auth/tokens/<uuid:token_id>", tokens.TokenDetail.as_view(), name="token_detail"),
]
