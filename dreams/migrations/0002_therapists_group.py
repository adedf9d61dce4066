from django.db import migrations

PERMISSIONS = ["add_client", "change_client", "view_client", "add_dream", "change_dream", "delete_dream", "view_dream"]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="therapists")
    group.permissions.set(Permission.objects.filter(content_type__app_label="dreams", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("dreams", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
