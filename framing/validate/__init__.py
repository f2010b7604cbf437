"""Validation against human coding: samples, blind coding sheets, agreement.

Works on the result tables only (no model is imported), so a coded sample
can be assessed on any machine.

- :func:`sample_for_coding`: a reproducible sample stratified by outlet and
  the model's label.
- :func:`coding_sheet`: a blind CSV sheet for coders, with the codebook's
  label options; :class:`CodingWidget` codes it inside a notebook.
- :func:`read_coded`: coded sheets back, every value checked against
  :mod:`framing.labels`.
- :func:`agreement`: Krippendorff's alpha among coders and with the model,
  precision / recall / F1 against the human majority.
- :func:`confusion`, :func:`plot_confusion`, :func:`disagreements`: where the
  model errs.

>>> from framing import validate                                             # doctest: +SKIP
>>> sample = validate.sample_for_coding(res, n=100, seed=1)                   # doctest: +SKIP
>>> validate.coding_sheet(sample, "sheet_ana.csv", coder="ana")               # doctest: +SKIP
>>> coded = validate.read_coded(["sheet_ana.csv", "sheet_ben.csv"])           # doctest: +SKIP
>>> validate.agreement(sample, coded)                                         # doctest: +SKIP
"""

from __future__ import annotations

from framing.validate._agreement import agreement, alpha_nominal, confusion, disagreements, plot_confusion
from framing.validate._sample import sample_for_coding
from framing.validate._sheet import OPTIONS_ID, coding_sheet, read_coded
from framing.validate._tasks import DEFAULT_TASKS, TASKS
from framing.validate._widget import CodingWidget

__all__ = [
    "DEFAULT_TASKS",
    "OPTIONS_ID",
    "TASKS",
    "CodingWidget",
    "agreement",
    "alpha_nominal",
    "coding_sheet",
    "confusion",
    "disagreements",
    "plot_confusion",
    "read_coded",
    "sample_for_coding",
]
