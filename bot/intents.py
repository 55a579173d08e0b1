"""Intent names that more than one part of the project relies on (one home for each list)."""

from __future__ import annotations

# The advisor's three situations (guide, part 3), as the contract names them.
SITUATIONS = ("situation_no_contact", "situation_not_engaged", "situation_convinced")
# Where an advisor tells a blocker in their own words (« ils ont d'autres chats à fouetter »): the
# situation where élus know the advisor but do not act, and the question about a blocker.
BLOCKER_INTENTS = ("situation_not_engaged", "ask_blocker")
# What Rasa's FallbackClassifier says when no intent is sure enough.
NLU_FALLBACK = "nlu_fallback"
# Never offered by the « vouliez-vous dire » buttons: they are not something to choose.
NOT_OFFERED = frozenset({NLU_FALLBACK, "out_of_scope", "affirm", "deny", "greet", "goodbye", "thanks", "show_more"})
# The response holding the button label of an offered intent.
LABEL_RESPONSE = "utter_label_{intent}"
