"""OCR throughput and accuracy: motcua's pipeline against the careful user's OCRmyPDF
run and against Tesseract alone, on the same generated pages, in the same run.

``motcua bench ocr`` generates scanned pages (``bench/ocr_pages.py``: Decree 30
layout, 200 and 300 dpi, skew 1–2°, speckle, blur, JPEG artefacts, one blank
page), puts them in one PDF as a scanner's stack would come, and runs:

- **motcua pipeline**: every step but ``store`` (check, normalise, scan rules,
  OCR to PDF/A, text, signature with a throw-away demo key), ``jobs`` pages
  in parallel;
- **OCRmyPDF baseline**: ``ocrmypdf -l vie --rotate-pages --deskew --clean
  --output-type pdfa`` (``--jobs`` the same), with ``--sidecar`` for its text;
- **Tesseract alone**: ``tesseract PAGE - -l vie`` per page image, ``jobs``
  at once, one thread each: recognition and nothing else, the floor.

Character error rate is counted on the text each one hands to search (the
pipeline's indexed text, the baseline's sidecar, Tesseract's output), against
the ground truth, order-independently: each ground-truth line is matched,
longest first, to the stretch of the output that it best matches wherever it
is (two-column headers come out in different orders), its edits counted and
the stretch struck out; output left unmatched counts as inserted characters
(the manner of "flexible character accuracy", Clausner et al. 2020).

A warm-up runs first, untimed (the language model and the pages into the
page cache, the pipeline's imports into the worker). Each contender runs in
a process of its own (forked), so that its memory is
its own: the peak resident size of that process (for the pipeline, the
worker that runs it) and the peak of the resident sizes of every process it
started, added together (Tesseracts, OCRmyPDF and its workers), sampled
every 100 ms. The pipeline runs again on a stack three times as long: its
peaks must not grow with the page count.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import img2pdf
from django.test import override_settings

from bench.ocr_pages import GeneratedPage, generate, normalise_text
from motcua.digitization.pipeline import STEPS, Context, ScanConfig, run_steps
from motcua.digitization.pipeline.steps import sha256_of
from motcua.signing.keys import signing_demo_ca

BENCH_AGENCY = ("000.00.99.H24", "Đơn vị đo hiệu năng")
BASELINE = ["--rotate-pages", "--deskew", "--clean", "--output-type", "pdfa"]


@dataclass
class Run:
    label: str
    pages: int
    seconds: float
    texts: list[str]  # per input page, "" where nothing came out (or the page was dropped)
    peak_self_mb: float = 0.0
    peak_child_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def pages_per_minute(self) -> float:
        return self.pages * 60 / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Report:
    pages: list[GeneratedPage]
    runs: list[Run]
    memory: list[Run]
    jobs: int

    def cer(self, run: Run) -> float:
        errors = sum(
            cer_errors(page.truth, text) for page, text in zip(self.pages, run.texts, strict=True)
        )
        total = sum(len(line) for page in self.pages for line in truth_lines(page.truth))
        return errors / total if total else 0.0

    def rows(self) -> list[str]:
        pipeline, baseline, floor = self.runs
        lines = [
            "| what | pages | seconds | pages/min | CER | peak RSS: worker / child processes |",
            "|---|---|---|---|---|---|",
        ]
        for run in self.runs:
            python = f"{run.peak_self_mb:.0f} MB" if run is pipeline else "—"
            memory = f"{python} / {run.peak_child_mb:.0f} MB"
            lines.append(
                f"| {run.label} | {run.pages} | {run.seconds:.1f} | {run.pages_per_minute:.1f} "
                f"| {self.cer(run) * 100:.2f} % | {memory} |"
            )
        lines += [
            "",
            f"- pipeline / baseline throughput: {baseline.seconds / pipeline.seconds:.2f}×"
            " (target ≥ 2×)",
            f"- pipeline time / Tesseract alone: {pipeline.seconds / floor.seconds:.2f}×"
            " (target ≤ 1.5×)",
            f"- CER pipeline {self.cer(pipeline) * 100:.2f} % vs baseline "
            f"{self.cer(baseline) * 100:.2f} % (target: no worse)",
        ]
        for run in self.memory:
            lines.append(
                f"- memory, {run.label}, {run.pages} pages: {run.peak_self_mb:.0f} MB "
                f"the worker, {run.peak_child_mb:.0f} MB its Tesseracts together"
            )
        for run in self.runs:
            lines += [f"- {run.label}: {note}" for note in run.notes]
        return lines


def run(*, per_resolution: int = 4, jobs: int = 0, repeat: int = 3) -> Report:
    jobs = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="motcua-bench-ocr-") as tmp:
        folder = Path(tmp)
        pages = generate(folder / "pages", per_resolution=per_resolution)
        stack = folder / "stack.pdf"
        stack.write_bytes(img2pdf.convert([str(page.path) for page in pages]))
        keys = folder / "keys"
        signing_demo_ca(directory=keys, units=[BENCH_AGENCY])
        longer = folder / "longer.pdf"
        longer.write_bytes(img2pdf.convert([str(page.path) for page in pages] * 3))
        with override_settings(MOTCUA_SIGNING_DIR=keys):
            # Untimed: the language model and the page files into the page cache,
            # the pipeline's lazy imports into this process (a worker is long-lived).
            warm = folder / "warm.pdf"
            warm.write_bytes(img2pdf.convert([str(pages[0].path)]))
            run_pipeline(warm, folder / "warm", 1, jobs)
            run_tesseract(pages, jobs)
            # The fast two alternate, ``repeat`` times each, and their median run
            # counts: on a shared machine one run can be off by a fifth.
            pipelines, floors = [], []
            for _ in range(repeat):
                pipelines.append(
                    _forked(run_pipeline, stack, folder / "pipeline", len(pages), jobs)
                )
                floors.append(_forked(run_tesseract, pages, jobs))
            baseline = _forked(run_baseline, stack, folder / "baseline", len(pages), jobs)
            long_run = _forked(run_pipeline, longer, folder / "longer", len(pages) * 3, jobs)
            long_run.label = "motcua pipeline, 3× the stack"
    pipeline, floor = _median(pipelines), _median(floors)
    for run_ in (pipeline, floor):
        times = ", ".join(f"{r.seconds:.1f}" for r in (pipelines if run_ is pipeline else floors))
        run_.notes.append(f"{repeat} runs: {times} s (the median counts)")
    return Report(
        pages=pages, runs=[pipeline, baseline, floor], memory=[pipeline, long_run], jobs=jobs
    )


def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def _forked(function: Callable[..., Run], *args: Any) -> Run:
    """``function(*args)`` in a child process, with that process's memory peaks."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        sampler = _DescendantsSampler(os.getpid())
        sampler.start()
        try:
            result = function(*args)
        except BaseException as exc:
            send.send(f"{type(exc).__name__}: {exc}")
            raise
        finally:
            sampler.stop()
        result.peak_self_mb = _self_peak_mb()
        result.peak_child_mb = sampler.peak_kb / 1024
        send.send(result)

    process = context.Process(target=child)
    process.start()
    result: Run | str = receive.recv()
    process.join()
    if isinstance(result, str):
        raise RuntimeError(f"{function.__name__} failed: {result}")
    return result


