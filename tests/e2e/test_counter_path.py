"""The counter's main path in a real browser: Debian's Chromium driven by Playwright.

Log in, receive a dossier through the intake form, move it through every
role to "returned", then look it up on the public page as a citizen would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.models import Dossier, Status

from ..conftest import PASSWORD
from .conftest import CHROMIUM, IN_CI, NO_CHROMIUM

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not IN_CI, reason=NO_CHROMIUM),
]


def login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action$='/login/'] button")
    page.wait_for_url(re.compile(r".*/dossiers/$"))


def act(page: Any, base: str, code: str, action: str, **fields: str) -> None:
    page.goto(f"{base}/dossiers/{code}/")
    block = page.locator(f"details.action-{action}")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    for name, value in fields.items():
        control = block.locator(f"[name={name}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    block.locator("button").click()
    page.wait_for_load_state()


def test_counter_receives_and_returns_a_dossier_then_the_public_finds_it(
    world, live_server, browser
):
    base = live_server.url
    page = browser.new_page()

    login(page, base, "counter")
    page.click("a[href$='/dossiers/new/']")
    page.fill("#id_q", "dang ky ket hon")
    page.click("form.filters button")
    page.click("text=Đăng ký kết hôn")
    page.fill("#id_applicant_name", "Nguyễn Văn Hùng")
    page.fill("#id_applicant_id", "024090001234")
    page.fill("#id_applicant_birth_date", "17/05/1990")
    page.select_option("#id_applicant_sex", "male")
    page.click("form.intake .actions-bar button")
    page.wait_for_url(re.compile(r".*/dossiers/000\.21\.24\.H24-\d{6}-0001/$"))
    code = Dossier.objects.get().code
    assert code in page.inner_text("h1")

    act(page, base, code, "assign", assignee="specialist")
    for user, action, fields in [
        ("specialist", "appraise", {}),
        ("leader", "approve", {}),
        ("leader", "sign", {}),
        ("clerk", "issue", {"result_number": "15/2026/KH"}),
        ("counter", "return", {}),
    ]:
        login(page, base, user)
        act(page, base, code, action, **fields)
    assert Dossier.objects.get().status == Status.RETURNED

    page.context.clear_cookies()
    page.goto(f"{base}/tra-cuu/")
    page.fill("#id_code", code)
    page.fill("#id_last4", "1234")  # the last digits of 024090001234 unlock the name
    page.click("form.lookup button")
    text = page.inner_text("main")
    assert code in text
    assert "Nguyễn V. H." in text and "Văn Hùng" not in text
    assert "Đã trả kết quả" in text  # "result returned", in the default language
