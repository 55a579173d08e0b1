"""Intent names that more than one part of the project relies on (one home for each list)."""

from __future__ import annotations

# The advisor's three situations (guide, part 3), as the contract names them.
SITUATIONS = ("situation_no_contact", "situation_not_engaged", "situation_convinced")
# What Rasa's FallbackClassifier says when no intent is sure enough.
NLU_FALLBACK = "nlu_fallback"
