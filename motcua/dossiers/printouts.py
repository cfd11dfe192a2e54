"""Printed forms of Circular 03/2025/TT-VPCP, Appendix I, as PDF.

Each form is a Django template under ``dossiers/printouts/`` rendered by
WeasyPrint in the layout of Decree 30/2020, Appendix I (A4 portrait, serif,
national title top right), with a QR code (ISO/IEC 18004) top left as
Circular 01/2023 asks of issued papers.

QR payload: one line of compact JSON in UTF-8, keys in this order::

    {"v":1,"dossier":"<dossier code>","procedure":"<procedure code>",
     "owner":"<applicant ID number or tax code>","document":"<document name>"}

``v`` is the payload version, bumped if keys change; ``document`` is the name
of the form printed (e.g. "Giấy tiếp nhận hồ sơ và hẹn trả kết quả").
"""

from __future__ import annotations

import enum
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import segno
import weasyprint
from django.template.loader import render_to_string

from motcua.catalogue.models import Procedure
from motcua.core.lib.vndate import place_name, vn_place_date, vn_time
from motcua.dossiers.models import (
    ApplicantKind,
    Delivery,
    Dossier,
    Handover,
    StatusChange,
)
from motcua.units.selectors import person_name

_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "dossiers" / "printouts"


class FormNo(enum.StrEnum):
    """Form numbers of Circular 03/2025/TT-VPCP, Appendix I."""

    RECEIPT = "01"
    SUPPLEMENT = "02"
    REFUSAL = "03"
    APOLOGY = "04"
    STOP = "05"
    CONTROL_SHEET = "06"


# Official names of the forms: document names, so not translated.
FORM_TITLES: dict[FormNo, str] = {
    FormNo.RECEIPT: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    FormNo.SUPPLEMENT: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    FormNo.REFUSAL: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    FormNo.APOLOGY: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    FormNo.STOP: "Thông báo dừng giải quyết hồ sơ",
    FormNo.CONTROL_SHEET: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}

# The history action that gives rise to each event form; the others always apply.
_EVENT_ACTIONS: dict[FormNo, str] = {
    FormNo.SUPPLEMENT: "request_supplement",
    FormNo.REFUSAL: "refuse",
    FormNo.APOLOGY: "apologize",
    FormNo.STOP: "stop",
}

_VERDICTS: dict[str, str] = {
    Handover.Verdict.EARLY: "Sớm hạn",
    Handover.Verdict.ON_TIME: "Đúng hạn",
    Handover.Verdict.LATE: "Quá hạn",
}

_LIMIT_UNITS: dict[str, str] = {
    Procedure.LimitUnit.WORKING_DAYS: "ngày làm việc",
    Procedure.LimitUnit.WORKING_HOURS: "giờ làm việc",
}


def printout_available(dossier: Dossier) -> list[FormNo]:
    """The forms that make sense for the dossier's history, in form order."""
    done = set(
        dossier.history.filter(action__in=_EVENT_ACTIONS.values()).values_list("action", flat=True)
    )
    return [form for form in FormNo if form not in _EVENT_ACTIONS or _EVENT_ACTIONS[form] in done]


def printout_qr_payload(dossier: Dossier, *, form: FormNo = FormNo.RECEIPT) -> str:
    """The QR text of a printed form; format in the module docstring."""
    payload = {
        "v": 1,
        "dossier": dossier.code,
        "procedure": dossier.procedure.code,
        "owner": dossier.applicant_id,
        "document": FORM_TITLES[form],
    }
    # Raw UTF-8 rather than \\u escapes: a Vietnamese name costs half the modules.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def printout_render(
    *, dossier: Dossier, form: FormNo, context: dict[str, Any] | None = None
) -> bytes:
    """The form as PDF bytes.

    ``context`` adds to or overrides the computed template context: e.g.
    ``register_book`` and ``copy_label`` (01), ``contact`` (02), ``signer``
    (04, 05), ``place_date``.
    """
    html = render_to_string(
        f"dossiers/printouts/form_{form}.html", _context(dossier, form) | (context or {})
    )
    # Everything is inline (CSS, SVG): refusing every protocol but data: keeps
    # rendering off the network whatever a template or a stored value holds.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    document = weasyprint.HTML(string=html, base_url=str(_TEMPLATE_DIR), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()  # bytes, as no target is given
    return pdf


def _context(dossier: Dossier, form: FormNo) -> dict[str, Any]:
    event = _latest_event(dossier, form)
    return {
        "dossier": dossier,
        "form": form,
        "title": FORM_TITLES[form],
        "issuer": dossier.receiving_agency.name,
        "place_date": _place_date(dossier, event.at if event else dossier.received_at),
        "qr_svg": _qr_svg(printout_qr_payload(dossier, form=form)),
        "salutation": _salutation(dossier),
        "received_text": vn_time(dossier.received_at),
        "event": event,
        "event_by": person_name(event.actor if event else None),
        **_FORM_CONTEXT[form](dossier, event),
    }


