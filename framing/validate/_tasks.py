"""The codable labels: their kind and allowed values, taken from :mod:`framing.labels`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from framing.labels import FRAMES, SENTENCE_ATTR_FORMS, STANCES, VOICES

#: Word a coder writes in a multi-label cell for "no label applies".
NONE_WORD = "none"
#: Separator between labels in a multi-label cell.
SEP = ";"
_YES = {"yes", "y", "true", "t", "1", "1.0"}
_NO = {"no", "n", "false", "f", "0", "0.0"}


@dataclass(frozen=True)
class CodeTask:
    """One label a coder fills in: ``kind`` is "categorical", "binary" or "multilabel"."""

    name: str
    unit: str  # "sentence" or "stance"
    kind: str
    labels: tuple[str, ...]  # allowed values (binary: ("yes", "no"))

    def options(self) -> str:
        """The options text shown to coders."""
        if self.kind == "binary":
            return "yes | no"
        if self.kind == "multilabel":
            return f"{' ; '.join(self.labels)}  (several: separate with '{SEP}'; '{NONE_WORD}' when no label applies)"
        return " | ".join(self.labels)


TASKS: dict[str, CodeTask] = {
    t.name: t
    for t in (
        CodeTask("attr_form", "sentence", "categorical", SENTENCE_ATTR_FORMS),
        CodeTask("hedged", "sentence", "binary", ("yes", "no")),
        CodeTask("loaded", "sentence", "binary", ("yes", "no")),
        CodeTask("agentless_passive", "sentence", "binary", ("yes", "no")),
        CodeTask("frames", "sentence", "multilabel", FRAMES),
        CodeTask("stance", "stance", "categorical", STANCES),
        CodeTask("voice", "stance", "categorical", VOICES),
    )
}

DEFAULT_TASKS = {
    "sentence": ("attr_form", "hedged", "loaded", "frames"),
    "stance": ("stance", "voice"),
}
UNITS = tuple(DEFAULT_TASKS)


def get_task(name: str) -> CodeTask:
    """Look up a codable label by name (``"frames:economic"`` gives the frames task)."""
    base = name.split(":", 1)[0]
    if base not in TASKS:
        raise ValueError(f"{name!r} is not a codable label; choose from {sorted(TASKS)}.")
    return TASKS[base]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return False
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and not value.strip()


class LabelError(ValueError):
    """A coded value that is not a label of the codebook."""


def parse_value(task: CodeTask, value: Any) -> Any:
    """A coder's cell as a label: str (categorical), bool (binary), frozenset (multi-label), None (blank).

    Raises
    ------
    LabelError
        When the value is not one of the task's labels; the message lists them.
    """
    if _blank(value):
        return None
    if task.kind == "binary":
        if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
            return bool(value)
        s = str(value).strip().lower()
        if s in _YES:
            return True
        if s in _NO:
            return False
        raise LabelError(f"{value!r} is not a value of {task.name!r}; allowed: yes, no (or true/false, 1/0)")
    if task.kind == "multilabel":
        if isinstance(value, (list, tuple, set, frozenset)):
            parts = [str(v).strip().lower() for v in value]
        else:
            parts = [p.strip().lower() for p in str(value).replace(",", SEP).split(SEP)]
        parts = [p for p in parts if p]
        if parts == [NONE_WORD]:
            return frozenset()
        bad = [p for p in parts if p not in task.labels]
        if bad:
            raise LabelError(
                f"{bad[0]!r} is not a label of {task.name!r}; allowed: {', '.join(task.labels)} "
                f"(separate several with '{SEP}', write '{NONE_WORD}' when none applies)"
            )
        return frozenset(parts)
    s = str(value).strip().lower()
    if s not in task.labels:
        raise LabelError(f"{value!r} is not a label of {task.name!r}; allowed: {', '.join(task.labels)}")
    return s


def model_value(task: CodeTask, value: Any) -> Any:
    """A model's table cell as a label (None where the model gave none)."""
    if task.kind == "multilabel":
        if value is None or (not isinstance(value, (list, tuple, set, frozenset)) and not hasattr(value, "tolist")
                             and _blank(value)):
            return None
        if hasattr(value, "tolist"):
            value = value.tolist()
        return frozenset(str(v) for v in value)
    if _blank(value):
        return None
    if task.kind == "binary":
        return bool(value)
    return str(value)


def format_value(task: CodeTask, value: Any) -> str:
    """A label as a sheet cell (the inverse of :func:`parse_value`)."""
    if value is None:
        return ""
    if task.kind == "binary":
        return "yes" if value else "no"
    if task.kind == "multilabel":
        return f"{SEP} ".join(f for f in task.labels if f in value) or NONE_WORD
    return str(value)
