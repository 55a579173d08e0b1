"""Entities from the lookup tables (bot.nlu.lookup_entities): exact names, typos, overlaps, storage."""

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.lookup_entities import LookupEntityExtractor, LookupIndex, folded_words, typos_allowed
from bot.settings import ROOT

# Small tables written for these tests (the real ones are generated from knowledge/).
TABLES = {
    "role": ["maire", "le maire", "adjointe"],
    "echelon": ["mairie", "intercommunalite", "commune"],
    "frein": ["pas le temps", "deborde", "pas d'interet"],
    "sigle": ["CRA", "FNE", "elu", "elu ambassadeur"],
}


def found(index, text):
    return [(f.entity, text[f.start : f.end], f.value) for f in index.find(text)]


@pytest.fixture(scope="module")
def index():
    return LookupIndex(TABLES)


def test_words_are_folded_and_keep_their_place_in_the_text():
    text = "L'Élue, œuvre à l'intercommunalité"
    words = folded_words(text)
    assert [w for w, _, _ in words] == ["l", "elue", "oeuvre", "a", "l", "intercommunalite"]
    assert [text[s:e] for _, s, e in words][-1] == "intercommunalité"
    assert text[words[2][1] : words[2][2]] == "œuvre"


def test_a_name_is_found_whatever_its_case_and_accents(index):
    assert found(index, "Le Maire de la commune") == [
        ("role", "Le Maire", "le maire"),
        ("echelon", "commune", "commune"),
    ]


def test_the_longest_name_wins(index):
    assert found(index, "c'est quoi un élu ambassadeur ?") == [("sigle", "élu ambassadeur", "elu ambassadeur")]
    assert found(index, "un élu") == [("sigle", "élu", "elu")]


def test_a_typo_is_forgiven_in_a_long_name(index):
    assert found(index, "je suis débordée") == [("frein", "débordée", "deborde")]
    assert found(index, "à l'intercomunalité") == [("echelon", "intercomunalité", "intercommunalite")]
    assert found(index, "ils ne voient pas l'intérêt") == [("frein", "pas l'intérêt", "pas d'interet")]


def test_short_names_must_be_exact(index):
    assert found(index, "le CRA") == [("sigle", "CRA", "CRA")]
    assert found(index, "le CRB, la FNA") == []
    assert typos_allowed("fne") == 0 and typos_allowed("maire") == 1 and typos_allowed("intercommunalite") == 2


def test_a_word_another_name_spells_exactly_is_not_a_typo(index):
    # « maire » is one letter from « mairie », but it is a role; « faire » is not « maire ».
    assert found(index, "le maire veut bien") == [("role", "le maire", "le maire")]
    assert found(index, "il faut le faire") == []
    assert found(index, "à la mairie") == [("echelon", "mairie", "mairie")]


def test_whole_words_only(index):
    assert found(index, "des communes et des communautés") == [("echelon", "communes", "commune")]
    assert found(index, "elusif") == []


@pytest.fixture()
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def test_trained_on_the_project_lookups_it_finds_and_maps_a_blocker_after_loading(storage):
    """The project's own tables (data/nlu/lookups, from knowledge/), stored and loaded as Rasa does,
    then EntitySynonymMapper: the value is the blocker's tag."""
    data = load_data(str(ROOT / "data" / "nlu"))
    context = ExecutionContext(GraphSchema({}), "test")
    resource = Resource("lookup_entities")
    trained = LookupEntityExtractor.create({}, storage, resource, context)
    trained.train(data)
    loaded = LookupEntityExtractor.load({}, storage, resource, context)
    mapper = EntitySynonymMapper.create({}, storage, Resource("synonyms"), context)
    mapper.train(data)
    message = Message.build(text="Mes élus sont débordés, ils n'ont jamais le temps")
    mapper.process(loaded.process([message]))
    frein = [e for e in message.get("entities") if e["entity"] == "frein"]
    tags = yaml.safe_load((ROOT / "knowledge" / "tags.yml").read_text(encoding="utf-8"))
    assert frein and all(e["extractor"] == "LookupEntityExtractor" for e in frein)
    assert {e["value"] for e in frein} <= {t["id"] for t in tags["facets"]["frein"]}


def test_without_lookup_tables_it_leaves_messages_alone(storage):
    context = ExecutionContext(GraphSchema({}), "test")
    component = LookupEntityExtractor.create({}, storage, Resource("empty"), context)
    component.train(TrainingData([]))
    loaded = LookupEntityExtractor.load({}, storage, Resource("empty"), context)
    message = Message.build(text="le maire")
    loaded.process([message])
    assert not message.get("entities")


def test_the_pipeline_extracts_before_mapping_synonyms_and_diet_leaves_entities_to_it():
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    names = [c["name"] for c in pipeline]
    assert names.index("bot.nlu.lookup_entities.LookupEntityExtractor") < names.index("EntitySynonymMapper")
    diet = next(c for c in pipeline if c["name"] == "bot.nlu.length_buckets.LengthBucketedDIET")
    assert diet["entity_recognition"] is False
