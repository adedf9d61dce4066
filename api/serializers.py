"""The API's shapes: what a request may send (checked by the pages' own forms, so the rules and messages are the same)
and what it answers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dreams import selectors
from dreams.delivery import signed_url
from dreams.forms import MAX_DREAM_CHARS, MAX_TITLE_CHARS, DreamForm
from dreams.models import MAX_SYMBOL_LENGTH, MAX_SYMBOLS, Dream
from videogen.models import VideoJob
from videogen.services import provider_choices

Symbols = serializers.ListField(
    child=serializers.CharField(max_length=MAX_SYMBOL_LENGTH),
    max_length=MAX_SYMBOLS,
    required=False,
    help_text="Symbol words in English or Russian (names, places and health conditions are refused); empty: "
    "suggested from the text.",
)


def form_errors(form) -> dict:
    """A form's errors by field, the form's own "__all__" as the body's."""
    return {("non_field_errors" if name == "__all__" else name): list(errors) for name, errors in form.errors.items()}


def checked_by_form(data: dict, *, instance: Dream | None = None) -> dict:
    """The dream form's cleaned data for these fields (symbols as a list), or its translated errors as a
    ValidationError: the API accepts exactly what the pages accept."""
    values = dict(data)
    if "symbols" in values:
        values["symbols"] = ", ".join(values["symbols"])
    if "dreamt_on" in values:
        values["dreamt_on"] = values["dreamt_on"].isoformat()
    form = DreamForm(values, instance=instance, providers=provider_choices())
    if not form.is_valid():
        raise serializers.ValidationError(form_errors(form))
    return form.cleaned_data


class DreamCreateSerializer(serializers.Serializer):
    client = serializers.IntegerField(help_text="The id of one of your clients (GET /api/v1/clients).")
    title = serializers.CharField(max_length=MAX_TITLE_CHARS, allow_blank=True)
    content = serializers.CharField(max_length=MAX_DREAM_CHARS, allow_blank=True, trim_whitespace=False)
    dreamt_on = serializers.DateField()
    symbols = Symbols
    consent_video = serializers.BooleanField(default=False)
    consent_full_text = serializers.BooleanField(default=False)
    privacy_mode = serializers.ChoiceField(Dream.PrivacyMode.choices, default=Dream.PrivacyMode.SYMBOLS)
    visibility = serializers.ChoiceField(Dream.Visibility.choices, default=Dream.Visibility.PRIVATE)
    distressing = serializers.BooleanField(default=False)
    generate = serializers.BooleanField(default=True, help_text="Queue the video at once (needs consent_video).")
    provider = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)

    def validate_client(self, value: int):
        """One of the therapist's clients; another's answers 404 at once, as the page of its form does."""
        return get_object_or_404(selectors.clients_for(self.context["user"]), pk=value)

    def validate(self, attrs):
        fields = {name: value for name, value in attrs.items() if name != "client"}
        return {"client": attrs["client"], **checked_by_form(fields)}


class DreamUpdateSerializer(serializers.Serializer):
    """Symbols and consent. A client changes only consent_video (withdrawing it, or giving it again)."""

    symbols = Symbols
    consent_video = serializers.BooleanField(required=False)
    consent_full_text = serializers.BooleanField(required=False)
    consent_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="After the client withdrew consent themselves: when and how they gave it anew in session.",
    )


def form_values(dream: Dream) -> dict:
    """A dream's fields as its form would show them, for a change of some of them."""
    names = ["title", "content", "dreamt_on", "symbols", "consent_video", "consent_full_text"]
    names += ["privacy_mode", "visibility", "distressing"]
    return {name: getattr(dream, name) for name in names}


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = VideoJob
        fields = ["id", "provider", "state"]


MEDIA_HELP = (
    "A signed link, valid MEDIA_URL_MAX_AGE seconds, for this account: fetch it with the same token (or session); "
    "empty without a video."
)
OWN_FIELDS = ("privacy_mode", "visibility", "moderation", "moderation_reason", "consent_video", "consent_full_text")


