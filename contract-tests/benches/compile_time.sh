#!/usr/bin/env bash
# Build time of the crate this project generates from a spec, side by side
# with the crate cargo-progenitor generates from the same spec: what a user
# waits for after regenerating, in debug and in release.
#
#   bash contract-tests/benches/compile_time.sh [SPEC] [RUNS]
#   (defaults: spec/paymentoptions.yaml, 5 paired runs)
#
# cargo-progenitor (pinned below) is installed from crates.io into
# target/tools. Each crate builds in a target directory of its own, first
# once untimed (dependencies), then RUNS times after touching its lib.rs,
# the two crates alternating so that a busy machine slows both alike.
# Printed: the median seconds of each and the ratio ours / progenitor's.
# The load average is printed too: compare only runs made under like load.
set -euo pipefail
cd "$(dirname "$0")/../.."

spec=${1:-spec/paymentoptions.yaml}
runs=${2:-5}
progenitor_version=0.15.1
work=target/compile-time
tools=target/tools

if ! "$tools/bin/cargo-progenitor" --version 2>/dev/null | grep -q "$progenitor_version"; then
  cargo install --quiet --locked --root "$tools" cargo-progenitor --version "$progenitor_version"
fi
cargo build --quiet --release --locked -p xtask

rm -rf "$work/ours" "$work/progenitor"
mkdir -p "$work"
target/release/xtask codegen --spec "$spec" --out "$work/ours" --name ours-sdk >/dev/null
"$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$work/progenitor" -n progenitor-sdk \
  -v 0.1.0 >/dev/null
# Each generated crate is a workspace of its own, outside this one.
for crate in ours progenitor; do
  grep -q '^\[workspace\]' "$work/$crate/Cargo.toml" || printf '\n[workspace]\n' >>"$work/$crate/Cargo.toml"
done

build() { # crate profile → seconds
  local crate=$1 profile=$2 flags=()
  [ "$profile" = release ] && flags=(--release)
  touch "$work/$crate/src/lib.rs"
  local start end
  start=$(date +%s.%N)
  (cd "$work/$crate" && CARGO_TARGET_DIR="../target-$crate" cargo build --quiet "${flags[@]}")
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "spec: $spec; cargo-progenitor $progenitor_version; $runs paired runs; $(nproc) cores"
echo "lines of Rust: ours $(cat "$work"/ours/src/*.rs "$work"/ours/src/*/*.rs 2>/dev/null | wc -l)," \
  "progenitor's $(cat "$work"/progenitor/src/*.rs | wc -l)"
for profile in debug release; do
  build ours "$profile" >/dev/null
  build progenitor "$profile" >/dev/null
  : >"$work/ours.$profile" && : >"$work/progenitor.$profile"
  for _ in $(seq "$runs"); do
    build ours "$profile" >>"$work/ours.$profile"
    build progenitor "$profile" >>"$work/progenitor.$profile"
  done
  ours=$(median <"$work/ours.$profile")
  theirs=$(median <"$work/progenitor.$profile")
  printf '%-8s ours %6.2f s   progenitor %6.2f s   ratio %.2f×   (load %s)\n' \
    "$profile" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
