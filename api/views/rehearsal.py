"""Imagery rehearsal through the API: the therapist writes a new version of a nightmare and follows the client's
weeks; the client reads the version they rehearse, checks in after a rehearsal and logs the night. The pages'
selectors find, their services write (and audit); staff see none of it."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dreams import audit
from dreams import selectors as dream_selectors
from dreams.rehearsal import selectors, services

from ..permissions import IsTherapist
from ..problems import Problem
from ..rehearsal_serializers import (
    CheckInSerializer,
    NightLogCreateSerializer,
    NightLogSerializer,
    RehearsalSessionSerializer,
    RescriptCreateSerializer,
    WeekSerializer,
)
from ..serializers import CreatedDreamSerializer, DreamSerializer, DreamSummarySerializer
from .dreams import dream_created


class IsClient(BasePermission):
    """A client's own rehearsal: everyone else gets 403, as the pages' `client_required`."""

    def has_permission(self, request, view) -> bool:
        return dream_selectors.viewer(request).role == "client"


def written(service, **kwargs):
    """Call a service; its ValidationError becomes a 400 problem with the same messages as on the pages."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise serializers.ValidationError(error.message_dict) from error


def no_rescript() -> Problem:
    return Problem(
        _("Your therapist has not written a new version to rehearse yet."), status_code=404, code="not_found"
    )


class Rescripts(APIView):
    permission_classes = [IsAuthenticated, IsTherapist]

    def _nightmare(self, request, dream_id):
        original = get_object_or_404(dream_selectors.dreams_editable_by(request.user), pk=dream_id)
        return original.rescript_of or original

    @extend_schema(operation_id="rescripts_list", responses=DreamSummarySerializer(many=True), tags=["rehearsal"])
    def get(self, request, dream_id):
        nightmare = self._nightmare(request, dream_id)
        audit.record(actor=request.user, dream_id=nightmare.pk, action=audit.Action.VIEWED, detail="rescripts")
        return Response(DreamSummarySerializer(nightmare.rescripts.order_by("-created_at"), many=True).data)

    @extend_schema(
        operation_id="rescripts_create",
        request=RescriptCreateSerializer,
        responses={201: CreatedDreamSerializer},
        tags=["rehearsal"],
        description="A new version of the nightmare, made as a dream is (consent, symbols, its video); the client "
        "rehearses it from now on.",
    )
    def post(self, request, dream_id):
        nightmare = self._nightmare(request, dream_id)
        serializer = RescriptCreateSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        return dream_created(request, services.rescript_create, original=nightmare, **serializer.validated_data)


class CurrentRescript(APIView):
    permission_classes = [IsAuthenticated, IsClient]

    @extend_schema(operation_id="rehearsal_current", responses=DreamSerializer, tags=["rehearsal"])
    def get(self, request):
        client = selectors.client_of_user(request.user)
        rescript = selectors.current_rescript(client)
        if rescript is None:
            raise no_rescript()
        audit.record(actor=request.user, dream_id=rescript.pk, client_id=client.pk, action=audit.Action.VIEWED)
        return Response(DreamSerializer(rescript, context={"user": request.user}).data)


class CheckIns(APIView):
    permission_classes = [IsAuthenticated, IsClient]

    @extend_schema(
        operation_id="rehearsal_check_in",
        request=CheckInSerializer,
        responses={201: RehearsalSessionSerializer},
        tags=["rehearsal"],
        description="After a rehearsal of the current version: minutes (more than 3 hours is refused) and scores.",
    )
    def post(self, request):
        client = selectors.client_of_user(request.user)
        rescript = selectors.current_rescript(client)
        if rescript is None:
            raise no_rescript()
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = written(
            services.rehearsal_record, client=client, rescript=rescript, by=request.user, **serializer.validated_data
        )
        return Response(RehearsalSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class NightLogs(APIView):
    permission_classes = [IsAuthenticated, IsClient]

    @extend_schema(operation_id="night_logs_list", responses=NightLogSerializer(many=True), tags=["rehearsal"])
    def get(self, request):
        client = selectors.client_of_user(request.user)
        audit.record(actor=request.user, client_id=client.pk, action=audit.Action.VIEWED, detail="night logs")
        return Response(NightLogSerializer(client.night_logs.order_by("-night"), many=True).data)

    @extend_schema(
        operation_id="night_logs_create",
        request=NightLogCreateSerializer,
        responses={201: NightLogSerializer, 200: NightLogSerializer},
        tags=["rehearsal"],
        description="The morning log of a night that is over (201); a second log of the same night edits it (200).",
    )
    def post(self, request):
        client = selectors.client_of_user(request.user)
        serializer = NightLogCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        log, created = written(services.night_log_record, client=client, by=request.user, **serializer.validated_data)
        return Response(NightLogSerializer(log).data, status=201 if created else 200)


class ClientProgress(APIView):
    permission_classes = [IsAuthenticated, IsTherapist]

    @extend_schema(operation_id="client_progress", responses=WeekSerializer(many=True), tags=["rehearsal"])
    def get(self, request, client_id: int):
        client = get_object_or_404(dream_selectors.clients_for(request.user), pk=client_id)
        audit.record(actor=request.user, client_id=client.pk, action=audit.Action.VIEWED, detail="rehearsal progress")
        return Response(WeekSerializer(selectors.weekly_progress(client), many=True).data)
