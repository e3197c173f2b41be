"""The analysis migrations 0001–0002 in one step, for new databases.

Made with squashmigrations, then each model created once with its fields, indexes and
constraints (every operation re-renders the models related to it, so fewer operations
make `migrate` on a new database much faster). A database that applied the migrations
it replaces records this one as applied; the replaced files stay until every database
has moved past them. Role groups are set after every migrate (crm/apps.py), not here.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('analysis', '0001_initial'), ('analysis', '0002_roles')]

    initial = True

    dependencies = [
        ('customers', '0003_default_survey_template'),
    ]

    operations = [
        migrations.CreateModel(
            name='AnalysisRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('rows', models.JSONField(blank=True, default=dict, verbose_name='rows written')),
                ('timings', models.JSONField(blank=True, default=dict, verbose_name='seconds per step')),
                ('seconds', models.FloatField(blank=True, null=True, verbose_name='seconds')),
            ],
            options={
                'verbose_name': 'analysis run',
                'verbose_name_plural': 'analysis runs',
                'ordering': ['-started_at', '-pk'],
                'permissions': [('view_analysis', 'Can open the analysis of the teams they lead'), ('view_all_analysis', 'Can open the analysis of every team'), ('refresh_analysis', 'Can recompute the analysis now')],
            },
        ),
        migrations.CreateModel(
            name='Fact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('metric', models.CharField(max_length=40, verbose_name='metric')),
                ('day', models.DateField(verbose_name='day')),
                ('team_id', models.IntegerField(default=0, verbose_name='team')),
                ('region_id', models.IntegerField(default=0, verbose_name='region')),
                ('key', models.CharField(blank=True, default='', max_length=200, verbose_name='key')),
                ('value', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='value')),
            ],
            options={
                'verbose_name': 'analysis figure',
                'verbose_name_plural': 'analysis figures',
                'constraints': [models.UniqueConstraint(fields=('metric', 'day', 'team_id', 'region_id', 'key'), name='fact_unique')],
            },
        ),
        migrations.CreateModel(
            name='CustomerMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('team_id', models.IntegerField(default=0, verbose_name='team')),
                ('region_id', models.IntegerField(default=0, verbose_name='region')),
                ('campaign_id', models.IntegerField(default=0, verbose_name='campaign')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=16, verbose_name='confirmed amount')),
                ('first_month', models.DateField(verbose_name='month of the first purchase')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='customers.customer', verbose_name='customer')),
            ],
            options={
                'verbose_name': 'customer month',
                'verbose_name_plural': 'customer months',
                'constraints': [models.UniqueConstraint(fields=('month', 'customer'), name='customermonth_unique')],
            },
        ),
    ]
