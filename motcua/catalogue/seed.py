"""A sample procedure catalogue: fields, the 25 Project 06 services, common procedures, bundles.

Every value here is plausible, not official: codes, time limits, fees and
checklists follow the shape of the published procedures but must be checked
against the National Public Service Portal before real use. Every row is
therefore written with ``is_sample=True``. The module is mostly data, laid
out as tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from django.db import transaction

from motcua.catalogue.models import Bundle, BundleDocumentLink, Procedure
from motcua.catalogue.services import (
    DocumentData,
    ProcedureData,
    StepData,
    field_upsert,
    procedure_upsert,
)
from motcua.core.audit import audit_record
from motcua.units.models import Agency, Role

COMMUNE = Procedure.Level.COMMUNE
PROVINCE = Procedure.Level.PROVINCE
DAYS = Procedure.LimitUnit.WORKING_DAYS
HOURS = Procedure.LimitUnit.WORKING_HOURS
SAME_DAY = Procedure.LimitUnit.SAME_DAY
FULL = Procedure.OnlineLevel.FULL
PARTIAL = Procedure.OnlineLevel.PARTIAL
OFFLINE = Procedure.OnlineLevel.NONE
# Civil-status rules say a dossier received after 15:00 that cannot be done
# the same day is done the next working day (kept per procedure: domain.md).
AT_15 = time(15, 0)

FIELDS: list[tuple[str, str]] = [
    # (code, name)
    ("ho-tich", "Hộ tịch"),
    ("chung-thuc", "Chứng thực"),
    ("cu-tru", "Đăng ký, quản lý cư trú"),
    ("can-cuoc", "Căn cước, định danh và xác thực điện tử"),
    ("xuat-nhap-canh", "Quản lý xuất nhập cảnh"),
    ("con-dau", "Quản lý con dấu"),
    ("dang-ky-xe", "Đăng ký, quản lý phương tiện giao thông"),
    ("xu-ly-vi-pham", "Xử lý vi phạm hành chính"),
    ("giay-phep-lai-xe", "Đường bộ - giấy phép lái xe"),
    ("bhyt", "Bảo hiểm y tế"),
    ("bhxh", "Bảo hiểm xã hội"),
    ("thue", "Quản lý thuế"),
    ("dat-dai", "Đất đai"),
    ("ly-lich-tu-phap", "Lý lịch tư pháp"),
    ("viec-lam", "Việc làm"),
    ("lao-dong", "Lao động"),
    ("dien", "Điện lực"),
    ("thi-tuyen-sinh", "Thi, tuyển sinh"),
    ("kinh-doanh", "Thành lập và hoạt động doanh nghiệp, hộ kinh doanh"),
    ("xay-dung", "Hoạt động xây dựng"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội"),
    ("an-toan-thuc-pham", "An toàn thực phẩm"),
]


# --- processing steps: counter → specialist → leader → clerk ------------------


def _steps(
    counter: int, specialist: int, leader: int, clerk: int, *, where: str
) -> tuple[StepData, ...]:
    return (
        StepData(f"Tiếp nhận, kiểm tra, số hoá hồ sơ tại {where}", Role.COUNTER, counter),
        StepData("Thẩm định hồ sơ, dự thảo kết quả", Role.SPECIALIST, specialist),
        StepData("Xem xét, phê duyệt, ký số kết quả", Role.LEADER, leader),
        StepData("Vào sổ, đóng dấu, phát hành và chuyển trả kết quả", Role.CLERK, clerk),
    )


COMMUNE_STEPS = _steps(10, 50, 30, 10, where="Bộ phận Một cửa cấp xã")
PROVINCE_STEPS = _steps(5, 60, 25, 10, where="Trung tâm Phục vụ hành chính công tỉnh")
# Same-day work: the counter's and the clerk's parts weigh more.
QUICK_STEPS = _steps(20, 40, 25, 15, where="Bộ phận Một cửa")


# --- required documents --------------------------------------------------------


def _doc(
    name: str, copies: int = 1, *, optional: bool = False, show: bool = False, store: bool = False
) -> DocumentData:
    """A checklist item. ``show``: the original is shown at the counter; ``store``: it can
    be taken from the citizen's data store instead of being handed in."""
    return DocumentData(
        name=name,
        copies=copies,
        is_mandatory=not optional,
        original_must_be_shown=show,
        reusable_from_store=store,
    )


