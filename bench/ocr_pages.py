"""Generated scans for the OCR benchmark: Vietnamese administrative documents in
the Decree 30/2020 layout, rendered at 200 and 300 dpi and then degraded as a
counter's scanner degrades them (skew of 1–2°, speckle, blur, JPEG artefacts),
each with its ground truth; and one blank page, which a scanner feeds too.

The texts are written for this benchmark (sample content, no real person).
Everything is seeded: the same arguments give the same pages, byte for byte.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
A4_MM = (210, 297)
MARGIN_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PAPER = (250, 249, 245)
INK = (20, 20, 24)
SEAL = (200, 30, 40)

HEADER_RIGHT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# (issuing body lines, number, place and date, document name, summary, body paragraphs,
#  signature lines)
DOCUMENTS: tuple[
    tuple[tuple[str, ...], str, str, str, str, tuple[str, ...], tuple[str, ...]], ...
] = (
    (
        ("ỦY BAN NHÂN DÂN", "XÃ ĐÈO GIA"),
        "Số: 412/QĐ-UBND",
        "Đèo Gia, ngày 05 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc công nhận kết quả đăng ký hộ kinh doanh",
        (
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; căn cứ "
            "Nghị định số 01/2021/NĐ-CP của Chính phủ về đăng ký doanh nghiệp và hộ kinh "
            "doanh; xét đề nghị của công chức Văn phòng - Thống kê xã tại Tờ trình số "
            "38/TTr-VP ngày 02 tháng 01 năm 2026.",
            "Điều 1. Công nhận hộ kinh doanh Nguyễn Văn Hùng, địa chỉ thôn Hồng Giang, xã "
            "Đèo Gia, tỉnh Bắc Ninh, ngành nghề kinh doanh: mua bán nông sản, vải thiều sấy "
            "khô và các sản phẩm chế biến từ trái cây, vốn kinh doanh ba trăm triệu đồng.",
            "Điều 2. Hộ kinh doanh có trách nhiệm thực hiện đúng các quy định của pháp luật "
            "về thuế, về an toàn thực phẩm, về bảo vệ môi trường và về phòng cháy, chữa "
            "cháy trong suốt thời gian hoạt động.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Ủy ban nhân dân xã, "
            "công chức Tài chính - Kế toán và ông Nguyễn Văn Hùng chịu trách nhiệm thi hành "
            "Quyết định này./.",
        ),
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Trần Đức Thắng"),
    ),
    (
        ("ỦY BAN NHÂN DÂN", "PHƯỜNG BẮC GIANG"),
        "Số: 1287/GXN-UBND",
        "Bắc Giang, ngày 14 tháng 03 năm 2026",
        "GIẤY XÁC NHẬN",
        "Tình trạng hôn nhân",
        (
            "Xét đề nghị của bà Lê Thị Hương Giang, sinh ngày 21 tháng 7 năm 1996, số định "
            "danh cá nhân 024196008765, nơi cư trú: số 17 đường Nguyễn Thị Lưu, phường Bắc "
            "Giang, tỉnh Bắc Ninh, về việc xác nhận tình trạng hôn nhân.",
            "Ủy ban nhân dân phường Bắc Giang xác nhận: trong thời gian cư trú tại phường từ "
            "ngày 01 tháng 9 năm 2014 đến nay, bà Lê Thị Hương Giang chưa đăng ký kết hôn "
            "với ai; giấy này được cấp để làm thủ tục đăng ký kết hôn.",
            "Giấy xác nhận có giá trị sử dụng sáu tháng kể từ ngày cấp. Người được cấp chịu "
            "trách nhiệm về tính trung thực của thông tin đã khai; mọi hành vi gian dối sẽ "
            "bị xử lý theo quy định của pháp luật về hộ tịch.",
        ),
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Phạm Thị Thu Hà"),
    ),
    (
        ("SỞ TƯ PHÁP", "TỈNH BẮC NINH"),
        "Số: 905/STP-HCTP",
        "Bắc Ninh, ngày 28 tháng 04 năm 2026",
        "CÔNG VĂN",
        "V/v hướng dẫn số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        (
            "Thực hiện Nghị định số 45/2020/NĐ-CP của Chính phủ về thực hiện thủ tục hành "
            "chính trên môi trường điện tử và Nghị định số 107/2021/NĐ-CP sửa đổi, bổ sung "
            "một số điều của Nghị định số 61/2018/NĐ-CP, Sở Tư pháp đề nghị các xã, phường "
            "thực hiện các nội dung sau.",
            "Một là, toàn bộ thành phần hồ sơ tiếp nhận tại Bộ phận Một cửa phải được quét "
            "màu với độ phân giải tối thiểu hai trăm dpi, tỷ lệ một trăm phần trăm, lưu "
            "dưới định dạng PDF và ký số bởi cơ quan thực hiện số hóa.",
            "Hai là, kết quả giải quyết còn hiệu lực phải được lưu vào kho quản lý dữ liệu "
            "điện tử của tổ chức, cá nhân để tái sử dụng, không yêu cầu người dân nộp lại "
            "giấy tờ đã được số hóa trước đó.",
            "Ba là, hằng tháng báo cáo tỷ lệ số hóa và tỷ lệ tái sử dụng về Sở Tư pháp trước "
            "ngày 20 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
        ),
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Hoàng Minh Đức"),
    ),
    (
        ("ỦY BAN NHÂN DÂN", "XÃ THANH HẢI"),
        "Số: 76/TB-UBND",
        "Thanh Hải, ngày 09 tháng 06 năm 2026",
        "THÔNG BÁO",
        "Về lịch tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công xã",
        (
            "Để phục vụ tổ chức, cá nhân được thuận tiện, Ủy ban nhân dân xã Thanh Hải thông "
            "báo lịch tiếp nhận và trả kết quả giải quyết thủ tục hành chính như sau.",
            "Buổi sáng từ bảy giờ ba mươi phút đến mười một giờ ba mươi phút; buổi chiều từ "
            "mười ba giờ đến mười bảy giờ, từ thứ Hai đến thứ Sáu hằng tuần, trừ ngày nghỉ "
            "lễ, tết theo quy định. Sáng thứ Bảy tiếp nhận hồ sơ đăng ký khai sinh, khai tử "
            "và chứng thực bản sao từ bản chính.",
            "Công dân có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia, theo dõi "
            "tình trạng hồ sơ bằng mã số được cấp và nhận kết quả qua dịch vụ bưu chính công "
            "ích mà không phải đến Trung tâm.",
        ),
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Vũ Văn Khải"),
    ),
)


@dataclass(frozen=True)
class GeneratedPage:
    name: str
    dpi: int
    path: Path  # a JPEG, as a scanner writes it
    truth: str  # "" for the blank page
    skew_degrees: float


def _font(style: str, points: float, dpi: int) -> ImageFont.FreeTypeFont:
    file = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}[style]
    return ImageFont.truetype(
        str(FONT_DIR / f"LiberationSerif-{file}.ttf"), round(points * dpi / 72)
    )


def _mm(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, indent: int) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    for word in text.split():
        room = width - (indent if len(lines) == 1 else 0)
        if lines[-1] and font.getlength(" ".join([*lines[-1], word])) > room:
            lines.append([])
        lines[-1].append(word)
    return lines


class _Page:
    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.image = Image.new("RGB", (_mm(A4_MM[0], dpi), _mm(A4_MM[1], dpi)), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.left = _mm(MARGIN_MM["left"], dpi)
        self.right = self.image.width - _mm(MARGIN_MM["right"], dpi)
        self.lines: list[str] = []

    def centred(self, text: str, font: ImageFont.FreeTypeFont, centre: float, y: int) -> int:
        width = font.getlength(text)
        self.draw.text((centre - width / 2, y), text, font=font, fill=INK)
        self.lines.append(text)
        return y + round(font.size * 1.3)

    def rule(self, centre: float, width: float, y: int) -> None:
        self.draw.line(
            [(centre - width / 2, y), (centre + width / 2, y)],
            fill=INK,
            width=max(1, self.dpi // 150),
        )

    def paragraph(self, text: str, font: ImageFont.FreeTypeFont, y: int) -> int:
        indent = _mm(12.7, self.dpi)
        width = self.right - self.left
        rows = _wrap(text, font, width, indent)
        for number, words in enumerate(rows):
            x0 = self.left + (indent if number == 0 else 0)
            room = width - (indent if number == 0 else 0)
            last = number == len(rows) - 1
            gap = font.getlength(" ")
            if not last and len(words) > 1:  # justified, as Decree 30 asks
                gap = (room - sum(font.getlength(w) for w in words)) / (len(words) - 1)
            x = float(x0)
            for word in words:
                self.draw.text((x, y), word, font=font, fill=INK)
                x += font.getlength(word) + gap
            self.lines.append(" ".join(words))
            y += round(font.size * 1.35)
        return y + round(font.size * 0.4)


def render(document: int, dpi: int) -> tuple[Image.Image, str]:
    """One clean page of document ``document`` at ``dpi``, and its text in reading order.

    Reading order is Tesseract's block order: the issuing body and the number
    (left column) before the national title and the date (right column).
    """
    body_name, number, place_date, name, summary, paragraphs, signature = DOCUMENTS[document]
    page = _Page(dpi)
    top = _mm(MARGIN_MM["top"], dpi)
    left_centre = page.left + (page.right - page.left) * 0.2
    right_centre = page.left + (page.right - page.left) * 0.68
    y = top
    y = page.centred(body_name[0], _font("regular", 13, dpi), left_centre, y)
    y = page.centred(body_name[1], _font("bold", 13, dpi), left_centre, y)
    page.rule(left_centre, _mm(25, dpi), y + _mm(1, dpi))
    y = page.centred(number, _font("regular", 13, dpi), left_centre, y + _mm(5, dpi))
    y = top
    y = page.centred(HEADER_RIGHT[0], _font("bold", 12, dpi), right_centre, y)
    y = page.centred(HEADER_RIGHT[1], _font("bold", 13, dpi), right_centre, y)
    page.rule(right_centre, _font("bold", 13, dpi).getlength(HEADER_RIGHT[1]), y + _mm(1, dpi))
    y = page.centred(place_date, _font("italic", 13, dpi), right_centre, y + _mm(5, dpi))
    centre = (page.left + page.right) / 2
    y = page.centred(name, _font("bold", 14, dpi), centre, y + _mm(12, dpi))
    y = page.centred(summary, _font("bold", 14, dpi), centre, y)
    y += _mm(8, dpi)
    body = _font("regular", 14, dpi)
    for text in paragraphs:
        y = page.paragraph(text, body, y)
    y += _mm(6, dpi)
    sign_centre = page.left + (page.right - page.left) * 0.75
    for line in signature:
        if line:
            y = page.centred(line, _font("bold", 13, dpi), sign_centre, y)
        else:
            y += round(_font("bold", 13, dpi).size * 1.3)
    # The red seal over the signature: a colour scan must keep it.
    radius = _mm(17, dpi)
    seal_y = y - _mm(28, dpi)
    page.draw.ellipse(
        [
            sign_centre - radius - _mm(15, dpi),
            seal_y - radius,
            sign_centre - _mm(15, dpi) + radius,
            seal_y + radius,
        ],
        outline=SEAL,
        width=max(2, dpi // 60),
    )
    return page.image, "\n".join(page.lines)


def degrade(image: Image.Image, *, seed: int, skew: float) -> Image.Image:
    """A scanner's faults: the page fed at an angle, dust specks, soft focus."""
    rng = random.Random(seed)
    scanned = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=PAPER)
    draw = ImageDraw.Draw(scanned)
    speck = max(1, scanned.width // 1200)
    for _ in range(scanned.width * scanned.height // 6000):
        x, y = rng.randrange(scanned.width), rng.randrange(scanned.height)
        draw.rectangle(
            [x, y, x + rng.randint(0, speck), y + rng.randint(0, speck)], fill=(70, 70, 70)
        )
    return scanned.filter(ImageFilter.GaussianBlur(radius=0.5 * image.width / 1654))


def blank(dpi: int, *, seed: int) -> Image.Image:
    """The back of a sheet: paper tone and a little dust, no text."""
    rng = random.Random(seed)
    page = Image.new("RGB", (_mm(A4_MM[0], dpi), _mm(A4_MM[1], dpi)), PAPER)
    draw = ImageDraw.Draw(page)
    for _ in range(40):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        draw.point((x, y), fill=(120, 120, 120))
    return page


def save_jpeg(image: Image.Image, path: Path, dpi: int, quality: int) -> None:
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=quality, dpi=(dpi, dpi))
    path.write_bytes(buffer.getvalue())


def generate(folder: Path, *, per_resolution: int = 2, seed: int = 2026) -> list[GeneratedPage]:
    """``per_resolution`` pages at 200 dpi and as many at 300 dpi, then one blank page."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[GeneratedPage] = []
    for dpi in (200, 300):
        for index in range(per_resolution):
            document = (index + (dpi == 300)) % len(DOCUMENTS)
            clean, truth = render(document, dpi)
            skew = rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
            scanned = degrade(clean, seed=rng.randrange(1 << 30), skew=skew)
            path = folder / f"page-{dpi}-{index + 1:02d}.jpg"
            save_jpeg(scanned, path, dpi, quality=rng.randint(60, 75))
            pages.append(GeneratedPage(path.stem, dpi, path, truth, round(skew, 2)))
    path = folder / "page-blank.jpg"
    save_jpeg(blank(200, seed=seed), path, 200, quality=70)
    pages.append(GeneratedPage(path.stem, 200, path, "", 0.0))
    return pages


def normalise_text(text: str) -> str:
    """What the CER is counted on: NFC, every run of white space one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())
