"""Focused service tests for the dense rules: intake, transitions, deadlines."""

from __future__ import annotations

from datetime import datetime

import pytest

from motcua.core.audit import audit_verify
from motcua.core.errors import DomainError, NotFound, TransitionNotAllowed
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.deadlines import Verdict, calendar_for_agency, limit_of, timeliness
from motcua.dossiers.inputs import ApplicantInput
from motcua.dossiers.models import Handover, Status, StatusChange
from motcua.dossiers.services import ActionForbidden

from .helpers import HUNG, act, receive, walk_to_returned

pytestmark = pytest.mark.django_db


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def test_intake_gives_code_due_time_history_and_audit(world):
    dossier = receive(world.counter, at=vn(2026, 2, 13, 10, 0))
    assert dossier.code == "000.21.24.H24-260213-0001"
    assert dossier.status == Status.RECEIVED
    # 3 working days across Tết 2026 (14–22 Feb off)
    assert dossier.due_at == vn(2026, 2, 25, 10, 0)
    assert dossier.documents.count() == 3
    assert [h.action for h in dossier.history.all()] == ["receive"]
    assert audit_verify().checked == 1


def test_codes_follow_each_other_and_restart_each_day(world):
    first = receive(world.counter, at=vn(2026, 3, 2, 8, 0))
    second = receive(world.counter, at=vn(2026, 3, 2, 9, 0))
    next_day = receive(world.counter, at=vn(2026, 3, 3, 9, 0))
    assert first.code.endswith("-260302-0001")
    assert second.code.endswith("-260302-0002")
    assert next_day.code.endswith("-260303-0001")


def test_after_cutoff_the_clock_starts_next_working_day(world):
    dossier = receive(world.counter, at=vn(2026, 3, 6, 15, 30))  # a Friday
    assert dossier.counted_from == vn(2026, 3, 9, 7, 30)
    assert dossier.due_at == vn(2026, 3, 12, 7, 30)


def test_intake_refuses_an_id_number_that_contradicts_the_birth_year(world):
    wrong = ApplicantInput(
        name="Nguyễn Văn Hùng",
        id_number="024090001234",
        birth_date=datetime(1991, 1, 1).date(),
        sex="male",
    )
    with pytest.raises(DomainError, match="1990"):
        receive(world.counter, applicant=wrong)
    assert not StatusChange.objects.exists()


def test_only_counter_officers_receive(world):
    with pytest.raises(ActionForbidden):
        receive(world.specialist)


def test_happy_path_reaches_returned_with_control_sheet(world):
    dossier = walk_to_returned(world, receive(world.counter))
    assert dossier.status == Status.RETURNED
    assert dossier.result_number == "12/2026/GCN"
    assert dossier.finished_at is not None and dossier.closed_at is not None
    actions = list(dossier.history.values_list("action", flat=True))
    assert actions == ["receive", "assign", "appraise", "approve", "sign", "issue", "return"]
    assert Handover.objects.filter(dossier=dossier).count() == 1
    assert dossier.timeliness in {Verdict.EARLY, Verdict.ON_TIME}
    assert audit_verify().broken_seq is None


def test_supplement_can_be_requested_only_once(world):
    dossier = receive(world.counter)
    dossier = act(world.counter, dossier, "request_supplement", missing=["Bản sao giấy khai sinh"])
    dossier = act(world.counter, dossier, "supplement")
    assert dossier.status == Status.RECEIVED
    with pytest.raises(TransitionNotAllowed, match="only once"):
        act(world.counter, dossier, "request_supplement", missing=["Ảnh 4x6"])


def test_supplement_waiting_time_is_added_to_the_due_time(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))  # Monday, due Thu 08:00
    assert dossier.due_at == vn(2026, 3, 5, 8, 0)
    act(world.counter, dossier, "request_supplement", missing=["Tờ khai"], at=vn(2026, 3, 2, 9, 0))
    dossier = act(world.counter, dossier, "supplement", at=vn(2026, 3, 3, 9, 0))
    # one full working day (8 office hours) of waiting pushes the due time a day
    assert dossier.due_at == vn(2026, 3, 6, 8, 0)
    assert dossier.status == Status.RECEIVED


def test_wrong_state_and_wrong_role_are_refused_and_write_nothing(world):
    dossier = receive(world.counter)
    with pytest.raises(TransitionNotAllowed):
        act(world.leader, dossier, "approve")
    with pytest.raises(ActionForbidden):
        act(world.clerk, dossier, "assign", assignee="specialist")
    assert StatusChange.objects.filter(dossier=dossier).count() == 1


