#!/usr/bin/env bash
# Runs the corpus test with the large documents (github, square, stripe)
# compiled too, which CI leaves out for time; CI still generates them.
# Then measures generation of GitHub's description (time and peak memory).
#
#   corpus/run-large.sh                           # compare with corpus/expected.yaml
#   SDKGEN_CORPUS_UPDATE=1 corpus/run-large.sh    # re-record, then read the diff
#
# The documents are looked up as the test does: $SDKGEN_CORPUS_DIR, corpus/,
# ../shared/corpus/ (see corpus/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

SDKGEN_CORPUS_LARGE=1 SDKGEN_CORPUS_REQUIRED=1 \
    cargo test -p contract-tests --test corpus -- --nocapture

corpus_dir="${SDKGEN_CORPUS_DIR:-}"
for candidate in "$corpus_dir" corpus ../shared/corpus; do
    if [ -n "$candidate" ] && [ -f "$candidate/github.json" ]; then
        cargo build --release -p xtask
        echo "generating GitHub's description:"
        /usr/bin/time -v target/release/xtask codegen \
            --spec "$candidate/github.json" --out target/corpus-github 2>&1 |
            grep -E 'Elapsed|Maximum resident|error' || true
        if [ -f target/corpus-github/Cargo.toml ]; then
            echo "cargo check of the generated crate:"
            (cd target/corpus-github && time cargo check --offline)
        fi
        break
    fi
done
