"""Answer quality through the full REST round trip: does the bot's reply carry the expected facts?

The questions are those of the knowledge-base search measure
(tests/knowledge/search_questions.yml), each with the items that answer it. A
reply counts as right when it shows one of those items: its title (a
testimony: its author), or the beginning of its text.
"""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Dict, List

import aiohttp

from bench.kb_search import QUESTIONS
from bot.knowledge.evaluation import load_questions
from bot.knowledge.repository import KnowledgeBase

SNIPPET_CHARS = 50


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("*", ""))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def expected_facts(kb: KnowledgeBase, item_ids: List[str]) -> List[str]:
    facts = []
    for item_id in item_ids:
        item = kb.item(item_id)
        if item is None:
            continue
        for fact in (item.title, item.details.get("author"), (item.body or "")[:SNIPPET_CHARS]):
            if fact and len(fact.strip()) >= 3:
                facts.append(fold(fact))
    return facts


async def _ask_all(url: str, questions) -> List[str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        replies = []
        for index, question in enumerate(questions):
            async with session.post(url, json={"sender": f"bench-faq-{index}", "message": question.text}) as answer:
                messages = await answer.json() if answer.status == 200 else []
            replies.append(" ".join(m.get("text", "") for m in messages))
        return replies


def run(rasa_url: str, kb: KnowledgeBase) -> Dict[str, object]:
    questions = load_questions(QUESTIONS)
    replies = asyncio.run(_ask_all(f"{rasa_url}/webhooks/rest/webhook", questions))
    misses = []
    for question, reply in zip(questions, replies, strict=True):
        facts = expected_facts(kb, list(question.expected))
        if not any(fact in fold(reply) for fact in facts):
            misses.append(question.text)
    right = len(questions) - len(misses)
    return {
        "questions": len(questions),
        "right": right,
        "share": round(right / len(questions), 3),
        "misses": misses,
    }
