"""Which Rasa the fixes were written for, and the check that what each one replaces is still there.

The fixes replace private or positional parts of Rasa (`RemoteAction._validate_action_result`,
`MessageProcessor.parse_message`, ...). A Rasa upgrade that renames one fails loudly, but one
that stops calling it would make a fix vanish without a word. So, as rasa-sdk does with
`check_version_compatibility`:

- `check_rasa_version` refuses a Rasa that is not in TESTED_RASA_VERSIONS, naming it;
- each fix names its targets (`Target`: class, attribute, parameters), and `Target.original`
  refuses a target that is missing or whose parameters changed.

Adding a version to TESTED_RASA_VERSIONS means running tests/bot/rasa_fixes (signatures) and
tests/integration/test_rasa_fixes_in_a_turn.py (each fix taken in a real turn) on it first.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Tuple

# The Rasa versions the fixes and plugins were checked against, one by one.
TESTED_RASA_VERSIONS: Tuple[str, ...] = ("3.6.21",)


class RasaIncompatible(RuntimeError):
    """The installed Rasa is not one the fixes were checked against, or a target changed."""


def installed_rasa_version() -> str:
    import rasa

    return rasa.__version__


def check_rasa_version(version: Optional[str] = None) -> None:
    """Raises `RasaIncompatible` unless `version` (default: the installed Rasa) was tested."""
    version = version or installed_rasa_version()
    if version not in TESTED_RASA_VERSIONS:
        raise RasaIncompatible(
            f"Rasa {version} est installé, mais les correctifs de Cap Élus (bot/rasa_fixes) n'ont été "
            f"vérifiés que pour Rasa {', '.join(TESTED_RASA_VERSIONS)}. Réinstallez les versions "
            "épinglées (make setup), ou vérifiez chaque correctif sur cette version "
            "(tests/bot/rasa_fixes, tests/integration/test_rasa_fixes_in_a_turn.py) avant de l'ajouter "
            "à TESTED_RASA_VERSIONS dans bot/rasa_fixes/compat.py."
        )


@dataclass(frozen=True)
class Target:
    """A part of Rasa that a fix replaces or overrides: `owner.name`, called with `parameters`."""

    owner: type
    name: str
    parameters: Tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.owner.__module__}.{self.owner.__qualname__}.{self.name}"

    def original(self) -> Callable[..., Any]:
        """What `owner.name` is now, once checked to exist with the expected parameters."""
        found = inspect.getattr_static(self.owner, self.name, None)
        if found is None:
            raise RasaIncompatible(
                f"Rasa {installed_rasa_version()} : {self.label} n'existe plus ; le correctif qui le "
                "remplace doit être revu (bot/rasa_fixes)."
            )
        function = found.__func__ if isinstance(found, (staticmethod, classmethod)) else found
        parameters = tuple(inspect.signature(function).parameters)
        if parameters != self.parameters:
            raise RasaIncompatible(
                f"Rasa {installed_rasa_version()} : {self.label} attend maintenant {parameters}, "
                f"le correctif a été écrit pour {self.parameters} ; il doit être revu (bot/rasa_fixes)."
            )
        return getattr(self.owner, self.name)


def check_targets(targets: Iterable[Target]) -> None:
    """The installed Rasa is a tested one and every target is still there, as written for: else
    `RasaIncompatible`, before anything is replaced or trained."""
    check_rasa_version()
    for target in targets:
        target.original()
