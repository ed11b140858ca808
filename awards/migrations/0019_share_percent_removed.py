from django.db import migrations


class Migration(migrations.Migration):
    """The rounded percentage goes once 0018 has turned every share into a fraction."""

    dependencies = [("awards", "0018_rules_current_sources")]

    operations = [migrations.RemoveField(model_name="awardrule", name="share_percent")]
