"""Attribution extraction: reporting events, sentence forms and hedges."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any, Sequence

from framing.attribution._lexicon import Lexicon, get_lexicon
from framing.attribution._quotes import sentence_quotes
from framing.attribution._sources import PERSONISH, type_source
from framing.batch import Attribution, Document, Mention, Sentence

logger = logging.getLogger("framing")

_SOURCE_DROP = frozenset({"conj", "cc", "appos", "relcl", "punct", "preconj"})
_MOD_DEPS = frozenset(
    {"prep", "npadvmod", "advmod", "punct", "dative", "agent", "aux", "auxpass", "neg",
     "prt", "cc", "nsubj", "nsubjpass", "dobj", "advcl", "mark", "tmod"}
)
_VENUE_PREPS = frozenset({"in", "at", "on", "during", "via", "through", "from", "after", "before"})
_XCOMP_CLIMB = frozenset({"continue", "go", "begin", "start", "repeat", "hear", "see", "quote"})
_REL_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_FORM_PRIORITY = {"according_to": 3, "direct": 2, "mixed": 1, "indirect": 0}
_PUNCT_SPACE = frozenset(" \t\n,.;:!?-\u2013\u2014\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()")
_DASHES = frozenset({"\u2015", "\u2014", "\u2013", "--", "-"})
_QUOTE_MARK_CHARS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`")
_NAME_JOINERS = frozenset({"of", "de", "del", "da", "la", "le", "van", "von", "der", "al", "bin",
                           "ibn", "'s", "\u2019s", "-", "&", "."})
_FIRST_PERSON = frozenset({"i", "we", "you"})
_SAY_LIKE_CONTENT = frozenset({"ccomp", "advcl"})


@dataclass
class _Event:
    """A reporting event in sentence-local character offsets."""

    form: str
    source: tuple[int, int] | None
    source_type: str
    cue: str
    cue_span: tuple[int, int]
    content: tuple[int, int]
    quote_ids: list[int] = field(default_factory=list)


def _tok_end(t) -> int:
    return t.idx + len(t.text)


def _span(tokens) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_punct]
    if not toks:
        return None
    return min(t.idx for t in toks), max(_tok_end(t) for t in toks)


def _phrase_tokens(head, drop=_SOURCE_DROP) -> list:
    """The head's subtree without coordinated, appositive or relative parts."""
    out = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if t is head and c.dep_ in drop:
                continue
            if t is not head and c.dep_ in ("conj", "cc") and t.head == head and t.dep_ in ("conj",):
                continue
            stack.append(c)
    out.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    i = next(k for k, t in enumerate(out) if t is head)
    lo = hi = i
    while lo > 0 and out[lo - 1].i == out[lo].i - 1:
        lo -= 1
    while hi < len(out) - 1 and out[hi + 1].i == out[hi].i + 1:
        hi += 1
    run = out[lo : hi + 1]
    while run and (run[0].is_punct or run[0].dep_ == "cc"):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
        run = run[:-1]
    return run or [head]


def _typing_tokens(head) -> list:
    """Tokens used for typing: the phrase plus appositions ("Smith, a farmer")."""
    toks = list(_phrase_tokens(head))
    for c in head.children:
        if c.dep_ == "appos":
            toks.extend(c.subtree)
    return toks


def _name_run(tokens) -> bool:
    """Whether ``tokens`` read as a short name or label ("Pence", "Jane A. Doe", "WALLACE")."""
    words = [t for t in tokens if not (t.is_punct and t.text == ".")]
    if not 1 <= len(words) <= 5:
        return False
    if not (words[0].text[:1].isupper() and words[-1].text[:1].isupper()):
        return False
    for t in words:
        if t.lower_ in _NAME_JOINERS:
            continue
        if not t.text[:1].isupper() or not any(ch.isalpha() for ch in t.text):
            return False
        if t.pos_ in ("VERB", "AUX") and not t.text.isupper():
            return False
    return True


def _coordinated(head) -> list:
    heads = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            heads.extend(_coordinated(c))
    return heads