def test_an_officer_of_another_commune_cannot_find_the_dossier(world):
    dossier = receive(world.counter)
    with pytest.raises(NotFound):
        act(world.stranger, dossier, "withdraw", reason="x")


def test_apology_only_before_the_due_time_and_later_date(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))
    dossier = act(world.counter, dossier, "assign", assignee="specialist", at=vn(2026, 3, 2, 9, 0))
    with pytest.raises(DomainError):
        act(
            world.leader,
            dossier,
            "apologize",
            reason="Chờ xác minh",
            new_due_at=vn(2026, 3, 4, 8, 0),
            at=vn(2026, 3, 3, 8, 0),
        )
    dossier = act(
        world.leader,
        dossier,
        "apologize",
        reason="Chờ xác minh",
        new_due_at=vn(2026, 3, 10, 8, 0),
        at=vn(2026, 3, 3, 8, 0),
    )
    assert dossier.extended_due_at == vn(2026, 3, 10, 8, 0)
    assert dossier.status == Status.ASSIGNED
    with pytest.raises(TransitionNotAllowed):
        act(
            world.leader,
            dossier,
            "apologize",
            reason="Lần nữa",
            new_due_at=vn(2026, 3, 20, 8, 0),
            at=vn(2026, 3, 11, 8, 0),
        )


def test_handover_to_the_department_moves_the_dossier(world):
    dossier = receive(world.counter, "2.000488")
    dossier = act(world.counter, dossier, "assign", assignee="deptspec")
    assert dossier.current_agency == world.department
    dossier = act(world.dept_specialist, dossier, "appraise")
    assert dossier.status == Status.APPRAISED
    # the commune leader no longer holds it
    with pytest.raises(ActionForbidden):
        act(world.leader, dossier, "approve")


def test_finished_late_is_late_even_after_an_apology(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))
    act(world.counter, dossier, "assign", assignee="specialist", at=vn(2026, 3, 2, 9, 0))
    act(
        world.leader,
        dossier,
        "apologize",
        reason="Chờ xác minh",
        new_due_at=vn(2026, 3, 10, 8, 0),
        at=vn(2026, 3, 4, 8, 0),
    )
    for actor, action, params, day in [
        (world.specialist, "appraise", {}, 6),
        (world.leader, "approve", {}, 6),
        (world.leader, "sign", {}, 6),
        (world.clerk, "issue", {"result_number": "1"}, 9),
    ]:
        dossier = act(actor, dossier, action, at=vn(2026, 3, day, 9, 0), **params)
    result = timeliness(
        received_at=dossier.received_at,
        limit=limit_of(dossier.procedure),
        history=list(dossier.history.all()),
        calendar=calendar_for_agency(dossier.receiving_agency),
        now=vn(2026, 3, 9, 10, 0),
    )
    assert result.verdict == Verdict.LATE


def test_refused_dossier_is_not_judged_on_time(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))
    dossier = act(
        world.counter, dossier, "refuse", reason="Không thuộc thẩm quyền", at=vn(2026, 3, 2, 9, 0)
    )
    assert dossier.status == Status.REFUSED
    result = timeliness(
        received_at=dossier.received_at,
        limit=limit_of(dossier.procedure),
        history=list(dossier.history.all()),
        calendar=calendar_for_agency(dossier.receiving_agency),
        now=vn(2026, 6, 1, 8, 0),
    )
    assert result.verdict is None


def test_incomplete_dossier_is_not_received(world):
    from motcua.dossiers.inputs import DocumentInput, IntakeInput
    from motcua.dossiers.services import dossier_receive

    with pytest.raises(DomainError, match="Tờ khai"):
        dossier_receive(
            actor=world.counter,
            data=IntakeInput(
                procedure_code="1.000894",
                applicant=HUNG,
                documents=(DocumentInput(name="Giấy tờ khác"),),
            ),
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "x" * 201}, "applicant_name"),
        ({"address": "y" * 301}, "applicant_address"),
        ({"email": "not-an-email"}, "applicant_email"),
        ({"name": "Nguyễn\x00Văn"}, "applicant_name"),
        ({"name": "   "}, "applicant_name"),
        ({"sex": "x"}, "applicant_sex"),
        (
            {"birth_date": datetime(2090, 1, 1).date(), "id_number": "024290001234"},
            "applicant_birth_date",
        ),
    ],
)
def test_intake_bounds_every_applicant_field(world, change, field):
    from dataclasses import replace

    with pytest.raises(DomainError) as caught:
        receive(world.counter, applicant=replace(HUNG, **change))
    assert caught.value.field == field
    assert not StatusChange.objects.exists()


