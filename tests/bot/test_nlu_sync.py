import yaml

from bot import nlu_sync
from bot.settings import ROOT


def test_committed_synonyms_and_lookups_match_knowledge():
    assert nlu_sync.stale_files() == []


def test_synonyms_map_what_advisors_type_to_tag_ids():
    data = yaml.safe_load((ROOT / "data" / "nlu" / "synonyms.yml").read_text(encoding="utf-8"))
    synonyms = {
        line.strip()[2:]: block["synonym"]
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip()
    }
    assert synonyms["comcom"] == "intercommunalite"
    assert synonyms["quartier prioritaire"] == "qpv"


def test_a_new_synonym_in_knowledge_makes_the_files_stale(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for name in ("tags.yml", "glossaire.yml"):
        (knowledge / name).write_text((ROOT / "knowledge" / name).read_text(encoding="utf-8"), encoding="utf-8")
    tags = knowledge / "tags.yml"
    tags.write_text(tags.read_text(encoding="utf-8").replace('"comcom"', '"comcom", "cdc"', 1), encoding="utf-8")
    stale = nlu_sync.stale_files(knowledge)
    assert ROOT / "data" / "nlu" / "synonyms.yml" in stale
    assert ROOT / "data" / "nlu" / "lookups" / "echelon.yml" in stale
