#!/usr/bin/env bash
# Peak memory and time of `cargo xtask diff` on two synthetic specs.
#
#   bash contract-tests/benches/diff_rss.sh [SCHEMAS]   (default 1000)
#
# Writes version 1 and version 2 of the synthetic spec the diff benchmark
# uses (version 2 tightens every tenth schema and drops an operation), then
# runs the release binary under `/usr/bin/time -v` and prints its wall time
# and maximum resident set size. The whole command is measured: load, front
# end, model (for the SDK surface) and comparison of both files.
set -euo pipefail

schemas="${1:-1000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release -p xtask --manifest-path "$root/Cargo.toml" >&2
cargo build --release -p contract-tests --example synthetic_spec \
    --manifest-path "$root/Cargo.toml" >&2
"$root/target/release/examples/synthetic_spec" "$schemas" 1 >"$work/v1.yaml"
"$root/target/release/examples/synthetic_spec" "$schemas" 2 >"$work/v2.yaml"
ls -l "$work"/v1.yaml "$work"/v2.yaml >&2
set +e
/usr/bin/time -v "$root/target/release/xtask" diff "$work/v1.yaml" "$work/v2.yaml" \
    >/dev/null 2>"$work/time.txt"
code=$?
set -e
# Exit 1: the diff found breaking changes, as version 2 has.
[[ $code -le 1 ]] || { cat "$work/time.txt" >&2; exit "$code"; }
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$work/time.txt"