def test_online_channel_is_not_taken_at_the_counter(world):
    from motcua.dossiers.inputs import IntakeInput
    from motcua.dossiers.services import dossier_receive

    with pytest.raises(DomainError, match="portal"):
        dossier_receive(
            actor=world.counter,
            data=IntakeInput(procedure_code="1.000894", applicant=HUNG, channel="2"),
        )


def test_result_number_too_long_is_refused_not_cut(world):
    dossier = receive(world.counter)
    for actor, action, params in [
        (world.counter, "assign", {"assignee": "specialist"}),
        (world.specialist, "appraise", {}),
        (world.leader, "approve", {}),
        (world.leader, "sign", {}),
    ]:
        dossier = act(actor, dossier, action, **params)
    with pytest.raises(DomainError, match="64"):
        act(world.clerk, dossier, "issue", result_number="9" * 65)


def test_apology_date_without_offset_is_read_as_vietnam_time(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))
    act(world.counter, dossier, "assign", assignee="specialist", at=vn(2026, 3, 2, 9, 0))
    dossier = act(
        world.leader,
        dossier,
        "apologize",
        reason="Chờ xác minh",
        new_due_at=datetime(2026, 3, 10, 8, 0),
        at=vn(2026, 3, 3, 8, 0),
    )
    assert dossier.extended_due_at == vn(2026, 3, 10, 8, 0)


def test_a_dossier_cannot_be_handed_over_outside_the_province(world):
    from motcua.units.models import AdministrativeUnit, Agency

    hanoi = AdministrativeUnit.objects.create(code="01", name="Hà Nội", level="province")
    far = Agency.objects.create(
        code="000.00.00.H26", name="UBND TP Hà Nội", kind="committee", unit=hanoi
    )
    dossier = act(world.counter, receive(world.counter), "assign", assignee="specialist")
    with pytest.raises(DomainError, match="province"):
        act(world.specialist, dossier, "hand_over", to_agency=far.code)
    assert not Handover.objects.filter(to_agency=far).exists()


def test_editing_the_procedure_later_does_not_move_the_promised_date(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))
    promised = dossier.due_at
    world.procedure.time_limit = 20
    world.procedure.save()
    dossier = act(world.counter, dossier, "assign", assignee="specialist", at=vn(2026, 3, 2, 9, 0))
    assert dossier.due_at == promised == vn(2026, 3, 5, 8, 0)


def test_a_supplement_asked_before_the_clock_starts_pauses_nothing_before_it(world):
    # received after the 15:00 cut-off: the clock starts next morning at 07:30
    dossier = receive(world.counter, at=vn(2026, 3, 2, 16, 0))
    assert dossier.counted_from == vn(2026, 3, 3, 7, 30)
    act(world.counter, dossier, "request_supplement", missing=["Tờ khai"], at=vn(2026, 3, 2, 16, 5))
    dossier = act(world.counter, dossier, "supplement", at=vn(2026, 3, 3, 7, 30))
    assert dossier.due_at == vn(2026, 3, 6, 7, 30)  # no minute credited for 16:05–17:00


def test_the_verdict_is_stored_and_the_control_sheet_agrees_with_it(world):
    dossier = receive(world.counter, at=vn(2026, 3, 2, 8, 0))  # due Thu 5 March 08:00
    steps = [
        (world.counter, "assign", {"assignee": "specialist"}, 2),
        (
            world.leader,
            "apologize",
            {"reason": "Chờ xác minh", "new_due_at": vn(2026, 3, 12, 8, 0)},
            4,
        ),
        (world.specialist, "hand_over", {"to_agency": world.department.code}, 9),
        (world.dept_specialist, "appraise", {}, 9),
    ]
    for actor, action, params, day in steps:
        dossier = act(actor, dossier, action, at=vn(2026, 3, day, 9, 0), **params)
    handed = Handover.objects.get(dossier=dossier, step="hand_over")
    # judged by the legal due time, not "early" by the apology's new date
    assert handed.verdict == Verdict.LATE
    assert dossier.timeliness == Verdict.LATE  # open and past due: already late


def test_two_supplement_requests_in_a_synced_history_count_as_late(world):
    from types import SimpleNamespace

    rows = [
        SimpleNamespace(action=a, at=vn(2026, 3, 2, h, 0))
        for a, h in [
            ("receive", 8),
            ("request_supplement", 9),
            ("supplement", 10),
            ("request_supplement", 11),
            ("supplement", 12),
            ("issue", 13),
        ]
    ]
    result = timeliness(
        received_at=vn(2026, 3, 2, 8, 0),
        limit=limit_of(world.procedure),
        history=rows,
        calendar=calendar_for_agency(world.centre),
        now=vn(2026, 3, 2, 14, 0),
    )
    assert result.verdict == Verdict.LATE
