#!/usr/bin/env bash
# Schemathesis (from PyPI, into a venv under target/) against
# `cargo xtask mock` for every spec: an independent check that the mock
# answers what the spec documents and refuses what it forbids.
#
# Left out, and why:
#   ignored_auth: the mock checks that credentials are present, not that they
#     are right (it knows no keys), so a wrong key is accepted on purpose.
# Schemathesis keeps its example database in .schemathesis/ (git-ignored).
# Each spec is run twice, once per generation mode (positive, then negative),
# with every phase and every other check. In one run with both modes,
# Schemathesis 4.32.5's coverage phase sends a header value it generated as
# negative (`X-KOMOJU-API-VERSION: 0`) inside a case it labels positive, and
# then counts the mock's refusal as a rejected valid request; its VCR
# cassette shows `generation.mode: positive` beside
# `components.header.mode: negative` for those cases. Separate runs keep
# the modes apart. No failure is accepted: a run passes only with none.
# Exit status: non-zero if Schemathesis reports a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
venv=target/schemathesis-venv
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

cargo build --quiet --locked -p xtask
# The mock's URL and its request log (every verdict) per spec, kept for reading.
work=target/schemathesis
mkdir -p "$work"
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill -TERM "$mock_pid" 2>/dev/null || true; fi
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
  name=$(basename "$spec" .yaml)
  rm -f "$work/$name.url"
  target/debug/xtask mock --spec "$spec" --port 0 --seed 1 >"$work/$name.url" 2>"$work/$name.log" &
  mock_pid=$!
  for _ in $(seq 100); do
    [ -s "$work/$name.url" ] && break
    sleep 0.1
  done
  url=$(head -1 "$work/$name.url")
  if [ -z "$url" ]; then
    cat "$work/$name.log" >&2
    exit 2
  fi
  credentials "$spec"
  for mode in positive negative; do
    echo "-- $mode"
    if ! "$venv/bin/schemathesis" run "$spec" --url "$url" \
        "${flags[@]}" \
        --exclude-checks ignored_auth \
        --mode "$mode" \
        --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-50}" \
        --seed 1 --no-color; then
      status=1
    fi
  done
  kill -TERM "$mock_pid"
  wait "$mock_pid" || true
  mock_pid=
  tail -1 "$work/$name.log"
done
exit "$status"
