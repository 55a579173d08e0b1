"""The second stage of situation recognition (bot.nlu.situation_resolver), on real spaCy documents."""

import copy

import pytest
import spacy
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.intents import NLU_FALLBACK, SITUATIONS
from bot.nlu.situation_resolver import OTHER, RESOLVED_KEY, SituationResolver, whole_of
from bot.settings import ROOT

NO_CONTACT, NOT_ENGAGED, CONVINCED = SITUATIONS
# A few training messages, written for this test.
TRAINING = {
    NO_CONTACT: [
        "je ne connais aucun élu",
        "personne à la mairie ne sait qui je suis",
        "jamais rencontré le maire",
        "aucun contact avec les élus de l'interco",
        "les élus ne m'ont jamais vu",
    ],
    NOT_ENGAGED: [
        "ils me connaissent mais le sujet ne les intéresse pas",
        "le maire me reçoit mais rien ne bouge",
        "on se voit souvent, ce n'est pas leur priorité",
        "les élus m'écoutent poliment sans suite",
        "l'adjointe me croise et s'en fiche",
    ],
    CONVINCED: [
        "le maire veut une feuille de route",
        "les élus veulent une stratégie écrite",
        "l'interco veut un plan d'action sur trois ans",
        "ils sont convaincus et veulent aller plus loin",
        "la maire demande un budget pour le plan",
    ],
}


OTHERS = {
    "restart": [
        "efface la discussion",
        "on recommence la conversation",
        "vide l'historique",
        "nouvelle conversation stp",
        "remets la discussion à zéro",
    ],
    "greet": ["bonjour", "salut", "bonsoir à vous", "hello", "coucou"],
    "ask_definition": [
        "c'est quoi un EPCI",
        "que veut dire SDTAN",
        "définition de QPV",
        "c quoi le CCAS",
        "ça veut dire quoi SRADDET",
    ],
}


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("fr_core_news_md", exclude=["ner", "parser"])


def message(nlp, text, ranking=None):
    result = Message(data={"text": text})
    result.set(SPACY_DOCS["text"], nlp(text.lower()))
    if ranking is not None:
        entries = [{"name": name, "confidence": value} for name, value in ranking]
        result.set("intent_ranking", entries)
        result.set("intent", entries[0])
    return result


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture(scope="module")
def trained(nlp, storage, context):
    examples = []
    for intent, texts in TRAINING.items():
        for text in texts:
            example = message(nlp, text)
            example.set("intent", intent)
            examples.append(example)
    for intent, texts in OTHERS.items():
        for text in texts:
            example = message(nlp, text)
            example.set("intent", intent)
            examples.append(example)
    resource = Resource("situation_resolver")
    component = SituationResolver.create(SituationResolver.get_default_config(), storage, resource, context)
    component.train(TrainingData(examples))
    return component, resource


def test_it_learns_the_three_situations_and_everything_else_as_other(trained):
    component, _ = trained
    assert sorted(component.model.labels) == sorted([*SITUATIONS, OTHER])


def test_a_message_diet_took_for_a_situation_but_is_none_gets_its_other_intent(trained, nlp):
    component, _ = trained
    wrong = message(
        nlp, "efface tout l'historique de la conversation", [(CONVINCED, 0.7), ("restart", 0.2), (NO_CONTACT, 0.1)]
    )
    component.process([wrong])
    assert wrong.get("intent") == {"name": "restart", "confidence": 0.2}
    assert all(e["name"] not in SITUATIONS for e in wrong.get("intent_ranking"))
    assert wrong.get(RESOLVED_KEY)["situation"] is None


def test_a_stored_model_reads_the_same_after_loading(trained, storage, context, nlp):
    component, resource = trained
    loaded = SituationResolver.load(SituationResolver.get_default_config(), storage, resource, context)
    doc = nlp("le maire veut un plan")
    assert loaded.model.probabilities("le maire veut un plan", doc.vector) == pytest.approx(
        component.model.probabilities("le maire veut un plan", doc.vector)
    )


def test_the_present_of_a_story_decides(trained, nlp):
    component, _ = trained
    # Whole-message keywords pulled DIET towards the past (not engaged); the present says convinced.
    text = "au début ils s'en fichaient et rien ne bougeait ; depuis la réunion le maire veut une feuille de route"
    story = message(nlp, text, [(NOT_ENGAGED, 0.6), (CONVINCED, 0.35), ("ask_blocker", 0.05)])
    component.process([story])
    assert story.get("intent")["name"] == CONVINCED
    assert story.get(RESOLVED_KEY)["story"] is True
    assert story.get(RESOLVED_KEY)["focus"].endswith("le maire veut une feuille de route")


