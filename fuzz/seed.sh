#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the documents in corpus/.
#
#   fuzz/seed.sh [OUT]     (default OUT: fuzz/corpus; one folder per target)
#
# - parse_bytes: each document as it is;
# - differential, chunked: each document in raw mode (a byte with the high
#   bit set, then 32 decision bytes: the document's SHA-256), and the same
#   bytes in generated mode (a zero byte first), where they are entropy;
# - roundtrip, negative: each document's bytes as entropy for the generator.
# Seeds are named by content hash, so running it again adds nothing twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/corpus}"
mkdir -p "$out"/{parse_bytes,roundtrip,differential,chunked,negative}
written=0
seed() { # target, file holding the seed
    local name
    name="$(sha1sum "$2" | cut -c1-40)"
    # Byte-identical documents (two RFC examples are) make one seed, counted once.
    if [ ! -e "$out/$1/$name" ]; then
        cp "$2" "$out/$1/$name"
        written=$((written + 1))
    fi
}
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
documents=0
for doc in "$here"/../corpus/*.xml; do
    # Documents over 64 KiB slow every run down and add little.
    if [ "$(stat -c %s "$doc")" -gt 65536 ]; then continue; fi
    seed parse_bytes "$doc"
    seed roundtrip "$doc"
    seed negative "$doc"
    for target in differential chunked; do
        { printf '\x80'; printf '%b' "$(sha256sum "$doc" | cut -c1-64 | sed 's/../\\x&/g')"; cat "$doc"; } > "$tmp"
        seed "$target" "$tmp"
        { printf '\x00'; cat "$doc"; } > "$tmp"
        seed "$target" "$tmp"
    done
    documents=$((documents + 1))
done
echo "read $documents documents; wrote $written new seed files into $out/{parse_bytes,roundtrip,differential,chunked,negative}"