# --- the three contenders ---------------------------------------------------------------


def run_pipeline(stack: Path, work: Path, page_count: int, jobs: int) -> Run:
    work = Path(tempfile.mkdtemp(dir=work.parent, prefix=work.name))
    original = work / "original.pdf"
    shutil.copyfile(stack, original)
    ctx = Context(
        workdir=work,
        original=original,
        filename="stack.pdf",
        expected_sha256=sha256_of(original),
        archival_key="bench/archival.pdf",
        config=ScanConfig(ocr_jobs=jobs),
        signer_code=BENCH_AGENCY[0],
    )
    start = time.perf_counter()
    run_steps(ctx, [step for step in STEPS if step.name != "store"])
    seconds = time.perf_counter() - start
    texts = [""] * page_count
    kept_texts = ctx.text.split("\f")
    for page in ctx.kept_pages:
        texts[page.number - 1] = kept_texts[(page.kept or 0) - 1]
    dropped = [page.number for page in ctx.pages if page.kept is None]
    notes = [f"pages dropped as blank: {dropped}", f"signed by the unit: {ctx.unit_signed}"]
    return Run("motcua pipeline", page_count, seconds, texts, notes=notes)


def run_baseline(stack: Path, work: Path, page_count: int, jobs: int) -> Run:
    work = Path(tempfile.mkdtemp(dir=work.parent, prefix=work.name))
    sidecar = work / "sidecar.txt"
    command = [sys.executable, "-m", "ocrmypdf", "-q", "-l", "vie", *BASELINE, "--jobs", str(jobs)]
    command += ["--sidecar", str(sidecar), str(stack), str(work / "out.pdf")]
    start = time.perf_counter()
    subprocess.run(command, check=True)  # noqa: S603 - fixed program and arguments
    seconds = time.perf_counter() - start
    chunks = sidecar.read_text(encoding="utf-8").split("\f")
    texts = [chunks[index] if index < len(chunks) else "" for index in range(page_count)]
    return Run("OCRmyPDF baseline", page_count, seconds, texts)


