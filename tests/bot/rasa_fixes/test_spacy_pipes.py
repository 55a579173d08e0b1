"""The server's spaCy without NER gives the featurisers exactly what training gave them."""

import pytest
import spacy
import yaml
from rasa.nlu.utils.spacy_utils import SpacyNLP

from bot.rasa_fixes import spacy_pipes
from bot.settings import ROOT

MODEL = "fr_core_news_md"
SENTENCES = [
    "Bonjour, je n'ai encore jamais rencontré le maire de ma commune rurale.",
    "les elus de l'interco sont partants pr une feuille de route !!",
    "C'est quoi le SDTAN ? Et la Banque des Territoires finance quoi à Tulle ?",
]


@pytest.fixture(scope="module")
def lean():
    spacy_pipes.install()
    return SpacyNLP.load_model(MODEL).model


def test_the_recogniser_is_off_and_the_rest_is_on(lean):
    assert "ner" not in lean.pipe_names
    assert {"tok2vec", "morphologizer", "lemmatizer"} <= set(lean.pipe_names)


@pytest.fixture(scope="module")
def full():
    return spacy.load(MODEL, disable=["parser"])


@pytest.mark.parametrize("text", SENTENCES)
def test_tokens_lemmas_tags_and_vectors_are_unchanged(lean, full, text):
    expected = [(t.text, t.idx, t.lemma_, t.pos_, t.vector.tolist()) for t in full(text)]
    assert [(t.text, t.idx, t.lemma_, t.pos_, t.vector.tolist()) for t in lean(text)] == expected


def test_no_component_of_the_pipeline_reads_spacy_entities():
    pipeline = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]]
    assert "SpacyNLP" in pipeline
    assert "SpacyEntityExtractor" not in pipeline