def _find_subject(verb, depth: int = 0):
    """The subject of ``verb``, climbing through conjuncts and non-finite clauses.

    Returns (token or None, passive: bool, agentless: bool).
    """
    if depth > 4:
        return None, False, False
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g, True, False
    for c in verb.children:
        if c.dep_ == "nsubj":
            if c.lower_ in _REL_PRONOUNS and verb.dep_ == "relcl":
                return verb.head, False, False
            return c, False, False
        if c.dep_ == "nsubjpass":
            return c, True, True
        if c.dep_ == "expl":
            return None, True, True
    dep = verb.dep_
    head = verb.head
    if head == verb:
        return None, passive, passive
    if dep == "conj":
        return _find_subject(head, depth + 1)
    if dep in ("xcomp", "advcl", "pcomp"):
        if dep == "pcomp" and head.dep_ == "prep":
            head = head.head
        elif dep == "xcomp" and not (
            any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
            or head.lemma_.lower() in _XCOMP_CLIMB
        ):
            return None, passive, passive  # "failed to condemn": no speech act
        elif dep == "advcl" and verb.tag_ != "VBG":
            return None, passive, passive
        subj, pas, agentless = _find_subject(head, depth + 1)
        if subj is not None and pas and agentless:
            # "X was quoted as saying", "X could be heard telling": X is the speaker
            return subj, False, False
        return subj, pas, agentless
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
        return head, False, False  # "a statement saying that ..."
    return None, passive, passive