def test_a_message_that_is_no_situation_is_left_as_diet_said(trained, nlp):
    component, _ = trained
    ranking = [("ask_definition", 0.7), (NO_CONTACT, 0.2), ("greet", 0.1)]
    question = message(nlp, "c'est quoi un EPCI ? je ne connais pas", ranking)
    before = copy.deepcopy(question.get("intent_ranking"))
    component.process([question])
    assert question.get("intent_ranking") == before
    assert question.get(RESOLVED_KEY) is None


def test_a_situation_clearly_ahead_is_answered_not_sent_to_the_fallback(trained, nlp):
    component, _ = trained
    text = (
        "Bonjour, je suis conseillère dans une médiathèque depuis septembre. "
        "Je ne connais aucun élu. Merci d'avance pour votre aide !"
    )
    polite = message(nlp, text, [(NO_CONTACT, 0.42), ("thanks", 0.3), ("greet", 0.2), (NOT_ENGAGED, 0.08)])
    fallback = FallbackClassifier({"threshold": 0.5, "ambiguity_threshold": 0.1})
    stock = fallback.process([copy.deepcopy(polite)])[0]
    assert stock.get("intent")["name"] == NLU_FALLBACK  # what happened before the resolver
    fallback.process(component.process([polite]))
    assert polite.get("intent")["name"] == NO_CONTACT


def test_two_close_situations_still_go_to_the_fallback(trained, nlp):
    trained_component, _ = trained
    # DIET alone decides between the situations here (plain_weight 0), so that they are close whatever
    # the small linear model of this test makes of the words.
    component = SituationResolver(
        {**trained_component.config, "plain_weight": 0.0}, None, None, trained_component.model
    )
    unsure = message(
        nlp, "les élus du coin, je les connais à peine", [(NO_CONTACT, 0.36), (NOT_ENGAGED, 0.34), ("greet", 0.3)]
    )
    FallbackClassifier({"threshold": 0.5, "ambiguity_threshold": 0.1}).process(component.process([unsure]))
    assert unsure.get(RESOLVED_KEY)["lead"] < component.config["lead"]
    assert unsure.get("intent")["name"] == NLU_FALLBACK


def test_the_pipeline_resolves_after_diet_and_before_the_fallback():
    names = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]]
    resolver = "bot.nlu.situation_resolver.SituationResolver"
    diet = "bot.nlu.length_buckets.LengthBucketedDIET"
    assert names.index(diet) < names.index(resolver) < names.index("FallbackClassifier")


def test_a_situation_diet_ranked_under_another_intent_is_taken_when_the_linear_model_is_sure(trained, nlp):
    component, _ = trained
    text = "jamais rencontré le maire, les élus ne m'ont jamais vu"
    ranking = [("greet", 0.55), (NO_CONTACT, 0.25), ("restart", 0.12), (NOT_ENGAGED, 0.08)]
    sure = component.model.probabilities(*whole_of(message(nlp, text)))
    assert 1 - sure[OTHER] >= component.config["linear_gate"]  # the case this test is about
    told = message(nlp, text, ranking)
    FallbackClassifier({"threshold": 0.5, "ambiguity_threshold": 0.1}).process(component.process([told]))
    assert told.get("intent")["name"] == NO_CONTACT
    # Without the linear gate, DIET's « greet » would have stood.
    strict = SituationResolver({**component.config, "linear_gate": 1.1}, None, None, component.model)
    untouched = message(nlp, text, ranking)
    strict.process([untouched])
    assert untouched.get("intent")["name"] == "greet"
    assert untouched.get(RESOLVED_KEY) is None


def test_a_situation_diet_hardly_considered_is_not_read_again(trained, nlp):
    component, _ = trained
    text = "jamais rencontré le maire, les élus ne m'ont jamais vu"
    ranking = [("greet", 0.9), ("restart", 0.07), (NO_CONTACT, 0.03)]
    assert ranking[2][1] < component.config["linear_gate_mass"]
    told = message(nlp, text, ranking)
    component.process([told])
    assert told.get("intent")["name"] == "greet"
    assert told.get(RESOLVED_KEY) is None
