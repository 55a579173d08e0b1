"""Measures the search on a question set: hit@1, hit@3 and MRR, beside a plain BM25.

The baseline is what one gets without any French analysis: rank_bm25's Okapi
BM25 over lower-cased, whitespace-split text of the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import yaml

from bot.knowledge.repository import ItemView, KnowledgeBase

Ranker = Callable[[str, int], List[str]]


@dataclass(frozen=True)
class Question:
    text: str
    expected: Sequence[str]


@dataclass(frozen=True)
class Scores:
    hit_at_1: float
    hit_at_3: float
    mrr: float
    misses: Sequence[str]  # questions with no expected item in the top 3

    def as_dict(self) -> Dict[str, float]:
        return {"hit@1": round(self.hit_at_1, 3), "hit@3": round(self.hit_at_3, 3), "mrr": round(self.mrr, 3)}


def load_questions(path: Path) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(q["q"], tuple(q["expected"])) for q in data["questions"]]


def evaluate(ranker: Ranker, questions: Sequence[Question], depth: int = 10) -> Scores:
    hit1 = hit3 = reciprocal = 0.0
    misses = []
    for question in questions:
        ranked = ranker(question.text, depth)
        rank = next((i for i, item_id in enumerate(ranked, start=1) if item_id in question.expected), None)
        if rank == 1:
            hit1 += 1
        if rank is not None and rank <= 3:
            hit3 += 1
        else:
            misses.append(question.text)
        if rank is not None:
            reciprocal += 1 / rank
    n = len(questions) or 1
    return Scores(hit1 / n, hit3 / n, reciprocal / n, misses)


def kb_ranker(kb: KnowledgeBase) -> Ranker:
    return lambda text, depth: [r.item.id for r in kb.search(text, limit=depth)]


def bm25_baseline(items: Sequence[ItemView]) -> Ranker:
    """Plain Okapi BM25 over each item's title, body and names, no analysis."""
    from rank_bm25 import BM25Okapi

    ids = [item.id for item in items]
    corpus = []
    for item in items:
        names = [value for value in item.details.values() if isinstance(value, str)]
        corpus.append(" ".join([item.title, item.body] + names).lower().split())
    model = BM25Okapi(corpus)

    def rank(text: str, depth: int) -> List[str]:
        scores = model.get_scores(text.lower().split())
        order = sorted(range(len(ids)), key=lambda i: -scores[i])
        return [ids[i] for i in order[:depth] if scores[i] > 0]

    return rank
