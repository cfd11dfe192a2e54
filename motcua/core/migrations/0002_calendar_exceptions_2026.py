"""Seed the 2026 civil-service day swap as calendar exceptions.

The government moved the working day of Monday 31 August 2026 to Saturday
22 August 2026. The ``holidays`` package already lists 31 August as a day
off but knows nothing of worked Saturdays, so 22 August must be data.
31 August is seeded too so that the swap is visible, and editable, as a pair.
"""

import datetime

from django.db import migrations

SWAP_2026 = [
    (datetime.date(2026, 8, 22), "work", "Làm bù cho ngày nghỉ thứ Hai 31/8/2026"),
    (datetime.date(2026, 8, 31), "off", "Nghỉ bù, đổi với ngày làm thứ Bảy 22/8/2026"),
]


def seed(apps, schema_editor):
    CalendarException = apps.get_model("core", "CalendarException")
    for day, kind, note in SWAP_2026:
        CalendarException.objects.update_or_create(date=day, defaults={"kind": kind, "note": note})


def unseed(apps, schema_editor):
    CalendarException = apps.get_model("core", "CalendarException")
    for day, kind, _note in SWAP_2026:
        CalendarException.objects.filter(date=day, kind=kind).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
