"""The Rasa server runs spaCy without its named-entity recogniser.

Rasa's `SpacyNLP` loads the whole `fr_core_news_md` pipeline but the parser.
No component of config.yml reads spaCy's entities (the project's entities come
from DIET), yet the recogniser was half of spaCy's time on each message (about
3 ms of 6). Tokens, lemmas, part-of-speech tags and word vectors, which the
featurisers read, are the same with or without it, so the trained model sees
exactly the features it was trained on.
"""

from __future__ import annotations

import functools
import logging

from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

from bot.rasa_fixes.compat import Target

logger = logging.getLogger(__name__)

UNUSED_PIPES = ("ner",)
_INSTALLED = "_cap_elus_lean_spacy"
TARGETS = (Target(SpacyNLP, "load_model", ("spacy_model_name",)),)


def install() -> None:
    original = TARGETS[0].original()
    if getattr(original, _INSTALLED, False):
        return

    @functools.wraps(original)
    def load_model(spacy_model_name: str) -> SpacyModel:
        model = original(spacy_model_name)
        for name in UNUSED_PIPES:
            if name in model.model.pipe_names:
                model.model.disable_pipe(name)
        logger.info("spaCy %s chargé sans : %s.", spacy_model_name, ", ".join(UNUSED_PIPES))
        return model

    setattr(load_model, _INSTALLED, True)
    SpacyNLP.load_model = staticmethod(load_model)
