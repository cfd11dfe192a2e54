"""The contract between the steps: a Context, the Step protocol, typed errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings

from motcua.digitization.checks import Inspection, ScanLimits

# Share of pixels with a hue that makes a scan a colour one (scanner noise stays below).
COLOUR_SHARE = 0.0005


class StepError(Exception):
    """A step cannot go on. ``message`` is plain and shown to the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)


class QualityRefused(StepError):
    """The scan breaks a quality rule in "refuse" mode: it must be scanned again."""


@dataclass(frozen=True)
class ScanConfig:
    min_dpi: int = 200  # Decree 30/2020: an electronic copy is scanned at 200 dpi or more
    require_colour: bool = True  # Decree 30/2020: in colour
    min_confidence: float = 60.0
    quality_mode: str = "warn"  # "warn": flag the page; "refuse": fail the document
    ocr_jobs: int = 1
    # Without a key for the unit, "False" keeps the copy unsigned (and says so);
    # "True" fails the document. Production sets it once keys are in place.
    require_signature: bool = False
    limits: ScanLimits = field(default_factory=ScanLimits.from_settings)

    @classmethod
    def from_settings(cls) -> ScanConfig:
        mode = getattr(settings, "MOTCUA_SCAN_QUALITY_MODE", "warn")
        if mode not in ("warn", "refuse"):
            raise ValueError(f"MOTCUA_SCAN_QUALITY_MODE must be warn or refuse, not {mode!r}")
        return cls(
            min_dpi=getattr(settings, "MOTCUA_SCAN_MIN_DPI", 200),
            require_colour=getattr(settings, "MOTCUA_SCAN_REQUIRE_COLOUR", True),
            min_confidence=float(getattr(settings, "MOTCUA_SCAN_MIN_CONFIDENCE", 60)),
            quality_mode=mode,
            ocr_jobs=getattr(settings, "MOTCUA_SCAN_OCR_JOBS", 1),
            require_signature=getattr(settings, "MOTCUA_SCAN_REQUIRE_SIGNATURE", False),
            limits=ScanLimits.from_settings(),
        )


@dataclass
class PageInfo:
    """A page of the original as measured; ``kept`` is its number in the archival copy."""

    number: int
    width_px: int = 0
    height_px: int = 0
    dpi: int = 0
    colour_share: float = 0.0
    is_blank: bool = False
    born_digital: bool = False
    has_text: bool = False
    kept: int | None = None
    ocr_confidence: float | None = None
    flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_colour(self) -> bool:
        return self.colour_share >= COLOUR_SHARE

    def flag(self, code: str, value: Any = None) -> None:
        self.flags.append({"code": code, "value": value})


@dataclass
class Context:
    """What the steps share. Every path is inside ``workdir``, a temp dir per attempt."""

    workdir: Path
    original: Path
    filename: str
    expected_sha256: str
    archival_key: str
    config: ScanConfig
    engine: Any = None  # an ``ocr.OcrEngine``; None picks the default
    inspection: Inspection | None = None
    pages: list[PageInfo] = field(default_factory=list)
    normalised: Path | None = None
    archival: Path | None = None
    page_texts: list[str | None] = field(default_factory=list)
    confidences: list[float | None] = field(default_factory=list)
    text: str = ""
    archival_name: str = ""
    archival_sha256: str = ""
    signer_code: str = ""  # the electronic code of the one-stop unit that signs the copy
    unit_signed: bool = False

    @property
    def checked(self) -> Inspection:
        if self.inspection is None:
            raise RuntimeError("the check step has not run")
        return self.inspection

    @property
    def kept_pages(self) -> list[PageInfo]:
        return [page for page in self.pages if page.kept is not None]


class Step(Protocol):
    """One step. ``run`` reads and fills the context; it may raise StepError."""

    name: str
    weight: int  # share of the progress bar, relative to the other steps

    def run(self, ctx: Context) -> None: ...


def run_steps(
    ctx: Context, steps: Sequence[Step], on_step: Callable[[str, int], None] | None = None
) -> None:
    """Run ``steps`` in order; ``on_step(name, percent)`` is told before each starts."""
    total = sum(step.weight for step in steps) or 1
    done = 0
    for step in steps:
        if on_step is not None:
            on_step(step.name, done * 100 // total)
        step.run(ctx)
        done += step.weight