class _SentenceExtractor:
    def __init__(self, lex: Lexicon, sent: Sentence, sp, quotes_local, mentions, catalog,
                 resolve, prev_quote: int | None = None):
        self.lex = lex
        self.sent = sent
        self.sp = sp
        self.text = sent.text
        self.quotes = quotes_local  # list of (start, end, quote_index)
        self.mentions = mentions
        self.catalog = catalog
        self.resolve = resolve
        self.used_quotes: set[int] = set()
        self.events: list[_Event] = []
        self.skip_tokens: set[int] = set()
        self.prev_quote = prev_quote  # a quotation closing the previous sentence

    # --- helpers -------------------------------------------------------------
    def _mentions_in(self, a: int, b: int) -> list[Mention]:
        base = self.sent.start
        return [m for m in self.mentions if m.start < base + b and m.end > base + a]

    def _source(self, head) -> tuple[tuple[int, int] | None, str]:
        toks = _phrase_tokens(head)
        span = _span(toks) or (head.idx, _tok_end(head))
        typing = _typing_tokens(head)
        tspan = _span(typing) or span
        mentions = self._mentions_in(*tspan)
        ante = None
        if head.pos_ == "PRON":
            ante = self.resolve(self.sent.start + span[0])
        st = type_source(typing, head, mentions, self.lex, catalog=self.catalog,
                         antecedent_type=ante)
        return span, st

    def _gap_ok(self, a: int, b: int, allowed: set[int]) -> bool:
        if a > b:
            return False
        for t in self.sp:
            if t.idx >= b:
                break
            if _tok_end(t) <= a:
                continue
            if t.is_punct or t.is_space or t.i in allowed:
                continue
            return False
        return True

    def _adjacent_quotes(self, chunk: tuple[int, int], allowed: set[int]) -> list:
        out = []
        for q in self.quotes:
            qs, qe, qid = q
            if qid in self.used_quotes:
                continue
            if qe <= chunk[0] and self._gap_ok(qe, chunk[0], allowed):
                out.append(q)
            elif qs >= chunk[1] and self._gap_ok(chunk[1], qs, allowed):
                out.append(q)
        return out

    def _form(self, content: tuple[int, int], chunk: tuple[int, int] | None = None
              ) -> tuple[str, tuple[int, int], list[int]]:
        cs, ce = content
        over = [q for q in self.quotes if q[0] < ce and q[1] > cs]
        if not over:
            return "indirect", content, []
        text = self.text
        inside = [False] * (ce - cs)
        for qs, qe, _ in over:
            for k in range(max(qs, cs), min(qe, ce)):
                inside[k - cs] = True
        if chunk is not None:  # the speaker and cue between two quotation parts
            for k in range(max(chunk[0], cs), min(chunk[1], ce)):
                inside[k - cs] = True
        outside_alnum = sum(1 for k in range(cs, ce) if not inside[k - cs] and text[k].isalnum())
        ids = [q[2] for q in over]
        if outside_alnum <= 1:
            return "direct", (min(cs, min(q[0] for q in over)), max(ce, max(q[1] for q in over))), ids
        return "mixed", content, ids

    def _add(self, form_hint: str | None, src_head, cue: str, cue_span, content, agentless=False,
             chunk=None):
        if form_hint == "according_to":
            form, ids = "according_to", []
        else:
            form, content, ids = self._form(content, chunk)
        heads = _coordinated(src_head) if src_head is not None else [None]
        for h in heads:
            if h is None:
                src, st = None, "unnamed"
            else:
                src, st = self._source(h)
            self.events.append(_Event(form, src, st, cue, cue_span, content, ids))
        self.used_quotes.update(ids)

    def _add_tokens(self, src_toks, cue: str, cue_span, content, quote_ids=None) -> None:
        """An event whose source is a token run found without the parse tree."""
        span = _span(src_toks)
        head = src_toks[-1]
        st = type_source(src_toks, head, self._mentions_in(*span), self.lex, catalog=self.catalog)
        if quote_ids:  # content is a quotation of another sentence
            self.events.append(_Event("direct", span, st, cue, cue_span, content, list(quote_ids)))
            return
        if cue == ":" and any(q[0] <= span[0] and q[1] > content[0] for q in self.quotes):
            # a quoted transcript line ('"SMITH: Well, ...'): the marks enclose the
            # speaker label too, so they do not quote the speaker's words
            self.events.append(_Event("indirect", span, st, cue, cue_span, content, []))
            return
        form, content, ids = self._form(content)
        self.events.append(_Event(form, span, st, cue, cue_span, content, ids))
        self.used_quotes.update(ids)

    def _colon_label(self) -> None:
        """Headline and transcript speakers: "Pence: Flowers won't attend", "SMITH: Well, ..."."""
        toks = [t for t in self.sp if not t.is_space]
        k = 0
        while k < len(toks) and toks[k].is_punct and toks[k].text[:1] in _QUOTE_MARK_CHARS:
            k += 1
        colon = next((j for j in range(k, min(len(toks), k + 7)) if toks[j].text == ":"), None)
        if colon is None or colon == k:
            return
        label = toks[k:colon]
        rest = [t for t in toks[colon + 1:] if not t.is_punct]
        if len(rest) < 2 or not _name_run(label):
            return
        text = " ".join(t.lower_ for t in label)
        if text in self.lex.colon_labels or label[-1].lower_ in self.lex.colon_labels \
                or label[0].lower_ in self.lex.colon_labels or any(t.like_num for t in label):
            return
        # not a clock time or a list intro inside a sentence ("The plan has three parts:")
        if label[-1].ent_type_ in ("DATE", "TIME"):
            return
        content = (_tok_end(toks[colon]), len(self.text))
        content = self._strip(*content)
        if content[1] <= content[0]:
            return
        ct = toks[colon]
        self._add_tokens(label, ":", (ct.idx, _tok_end(ct)), content)
        self.skip_tokens.update(t.i for t in label)

    def _dash_signature(self) -> None:
        """A signature after a quotation: '"..." \u2015 Jane Doe' (same or previous sentence)."""
        sp = self.sp
        n = len(sp)
        for d in sp:
            if d.text not in _DASHES:
                continue
            # the name runs to the end of the sentence or of the line
            name = []
            for t in sp[d.i + 1 :]:
                if t.is_space and "\n" in t.text:
                    break
                if not t.is_space:
                    name.append(t)
                if "\n" in t.whitespace_:
                    break
            while name and name[-1].is_punct and name[-1].text in (".", ",", ";"):
                name.pop()
            if not name or not _name_run(name):
                continue
            last = name[-1].i
            after = [t for t in sp[last + 1 : n] if not t.is_space]
            if after and not (all(t.is_punct for t in after) or "\n" in self.text[_tok_end(name[-1]):after[0].idx]):
                continue
            cue_span = (d.idx, _tok_end(d))
            before = [t for t in sp[: d.i] if not t.is_space]
            if not before or all(t.is_punct and t.text[:1] in _QUOTE_MARK_CHARS for t in before):
                if self.prev_quote is None:
                    continue
                self._add_tokens(name, "\u2014", cue_span, (0, 0), quote_ids=[self.prev_quote])
            else:
                q = next((q for q in self.quotes if q[1] <= d.idx and not any(
                    ch.isalnum() for ch in self.text[q[1]:d.idx])), None)
                if q is None:
                    continue
                self._add_tokens(name, "\u2014", cue_span, (q[0], q[1]))
            self.skip_tokens.update(t.i for t in name)
            self.skip_tokens.add(d.i)

    def _strip(self, a: int, b: int) -> tuple[int, int]:
        while a < b and self.text[a] in _PUNCT_SPACE and self.text[a] not in _QUOTE_MARK_CHARS:
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return a, b

    # --- cues ------------------------------------------------------------------
    def run(self) -> list[_Event]:
        sp = self.sp
        self._colon_label()
        self._dash_signature()
        for t in sp:
            low = t.lower_
            if low == "according" and any(c.lower_ == "to" for c in t.children):
                self._according(t)
            elif low in ("citing", "quoting") and t.pos_ in ("VERB", "NOUN"):
                self._citing(t)
            elif low == "per" and t.pos_ == "ADP":
                self._per(t)
        for t in sp:
            if t.i in self.skip_tokens:
                continue
            if t.pos_ in ("VERB", "AUX") or (t.pos_ == "NOUN" and t.tag_.startswith("VB")):
                self._verb(t)
        for t in sp:
            if t.pos_ == "NOUN" and t.i not in self.skip_tokens:
                self._noun(t)
        return self.events

    def _rest_of_sentence(self, pp: tuple[int, int]) -> tuple[int, int]:
        n = len(self.text)
        left = (0, pp[0])
        right = (pp[1], n)

        def strip(a, b):
            while a < b and self.text[a] in _PUNCT_SPACE:
                a += 1
            while b > a and self.text[b - 1] in _PUNCT_SPACE:
                b -= 1
            return a, b

        left, right = strip(*left), strip(*right)
        if left[1] - left[0] >= right[1] - right[0]:
            return left
        return right

    def _according(self, t) -> None:
        to = next(c for c in t.children if c.lower_ == "to")
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return
        pp = (t.idx, max(_tok_end(x) for x in pobj.subtree))
        self._add("according_to", pobj, "according to", (t.idx, _tok_end(to)),
                  self._rest_of_sentence(pp))
        self.skip_tokens.update(x.i for x in pobj.subtree)
        self.skip_tokens.update((t.i, to.i))

    def _citing(self, t) -> None:
        obj = next((c for c in t.children if c.dep_ in ("dobj", "pobj")), None)
        if obj is None or obj.pos_ not in ("NOUN", "PROPN", "PRON"):
            return
        pp = (t.idx, max(_tok_end(x) for x in t.subtree))
        self._add("according_to", obj, t.lower_, (t.idx, _tok_end(t)),
                  self._rest_of_sentence(pp))
        self.skip_tokens.update(x.i for x in t.subtree)

    def _per(self, t) -> None:
        prev = t.nbor(-1) if t.i > 0 else None
        if prev is not None and not (prev.is_punct or prev.is_sent_start):
            return
        pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.like_num:
            return
        pp = (t.idx, max(_tok_end(x) for x in pobj.subtree))
        self._add("according_to", pobj, "per", (t.idx, _tok_end(t)), self._rest_of_sentence(pp))
        self.skip_tokens.update(x.i for x in pobj.subtree)
        self.skip_tokens.add(t.i)

    def _verb(self, t) -> None:
        lex = self.lex
        lemma = t.lemma_.lower()
        phrase = None
        phrase_tok = None
        nexts = lex.phrases.get(lemma)
        if nexts:
            for c in t.children:
                if c.dep_ in ("prt", "prep", "dobj", "advmod", "acomp") and c.lower_ in nexts:
                    phrase, phrase_tok = nexts[c.lower_], c
                    break
                if c.dep_ in ("prt", "prep", "dobj") and c.lemma_.lower() in nexts:
                    phrase, phrase_tok = nexts[c.lemma_.lower()], c
                    break
        if phrase is None and lemma not in lex.verbs:
            return
        cue = phrase or lemma
        entry = lex.cues.get(cue)
        if entry is None:
            return
        children = list(t.children)
        # "as reported by X": a sourcing adverbial
        if lemma == "report" or lemma == "quote":
            has_as = any(c.lower_ == "as" and c.dep_ in ("mark", "advmod", "prep") for c in children)
            agent = next((c for c in children if c.dep_ == "agent"), None)
            if has_as and agent is not None:
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    as_tok = next(c for c in children if c.lower_ == "as")
                    pp = (min(as_tok.idx, t.idx), max(_tok_end(x) for x in pobj.subtree))
                    self._add("according_to", pobj, "as reported by" if lemma == "report"
                              else "as quoted by", (as_tok.idx, _tok_end(agent)),
                              self._rest_of_sentence(pp))
                    self.skip_tokens.update(x.i for x in pobj.subtree)
                    return
        if lemma == "quote" and any(
            c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_.lower() in lex.verbs for g in c.children)
            for c in children
        ):
            return  # "was quoted as saying": the inner verb carries the event
        subj, passive, agentless = _find_subject(t)
        if subj is None and not passive and t.i > 0 and t.tag_ in ("VBD", "VBZ", "VBP"):
            prev = t.nbor(-1)
            if prev.pos_ in ("PROPN", "PRON") and prev.dep_ in ("pobj", "compound", "npadvmod"):
                subj = prev  # "In a meeting with the board Trump said ...": a misattached subject
        if subj is not None and lemma in lex.nested_thought and (
            (subj.lower_ in _FIRST_PERSON and any(q[0] <= t.idx < q[1] for q in self.quotes))
            or self._under_cue(t)
        ):
            return  # "'I think it will pass,' she said"; "she said she thinks ..."
        if passive and agentless:
            if lemma in lex.hedge_passives:
                return
            if lemma not in lex.agentless:
                return
            subj = None  # "it is reported", "X is said to"
        elif subj is None:
            return
        if subj is not None and subj.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ", "DET"):
            return
        if subj is not None and subj.lower_ in ("it", "this", "that") and not passive:
            # "it says" (a document) is fine only as a noun source; skip bare "it" unless clausal
            pass
        # content
        clause_deps = {"ccomp"}
        if lemma not in lex.clause_only:
            clause_deps |= {"xcomp", "oprd"}
        content_heads = [c for c in children if c.dep_ in clause_deps]
        if not content_heads and lemma not in lex.clause_only:
            # "said after the convention he would not accept": a finite clause
            # misattached as an adverbial clause (it has a subject and no conjunction)
            content_heads = [
                c for c in children
                if c.dep_ == "advcl" and c.i > t.i and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                and not any(g.dep_ == "mark" and g.lower_ != "that" for g in c.children)
            ]
        if phrase_tok is not None and phrase_tok.dep_ == "dobj":
            content_heads += [g for g in phrase_tok.children if g.dep_ in ("acl", "ccomp", "prep")]
        np_ok = cue in lex.np_content or lemma in lex.np_content
        if np_ok:
            for c in children:
                if c.dep_ in ("dobj",) and c != phrase_tok:
                    content_heads.append(c)
                elif phrase_tok is not None and phrase is not None and c == phrase_tok and c.dep_ == "prep":
                    content_heads.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
            if passive and not agentless and not content_heads:
                # "China has been criticised by X for Y": the patient and the reason
                content_heads += [c for c in children if c.dep_ == "prep" and c.lower_ == "for"] or [
                    c for c in children if c.dep_ == "nsubjpass"]
        elif lemma == "call" or lemma in ("describe", "dub", "brand", "label", "liken"):
            if any(c.dep_ in ("oprd", "ccomp", "xcomp", "prep") for c in children):
                content_heads += [c for c in children if c.dep_ in ("dobj", "oprd", "prep")]
        if passive and agentless and subj is None:
            # "X is said to have ...": the content is X plus the infinitive
            content_heads += [c for c in children if c.dep_ == "nsubjpass" and c.lower_ != "it"]
        content_toks = [x for h in content_heads for x in h.subtree if x.i not in self.skip_tokens]
        cue_end = _tok_end(phrase_tok) if phrase_tok is not None and phrase_tok.i == t.i + 1 else _tok_end(t)
        cue_span = (t.idx, cue_end)
        content = _span(content_toks)
        # quotations next to the speaker-cue chunk
        allowed = set()
        for c in children:
            if c.dep_ in _MOD_DEPS and c not in content_heads:
                allowed.update(x.i for x in c.subtree)
        allowed.add(t.i)
        chunk_toks = [t] + ([x for x in _phrase_tokens(subj)] if subj is not None else [])
        chunk = (min(x.idx for x in chunk_toks), max(_tok_end(x) for x in chunk_toks))
        if content is None or any(q[0] < content[1] and q[1] > content[0] for q in self.quotes):
            adj = self._adjacent_quotes(chunk, allowed)
            if content is not None:
                adj = [q for q in adj if not (q[0] < content[1] and q[1] > content[0])] + [
                    q for q in self.quotes if q[0] < content[1] and q[1] > content[0]
                ]
            if adj:
                starts = [q[0] for q in adj] + ([content[0]] if content else [])
                ends = [q[1] for q in adj] + ([content[1]] if content else [])
                cs, ce = min(starts), max(ends)
                # content must not swallow the speaker-cue chunk (middle position)
                content = (cs, ce)
        if content is None and subj is not None and t.dep_ == "parataxis" and t.head.pos_ in ("VERB", "AUX"):
            # "The museum, Mr. Obama said, would make visitors ...": the host clause
            inner = {x.i for x in t.subtree}
            content = _span([x for x in t.head.subtree if x.i not in inner and x.i not in self.skip_tokens])
        if content is None:
            if self.text.rstrip().endswith(":") and subj is not None:
                content = (len(self.text.rstrip()), len(self.text.rstrip()))  # resolved later
            else:
                return
        if subj is not None and subj.i in {x.i for x in content_toks}:
            subj = None if not agentless else subj
        self._add(None, subj, cue, cue_span, content, agentless=passive and agentless,
                  chunk=(chunk[0], max(chunk[1], cue_span[1])))

    def _under_cue(self, t) -> bool:
        """Whether ``t`` lies in the clausal content of another reporting verb."""
        lex = self.lex
        node = t
        for _ in range(6):
            if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or node.head == node:
                return False
            node = node.head
            if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in lex.verbs \
                    and node.lemma_.lower() not in lex.nested_thought:
                return True
        return False

    def _noun(self, t) -> None:
        lex = self.lex
        lemma = t.lemma_.lower()
        if lemma not in lex.nouns:
            return
        if t.dep_ in ("nsubj", "nsubjpass", "compound"):
            return
        has_clause = any(c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX") for c in t.children)
        if t.dep_ == "pobj" and t.head.lower_ in _VENUE_PREPS and not has_clause:
            return  # a venue: "in a statement", "at a briefing"
        if any(q[0] <= t.idx < q[1] for q in self.quotes):
            return
        src = None
        for c in t.children:
            if c.dep_ == "poss":
                src = c
                break
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                src = next((g for g in c.children if g.dep_ == "pobj"), None)
                if src is not None:
                    break
        if src is None or src.lower_ in ("its", "their") and lemma in lex.src["documents"]:
            return
        content_heads = [c for c in t.children if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX")]
        content_heads += [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("about", "on", "of", "over", "against", "that")]
        content = _span([x for h in content_heads for x in h.subtree]) or (t.idx, _tok_end(t))
        self._add(None, src, lemma, (t.idx, _tok_end(t)), content)


@functools.lru_cache(maxsize=1)
def _default_catalog():
    try:
        from framing.actors import default_catalog

        return default_catalog()
    except Exception as exc:  # the catalog is optional here: fall back on the lexicon
        logger.debug("attribution: no actor catalog (%s); organisations from sources.yaml", exc)
        return None


def _clip(a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    return max(a, lo), min(b, hi)


def attribute(
    doc: Document,
    parses: Sequence[Any],
    *,
    catalog: Any = None,
    lexicon: Lexicon | None = None,
) -> None:
    """Find the reporting events of an article and label its sentences.

    Fills ``doc.attributions`` (one :class:`~framing.batch.Attribution` per
    reporting event, nested and coordinated ones included; offsets into
    ``doc.part_text(sentence.part)``) and, for every sentence,
    ``sentence.attr_form`` (one of :data:`framing.labels.SENTENCE_ATTR_FORMS`)
    and ``sentence.hedged``.

    Parameters
    ----------
    doc : Document
        A segmented article (``doc.sentences``; ``doc.quotations`` and
        ``doc.mentions`` are used when present).
    parses : sequence of spacy.tokens.Doc
        One parse per sentence, aligned with ``doc.sentences``; never re-parsed.
    catalog : optional
        The actor catalog; its ``actor_type(actor_id)`` tells organisations
        (NATO, UN) from states. Without it a lexicon of organisation actors is used.
    lexicon : Lexicon, optional
        Precompiled lexicons (default: the shipped ``cues.yaml``/``sources.yaml``).

    Raises
    ------
    ValueError
        When ``parses`` is not aligned with ``doc.sentences``.

    Notes
    -----
    The rules follow CODEBOOK section 1: the speaker of a quotation over several
    sentences is copied to every sentence of the quotation; "X said Y, according
    to Z" gives two rows and the sentence's ``attr_form`` is ``according_to``
    (its content covers the rest of the sentence); venues ("in an interview
    with ...", "in a statement") are not sources; agentless reports ("it is
    reported", "is said to") have ``source=None`` and ``source_type="unnamed"``.
    Source typing for pronouns uses the most recent earlier source or person
    mention. Hedge words outside quotation marks count as the outlet's
    ("ostensible neutrality" in reported content included: a source does not
    call its own position ostensible); passive hedges ("is believed to") and
    scare quotes (1-3 words) count only outside reported content.

    Examples
    --------
    >>> from framing.nlp import load_spacy
    >>> from framing.batch import Document, Sentence
    >>> text = 'The minister said the talks had failed.'
    >>> doc = Document("d1", text, sentences=[Sentence(0, "body", 0, len(text), text)])
    >>> attribute(doc, [load_spacy()(text)])
    >>> doc.attributions[0].cue, doc.sentences[0].attr_form
    ('say', 'indirect')
    """
    from ..nlp import check_parses

    check_parses(doc, parses, "attribute()")
    lex = lexicon or get_lexicon()
    if catalog is None:
        catalog = _default_catalog()
    quotes, per_sentence = sentence_quotes(doc)
    mentions_by_sent: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        mentions_by_sent.setdefault(m.sent_id, []).append(m)
    person_mentions = sorted(
        (doc.sentences[i].part, m.start)
        for i, s in enumerate(doc.sentences)
        for m in mentions_by_sent.get(s.sent_id, ())
        if m.kind in ("person", "description")
    ) if doc.mentions else []
    history: list[tuple[str, int, str]] = []  # (part, article offset, type)
    events_by_sent: list[list[_Event]] = []
    for i, (sent, sp) in enumerate(zip(doc.sentences, parses)):
        q_local = []
        for qi in per_sentence[i]:
            _, qa, qb, _ = quotes[qi]
            a, b = _clip(qa - sent.start, qb - sent.start, 0, len(sent.text))
            if b > a:
                q_local.append((a, b, qi))

        def resolve(pos: int, _part=sent.part) -> str | None:
            best_pos, best_type = -1, None
            for part, p, st in reversed(history):
                if part == _part and p < pos and st in PERSONISH:
                    best_pos, best_type = p, st
                    break
            for part, p in person_mentions:
                if part == _part and best_pos < p < pos:
                    best_pos, best_type = p, "official"
            return best_type

        prev_quote = None
        if i > 0 and per_sentence[i - 1] and doc.sentences[i - 1].part == sent.part:
            prev = doc.sentences[i - 1]
            qi = per_sentence[i - 1][-1]
            if quotes[qi][2] >= prev.start + len(prev.text.rstrip(" .,;")) - 1:
                prev_quote = qi
        ex = _SentenceExtractor(lex, sent, sp, q_local, mentions_by_sent.get(sent.sent_id, []),
                                catalog, resolve, prev_quote)
        try:
            evs = ex.run()
        except (IndexError, StopIteration, ValueError) as exc:  # never kill a batch
            logger.warning("attribution failed on %s sentence %s: %s", doc.doc_id, sent.sent_id, exc)
            evs = []
        for e in evs:
            if e.source is not None:
                history.append((sent.part, sent.start + e.source[0], e.source_type))
        events_by_sent.append(evs)

    _propagate_quotes(doc, events_by_sent, quotes, per_sentence)
    _continue_quotes(doc, events_by_sent, quotes, per_sentence)
    _write(doc, events_by_sent, lex, parses, quotes, per_sentence)


def _propagate_quotes(doc, events_by_sent, quotes, per_sentence) -> None:
    """Give every sentence of a multi-sentence quotation the speaker's rows."""
    sents = doc.sentences
    n = len(sents)
    # "X said:" at the end of a sentence introduces the quotation that follows
    for i, evs in enumerate(events_by_sent):
        for e in evs:
            L = len(sents[i].text.rstrip())
            if e.content == (L, L) and i + 1 < n and per_sentence[i + 1]:
                qi = per_sentence[i + 1][0]
                e.quote_ids = [qi]
                e.form = "direct"
            elif e.content == (L, L) and i + 1 < n and sents[i + 1].part == sents[i].part \
                    and e.source is not None:
                # "The governor added:" + an unquoted block: the next paragraph is the content
                block = _next_paragraph(doc, i + 1)
                base = sents[i].start
                e.content = (sents[block[0]].start - base, sents[block[-1]].end - base)
                e.form = "indirect"
                for j in block:
                    if events_by_sent[j]:
                        break
                    off = sents[i].start - sents[j].start
                    events_by_sent[j].append(_Event(
                        "indirect", (e.source[0] + off, e.source[1] + off), e.source_type, e.cue,
                        (e.cue_span[0] + off, e.cue_span[1] + off), (0, len(sents[j].text))))
    for qi, (part, qa, qb, _) in enumerate(quotes):
        members = [i for i in range(n) if qi in per_sentence[i]]
        if len(members) < 1:
            continue
        anchor = None
        intro = None
        for i in reversed(members):
            if any(qi in e.quote_ids and e.form != "according_to" for e in events_by_sent[i]):
                anchor = i
                break
        if anchor is None and members[0] > 0:
            for e in events_by_sent[members[0] - 1]:
                if qi in e.quote_ids:
                    intro = members[0] - 1
        outro = None
        if anchor is None and intro is None and members[-1] + 1 < n:
            if any(qi in e.quote_ids for e in events_by_sent[members[-1] + 1]):
                outro = members[-1] + 1  # a signature line after the quotation
        if anchor is None and intro is None and outro is None:
            continue
        src_i = anchor if anchor is not None else intro if intro is not None else outro
        speaker = [e for e in events_by_sent[src_i] if qi in e.quote_ids and e.form != "according_to"]
        channels = [e for e in events_by_sent[src_i] if e.form == "according_to"]
        for i in members:
            if i == anchor:
                continue
            if any(qi in e.quote_ids for e in events_by_sent[i]):
                continue
            s = sents[i]
            a, b = _clip(qa - s.start, qb - s.start, 0, len(s.text))
            if not any(ch.isalnum() for ch in s.text[a:b]):
                continue
            offset = sents[src_i].start - s.start
            for e in speaker + channels:
                copy = _Event(
                    "direct" if e.form != "according_to" else "according_to",
                    None if e.source is None else (e.source[0] + offset, e.source[1] + offset),
                    e.source_type, e.cue, (e.cue_span[0] + offset, e.cue_span[1] + offset),
                    (a, b), [qi] if e.form != "according_to" else [],
                )
                events_by_sent[i].append(copy)


def _next_paragraph(doc, i: int) -> list[int]:
    """Sentence ``i`` and the sentences after it up to the next paragraph break."""
    sents = doc.sentences
    out = [i]
    text = doc.part_text(sents[i].part)
    for j in range(i + 1, len(sents)):
        if sents[j].part != sents[i].part or "\n" in text[sents[j - 1].end : sents[j].start]:
            break
        out.append(j)
    return out


def _continue_quotes(doc, events_by_sent, quotes, per_sentence) -> None:
    """A quotation with no speaker of its own, opening the sentence right after a
    quoted speaker's sentence, continues that speaker ('"...," she said. "..."')."""
    sents = doc.sentences
    n = len(sents)
    for i in range(1, n):
        if sents[i].part != sents[i - 1].part:
            continue
        prev = [e for e in events_by_sent[i - 1] if e.form in ("direct", "mixed") and e.quote_ids]
        if not prev:
            continue
        spk = prev[-1]
        text = sents[i].text
        for qi in per_sentence[i]:
            _, qa, qb, _ = quotes[qi]
            if qa < sents[i].start or any(ch.isalnum() for ch in text[: qa - sents[i].start]):
                continue  # the quotation does not open this sentence
            members = [j for j in range(i, n) if qi in per_sentence[j]]
            if any(qi in e.quote_ids for j in members for e in events_by_sent[j]):
                continue  # it has its own speaker
            for j in members:
                s = sents[j]
                a, b = _clip(qa - s.start, qb - s.start, 0, len(s.text))
                if not any(ch.isalnum() for ch in s.text[a:b]):
                    continue
                off = sents[i - 1].start - s.start
                events_by_sent[j].append(_Event(
                    "direct", None if spk.source is None else (spk.source[0] + off, spk.source[1] + off),
                    spk.source_type, spk.cue, (spk.cue_span[0] + off, spk.cue_span[1] + off),
                    (a, b), [qi]))
            break


def _write(doc, events_by_sent, lex, parses, quotes, per_sentence) -> None:
    from framing.attribution._hedge import is_hedged

    out: list[Attribution] = []
    for i, (sent, evs) in enumerate(zip(doc.sentences, events_by_sent)):
        text = doc.part_text(sent.part)
        base = sent.start
        best = None
        for e in evs:
            cs, ce = e.content
            if cs == ce and e.quote_ids:  # "X said:" + quotation in the next sentence
                qa, qb = quotes[e.quote_ids[0]][1:3]
                abs_content = (qa, qb)
            else:
                abs_content = (base + cs, base + ce)
            src = None if e.source is None else (base + e.source[0], base + e.source[1])
            cue_class = lex.cue_class(e.cue) or "neutral"
            out.append(
                Attribution(
                    sent_id=sent.sent_id,
                    form=e.form,
                    source=None if src is None else text[src[0] : src[1]],
                    source_type=e.source_type,
                    cue=e.cue,
                    cue_class=cue_class,
                    source_start=None if src is None else src[0],
                    source_end=None if src is None else src[1],
                    cue_start=base + e.cue_span[0],
                    cue_end=base + e.cue_span[1],
                    content_start=abs_content[0],
                    content_end=abs_content[1],
                )
            )
            cov = max(0, min(ce, len(sent.text)) - max(cs, 0))
            key = (cov, _FORM_PRIORITY[e.form])
            if best is None or key > best[0]:
                best = (key, e.form)
        sent.attr_form = best[1] if best else "none"
        q_local = []
        for qi in per_sentence[i]:
            _, qa, qb, _ = quotes[qi]
            a, b = _clip(qa - base, qb - base, 0, len(sent.text))
            if b > a:
                q_local.append((a, b))
        sent.hedged = is_hedged(parses[i], sent.text, evs, q_local, lex)
    doc.attributions = out
