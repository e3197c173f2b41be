# The merge of the pool work (several pools, protection, plain-word reasons).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('pools', '0005_ownership_reasons_in_plain_words'),
        ('pools', '0006_claims_index'),
        ('pools', '0007_ownership_tier_row'),
    ]

    operations = [
    ]
