"""Progress reports get the optimistic lock projects have: a version that
every edit raises, so that a stale correction in the back office is refused.
Existing reports start at 1."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0005_zone_models_moved'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprogressreport',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='progressreport',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
    ]
