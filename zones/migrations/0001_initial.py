"""The zone models, moved here from the devzone app with their tables and rows."""
import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


# The models were the devzone app's until the apps were split (issue #11).
# Their rows stay: on a database that has them, the tables are renamed and
# the content types (which permissions, groups and admin log entries point
# to) are relabelled, so nothing is copied and nothing is lost. On a new
# database devzone's own migrations have just created the same tables, and
# the same renames apply. Names are literals: a migration must not change
# when the code does.
APP = "zones"
TABLES = [
    ("devzone_historicalsourcearticle", "zones_historicalsourcearticle"),
    ("devzone_sourcearticle", "zones_sourcearticle"),
    ("devzone_historicalindustry", "zones_historicalindustry"),
    ("devzone_industry", "zones_industry"),
    ("devzone_zone_leading_industries", "zones_zone_leading_industries"),
    ("devzone_historicalzone", "zones_historicalzone"),
    ("devzone_historicalzone_leading_industries", "zones_historicalzone_leading_industries"),
    ("devzone_zone", "zones_zone"),
    ("devzone_historicalofficial", "zones_historicalofficial"),
    ("devzone_official", "zones_official"),
    ("devzone_historicalmechanism", "zones_historicalmechanism"),
    ("devzone_mechanism", "zones_mechanism"),
    ("devzone_historicalmetric", "zones_historicalmetric"),
    ("devzone_metric", "zones_metric"),
    ("devzone_historicaltarget", "zones_historicaltarget"),
    ("devzone_target", "zones_target"),
    ("devzone_historicalreportedfigure", "zones_historicalreportedfigure"),
    ("devzone_reportedfigure", "zones_reportedfigure"),
    ("devzone_historicalmembership", "zones_historicalmembership"),
    ("devzone_membership", "zones_membership"),
]
CONTENT_TYPES = ["historicalsourcearticle", "sourcearticle", "historicalindustry", "industry", "historicalzone", "historicalzone_leading_industries", "zone", "historicalofficial", "official", "historicalmechanism", "mechanism", "historicalmetric", "metric", "historicaltarget", "target", "historicalreportedfigure", "reportedfigure", "historicalmembership", "membership"]


def _rename(schema_editor, pairs):
    existing = set(schema_editor.connection.introspection.table_names())
    for old, new in pairs:
        if old in existing and new not in existing:
            schema_editor.execute(
                schema_editor.sql_rename_table
                % {"old_table": schema_editor.quote_name(old), "new_table": schema_editor.quote_name(new)}
            )


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new, model__in=CONTENT_TYPES).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(CONTENT_TYPES) - taken).update(app_label=new)


def move_in(apps, schema_editor):
    _rename(schema_editor, TABLES)
    _relabel(apps, "devzone", APP)


def move_back(apps, schema_editor):
    _rename(schema_editor, [(new, old) for old, new in TABLES])
    _relabel(apps, APP, "devzone")