def run_tesseract(pages: list[GeneratedPage], jobs: int) -> Run:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def recognise(page: GeneratedPage) -> str:
        done = subprocess.run(  # noqa: S603 - fixed program and arguments
            ["tesseract", str(page.path), "-", "-l", "vie"],  # noqa: S607 - on PATH
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return done.stdout

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        texts = list(pool.map(recognise, pages))
    seconds = time.perf_counter() - start
    return Run("Tesseract alone (floor)", len(pages), seconds, texts)


# --- memory ---------------------------------------------------------------------------------


class _DescendantsSampler(threading.Thread):
    """The largest sum, seen so far, of the resident sizes of ``root``'s descendants."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_kb = root, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_kb = max(self.peak_kb, _descendants_rss_kb(self.root))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _descendants_rss_kb(root: int) -> int:
    """Resident size of ``root``'s descendants, through /proc/PID/task/TID/children."""
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                for child in children.read_text().split():
                    frontier.append(int(child))
                    total += _rss_kb(int(child))
    return total


def _rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _self_peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- character error rate ----------------------------------------------------------------------


def truth_lines(truth: str) -> list[str]:
    return [line for line in (normalise_text(raw) for raw in truth.splitlines()) if line]


def cer_errors(truth: str, output: str) -> int:
    """Edits that turn ``output`` into ``truth``, lines matched wherever they came out."""
    text = normalise_text(output)
    errors = 0
    for line in sorted(truth_lines(truth), key=len, reverse=True):
        distance, start, end = best_match(line, text)
        if distance >= len(line):
            errors += len(line)  # nothing like it came out: every character missing
            continue
        errors += distance
        text = text[:start] + "\x00" + text[end:]
    return errors + sum(1 for char in text if not char.isspace() and char != "\x00")


def best_match(pattern: str, text: str) -> tuple[int, int, int]:
    """(edit distance, start, end) of the stretch of ``text`` closest to ``pattern``.

    Myers' bit-parallel approximate matching: one pass for the best end, one
    over the reversed text for its start.
    """
    if not text:
        return len(pattern), 0, 0
    distance, end = _best_end(pattern, text)
    if distance >= len(pattern):
        return distance, 0, 0
    back, length = _best_end(pattern[::-1], text[:end][::-1])
    return back, end - length, end


def _best_end(pattern: str, text: str) -> tuple[int, int]:
    """(lowest edit distance of ``pattern`` against a stretch of ``text`` ending at i, i)."""
    m = len(pattern)
    top = 1 << (m - 1)
    full = (1 << m) - 1
    peq: dict[str, int] = {}
    for index, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << index)
    pv, mv, score = full, 0, m
    best, best_end = m, 0
    for position, char in enumerate(text, start=1):
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        if score < best:
            best, best_end = score, position
    return best, best_end
