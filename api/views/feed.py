"""The feed as JSON: the pages' keyset pages (same order, same cursors, same visibility), with signed media links;
and a dream's favourite mark."""

import uuid

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dreams import selectors, services
from dreams.cursor import BAD_CURSOR, decode_cursor, encode_cursor
from dreams.delivery import signed_url

from ..problems import Problem
from ..serializers import FavouriteSerializer, FeedPageSerializer


class FeedQuery(serializers.Serializer):
    tab = serializers.ChoiceField(["mine", "shared"], default="mine")
    cursor = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


def _item(dream, user) -> dict:
    return {
        "id": dream.pk,
        "title": dream.title,
        "dreamt_on": dream.dreamt_on,
        "symbols": list(dream.symbols),
        "distressing": dream.distressing,
        "new_version_of": dream.rescript_of_id,
        "is_own": dream.owner_id == user.pk or dream.client.therapist_id == user.pk,
        "is_favourite": getattr(dream, "is_favourite", None),
        "video_url": signed_url(dream.video, user),
        "poster_url": signed_url(dream.poster, user),
    }


class Feed(APIView):
    @extend_schema(
        operation_id="dreams_feed",
        parameters=[
            OpenApiParameter("tab", enum=["mine", "shared"], description="mine (default) or other clients' shared"),
            OpenApiParameter("cursor", str, description="next_cursor of the previous page"),
        ],
        responses=FeedPageSerializer,
        tags=["feed"],
        description="Dreams with a video, the night dreamt newest first, 20 a page.",
    )
    def get(self, request):
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        viewer = selectors.viewer(request)
        dreams = selectors.feed_dreams(request.user, viewer, tab=query.validated_data["tab"])
        try:
            after = decode_cursor(query.validated_data["cursor"])
        except BAD_CURSOR as error:
            raise Problem(_("This page link is not valid. Reload the feed."), code="bad_cursor") from error
        page, more = selectors.feed_page(dreams.select_related("client"), after=after)
        body = {
            "results": [_item(dream, request.user) for dream in page],
            "next_cursor": encode_cursor(page[-1]) if more else None,
        }
        return Response(FeedPageSerializer(body).data)


class Favourite(APIView):
    def _change(self, request, dream_id: uuid.UUID, marked: bool) -> Response:
        dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
        marked = services.favourite_set(user=request.user, dream=dream, marked=marked)
        return Response({"favourite": marked})

    @extend_schema(operation_id="dreams_favourite_mark", request=None, responses=FavouriteSerializer, tags=["feed"])
    def put(self, request, dream_id):
        return self._change(request, dream_id, True)

    @extend_schema(
        operation_id="dreams_favourite_unmark", request=None, responses={200: FavouriteSerializer}, tags=["feed"]
    )
    def delete(self, request, dream_id):
        return self._change(request, dream_id, False)
