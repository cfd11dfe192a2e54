"""IT resources of the administrative units: equipment, IT staff, training,
digital-transformation budget, the targets readiness is measured against and
the price list the investment plan buys from.

Every register row belongs to an ``AdministrativeUnit`` (a commune, or the
province with its departments); a counter or an officer it is assigned to
must belong to an agency of the same unit (``clean()`` and the xlsx import
check it).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.units.models import AdministrativeUnit, Officer, OneStopCounter


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    BROKEN = "broken", _("Out of order")


# Equipment in these conditions is not counted as available.
UNAVAILABLE = frozenset({Condition.BROKEN})


class Equipment(models.Model):
    """What every piece of equipment (trang thiết bị) records."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("administrative unit"),
    )
    inventory_code = models.CharField(_("inventory code"), max_length=40, blank=True)
    model_name = models.CharField(_("make and model"), max_length=120, blank=True)
    counter = models.ForeignKey(
        OneStopCounter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("counter"),
    )
    purchase_year = models.PositiveSmallIntegerField(
        _("purchase year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.GOOD
    )
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["unit", "purchase_year", "id"]

    def __str__(self) -> str:
        return self.inventory_code or self.model_name or f"#{self.pk}"

    def clean(self) -> None:
        counter = self.counter
        if counter is not None and counter.agency.unit_id != self.unit_id:
            raise ValidationError({"counter": _("The counter belongs to another unit.")})

    @property
    def available(self) -> bool:
        return self.condition not in UNAVAILABLE


class Computer(Equipment):
    """Máy tính: a desktop or laptop used by the unit."""

    class CpuClass(models.TextChoices):
        ENTRY = "entry", _("Entry (Celeron, Pentium, Athlon)")
        MID = "mid", _("Mid-range (Core i3, Ryzen 3)")
        HIGH = "high", _("Performance (Core i5 and above, Ryzen 5 and above)")

    class DiskType(models.TextChoices):
        HDD = "hdd", "HDD"
        SSD = "ssd", "SSD"

    cpu_class = models.CharField(_("CPU class"), max_length=8, choices=CpuClass.choices)
    ram_gb = models.PositiveSmallIntegerField(_("RAM (GB)"))
    disk_type = models.CharField(_("system disk"), max_length=4, choices=DiskType.choices)
    disk_gb = models.PositiveIntegerField(_("disk size (GB)"))
    os = models.CharField(_("operating system"), max_length=60, blank=True)
    officer = models.ForeignKey(
        Officer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned officer"),
    )

    class Meta(Equipment.Meta):
        verbose_name = _("computer")
        verbose_name_plural = _("computers")
        indexes = [models.Index(fields=["unit", "purchase_year"])]

    def clean(self) -> None:
        super().clean()
        if self.officer is not None and self.officer.agency.unit_id != self.unit_id:
            raise ValidationError({"officer": _("The officer works for another unit.")})


class Printer(Equipment):
    """Máy in."""

    colour = models.BooleanField(_("colour"), default=False)
    duplex = models.BooleanField(_("duplex"), default=False)
    pages_per_minute = models.PositiveSmallIntegerField(_("pages per minute"), default=20)

    class Meta(Equipment.Meta):
        verbose_name = _("printer")
        verbose_name_plural = _("printers")


class Scanner(Equipment):
    """Máy quét: digitization needs colour at 200 dpi at least (Decree 30/2020, Appendix I)."""

    max_dpi = models.PositiveSmallIntegerField(_("maximum resolution (dpi)"))
    colour = models.BooleanField(_("colour"), default=True)
    duplex = models.BooleanField(_("duplex"), default=False)
    pages_per_minute = models.PositiveSmallIntegerField(_("pages per minute"), default=10)
    feeder = models.BooleanField(_("automatic document feeder"), default=False)

    class Meta(Equipment.Meta):
        verbose_name = _("scanner")
        verbose_name_plural = _("scanners")


class NetworkLink(Equipment):
    """Đường truyền: the dedicated government data network (mạng truyền số liệu
    chuyên dùng) or an ordinary Internet line."""

    dedicated = models.BooleanField(_("dedicated government line"), default=False)
    bandwidth_mbps = models.PositiveIntegerField(_("bandwidth (Mbit/s)"))
    provider = models.CharField(_("provider"), max_length=80, blank=True)

    class Meta(Equipment.Meta):
        verbose_name = _("network link")
        verbose_name_plural = _("network links")


class VideoEndpoint(Equipment):
    """Điểm cầu truyền hình trực tuyến: a video-conference endpoint."""

    class Meta(Equipment.Meta):
        verbose_name = _("video-conference endpoint")
        verbose_name_plural = _("video-conference endpoints")


class ItStaff(models.Model):
    """Cán bộ công nghệ thông tin: who looks after the unit's IT."""

    class Kind(models.TextChoices):
        DEDICATED = "dedicated", _("Dedicated IT officer")
        PART_TIME = "part_time", _("Alongside other work")

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    full_name = models.CharField(_("full name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    officer = models.ForeignKey(
        Officer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("officer account"),
    )
    qualification = models.CharField(_("qualification"), max_length=120, blank=True)

    class Meta:
        ordering = ["unit", "full_name"]
        verbose_name = _("IT staff member")
        verbose_name_plural = _("IT staff")

    def __str__(self) -> str:
        return self.full_name


class Training(models.Model):
    """Bồi dưỡng: a training course someone of the unit followed."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    full_name = models.CharField(_("trainee"), max_length=120)
    course = models.CharField(_("course"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)

    class Meta:
        ordering = ["unit", "-completed_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return f"{self.full_name}: {self.course}"


class UnitBudget(models.Model):
    """Dự toán chi thường xuyên: a unit's recurrent budget for one year."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    recurrent_total = models.PositiveBigIntegerField(_("recurrent budget (VND)"))

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_budget_year")]
        verbose_name = _("unit budget")
        verbose_name_plural = _("unit budgets")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class SpendingLine(models.Model):
    """A digital-transformation spending line (chi chuyển đổi số) of a budget year."""

    class Category(models.TextChoices):
        HARDWARE = "hardware", _("Hardware")
        SOFTWARE = "software", _("Software and services")
        NETWORK = "network", _("Network")
        SECURITY = "security", _("Information security")
        TRAINING = "training", _("Training")
        DIGITIZATION = "digitization", _("Digitization of records")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        COMMITTED = "committed", _("Committed")
        SPENT = "spent", _("Spent")

    budget = models.ForeignKey(
        UnitBudget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)

    class Meta:
        ordering = ["budget", "category", "id"]
        verbose_name = _("digital-transformation spending line")
        verbose_name_plural = _("digital-transformation spending lines")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ResourcePolicy(models.Model):
    """The targets readiness is measured against and the investment plan's
    benefit weights (one row, pk 1). See docs/resources.md for their meaning."""

    # --- readiness targets
    computers_per_officer = models.DecimalField(
        _("target computers per officer"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.30"),
        validators=[MinValueValidator(0)],
    )
    min_ram_gb = models.PositiveSmallIntegerField(_("minimum RAM (GB)"), default=8)
    ssd_required = models.BooleanField(_("SSD system disk required"), default=True)
    max_age_years = models.PositiveSmallIntegerField(_("maximum computer age (years)"), default=6)
    max_weak_share = models.DecimalField(
        _("maximum share of computers below specification (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=PERCENT,
    )
    scanner_min_dpi = models.PositiveSmallIntegerField(_("scanner minimum dpi"), default=200)
    scanner_colour_required = models.BooleanField(_("scanner must scan in colour"), default=True)
    budget_share_percent = models.DecimalField(
        _("digital-transformation share of the recurrent budget (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=PERCENT,
    )
    workload_window_days = models.PositiveSmallIntegerField(
        _("workload window (days)"), default=90, validators=[MinValueValidator(7)]
    )
    # --- benefit model
    reference_dossiers_per_officer_day = models.DecimalField(
        _("reference dossiers per officer per working day"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("4.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    weight_load = models.DecimalField(
        _("workload weight: dossiers per officer"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    weight_late = models.DecimalField(
        _("workload weight: late rate"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    weight_backlog = models.DecimalField(
        _("workload weight: digitization backlog"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0)],
    )
    counter_factor = models.DecimalField(
        _("factor for equipment at a counter"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=[MinValueValidator(0)],
    )
    value_ram = models.PositiveSmallIntegerField(_("benefit points: RAM fixed"), default=30)
    value_ssd = models.PositiveSmallIntegerField(_("benefit points: SSD fixed"), default=40)
    value_age = models.PositiveSmallIntegerField(
        _("benefit points: old machine replaced"), default=30
    )
    value_cpu = models.PositiveSmallIntegerField(
        _("benefit points: entry CPU replaced"), default=20
    )
    value_extra_computer = models.PositiveSmallIntegerField(
        _("benefit points: computer added towards the target"), default=60
    )
    value_scanner = models.PositiveSmallIntegerField(
        _("benefit points: compliant scanner at a counter"), default=100
    )
    value_printer = models.PositiveSmallIntegerField(
        _("benefit points: printer at a counter without one"), default=25
    )
    value_network = models.PositiveSmallIntegerField(
        _("benefit points: dedicated network line"), default=80
    )
    value_it_training = models.PositiveSmallIntegerField(
        _("benefit points: IT training where no dedicated IT officer"), default=50
    )
    old_upgrade_factor = models.DecimalField(
        _("factor for upgrading a machine past the maximum age"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("resource policy")
        verbose_name_plural = _("resource policy")

    def __str__(self) -> str:
        return str(_("Targets and benefit model"))


class PriceItem(models.Model):
    """The price list the investment plan buys from (VND, tax included)."""

    class Action(models.TextChoices):
        RAM_UPGRADE = "ram_upgrade", _("RAM upgrade")
        SSD_UPGRADE = "ssd_upgrade", _("SSD upgrade")
        NEW_COMPUTER = "new_computer", _("New computer")
        SCANNER = "scanner", _("Colour scanner, 200 dpi or more")
        FAST_SCANNER = "fast_scanner", _("Fast colour scanner with feeder")
        PRINTER = "printer", _("Printer")
        NETWORK_LINE = "network_line", _("Dedicated network line (installation and first year)")
        IT_TRAINING = "it_training", _("IT training course")

    action = models.CharField(_("action"), max_length=16, choices=Action.choices, unique=True)
    price = models.PositiveBigIntegerField(_("price (VND)"))
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["action"]
        verbose_name = _("price")
        verbose_name_plural = _("price list")

    def __str__(self) -> str:
        return str(self.get_action_display())
