from django.db import migrations

from dreams.adminlog import history_name


def name_dreams_by_id(apps, schema_editor):
    """The admin's history written before named each dream by its title, in plain text: by its id from now on."""
    content_types, entries = apps.get_model("contenttypes", "ContentType"), apps.get_model("admin", "LogEntry")
    dream_type = content_types.objects.filter(app_label="dreams", model="dream").first()
    if dream_type is None:
        return
    for entry in entries.objects.filter(content_type=dream_type).only("pk", "object_id").iterator():
        entries.objects.filter(pk=entry.pk).update(object_repr=history_name("dream", entry.object_id))


class Migration(migrations.Migration):
    dependencies = [
        ("dreams", "0015_encrypt_at_rest"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(name_dreams_by_id, migrations.RunPython.noop, elidable=False)]
