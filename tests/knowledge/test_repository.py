import pytest

from bot.knowledge.database import create_kb_engine
from bot.knowledge.repository import KnowledgeBase, KnowledgeBaseUnavailable

SOURCE_LINE = "Source : guide « Mobiliser les élus de son territoire » (mai 2024), partie {}, p. {}"


@pytest.mark.parametrize(
    "key, first_step, part",
    [
        ("situation_no_contact", "etape-no-contact-premier-contact", 3),
        ("situation_not_engaged", "etape-not-engaged-impliquer-des-le-debut", 3),
        ("situation-convinced", "etape-convinced-contexte-national", 3),
    ],
)
def test_situation_by_intent_or_id_has_its_ordered_steps(loaded, key, first_step, part):
    view = loaded.situation(key)
    assert view is not None
    assert len(view.steps) >= 5
    assert view.steps[0].id == first_step
    assert [s.parent_id for s in view.steps] == [view.situation.id] * len(view.steps)
    assert view.situation.source_line == SOURCE_LINE.format(part, 14)
    # Steps carry their situation's source and links to resources or testimonies.
    assert all(step.source_page == 14 for step in view.steps)
    assert any(step.links for step in view.steps)


def test_unknown_situation_is_none(loaded):
    assert loaded.situation("situation_inconnue") is None


def test_item_by_id_with_details_tags_links_and_source(loaded):
    item = loaded.item("temoignage-cremoux-bilans")
    assert item.kind == "temoignage"
    assert item.details["author"] == "Paul Crémoux"
    assert item.details["department"].startswith("Vienne")
    assert "Indice de Fragilité Numérique" in item.body
    assert item.tags
    assert item.source_line.startswith("Source : guide")
    assert loaded.item("n-existe-pas") is None


def test_links_resolve_to_items_in_order(loaded):
    step = loaded.item("etape-no-contact-reseaux-elus")
    networks = loaded.linked(step, "ressources")
    assert len(networks) == 10
    assert {n.category for n in networks} == {"reseau-elus"}
    assert [n.id for n in networks] == list(step.links["ressources"])


@pytest.mark.parametrize(
    "tags, kind, category, expected_in",
    [
        (["qpv"], "projet", None, {"projet-brest-internet-habitat-social", "projet-bordeaux-triporteur-connecte"}),
        (["environnement"], "projet", "projet", {"projet-lacq-orthez-numerique-responsable"}),
        (["manque-de-temps"], "frein", "frein", {"frein-manque-de-temps"}),
        (["maire"], "ressource", "reseau-elus", {"reseau-amf", "reseau-amrf"}),
        (["ia"], None, None, {"projet-metz-hyperviseur", "contexte-ia-intercommunalites-de-france"}),
    ],
)
def test_by_tags(loaded, tags, kind, category, expected_in):
    found = loaded.by_tags(tags, kind=kind, category=category)
    ids = {item.id for item in found}
    assert expected_in <= ids
    for item in found:
        assert set(tags) & set(item.tags)
        assert kind is None or item.kind == kind
        assert category is None or item.category == category


def test_by_tags_orders_by_number_of_matching_tags(loaded):
    found = loaded.by_tags(["qpv", "inegalites", "lien-social"], kind="projet")
    matches = [len({"qpv", "inegalites", "lien-social"} & set(item.tags)) for item in found]
    assert matches == sorted(matches, reverse=True)


def test_by_tags_match_all(loaded):
    found = loaded.by_tags(["commune", "maire"], match_all=True)
    assert found
    assert all({"commune", "maire"} <= set(item.tags) for item in found)


@pytest.mark.parametrize(
    "term", ["SDTAN", "sdtan", "S.D.T.A.N.", "schéma directeur territorial d'aménagement numérique"]
)
def test_glossary_finds_acronyms_however_written(loaded, term):
    assert loaded.glossary(term).id == "sigle-sdtan"


def test_glossary_does_not_invent(loaded):
    assert loaded.glossary("PLU") is None


def test_tags_with_synonyms(loaded):
    levels = {tag.id: tag for tag in loaded.tags("echelon")}
    assert set(levels) == {"commune", "intercommunalite", "departement", "region", "etat"}
    assert "comcom" in levels["intercommunalite"].synonyms


def test_stats_count_the_guide(loaded):
    stats = loaded.stats()
    assert stats["items"]["temoignage"] == 19
    assert stats["items"]["projet"] == 14
    assert stats["categories"]["frein/frein"] == 6
    assert stats["categories"]["ressource/reseau-elus"] == 10
    assert stats["items"]["sigle"] >= 20
    assert stats["items"]["ressource"] >= 30


def test_empty_database_says_how_to_fill_it(tmp_path):
    kb = KnowledgeBase(create_kb_engine(f"sqlite:///{tmp_path / 'vide.db'}"))
    with pytest.raises(KnowledgeBaseUnavailable, match="python -m bot kb load"):
        kb.situation("situation_no_contact")


def test_unreachable_database_is_reported_not_crashed():
    kb = KnowledgeBase(create_kb_engine("postgresql://personne@127.0.0.1:1/rien"))
    with pytest.raises(KnowledgeBaseUnavailable, match="injoignable"):
        kb.search("sdtan")


@pytest.mark.parametrize(
    "query",
    [
        lambda kb: kb.all_items(),
        lambda kb: kb.tags("echelon"),
        lambda kb: kb.stats(),
        lambda kb: kb.by_tags(["qpv"]),
        lambda kb: kb.of_kind("sigle"),
        lambda kb: kb.search("sdtan"),
        lambda kb: kb.glossary("SDTAN"),
        lambda kb: kb.knows("SDTAN"),
    ],
    ids=["all_items", "tags", "stats", "by_tags", "of_kind", "search", "glossary", "knows"],
)
def test_a_table_gone_after_the_version_check_is_reported_by_every_query(tmp_path, query):
    from sqlalchemy import text

    from bot.knowledge.loader import load_knowledge

    engine = create_kb_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    load_knowledge(engine)
    with engine.begin() as connection:
        for table in ("kb_item_tags", "kb_links", "kb_tag_synonyms", "kb_tags", "kb_items"):
            connection.execute(text(f"DROP TABLE {table}"))
    with pytest.raises(KnowledgeBaseUnavailable, match="injoignable"):
        query(KnowledgeBase(engine))


def test_unknown_words_are_the_content_words_the_guide_never_uses(loaded):
    assert loaded.unknown_words("combien coûte un iPhone à la mairie ?") == ["coute", "iphone"]
    assert loaded.unknown_words("les élus et le SDTAN") == []