ID_CARD = _doc(
    "Thẻ căn cước hoặc thẻ căn cước công dân của người yêu cầu", 0, show=True, store=True
)
BIRTH_CERT = _doc("Giấy khai sinh", store=True)
POWER_OF_ATTORNEY = _doc("Văn bản ủy quyền có chứng thực (khi nộp thay)", optional=True)
PHOTO_4X6 = _doc("Ảnh chân dung cỡ 4x6 cm, nền trắng", 2)
RESIDENCE_PROOF = _doc("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", store=True)
LAND_CERT = _doc(
    "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản gắn liền với đất (bản gốc)",
    show=True,
    store=True,
)
DEATH_NOTICE = _doc("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử")


@dataclass(frozen=True)
class Row:
    """One procedure of the sample catalogue, as a line of the table below."""

    code: str
    name: str
    field: str
    level: str
    authority: str
    limit: int
    unit: str
    fee: int
    online: str
    docs: tuple[DocumentData, ...]
    results: tuple[str, ...]
    p06: int | None = None
    cutoff: time | None = None
    fee_note: str = ""


# The tables are laid out by hand, one procedure per block: keep the formatter off.
# fmt: off
PROJECT06: list[Row] = [
    Row("1.004227", "Xác nhận số Chứng minh nhân dân khi đã được cấp thẻ Căn cước",
        "can-cuoc", COMMUNE, "Công an cấp xã", 3, DAYS, 0, FULL,
        (_doc("Tờ khai Căn cước (mẫu CC01)"), ID_CARD),
        ("Văn bản xác nhận số Chứng minh nhân dân",), p06=1),
    Row("2.001208", "Cấp đổi, cấp lại thẻ Căn cước",
        "can-cuoc", PROVINCE, "Công an tỉnh", 7, DAYS, 50_000, PARTIAL,
        (_doc("Tờ khai Căn cước (mẫu CC01)"), ID_CARD),
        ("Thẻ Căn cước",), p06=2,
        fee_note="Cấp đổi 50.000 đ, cấp lại 70.000 đ; nộp trực tuyến được giảm 50 %"),
    Row("1.004194", "Đăng ký thường trú",
        "cu-tru", COMMUNE, "Công an cấp xã", 7, DAYS, 20_000, FULL,
        (_doc("Tờ khai thay đổi thông tin cư trú (mẫu CT01)"), RESIDENCE_PROOF,
         _doc("Ý kiến đồng ý của chủ hộ, chủ sở hữu chỗ ở", optional=True)),
        ("Thông báo kết quả đăng ký thường trú",), p06=3,
        fee_note="Nộp trực tuyến 10.000 đ"),
    Row("1.004195", "Đăng ký tạm trú",
        "cu-tru", COMMUNE, "Công an cấp xã", 3, DAYS, 15_000, FULL,
        (_doc("Tờ khai thay đổi thông tin cư trú (mẫu CT01)"), RESIDENCE_PROOF),
        ("Thông báo kết quả đăng ký tạm trú",), p06=4,
        fee_note="Nộp trực tuyến 7.000 đ"),
    Row("1.004206", "Khai báo tạm vắng",
        "cu-tru", COMMUNE, "Công an cấp xã", 8, HOURS, 0, FULL,
        (_doc("Đề nghị khai báo tạm vắng (mẫu CT01)"), ID_CARD),
        ("Phiếu khai báo tạm vắng",), p06=5),
    Row("1.004212", "Thông báo lưu trú",
        "cu-tru", COMMUNE, "Công an cấp xã", 0, SAME_DAY, 0, FULL,
        (_doc("Thông tin người lưu trú (họ tên, số định danh, thời gian lưu trú)"),),
        ("Xác nhận đã tiếp nhận thông báo lưu trú",), p06=6),
    Row("1.012289", "Đăng ký, cấp biển số xe mô tô, xe gắn máy",
        "dang-ky-xe", COMMUNE, "Công an cấp xã", 2, DAYS, 150_000, PARTIAL,
        (_doc("Giấy khai đăng ký xe"), _doc("Chứng từ nguồn gốc xe (hóa đơn, tờ khai hải quan)"),
         _doc("Chứng từ lệ phí trước bạ", store=True), ID_CARD),
        ("Chứng nhận đăng ký xe", "Biển số xe"), p06=7,
        fee_note="Mức thu theo khu vực và giá trị xe"),
    Row("1.012412", "Thanh toán tiền phạt vi phạm hành chính về trật tự an toàn giao thông "
        "phát hiện qua hình ảnh",
        "xu-ly-vi-pham", PROVINCE, "Công an tỉnh", 0, SAME_DAY, 0, FULL,
        (_doc("Quyết định xử phạt vi phạm hành chính", store=True),),
        ("Biên lai thu tiền phạt điện tử",), p06=8),
    Row("1.001193", "Đăng ký khai sinh",
        "ho-tich", COMMUNE, "UBND cấp xã", 0, SAME_DAY, 0, FULL,
        (_doc("Tờ khai đăng ký khai sinh (theo mẫu)"),
         _doc("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
         _doc("Giấy chứng nhận kết hôn của cha mẹ", 0, optional=True, show=True, store=True),
         ID_CARD, POWER_OF_ATTORNEY),
        ("Giấy khai sinh (bản chính)", "Bản sao Trích lục khai sinh (nếu có yêu cầu)"),
        p06=9, cutoff=AT_15, fee_note="Miễn lệ phí khi đăng ký đúng hạn"),
    Row("1.000656", "Đăng ký khai tử",
        "ho-tich", COMMUNE, "UBND cấp xã", 0, SAME_DAY, 0, FULL,
        (_doc("Tờ khai đăng ký khai tử (theo mẫu)"), DEATH_NOTICE, ID_CARD, POWER_OF_ATTORNEY),
        ("Trích lục khai tử",), p06=10, cutoff=AT_15),
    Row("1.000894", "Đăng ký kết hôn",
        "ho-tich", COMMUNE, "UBND cấp xã", 0, SAME_DAY, 0, FULL,
        (_doc("Tờ khai đăng ký kết hôn (theo mẫu)"),
         _doc("Giấy xác nhận tình trạng hôn nhân (khi đăng ký ở nơi không thường trú)",
              optional=True, store=True),
         _doc("Thẻ căn cước của hai bên nam, nữ", 0, show=True, store=True)),
        ("Giấy chứng nhận kết hôn (02 bản chính)",), p06=11, cutoff=AT_15,
        fee_note="Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú trong nước"),
    Row("2.002136", "Cấp, cấp lại, sửa đổi hộ chiếu phổ thông",
        "xuat-nhap-canh", PROVINCE, "Công an tỉnh", 8, DAYS, 200_000, PARTIAL,
        (_doc("Tờ khai đề nghị cấp hộ chiếu phổ thông (mẫu TK01)"), PHOTO_4X6, ID_CARD,
         _doc("Hộ chiếu phổ thông cấp lần gần nhất (khi cấp lại, sửa đổi)", optional=True,
              show=True)),
        ("Hộ chiếu phổ thông",), p06=12,
        fee_note="Cấp lại do hỏng, mất: 400.000 đ"),
    Row("1.010081", "Đăng ký mẫu con dấu mới",
        "con-dau", PROVINCE, "Công an tỉnh", 4, DAYS, 50_000, PARTIAL,
        (_doc("Văn bản đề nghị đăng ký mẫu con dấu"),
         _doc("Quyết định thành lập hoặc giấy chứng nhận đăng ký hoạt động", store=True),
         ID_CARD),
        ("Giấy chứng nhận đăng ký mẫu con dấu",), p06=13),
    Row("1.010082", "Đăng ký thêm con dấu thu nhỏ, dấu nổi, dấu xi",
        "con-dau", PROVINCE, "Công an tỉnh", 4, DAYS, 50_000, PARTIAL,
        (_doc("Văn bản đề nghị đăng ký thêm con dấu"),
         _doc("Giấy chứng nhận đăng ký mẫu con dấu đã cấp", show=True), ID_CARD),
        ("Giấy chứng nhận đăng ký mẫu con dấu",), p06=14),
    Row("1.012754", "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, "
        "cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "ho-tich", COMMUNE, "UBND cấp xã, Công an cấp xã, Bảo hiểm xã hội", 3, DAYS, 0, FULL,
        (_doc("Tờ khai điện tử liên thông (khai sinh, thường trú, bảo hiểm y tế)"),
         _doc("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
         _doc("Văn bản đồng ý của chủ hộ cho đăng ký thường trú", optional=True),
         ID_CARD),
        ("Giấy khai sinh", "Thông báo kết quả đăng ký thường trú", "Thẻ bảo hiểm y tế"),
        p06=15),
    Row("1.012755", "Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, "
        "hưởng chế độ tử tuất, trợ cấp mai táng phí",
        "ho-tich", COMMUNE, "UBND cấp xã, Công an cấp xã, Bảo hiểm xã hội", 5, DAYS, 0, FULL,
        (_doc("Tờ khai điện tử liên thông (khai tử, xóa thường trú, mai táng phí)"),
         DEATH_NOTICE, ID_CARD),
        ("Trích lục khai tử", "Thông báo xóa đăng ký thường trú",
         "Quyết định hưởng trợ cấp mai táng"), p06=16),
    Row("1.007803", "Gia hạn thẻ bảo hiểm y tế theo hộ gia đình có giảm trừ mức đóng",
        "bhyt", PROVINCE, "Bảo hiểm xã hội tỉnh", 5, DAYS, 0, FULL,
        (_doc("Tờ khai tham gia, điều chỉnh thông tin bảo hiểm y tế (mẫu TK1-TS)"),
         _doc("Danh sách thành viên hộ gia đình tham gia", store=True)),
        ("Thẻ bảo hiểm y tế (bản điện tử)",), p06=17,
        fee_note="Mức đóng bảo hiểm y tế theo hộ gia đình, không phải lệ phí"),
    Row("1.007625", "Đăng ký thuế lần đầu, thay đổi thông tin đăng ký thuế "
        "(hộ gia đình, cá nhân)",
        "thue", PROVINCE, "Thuế tỉnh", 3, DAYS, 0, FULL,
        (_doc("Tờ khai đăng ký thuế (mẫu 05-ĐK-TCT)"), ID_CARD),
        ("Thông báo mã số thuế",), p06=18),
    Row("1.012773", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
        "gắn liền với đất",
        "dat-dai", PROVINCE, "Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường)",
        10, DAYS, 30_000, PARTIAL,
        (_doc("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (mẫu 11/ĐK)"),
         LAND_CERT, _doc("Hợp đồng, văn bản về chuyển quyền đã công chứng, chứng thực"),
         ID_CARD),
        ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất "
         "(hoặc xác nhận biến động trên Giấy chứng nhận)",), p06=19,
        fee_note="Lệ phí theo nghị quyết của HĐND tỉnh"),
    Row("1.002804", "Cấp, cấp đổi, cấp lại giấy phép lái xe",
        "giay-phep-lai-xe", PROVINCE, "Công an tỉnh", 5, DAYS, 135_000, PARTIAL,
        (_doc("Đơn đề nghị cấp, đổi giấy phép lái xe (theo mẫu)"),
         _doc("Giấy khám sức khỏe của người lái xe", store=True),
         _doc("Giấy phép lái xe đang sử dụng (khi cấp đổi)", optional=True, show=True),
         ID_CARD),
        ("Giấy phép lái xe",), p06=20, fee_note="Nộp trực tuyến 115.000 đ"),
    Row("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "ly-lich-tu-phap", PROVINCE, "Sở Tư pháp", 10, DAYS, 200_000, FULL,
        (_doc("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu 03/2013/TT-LLTP)"), ID_CARD,
         _doc("Giấy tờ chứng minh thuộc đối tượng miễn, giảm phí", optional=True)),
        ("Phiếu lý lịch tư pháp",), p06=21,
        fee_note="Sinh viên, người có công: 100.000 đ; trẻ em, hộ nghèo: miễn"),
    Row("1.001978", "Giải quyết hưởng trợ cấp thất nghiệp",
        "viec-lam", PROVINCE, "Sở Nội vụ (Trung tâm Dịch vụ việc làm)", 20, DAYS, 0, FULL,
        (_doc("Đề nghị hưởng trợ cấp thất nghiệp (theo mẫu)"),
         _doc("Quyết định thôi việc hoặc giấy tờ chứng minh chấm dứt hợp đồng lao động"),
         _doc("Sổ bảo hiểm xã hội", store=True)),
        ("Quyết định hưởng trợ cấp thất nghiệp",), p06=22),
    Row("2.002343", "Cấp điện mới từ lưới điện hạ áp",
        "dien", PROVINCE, "Công ty Điện lực tỉnh", 3, DAYS, 0, FULL,
        (_doc("Giấy đề nghị mua điện (theo mẫu)"), RESIDENCE_PROOF, ID_CARD),
        ("Hợp đồng mua bán điện", "Biên bản treo tháo công tơ"), p06=23),
    Row("2.002344", "Thay đổi chủ thể hợp đồng mua bán điện",
        "dien", PROVINCE, "Công ty Điện lực tỉnh", 3, DAYS, 0, FULL,
        (_doc("Giấy đề nghị thay đổi chủ thể hợp đồng"), RESIDENCE_PROOF, ID_CARD),
        ("Hợp đồng mua bán điện (bên mua mới)",), p06=24),
    Row("1.005142", "Đăng ký dự thi tốt nghiệp trung học phổ thông và xét tuyển đại học",
        "thi-tuyen-sinh", PROVINCE, "Sở Giáo dục và Đào tạo", 1, DAYS, 0, FULL,
        (_doc("Phiếu đăng ký dự thi (trực tuyến)"), PHOTO_4X6, ID_CARD,
         _doc("Giấy tờ ưu tiên, khuyến khích", optional=True)),
        ("Giấy báo dự thi",), p06=25),
]

OTHERS: list[Row] = [
    Row("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức "
        "có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "chung-thuc", COMMUNE, "UBND cấp xã", 0, SAME_DAY, 2_000, PARTIAL,
        (_doc("Bản chính giấy tờ, văn bản làm cơ sở chứng thực", 0, show=True),
         _doc("Bản sao cần chứng thực")),
        ("Bản sao có chứng thực",), cutoff=AT_15,
        fee_note="2.000 đ/trang; từ trang thứ ba 1.000 đ/trang, tối đa 200.000 đ/bản"),
    Row("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "chung-thuc", COMMUNE, "UBND cấp xã", 0, SAME_DAY, 10_000, OFFLINE,
        (ID_CARD, _doc("Giấy tờ, văn bản mà mình sẽ ký")),
        ("Giấy tờ, văn bản có chứng thực chữ ký",), cutoff=AT_15,
        fee_note="10.000 đ/trường hợp"),
    Row("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "chung-thuc", COMMUNE, "UBND cấp xã", 2, DAYS, 50_000, OFFLINE,
        (_doc("Dự thảo hợp đồng, giao dịch"), ID_CARD,
         _doc("Giấy tờ chứng minh quyền sở hữu tài sản", show=True)),
        ("Hợp đồng, giao dịch được chứng thực",)),
    Row("2.001019", "Chứng thực di chúc",
        "chung-thuc", COMMUNE, "UBND cấp xã", 2, DAYS, 50_000, OFFLINE,
        (_doc("Dự thảo di chúc"), ID_CARD,
         _doc("Giấy tờ chứng minh quyền sở hữu, sử dụng tài sản", show=True)),
        ("Di chúc được chứng thực",)),
    Row("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân",
        "ho-tich", COMMUNE, "UBND cấp xã", 3, DAYS, 0, FULL,
        (_doc("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)"), ID_CARD,
         _doc("Trích lục ghi chú ly hôn hoặc bản án, quyết định ly hôn (nếu đã ly hôn)",
              optional=True, store=True)),
        ("Giấy xác nhận tình trạng hôn nhân",), cutoff=AT_15),
    Row("2.000635", "Cấp bản sao Trích lục hộ tịch",
        "ho-tich", COMMUNE, "UBND cấp xã", 4, HOURS, 8_000, FULL,
        (_doc("Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)"), ID_CARD),
        ("Bản sao Trích lục hộ tịch",), cutoff=AT_15, fee_note="8.000 đ/bản sao"),
    Row("1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "ho-tich", COMMUNE, "UBND cấp xã", 3, DAYS, 15_000, FULL,
        (_doc("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch"), BIRTH_CERT,
         _doc("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung"), ID_CARD),
        ("Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",)),
    Row("1.001022", "Đăng ký nhận cha, mẹ, con",
        "ho-tich", COMMUNE, "UBND cấp xã", 3, DAYS, 0, FULL,
        (_doc("Tờ khai đăng ký nhận cha, mẹ, con (theo mẫu)"),
         _doc("Văn bản của cơ quan y tế, giám định hoặc chứng cứ chứng minh quan hệ cha, mẹ, con"),
         BIRTH_CERT, ID_CARD),
        ("Trích lục đăng ký nhận cha, mẹ, con",)),
    Row("1.000689", "Đăng ký giám hộ",
        "ho-tich", COMMUNE, "UBND cấp xã", 3, DAYS, 0, FULL,
        (_doc("Tờ khai đăng ký giám hộ (theo mẫu)"), _doc("Văn bản cử người giám hộ"),
         ID_CARD),
        ("Trích lục đăng ký giám hộ",)),
    Row("1.004884", "Đăng ký lại khai sinh",
        "ho-tich", COMMUNE, "UBND cấp xã", 5, DAYS, 0, FULL,
        (_doc("Tờ khai đăng ký lại khai sinh (theo mẫu)"),
         _doc("Bản sao Giấy khai sinh trước đây hoặc giấy tờ có thông tin khai sinh",
              store=True),
         ID_CARD),
        ("Giấy khai sinh (đăng ký lại)",)),
    Row("2.000720", "Đăng ký thành lập hộ kinh doanh",
        "kinh-doanh", COMMUNE, "UBND cấp xã", 3, DAYS, 100_000, FULL,
        (_doc("Giấy đề nghị đăng ký hộ kinh doanh (theo mẫu)"), ID_CARD,
         _doc("Biên bản họp thành viên hộ gia đình (khi các thành viên cùng thành lập)",
              optional=True)),
        ("Giấy chứng nhận đăng ký hộ kinh doanh",),
        fee_note="Mức thu theo nghị quyết của HĐND tỉnh"),
    Row("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "xay-dung", COMMUNE, "UBND cấp xã", 15, DAYS, 75_000, PARTIAL,
        (_doc("Đơn đề nghị cấp giấy phép xây dựng (mẫu số 01)"), LAND_CERT,
         _doc("Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng)", 2)),
        ("Giấy phép xây dựng",), fee_note="Mức thu theo nghị quyết của HĐND tỉnh"),
    Row("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng",
        "bao-tro-xa-hoi", COMMUNE, "UBND cấp xã", 15, DAYS, 0, PARTIAL,
        (_doc("Tờ khai đề nghị trợ giúp xã hội (mẫu số 1a–1g)"), ID_CARD,
         _doc("Giấy xác nhận khuyết tật (đối với người khuyết tật)", optional=True,
              store=True)),
        ("Quyết định trợ cấp xã hội hằng tháng",)),
    Row("1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "bao-tro-xa-hoi", COMMUNE, "UBND cấp xã", 25, DAYS, 0, PARTIAL,
        (_doc("Đơn đề nghị xác định mức độ khuyết tật (mẫu số 01)"), ID_CARD,
         _doc("Hồ sơ bệnh án, giấy tờ khám chữa bệnh (nếu có)", optional=True)),
        ("Giấy xác nhận khuyết tật",)),
    Row("1.001731", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "bao-tro-xa-hoi", COMMUNE, "UBND cấp xã", 3, DAYS, 0, FULL,
        (_doc("Tờ khai đề nghị hỗ trợ chi phí mai táng (mẫu số 04)"),
         _doc("Trích lục khai tử", store=True)),
        ("Quyết định hỗ trợ chi phí mai táng",)),
    Row("1.004213", "Xóa đăng ký thường trú",
        "cu-tru", COMMUNE, "Công an cấp xã", 1, DAYS, 0, FULL,
        (_doc("Tờ khai thay đổi thông tin cư trú (mẫu CT01)"),
         _doc("Giấy tờ chứng minh thuộc trường hợp xóa đăng ký thường trú", store=True)),
        ("Thông báo xóa đăng ký thường trú",)),
    Row("1.004200", "Xác nhận thông tin về cư trú",
        "cu-tru", COMMUNE, "Công an cấp xã", 4, HOURS, 0, FULL,
        (_doc("Tờ khai thay đổi thông tin cư trú (mẫu CT01)"), ID_CARD),
        ("Giấy xác nhận thông tin về cư trú (mẫu CT07)",)),
    Row("1.007802", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "bhyt", COMMUNE, "Bảo hiểm xã hội cơ sở", 3, DAYS, 0, FULL,
        (_doc("Tờ khai tham gia bảo hiểm y tế (mẫu TK1-TS)"), BIRTH_CERT),
        ("Thẻ bảo hiểm y tế",)),
    Row("1.012780", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản "
        "gắn liền với đất",
        "dat-dai", PROVINCE, "Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường)",
        7, DAYS, 50_000, PARTIAL,
        (_doc("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (mẫu 11/ĐK)"),
         LAND_CERT, ID_CARD),
        ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",),
        fee_note="Lệ phí theo nghị quyết của HĐND tỉnh"),
    Row("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân",
        "kinh-doanh", PROVINCE, "Sở Tài chính", 3, DAYS, 50_000, FULL,
        (_doc("Giấy đề nghị đăng ký doanh nghiệp (theo mẫu)"), ID_CARD),
        ("Giấy chứng nhận đăng ký doanh nghiệp",), fee_note="Miễn lệ phí khi nộp trực tuyến"),
    Row("1.002809", "Cấp giấy phép lái xe quốc tế",
        "giay-phep-lai-xe", PROVINCE, "Công an tỉnh", 5, DAYS, 135_000, FULL,
        (_doc("Tờ khai đề nghị cấp giấy phép lái xe quốc tế (theo mẫu)"), PHOTO_4X6,
         _doc("Giấy phép lái xe quốc gia còn thời hạn", 0, show=True, store=True)),
        ("Giấy phép lái xe quốc tế",)),
    Row("1.000105", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại "
        "Việt Nam",
        "lao-dong", PROVINCE, "Sở Nội vụ", 10, DAYS, 600_000, PARTIAL,
        (_doc("Văn bản đề nghị cấp giấy phép lao động (mẫu số 11)"),
         _doc("Giấy chứng nhận sức khỏe"), _doc("Phiếu lý lịch tư pháp", store=True),
         PHOTO_4X6, _doc("Hộ chiếu còn giá trị", 0, show=True)),
        ("Giấy phép lao động",), fee_note="Mức thu theo nghị quyết của HĐND tỉnh"),
    Row("2.000591", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "an-toan-thuc-pham", PROVINCE, "Sở Y tế", 15, DAYS, 500_000, PARTIAL,
        (_doc("Đơn đề nghị cấp Giấy chứng nhận (theo mẫu)"),
         _doc("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ"),
         _doc("Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất")),
        ("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",),
        fee_note="Phí thẩm định theo quy mô cơ sở"),
    Row("2.000908", "Cấp bản sao từ sổ gốc",
        "chung-thuc", COMMUNE, "UBND cấp xã", 0, SAME_DAY, 0, PARTIAL,
        (_doc("Bản chính giấy tờ gốc (nếu có)", 0, optional=True, show=True), ID_CARD),
        ("Bản sao từ sổ gốc",), cutoff=AT_15, fee_note="Phí theo số trang"),
]


@dataclass(frozen=True)
class BundleRow:
    """A Decree 63/2024 bundle and the codes of the procedures filed together in it."""

    code: str
    name: str
    time_limit_days: int
    p06: int
    procedures: tuple[str, ...]
    # (procedure code, checklist item, code of the procedure of the bundle that issues it)
    passed_on: tuple[tuple[str, str, str], ...] = ()


BUNDLES: list[BundleRow] = [
    BundleRow("LT-KHAISINH", "Liên thông đăng ký khai sinh – đăng ký thường trú – cấp thẻ "
              "bảo hiểm y tế cho trẻ em dưới 6 tuổi", 3, 15,
              ("1.001193", "1.004194", "1.007802"),
              (("1.007802", "Giấy khai sinh", "1.001193"),)),
    # Death bundle limit (check): kept as data, like every value here.
    BundleRow("LT-KHAITU", "Liên thông đăng ký khai tử – xóa đăng ký thường trú – "
              "trợ cấp mai táng phí", 5, 16,
              ("1.000656", "1.004213", "1.001731"),
              (("1.001731", "Trích lục khai tử", "1.000656"),
               ("1.004213", "Giấy tờ chứng minh thuộc trường hợp xóa đăng ký thường trú",
                "1.000656"))),
]
# fmt: on


def catalogue_seed(
    *,
    province_agency: Agency | None = None,
    agencies_by_authority: Mapping[str, Agency] | None = None,
) -> int:
    """Write the sample catalogue; running it again updates the same rows. Returns the
    number of procedures written.

    A procedure's ``competent_agency`` is ``agencies_by_authority[authority]``
    (keys such as "Sở Tư pháp") when given, else ``province_agency`` for
    province-level procedures, else empty (the receiving unit's People's
    Committee); ``competent_authority`` always carries the published text.
    """
    agencies = dict(agencies_by_authority or {})
    rows = PROJECT06 + OTHERS
    with transaction.atomic():
        fields = {code: field_upsert(code=code, name=name) for code, name in FIELDS}
        by_code = {a.code: a for a in [*agencies.values(), province_agency] if a is not None}
        for row in rows:
            data = _procedure_data(row, _agency_for(row, agencies, province_agency))
            procedure_upsert(data=data, fields=fields, agencies=by_code)
        _bundles_seed()
        audit_record(
            actor=None,
            action="catalogue.seed",
            object_type="catalogue",
            object_id="sample",
            data={"procedures": len(rows), "fields": len(fields), "bundles": len(BUNDLES)},
        )
    return len(rows)


def _agency_for(
    row: Row, agencies: Mapping[str, Agency], province_agency: Agency | None
) -> Agency | None:
    if row.authority in agencies:
        return agencies[row.authority]
    return province_agency if row.level == PROVINCE else None


def _procedure_data(row: Row, agency: Agency | None) -> ProcedureData:
    if row.unit == SAME_DAY:
        steps = QUICK_STEPS
    else:
        steps = PROVINCE_STEPS if row.level == PROVINCE else COMMUNE_STEPS
    return ProcedureData(
        code=row.code,
        name=row.name,
        field_code=row.field,
        level=row.level,
        competent_agency_code=agency.code if agency else "",
        competent_authority=row.authority,
        time_limit=row.limit,
        time_limit_unit=row.unit,
        cutoff_hour=row.cutoff,
        fee=row.fee,
        fee_note=row.fee_note,
        online_level=row.online,
        project06_number=row.p06,
        is_sample=True,
        documents=row.docs,
        results=row.results,
        steps=steps,
    )


def _bundles_seed() -> None:
    for row in BUNDLES:
        bundle, _created = Bundle.objects.update_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "time_limit_days": row.time_limit_days,
                "project06_number": row.p06,
                "is_sample": True,
            },
        )
        bundle.procedures.set(Procedure.objects.filter(code__in=row.procedures))
        by_code = {p.code: p for p in bundle.procedures.all()}
        bundle.document_links.all().delete()
        BundleDocumentLink.objects.bulk_create(
            BundleDocumentLink(
                bundle=bundle,
                procedure=by_code[needs],
                document_name=name,
                issued_by=by_code[issuer],
            )
            for needs, name, issuer in row.passed_on
        )
