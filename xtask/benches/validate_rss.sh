#!/usr/bin/env bash
# Peak memory of `cargo xtask validate` on one large invalid payload.
#
#   bash xtask/benches/validate_rss.sh [MEGABYTES]   (default 100)
#
# Writes a createSecureToken request whose `amount` is invalid and which
# carries MEGABYTES of extra line items (allowed: the schema is open), then
# runs the release binary under `/usr/bin/time -v` and prints its maximum
# resident set size. Positions are found by one scan for the reported
# pointers, so the peak is the bytes plus the parsed value, not an index of
# every node. Not part of `cargo test`: it takes seconds and a lot of RAM.
set -euo pipefail

megabytes="${1:-100}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work/large.json" "$megabytes" <<'PY'
import sys
path, megabytes = sys.argv[1], int(sys.argv[2])
item = '{"sku": "SKU-%07d", "name": "商品 %d", "quantity": 1, "price": 1200}'
with open(path, "w", encoding="utf-8") as out:
    out.write('{"amount": -1, "currency": "JPY", "return_url": "https://example.com",\n')
    out.write(' "payment_details": "tok_1", "items": [\n')
    written, index = 0, 0
    while written < megabytes * 1_000_000:
        line = ("  " if index == 0 else ", ") + item % (index, index) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        index += 1
    out.write(']}\n')
PY

cargo build --release -p xtask --manifest-path "$root/Cargo.toml" >&2
ls -l "$work/large.json" >&2
set +e
/usr/bin/time -v "$root/target/release/xtask" validate --spec "$root/spec/komoju.yaml" \
    --operation createSecureToken "$work/large.json" 2>"$work/time.txt"
code=$?
set -e
echo "exit code: $code (1: invalid, as written)"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
