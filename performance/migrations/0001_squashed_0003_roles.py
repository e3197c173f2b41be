"""The performance migrations 0001–0003 in one step, for new databases.

Made with squashmigrations, then each model created once with its fields, indexes and
constraints (every operation re-renders the models related to it, so fewer operations
make `migrate` on a new database much faster). A database that applied the migrations
it replaces records this one as applied; the replaced files stay until every database
has moved past them. Role groups are set after every migrate (crm/apps.py), not here.
"""

import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from importlib import import_module

_default_point_items = import_module("performance.migrations.0002_default_point_items")


class Migration(migrations.Migration):

    replaces = [('performance', '0001_initial'), ('performance', '0002_default_point_items'), ('performance', '0003_roles')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('deals', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClosedMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text="The month's first day.", unique=True, verbose_name='month')),
                ('closed_at', models.DateTimeField(verbose_name='closed at')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='rule parameters')),
                ('points_statements', models.PositiveIntegerField(default=0, verbose_name='points statements')),
                ('commission_statements', models.PositiveIntegerField(default=0, verbose_name='commission statements')),
            ],
            options={
                'verbose_name': 'closed month',
                'verbose_name_plural': 'closed months',
                'ordering': ['-month'],
            },
        ),
        migrations.CreateModel(
            name='CommissionStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('rate', models.DecimalField(decimal_places=4, max_digits=7, verbose_name='commission rate')),
                ('payments_total', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='confirmed payments')),
                ('reversed_total', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='refunded or cancelled payments')),
                ('commission', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='commission')),
                ('lines_count', models.PositiveIntegerField(verbose_name='lines')),
                ('rule', models.CharField(max_length=20, verbose_name='rule ID')),
                ('params', models.JSONField(default=dict, verbose_name='rule parameters')),
                ('closed_at', models.DateTimeField(verbose_name='closed at')),
                ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='paid at')),
                ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='paid by')),
                ('rep', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commission_statements', to=settings.AUTH_USER_MODEL, verbose_name='rep')),
            ],
            options={
                'verbose_name': 'commission statement',
                'verbose_name_plural': 'commission statements',
                'ordering': ['-month', 'rep_id'],
                'permissions': [('view_own_commission', 'Can see their own commission'), ('view_all_commission', 'Can see every commission statement'), ('pay_commission', 'Can mark commission statements paid')],
                'indexes': [models.Index(fields=['month', 'paid_at'], name='commission_month_idx')],
                'constraints': [models.UniqueConstraint(fields=('rep', 'month'), name='commission_once_per_month'), models.CheckConstraint(condition=models.Q(('paid_at__isnull', True), ('paid_by__isnull', False), _connector='OR'), name='commission_paid_by_someone')],
            },
        ),
        migrations.CreateModel(
            name='CommissionLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('credit', 'Payment confirmed'), ('reversal', 'Refunded or cancelled')], max_length=10, verbose_name='kind')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='payment amount')),
                ('rate', models.DecimalField(decimal_places=4, max_digits=7, verbose_name='commission rate')),
                ('commission', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='commission')),
                ('at', models.DateTimeField(verbose_name='when')),
                ('payment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commission_lines', to='deals.payment', verbose_name='payment')),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='performance.commissionstatement', verbose_name='statement')),
            ],
            options={
                'verbose_name': 'commission line',
                'verbose_name_plural': 'commission lines',
                'ordering': ['at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('payment', 'kind'), name='commission_line_once')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCommissionStatement',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('rate', models.DecimalField(decimal_places=4, max_digits=7, verbose_name='commission rate')),
                ('payments_total', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='confirmed payments')),
                ('reversed_total', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='refunded or cancelled payments')),
                ('commission', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='commission')),
                ('lines_count', models.PositiveIntegerField(verbose_name='lines')),
                ('rule', models.CharField(max_length=20, verbose_name='rule ID')),
                ('params', models.JSONField(default=dict, verbose_name='rule parameters')),
                ('closed_at', models.DateTimeField(verbose_name='closed at')),
                ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='paid at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('paid_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='paid by')),
                ('rep', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='rep')),
            ],
            options={
                'verbose_name': 'historical commission statement',
                'verbose_name_plural': 'historical commission statements',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPointItem',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(help_text='A short identifier that never changes, e.g. late-30.', max_length=40, verbose_name='code')),
                ('name_zh', models.CharField(max_length=100, verbose_name='name (Chinese)')),
                ('name_en', models.CharField(max_length=100, verbose_name='name (English)')),
                ('points', models.SmallIntegerField(help_text='Negative for a deduction, positive for a reward.', verbose_name='points')),
                ('fine', models.DecimalField(decimal_places=2, default=Decimal('0.00'), help_text='Money deducted with the points; 0 for none. Rewards carry no fine.', max_digits=14, verbose_name='fine (yuan)')),
                ('active', models.BooleanField(default=True, help_text='Only active items can be recorded.', verbose_name='active')),
                ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical point item',
                'verbose_name_plural': 'historical point items',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PointItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='A short identifier that never changes, e.g. late-30.', max_length=40, unique=True, verbose_name='code')),
                ('name_zh', models.CharField(max_length=100, verbose_name='name (Chinese)')),
                ('name_en', models.CharField(max_length=100, verbose_name='name (English)')),
                ('points', models.SmallIntegerField(help_text='Negative for a deduction, positive for a reward.', verbose_name='points')),
                ('fine', models.DecimalField(decimal_places=2, default=Decimal('0.00'), help_text='Money deducted with the points; 0 for none. Rewards carry no fine.', max_digits=14, verbose_name='fine (yuan)')),
                ('active', models.BooleanField(default=True, help_text='Only active items can be recorded.', verbose_name='active')),
                ('sort_order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
            ],
            options={
                'verbose_name': 'point item',
                'verbose_name_plural': 'point items',
                'ordering': ['sort_order', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('fine__gte', 0)), name='pointitem_fine_not_negative'), models.CheckConstraint(condition=models.Q(('fine', 0), ('points', 0), _negated=True), name='pointitem_points_or_fine'), models.CheckConstraint(condition=models.Q(('points__lte', 0), ('fine', 0), _connector='OR'), name='pointitem_reward_without_fine')],
            },
        ),
        migrations.CreateModel(
            name='PointEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('item_name_zh', models.CharField(max_length=100, verbose_name='item (Chinese)')),
                ('item_name_en', models.CharField(max_length=100, verbose_name='item (English)')),
                ('points', models.SmallIntegerField(verbose_name='points')),
                ('fine', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='fine (yuan)')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('voided_at', models.DateTimeField(blank=True, null=True, verbose_name='voided at')),
                ('void_reason', models.TextField(blank=True, verbose_name='reason for voiding')),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='point_events', to=settings.AUTH_USER_MODEL, verbose_name='employee')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('voided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='voided by')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='performance.pointitem', verbose_name='item')),
            ],
            options={
                'verbose_name': 'point event',
                'verbose_name_plural': 'point events',
                'ordering': ['date', 'pk'],
                'permissions': [('view_own_points', 'Can see their own points'), ('view_team_points', 'Can see the points of the people they lead'), ('void_pointevent', 'Can void point events of the people they lead')],
                'indexes': [models.Index(fields=['employee', 'date'], name='pointevent_employee_idx'), models.Index(fields=['date'], name='pointevent_date_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('void_reason', ''), ('voided_at__isnull', True)), models.Q(('voided_at__isnull', False), models.Q(('void_reason', ''), _negated=True)), _connector='OR'), name='pointevent_void_has_reason')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalPointEvent',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('item_name_zh', models.CharField(max_length=100, verbose_name='item (Chinese)')),
                ('item_name_en', models.CharField(max_length=100, verbose_name='item (English)')),
                ('points', models.SmallIntegerField(verbose_name='points')),
                ('fine', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='fine (yuan)')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('voided_at', models.DateTimeField(blank=True, null=True, verbose_name='voided at')),
                ('void_reason', models.TextField(blank=True, verbose_name='reason for voiding')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('employee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='employee')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('voided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='voided by')),
                ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='performance.pointitem', verbose_name='item')),
            ],
            options={
                'verbose_name': 'historical point event',
                'verbose_name_plural': 'historical point events',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PointStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('start_points', models.SmallIntegerField(verbose_name='starting points')),
                ('points', models.IntegerField(verbose_name='points from events')),
                ('end_points', models.IntegerField(verbose_name='points at month end')),
                ('events_count', models.PositiveIntegerField(verbose_name='counted events')),
                ('bonus', models.DecimalField(decimal_places=2, help_text='Positive: a bonus; negative: a penalty.', max_digits=14, verbose_name='bonus or penalty')),
                ('fines_total', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='fines')),
                ('rule', models.CharField(max_length=20, verbose_name='rule ID')),
                ('params', models.JSONField(default=dict, verbose_name='rule parameters')),
                ('closed_at', models.DateTimeField(verbose_name='closed at')),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='point_statements', to=settings.AUTH_USER_MODEL, verbose_name='employee')),
            ],
            options={
                'verbose_name': 'points statement',
                'verbose_name_plural': 'points statements',
                'ordering': ['-month', 'employee_id'],
                'indexes': [models.Index(fields=['month'], name='pointstatement_month_idx')],
                'constraints': [models.UniqueConstraint(fields=('employee', 'month'), name='pointstatement_once_per_month')],
            },
        ),
        migrations.RunPython(
            code=_default_point_items.create_items,
            reverse_code=migrations.RunPython.noop,
        ),
    ]
