from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import Dossier, Status
from tests.dossiers.helpers import act


def _buttons(client: Client, dossier: Dossier) -> set[str]:
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.status_code == 200
    return {t.action for t, _form in response.context["action_forms"]}


def test_detail_shows_the_applicant_history_and_checklist(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.force_login(world.counter)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert "024090001234" in page
    assert "Tờ khai theo mẫu" in page
    assert "Lê Thị Mai" in page  # who received it, in the history


def test_each_persona_sees_only_the_actions_it_may_take(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.force_login(world.counter)
    counter = _buttons(client, dossier)
    assert {"assign", "request_supplement", "refuse", "withdraw"} <= counter
    client.force_login(world.leader)
    leader = _buttons(client, dossier)
    assert "assign" in leader
    assert "appraise" not in leader
    client.force_login(world.specialist)
    assert "appraise" not in _buttons(client, dossier)
    act(world.counter, dossier, "assign", assignee="specialist")
    assert "appraise" in _buttons(client, dossier)
    client.force_login(world.clerk)
    assert _buttons(client, dossier) == set()


def test_the_assign_form_offers_the_candidates(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.force_login(world.counter)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert '<option value="specialist">' in page
    assert '<option value="leader">' in page


def test_posting_an_action_moves_the_dossier(client: Client, world: Any, dossier: Dossier) -> None:
    client.force_login(world.counter)
    url = reverse("dossiers:act", args=[dossier.code])
    response = client.post(url, {"action": "assign", "assignee": "specialist", "note": "Gấp"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.ASSIGNED
    assert dossier.handler == world.specialist
    page = client.get(response["Location"]).content.decode()
    assert "Done: Assign." in page
    assert "Gấp" in page


def test_supplement_request_takes_one_item_per_line(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.force_login(world.counter)
    client.post(
        reverse("dossiers:act", args=[dossier.code]),
        {
            "action": "request_supplement",
            "missing": "Giấy khai sinh\n\nẢnh 3x4\n",
            "reason": "Thiếu",
        },
    )
    row = dossier.history.get(action="request_supplement")
    assert row.data["missing"] == ["Giấy khai sinh", "Ảnh 3x4"]
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Giấy khai sinh; Ảnh 3x4" in page


def test_a_refused_action_is_shown_and_changes_nothing(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.force_login(world.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code]), {"action": "appraise"}, follow=True
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert "not possible" in response.content.decode()


def test_a_form_error_is_shown_as_a_message(client: Client, world: Any, dossier: Dossier) -> None:
    client.force_login(world.counter)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code]),
        {"action": "refuse", "reason": ""},
        follow=True,
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert 'class="msg error"' in response.content.decode()


def test_a_stranger_gets_404_on_detail_and_act(
    client: Client, world: Any, dossier: Dossier
) -> None:
    client.force_login(world.stranger)
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404
    response = client.post(
        reverse("dossiers:act", args=[dossier.code]), {"action": "refuse", "reason": "x"}
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_the_receipt_prints_as_pdf(client: Client, world: Any, dossier: Dossier) -> None:
    client.force_login(world.counter)
    response = client.get(reverse("dossiers:printout", args=[dossier.code, "01"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("dossiers:printout", args=[dossier.code, "03"])).status_code == 404
