"""The deals migrations 0001–0002 in one step, for new databases.

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


class Migration(migrations.Migration):

    replaces = [('deals', '0001_initial'), ('deals', '0002_deal_cancellation')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('customers', '0003_default_survey_template'),
    ]

    operations = [
        migrations.CreateModel(
            name='CreditReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewed_on', models.DateField(verbose_name='reviewed on')),
                ('grade', models.CharField(choices=[('good', 'Good'), ('watch', 'Watch'), ('poor', 'Poor')], max_length=8, verbose_name='credit grade')),
                ('note', models.TextField(verbose_name='visit note')),
                ('next_review_on', models.DateField(verbose_name='next review')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='credit_reviews', to='customers.customer', verbose_name='customer')),
                ('reviewed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
            ],
            options={
                'verbose_name': 'credit review',
                'verbose_name_plural': 'credit reviews',
                'ordering': ['-reviewed_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Deal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('status', models.CharField(choices=[('open', 'Open'), ('cancelled', 'Cancelled')], default='open', max_length=12, verbose_name='status')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('total', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='total')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deals', to='customers.customer', verbose_name='customer')),
                ('rep', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deals_closed', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                ('cancel_reason', models.CharField(blank=True, max_length=1000, verbose_name='reason for cancelling')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                ('cancelled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cancelled by')),
            ],
            options={
                'verbose_name': 'deal',
                'verbose_name_plural': 'deals',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['customer', '-created_at'], name='deal_customer_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('total__gte', 0)), name='deal_total_not_negative')],
            },
        ),
        migrations.CreateModel(
            name='DealLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('product', models.CharField(max_length=200, verbose_name='product')),
                ('quantity', models.PositiveIntegerField(verbose_name='quantity')),
                ('unit_price', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='unit price')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                ('deal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='deals.deal', verbose_name='deal')),
            ],
            options={
                'verbose_name': 'deal line',
                'verbose_name_plural': 'deal lines',
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='dealline_quantity_positive'), models.CheckConstraint(condition=models.Q(('unit_price__gt', 0)), name='dealline_price_positive'), models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='dealline_amount_positive')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCreditReview',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('reviewed_on', models.DateField(verbose_name='reviewed on')),
                ('grade', models.CharField(choices=[('good', 'Good'), ('watch', 'Watch'), ('poor', 'Poor')], max_length=8, verbose_name='credit grade')),
                ('note', models.TextField(verbose_name='visit note')),
                ('next_review_on', models.DateField(verbose_name='next review')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
            ],
            options={
                'verbose_name': 'historical credit review',
                'verbose_name_plural': 'historical credit reviews',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCustomerTier',
            fields=[
                ('tier', models.CharField(choices=[('vip', 'VIP'), ('special_vip', 'Special VIP'), ('a', 'A'), ('b', 'B'), ('c', 'C')], default='c', max_length=12, verbose_name='tier')),
                ('confirmed_total', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='confirmed in the window')),
                ('active_months', models.PositiveSmallIntegerField(default=0, verbose_name='months with payments')),
                ('window_start', models.DateField(blank=True, null=True, verbose_name='window from')),
                ('window_end', models.DateField(blank=True, null=True, verbose_name='window to')),
                ('rule', models.CharField(blank=True, max_length=20, verbose_name='rule ID')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                ('computed_at', models.DateTimeField(blank=True, null=True, verbose_name='last computed at')),
                ('computed_grade', models.CharField(choices=[('good', 'Good'), ('watch', 'Watch'), ('poor', 'Poor')], default='good', max_length=8, verbose_name='computed credit grade')),
                ('overdue_amount', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='overdue receivable')),
                ('grade_params', models.JSONField(blank=True, default=dict, verbose_name='credit parameters')),
                ('override_grade', models.CharField(blank=True, choices=[('good', 'Good'), ('watch', 'Watch'), ('poor', 'Poor')], max_length=8, verbose_name='credit override')),
                ('override_reason', models.TextField(blank=True, verbose_name='override reason')),
                ('override_at', models.DateTimeField(blank=True, null=True, verbose_name='overridden at')),
                ('last_review_on', models.DateField(blank=True, null=True, verbose_name='last credit review')),
                ('next_review_on', models.DateField(blank=True, null=True, verbose_name='next credit review')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('override_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='overridden by')),
            ],
            options={
                'verbose_name': 'historical customer tier',
                'verbose_name_plural': 'historical customer tiers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDeal',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('status', models.CharField(choices=[('open', 'Open'), ('cancelled', 'Cancelled')], default='open', max_length=12, verbose_name='status')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('total', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='total')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rep', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                ('cancel_reason', models.CharField(blank=True, max_length=1000, verbose_name='reason for cancelling')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                ('cancelled_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cancelled by')),
            ],
            options={
                'verbose_name': 'historical deal',
                'verbose_name_plural': 'historical deals',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDealLine',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('product', models.CharField(max_length=200, verbose_name='product')),
                ('quantity', models.PositiveIntegerField(verbose_name='quantity')),
                ('unit_price', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='unit price')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('deal', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='deals.deal', verbose_name='deal')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical deal line',
                'verbose_name_plural': 'historical deal lines',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPayment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('method', models.CharField(choices=[('transfer', 'Bank transfer'), ('cash', 'Cash'), ('card', 'Bank card'), ('wechat', 'WeChat Pay'), ('alipay', 'Alipay')], max_length=12, verbose_name='method')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('status', models.CharField(choices=[('pending', 'Pending confirmation'), ('confirmed', 'Confirmed'), ('refunded', 'Refunded'), ('cancelled', 'Cancelled')], default='pending', max_length=12, verbose_name='status')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='refunded or cancelled at')),
                ('reason', models.TextField(blank=True, verbose_name='refund or cancellation reason')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('closed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='refunded or cancelled by')),
                ('confirmed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by')),
                ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer')),
                ('deal', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='deals.deal', verbose_name='deal')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'historical payment',
                'verbose_name_plural': 'historical payments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('method', models.CharField(choices=[('transfer', 'Bank transfer'), ('cash', 'Cash'), ('card', 'Bank card'), ('wechat', 'WeChat Pay'), ('alipay', 'Alipay')], max_length=12, verbose_name='method')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('status', models.CharField(choices=[('pending', 'Pending confirmation'), ('confirmed', 'Confirmed'), ('refunded', 'Refunded'), ('cancelled', 'Cancelled')], default='pending', max_length=12, verbose_name='status')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='refunded or cancelled at')),
                ('reason', models.TextField(blank=True, verbose_name='refund or cancellation reason')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='refunded or cancelled by')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='customers.customer', verbose_name='customer')),
                ('deal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='deals.deal', verbose_name='deal')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'payment',
                'verbose_name_plural': 'payments',
                'ordering': ['-received_on', '-pk'],
                'permissions': [('confirm_payment', 'Can confirm, refund and cancel payments')],
                'indexes': [models.Index(fields=['status', 'recorded_at'], name='payment_status_idx'), models.Index(fields=['customer', 'status', 'received_on'], name='payment_cust_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_amount_positive')],
            },
        ),
        migrations.CreateModel(
            name='CustomerTier',
            fields=[
                ('customer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tier', serialize=False, to='customers.customer', verbose_name='customer')),
                ('tier', models.CharField(choices=[('vip', 'VIP'), ('special_vip', 'Special VIP'), ('a', 'A'), ('b', 'B'), ('c', 'C')], default='c', max_length=12, verbose_name='tier')),
                ('confirmed_total', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='confirmed in the window')),
                ('active_months', models.PositiveSmallIntegerField(default=0, verbose_name='months with payments')),
                ('window_start', models.DateField(blank=True, null=True, verbose_name='window from')),
                ('window_end', models.DateField(blank=True, null=True, verbose_name='window to')),
                ('rule', models.CharField(blank=True, max_length=20, verbose_name='rule ID')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                ('computed_at', models.DateTimeField(blank=True, null=True, verbose_name='last computed at')),
                ('computed_grade', models.CharField(choices=[('good', 'Good'), ('watch', 'Watch'), ('poor', 'Poor')], default='good', max_length=8, verbose_name='computed credit grade')),
                ('overdue_amount', models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='overdue receivable')),
                ('grade_params', models.JSONField(blank=True, default=dict, verbose_name='credit parameters')),
                ('override_grade', models.CharField(blank=True, choices=[('good', 'Good'), ('watch', 'Watch'), ('poor', 'Poor')], max_length=8, verbose_name='credit override')),
                ('override_reason', models.TextField(blank=True, verbose_name='override reason')),
                ('override_at', models.DateTimeField(blank=True, null=True, verbose_name='overridden at')),
                ('last_review_on', models.DateField(blank=True, null=True, verbose_name='last credit review')),
                ('next_review_on', models.DateField(blank=True, null=True, verbose_name='next credit review')),
                ('override_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='overridden by')),
            ],
            options={
                'verbose_name': 'customer tier',
                'verbose_name_plural': 'customer tiers',
                'permissions': [('override_credit', 'Can override credit grades and record reviews')],
                'indexes': [models.Index(fields=['next_review_on'], name='tier_next_review_idx')],
            },
        ),
    ]
