"""Answer quality through the full REST round trip: does the bot's reply carry the expected facts?

The questions and their facts are in bench/faq.yml, written by hand. A reply
counts as right when every fact of its question appears in it (compared
without case, accents or Markdown emphasis).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import aiohttp
import yaml

from bot.knowledge.text import fold as fold_accents
from bot.settings import ROOT

FAQ = ROOT / "bench" / "faq.yml"


@dataclass(frozen=True)
class FaqQuestion:
    text: str
    facts: Tuple[str, ...]


def fold(text: str) -> str:
    """Case, accents, apostrophes (bot.knowledge.text.fold), Markdown emphasis and spacing aside."""
    return " ".join(fold_accents(text.replace("*", "")).split())


def load_faq(path: Path = FAQ) -> List[FaqQuestion]:
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions") or []
    questions = [FaqQuestion(str(e["q"]), tuple(str(f) for f in e["facts"])) for e in entries]
    empty = [q.text for q in questions if not q.facts]
    if empty:
        raise ValueError(f"{path.name} : question(s) sans fait attendu : {empty}")
    return questions


def missing_facts(reply: str, facts: Sequence[str]) -> List[str]:
    folded = fold(reply)
    return [fact for fact in facts if fold(fact) not in folded]


async def _ask_all(url: str, questions: Sequence[FaqQuestion]) -> List[str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        replies = []
        for index, question in enumerate(questions):
            async with session.post(url, json={"sender": f"bench-faq-{index}", "message": question.text}) as answer:
                messages = await answer.json() if answer.status == 200 else []
            replies.append("\n".join(m.get("text", "") for m in messages))
        return replies


def run(rasa_url: str, questions: Sequence[FaqQuestion] | None = None) -> Dict[str, object]:
    """Each question in a new conversation; the misses list what each wrong reply lacked."""
    questions = list(questions if questions is not None else load_faq())
    replies = asyncio.run(_ask_all(f"{rasa_url}/webhooks/rest/webhook", questions))
    misses = []
    for question, reply in zip(questions, replies, strict=True):
        missing = missing_facts(reply, question.facts)
        if missing:
            misses.append({"question": question.text, "missing": missing})
    right = len(questions) - len(misses)
    return {
        "questions": len(questions),
        "right": right,
        "share": round(right / len(questions), 3) if questions else 0.0,
        "misses": misses,
    }
