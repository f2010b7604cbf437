"""The actor catalog: canonical actors and their aliases, loaded from data files."""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

ACTOR_TYPES = ("country", "bloc", "organization")

_ACTOR_KEYS = {
    "id",
    "type",
    "names",
    "article_names",
    "requires_article",
    "demonyms",
    "plural_demonyms",
    "capitals",
    "seats",
    "bodies",
    "state_media",
    "people",
}
_PERSON_KEYS = {"name", "aliases", "short", "office", "terms"}

# alias kinds, in the order the codebook lists the ways an actor is reached
ALIAS_KINDS = (
    "name",
    "demonym",
    "capital",
    "seat",
    "person",
    "body",
    "state_media",
    "description",
)


@dataclass(frozen=True)
class Alias:
    """One surface form of an actor."""

    text: str
    actor: str
    kind: str
    person: str | None = None  # the person's full name, for person aliases
    terms: tuple[tuple[_dt.date | None, _dt.date | None], ...] = ()
    short: bool = False  # matched only after the person was named in full
    article: bool = False  # a preceding "the" belongs to the mention
    requires_article: bool = False  # matched only after "the"

    def valid_on(self, date: _dt.date | None) -> bool:
        """Whether the alias stands for its actor on ``date`` (always when unknown)."""
        if not self.terms or date is None:
            return True
        for start, end in self.terms:
            if (start is None or start <= date) and (end is None or date <= end):
                return True
        return False


def _as_date(value: Any, where: str) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(
            f"Invalid date {value!r} in {where}. Write dates as ISO strings, e.g. '2023-03-11', or null."
        ) from None


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings; got {value!r}.")
    return [v.strip() for v in value if v.strip()]


