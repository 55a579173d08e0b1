"""Where an advisor's story states the present, and whose situation it is.

Advisors tell stories: « au début ils s'en fichaient ; depuis la réunion, le
maire veut un plan », « mes collègues sont convaincus, mais moi je ne connais
aucun élu ». The words of the whole message describe two situations; the one
that counts is the advisor's own, now. This module cuts a message into
segments at the words that turn a story (« mais », « depuis », « en fait »,
« ; », « moi je »…) and picks the segment that states the present for the
advisor: the last one that is not background (a past told in the imperfect,
« au début », « avant » ; someone else's case introduced by « alors que »,
« contrairement à », « mes collègues »…).

It reads the spaCy document Rasa already made for the message (tense comes
from spaCy's morphology), so it costs no second parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from bot.knowledge.text import fold

# Words after which the story turns and the present (or the advisor's own case) follows.
TURNS = (
    "mais",
    "desormais",
    "dorenavant",
    "aujourd'hui",
    "aujourd hui",
    "maintenant",
    "actuellement",
    "a present",
    "en fait",
    "au contraire",
    "sauf que",
    "par contre",
    "en revanche",
    "pourtant",
    "cependant",
    "toutefois",
    "neanmoins",
    "finalement",
    "en realite",
    "au final",
    "resultat",
    "bref",
    "pour ma part",
    "de mon cote",
    "quant a moi",
    "chez nous",
    "de notre cote",
    "ici",
    "pour moi",
)
# Words that open someone else's case, or a past set against the present: background.
ASIDES = ("alors que", "alors qu'", "tandis que", "tandis qu'", "contrairement a", "a la difference de", "comme chez")
# A segment that speaks of the past or of other people is background.
PAST_WORDS = (
    "au debut",
    "au depart",
    "avant",
    "a l'epoque",
    "auparavant",
    "l'an dernier",
    "l'annee derniere",
    "il y a",
    "autrefois",
    "jusqu'a",
    "jusqu'ici",
    "jusque-la",
    "dans le temps",
    "au commencement",
    "l'ancien",
    "l'ancienne",
    "ancien maire",
    "ancienne maire",
    "precedent",
    "precedente",
    "mon predecesseur",
    "ma predecesseure",
)
OTHERS_WORDS = (
    "mes collegues",
    "ma collegue",
    "mon collegue",
    "la commune voisine",
    "les communes voisines",
    "la commune d'a cote",
    "le village voisin",
    "l'interco voisine",
    "d'autres communes",
    "les autres cn",
    "l'autre cn",
    "les autres conseillers",
    "mon predecesseur",
    "ma predecesseure",
    "dans le departement voisin",
    "a cote de chez nous",
)
PUNCTUATION_TURNS = (";", ":")
MIN_WORDS = 3
# How a polite message ends: thanks and greetings (« Merci d'avance », « Bien cordialement, Léa »),
# or a short, generic request (« Comment s'y prendre ? », « Que me conseillez-vous ? »). They say
# nothing of the advisor's élus; the present is told before them. Seen on the first blind set
# (2026-12-02): « …comment les choses fonctionnent ici. Comment s'y prendre ? Merci pour votre
# travail. » was read from « ici » on, the request and the thanks, as the advisor's present.
COURTESIES = (
    "merci",
    "je vous remercie",
    "cordialement",
    "cdlt",
    "bien a vous",
    "bonne journee",
    "belle journee",
    "bonne soiree",
    "bonne fin de journee",
    "a bientot",
    "salutations",
    "bonne continuation",
    "d'avance",
    "par avance",
)
COURTESY_WORDS = 8  # a longer sentence is more than a courtesy, even with « merci » in it
REQUEST_WORDS = 6  # a longer question may tell the present (« comment faire maintenant que le maire… ? »)
# « Léa », « Mathieu R. » after a courtesy. Not alone: « …il devait me rappeler. Jamais rappelé. » or
# « …des réunions, des mails. RIEN. » end a story with its present.
SIGNATURE_WORDS = 2


def _pattern(words: Sequence[str]) -> re.Pattern:
    # A word ends where no letter or apostrophe follows; « qu' » ends at its apostrophe.
    alternatives = [
        re.escape(w).replace(r"\ ", r"\s+") + ("" if w.endswith("'") else r"(?![\w'])")
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + ")")


# « depuis la réunion, … » turns the story; « depuis 2 ans », « depuis que je suis arrivée » do not.
_SINCE = re.compile(
    r"(?<![\w'])depuis(?!\s+(?:\d|un|une|deux|trois|quatre|cinq|six|sept|huit|dix|peu|longtemps|toujours|que|qu'|"
    r"mon arrivee|des annees|des mois|plusieurs|quelques|le debut|la rentree|janvier|septembre))(?![\w'])"
)
# « moi je… », « moi, j'ai… »: the advisor's own case follows (« je » stays in the segment).
_ME = re.compile(r"(?<![\w'])moi(?=,?\s*(?:je|j'))")
_TURNS = _pattern(TURNS)
_ASIDES = _pattern(ASIDES)
_PAST = _pattern(PAST_WORDS)
_OTHERS = _pattern(OTHERS_WORDS)
_PUNCT = re.compile("|".join(re.escape(p) for p in PUNCTUATION_TURNS))
_WORD = re.compile(r"\w+")
_ASIDE_END = re.compile(r"[,.;:!?]")
_COURTESY = _pattern(COURTESIES)
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    opened_by: str  # "start", "turn", "aside" or "after_aside" (the main clause resumes after an aside)

    def words(self, text: str) -> int:
        return len(_WORD.findall(text[self.start : self.end]))


def segments(text: str) -> List[Segment]:
    """The message cut at each turn of the story. An aside runs to the next comma or full stop."""
    folded = fold(text)
    cuts: List[Tuple[int, int, str]] = []  # (where the marker starts, where its segment starts, kind)
    for pattern in (_TURNS, _SINCE, _ME, _PUNCT):
        cuts += [(match.start(), match.end(), "turn") for match in pattern.finditer(folded)]
    for match in _ASIDES.finditer(folded):
        cuts.append((match.start(), match.end(), "aside"))
    cuts.sort()
    result: List[Segment] = []
    position, kind = 0, "start"
    for marker_start, segment_start, marker_kind in cuts:
        if marker_start < position:
            continue
        result.append(Segment(position, marker_start, kind))
        position, kind = segment_start, marker_kind
        if marker_kind == "aside":
            end = _ASIDE_END.search(folded, segment_start)
            if end is not None:
                result.append(Segment(segment_start, end.start(), "aside"))
                position, kind = end.end(), "after_aside"
    result.append(Segment(position, len(text), kind))
    return [s for s in result if s.end > s.start and text[s.start : s.end].strip()]


def _imperfect_verbs(doc, start: int, end: int) -> bool:
    """spaCy's morphology: a verb or auxiliary in the imperfect (or a pluperfect's auxiliary)."""
    if doc is None:
        return False
    for token in doc:
        if token.idx >= start and token.idx < end and token.pos_ in ("VERB", "AUX"):
            if "Imp" in token.morph.get("Tense"):
                return True
    return False


def is_background(text: str, segment: Segment, doc=None) -> bool:
    if segment.opened_by == "aside":
        return True
    piece = fold(text[segment.start : segment.end])
    return bool(_PAST.search(piece) or _OTHERS.search(piece)) or _imperfect_verbs(doc, segment.start, segment.end)


def _is_closing(sentence: str) -> bool:
    """A courtesy or a short generic request."""
    words = len(_WORD.findall(sentence))
    if words <= COURTESY_WORDS and _COURTESY.search(fold(sentence)):
        return True
    return words <= REQUEST_WORDS and sentence.rstrip().endswith("?")


def _is_signature(sentences: Sequence[str]) -> bool:
    """The last sentence is a name signing a courtesy: a word or two after a closing sentence."""
    return len(sentences) >= 2 and len(_WORD.findall(sentences[-1])) <= SIGNATURE_WORDS and _is_closing(sentences[-2])


def told_end(text: str) -> int:
    """Where the told part of a message ends: before its closing sentences (thanks, greetings, a
    signature after them, a short generic request). The whole text when nothing else would be left."""
    matches = list(_SENTENCE.finditer(text))
    while matches:
        sentences = [m.group() for m in matches]
        if not (_is_closing(sentences[-1]) or _is_signature(sentences)):
            break
        matches.pop()
    return matches[-1].end() if matches else len(text)


def present_span(text: str, doc=None) -> Optional[Tuple[int, int]]:
    """Character span of the segment that states the advisor's present, or None when the
    message tells no story (one segment, or nothing but background)."""
    end = told_end(text)
    parts = [
        Segment(part.start, min(part.end, end), part.opened_by)
        for part in segments(text)
        if part.start < end and _WORD.search(text, part.start, min(part.end, end))
    ]
    if len(parts) < 2:
        return None
    # The last segment that is not background; when it is too short to say anything (« mais
    # bougent pas », « mais bon ? »), the whole message speaks better than an earlier segment.
    for part in reversed(parts):
        short = part.words(text) < MIN_WORDS
        if is_background(text, part, doc) or (short and part.opened_by == "after_aside"):
            continue  # the past, someone else's case, or a tail after an aside (« …, elle »)
        return None if short else (part.start, part.end)
    return None


def present_clause(text: str, doc=None) -> Optional[str]:
    span = present_span(text, doc)
    return None if span is None else text[span[0] : span[1]].strip(" ,.;:!?")
