"""People recorded as “công chức quốc phòng” or “công nhân viên quốc phòng” take the current
terms of the Law on Professional Servicemen, Defence Workers and Public Employees (2015):
“viên chức quốc phòng” and “công nhân quốc phòng”. Numbered ten past the next free number, to
stay clear of migrations written in parallel."""

from typing import Any

from django.db import migrations, models

RENAMED = {"cong_chuc": "vien_chuc", "cnv": "cong_nhan"}


def _rename(apps: Any, renamed: dict[str, str]) -> None:
    Person = apps.get_model("blocs", "Person")
    for old, new in renamed.items():
        Person.objects.filter(rank=old).update(rank=new)


def current_terms(apps: Any, schema_editor: Any) -> None:
    _rename(apps, RENAMED)


def former_terms(apps: Any, schema_editor: Any) -> None:
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('blocs', '0027_search_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='rank',
            field=models.CharField(choices=[('binh_nhi', 'Private'), ('binh_nhat', 'Private first class'), ('ha_si', 'Corporal'), ('trung_si', 'Sergeant'), ('thuong_si', 'Senior sergeant'), ('thieu_uy', 'Second lieutenant'), ('trung_uy', 'Lieutenant'), ('thuong_uy', 'Senior lieutenant'), ('dai_uy', 'Captain'), ('thieu_ta', 'Major'), ('trung_ta', 'Lieutenant colonel'), ('thuong_ta', 'Colonel'), ('dai_ta', 'Senior colonel'), ('thieu_tuong', 'Major general'), ('trung_tuong', 'Lieutenant general'), ('thuong_tuong', 'Colonel general'), ('dai_tuong', 'General'), ('cong_nhan', 'Defence worker'), ('vien_chuc', 'Defence public employee')], max_length=20, verbose_name='rank'),
        ),
        migrations.RunPython(current_terms, former_terms),
    ]
