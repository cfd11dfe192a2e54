"""Small sample files, made on the fly: a page of Vietnamese text and hostile inputs."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence

import pikepdf
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY KHAI SINH",
    "Họ và tên: Nguyễn Văn Hùng",
)
# A6 landscape at 200 dpi: small enough for Tesseract to read in about a second.
PAGE_PX = (1165, 827)


def text_image(*, mode: str = "RGB", lines: Sequence[str] = LINES) -> Image.Image:
    image = Image.new("RGB", PAGE_PX, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for row, line in enumerate(lines):
        # Dark blue ink: a colour scan really has colour in it.
        draw.text((80, 120 + row * 90), line, font=font, fill=(20, 30, 140))
    return image.convert(mode)


def text_png(*, dpi: int = 200, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    text_image(mode=mode).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def text_jpeg(*, dpi: int = 200) -> bytes:
    out = io.BytesIO()
    text_image().save(out, format="JPEG", dpi=(dpi, dpi), quality=90)
    return out.getvalue()


def tiff_with_blank_page() -> bytes:
    blank = Image.new("RGB", PAGE_PX, "white")
    out = io.BytesIO()
    text_image().save(
        out,
        format="TIFF",
        dpi=(200, 200),
        save_all=True,
        append_images=[blank],
        compression="tiff_deflate",
    )
    return out.getvalue()


def born_digital_pdf() -> bytes:
    pdf = FPDF(format=(148, 210))  # A5 in mm
    pdf.add_page()
    pdf.add_font("Liberation", fname=FONT)
    pdf.set_font("Liberation", size=14)
    for line in LINES:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def signed_pdf() -> bytes:
    """A born-digital PDF with a filled signature field (/Sig with /ByteRange)."""
    with pikepdf.open(io.BytesIO(born_digital_pdf())) as pdf:
        signature = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Sig,
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name("/ETSI.CAdES.detached"),
                ByteRange=pikepdf.Array([0, 0, 0, 0]),
                Contents=pikepdf.String(b"\x00" * 16),
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                FT=pikepdf.Name.Sig,
                T=pikepdf.String("Signature1"),
                V=signature,
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                Rect=pikepdf.Array([0, 0, 0, 0]),
                P=pdf.pages[0].obj,
            )
        )
        pdf.pages[0].obj["/Annots"] = pikepdf.Array([field])
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]), SigFlags=3)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def encrypted_pdf() -> bytes:
    with pikepdf.open(io.BytesIO(born_digital_pdf())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="chủ", user="mật khẩu"))
        return out.getvalue()


def pdf_with_pages(count: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page(page_size=(420, 595))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_bomb(side: int = 100_000) -> bytes:
    """A PNG that declares side × side pixels over a few hundred bytes of data."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit grey
    data = zlib.compress(b"\x00" * (side + 1) * 4, 9)  # a few rows; the rest is never sent
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )
