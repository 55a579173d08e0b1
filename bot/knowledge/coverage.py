"""How much of the guide the files cover, against the minimum the product needs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import List

from bot.knowledge.loader import Content
from bot.knowledge.schema import GLOSSARY


@dataclass(frozen=True)
class CoverageLine:
    label: str
    count: int
    minimum: int

    @property
    def ok(self) -> bool:
        return self.count >= self.minimum


def coverage(content: Content) -> List[CoverageLine]:
    kinds = Counter(item["kind"] for item in content.items)
    categories = Counter((item["kind"], item.get("category")) for item in content.items)
    steps = Counter(item["parent_id"] for item in content.items if item["kind"] == "etape")
    situations = [item["id"] for item in content.items if item["kind"] == "situation"]
    lines = [
        CoverageLine("situations", kinds["situation"], 3),
        *(CoverageLine(f"étapes de {s}", steps[s], 5) for s in situations),
        CoverageLine("témoignages", kinds["temoignage"], 19),
        CoverageLine("projets et stratégies", kinds["projet"], 12),
        CoverageLine("freins", categories[("frein", "frein")], 6),
        CoverageLine("solutions aux freins", categories[("frein", "solution")], 6),
        CoverageLine("ressources", kinds["ressource"], 30),
        CoverageLine("réseaux d'élus", categories[("ressource", "reseau-elus")], 10),
        CoverageLine("entrées du glossaire", kinds[GLOSSARY], 20),
        CoverageLine("échelons", categories[("echelon", "echelon")], 5),
        CoverageLine("profils de territoire", kinds["territoire"], 3),
        CoverageLine("éléments de contexte national", kinds["contexte"], 5),
        CoverageLine("arguments pour la feuille de route", categories[("feuille-de-route", "argument")], 8),
    ]
    return lines
