#!/usr/bin/env bash
# Development only, before the first release: rebuild the auto-generated initial migrations.
# Hand-written ones (roles, ledger guards, chart of accounts) are set aside and put back.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=$(mktemp -d)
for app in accounts branches programs guarantees ledger; do
  mkdir -p "$keep/$app"
  find $app/migrations -name '0*.py' ! -name '*_initial.py' -exec mv {} "$keep/$app/" \;
  find $app/migrations -name '0*_initial.py' -delete
done
.venv/bin/python manage.py makemigrations accounts branches programs guarantees ledger >/dev/null
for app in accounts branches programs guarantees ledger; do
  cp "$keep/$app/"*.py $app/migrations/ 2>/dev/null || true
done
ls */migrations/0*.py
