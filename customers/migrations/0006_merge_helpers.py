# The merge of the customers work (search pieces, import progress, rule words, name index).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0004_customer_name_idx'),
        ('customers', '0004_importjob_progress_at'),
        ('customers', '0004_rule_words_help_text'),
        ('customers', '0005_paper_forms'),
    ]

    operations = [
    ]