class ActorCatalog:
    """Canonical actors and the aliases that reach them.

    The default catalog is the data file ``framing/resources/actors.yaml``
    (countries, blocs and organisations with names, demonyms, capitals and
    seats used as metonyms, state bodies, state media, and leaders and
    officials with their dates in office). Users extend it or replace it.

    Parameters
    ----------
    actors : list of dict
        Actor records in the schema of ``actors.yaml`` (see ``ACTORS.md``):
        ``id``, ``type``, ``names``, ``article_names``, ``requires_article``,
        ``demonyms``, ``plural_demonyms``, ``capitals``, ``seats``, ``bodies``,
        ``state_media``, ``people`` (``name``, ``aliases``, ``short``,
        ``office``, ``terms``).
    version : str, optional
        A version string recorded with results.
    nouns : dict, optional
        The generic nouns that turn a demonym into a mention (defaults to
        ``framing/resources/actor_nouns.yaml``).

    Examples
    --------
    >>> from framing import ActorCatalog
    >>> cat = ActorCatalog.default().extend(
    ...     [{"id": "Wagner Group", "type": "organization", "names": ["Wagner Group", "Wagner"]}]
    ... )
    >>> "Wagner Group" in cat
    True
    """

    def __init__(self, actors: Iterable[Mapping[str, Any]], *, version: str | None = None, nouns=None):
        self._records: list[dict[str, Any]] = [self._validate(dict(a), i) for i, a in enumerate(actors)]
        ids = [r["id"] for r in self._records]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"Duplicate actor ids in catalog: {dupes}. Give every actor a unique 'id'.")
        self.version = version or "custom"
        self._nouns = nouns if nouns is not None else _load_yaml_resource("actor_nouns.yaml")
        self._matcher = None

    # -- construction -----------------------------------------------------
    @classmethod
    def default(cls) -> "ActorCatalog":
        """The catalog shipped with framing (``resources/actors.yaml``)."""
        data = _load_yaml_resource("actors.yaml")
        return cls(data["actors"], version=str(data.get("version", "default")))

    @classmethod
    def from_file(cls, path: str | Path, *, extend_default: bool = False) -> "ActorCatalog":
        """Load a catalog from a YAML or JSON file in the schema of ``actors.yaml``.

        Parameters
        ----------
        path : str or Path
        extend_default : bool, default False
            Add the file's actors to the default catalog (an actor with an
            existing id replaces the default one) instead of replacing it.
        """
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"Actor catalog {path} does not exist.")
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        return cls.from_dict(data, extend_default=extend_default, version=f"file:{path.name}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | list, *, extend_default: bool = False, version=None):
        """A catalog from ``{"actors": [...]}`` or a list of actor records."""
        records = data.get("actors") if isinstance(data, Mapping) else data
        if not isinstance(records, list):
            raise ValueError(
                "An actor catalog is a list of actor records or a mapping with an 'actors' list; "
                f"got {type(data).__name__}."
            )
        if extend_default:
            return cls.default().extend(records)
        return cls(records, version=version or (data.get("version") if isinstance(data, Mapping) else None))

    def extend(self, actors: "ActorCatalog | Iterable[Mapping[str, Any]] | Mapping[str, Any]") -> "ActorCatalog":
        """A new catalog with ``actors`` added; an existing id is replaced."""
        if isinstance(actors, ActorCatalog):
            new = actors._records
        elif isinstance(actors, Mapping):
            new = actors.get("actors", [actors])
        else:
            new = list(actors)
        new = [self._validate(dict(a), i) for i, a in enumerate(new)]
        new_ids = {a["id"] for a in new}
        merged = [r for r in self._records if r["id"] not in new_ids] + new
        return ActorCatalog(merged, version=f"{self.version}+{len(new)}", nouns=self._nouns)

    @staticmethod
    def _validate(rec: dict[str, Any], index: int) -> dict[str, Any]:
        where = f"actor #{index}"
        if "id" not in rec or not isinstance(rec["id"], str) or not rec["id"].strip():
            raise ValueError(f"{where} has no 'id'. Every actor needs a canonical name, e.g. id: China.")
        where = f"actor {rec['id']!r}"
        unknown = set(rec) - _ACTOR_KEYS
        if unknown:
            raise ValueError(f"Unknown keys {sorted(unknown)} in {where}. Allowed keys: {sorted(_ACTOR_KEYS)}.")
        rec.setdefault("type", "country")
        if rec["type"] not in ACTOR_TYPES:
            raise ValueError(f"{where} has type {rec['type']!r}; use one of {ACTOR_TYPES}.")
        for key in _ACTOR_KEYS - {"id", "type", "people"}:
            rec[key] = _str_list(rec.get(key), f"{where}.{key}")
        people = []
        for j, p in enumerate(rec.get("people") or []):
            pwhere = f"{where}.people[{j}]"
            if not isinstance(p, Mapping) or not p.get("name"):
                raise ValueError(f"{pwhere} needs a 'name'.")
            unknown = set(p) - _PERSON_KEYS
            if unknown:
                raise ValueError(f"Unknown keys {sorted(unknown)} in {pwhere}. Allowed: {sorted(_PERSON_KEYS)}.")
            terms = []
            for t in p.get("terms") or []:
                if not isinstance(t, (list, tuple)) or len(t) != 2:
                    raise ValueError(f"{pwhere}.terms must be a list of [from, to] pairs; got {t!r}.")
                start, end = _as_date(t[0], pwhere), _as_date(t[1], pwhere)
                if start and end and end < start:
                    raise ValueError(f"{pwhere} has a term that ends before it starts: {t!r}.")
                terms.append((start, end))
            people.append(
                {
                    "name": str(p["name"]).strip(),
                    "aliases": _str_list(p.get("aliases"), f"{pwhere}.aliases"),
                    "short": _str_list(p.get("short"), f"{pwhere}.short"),
                    "office": p.get("office"),
                    "terms": tuple(terms),
                }
            )
        rec["people"] = people
        return rec

    # -- queries ----------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """The canonical actor ids, in catalog order."""
        return [r["id"] for r in self._records]

    def __contains__(self, actor: object) -> bool:
        return actor in self.ids

    def __len__(self) -> int:
        return len(self._records)

    def __repr__(self) -> str:
        return f"ActorCatalog({len(self)} actors, {len(self.aliases())} aliases, version={self.version!r})"

    def actor_type(self, actor: str) -> str:
        """``country``, ``bloc`` or ``organization``."""
        for r in self._records:
            if r["id"] == actor:
                return r["type"]
        raise KeyError(f"Unknown actor {actor!r}. Known actors: {self.ids[:10]}... (see ActorCatalog.ids).")

    def record(self, actor: str) -> dict[str, Any]:
        """A deep copy of the actor's record."""
        for r in self._records:
            if r["id"] == actor:
                return copy.deepcopy(r)
        raise KeyError(f"Unknown actor {actor!r}.")

    def aliases(self) -> list[Alias]:
        """Every alias of every actor (demonym-noun phrases are matched by rule, not listed)."""
        out: list[Alias] = []
        for r in self._records:
            aid = r["id"]
            article = set(r["article_names"])
            requires = set(r["requires_article"])
            for name in dict.fromkeys(r["names"] + r["article_names"] + r["requires_article"]):
                out.append(
                    Alias(name, aid, "name", article=name in article or name in requires,
                          requires_article=name in requires)
                )
            for d in r["demonyms"]:
                out.append(Alias(d, aid, "demonym"))
            for d in r["plural_demonyms"]:
                out.append(Alias(d, aid, "demonym", article=True))
            for c in r["capitals"]:
                out.append(Alias(c, aid, "capital"))
            for s in r["seats"]:
                out.append(Alias(s, aid, "seat", article=True))
            for b in r["bodies"]:
                out.append(Alias(b, aid, "body", article=True))
            for m in r["state_media"]:
                out.append(Alias(m, aid, "state_media"))
            for p in r["people"]:
                for text in dict.fromkeys([p["name"], *p["aliases"]]):
                    out.append(Alias(text, aid, "person", person=p["name"], terms=p["terms"]))
                for text in p["short"]:
                    out.append(Alias(text, aid, "person", person=p["name"], terms=p["terms"], short=True))
                # "the Putin administration", "the Lukashenko regime"
                surnames = [a for a in [p["name"].split()[-1], *p["aliases"]] if " " not in a]
                for s in dict.fromkeys(surnames):
                    for noun in ("administration", "government", "regime", "cabinet"):
                        out.append(
                            Alias(f"{s} {noun}", aid, "body", person=None, terms=p["terms"], article=True)
                        )
        return out

    def to_frame(self):
        """The aliases as a tidy DataFrame: actor, alias, kind, person, short, valid_from, valid_to."""
        import pandas as pd

        rows = []
        for a in self.aliases():
            start = min((t[0] for t in a.terms if t[0]), default=None)
            ends = [t[1] for t in a.terms]
            end = None if (not ends or None in ends) else max(ends)
            rows.append(
                {"actor": a.actor, "alias": a.text, "kind": a.kind, "person": a.person,
                 "short": a.short, "valid_from": start, "valid_to": end}
            )
        return pd.DataFrame(rows)

    @property
    def nouns(self) -> dict[str, list[str]]:
        """The demonym nouns by class (body, office, media, event)."""
        return self._nouns

    def fingerprint(self) -> str:
        """sha256 of the catalog content, recorded with results for reproducibility."""
        blob = json.dumps([self._records, self._nouns], sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()

    @property
    def matcher(self):
        """The compiled mention matcher (built once, on first use)."""
        if self._matcher is None:
            from ._matcher import MentionMatcher

            self._matcher = MentionMatcher(self)
        return self._matcher


def _load_yaml_resource(name: str) -> Any:
    with resources.files("framing.resources").joinpath(name).open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)
