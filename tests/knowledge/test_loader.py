import re

import pytest
from sqlalchemy import func, select

from bot.knowledge import loader, models
from bot.knowledge.loader import KnowledgeError, load_knowledge, read_knowledge
from bot.knowledge.repository import KnowledgeBase


def edit(directory, name, old, new, count=1):
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


BAD_EDITS = [
    pytest.param(
        "temoignages.yml",
        "tags: [portage-politique, communication",
        "tags: [pas-un-tag, communication",
        [
            "knowledge/temoignages.yml",
            "temoignage-portal-relais-communication",
            "champ « tags »",
            "tag inconnu « pas-un-tag »",
        ],
        id="unknown-tag",
    ),
    pytest.param(
        "projets.yml",
        "id: projet-la-souterraine-micro-folie",
        "id: projet-tulle-bains-douches-numeriques",
        ["knowledge/projets.yml", "projet-tulle-bains-douches-numeriques", "id en double"],
        id="duplicate-id",
    ),
    pytest.param(
        "contexte.yml",
        '    source: {partie: 1, page: 5, section: "Objectifs de ce guide"}\n',
        "\n",
        ["knowledge/contexte.yml", "champ « source »", "source manquante"],
        id="missing-source",
    ),
    pytest.param(
        "situations.yml",
        "ressources: [repertoire-national-des-elus]",
        "ressources: [repertoire-disparu]",
        [
            "knowledge/situations.yml",
            "etape-no-contact-premier-contact",
            "champ « ressources »",
            "référence inconnue « repertoire-disparu »",
        ],
        id="dangling-reference",
    ),
    pytest.param(
        "territoires.yml",
        "projets: [projet-tulle-bains-douches-numeriques",
        "projets: [sigle-sdtan",
        ["knowledge/territoires.yml", "champ « projets »", "« sigle-sdtan » est un item « sigle », pas « projet »"],
        id="reference-to-wrong-kind",
    ),
    pytest.param(
        "blocages.yml",
        "source: {partie: 2, page: 7,",
        "source: {partie: 2, page: 9,",
        ["knowledge/blocages.yml", "frein-manque-de-temps", "la partie 2 commence p. 7, pas p. 9"],
        id="wrong-page",
    ),
    pytest.param(
        "glossaire.yml",
        "kind: sigle",
        "kind: sigle\n  oups: [",
        ["knowledge/glossaire.yml", "YAML invalide ligne"],
        id="invalid-yaml",
    ),
    pytest.param(
        "ressources.yml",
        'url: "https://www.amf.asso.fr/"',
        "url: www.amf.asso.fr",
        ["knowledge/ressources.yml", "reseau-amf", "champ « url »", "adresse invalide"],
        id="bad-url",
    ),
    pytest.param(
        "elus.yml",
        "    categorie: echelon\n",
        "    categorie: echelon\n    couleur: bleu\n",
        ["knowledge/elus.yml", "elus-qui-sont-ils", "champ inconnu « couleur »"],
        id="unknown-field",
    ),
    pytest.param(
        "feuille-de-route.yml",
        "    categorie: argument\n",
        "    categorie: slogan\n",
        ["knowledge/feuille-de-route.yml", "champ « categorie »", "catégorie « slogan » inconnue"],
        id="unknown-category",
    ),
    pytest.param(
        "temoignages.yml",
        '    auteur: "Fabien Portal"',
        '    auteur: ""',
        ["knowledge/temoignages.yml", "temoignage-portal-relais-communication", "champ « auteur »", "valeur manquante"],
        id="missing-author",
    ),
    pytest.param(
        "contexte.yml",
        '    questions: ["quels sont les objectifs de ce guide ?",',
        "    questions: [42,",
        ["knowledge/contexte.yml", "contexte-objectifs-guide", "champ « questions »", "liste de textes"],
        id="questions-not-a-list",
    ),
]


@pytest.mark.parametrize("file, old, new, words", BAD_EDITS)
def test_each_bad_file_is_refused_with_a_precise_french_message(knowledge_copy, file, old, new, words):
    edit(knowledge_copy, file, old, new)
    with pytest.raises(KnowledgeError) as error:
        read_knowledge(knowledge_copy)
    message = str(error.value)
    for word in words:
        assert word in message, message


def test_too_long_text_is_refused(knowledge_copy):
    path = knowledge_copy / "contexte.yml"
    text = path.read_text(encoding="utf-8")
    first_text = re.search(r'texte: "([^"]+)"', text).group(1)
    path.write_text(text.replace(first_text, "mot " * 150, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"texte trop long \(600 caractères, 450 au plus\)"):
        read_knowledge(knowledge_copy)


def test_missing_file_is_refused(knowledge_copy):
    (knowledge_copy / "glossaire.yml").unlink()
    with pytest.raises(KnowledgeError, match=r"knowledge/glossaire.yml : fichier manquant"):
        read_knowledge(knowledge_copy)


def test_every_problem_is_listed_not_only_the_first(knowledge_copy):
    edit(knowledge_copy, "ressources.yml", 'url: "https://www.amf.asso.fr/"', "url: ftp://amf")
    edit(knowledge_copy, "projets.yml", "id: projet-la-souterraine-micro-folie", "id: Projet Souterraine")
    with pytest.raises(KnowledgeError) as error:
        read_knowledge(knowledge_copy)
    assert len(error.value.problems) >= 2


def _snapshot(engine):
    kb = KnowledgeBase(engine)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(models.Item)).scalar_one()
    return kb.version(), count, kb.item("reseau-amf").body


def test_a_bad_file_leaves_the_database_unchanged(engine, knowledge_copy):
    load_knowledge(engine)
    before = _snapshot(engine)
    edit(knowledge_copy, "ressources.yml", "Réseau de maires", "Texte modifié")
    edit(knowledge_copy, "temoignages.yml", "tags: [portage-politique, communication", "tags: [inconnu, communication")
    with pytest.raises(KnowledgeError):
        load_knowledge(engine, knowledge_copy)
    assert _snapshot(engine) == before


def test_a_database_error_mid_load_rolls_everything_back(engine, knowledge_copy, monkeypatch):
    load_knowledge(engine)
    before = _snapshot(engine)
    edit(knowledge_copy, "ressources.yml", "Réseau de maires", "Texte modifié")
    real_insert = loader.insert

    def failing_insert(table):
        if table is models.Link:
            raise RuntimeError("panne simulée pendant le chargement")
        return real_insert(table)

    monkeypatch.setattr(loader, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="panne simulée"):
        load_knowledge(engine, knowledge_copy)
    assert _snapshot(engine) == before


def test_reload_bumps_the_version_only_when_files_change(engine, knowledge_copy):
    first = load_knowledge(engine, knowledge_copy)
    assert first.changed and first.version == 1
    again = load_knowledge(engine, knowledge_copy)
    assert not again.changed and again.version == 1
    edit(knowledge_copy, "ressources.yml", "Réseau de maires", "Le réseau des maires")
    changed = load_knowledge(engine, knowledge_copy)
    assert changed.changed and changed.version == 2
