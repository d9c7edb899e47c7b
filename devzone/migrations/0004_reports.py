"""Weekly dispatch, monthly bulletin and annual assessment: the runs, the
documents they produce, the assessment schemes; and the two periodic tasks
(Monday 08:00 dispatch, monthly bulletin on the 1st at 06:00, Asia/Shanghai)
as django-celery-beat rows administrators edit in the back office.

The schedule rows come from insights/reports/schedules.py so that every
schedule is written in one place; ``install`` only creates missing rows,
so re-running it later never undoes an administrator's change.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def install_schedules(apps, schema_editor):
    from insights.reports import schedules

    schedules.install(apps)


def uninstall_schedules(apps, schema_editor):
    from insights.reports import schedules

    schedules.uninstall(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('devzone', '0003_groups'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AssessmentScheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('weights', models.JSONField(default=dict, help_text='Metric code and the points it is worth at full completion, e.g. {"signed_projects": 60, "funds_in_place": 40}.', verbose_name='points per metric')),
                ('completion_cap', models.DecimalField(decimal_places=1, default=Decimal('100'), help_text='Completion above this counts as this; 100 means no extra points for overshooting.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='completion counted up to (%)')),
                ('overdue_start_deduction', models.DecimalField(decimal_places=2, default=Decimal('1'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='deduction per signed project past its planned start')),
                ('overdue_directive_deduction', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='deduction per directive past due')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
            ],
            options={
                'verbose_name': 'assessment scheme',
                'verbose_name_plural': 'assessment schemes',
                'ordering': ['-year'],
                'constraints': [models.CheckConstraint(condition=models.Q(('completion_cap__gte', 0), ('overdue_start_deduction__gte', 0), ('overdue_directive_deduction__gte', 0)), name='assessment_scheme_not_negative', violation_error_message='Caps and deductions cannot be negative.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAssessmentScheme',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(db_index=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('weights', models.JSONField(default=dict, help_text='Metric code and the points it is worth at full completion, e.g. {"signed_projects": 60, "funds_in_place": 40}.', verbose_name='points per metric')),
                ('completion_cap', models.DecimalField(decimal_places=1, default=Decimal('100'), help_text='Completion above this counts as this; 100 means no extra points for overshooting.', max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='completion counted up to (%)')),
                ('overdue_start_deduction', models.DecimalField(decimal_places=2, default=Decimal('1'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='deduction per signed project past its planned start')),
                ('overdue_directive_deduction', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='deduction per directive past due')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical assessment scheme',
                'verbose_name_plural': 'historical assessment schemes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='AssessmentResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('as_of', models.DateField(verbose_name='figures as of')),
                ('score', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='score')),
                ('rank', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='rank')),
                ('breakdown', models.JSONField(default=dict, verbose_name='breakdown')),
                ('generated_at', models.DateTimeField(verbose_name='generated at')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessment_results', to='devzone.zone', verbose_name='zone')),
                ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='devzone.assessmentscheme', verbose_name='assessment scheme')),
            ],
            options={
                'verbose_name': 'assessment result',
                'verbose_name_plural': 'assessment results',
                'ordering': ['scheme', 'rank', 'zone__name'],
                'constraints': [models.UniqueConstraint(fields=('scheme', 'zone'), name='assessment_result_unique', violation_error_message='This zone already has a result in this assessment.')],
            },
        ),
        migrations.CreateModel(
            name='Bulletin',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('month', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month')),
                ('as_of', models.DateField(verbose_name='figures as of')),
                ('generated_at', models.DateTimeField(verbose_name='generated at')),
                ('data', models.JSONField(default=dict, verbose_name='figures')),
                ('text', models.TextField(blank=True, help_text="Drafted in Chinese, the bulletin's language.", verbose_name='drafted text')),
                ('generated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'bulletin',
                'verbose_name_plural': 'bulletins',
                'ordering': ['-year', '-month'],
                'constraints': [models.UniqueConstraint(fields=('year', 'month'), name='bulletin_unique_month', violation_error_message='There is already a bulletin for this month.'), models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='bulletin_month_range', violation_error_message='A month is 1 to 12.')],
            },
        ),
        migrations.CreateModel(
            name='DispatchSheet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week_start', models.DateField(help_text='The Monday the sheet was dispatched for.', verbose_name='week of')),
                ('generated_at', models.DateTimeField(verbose_name='generated at')),
                ('content', models.JSONField(default=dict, verbose_name='content')),
                ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mailed at')),
                ('emailed_to', models.JSONField(blank=True, default=list, verbose_name='e-mailed to')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dispatch_sheets', to='devzone.zone', verbose_name='zone')),
            ],
            options={
                'verbose_name': 'dispatch sheet',
                'verbose_name_plural': 'dispatch sheets',
                'ordering': ['-week_start', 'zone__name'],
                'constraints': [models.UniqueConstraint(fields=('zone', 'week_start'), name='dispatch_sheet_unique_week', violation_error_message='This zone already has a dispatch sheet for this week.')],
            },
        ),
        migrations.CreateModel(
            name='TaskRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('dispatch', 'Weekly dispatch'), ('bulletin', 'Monthly bulletin'), ('assessment', 'Annual assessment')], max_length=12, verbose_name='kind')),
                ('parameters', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('error', models.TextField(blank=True, verbose_name='reason for the failure')),
                ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('celery_task_id', models.CharField(blank=True, db_index=True, max_length=255, verbose_name='Celery task id')),
                ('attempts', models.PositiveSmallIntegerField(default=0, help_text='More than one when a worker died or a transient error was retried.', verbose_name='attempts')),
                ('requested_by', models.ForeignKey(blank=True, help_text='Empty when the schedule started the run.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ('zone', models.ForeignKey(blank=True, help_text='Empty when the run covers every zone.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='task_runs', to='devzone.zone', verbose_name='zone')),
            ],
            options={
                'verbose_name': 'report run',
                'verbose_name_plural': 'report runs',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['status', 'created_at'], name='taskrun_status_created')],
            },
        ),
        migrations.RunPython(install_schedules, uninstall_schedules),
    ]
