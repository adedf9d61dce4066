"""Clients and their dreams: a therapist's clients, a client's dreams, create, read, change symbols and consent,
delete. Each view finds its objects through the pages' selectors and changes them through the pages' services."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dreams import audit, selectors, services
from dreamtok.ratelimit import generation_wait, too_fast_message
from videogen.services import GenerationRefused

from ..permissions import IsTherapist
from ..problems import Problem, TooFast
from ..serializers import (
    ClientSerializer,
    CreatedDreamSerializer,
    DreamCreateSerializer,
    DreamSerializer,
    DreamSummarySerializer,
    DreamUpdateSerializer,
    checked_by_form,
    form_values,
)


def generation_refused(error: GenerationRefused) -> Problem:
    return Problem(error.message, code="generation_refused")


def check_generation_rate(user) -> None:
    """The pages' per-user rate of asking for videos (VIDEOGEN_GENERATE_RATE): 429 with Retry-After beyond it."""
    wait = generation_wait(user)
    if wait:
        raise TooFast(wait=wait, message=too_fast_message(wait))


def dream_created(request, create, **fields) -> Response:
    """A dream made by `create` (a service taking author, generate, provider and the dream's fields), its video queued
    with consent and `generate` within the pages' rate: 201 with the dream and its job."""
    generate, provider = fields.pop("generate"), fields.pop("provider")
    if generate and fields["consent_video"]:
        check_generation_rate(request.user)
    try:
        dream = create(author=request.user, generate=generate, provider=provider, **fields)
    except GenerationRefused as error:
        raise generation_refused(error) from error
    created = {"dream": dream, "job": dream.jobs.first() if generate else None}
    return Response(CreatedDreamSerializer(created, context={"user": request.user}).data, status=201)


class ClientList(APIView):
    permission_classes = [IsAuthenticated, IsTherapist]

    @extend_schema(operation_id="clients_list", responses=ClientSerializer(many=True), tags=["clients"])
    def get(self, request):
        clients = selectors.clients_for(request.user, with_counts=True)
        return Response(ClientSerializer(clients, many=True).data)


class ClientDreams(APIView):
    permission_classes = [IsAuthenticated, IsTherapist]

    @extend_schema(operation_id="client_dreams_list", responses=DreamSummarySerializer(many=True), tags=["clients"])
    def get(self, request, client_id: int):
        client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
        return Response(DreamSummarySerializer(selectors.client_dreams(client), many=True).data)


class DreamCreate(APIView):
    permission_classes = [IsAuthenticated, IsTherapist]

    @extend_schema(
        operation_id="dreams_create",
        request=DreamCreateSerializer,
        responses={201: CreatedDreamSerializer},
        tags=["dreams"],
        description="Save a client's dream; with consent_video and generate (the default), its video is queued.",
    )
    def post(self, request):
        serializer = DreamCreateSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        return dream_created(request, services.dream_create, client=fields.pop("client"), **fields)


class DreamDetail(APIView):
    @extend_schema(operation_id="dreams_retrieve", responses=DreamSerializer, tags=["dreams"])
    def get(self, request, dream_id):
        dream = get_object_or_404(selectors.dreams_viewable_by(request.user), pk=dream_id)
        audit.record(actor=request.user, dream_id=dream.pk, action=audit.Action.VIEWED)
        return Response(DreamSerializer(dream, context={"user": request.user}).data)

    @extend_schema(
        operation_id="dreams_partial_update",
        request=DreamUpdateSerializer,
        responses=DreamSerializer,
        tags=["dreams"],
        description="The therapist changes symbols and consent; the client withdraws consent or gives it again.",
    )
    def patch(self, request, dream_id):
        dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
        serializer = DreamUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        if dream.client.therapist_id == request.user.pk:
            self._therapist_changes(request.user, dream, changes)
        else:
            self._client_changes(request.user, dream, changes)
        dream.refresh_from_db()
        return Response(DreamSerializer(dream, context={"user": request.user}).data)

    @staticmethod
    def _therapist_changes(user, dream, changes: dict) -> None:
        fields = checked_by_form({**form_values(dream), **changes}, instance=dream)
        fields = {name: value for name, value in fields.items() if name not in ("generate", "provider")}
        try:
            services.dream_update(dream=dream, by=user, generate=False, **fields)
        except services.ConsentRefused as error:
            raise Problem(error.message, code="consent_refused") from error

    @staticmethod
    def _client_changes(user, dream, changes: dict) -> None:
        """A client decides their consent to the video, nothing else (the therapist keeps the symbols)."""
        if set(changes) - {"consent_video"}:
            raise PermissionDenied
        if changes.get("consent_video") is True and not dream.consent_video:
            services.consent_give(dream=dream, by=user)
        elif changes.get("consent_video") is False and dream.consent_video:
            services.consent_withdraw(dream=dream, by=user)

    @extend_schema(operation_id="dreams_destroy", responses={204: None}, tags=["dreams"])
    def delete(self, request, dream_id):
        if selectors.viewer(request).role != "therapist":
            raise PermissionDenied
        dream = get_object_or_404(selectors.dreams_editable_by(request.user), pk=dream_id)
        services.dream_delete(dream=dream, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
