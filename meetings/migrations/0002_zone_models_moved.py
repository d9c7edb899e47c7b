"""The zone models moved to the zones app: the foreign keys now name it. The
columns and their constraints follow the renamed tables, so only the state
changes."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        ('zones', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='directive',
                    name='assisting_staff',
                    field=models.ManyToManyField(blank=True, related_name='assisted_directives', to='zones.official', verbose_name='assisting staff'),
                ),
                migrations.AlterField(
                    model_name='directive',
                    name='lead_official',
                    field=models.ForeignKey(blank=True, help_text='揭榜挂帅: the official who took on the task.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='led_directives', to='zones.official', verbose_name='lead official'),
                ),
                migrations.AlterField(
                    model_name='directive',
                    name='source',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='historicaldirective',
                    name='lead_official',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='揭榜挂帅: the official who took on the task.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.official', verbose_name='lead official'),
                ),
                migrations.AlterField(
                    model_name='historicaldirective',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='historicaldirective_assisting_staff',
                    name='official',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.official'),
                ),
                migrations.AlterField(
                    model_name='historicalmeeting',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='historicalmeeting',
                    name='zone',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone'),
                ),
                migrations.AlterField(
                    model_name='historicalmeeting_reported_figures',
                    name='reportedfigure',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.reportedfigure'),
                ),
                migrations.AlterField(
                    model_name='historicalmeeting_targets',
                    name='target',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.target'),
                ),
                migrations.AlterField(
                    model_name='historicalmeetingdocument',
                    name='read_by',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.official', verbose_name='read out by'),
                ),
                migrations.AlterField(
                    model_name='historicalmeetingparticipant',
                    name='official',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.official', verbose_name='official'),
                ),
                migrations.AlterField(
                    model_name='historicalpromotionactivity',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='historicalpromotionactivity',
                    name='zone',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='reported_figures',
                    field=models.ManyToManyField(blank=True, related_name='meetings', to='zones.reportedfigure', verbose_name='figures announced'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='source',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='targets',
                    field=models.ManyToManyField(blank=True, related_name='meetings', to='zones.target', verbose_name='targets set'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='zone',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='zones.zone', verbose_name='zone'),
                ),
                migrations.AlterField(
                    model_name='meetingdocument',
                    name='read_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.official', verbose_name='read out by'),
                ),
                migrations.AlterField(
                    model_name='meetingparticipant',
                    name='official',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.official', verbose_name='official'),
                ),
                migrations.AlterField(
                    model_name='promotionactivity',
                    name='source',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='promotionactivity',
                    name='zone',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='zones.zone', verbose_name='zone'),
                ),
            ],
            database_operations=[
            ],
        ),
    ]