class Migration(migrations.Migration):

    initial = True

    # After every migration written before the move: on a new database they
    # create tables and foreign keys under the old names, which the renames
    # below then carry along.
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("devzone", "0004_reports"),
        ("projects", "0004_search_indexes"),
        ("meetings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Metric',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('name_en', models.CharField(blank=True, max_length=100, verbose_name='English name')),
                        ('kind', models.CharField(choices=[('count', 'Count'), ('amount', 'Amount'), ('percent', 'Percentage')], max_length=10, verbose_name='kind')),
                        ('unit', models.CharField(choices=[('wan_yuan', '10,000 yuan'), ('projects', 'projects'), ('batches', 'batches'), ('events', 'events'), ('percent', '%')], max_length=10, verbose_name='unit')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                    ],
                    options={
                        'verbose_name': 'metric',
                        'verbose_name_plural': 'metrics',
                        'ordering': ['sort_order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='SourceArticle',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.SlugField(help_text='Stable identifier, e.g. the file name.', max_length=100, unique=True, verbose_name='key')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('publisher', models.CharField(max_length=200, verbose_name='publisher')),
                        ('site', models.CharField(blank=True, max_length=200, verbose_name='published on')),
                        ('section', models.CharField(blank=True, max_length=100, verbose_name='section')),
                        ('reporter', models.CharField(blank=True, max_length=100, verbose_name='reporter')),
                        ('correspondent', models.CharField(blank=True, max_length=100, verbose_name='correspondent')),
                        ('editor', models.CharField(blank=True, max_length=100, verbose_name='editor')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('event_date', models.DateField(blank=True, null=True, verbose_name='date of the event reported')),
                        ('rights_note', models.CharField(blank=True, max_length=300, verbose_name='rights note')),
                    ],
                    options={
                        'verbose_name': 'source article',
                        'verbose_name_plural': 'source articles',
                        'ordering': ['-event_date', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalMetric',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, verbose_name='code')),
                        ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                        ('name_en', models.CharField(blank=True, max_length=100, verbose_name='English name')),
                        ('kind', models.CharField(choices=[('count', 'Count'), ('amount', 'Amount'), ('percent', 'Percentage')], max_length=10, verbose_name='kind')),
                        ('unit', models.CharField(choices=[('wan_yuan', '10,000 yuan'), ('projects', 'projects'), ('batches', 'batches'), ('events', 'events'), ('percent', '%')], max_length=10, verbose_name='unit')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical metric',
                        'verbose_name_plural': 'historical metrics',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalSourceArticle',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('key', models.SlugField(help_text='Stable identifier, e.g. the file name.', max_length=100, verbose_name='key')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('publisher', models.CharField(max_length=200, verbose_name='publisher')),
                        ('site', models.CharField(blank=True, max_length=200, verbose_name='published on')),
                        ('section', models.CharField(blank=True, max_length=100, verbose_name='section')),
                        ('reporter', models.CharField(blank=True, max_length=100, verbose_name='reporter')),
                        ('correspondent', models.CharField(blank=True, max_length=100, verbose_name='correspondent')),
                        ('editor', models.CharField(blank=True, max_length=100, verbose_name='editor')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('event_date', models.DateField(blank=True, null=True, verbose_name='date of the event reported')),
                        ('rights_note', models.CharField(blank=True, max_length=300, verbose_name='rights note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical source article',
                        'verbose_name_plural': 'historical source articles',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalZone',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                        ('short_name', models.CharField(blank=True, max_length=50, verbose_name='short name')),
                        ('code', models.CharField(blank=True, db_index=True, max_length=7, null=True, validators=[django.core.validators.RegexValidator('^[GS]\\d{6}$', 'A catalogue code is G (national) or S (provincial) followed by six digits, e.g. G371152.')], verbose_name='catalogue code')),
                        ('approving_authority', models.CharField(blank=True, choices=[('state_council', 'State Council'), ('province', 'Provincial government')], max_length=20, verbose_name='approving authority')),
                        ('zone_type', models.CharField(blank=True, choices=[('etdz', 'Economic and technological development zone'), ('high_tech', 'High-tech industrial development zone'), ('bonded', 'Special customs supervision area'), ('border', 'Border or cross-border economic cooperation zone'), ('economic', 'Economic development zone'), ('industrial', 'Industrial park'), ('other', 'Other development zone')], max_length=20, verbose_name='zone type')),
                        ('approved_on', models.DateField(blank=True, help_text='The catalogue gives a month; the day is always the 1st.', null=True, verbose_name='approval month')),
                        ('approved_area_ha', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='approved area (hectares)')),
                        ('catalogue_industries', models.CharField(blank=True, max_length=200, verbose_name='main industries in the catalogue')),
                        ('province', models.CharField(blank=True, max_length=50, verbose_name='province')),
                        ('city', models.CharField(blank=True, max_length=50, verbose_name='city')),
                        ('county', models.CharField(blank=True, max_length=50, verbose_name='county or district')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                    ],
                    options={
                        'verbose_name': 'historical development zone',
                        'verbose_name_plural': 'historical development zones',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Industry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='zones.industry', verbose_name='parent industry')),
                    ],
                    options={
                        'verbose_name': 'industry',
                        'verbose_name_plural': 'industries',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalIndustry',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.industry', verbose_name='parent industry')),
                    ],
                    options={
                        'verbose_name': 'historical industry',
                        'verbose_name_plural': 'historical industries',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Zone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('short_name', models.CharField(blank=True, max_length=50, verbose_name='short name')),
                        ('code', models.CharField(blank=True, max_length=7, null=True, unique=True, validators=[django.core.validators.RegexValidator('^[GS]\\d{6}$', 'A catalogue code is G (national) or S (provincial) followed by six digits, e.g. G371152.')], verbose_name='catalogue code')),
                        ('approving_authority', models.CharField(blank=True, choices=[('state_council', 'State Council'), ('province', 'Provincial government')], max_length=20, verbose_name='approving authority')),
                        ('zone_type', models.CharField(blank=True, choices=[('etdz', 'Economic and technological development zone'), ('high_tech', 'High-tech industrial development zone'), ('bonded', 'Special customs supervision area'), ('border', 'Border or cross-border economic cooperation zone'), ('economic', 'Economic development zone'), ('industrial', 'Industrial park'), ('other', 'Other development zone')], max_length=20, verbose_name='zone type')),
                        ('approved_on', models.DateField(blank=True, help_text='The catalogue gives a month; the day is always the 1st.', null=True, verbose_name='approval month')),
                        ('approved_area_ha', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='approved area (hectares)')),
                        ('catalogue_industries', models.CharField(blank=True, max_length=200, verbose_name='main industries in the catalogue')),
                        ('province', models.CharField(blank=True, max_length=50, verbose_name='province')),
                        ('city', models.CharField(blank=True, max_length=50, verbose_name='city')),
                        ('county', models.CharField(blank=True, max_length=50, verbose_name='county or district')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('leading_industries', models.ManyToManyField(blank=True, related_name='leading_in_zones', to='zones.industry', verbose_name='leading industries')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                    ],
                    options={
                        'verbose_name': 'development zone',
                        'verbose_name_plural': 'development zones',
                        'ordering': ['name'],
                        'permissions': [('view_all_zones', 'Can see every zone (city-level manager)')],
                    },
                ),
                migrations.CreateModel(
                    name='Target',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1978), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('quarter', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)], verbose_name='quarter')),
                        ('month', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month')),
                        ('value', models.DecimalField(decimal_places=2, help_text="In the metric's unit; amounts in 10,000 yuan.", max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value')),
                        ('qualifier', models.CharField(choices=[('exact', 'exactly'), ('over', 'over'), ('more_than', 'more than'), ('nearly', 'nearly'), ('about', 'about'), ('at_least', 'at least')], default='exact', max_length=10, verbose_name='qualifier')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('metric', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='zones.metric', verbose_name='metric')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'target',
                        'verbose_name_plural': 'targets',
                        'ordering': ['zone', '-year', 'metric__sort_order'],
                        'default_related_name': 'targets',
                    },
                ),
                migrations.CreateModel(
                    name='ReportedFigure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1978), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('quarter', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)], verbose_name='quarter')),
                        ('month', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month')),
                        ('value', models.DecimalField(decimal_places=2, help_text="In the metric's unit; amounts in 10,000 yuan.", max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value')),
                        ('qualifier', models.CharField(choices=[('exact', 'exactly'), ('over', 'over'), ('more_than', 'more than'), ('nearly', 'nearly'), ('about', 'about'), ('at_least', 'at least')], default='exact', max_length=10, verbose_name='qualifier')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('yoy_growth_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='year-over-year growth (%)')),
                        ('rank', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='rank')),
                        ('rank_scope', models.CharField(blank=True, help_text="e.g. the city's zones", max_length=50, verbose_name='ranked among')),
                        ('metric', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='zones.metric', verbose_name='metric')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'reported figure',
                        'verbose_name_plural': 'reported figures',
                        'ordering': ['zone', '-year', 'metric__sort_order'],
                        'default_related_name': 'reported_figures',
                    },
                ),
                migrations.CreateModel(
                    name='Official',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('titles', models.CharField(blank=True, max_length=300, verbose_name='titles')),
                        ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='official', to=settings.AUTH_USER_MODEL, verbose_name='user account')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='officials', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'official',
                        'verbose_name_plural': 'officials',
                        'ordering': ['zone', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                        ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'zone membership',
                        'verbose_name_plural': 'zone memberships',
                    },
                ),
                migrations.CreateModel(
                    name='Mechanism',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mechanisms', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'mechanism',
                        'verbose_name_plural': 'mechanisms',
                        'ordering': ['zone', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalZone_leading_industries',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='zones.historicalzone')),
                        ('industry', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.industry')),
                        ('zone', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone')),
                    ],
                    options={
                        'verbose_name': 'HistoricalZone_leading_industries',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalTarget',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1978), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('quarter', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)], verbose_name='quarter')),
                        ('month', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month')),
                        ('value', models.DecimalField(decimal_places=2, help_text="In the metric's unit; amounts in 10,000 yuan.", max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value')),
                        ('qualifier', models.CharField(choices=[('exact', 'exactly'), ('over', 'over'), ('more_than', 'more than'), ('nearly', 'nearly'), ('about', 'about'), ('at_least', 'at least')], default='exact', max_length=10, verbose_name='qualifier')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('metric', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.metric', verbose_name='metric')),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'historical target',
                        'verbose_name_plural': 'historical targets',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReportedFigure',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1978), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('quarter', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)], verbose_name='quarter')),
                        ('month', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month')),
                        ('value', models.DecimalField(decimal_places=2, help_text="In the metric's unit; amounts in 10,000 yuan.", max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value')),
                        ('qualifier', models.CharField(choices=[('exact', 'exactly'), ('over', 'over'), ('more_than', 'more than'), ('nearly', 'nearly'), ('about', 'about'), ('at_least', 'at least')], default='exact', max_length=10, verbose_name='qualifier')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('yoy_growth_percent', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='year-over-year growth (%)')),
                        ('rank', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='rank')),
                        ('rank_scope', models.CharField(blank=True, help_text="e.g. the city's zones", max_length=50, verbose_name='ranked among')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('metric', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.metric', verbose_name='metric')),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'historical reported figure',
                        'verbose_name_plural': 'historical reported figures',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalOfficial',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('titles', models.CharField(blank=True, max_length=300, verbose_name='titles')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user account')),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'historical official',
                        'verbose_name_plural': 'historical officials',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalMembership',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                        ('zone', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'historical zone membership',
                        'verbose_name_plural': 'historical zone memberships',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalMechanism',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('source_quote', models.CharField(blank=True, help_text='The short sentence of the source this rests on.', max_length=500, verbose_name='source quotation')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sourcearticle', verbose_name='source article')),
                        ('zone', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone')),
                    ],
                    options={
                        'verbose_name': 'historical mechanism',
                        'verbose_name_plural': 'historical mechanisms',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='zone',
                    constraint=models.CheckConstraint(condition=models.Q(('approved_area_ha__isnull', True), ('approved_area_ha__gte', 0), _connector='OR'), name='zone_area_not_negative', violation_error_message='The approved area cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.CheckConstraint(condition=models.Q(('quarter__isnull', True), ('month__isnull', True), _connector='OR'), name='target_quarter_or_month', violation_error_message='Give a quarter or a month, not both.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.CheckConstraint(condition=models.Q(('quarter__isnull', True), models.Q(('quarter__gte', 1), ('quarter__lte', 4)), _connector='OR'), name='target_quarter_range', violation_error_message='A quarter is 1 to 4.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.CheckConstraint(condition=models.Q(('month__isnull', True), models.Q(('month__gte', 1), ('month__lte', 12)), _connector='OR'), name='target_month_range', violation_error_message='A month is 1 to 12.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='target_value_not_negative', violation_error_message='The value cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.UniqueConstraint(condition=models.Q(('month__isnull', True), ('quarter__isnull', True)), fields=('zone', 'metric', 'year'), name='target_unique_year', violation_error_message='This zone already has a target for this metric and period.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.UniqueConstraint(condition=models.Q(('quarter__isnull', False)), fields=('zone', 'metric', 'year', 'quarter'), name='target_unique_quarter', violation_error_message='This zone already has a target for this metric and period.'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.UniqueConstraint(condition=models.Q(('month__isnull', False)), fields=('zone', 'metric', 'year', 'month'), name='target_unique_month', violation_error_message='This zone already has a target for this metric and period.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.CheckConstraint(condition=models.Q(('quarter__isnull', True), ('month__isnull', True), _connector='OR'), name='reported_quarter_or_month', violation_error_message='Give a quarter or a month, not both.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.CheckConstraint(condition=models.Q(('quarter__isnull', True), models.Q(('quarter__gte', 1), ('quarter__lte', 4)), _connector='OR'), name='reported_quarter_range', violation_error_message='A quarter is 1 to 4.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.CheckConstraint(condition=models.Q(('month__isnull', True), models.Q(('month__gte', 1), ('month__lte', 12)), _connector='OR'), name='reported_month_range', violation_error_message='A month is 1 to 12.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='reported_value_not_negative', violation_error_message='The value cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.UniqueConstraint(condition=models.Q(('month__isnull', True), ('quarter__isnull', True)), fields=('zone', 'metric', 'year'), name='reported_unique_year', violation_error_message='This zone already has a reported figure for this metric and period.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.UniqueConstraint(condition=models.Q(('quarter__isnull', False)), fields=('zone', 'metric', 'year', 'quarter'), name='reported_unique_quarter', violation_error_message='This zone already has a reported figure for this metric and period.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.UniqueConstraint(condition=models.Q(('month__isnull', False)), fields=('zone', 'metric', 'year', 'month'), name='reported_unique_month', violation_error_message='This zone already has a reported figure for this metric and period.'),
                ),
                migrations.AddConstraint(
                    model_name='reportedfigure',
                    constraint=models.CheckConstraint(condition=models.Q(('rank__isnull', True), ('rank__gte', 1), _connector='OR'), name='reported_rank_positive', violation_error_message='A rank starts at 1.'),
                ),
                migrations.AddConstraint(
                    model_name='official',
                    constraint=models.UniqueConstraint(fields=('zone', 'name'), name='official_unique_name_in_zone', violation_error_message='This zone already has an official of this name.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.UniqueConstraint(fields=('user', 'zone'), name='membership_unique', violation_error_message='This user is already a member of this zone.'),
                ),
                migrations.AddConstraint(
                    model_name='mechanism',
                    constraint=models.UniqueConstraint(fields=('zone', 'name'), name='mechanism_unique_name_in_zone', violation_error_message='This zone already has a mechanism of this name.'),
                ),
            ],
            database_operations=[
                migrations.RunPython(move_in, move_back),
            ],
        ),
    ]
