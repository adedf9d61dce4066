# A random nonce per submission, part of its external id: a database copied or restored from a backup keeps the
# install prefix while ids rewind, so new requests there would otherwise repeat names already sent.
# (Issue 11b. Another branch adds videogen migrations at the same time: the lead re-chains this one at merge.)

import videogen.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("videogen", "0013_encrypt_at_rest"),
    ]

    operations = [
        # Requests already sent keep the name they went out with: their nonce is empty.
        migrations.AddField(
            model_name="videosubmission",
            name="nonce",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
        ),
        migrations.AlterField(
            model_name="videosubmission",
            name="nonce",
            field=models.CharField(
                blank=True, default=videogen.models.new_submission_nonce, editable=False, max_length=16
            ),
        ),
    ]
