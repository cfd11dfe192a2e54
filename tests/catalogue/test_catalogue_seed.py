"""The sample catalogue: Project 06 services, common procedures, Decree 63 bundles."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.catalogue.models import Bundle, BundleDocumentLink, Procedure, RequiredDocument
from motcua.catalogue.seed import OTHERS, PROJECT06, catalogue_seed
from motcua.core.models import AuditEntry
from motcua.dossiers.bundles import bundle_procedures, produced_in_bundle
from motcua.units.models import AdministrativeUnit, Agency, Role

from .conftest import catalogue_snapshot, table_counts

pytestmark = pytest.mark.django_db


def test_seed_writes_the_25_project06_services_and_at_least_20_others(seeded: int) -> None:
    numbers = sorted(
        p.project06_number for p in Procedure.objects.all() if p.project06_number is not None
    )
    assert numbers == list(range(1, 26))
    assert Procedure.objects.filter(project06_number__isnull=True).count() >= 20
    assert seeded == Procedure.objects.count() == len(PROJECT06) + len(OTHERS)


def test_seed_codes_are_unique() -> None:
    codes = [row.code for row in PROJECT06 + OTHERS]
    assert len(codes) == len(set(codes))


def test_seed_is_idempotent(seeded: int) -> None:
    counts, snapshot = table_counts(), catalogue_snapshot()
    document_ids = set(RequiredDocument.objects.values_list("id", flat=True))

    assert catalogue_seed() == seeded

    counts["AuditEntry"] += 1  # every run is recorded
    assert table_counts() == counts
    assert catalogue_snapshot() == snapshot
    # Rows are updated in place, so dossiers keep their links to the checklist.
    assert set(RequiredDocument.objects.values_list("id", flat=True)) == document_ids


def test_every_procedure_has_documents_results_and_steps_that_share_100(seeded: int) -> None:
    order = [Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.CLERK]
    for procedure in Procedure.objects.prefetch_related(
        "steps", "required_documents", "result_documents"
    ):
        steps = list(procedure.steps.all())
        assert procedure.required_documents.all(), procedure.code
        assert procedure.result_documents.all(), procedure.code
        assert [s.role for s in steps] == order, procedure.code
        assert sum(s.share_percent for s in steps) == 100, procedure.code


def test_every_seeded_row_is_sample_and_searchable(seeded: int) -> None:
    assert not Procedure.objects.filter(is_sample=False).exists()
    assert not Bundle.objects.filter(is_sample=False).exists()
    assert not Procedure.objects.filter(name_search="").exists()


def test_seed_uses_the_rules_a_counter_needs(seeded: int) -> None:
    birth = Procedure.objects.get(code="1.001193")
    assert birth.time_limit_unit == Procedure.LimitUnit.SAME_DAY and birth.time_limit == 0
    assert birth.cutoff_hour is not None and birth.cutoff_hour.hour == 15
    assert Procedure.objects.filter(time_limit_unit=Procedure.LimitUnit.WORKING_HOURS).exists()
    assert Procedure.objects.filter(fee=0).exists() and Procedure.objects.filter(fee__gt=0).exists()
    assert Procedure.objects.filter(level=Procedure.Level.PROVINCE).exists()
    assert RequiredDocument.objects.filter(
        reusable_from_store=True, name__startswith="Thẻ căn cước"
    ).exists()
    assert RequiredDocument.objects.filter(reusable_from_store=True, name="Giấy khai sinh").exists()


def test_decree63_bundles_link_their_procedures(seeded: int) -> None:
    birth = Bundle.objects.get(project06_number=15)
    death = Bundle.objects.get(project06_number=16)
    assert birth.time_limit_days == 3
    assert set(birth.procedures.values_list("name", flat=True)) == {
        "Đăng ký khai sinh",
        "Đăng ký thường trú",
        "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    }
    assert death.procedures.count() == 3
    assert death.procedures.filter(name="Đăng ký khai tử").exists()


def test_what_a_bundle_issues_itself_is_not_asked_of_the_applicant(seeded: int) -> None:
    """The child's birth certificate comes from the birth registration, the death extract
    from the death registration: every link of the sample bundles names a checklist item
    that exists."""
    found = {}
    for bundle in Bundle.objects.all():
        for item_id, source in produced_in_bundle(bundle, bundle_procedures(bundle)).items():
            item = RequiredDocument.objects.select_related("procedure").get(pk=item_id)
            found[(bundle.code, item.procedure.code, item.name)] = source.code
    assert found == {
        ("LT-KHAISINH", "1.007802", "Giấy khai sinh"): "1.001193",
        ("LT-KHAITU", "1.001731", "Trích lục khai tử"): "1.000656",
        (
            "LT-KHAITU",
            "1.004213",
            "Giấy tờ chứng minh thuộc trường hợp xóa đăng ký thường trú",
        ): "1.000656",
    }
    # Seeding again keeps one row per link.
    catalogue_seed()
    assert BundleDocumentLink.objects.count() == 3


def test_competent_agency_comes_from_the_mapping_or_the_province_agency(db: None) -> None:
    province = AdministrativeUnit.objects.create(code="24", name="Bắc Ninh", level="province")
    committee = Agency.objects.create(
        code="000.00.00.H24", name="UBND tỉnh Bắc Ninh", kind="committee", unit=province
    )
    justice = Agency.objects.create(
        code="000.07.00.H24", name="Sở Tư pháp", kind="department", unit=province
    )

    catalogue_seed(province_agency=committee, agencies_by_authority={"Sở Tư pháp": justice})

    assert Procedure.objects.get(code="2.000488").competent_agency == justice
    assert Procedure.objects.get(code="2.002136").competent_agency == committee
    assert Procedure.objects.get(code="1.001193").competent_agency is None
    assert Procedure.objects.get(code="1.001193").competent_authority == "UBND cấp xã"


def test_seed_command_reports_the_count(db: None) -> None:
    out = StringIO()
    call_command("catalogue_seed", stdout=out)
    assert f"{len(PROJECT06) + len(OTHERS)} procedures" in out.getvalue()
    assert AuditEntry.objects.filter(action="catalogue.seed").count() == 1
