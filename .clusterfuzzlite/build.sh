#!/bin/bash -eu
# Builds every fuzz target into $OUT with its seed corpus, dictionary and
# options, as ClusterFuzzLite expects. Also works locally, from anywhere:
#
#   bash .clusterfuzzlite/build.sh          # OUT defaults to fuzz/out
#
# In the ClusterFuzzLite container the working directory is the repository
# and cargo is the image's nightly; locally `cargo +nightly` is used.
root="$(pwd)"
if [ ! -f "$root/fuzz/Cargo.toml" ]; then
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
cd "$root"
OUT="${OUT:-$root/fuzz/out}"
mkdir -p "$OUT"
toolchain=""
if ! rustc --version | grep -q nightly; then
    toolchain="+nightly"
fi

cd fuzz
cargo $toolchain fuzz build -O --debug-assertions
targets="$(cargo $toolchain fuzz list)"
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
bash "$root/fuzz/seed.sh" "$seeds"

for target in $targets; do
    cp "target/x86_64-unknown-linux-gnu/release/$target" "$OUT/$target"
    cp multistatus.dict "$OUT/$target.dict"
    printf '[libfuzzer]\nmax_len = 16384\ntimeout = 10\n' > "$OUT/$target.options"
    rm -f "$OUT/${target}_seed_corpus.zip"
    if command -v zip > /dev/null; then
        (cd "$seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
    else
        python3 -c 'import sys, zipfile, os; z = zipfile.ZipFile(sys.argv[1], "w"); [z.write(os.path.join(sys.argv[2], f), f) for f in os.listdir(sys.argv[2])]' \
            "$OUT/${target}_seed_corpus.zip" "$seeds/$target"
    fi
    echo "built $OUT/$target"
done
