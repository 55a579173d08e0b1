"""French text analysis for the knowledge-base search.

Case and accents are folded, dotted acronyms are joined ("S.D.T.A.N." → "sdtan"),
stop words are dropped and the rest is stemmed with the Snowball French stemmer,
so "élus", "elu" and "Élu" meet, as do "financements" and "financer".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import List

_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z0-9]\.){2,}[a-z0-9]?\.?")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ELISION = re.compile(r"\b[cdjlmnst]'|\bqu'|\blorsqu'|\bpuisqu'|\bjusqu'")

# Function words and question words that carry no meaning for a look-up.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette c ca ça d dans de des du elle elles en est et etre eux il ils
    je j l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ou
    par pas pour qu que qui s sa se ses son sont sur t ta te tes toi ton tu un une vos votre
    vous y quoi quel quelle quels quelles comment est-ce estce veut dire signifie explique
    expliquer definition def cest c'est sais savoir peux pouvez faut
    """.split()
)


def fold(text: str) -> str:
    """Lower case, no accents, ligatures split, apostrophes unified."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    text = text.replace("’", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> List[str]:
    """Folded words, with dotted acronyms joined and elisions removed."""
    text = fold(text)
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _ELISION.sub(" ", text)
    return [w for w in _NON_WORD.split(text) if w]


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    stemmed = _stemmer().stemWord(word)
    # Snowball keeps the plural "s" after "u" ("elus"); fold it so "elu" meets "elus".
    if len(stemmed) > 3 and stemmed.endswith("s") and not stemmed.endswith("ss"):
        stemmed = stemmed[:-1]
    return stemmed


def terms(text: str) -> List[str]:
    """The search terms of a text: folded, stop words out, stemmed."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def phrase(text: str) -> str:
    """A normalised phrase, for exact matching of names and acronyms."""
    return " ".join(words(text))
