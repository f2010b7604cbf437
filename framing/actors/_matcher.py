"""One compiled matcher for every alias of the catalog.

All aliases are compiled into a single regular expression shaped as a trie
(shared prefixes factored out), so the engine does one left-to-right pass per
text however large the catalog is, and the greedy trie gives the longest alias
at each position. Matching is case-sensitive ("Turkey" is not "turkey", "US" is
not "us"), bounded by non-word characters (so "Beijing's" yields "Beijing").

Rules on top of the raw matches (CODEBOOK §3):

- demonyms are mentions only as participants: followed by a body noun
  ("Belarusian presidency": the phrase), an event noun ("Russian attacks": the
  demonym), or used as a noun ("Belarusian and Chinese."); a demonym followed by
  an office ("The Belarusian leader") is a description mention, unless a name
  follows ("Chinese Premier Li Keqiang"): then the title is the name's epithet,
  and the name is the mention even when the catalog does not know the person;
- short person forms ("Li") count only after the full name appeared earlier in
  the same article, and any person alias only on dates inside the person's
  terms of office (when the article's date is known);
- a preceding "the" belongs to names written with the article ("the United
  States", "the Kremlin", "the Putin administration").
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import dataclass

from ._catalog import ActorCatalog, Alias

_WORD = r"[\w'’.-]"


def _trie_regex(strings: list[str]) -> str:
    """A regex matching any of ``strings``, longest first, built as a trie."""
    trie: dict = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # greedy optional: the longer continuation is tried first
            return "(?:" + body + ")?"
        return body

    return emit(trie)


@dataclass
class RawMention:
    start: int
    end: int
    actor: str
    kind: str
    text: str


class MentionMatcher:
    """Finds actor mentions in text with the rules of CODEBOOK §3."""

    def __init__(self, catalog: ActorCatalog):
        self.catalog = catalog
        by_text: dict[str, list[Alias]] = defaultdict(list)
        for a in catalog.aliases():
            by_text[a.text].append(a)
        self._by_text = dict(by_text)
        # phrases that contain an alias but name no actor ("Latin America",
        # "CCTV footage"): matched like aliases so that they win the longest
        # match, then dropped
        self._stop = {p for p in catalog.nouns.get("stop_phrases", []) if p not in by_text}
        alternation = _trie_regex(sorted(set(by_text) | self._stop))
        self._re = re.compile(
            r"(?<![\w'’])(?<![Pp]ro-)(?<![Aa]nti-)(" + alternation + r")(?!\w)(?!['’](?!s\b)\w)"
        )
        nouns = catalog.nouns

        def noun_re(key: str) -> re.Pattern:
            words = sorted({n.lower() for n in nouns.get(key, [])}, key=len, reverse=True)
            alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
            return re.compile(r"[ \t]+(?i:(" + alt + r"))(?![\w-])")

        self._body = noun_re("body")
        self._office = noun_re("office")
        self._media = noun_re("media")
        self._event = noun_re("event")
        self._demonyms = {a.text for a in catalog.aliases() if a.kind == "demonym"}
        # a capitalised name after a title: up to four capitalised words
        self._name_after = re.compile(r"[ \t]+((?:[A-Z][\w'’-]*\.?[ \t]+){0,3}[A-Z][\w'’-]+)")
        self._coord = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+|[ \t]*/[ \t]*)")
        self._the = re.compile(r"(?:the|The|THE)[ \t]+$")
        self._noun_use = re.compile(r"[ \t]*(?:[.,;:!?)\]\"”»]|$|[ \t]*\n|[ \t]+(?:who|which|that|were|are|have|had|was|is|in|on|at|from)\b)")

    # ------------------------------------------------------------------
    def find(self, text: str, *, date: _dt.date | None = None, known_people: set[str] | None = None):
        """Mentions in ``text`` as :class:`RawMention` objects, in order.

        Parameters
        ----------
        text : str
        date : datetime.date, optional
            The article's date: person aliases count only inside their terms.
        known_people : set of str, optional
            Full names already seen in the article (updated in place), which
            licence their short forms.
        """
        known = known_people if known_people is not None else set()
        recent: dict[str, str] = {}  # short alias -> most recent full person name
        out: list[RawMention] = []
        pos = 0
        n = len(text)
        while pos < n:
            m = self._re.search(text, pos)
            if m is None:
                break
            s, e = m.span(1)
            surface = m.group(1)
            pos = e
            cands = self._by_text.get(surface)
            if not cands:  # a stop phrase
                continue
            kind = cands[0].kind
            if kind == "demonym" and not cands[0].article:
                res = self._demonym(text, s, e, surface, cands, date, known, recent)
                if res:
                    for r in res:
                        out.append(r)
                    pos = max(pos, res[-1].end)
                continue
            alias = self._choose(cands, date, known, recent)
            if alias is None:
                continue
            if alias.requires_article and not self._the.search(text, max(0, s - 4), s):
                continue
            if alias.requires_article and self._name_after.match(text, e):
                continue  # "the West Bank", "the West Coast"
            if alias.kind == "person" and alias.person:
                known.add(alias.person)
                self._remember(alias, recent)
            start = s
            if alias.article:
                t = self._the.search(text, max(0, s - 4), s)
                if t:
                    start = t.start()
            out.append(RawMention(start, e, alias.actor, alias.kind, text[start:e]))
        return out

    def _remember(self, alias: Alias, recent: dict[str, str]) -> None:
        for a in self._short_of(alias.person):
            recent[a] = alias.person

    def _short_of(self, person: str) -> list[str]:
        cache = getattr(self, "_short_cache", None)
        if cache is None:
            cache = defaultdict(list)
            for text, aliases in self._by_text.items():
                for a in aliases:
                    if a.short:
                        cache[a.person].append(text)
            self._short_cache = cache
        return cache.get(person, [])

    @staticmethod
    def _choose(cands: list[Alias], date, known: set[str], recent: dict[str, str]) -> Alias | None:
        valid = [a for a in cands if a.valid_on(date)]
        if not valid:
            return None
        full = [a for a in valid if not a.short]
        if full:
            # several actors share an alias only when dates tell them apart;
            # without a date prefer the current (open) term
            if len(full) > 1 and date is None:
                full.sort(key=lambda a: (0 if any(t[1] is None for t in a.terms) or not a.terms else 1))
            return full[0]
        shorts = [a for a in valid if a.person in known]
        if not shorts:
            return None
        if len(shorts) > 1:
            target = recent.get(shorts[0].text)
            for a in shorts:
                if a.person == target:
                    return a
        return shorts[0]

    def _person_at(self, text: str, pos: int, date, known, recent) -> RawMention | None:
        """A catalog person alias starting exactly at ``pos``."""
        m = self._re.match(text, pos)
        if m is None:
            return None
        cands = self._by_text.get(m.group(1), [])
        cands = [a for a in cands if a.kind in ("person", "state_media")]
        if not cands:
            return None
        alias = self._choose(cands, date, known, recent)
        if alias is None:
            return None
        if alias.person:
            known.add(alias.person)
            self._remember(alias, recent)
        return RawMention(m.start(1), m.end(1), alias.actor, alias.kind, m.group(1))

    def _demonym(self, text, s, e, surface, cands, date, known, recent) -> list[RawMention]:
        actor = cands[0].actor
        # demonym + body noun: the phrase ("the Belarusian presidency")
        # demonym + office / state media: a title before a name, else a description
        for rx, kind in ((self._media, "state_media"), (self._office, "description")):
            o = rx.match(text, e)
            if not o:
                continue
            nm = self._name_after.match(text, o.end())
            if nm:
                person = self._person_at(text, nm.start(1), date, known, recent)
                if person is not None:
                    return [person]
                # an official the catalog does not know, named after a title
                name_text = nm.group(1)
                if nm.group(1).split()[0] not in self._demonyms:
                    return [RawMention(nm.start(1), nm.end(1), actor, "person", name_text)]
            start = s
            t = self._the.search(text, max(0, s - 4), s)
            if t:
                start = t.start()
            return [RawMention(start, o.end(), actor, kind, text[start : o.end()])]
        b = self._body.match(text, e)
        if b:
            start = s
            t = self._the.search(text, max(0, s - 4), s)
            if t:
                start = t.start()
            return [RawMention(start, b.end(), actor, "body", text[start : b.end()])]
        # demonym + event noun: the demonym is the participant ("Russian attacks")
        if self._event.match(text, e):
            return [RawMention(s, e, actor, "demonym", surface)]
        # coordinated demonyms share the noun that follows them: "Russian and Belarusian forces"
        c = self._coord.match(text, e)
        if c:
            m2 = self._re.match(text, c.end())
            if m2 and m2.group(1) in self._demonyms:
                rest = self._demonym(text, m2.start(1), m2.end(1), m2.group(1),
                                     self._by_text[m2.group(1)], date, known, recent)
                if rest:
                    kind = rest[0].kind
                    first = RawMention(s, e, actor, "demonym" if kind != "body" else "body", surface)
                    return [first, *rest]
                return []
        # demonym used as a noun ("the peoples - Belarusian and Chinese.")
        if self._noun_use.match(text, e):
            return [RawMention(s, e, actor, "demonym", surface)]
        return []
