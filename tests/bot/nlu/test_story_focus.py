"""Which part of an advisor's story states their present (bot.nlu.story_focus)."""

import pytest
import spacy

from bot.nlu.story_focus import fold, present_clause, segments, told_end


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("fr_core_news_md", exclude=["ner", "parser"])


# Written for this test (not taken from any test set): message → the segment that counts.
STORIES = [
    (
        "Il y a un an personne ne me répondait ; depuis le forum, l'adjointe me demande un plan",
        "le forum, l'adjointe me demande un plan",
    ),
    (
        "Ma collègue de l'agglo a une feuille de route, mais moi je n'ai jamais vu mon maire",
        "je n'ai jamais vu mon maire",
    ),
    (
        "Ce serait faux de dire qu'ils boudent, au contraire : le conseil veut un budget dédié",
        "le conseil veut un budget dédié",
    ),
    (
        "Le président de la comcom me suit, alors que la maire ne m'a jamais reçue, elle",
        "Le président de la comcom me suit",
    ),
    ("Le maire veut une stratégie, mais avant il ne s'y intéressait pas du tout", "Le maire veut une stratégie"),
    (
        "À la commune tout va bien ; par contre au département je ne connais personne",
        "au département je ne connais personne",
    ),
]


@pytest.mark.parametrize("text, present", STORIES)
def test_the_present_segment_of_a_story(nlp, text, present):
    assert present_clause(text, nlp(text.lower())) == present


@pytest.mark.parametrize(
    "text",
    [
        "je n'ai aucun contact avec les élus de ma commune",
        "je suis en poste depuis deux ans et le maire ne me connaît pas",
        "aucun élu ne m'a répondu depuis que je suis arrivée",
    ],
)
def test_a_message_without_a_turn_has_no_present_segment(nlp, text):
    assert present_clause(text, nlp(text.lower())) is None


def test_a_segment_too_short_to_say_anything_is_not_chosen(nlp):
    text = "ils sont partants pour une feuille de route mais bon ?"
    assert present_clause(text, nlp(text.lower())) is None
    text = "les élus connaissent mon travail mais bougent pas"
    assert present_clause(text, nlp(text.lower())) is None


def test_the_imperfect_marks_a_past_segment(nlp):
    text = "Le maire me demande un plan. Mais les premiers mois il ne me répondait jamais"
    assert present_clause(text, nlp(text.lower())) == "Le maire me demande un plan"


def test_without_spacy_only_words_mark_the_past(nlp):
    text = "on se voit souvent, mais ils ne savaient pas qui j'étais"
    assert present_clause(text) == "ils ne savaient pas qui j'étais"
    assert present_clause(text, nlp(text.lower())) == "on se voit souvent"
    assert present_clause("on se voit souvent, mais au début personne ne me connaît") == "on se voit souvent"


def test_markers_are_found_whatever_the_accents_and_case():
    assert fold("DÉSORMAIS l’élue") == "desormais l'elue"
    text = "AU CONTRAIRE, ils sont motivés ; désormais on avance"
    assert [text[s.start : s.end].strip(" ,") for s in segments(text)] == ["ils sont motivés", "on avance"]


def test_an_aside_runs_to_the_next_comma():
    text = "contrairement à mes collègues, je ne connais aucun élu"
    parts = segments(text)
    assert [(p.opened_by, text[p.start : p.end].strip()) for p in parts] == [
        ("aside", "mes collègues"),
        ("after_aside", "je ne connais aucun élu"),
    ]


# A polite message's closing sentences (thanks, a signature, a short generic request) are no
# part of its story: the present is read before them.
CLOSED = [
    (
        "Bonjour, je suis CN dans une régie de quartier. Nous n'avons jamais approché les élus et "
        "nous ne savons pas comment les choses fonctionnent ici. Comment s'y prendre ? Merci pour votre travail.",
        None,
    ),
    (
        "Au début le maire m'ignorait, mais depuis le forum il veut un plan. Que me conseillez-vous ? "
        "Bien cordialement, Mathieu R.",
        "le forum il veut un plan",
    ),
    (
        "Au début tout allait bien. Mais comment faire maintenant que le maire ne répond plus ?",
        "que le maire ne répond plus",
    ),
]


@pytest.mark.parametrize("text, present", CLOSED)
def test_the_closing_of_a_polite_message_is_not_its_present(nlp, text, present):
    assert present_clause(text, nlp(text.lower())) == present


@pytest.mark.parametrize(
    "text, told",
    [
        (
            "Le maire devait me rappeler après le forum. Merci d'avance. Léa",
            "Le maire devait me rappeler après le forum.",
        ),
        ("Le maire devait me rappeler après le forum. Jamais rappelé.", None),
        ("J'ai tout essayé, des mails, des réunions. RIEN.", None),
        ("Merci. Léa", None),
    ],
)
def test_a_short_last_sentence_is_a_signature_only_after_a_courtesy(text, told):
    assert text[: told_end(text)] == (told or text)
