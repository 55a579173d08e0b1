"""Answers through REST: the blind look-up and conversation sets (bench/blind/, issue 13), the dev look-ups.

Both sets were written from the guide alone by a writer who never saw data/nlu/
or the tests; they are never trained on (tests/data/test_training_data.py).

- lookups.yml: each question in a new conversation; right when the bot's
  reply holds every fact of the question (case, accents and Markdown aside).
- conversations.yml: each conversation under one sender, turn after turn. A
  turn is right when its reply holds its facts, when the situation it states
  (`intent`) is the one the bot recognised (read from the conversation's
  tracker), and, for an off-topic turn (`out_of_scope`), when the bot says it
  cannot answer that (the domain's out-of-scope or default reply) instead of
  anything else. A conversation is right when all its turns are.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import requests
import yaml

from bench.answers import missing_facts
from bot.domain_check import load_domain
from bot.intents import SITUATIONS
from bot.settings import ROOT

BLIND = ROOT / "bench" / "blind"
LOOKUPS = BLIND / "lookups.yml"
# The dev sets (bench/dev/): tuned on, so reported apart from the blind sets.
DEV_LOOKUPS = ROOT / "bench" / "dev" / "lookups.yml"
DEV_CONVERSATIONS = ROOT / "bench" / "dev" / "conversations.yml"

CONVERSATIONS = BLIND / "conversations.yml"
# The replies that say "I cannot answer that" (domain/), for the off-topic turns.
CANNOT_ANSWER = ("utter_out_of_scope", "utter_default")
# Conversations (or questions) played at a time: they are independent of each other.
WORKERS = 4

Ask = Callable[[str, str], str]
Intent = Callable[[str], Optional[str]]


def lookups(path: Path = LOOKUPS) -> List[Dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def conversations(path: Path = CONVERSATIONS) -> List[Dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]


def cannot_answer_texts(root: Path = ROOT) -> List[str]:
    """The first line of every variant of the domain's "cannot answer" responses."""
    responses = load_domain(root)["responses"]
    texts = [
        str(v["text"]).strip().splitlines()[0]
        for name in CANNOT_ANSWER
        for v in responses.get(name) or []
        if v.get("text")
    ]
    if not texts:
        raise ValueError(f"aucune réponse {CANNOT_ANSWER} dans le domaine")
    return texts


def ask_each(questions: Sequence[Dict[str, object]], ask: Ask, workers: int, prefix: str) -> List[str]:
    """The reply to each question (`q`), each in a new conversation, `workers` at a time."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda pair: ask(f"{prefix}-{pair[0]}", str(pair[1]["q"])), enumerate(questions)))


def score_lookups(questions: Sequence[Dict[str, object]], ask: Ask, workers: int = 1) -> Dict[str, object]:
    by_topic: Dict[str, List[int]] = {}
    misses = []
    replies = ask_each(questions, ask, workers, "blind-lookup")
    for question, reply in zip(questions, replies, strict=True):
        missing = missing_facts(reply, [str(f) for f in question["facts"]])
        topic = str(question.get("topic", "?"))
        right, total = by_topic.setdefault(topic, [0, 0])
        by_topic[topic] = [right + (not missing), total + 1]
        if missing:
            misses.append({"question": question["q"], "missing": missing, "reply": reply[:300]})
    right = len(questions) - len(misses)
    return {
        "questions": len(questions),
        "right": right,
        "share": round(right / len(questions), 3) if questions else 0.0,
        "by_topic": {topic: round(r / t, 3) for topic, (r, t) in sorted(by_topic.items())},
        "misses": misses,
    }


def turn_problems(turn: Dict[str, object], reply: str, intent: Optional[str], refusals: Sequence[str]) -> List[str]:
    """What is wrong with the bot's answer to one turn (empty: the turn is right)."""
    problems = [f"manque « {fact} »" for fact in missing_facts(reply, [str(f) for f in turn.get("facts") or []])]
    wanted = turn.get("intent")
    if wanted and intent != wanted:
        problems.append(f"situation {intent} au lieu de {wanted}")
    if turn.get("out_of_scope"):
        if intent in SITUATIONS or all(missing_facts(reply, [text]) for text in refusals):
            problems.append(f"hors sujet non reconnu ({intent})")
    return problems