class DreamSerializer(serializers.ModelSerializer):
    """A dream. `content` only for the client's therapist; consent, privacy and moderation only for the client and
    their therapist (null for a shared dream of another client)."""

    content = serializers.CharField(allow_null=True)
    video_url = serializers.SerializerMethodField(help_text=MEDIA_HELP)
    poster_url = serializers.SerializerMethodField(help_text=MEDIA_HELP)
    privacy_mode = serializers.ChoiceField(Dream.PrivacyMode.choices, allow_null=True)
    visibility = serializers.ChoiceField(Dream.Visibility.choices, allow_null=True)
    moderation = serializers.ChoiceField(Dream.Moderation.choices, allow_null=True)
    moderation_reason = serializers.CharField(allow_null=True)
    consent_video = serializers.BooleanField(allow_null=True)
    consent_full_text = serializers.BooleanField(allow_null=True)
    new_version_of = serializers.UUIDField(
        source="rescript_of_id", read_only=True, allow_null=True, help_text="The original of a rescript, else null."
    )

    class Meta:
        model = Dream
        fields = ["id", "client", "title", "content", "dreamt_on", "symbols", "distressing", *OWN_FIELDS]
        fields += ["new_version_of", "created_at", "updated_at", "video_url", "poster_url"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_video_url(self, dream) -> str:
        return signed_url(dream.video, self.context["user"]) if dream.has_video else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_poster_url(self, dream) -> str:
        return signed_url(dream.poster, self.context["user"]) if dream.has_video else ""

    def to_representation(self, dream):
        data = super().to_representation(dream)
        user = self.context["user"]
        if dream.client.therapist_id != user.pk:
            data["content"] = None
        if user.pk not in (dream.client.therapist_id, dream.client.user_id):
            data.update(dict.fromkeys(OWN_FIELDS))
            data["client"] = None
        return data


class DreamSummarySerializer(serializers.ModelSerializer):
    """A line of a client's list of dreams, with the state of its latest video job (null: none asked for)."""

    video_state = serializers.ChoiceField(VideoJob.State.choices, allow_null=True)
    has_video = serializers.BooleanField()

    class Meta:
        model = Dream
        fields = ["id", "title", "dreamt_on", "consent_video", "visibility", "moderation", "has_video", "video_state"]


class CreatedDreamSerializer(serializers.Serializer):
    dream = DreamSerializer()
    job = JobSerializer(allow_null=True, help_text="The queued video job, or null when none was asked for.")


class ClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pseudonym = serializers.CharField()
    dream_count = serializers.IntegerField()


class GenerateSerializer(serializers.Serializer):
    provider = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="A video service; empty: the first offered."
    )


class GenerationStartedSerializer(serializers.Serializer):
    status = serializers.CharField(help_text='"processing"')
    job = JobSerializer()


class VideoStatusSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text="A job state, or ready / none without a job, or withdrawn, or expired (deleted by retention)."
    )
    state_label = serializers.CharField()
    progress = serializers.FloatField(min_value=0, max_value=1)
    provider = serializers.CharField(allow_blank=True)
    error = serializers.CharField(allow_blank=True)
    video_url = serializers.CharField(allow_blank=True)
    poster_url = serializers.CharField(allow_blank=True)


class FeedItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    dreamt_on = serializers.DateField()
    symbols = serializers.ListField(child=serializers.CharField())
    distressing = serializers.BooleanField()
    new_version_of = serializers.UUIDField(
        allow_null=True,
        help_text="A rescripted nightmare's new version: the id of the original dream (the feed's label).",
    )
    is_own = serializers.BooleanField(help_text="The dream of this account's client, or of the client signed in.")
    is_favourite = serializers.BooleanField(allow_null=True, help_text="Null on the shared tab.")
    video_url = serializers.CharField()
    poster_url = serializers.CharField()


class FeedPageSerializer(serializers.Serializer):
    results = FeedItemSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True, help_text="Pass as `cursor` for the next page; null: the end.")


class FavouriteSerializer(serializers.Serializer):
    favourite = serializers.BooleanField()
