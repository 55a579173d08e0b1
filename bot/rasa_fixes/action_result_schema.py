"""Validate action server responses against a schema checked once, not on every turn.

Stock Rasa 3.6 calls `jsonschema.validate` on each custom action's response;
with jsonschema 4.17 that first re-checks the whole events schema against the
draft 2020-12 meta-schema, which cost about 50 ms per turn here: half of a turn.
The validator built here checks the schema once per process and validates every
response exactly as before (same errors, same message).
"""

from __future__ import annotations

import functools
from typing import Any, Dict

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction

from bot.rasa_fixes.compat import Target

_INSTALLED = "_cap_elus_cached_schema"
TARGETS = (
    Target(RemoteAction, "_validate_action_result", ("self", "result")),
    Target(RemoteAction, "action_response_format_spec", ()),
)


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(result: Dict[str, Any]) -> None:
    """Raises the `ValidationError` stock Rasa would raise for an invalid response."""
    error = best_match(_validator().iter_errors(result))
    if error is not None:
        raise error


def install() -> None:
    original = TARGETS[0].original()
    if getattr(original, _INSTALLED, False):
        return

    @functools.wraps(original)
    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        try:
            validate_action_result(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid."
            )
            raise
        return True

    setattr(_validate_action_result, _INSTALLED, True)
    RemoteAction._validate_action_result = _validate_action_result
