#!/usr/bin/env bash
# Schemathesis (from PyPI, into a venv under target/) against
# `cargo xtask mock` for every spec: an independent check that the mock
# answers what the spec documents and refuses what it forbids.
#
# Left out, and why:
#   ignored_auth: the mock checks that credentials are present, not that they
#     are right (it knows no keys), so a wrong key is accepted on purpose.
# Exit status: non-zero if Schemathesis reports any failure for any spec.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
venv=target/schemathesis-venv
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

cargo build --quiet --locked -p xtask
work=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill -TERM "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Credentials for each spec: what its security schemes ask for, made up.
credentials() {
  case "$1" in
    spec/paymentoptions.yaml) flags=(-H "Authorization: Basic bWVyY2hhbnQ=" -H "x-api-key: key") ;;
    spec/komoju.yaml) flags=(-a "sk_test_mock:") ;;
    *) flags=() ;;
  esac
}

status=0
for spec in spec/*.yaml; do
  echo "== schemathesis: $spec"
  target/debug/xtask mock --spec "$spec" --port 0 --seed 1 >"$work/url" 2>"$work/log" &
  mock_pid=$!
  for _ in $(seq 100); do
    [ -s "$work/url" ] && break
    sleep 0.1
  done
  url=$(head -1 "$work/url")
  if [ -z "$url" ]; then
    cat "$work/log" >&2
    exit 2
  fi
  credentials "$spec"
  if ! "$venv/bin/schemathesis" run "$spec" --url "$url" \
      "${flags[@]}" \
      --exclude-checks ignored_auth \
      --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-50}" \
      --seed 1 --no-color; then
    status=1
  fi
  kill -TERM "$mock_pid"
  wait "$mock_pid" || true
  mock_pid=
  tail -1 "$work/log"
done
exit "$status"
