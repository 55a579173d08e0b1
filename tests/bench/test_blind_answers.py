"""Scoring of the blind look-up and conversation sets (bench/blind_answers.py)."""

from bench import blind_answers
from bot.intents import SITUATIONS

NO_CONTACT, NOT_ENGAGED, _ = SITUATIONS
REFUSAL = "Je ne sais pas répondre à cela."


def test_the_sets_are_as_large_as_issue_13_asks():
    questions = blind_answers.lookups()
    assert len(questions) >= 100 and all(q["facts"] for q in questions)
    convs = blind_answers.conversations()
    assert len(convs) >= 30
    assert all(len(c["turns"]) >= 2 for c in convs)


def test_the_dev_set_holds_questions_the_guide_answers_and_others():
    questions = blind_answers.lookups(blind_answers.DEV_LOOKUPS)
    answered = [q for q in questions if q.get("facts")]
    assert len(answered) >= 200 and all(q["expected"] for q in answered)
    assert len(questions) - len(answered) >= 25
    convs = blind_answers.conversations(blind_answers.DEV_CONVERSATIONS)
    assert len(convs) >= 30 and all(len(c["turns"]) >= 2 for c in convs)


def test_a_question_outside_the_guide_is_right_when_no_passage_is_shown():
    questions = [{"q": "a"}, {"q": "b"}]
    mark = blind_answers.source_mark()
    assert mark.startswith("Source : guide")
    replies = {"a": "Je ne sais pas répondre à cela.", "b": f"**CCAS** : …\n{mark}partie 2, p. 9"}
    score = blind_answers.score_refusals(questions, lambda sender, text: replies[text])
    assert (score["questions"], score["passage_shown"]) == (2, 1)
    assert score["misses"][0]["question"] == "b"


def test_the_refusals_come_from_the_domain():
    texts = blind_answers.cannot_answer_texts()
    assert any("Je ne sais pas répondre" in text for text in texts)


def test_a_look_up_is_right_only_with_all_its_facts_accents_and_case_aside():
    questions = [
        {"q": "a", "facts": ["Loi Pintat", "17 décembre 2009"], "topic": "glossary"},
        {"q": "b", "facts": ["groupe projet"], "topic": "roadmap"},
    ]
    replies = {"a": "la **loi pintat** du 17 decembre 2009", "b": "un comité"}
    score = blind_answers.score_lookups(questions, lambda sender, text: replies[text])
    assert (score["right"], score["share"]) == (1, 0.5)
    assert score["by_topic"] == {"glossary": 1.0, "roadmap": 0.0}
    assert score["misses"][0]["missing"] == ["groupe projet"]


def test_each_look_up_is_a_new_conversation():
    senders = []
    blind_answers.score_lookups(
        [{"q": "a", "facts": ["x"]}, {"q": "b", "facts": ["x"]}], lambda sender, text: senders.append(sender) or "x"
    )
    assert len(set(senders)) == 2


def test_a_turn_needs_its_facts_its_situation_and_a_refusal_when_off_topic():
    problems = blind_answers.turn_problems
    assert problems({"user": "u", "intent": NO_CONTACT, "facts": ["relais"]}, "des relais", NO_CONTACT, [REFUSAL]) == []
    assert problems({"user": "u", "intent": NO_CONTACT, "facts": ["relais"]}, "des relais", NOT_ENGAGED, [REFUSAL]) == [
        f"situation {NOT_ENGAGED} au lieu de {NO_CONTACT}"
    ]
    assert problems({"user": "u", "out_of_scope": True}, REFUSAL + " Dites-moi…", "out_of_scope", [REFUSAL]) == []
    # The situation's steps again, or a situation recognised, is not a refusal.
    assert problems({"user": "u", "out_of_scope": True}, "1. Repérez…", "out_of_scope", [REFUSAL])
    assert problems({"user": "u", "out_of_scope": True}, REFUSAL, NOT_ENGAGED, [REFUSAL])


def test_a_conversation_is_right_when_every_turn_is_and_keeps_one_sender():
    convs = [
        {"id": "c1", "kind": "followup", "turns": [{"user": "x", "facts": ["a"]}, {"user": "y", "facts": ["b"]}]},
        {"id": "c2", "kind": "followup", "turns": [{"user": "x", "facts": ["a"]}]},
    ]
    seen = []

    def ask(sender, text):
        seen.append(sender)
        return "a"

    score = blind_answers.score_conversations(convs, ask, lambda sender: None, [REFUSAL])
    assert (score["turns"], score["turns_right"], score["conversations_right"]) == (3, 2, 1)
    assert score["by_kind"] == {"followup": "1/2"}
    assert seen[0] == seen[1] != seen[2]
    assert score["misses"] == [
        {"conversation": "c1", "turn": 2, "user": "y", "problems": ["manque « b »"], "reply": "a"}
    ]
