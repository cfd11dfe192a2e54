"""The local population registry, and the accounts citizens sign in with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.citizens.registry import masked


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class RegistryPerson(models.Model):
    """Công dân trong cơ sở dữ liệu dân cư: one person of the local population registry.

    Stands in for the national population database where motcua has no link
    to it (the demo, tests, an offline commune); filled by ``motcua
    registry-import``. Read through ``citizens.registry.LocalRegistry`` only.
    """

    id_number = models.CharField(_("personal ID number"), max_length=12, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    # The name without accents, lower case (core.lib.text.fold): found however it is typed.
    name_search = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    permanent_address = models.CharField(_("permanent address"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id_number"]
        verbose_name = _("registry person")
        verbose_name_plural = _("registry people")

    def __str__(self) -> str:
        # The full number is personal data: only its province part in logs and lists.
        return f"{self.id_number[:3]}…{self.id_number[-2:]}"


class SignInMethod(models.TextChoices):
    VNEID = "vneid", _("VNeID")
    PASSWORD = "password", _("Password (demo)")


class Citizen(models.Model):
    """Tài khoản công dân: a person's account on the citizen pages.

    One per personal ID number, tied to its own auth user, which is never an
    officer's. Created at the first sign-in (through the e-ID provider, whose
    ID-number claim is the identity) or by the demo; written only through
    ``citizens.services``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen"
    )
    id_number = models.CharField(_("personal ID number"), max_length=12, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    sign_in_method = models.CharField(
        _("signed in with"), max_length=10, choices=SignInMethod.choices
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    # The channels the citizen chose for news of their dossiers (portal.notifications).
    # Both on by default: opening an account changes nothing of what a citizen
    # without one receives (each channel whose contact the dossier records).
    notify_by_email = models.BooleanField(_("notify by e-mail"), default=True)
    notify_by_sms = models.BooleanField(_("notify by SMS"), default=True)

    class Meta:
        ordering = ["id_number"]
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")

    def __str__(self) -> str:
        return masked(self.id_number)


class DemoEidIdentity(models.Model):
    """Danh tính điện tử mô phỏng: an identity of the stand-in e-ID provider.

    The demo and the tests sign in at ``/eid-demo/`` as one of these; the
    provider puts ``id_number`` in the ID-number claim. It is the provider's
    record, not motcua's: the citizen account is made from the claims. The
    number is kept as given (tests give malformed ones on purpose).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_eid_identity"
    )
    id_number = models.CharField(_("personal ID number"), max_length=20, blank=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("demo e-ID identity")
        verbose_name_plural = _("demo e-ID identities")

    def __str__(self) -> str:
        return masked(self.id_number)
