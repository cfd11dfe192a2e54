"""Notifications to applicants: e-mail to a real SMTP server, SMS through the logging port.

Sent only after the change commits, on the five events an applicant cares
about, in Vietnamese, on the channels the citizen chose; a mail server that is
down fails the notification, never the change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from motcua.citizens.models import Citizen
from motcua.citizens.services import CitizenIdentity, citizen_demo_account_ensure
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.models import Dossier, Status
from motcua.portal import notifications
from motcua.portal.models import Notification, NotificationChannel, NotificationStatus
from motcua.portal.notifications import notification_recipients, notification_send
from tests.dossiers.helpers import HUNG, act, receive
from tests.notifications.conftest import Inbox, Received, free_port

HUNG_MAIL = replace(HUNG, email="hung@example.vn")
HUNG_MAIL_ONLY = replace(HUNG, email="hung@example.vn", phone="")
LOOKUP = "http://motcua.test/tra-cuu/?code="


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.MOTCUA_SITE_URL = "http://motcua.test"


@pytest.fixture
def after_commit(
    django_capture_on_commit_callbacks: Any, smtp_server: Inbox
) -> Callable[[Callable[[], Any]], tuple[Any, list[Received]]]:
    """Run ``change`` and then its on-commit callbacks; return its value and the new mail."""

    def run(change: Callable[[], Any]) -> tuple[Any, list[Received]]:
        before = len(smtp_server.messages)
        with django_capture_on_commit_callbacks(execute=True):
            value = change()
            # Nothing leaves before the commit.
            assert len(smtp_server.messages) == before
        return value, smtp_server.messages[before:]

    return run


@pytest.fixture
def sms_log(caplog: pytest.LogCaptureFixture) -> Callable[[], list[logging.LogRecord]]:
    """The records of the ``motcua.sms`` logger so far in the test."""
    caplog.set_level(logging.INFO, logger="motcua.sms")
    return lambda: [r for r in caplog.records if r.name == "motcua.sms"]


def hung_account(**choices: bool) -> Citizen:
    citizen = citizen_demo_account_ensure(
        identity=CitizenIdentity(id_number=HUNG.id_number, full_name=HUNG.name),
        password="demo-citizen-pw-2026",
    )
    Citizen.objects.filter(pk=citizen.pk).update(**choices)
    citizen.refresh_from_db()
    return citizen


# --- the five events, by e-mail -------------------------------------------------------


def test_each_event_a_citizen_cares_about_is_emailed_after_commit(world, after_commit) -> None:
    dossier, mail = after_commit(
        lambda: receive(world.counter, at=vn(2026, 3, 2, 8, 0), applicant=HUNG_MAIL_ONLY)
    )
    code = dossier.code
    [received] = mail
    assert received.rcpt_tos == ["hung@example.vn"]
    assert received.subject == f"Hồ sơ {code} đã được tiếp nhận"
    assert received.message["From"] == "Một cửa Đèo Gia <motcua@deogia.example>"
    for text in [
        "Kính gửi ông/bà Nguyễn Văn Hùng,",
        "Hồ sơ “Đăng ký kết hôn” của ông/bà đã được tiếp nhận lúc 02/03/2026 08:00.",
        "Ngày hẹn trả kết quả: 05/03/2026 08:00.",
        f"Mã hồ sơ: {code}",
        "Nơi tiếp nhận: Trung tâm PVHCC xã Đèo Gia",
        f"Tra cứu tình trạng hồ sơ: {LOOKUP}{code}",
    ]:
        assert text in received.body

    _, [supplement] = after_commit(
        lambda: act(
            world.counter,
            dossier,
            "request_supplement",
            missing=["Bản sao giấy khai sinh", "Ảnh 4x6 <mới>"],
            reason="Tờ khai thiếu chữ ký",
            at=vn(2026, 3, 2, 10, 0),
        )
    )
    assert supplement.subject == f"Hồ sơ {code} cần bổ sung, hoàn thiện"
    assert "  - Bản sao giấy khai sinh\n  - Ảnh 4x6 <mới>\n" in supplement.body  # not escaped
    assert "Lý do: Tờ khai thiếu chữ ký" in supplement.body

    at = vn(2026, 3, 2, 11, 0)
    _, quiet = after_commit(lambda: act(world.counter, dossier, "supplement", at=at))
    assert quiet == []
    _, quiet = after_commit(
        lambda: act(world.counter, dossier, "assign", assignee="specialist", at=at)
    )
    assert quiet == []

    _, [apology] = after_commit(
        lambda: act(
            world.leader,
            dossier,
            "apologize",
            reason="Chờ xác minh của Sở Tư pháp",
            new_due_at=vn(2026, 3, 10, 8, 0),
            at=vn(2026, 3, 3, 8, 0),
        )
    )
    assert apology.subject == f"Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}"
    assert "Lý do: Chờ xác minh của Sở Tư pháp" in apology.body
    assert "Ngày hẹn trả kết quả mới: 10/03/2026 08:00." in apology.body

    for actor, action in [(world.specialist, "appraise"), (world.leader, "approve")]:
        act(actor, dossier, action, at=vn(2026, 3, 4, 8, 0))
    act(world.leader, dossier, "sign", at=vn(2026, 3, 4, 9, 0))
    _, [result] = after_commit(
        lambda: act(
            world.clerk, dossier, "issue", result_number="12/2026/GCN", at=vn(2026, 3, 4, 15, 30)
        )
    )
    assert result.subject == f"Hồ sơ {code} đã có kết quả"
    assert "đã có kết quả (số 12/2026/GCN) lúc 04/03/2026 15:30." in result.body
    assert "Mời ông/bà đến nhận kết quả tại Trung tâm PVHCC xã Đèo Gia" in result.body

    _, quiet = after_commit(lambda: act(world.counter, dossier, "return"))
    assert quiet == []
    rows = Notification.objects.filter(dossier=dossier).order_by("id")
    assert [(n.event, n.channel, n.status) for n in rows] == [
        (event, "email", "sent")
        for event in ["received", "supplement_requested", "apologized", "result_ready"]
    ]
    assert all(n.sent_at is not None and n.error == "" for n in rows)


def test_a_refusal_is_emailed_with_its_reason(world, after_commit) -> None:
    dossier = receive(world.counter, applicant=HUNG_MAIL_ONLY)
    _, [refusal] = after_commit(
        lambda: act(
            world.counter,
            dossier,
            "refuse",
            reason="Thủ tục không thuộc thẩm quyền của xã",
            at=vn(2026, 3, 2, 9, 15),
        )
    )
    assert refusal.rcpt_tos == ["hung@example.vn"]
    assert refusal.subject == f"Hồ sơ {dossier.code} bị từ chối giải quyết"
    assert "không được giải quyết (ngày 02/03/2026 09:15)" in refusal.body
    assert "Lý do: Thủ tục không thuộc thẩm quyền của xã" in refusal.body


def test_a_change_that_is_rolled_back_sends_nothing(world, after_commit) -> None:
    def receive_then_fail() -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            receive(world.counter, applicant=HUNG_MAIL)
            raise RuntimeError("the caller gives up")

    _, mail = after_commit(receive_then_fail)
    assert mail == []
    assert not Notification.objects.exists()


# --- SMS ---------------------------------------------------------------------------


def test_an_sms_goes_through_the_logging_port(world, after_commit, sms_log) -> None:
    dossier, mail = after_commit(lambda: receive(world.counter, at=vn(2026, 3, 2, 8, 0)))
    assert mail == []  # no address was given
    [record] = sms_log()
    assert record.getMessage() == (
        f"SMS to 0912***678: Hồ sơ {dossier.code} (Đăng ký kết hôn) đã được tiếp nhận, "
        f"hẹn trả kết quả 05/03/2026 08:00. Tra cứu: {LOOKUP}{dossier.code}"
    )
    assert record.sms_phone == "0912345678"  # type: ignore[attr-defined]
    row = Notification.objects.get(dossier=dossier)
    assert (row.channel, row.recipient, row.status) == ("sms", "0912345678", "sent")


def test_the_sms_of_a_supplement_request_lists_the_missing_items(
    world, after_commit, sms_log
) -> None:
    dossier = receive(world.counter)
    after_commit(
        lambda: act(world.counter, dossier, "request_supplement", missing=["Ảnh 4x6", "Sổ hộ khẩu"])
    )
    [record] = sms_log()
    assert f"Hồ sơ {dossier.code} cần bổ sung: Ảnh 4x6; Sổ hộ khẩu." in record.getMessage()


# --- the citizen's choice -----------------------------------------------------------


def test_the_citizen_turns_email_off_and_gets_only_the_sms(
    world, client: Client, settings, after_commit, sms_log
) -> None:
    citizen = hung_account()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(citizen.user)
    page = client.get(reverse("citizen:home")).content.decode()
    assert 'name="by_email" checked' in page and 'name="by_sms" checked' in page

    response = client.post(reverse("citizen:notifications"), {"by_sms": "on"}, follow=True)
    assert "Your notification choices have been saved." in response.content.decode()
    citizen.refresh_from_db()
    assert (citizen.notify_by_email, citizen.notify_by_sms) == (False, True)

    dossier, mail = after_commit(lambda: receive(world.counter, applicant=HUNG_MAIL))
    assert mail == []
    assert sms_log()
    assert list(Notification.objects.filter(dossier=dossier).values_list("channel", flat=True)) == [
        "sms"
    ]


def test_with_sms_off_only_the_email_goes_to_the_accounts_address(
    world, after_commit, sms_log
) -> None:
    citizen = hung_account(notify_by_sms=False)
    Citizen.objects.filter(pk=citizen.pk).update(email="hung.vneid@example.vn")
    # The dossier records a phone number but no address: the account's address is used.
    _, [mail] = after_commit(lambda: receive(world.counter))
    assert mail.rcpt_tos == ["hung.vneid@example.vn"]
    assert not sms_log()


def test_without_an_account_every_channel_with_a_contact_is_used(world) -> None:
    both = Dossier(applicant_id=HUNG.id_number, applicant_email="a@b.vn", applicant_phone="09 1")
    assert [(r.channel, r.address) for r in notification_recipients(both, None)] == [
        (NotificationChannel.EMAIL, "a@b.vn"),
        (NotificationChannel.SMS, "091"),
    ]
    assert notification_recipients(Dossier(applicant_id=HUNG.id_number), None) == []


def test_only_a_signed_in_citizen_can_change_the_channels(world, client: Client) -> None:
    citizen = hung_account()
    url = reverse("citizen:notifications")
    assert client.post(url, {}).status_code == 302  # anonymous: back to the sign-in page
    client.force_login(world.counter)
    assert client.post(url, {}).status_code == 302
    assert client.get(url).status_code == 405
    citizen.refresh_from_db()
    assert (citizen.notify_by_email, citizen.notify_by_sms) == (True, True)


# --- failures ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_fails_the_notification_not_the_change(
    world, smtp_settings, sms_log
) -> None:
    smtp_settings.EMAIL_PORT = free_port()  # nobody listens there
    # Autocommit: each change commits, then its notifications are sent (inline in tests).
    dossier = receive(world.counter, applicant=HUNG_MAIL)
    act(world.counter, dossier, "refuse", reason="Không thuộc thẩm quyền")
    assert Dossier.objects.get(code=dossier.code).status == Status.REFUSED
    failed = Notification.objects.filter(dossier=dossier, channel="email").order_by("id")
    assert [(n.event, n.status) for n in failed] == [("received", "failed"), ("refused", "failed")]
    assert all("ConnectionRefusedError" in n.error and n.sent_at is None for n in failed)
    sms = Notification.objects.filter(dossier=dossier, channel="sms")
    assert {n.status for n in sms} == {NotificationStatus.SENT}


def test_a_text_that_cannot_be_rendered_is_recorded_and_the_change_goes_on(
    world, after_commit, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: Any) -> None:
        raise ValueError("template broken")

    monkeypatch.setattr(notifications, "notification_render", broken)
    dossier, mail = after_commit(lambda: receive(world.counter, applicant=HUNG_MAIL_ONLY))
    assert mail == []
    row = Notification.objects.get(dossier=dossier)
    assert (row.status, row.error) == ("failed", "ValueError: template broken")


def test_a_notification_is_sent_once_even_if_its_job_runs_twice(world, smtp_server) -> None:
    dossier = receive(world.counter, applicant=HUNG_MAIL_ONLY)  # callbacks not run: pending
    row = Notification.objects.get(dossier=dossier)
    assert row.status == NotificationStatus.PENDING
    assert notification_send(notification_id=row.pk) is not None
    assert notification_send(notification_id=row.pk) is None
    assert len(smtp_server.messages) == 1


def test_notifications_whose_job_was_lost_are_sent_when_the_server_starts_again(
    world, smtp_server, django_capture_on_commit_callbacks
) -> None:
    dossier = receive(world.counter, applicant=HUNG_MAIL_ONLY)  # callbacks not run: "lost"
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notifications_resume_pending() == 1
    assert Notification.objects.get(dossier=dossier).status == NotificationStatus.SENT
    assert [m.subject for m in smtp_server.messages] == [f"Hồ sơ {dossier.code} đã được tiếp nhận"]
    assert notifications.notifications_resume_pending() == 0
