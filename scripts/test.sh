#!/usr/bin/env bash
# `make test`: the whole suite, training included, in less wall time than running it in a row.
#
# Measured on the 2-core CI machine (2026-12-01): `rasa train` alone keeps about one core busy
# on average (user time ≈ wall time: spaCy, fingerprints, sklearn, TensorFlow's small ops), so the
# fast tier, which needs no model, runs beside it. The gain is smaller than hoped: in the
# fresh-clone run the fast tier took 170 s (149 s alone) and training 617 s (480-560 s alone),
# TensorFlow's epochs using both cores at times. The slow tier (servers, model, browser) needs
# the model and runs after it on two pytest-xdist workers, one test module per worker at a time
# (each module's servers are its own): 11.8 min in a row, 5.6 min on two workers plus 3.1 min
# for the cluster's tests, which run last, alone: their flood of one client's turns timed out
# behind nginx (504) when another worker loaded a model at the same time.
# Fresh-clone run of ec62647 (DIET on length-bucketed batches, 2026-12-01 evening): setup ~4.5 min,
# fast tier 208 s beside training, training 520 s, slow tier 395 s + cluster 207 s; 1402 s in all
# (1462-1527 s before). The 15-minute target of issue 14 is still not met.

# The tiers are the pytest markers of pyproject.toml; FAST (the fast tier's expression) comes
# from the Makefile, its one home.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
: "${FAST:?FAST (expression pytest -m du niveau rapide) vient du Makefile}"
LOG=var/log/train.log
mkdir -p "$(dirname "$LOG")"

say() { printf '[test] %s\n' "$*"; }

"$PY" -m bot nlu-sync || exit 1

say "Entraînement du modèle en arrière-plan (journal : $LOG), tests rapides pendant ce temps."
"$PY" -m bot train >"$LOG" 2>&1 &
training=$!
# Ctrl-C or a failure of this script must not leave a training behind.
trap 'kill "$training" 2>/dev/null' EXIT

"$PY" -m pytest -m "$FAST" -q -p no:cacheprovider
fast=$?
say "Niveau rapide : ${SECONDS} s."

if ! wait "$training"; then
    tail -n 40 "$LOG"
    say "ERREUR : l'entraînement a échoué (journal complet : $LOG)."
    exit 1
fi
trap - EXIT
grep -E "^(Modèle|Entraînement)" "$LOG" | sed 's/^/[train] /'
say "Entraînement terminé à ${SECONDS} s."

started=$SECONDS
"$PY" -m pytest -m "not ($FAST) and not cluster" -n "${TEST_WORKERS:-2}" --dist loadscope --durations=25
slow=$?
"$PY" -m pytest -m "cluster" -p no:cacheprovider --durations=5 || slow=1
say "Niveau lent : $((SECONDS - started)) s."

if ((fast != 0)); then
    say "ERREUR : des tests rapides ont échoué (voir plus haut)."
fi
exit $((fast != 0 ? fast : slow))
