"""The visits migrations 0001–0003 in one step, for new databases.

Made with squashmigrations, then each model created once with its fields, indexes and
constraints (every operation re-renders the models related to it, so fewer operations
make `migrate` on a new database much faster). A database that applied the migrations
it replaces records this one as applied; the replaced files stay until every database
has moved past them. Role groups are set after every migrate (crm/apps.py), not here.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from importlib import import_module

_default_visit_rules = import_module("visits.migrations.0002_default_visit_rules")


class Migration(migrations.Migration):

    replaces = [('visits', '0001_initial'), ('visits', '0002_default_visit_rules'), ('visits', '0003_roles')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('customers', '0003_default_survey_template'),
    ]

    operations = [
        migrations.CreateModel(
            name='Holiday',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True, verbose_name='date')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
            ],
            options={
                'verbose_name': 'holiday',
                'verbose_name_plural': 'holidays',
                'ordering': ['day'],
            },
        ),
        migrations.CreateModel(
            name='VisitRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visitor', models.CharField(choices=[('rep', 'Rep'), ('doctor', 'Service doctor')], max_length=10, verbose_name='who visits')),
                ('audience', models.CharField(choices=[('buyer', 'Buyer'), ('non_buyer', 'Non-buyer')], max_length=10, verbose_name='whom')),
                ('days', models.PositiveSmallIntegerField(help_text='The visit is due this many days after the card (or the first purchase).', verbose_name='days after the card')),
                ('purpose_zh_hans', models.CharField(max_length=200, verbose_name='purpose (Chinese)')),
                ('purpose_en', models.CharField(max_length=200, verbose_name='purpose (English)')),
                ('rule_code', models.CharField(blank=True, help_text='The written rule, e.g. VISIT-1.', max_length=20, verbose_name='rule ID')),
                ('is_active', models.BooleanField(default=True, help_text='Inactive rules make no new visits.', verbose_name='active')),
                ('applies_from', models.DateField(blank=True, help_text='Cards and purchases dated before this day do not get this visit (empty: all).', null=True, verbose_name='applies to cards from')),
            ],
            options={
                'verbose_name': 'visit rule',
                'verbose_name_plural': 'visit rules',
                'ordering': ['visitor', 'audience', 'days', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalHoliday',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('day', models.DateField(db_index=True, verbose_name='date')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical holiday',
                'verbose_name_plural': 'historical holidays',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalVisitRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('visitor', models.CharField(choices=[('rep', 'Rep'), ('doctor', 'Service doctor')], max_length=10, verbose_name='who visits')),
                ('audience', models.CharField(choices=[('buyer', 'Buyer'), ('non_buyer', 'Non-buyer')], max_length=10, verbose_name='whom')),
                ('days', models.PositiveSmallIntegerField(help_text='The visit is due this many days after the card (or the first purchase).', verbose_name='days after the card')),
                ('purpose_zh_hans', models.CharField(max_length=200, verbose_name='purpose (Chinese)')),
                ('purpose_en', models.CharField(max_length=200, verbose_name='purpose (English)')),
                ('rule_code', models.CharField(blank=True, help_text='The written rule, e.g. VISIT-1.', max_length=20, verbose_name='rule ID')),
                ('is_active', models.BooleanField(default=True, help_text='Inactive rules make no new visits.', verbose_name='active')),
                ('applies_from', models.DateField(blank=True, help_text='Cards and purchases dated before this day do not get this visit (empty: all).', null=True, verbose_name='applies to cards from')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical visit rule',
                'verbose_name_plural': 'historical visit rules',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='VisitTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visitor', models.CharField(choices=[('rep', 'Rep'), ('doctor', 'Service doctor')], max_length=10, verbose_name='who visits')),
                ('source', models.CharField(choices=[('card', 'Archive card'), ('purchase', 'First purchase'), ('adhoc', 'Planned visit')], max_length=10, verbose_name='made from')),
                ('anchor_on', models.DateField(blank=True, null=True, verbose_name='counted from')),
                ('days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='days')),
                ('due_on', models.DateField(verbose_name='due')),
                ('moved_from', models.DateField(blank=True, help_text='The original due date when a holiday brought the visit forward (VISIT-11).', null=True, verbose_name='moved from')),
                ('purpose', models.CharField(blank=True, max_length=300, verbose_name='visit purpose')),
                ('planned_method', models.CharField(blank=True, choices=[('phone', 'Phone'), ('home', 'Home visit'), ('store', 'Store visit'), ('other', 'Other')], max_length=10, verbose_name='planned method')),
                ('status', models.CharField(choices=[('open', 'To do'), ('done', 'Done'), ('superseded', 'Superseded'), ('cancelled', 'Cancelled')], default='open', max_length=12, verbose_name='status')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done')),
                ('done_late', models.BooleanField(default=False, verbose_name='done late')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                ('closed_why', models.JSONField(blank=True, default=dict, verbose_name='why closed')),
                ('created_at', models.DateTimeField(verbose_name='created')),
                ('assignee', models.ForeignKey(blank=True, help_text="Empty for a doctor's visit until a doctor holds the card.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='visit_tasks', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                ('card', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='visit_tasks', to='customers.archivecard', verbose_name='card')),
                ('created_by', models.ForeignKey(blank=True, help_text='Empty when the visit was made by a rule.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='planned by')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visit_tasks', to='customers.customer', verbose_name='customer')),
                ('rule', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='visits.visitrule', verbose_name='visit rule')),
            ],
            options={
                'verbose_name': 'visit task',
                'verbose_name_plural': 'visit tasks',
                'ordering': ['due_on', 'pk'],
                'permissions': [('view_visit_board', "Can see the daily board of reps' visits (VISIT-7)")],
            },
        ),
        migrations.CreateModel(
            name='VisitRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visited_at', models.DateTimeField(verbose_name='time of the visit')),
                ('method', models.CharField(choices=[('phone', 'Phone'), ('home', 'Home visit'), ('store', 'Store visit'), ('other', 'Other')], max_length=10, verbose_name='visit method')),
                ('met_whom', models.CharField(max_length=200, verbose_name='who was met')),
                ('discussed', models.TextField(verbose_name='what was discussed')),
                ('needs', models.TextField(blank=True, verbose_name="customer's needs")),
                ('service_opinion', models.TextField(blank=True, verbose_name='opinion of the service')),
                ('problems', models.TextField(blank=True, verbose_name='problems and suggestions')),
                ('next_step', models.TextField(verbose_name='next step')),
                ('next_on', models.DateField(blank=True, null=True, verbose_name='next visit on')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visit_records', to=settings.AUTH_USER_MODEL, verbose_name='visited by')),
                ('checkout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='visit_records', to='customers.cardcheckout', verbose_name='card check-out')),
                ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='visits.visitrecord', verbose_name='corrects')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visit_records', to='customers.customer', verbose_name='customer')),
                ('task', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='records', to='visits.visittask', verbose_name='visit task')),
            ],
            options={
                'verbose_name': 'visit record',
                'verbose_name_plural': 'visit records',
                'ordering': ['-visited_at', '-pk'],
                'indexes': [models.Index(fields=['customer', '-visited_at'], name='visit_record_customer_idx'), models.Index(fields=['author', '-visited_at'], name='visit_record_author_idx')],
                'constraints': [models.UniqueConstraint(fields=('corrects',), name='visit_record_corrected_once')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalVisitTask',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('visitor', models.CharField(choices=[('rep', 'Rep'), ('doctor', 'Service doctor')], max_length=10, verbose_name='who visits')),
                ('source', models.CharField(choices=[('card', 'Archive card'), ('purchase', 'First purchase'), ('adhoc', 'Planned visit')], max_length=10, verbose_name='made from')),
                ('anchor_on', models.DateField(blank=True, null=True, verbose_name='counted from')),
                ('days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='days')),
                ('due_on', models.DateField(verbose_name='due')),
                ('moved_from', models.DateField(blank=True, help_text='The original due date when a holiday brought the visit forward (VISIT-11).', null=True, verbose_name='moved from')),
                ('purpose', models.CharField(blank=True, max_length=300, verbose_name='visit purpose')),
                ('planned_method', models.CharField(blank=True, choices=[('phone', 'Phone'), ('home', 'Home visit'), ('store', 'Store visit'), ('other', 'Other')], max_length=10, verbose_name='planned method')),
                ('status', models.CharField(choices=[('open', 'To do'), ('done', 'Done'), ('superseded', 'Superseded'), ('cancelled', 'Cancelled')], default='open', max_length=12, verbose_name='status')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done')),
                ('done_late', models.BooleanField(default=False, verbose_name='done late')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                ('closed_why', models.JSONField(blank=True, default=dict, verbose_name='why closed')),
                ('created_at', models.DateTimeField(verbose_name='created')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('assignee', models.ForeignKey(blank=True, db_constraint=False, help_text="Empty for a doctor's visit until a doctor holds the card.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                ('card', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.archivecard', verbose_name='card')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, help_text='Empty when the visit was made by a rule.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='planned by')),
                ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('from_record', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='visits.visitrecord', verbose_name='follow-up of')),
                ('rule', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='visits.visitrule', verbose_name='visit rule')),
            ],
            options={
                'verbose_name': 'historical visit task',
                'verbose_name_plural': 'historical visit tasks',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='visittask',
            name='from_record',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='follow_ups', to='visits.visitrecord', verbose_name='follow-up of'),
        ),
        migrations.AddIndex(
            model_name='visittask',
            index=models.Index(fields=['assignee', 'status', 'due_on'], name='visit_task_mine_idx'),
        ),
        migrations.AddIndex(
            model_name='visittask',
            index=models.Index(fields=['status', 'due_on'], name='visit_task_due_idx'),
        ),
        migrations.AddIndex(
            model_name='visittask',
            index=models.Index(fields=['customer', 'status'], name='visit_task_customer_idx'),
        ),
        migrations.AddConstraint(
            model_name='visittask',
            constraint=models.UniqueConstraint(condition=models.Q(('source', 'card')), fields=('card', 'rule'), name='visit_task_once_per_card_rule'),
        ),
        migrations.AddConstraint(
            model_name='visittask',
            constraint=models.UniqueConstraint(condition=models.Q(('source', 'purchase')), fields=('customer', 'rule'), name='visit_task_once_per_purchase_rule'),
        ),
        migrations.AddConstraint(
            model_name='visittask',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('rule__isnull', True), ('source', 'adhoc')), models.Q(models.Q(('source', 'adhoc'), _negated=True), ('rule__isnull', False)), _connector='OR'), name='visit_task_rule_unless_adhoc'),
        ),
        migrations.AddConstraint(
            model_name='visittask',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), ('done_at__isnull', False), _connector='OR'), name='visit_task_done_has_time'),
        ),
        migrations.RunPython(
            code=_default_visit_rules.add_rules,
            reverse_code=migrations.RunPython.noop,
        ),
    ]
