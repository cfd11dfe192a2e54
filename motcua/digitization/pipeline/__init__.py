"""The digitization pipeline: small steps, each with a contract, run in a temp dir.

``STEPS`` is data: signing, filing in the warehouse and indexing are later
steps appended to it, each a ``Step`` (see ``base``).
"""

from motcua.digitization.pipeline.base import (
    Context,
    PageInfo,
    QualityRefused,
    ScanConfig,
    Step,
    StepError,
    run_steps,
)
from motcua.digitization.pipeline.steps import STEPS

__all__ = [
    "STEPS",
    "Context",
    "PageInfo",
    "QualityRefused",
    "ScanConfig",
    "Step",
    "StepError",
    "run_steps",
]
