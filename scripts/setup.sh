#!/usr/bin/env bash
# Installs everything Cap Élus needs into .venv (Python 3.10, pinned packages,
# the French spaCy model), then checks the result. Idempotent: when the stamp
# matches the lock file, only the final checks run.
set -euo pipefail

SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$SELF")/.."
VENV=.venv
LOCK=requirements/lock.txt
STAMP="$VENV/.setup-stamp"
PIP_VERSION=24.0

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERREUR : %s\n' "$*" >&2; exit 1; }

find_python() {
    if [[ -n "${PYTHON:-}" ]]; then
        command -v "$PYTHON" >/dev/null 2>&1 || die "PYTHON=$PYTHON est introuvable."
        command -v "$PYTHON"
        return
    fi
    local prefix
    if command -v pyenv >/dev/null 2>&1 && prefix=$(pyenv prefix 3.10 2>/dev/null); then
        if [[ -x "$prefix/bin/python3.10" ]]; then
            echo "$prefix/bin/python3.10"
            return
        fi
    fi
    for candidate in python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
        if command -v "$candidate" >/dev/null 2>&1; then
            command -v "$candidate"
            return
        fi
    done
    die "Python 3.10 est introuvable (Rasa 3.6 ne fonctionne qu'avec Python 3.10).
  Installez-le, par exemple avec pyenv : 'pyenv install 3.10.13',
  ou indiquez son chemin : 'make setup PYTHON=/chemin/vers/python3.10'."
}

PY_BIN=$(find_python)
version=$("$PY_BIN" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[[ "$version" == "3.10" ]] || die "$PY_BIN est en Python $version ; il faut Python 3.10."

# The stamp covers the lock file, this script and the interpreter used.
want=$( { cat "$LOCK" "$SELF"; echo "$PY_BIN"; } | sha256sum | cut -d' ' -f1)

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -x "$VENV/bin/python" ]]; then
    say "Environnement Python déjà à jour ($VENV)."
else
    if [[ -x "$VENV/bin/python" ]] && ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
        say "Le venv existant n'est pas en Python 3.10 : il est recréé."
        rm -rf "$VENV"
    fi
    rm -f "$STAMP"
    if [[ ! -x "$VENV/bin/python" ]]; then
        say "Création du venv $VENV avec $PY_BIN"
        "$PY_BIN" -m venv "$VENV"
    fi
    say "Installation des paquets épinglés ($LOCK) ; la première fois, comptez quelques minutes."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip==$PIP_VERSION" \
        || die "impossible d'installer pip $PIP_VERSION."
    # --no-deps: the lock is the complete set; pip must not add or upgrade anything.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$LOCK" \
        || die "l'installation des paquets a échoué (voir ci-dessus). Relancez 'make setup'."
fi

# System packages: PostgreSQL server (knowledge base and conversations on PostgreSQL,
# the local cluster), Redis and nginx (the local cluster and its tests: lock store,
# load balancer), Node.js and npm (the web chat widget's packages), Chromium (the
# browser test of the widget). The project starts its own servers on free ports;
# none of these packages' system services is used.
need_apt=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 \
    || need_apt+=(postgresql)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || need_apt+=(redis-server)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need_apt+=(nginx)
if ((${#need_apt[@]})); then
    say "Installation des paquets système : ${need_apt[*]}"
    if [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null 2>&1; then
        die "il manque ${need_apt[*]} ; installez-les (apt-get install ${need_apt[*]}) puis relancez 'make setup'."
    fi
    SUDO=$([[ $(id -u) -eq 0 ]] || echo sudo)
    $SUDO apt-get update -qq || die "apt-get update a échoué."
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
        || die "l'installation de ${need_apt[*]} a échoué."
fi

# The web chat widget (rasa-webchat) and the Inter font, pinned in package-lock.json, served
# by the chat page. The stamp in node_modules/ holds the hash of the lock it was installed from.
NPM_STAMP=node_modules/.cap-elus-lock.sha256
npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$NPM_STAMP" && "$(cat "$NPM_STAMP")" == "$npm_want" ]]; then
    say "Paquets npm déjà à jour (node_modules)."
else
    say "Installation des paquets npm épinglés (package-lock.json) : widget de discussion et police Inter."
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null \
        || die "l'installation des paquets npm a échoué (voir ci-dessus). Relancez 'make setup'."
    echo "$npm_want" > "$NPM_STAMP"
fi

say "Vérification du widget de discussion (node_modules)"
"$VENV/bin/python" - <<'PY' || die "la page de discussion ne peut pas servir le widget (voir ci-dessus)."
from pathlib import Path

from bot.chat_page.server import create_app
from bot.settings import load_settings

create_app(load_settings(environ={}, dotenv_path=Path("/nonexistent/.env")))
PY

say "Vérification des dépendances (pip check)"
"$VENV/bin/python" -m pip check --disable-pip-version-check >/dev/null \
    || { "$VENV/bin/python" -m pip check; die "dépendances incohérentes dans $VENV."; }

say "Vérification du modèle spaCy français (fr_core_news_md)"
"$VENV/bin/python" - <<'PY' || die "le modèle spaCy fr_core_news_md ne se charge pas."
import spacy
nlp = spacy.load("fr_core_news_md")
assert nlp("Bonjour madame la maire")[0].text == "Bonjour"
PY

echo "$want" > "$STAMP"
say "Terminé. Lancez 'make run' pour démarrer le bot, 'make test' pour les tests."
