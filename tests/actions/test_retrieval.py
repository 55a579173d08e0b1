"""Retrieval first (actions/retrieval.py): questions get the guide's passages, « ne figure pas » only
for what the knowledge base does not know, a question back only when nothing matches."""

import re

import pytest

from actions.questions import ActionDefineTerm, ActionListNetworks, ActionShowTestimony
from actions.refinement import ActionAdviseRole, ActionDescribeLevel, ActionSolveBlocker
from bot.knowledge.text import fold

NOT_IN_GUIDE = "ne figure pas dans le guide"
# Every answer from the guide ends with its source line: « …, partie N, p. M ».
SOURCE_END = re.compile(r"partie \d, p\. \d+$")


# Names this short are acronyms or short words, the ones advisors type in capitals (« SDTAN », « EPCI »).
ACRONYM_MAX = 8


def every_name(kb):
    """Each glossary term, long form and variant; the label and synonyms of each tag an item carries
    (a tag no item carries, like « périurbain », names nothing the guide says)."""
    names = set()
    for entry in kb.of_kind("sigle"):
        names.update([entry.title, entry.details.get("long_form") or ""])
        names.update(entry.details.get("variants") or [])
    carried = {tag for item in kb.all_items() for tag in item.tags}
    for tag in kb.tags():
        if tag.id in carried:
            names.update([tag.label, *tag.synonyms])
    return sorted(n for n in names if n.strip())


def test_no_name_the_knowledge_base_holds_is_said_to_be_missing_from_the_guide(run, kb):
    wrong = []
    for name in every_name(kb):
        # As written, and as typed in a hurry (no accents, lower case); an acronym in capitals too.
        for typed in {name, fold(name)} | ({name.upper()} if len(name) <= ACRONYM_MAX else set()):
            text = f"c'est quoi {typed} ?"
            start = text.index(typed)
            entities = [{"entity": "sigle", "value": typed, "start": start, "end": start + len(typed)}]
            turn = run(ActionDefineTerm, "ask_definition", text=text, entities=entities)
            if NOT_IN_GUIDE in turn.text or not SOURCE_END.search(turn.text.rstrip()):
                wrong.append((typed, turn.text[:80]))
    assert not wrong, wrong[:20]
    assert len(every_name(kb)) > 150


def test_the_term_typed_counts_not_the_tag_its_synonym_maps_to(run):
    # The NLU maps « FNE » to a theme's tag id; the advisor asked about FNE.
    text = "FNE, ça veut dire quoi ?"
    turn = run(
        ActionDefineTerm,
        "ask_definition",
        text=text,
        entities=[{"entity": "sigle", "value": "cadre-national", "start": 0, "end": 3}],
    )
    assert "**FNE** (France Numérique Ensemble)" in turn.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("c'est quoi un élu ambassadeur ?", "ambassadeur"),
        ("cra ça veut dire quoi ?", "**CRA**"),
        ("c koi la scorane, pas sûr de l'orthographe", "**SCORAN**"),
        ("sradet ou sraddet, je sais jamais", "**SRADDET**"),
    ],
)
def test_a_glossary_term_anywhere_in_the_question_is_found(run, text, expected):
    # The NLU's entity picked the wrong word (or none): the glossary is searched with every word.
    turn = run(ActionDefineTerm, "ask_definition", text=text, entities=[{"entity": "sigle", "value": "élu"}])
    assert expected in turn.text
    assert NOT_IN_GUIDE not in turn.text


def test_a_question_about_nothing_the_guide_holds_says_so_without_quoting_markup(run):
    text = "c'est quoi <SCRIPT SRC=x.js></SCRIPT> ?"
    turn = run(
        ActionDefineTerm,
        "ask_definition",
        text=text,
        entities=[{"entity": "sigle", "value": "<SCRIPT SRC=x.js></SCRIPT>"}],
    )
    assert [m.get("response") for m in turn.messages] == ["utter_unknown_question"]


@pytest.mark.parametrize(
    "action, intent, text, expected",
    [
        # The intent's own answer would have asked back: the message already says what it is about.
        (ActionSolveBlocker, "ask_blocker", "un élu qui se sent bien seul à défendre le sujet, je fais quoi ?", "seul"),
        (ActionAdviseRole, "ask_role", "anne-claire dubreuil elle dit quoi des élus ?", "Anne-Claire Dubreuil"),
        (ActionDescribeLevel, "ask_level", "comment les élus sont-ils organisés au Sicoval ?", "SICOVAL"),
    ],
)
def test_a_question_is_answered_from_the_guide_instead_of_a_question_back(run, action, intent, text, expected):
    turn = run(action, intent, text=text)
    assert expected in turn.text
    assert not turn.buttons
    assert turn.texts[-1].splitlines()[-1].startswith("Source : guide")


def test_a_question_back_says_why_in_one_line(run):
    turn = run(ActionDescribeLevel, "ask_level", text="et là-dessus ?")
    why, question = turn.texts
    assert why.startswith("Votre message ne nomme pas d'échelon")
    assert question == "Quel échelon vous intéresse ?"
    assert turn.buttons


def test_a_button_is_asked_back_without_the_why(run):
    turn = run(ActionDescribeLevel, "ask_level", text="/ask_level")
    assert turn.texts == ["Quel échelon vous intéresse ?"]


def test_a_list_request_keeps_its_list_when_it_names_a_glossary_term(run):
    turn = run(ActionShowTestimony, "ask_testimony", text="un témoignage sur la loi REEN")
    assert "Anne-Claire Dubreuil" in turn.text


def test_a_list_gives_way_to_a_passage_the_question_is_clearly_about(run):
    turn = run(ActionListNetworks, "ask_networks", text="à quels événements je peux inviter les élus ?")
    assert "Numérique en Commun" in turn.text


def test_a_name_in_the_question_wins_over_the_level_it_mentions(run):
    turn = run(
        ActionDescribeLevel,
        "ask_level",
        text="la Région Occitanie a fait quoi avec les données ?",
        entities=[{"entity": "echelon", "value": "region"}],
    )
    assert "Occitanie" in turn.text
    assert "**La région**" not in turn.text


def test_a_level_named_in_a_definition_question_gets_the_level(run):
    turn = run(ActionDefineTerm, "ask_definition", text="c'est quoi une interco exactement")
    assert "**L'intercommunalité**" in turn.text