def _latest_event(dossier: Dossier, form: FormNo) -> StatusChange | None:
    action = _EVENT_ACTIONS.get(form)
    if action is None:
        return None
    return dossier.history.filter(action=action).order_by("-at", "-id").first()


def _place_date(dossier: Dossier, moment: datetime) -> str:
    # vndate shows Vietnam time whatever TIME_ZONE says: the paper is Vietnamese.
    return vn_place_date(place_name(dossier.receiving_agency.province.name), moment)


def _qr_svg(payload: str) -> str:
    # Error level M survives a smudged print; the size is set in mm by the CSS.
    qr = segno.make(payload, error="m", micro=False)
    return str(qr.svg_inline(border=2, omitsize=True, svgclass="qr", lineclass=None))


def _salutation(dossier: Dossier) -> str:
    """How the applicant is addressed: Ông, Bà, Ông/Bà, or the organisation itself."""
    if dossier.applicant_kind == ApplicantKind.ORGANISATION:
        return ""
    sex = dossier.applicant_sex.strip().lower()
    if sex in {"nam", "male", "m"}:
        return "Ông"
    if sex in {"nữ", "nu", "female", "f"}:
        return "Bà"
    return "Ông/Bà"


def _time_limit(procedure: Procedure) -> str:
    """The legal time limit: "05 ngày làm việc", "08 giờ làm việc" or "Trong ngày"."""
    unit = _LIMIT_UNITS.get(procedure.time_limit_unit)
    if unit is None:
        return "Trong ngày"
    return f"{procedure.time_limit:02d} {unit}"


def _money(amount: int) -> str:
    """The fee as "50.000 đồng": Vietnamese groups thousands with dots."""
    if not amount:
        return "Không"
    return f"{amount:,} đồng".replace(",", ".")


def _collection_place(dossier: Dossier) -> str:
    if dossier.delivery == Delivery.POST:
        return f"Qua dịch vụ bưu chính công ích, địa chỉ: {dossier.delivery_address}"
    if dossier.delivery == Delivery.ONLINE:
        return "Trực tuyến, trên Cổng Dịch vụ công và kho dữ liệu điện tử của người nộp"
    where = dossier.counter.name if dossier.counter else "Bộ phận Một cửa"
    return f"{where}, {dossier.receiving_agency.name}"


def _receipt_context(dossier: Dossier, event: StatusChange | None) -> dict[str, Any]:
    return {
        "documents": list(dossier.documents.filter(provided=True)),
        "time_limit": _time_limit(dossier.procedure),
        "due_text": vn_time(dossier.due_at),
        "collection_place": _collection_place(dossier),
        "fee_text": _money(dossier.fee),
        "received_by_name": person_name(dossier.received_by),
    }


def _supplement_context(dossier: Dossier, event: StatusChange | None) -> dict[str, Any]:
    data = event.data if event else {}
    return {"missing": list(data.get("missing", [])), "reason": data.get("reason", "")}


def _refusal_context(dossier: Dossier, event: StatusChange | None) -> dict[str, Any]:
    return {"reasons": (event.data.get("reason", "") if event else "")}


def _apology_context(dossier: Dossier, event: StatusChange | None) -> dict[str, Any]:
    data = event.data if event else {}
    raw = data.get("new_due_at")
    new_due = datetime.fromisoformat(raw) if raw else dossier.extended_due_at
    return {
        "reason": data.get("reason", ""),
        "due_text": vn_time(dossier.due_at),
        "new_due_text": vn_time(new_due) if new_due else "",
    }


def _stop_context(dossier: Dossier, event: StatusChange | None) -> dict[str, Any]:
    return {"reason": (event.data.get("reason", "") if event else "")}


def _control_sheet_context(dossier: Dossier, event: StatusChange | None) -> dict[str, Any]:
    handovers = dossier.handovers.select_related("from_agency", "to_agency", "from_user", "to_user")
    return {"rows": [_handover_row(handover) for handover in handovers]}


def _handover_row(handover: Handover) -> dict[str, str]:
    return {
        "at": vn_time(handover.at),
        "from_agency": handover.from_agency.name,
        "from_user": person_name(handover.from_user),
        "to_agency": handover.to_agency.name,
        "to_user": person_name(handover.to_user),
        "step": handover.step,
        "verdict": _VERDICTS.get(handover.verdict, ""),
        "note": handover.note,
    }


_FORM_CONTEXT = {
    FormNo.RECEIPT: _receipt_context,
    FormNo.SUPPLEMENT: _supplement_context,
    FormNo.REFUSAL: _refusal_context,
    FormNo.APOLOGY: _apology_context,
    FormNo.STOP: _stop_context,
    FormNo.CONTROL_SHEET: _control_sheet_context,
}
