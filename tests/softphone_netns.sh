#!/bin/sh
# The softphone tests (marker `softphone`: WebRTC media, the Voice SDK in Chromium) run inside a
# network namespace that has only `lo`, so no packet of theirs can leave loopback. SQLite, no
# Redis (the namespace reaches neither server). Usage: tests/softphone_netns.sh [pytest args]
set -e
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
exec unshare -rn sh -c 'ip link set lo up && exec env -u TEST_DATABASE "$0" -m pytest -q -p no:cacheprovider -m softphone "$@"' \
  "$PY" "$@"
