"""A dream's video: start a generation (the pages' per-user rate, budgets and per-therapist limits apply), and how it
stands (polled every 2 s)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dreams import selectors
from videogen.services import GenerationRefused, video_job_start
from videogen.status import video_status

from ..serializers import GenerateSerializer, GenerationStartedSerializer, JobSerializer, VideoStatusSerializer
from .dreams import check_generation_rate, generation_refused


class GenerateVideo(APIView):
    @extend_schema(
        operation_id="dreams_generate_video",
        request=GenerateSerializer,
        responses={202: GenerationStartedSerializer},
        tags=["video"],
        description="Queue a new video of the dream (its therapist only); the previous job, if any, is cancelled.",
    )
    def post(self, request, dream_id):
        dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
        if dream.client.therapist_id != request.user.pk:
            raise PermissionDenied
        check_generation_rate(request.user)
        serializer = GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            job = video_job_start(
                dream=dream, provider=serializer.validated_data.get("provider", ""), requested_by=request.user
            )
        except GenerationRefused as error:
            raise generation_refused(error) from error
        return Response({"status": "processing", "job": JobSerializer(job).data}, status=202)


class VideoStatus(APIView):
    @extend_schema(operation_id="dreams_video_status", responses=VideoStatusSerializer, tags=["video"])
    def get(self, request, dream_id):
        dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
        return Response(video_status(dream, request.user))
