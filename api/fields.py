"""The serializer fields a ModelSerializer makes of the encrypted model fields. They are TextFields underneath, and
DRF picks a serializer field by the model field's class: without this a log's distress would be answered as "6",
a nightmare as "True" and a dream's symbols as the text "['moon']"."""

from rest_framework import serializers

from dreamtok import fields


class WordList(serializers.ListField):
    """A list of words (a dream's symbols), in the schema as an array of strings."""

    child = serializers.CharField()


serializers.ModelSerializer.serializer_field_mapping.update(
    {
        fields.EncryptedIntegerField: serializers.IntegerField,
        fields.EncryptedBooleanField: serializers.BooleanField,
        fields.EncryptedJSONField: serializers.JSONField,
        fields.EncryptedWordListField: WordList,
    }
)
