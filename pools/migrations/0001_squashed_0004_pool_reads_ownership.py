"""The pools migrations 0001–0004 in one step, for new databases.

Made with squashmigrations, then each model created once with its fields, indexes and
constraints (every operation re-renders the models related to it, so fewer operations
make `migrate` on a new database much faster). A database that applied the migrations
it replaces records this one as applied; the replaced files stay until every database
has moved past them. Role groups are set after every migrate (crm/apps.py), not here.

0004's data step (customers nobody owned get their ownership row) is left out: a new
database has no customers.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('pools', '0001_initial'), ('pools', '0002_ownership_first_sale_at_ownership_last_sale_at'), ('pools', '0003_pool_release_notes'), ('pools', '0004_pool_reads_ownership')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('customers', '0001_initial'),
        ('customers', '0003_default_survey_template'),
    ]

    operations = [
        migrations.CreateModel(
            name='OwnershipChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('new', 'New customer, not yet owned (POOL-5)'), ('first_contact', 'First contact (POOL-1)'), ('assignment', 'Assigned by the sales manager (INTAKE-5)'), ('first_deal', 'First deal (POOL-2)'), ('referral', 'Referral (POOL-4)'), ('claim', 'Claimed from the pool (POOL-5)'), ('transfer', 'Transfer (HAND-2)'), ('handover', "Handover of a leaver's customers (HAND-3)"), ('release', 'Released to the pool (POOL-6)'), ('expiry_no_deal', 'No deal within the first-contact period (POOL-1)'), ('expiry_no_sale', 'No sale for three months (POOL-3)')], max_length=20, verbose_name='by rule')),
                ('rule', models.CharField(max_length=20, verbose_name='rule ID')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='rule parameters')),
                ('changed_at', models.DateTimeField(verbose_name='changed')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('changed_by', models.ForeignKey(blank=True, help_text='Empty when the change was automatic.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ownership_changes', to='customers.customer', verbose_name='customer')),
                ('from_owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='from')),
                ('to_owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='to')),
            ],
            options={
                'verbose_name': 'ownership change',
                'verbose_name_plural': 'ownership changes',
                'ordering': ['-changed_at', '-pk'],
                'indexes': [models.Index(fields=['customer', '-changed_at'], name='ownchange_customer_idx')],
            },
        ),
        migrations.CreateModel(
            name='ReleaseNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rule', models.CharField(max_length=20, verbose_name='rule ID')),
                ('status', models.TextField(blank=True, verbose_name='customer status')),
                ('contact_details', models.TextField(blank=True, verbose_name='contact details')),
                ('progress', models.TextField(blank=True, verbose_name='how far talks went')),
                ('created_at', models.DateTimeField(verbose_name='created')),
                ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='completed')),
                ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='release_notes', to='customers.customer', verbose_name='customer')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='release_notes', to=settings.AUTH_USER_MODEL, verbose_name='last owner')),
            ],
            options={
                'verbose_name': 'release note',
                'verbose_name_plural': 'release notes',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(condition=models.Q(('completed_at__isnull', True)), fields=['owner', '-created_at'], name='releasenote_pending_idx')],
            },
        ),
        migrations.CreateModel(
            name='Ownership',
            fields=[
                ('customer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='ownership', serialize=False, to='customers.customer', verbose_name='customer')),
                ('since', models.DateTimeField(verbose_name='since')),
                ('reason', models.CharField(choices=[('new', 'New customer, not yet owned (POOL-5)'), ('first_contact', 'First contact (POOL-1)'), ('assignment', 'Assigned by the sales manager (INTAKE-5)'), ('first_deal', 'First deal (POOL-2)'), ('referral', 'Referral (POOL-4)'), ('claim', 'Claimed from the pool (POOL-5)'), ('transfer', 'Transfer (HAND-2)'), ('handover', "Handover of a leaver's customers (HAND-3)"), ('release', 'Released to the pool (POOL-6)'), ('expiry_no_deal', 'No deal within the first-contact period (POOL-1)'), ('expiry_no_sale', 'No sale for three months (POOL-3)')], max_length=20, verbose_name='by rule')),
                ('rule', models.CharField(max_length=20, verbose_name='rule ID')),
                ('is_referral', models.BooleanField(default=False, verbose_name='referral')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='owned_customers', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                ('first_sale_at', models.DateTimeField(blank=True, null=True, verbose_name='first confirmed sale')),
                ('last_sale_at', models.DateTimeField(blank=True, null=True, verbose_name='last confirmed sale')),
            ],
            options={
                'verbose_name': 'ownership',
                'verbose_name_plural': 'ownerships',
                'indexes': [models.Index(fields=['owner', '-since'], name='ownership_owner_idx'), models.Index(condition=models.Q(('owner__isnull', False)), fields=['last_sale_at'], name='ownership_owned_sale_idx'), models.Index(condition=models.Q(('owner__isnull', True)), fields=['-since', '-customer'], name='ownership_pool_idx')],
            },
        ),
    ]
