#!/usr/bin/env bash
# Schemathesis (from PyPI, into a venv under target/) against
# `cargo xtask mock` for every spec: an independent check that the mock
# answers what the spec documents and refuses what it forbids.
#
# Left out, and why:
#   ignored_auth: the mock checks that credentials are present, not that they
#     are right (it knows no keys), so a wrong key is accepted on purpose.
# Schemathesis keeps its example database in .schemathesis/ (git-ignored).
# Accepted failures, in .ci/schemathesis/<spec>.baseline.json (Schemathesis
# baselines: operation, check and status), each checked by reading the
# mock's log (target/schemathesis/<spec>.log):
#   komoju: positive_data_acceptance, 422, on every operation taking the
#     X-KOMOJU-API-VERSION header. Schemathesis counts `X-KOMOJU-API-VERSION: 0`
#     as valid, but the header's pattern is ^\d{4}-\d{2}-\d{2}$: the mock is
#     right to refuse it.
#   paymentoptions: positive_data_acceptance, 400, on captureTransaction,
#     refundTransaction and createSubscriptionPayment. Schemathesis sends
#     integers beyond 64 bits or written with an exponent (1e3); the
#     validator refuses them on purpose (integerRange: the SDK cannot read
#     them). The spec's integers have no
#     format or bounds: a spec problem, left to the spec's owners.
# `bash .ci/schemathesis.sh --update-baseline` records the failures of a run
# as accepted; read the log before committing that.
# Exit status: non-zero if Schemathesis reports a failure not accepted.
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

update=()
if [ "${1:-}" = --update-baseline ]; then
  update=(--baseline-update)
fi
mkdir -p .ci/schemathesis

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
  if ! "$venv/bin/schemathesis" run "$spec" --url "$url" \
      "${flags[@]}" \
      --exclude-checks ignored_auth \
      --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-50}" \
      --seed 1 --no-color \
      --baseline ".ci/schemathesis/$name.baseline.json" "${update[@]}"; then
    status=1
  fi
  kill -TERM "$mock_pid"
  wait "$mock_pid" || true
  mock_pid=
  tail -1 "$work/$name.log"
done
exit "$status"
