# Cap Élus — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(PY) -m rasa
STAMP := $(VENV)/.setup-stamp

.PHONY: help setup test test-fast train run run-cluster purge bench shell validate lint lock clean check-venv

help: ## Affiche cette aide
	@echo "Cap Élus — cibles disponibles :"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

setup: ## Installe tout (venv Python 3.10, paquets épinglés, modèle spaCy, widget web via npm) ; rapide si déjà fait
	@bash scripts/setup.sh

check-venv:
	@test -f $(STAMP) || { echo "L'environnement n'est pas installé : lancez d'abord 'make setup'." >&2; exit 1; }

train: check-venv ## Entraîne le modèle Rasa dans models/ (seulement si config, domaine ou data/ ont changé)
	@$(PY) -m bot nlu-sync
	@$(PY) -m bot train

run: check-venv ## Démarre le bot : actions (:5055), Rasa (:5005), page de discussion (:8080) ; Ctrl-C arrête tout
	@$(PY) -m bot run

run-cluster: check-venv ## Grappe locale : PostgreSQL, Redis, 2 répliques Rasa, 2 serveurs d'actions derrière nginx
	@$(PY) -m bot cluster

purge: check-venv ## Supprime les conversations de plus de 90 jours (RGPD) ; DRY_RUN=1 compte seulement
	@$(PY) -m bot purge --older-than $${OLDER_THAN:-90d} $(if $(DRY_RUN),--dry-run,)

test: check-venv lint validate ## Lance toute la suite de tests (données, modèle, serveurs réels) ; TEST_WORKERS=n : processus du niveau lent (2)
	@FAST="$(FAST)" bash scripts/test.sh

# The fast tier: unit and in-process tests, no server, no model, no training (markers: pyproject.toml).
FAST := not integration and not browser and not cluster

# Two pytest-xdist processes, one test module per process at a time (module fixtures built once).
test-fast: check-venv ## Tests rapides pendant le développement (< 3 min) : sans serveur, sans modèle, sans entraînement ; TEST_WORKERS=n
	@$(PY) -m pytest -m "$(FAST)" -q -n $${TEST_WORKERS:-2} --dist loadscope

bench: check-venv ## Mesure qualité (NLU, réponses, recherche) et vitesse (latences, débit, coûts) ; écrit bench/results/ (NO_CV=1 : sans validation croisée)
	@$(PY) -m bench $(if $(NO_CV),--no-cross-validation,)

shell: check-venv ## Discute avec le bot dans le terminal (rasa shell)
	@$(PY) -m bot shell

validate: check-venv ## Vérifie les données (rasa data validate), que la NLU suit knowledge/ (nlu-sync --check) et les libellés des boutons (domain-check)
	@$(PY) -m bot nlu-sync --check
	@$(PY) -m bot domain-check
	@$(RASA) data validate --config config.yml --domain domain --data data

lint: check-venv ## Vérifie le code Python : ruff (règles et mise en forme) et les types (mypy, bot/ et actions/)
	@$(PY) -m ruff check bot actions tests bench
	@$(PY) -m ruff format --check bot actions tests bench
	@$(PY) -m mypy

lock: check-venv ## Régénère requirements/lock.txt depuis requirements/*.in (dans un venv jetable)
	@bash scripts/lock.sh

clean: ## Supprime les modèles et les données locales (models/, var/)
	rm -rf models var results
