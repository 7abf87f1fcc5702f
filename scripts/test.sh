#!/usr/bin/env bash
# The whole check, the same locally and in CI (STYLE.md habit 12).
#   KIRJAAMO_TEST_DATABASE_URL   PostgreSQL URL for the second run (default: local server if up)
#   KIRJAAMO_REQUIRE_POSTGRES=1  fail instead of skipping when PostgreSQL is unreachable
#   KIRJAAMO_REQUIRE_BROWSER=1   fail instead of skipping when /usr/bin/chromium is missing
set -euo pipefail
VENV=${VENV:-.venv}
BIN="$VENV/bin"
export KIRJAAMO_VAR_DIR=${KIRJAAMO_VAR_DIR:-$PWD/var/test}
export DJANGO_SETTINGS_MODULE=kirjaamo.settings
unset KIRJAAMO_DATABASE_URL

step() { printf '\n== %s\n' "$*"; }

step "ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .
step "mypy --strict"
"$BIN/mypy" kirjaamo
step "manage.py check / makemigrations --check"
"$BIN/python" manage.py check --fail-level WARNING
"$BIN/python" manage.py makemigrations --check --dry-run >/dev/null
step "translations compiled and complete"
"$BIN/python" scripts/check_translations.py

browser_args=()
if [ -x /usr/bin/chromium ]; then
  :
elif [ "${KIRJAAMO_REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "browser tests are required but /usr/bin/chromium is missing" >&2; exit 1
else
  echo "(no /usr/bin/chromium: browser tests skipped)"
  browser_args=(-m "not browser")
fi

step "pytest on SQLite"
"$BIN/pytest" -q --cov --cov-report=term:skip-covered --cov-fail-under=80 "${browser_args[@]}"

pg_url=${KIRJAAMO_TEST_DATABASE_URL:-}
if [ -z "$pg_url" ] && "$BIN/python" - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", 5432)) == 0 else 1)
PY
then
  pg_url="postgresql://postgres@127.0.0.1:5432/kirjaamo"
fi
if [ -n "$pg_url" ]; then
  step "pytest on PostgreSQL"
  KIRJAAMO_DATABASE_URL="$pg_url" "$BIN/pytest" -q "${browser_args[@]}"
elif [ "${KIRJAAMO_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL is required but none answers (set KIRJAAMO_TEST_DATABASE_URL)" >&2; exit 1
else
  echo "(no PostgreSQL on 127.0.0.1:5432 and no KIRJAAMO_TEST_DATABASE_URL: PostgreSQL run skipped)"
fi