def score_conversations(
    convs: Sequence[Dict[str, object]], ask: Ask, intent_of: Intent, refusals: Sequence[str], workers: int = 1
) -> Dict[str, object]:
    def play(conv: Dict[str, object]) -> List[List[str]]:
        """The problems of each turn of one conversation, played in order under one sender."""
        sender = f"blind-conversation-{conv['id']}"
        problems = []
        for turn in conv["turns"]:
            reply = ask(sender, str(turn["user"]))
            problems.append((turn_problems(turn, reply, intent_of(sender), refusals), reply))
        return problems

    with ThreadPoolExecutor(max_workers=workers) as pool:
        played = list(pool.map(play, convs))
    turns = right_turns = right_convs = 0
    by_kind: Dict[str, List[int]] = {}
    misses = []
    for conv, results in zip(convs, played, strict=True):
        all_right = True
        for number, (turn, (problems, reply)) in enumerate(zip(conv["turns"], results, strict=True), start=1):
            turns += 1
            if problems:
                all_right = False
                misses.append(
                    {
                        "conversation": conv["id"],
                        "turn": number,
                        "user": turn["user"],
                        "problems": problems,
                        "reply": reply[:300],
                    }
                )
            else:
                right_turns += 1
        right_convs += all_right
        kind = str(conv.get("kind", "?"))
        right, total = by_kind.setdefault(kind, [0, 0])
        by_kind[kind] = [right + all_right, total + 1]
    return {
        "conversations": len(convs),
        "turns": turns,
        "turns_right": right_turns,
        "turn_share": round(right_turns / turns, 3) if turns else 0.0,
        "conversations_right": right_convs,
        "conversation_share": round(right_convs / len(convs), 3) if convs else 0.0,
        "by_kind": {kind: f"{r}/{t}" for kind, (r, t) in sorted(by_kind.items())},
        "misses": misses,
    }


def rest_client(rasa_url: str, token: Optional[str] = None):
    """(ask, intent_of) over a running server's REST channel and tracker route (one session per thread)."""
    local = threading.local()
    params = {"token": token} if token else {}

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def ask(sender: str, text: str) -> str:
        response = session().post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        return "\n".join(m.get("text") or "" for m in response.json())

    def intent_of(sender: str) -> Optional[str]:
        response = session().get(f"{rasa_url}/conversations/{sender}/tracker", params=params, timeout=30)
        response.raise_for_status()
        return ((response.json().get("latest_message") or {}).get("intent") or {}).get("name")

    return ask, intent_of


def run(rasa_url: str, token: Optional[str] = None, workers: int = WORKERS) -> Dict[str, object]:
    """Both sets; `workers` conversations (or questions) at a time, each conversation in order."""
    ask, intent_of = rest_client(rasa_url, token)
    return {
        "lookups": score_lookups(lookups(), ask, workers),
        "conversations": score_conversations(conversations(), ask, intent_of, cannot_answer_texts(), workers),
    }


def source_mark() -> str:
    """How every passage's source line starts (knowledge/guide.yml, `source_modele`, up to its first
    field, read and checked by the knowledge loader): a reply without it shows no passage of the guide."""
    from bot.knowledge.loader import read_knowledge

    return str(read_knowledge().guide["source_modele"]).split("{")[0]


def score_refusals(questions: Sequence[Dict[str, object]], ask: Ask, workers: int = 1) -> Dict[str, object]:
    """Questions the guide does not answer (no facts): right when the reply shows no passage of it."""
    mark = source_mark()
    replies = ask_each(questions, ask, workers, "refusal")
    shown = [
        {"question": q["q"], "reply": reply[:300]} for q, reply in zip(questions, replies, strict=True) if mark in reply
    ]
    return {"questions": len(questions), "passage_shown": len(shown), "misses": shown}


def run_dev(rasa_url: str, token: Optional[str] = None, workers: int = WORKERS) -> Dict[str, object]:
    """The dev sets: look-ups the guide answers (with their facts), those it does not, conversations."""
    ask, intent_of = rest_client(rasa_url, token)
    questions = lookups(DEV_LOOKUPS)
    return {
        "lookups": score_lookups([q for q in questions if q.get("facts")], ask, workers),
        "refusals": score_refusals([q for q in questions if not q.get("facts")], ask, workers),
        "conversations": score_conversations(
            conversations(DEV_CONVERSATIONS), ask, intent_of, cannot_answer_texts(), workers
        ),
    }
