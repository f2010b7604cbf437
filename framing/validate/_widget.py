"""An in-notebook coding widget over the coding-sheet format (ipywidgets, imported lazily)."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from ._sheet import OPTIONS_ID
from ._tasks import TASKS, LabelError, _blank, format_value, parse_value

logger = logging.getLogger("framing")


def _ipywidgets():
    try:
        return importlib.import_module("ipywidgets")
    except ImportError as exc:
        raise ImportError(
            "CodingWidget needs ipywidgets: pip install ipywidgets (or pip install 'framing[notebook]'). "
            "Without it, code the CSV of coding_sheet(...) in a spreadsheet."
        ) from exc


class CodingWidget:
    """Code a sheet one unit at a time in a notebook; every change is saved to CSV.

    Parameters
    ----------
    sheet : DataFrame, str or Path
        A sheet made by :func:`coding_sheet` (or the path of its CSV).
    path : str or Path
        Where the coded sheet is saved (the same format, readable by
        :func:`read_coded`). When the file exists, its codes are loaded, so a
        coder can stop and resume.
    coder : str, optional
        Written into the ``coder`` column.

    Attributes
    ----------
    position : int
        The unit shown (0-based, among the units).
    tasks : list of str
        The label columns of the sheet.

    Raises
    ------
    ImportError
        When ipywidgets is not installed (``pip install ipywidgets``).

    Examples
    --------
    >>> w = CodingWidget(coding_sheet(sample), "codes_ana.csv", coder="ana")  # doctest: +SKIP
    >>> w   # shows the unit, a dropdown per label, Back / Next buttons          # doctest: +SKIP
    """

    def __init__(self, sheet: pd.DataFrame | str | Path, path: str | Path, *, coder: str | None = None):
        self._widgets = _ipywidgets()
        if not isinstance(sheet, pd.DataFrame):
            sheet = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if "unit_id" not in sheet.columns:
            raise ValueError("CodingWidget needs a sheet made by coding_sheet(...) (with a 'unit_id' column).")
        sheet = sheet.astype(object).where(sheet.notna(), "").astype(str)
        is_opt = sheet["unit_id"].eq(OPTIONS_ID)
        self._options_row = sheet[is_opt].head(1)
        self.units = sheet[~is_opt].reset_index(drop=True).copy()
        self.tasks = [c for c in self.units.columns if c in TASKS]
        if not self.tasks:
            raise ValueError(f"The sheet has no label column; expected some of {sorted(TASKS)}.")
        self.path = Path(path)
        if self.path.exists():
            saved = pd.read_csv(self.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            saved = saved[saved["unit_id"] != OPTIONS_ID].set_index("unit_id")
            for col in self.tasks + ["notes", "coder"]:
                if col in saved.columns and col in self.units.columns:
                    vals = saved[col].reindex(self.units["unit_id"])
                    keep = vals.notna().to_numpy() & (vals.fillna("") != "").to_numpy()
                    self.units.loc[keep, col] = vals[keep].to_numpy()
        if coder:
            self.units["coder"] = coder
        self.position = self._first_uncoded()
        self._ui = None

    # -- state ---------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.units)

    def _first_uncoded(self) -> int:
        for i in range(len(self.units)):
            if any(_blank(self.units.at[i, t]) for t in self.tasks):
                return i
        return 0

    @property
    def current(self) -> dict[str, Any]:
        """The unit shown: its ids, text and current codes."""
        return self.units.iloc[self.position].to_dict()

    @property
    def n_coded(self) -> int:
        """Units with every label filled in."""
        filled = self.units[self.tasks].apply(lambda col: col.map(lambda v: not _blank(v)))
        return int(filled.all(axis=1).sum())

    def set(self, task: str, value: Any, *, save: bool = True) -> None:
        """Code ``task`` of the current unit (checked against the codebook); blank clears it.

        Raises
        ------
        ValueError
            For an unknown label column or a value that is not a label.
        """
        if task not in self.tasks and task != "notes":
            raise ValueError(f"{task!r} is not a label of this sheet; its labels are {self.tasks}.")
        if task == "notes":
            cell = "" if value is None else str(value)
        else:
            spec = TASKS[task]
            try:
                cell = format_value(spec, parse_value(spec, value))
            except LabelError as exc:
                raise ValueError(f"unit {self.current['unit_id']}: {exc}.") from None
        self.units.at[self.position, task] = cell
        if save:
            self.save()

    def go(self, position: int) -> None:
        """Show the unit at ``position`` (clipped to the sheet)."""
        self.position = max(0, min(int(position), len(self.units) - 1))
        self._refresh()

    def next(self) -> None:
        """Show the next unit."""
        self.go(self.position + 1)

    def previous(self) -> None:
        """Show the previous unit."""
        self.go(self.position - 1)

    def save(self) -> Path:
        """Write the sheet, options row first, as UTF-8 CSV at ``path``."""
        frame = pd.concat([self._options_row, self.units], ignore_index=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        tmp.replace(self.path)
        return self.path

    # -- UI (built on first display) -----------------------------------------
    def _choices(self, task: str) -> list[tuple[str, str]]:
        spec = TASKS[task]
        if spec.kind == "binary":
            return [("", ""), ("yes", "yes"), ("no", "no")]
        return [("", "")] + [(label, label) for label in spec.labels]

    def _build(self):
        w = self._widgets
        self._html = w.HTML()
        self._inputs = {}
        for t in self.tasks:
            if TASKS[t].kind == "multilabel":
                box = w.SelectMultiple(options=list(TASKS[t].labels) + ["none"], description=t, rows=6)
            else:
                box = w.Dropdown(options=self._choices(t), description=t)
            box.observe(lambda change, t=t: self._on_change(t, change), names="value")
            self._inputs[t] = box
        self._notes = w.Text(description="notes")
        self._notes.observe(lambda change: self._on_change("notes", change), names="value")
        back, nxt = w.Button(description="◀ Back"), w.Button(description="Next ▶")
        back.on_click(lambda _: self.previous())
        nxt.on_click(lambda _: self.next())
        self._status = w.Label()
        self._ui = w.VBox([self._html, *self._inputs.values(), self._notes, w.HBox([back, nxt, self._status])])
        self._refresh()
        return self._ui

    def _on_change(self, task: str, change: dict) -> None:
        if getattr(self, "_updating", False):
            return
        value = change["new"]
        if isinstance(value, tuple):
            value = "none" if value == ("none",) else "; ".join(v for v in value if v != "none")
        self.set(task, value)
        self._refresh(inputs=False)

    def _refresh(self, inputs: bool = True) -> None:
        if self._ui is None:
            return
        import html

        u = self.current
        target = f"<p><b>Target:</b> {html.escape(u['target'])}</p>" if "target" in u else ""
        self._html.value = (
            f"<p style='color:#666'>{html.escape(u.get('context_before', ''))}</p>"
            f"<p style='font-size:1.1em'><b>{html.escape(u.get('text', ''))}</b></p>"
            f"<p style='color:#666'>{html.escape(u.get('context_after', ''))}</p>{target}"
        )
        if inputs:
            self._updating = True
            try:
                for t, box in self._inputs.items():
                    v = u.get(t, "")
                    if TASKS[t].kind == "multilabel":
                        box.value = tuple(p.strip() for p in v.split(";") if p.strip())
                    else:
                        box.value = v if v in dict(self._choices(t)).values() else ""
                self._notes.value = u.get("notes", "")
            finally:
                self._updating = False
        self._status.value = f"unit {self.position + 1} of {len(self)} · {self.n_coded} coded · saved to {self.path}"

    @property
    def widget(self):
        """The ipywidgets box (built on first use)."""
        return self._ui if self._ui is not None else self._build()

    def _ipython_display_(self):  # pragma: no cover - needs a front end
        from IPython.display import display

        display(self.widget)

    def __repr__(self) -> str:
        return f"CodingWidget({len(self)} units, {self.n_coded} coded, tasks={self.tasks}, path={str(self.path)!r})"
