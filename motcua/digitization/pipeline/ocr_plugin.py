"""An OCRmyPDF plugin: Tesseract as usual, and each page's hOCR kept for its confidence.

OCRmyPDF deletes its work folder at the end; the hOCR holds Tesseract's word
confidences (``x_wconf``), so each page's file is copied into a ``hocr``
folder beside the sidecar, which is in the caller's own temp dir.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine

HOCR_FOLDER = "hocr"


class ConfidenceKeepingTesseract(TesseractOcrEngine):
    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
        sidecar = getattr(options, "sidecar", None)
        if not isinstance(sidecar, str | Path):
            return
        folder = Path(sidecar).parent / HOCR_FOLDER
        folder.mkdir(exist_ok=True)
        # The name starts with the page number ("000001_ocr_hocr.hocr").
        shutil.copyfile(output_hocr, folder / Path(output_hocr).name)


@hookimpl
def get_ocr_engine(options: Any) -> TesseractOcrEngine | None:
    if options is not None and getattr(options, "ocr_engine", "auto") not in ("auto", "tesseract"):
        return None
    return ConfidenceKeepingTesseract()
