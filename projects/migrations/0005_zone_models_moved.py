"""The zone models moved to the zones app: the foreign keys now name it. The
columns and their constraints follow the renamed tables, so only the state
changes."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0004_search_indexes'),
        ('zones', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='enterprise',
                    name='industry',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enterprises', to='zones.industry', verbose_name='industry'),
                ),
                migrations.AlterField(
                    model_name='enterprise',
                    name='source',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='enterprise',
                    name='zone',
                    field=models.ForeignKey(blank=True, help_text='For a company already established in a zone.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enterprises', to='zones.zone', verbose_name='located in zone'),
                ),
                migrations.AlterField(
                    model_name='historicalenterprise',
                    name='industry',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.industry', verbose_name='industry'),
                ),
                migrations.AlterField(
                    model_name='historicalenterprise',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='historicalenterprise',
                    name='zone',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='For a company already established in a zone.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='located in zone'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentproject',
                    name='industry',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.industry', verbose_name='industry'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentproject',
                    name='lead_official',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='揭榜挂帅: the official who took on the project.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.official', verbose_name='lead official'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentproject',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentproject',
                    name='zone',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentproject_assisting_staff',
                    name='official',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.official'),
                ),
                migrations.AlterField(
                    model_name='historicalprojectstagechange',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='investmentproject',
                    name='assisting_staff',
                    field=models.ManyToManyField(blank=True, help_text='帮包: staff who help the project through approvals.', related_name='assisted_projects', to='zones.official', verbose_name='assisting staff'),
                ),
                migrations.AlterField(
                    model_name='investmentproject',
                    name='industry',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='zones.industry', verbose_name='industry'),
                ),
                migrations.AlterField(
                    model_name='investmentproject',
                    name='lead_official',
                    field=models.ForeignKey(blank=True, help_text='揭榜挂帅: the official who took on the project.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='led_projects', to='zones.official', verbose_name='lead official'),
                ),
                migrations.AlterField(
                    model_name='investmentproject',
                    name='source',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='investmentproject',
                    name='zone',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='zones.zone', verbose_name='zone'),
                ),
                migrations.AlterField(
                    model_name='projectstagechange',
                    name='source',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article'),
                ),
                migrations.AlterField(
                    model_name='zonemonthtotal',
                    name='zone',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='month_totals', to='zones.zone', verbose_name='zone'),
                ),
            ],
            database_operations=[
            ],
        ),
    ]
