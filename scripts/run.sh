#!/usr/bin/env bash
# Set up, build data/events.jsonl from seeds/, and open the dashboard when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pipeline build seeds --out data/events.jsonl
if [ -f dashboard.py ]; then
  exec .venv/bin/python -m streamlit run dashboard.py "$@"
fi
echo "Events are in data/events.jsonl (the dashboard arrives with issue 3)."
