#!/usr/bin/env bash
# Set up and run the static checks: ruff (lint), mypy (types) and import-linter (the wings
# import downward only; pipeline/ never imports streamlit). Fails when any of them fails.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
status=0
echo "== ruff"; .venv/bin/ruff check . || status=1
echo "== mypy"; .venv/bin/mypy || status=1
echo "== import-linter"; .venv/bin/lint-imports || status=1
exit "$status"
