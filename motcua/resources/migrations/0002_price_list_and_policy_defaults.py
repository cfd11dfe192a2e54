"""The price list's first rows and the policy row, so an administrator edits
rather than creates them. Prices are plausible 2026 samples (VND)."""

from django.db import migrations

PRICES = {
    "ram_upgrade": (1_200_000, "8 GB DDR4 module, fitted"),
    "ssd_upgrade": (1_500_000, "512 GB SSD, system moved"),
    "new_computer": (17_000_000, "Core i5, 16 GB, 512 GB SSD, licensed OS"),
    "scanner": (9_000_000, "A4 colour, 600 dpi, flatbed"),
    "fast_scanner": (28_000_000, "A4 colour, 600 dpi, duplex feeder, 40 ppm"),
    "printer": (6_500_000, "A4 mono laser, duplex"),
    "network_line": (12_000_000, "Dedicated government line: installation and first year"),
    "it_training": (8_000_000, "Basic IT administration and security course"),
}


def forwards(apps, schema_editor):
    PriceItem = apps.get_model("resources", "PriceItem")
    ResourcePolicy = apps.get_model("resources", "ResourcePolicy")
    for action, (price, description) in PRICES.items():
        PriceItem.objects.get_or_create(
            action=action, defaults={"price": price, "description": description}
        )
    ResourcePolicy.objects.get_or_create(pk=1)


def backwards(apps, schema_editor):
    apps.get_model("resources", "PriceItem").objects.filter(action__in=list(PRICES)).delete()
    apps.get_model("resources", "ResourcePolicy").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_registers")]

    operations = [migrations.RunPython(forwards, backwards)]
