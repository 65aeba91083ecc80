#!/usr/bin/env bash
# Plants each mistake of fuzz/plants/ in a scratch copy of the repository and
# measures what catches it: the README's test command, and the fuzz targets
# the patch names (its `targets:` line), each run from the seed corpus for up
# to FUZZ_SECONDS (default 300) until one fails.
#
#   fuzz/plants.sh [OUT] [PATCH...]     (default OUT: target/plants; all patches)
#
# Needs a nightly toolchain and cargo-fuzz (installed here if missing). Writes
# OUT/results.md, one row per plant, and keeps every log in OUT/<plant>/.
# The working tree's uncommitted changes are applied first, so the tests
# being written are the ones measured. Targets are built without a
# sanitizer (`-s none`): the crate has no unsafe code.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$(realpath -m "${1:-target/plants}")"
shift || true
patches=("$@")
if [ ${#patches[@]} -eq 0 ]; then
    patches=("$root"/fuzz/plants/*.patch)
fi
seconds="${FUZZ_SECONDS:-300}"
if ! command -v cargo-fuzz > /dev/null; then
    cargo install --locked cargo-fuzz
fi
mkdir -p "$out"
tree="$out/tree"
head="$(git rev-parse HEAD)"
if [ ! -d "$tree" ]; then
    git worktree add --detach "$tree" "$head"
fi
changes="$out/uncommitted.diff"
git diff HEAD > "$changes"
seeds="$out/seeds"
if [ ! -d "$seeds" ]; then
    bash fuzz/seed.sh "$seeds" > /dev/null
fi
results="$out/results.md"
if [ ! -e "$results" ]; then
    echo "| plant | cargo test | fuzz target: seconds to the failure |" > "$results"
    echo "| --- | --- | --- |" >> "$results"
fi
for patch in "${patches[@]}"; do
    patch="$(realpath "$patch")"
    name="$(basename "$patch" .patch)"
    logs="$out/$name"
    mkdir -p "$logs"
    git -C "$tree" checkout --quiet --force --detach "$head"
    git -C "$tree" clean --quiet -fd
    if [ -s "$changes" ]; then git -C "$tree" apply "$changes"; fi
    git -C "$tree" apply "$patch"
    echo "== $name"
    cd "$tree"
    start=$(date +%s)
    # A finished test run of this plant is kept: rerunning resumes with the fuzz targets.
    if [ ! -s "$logs/cargo-test.status" ]; then
        test_status=0
        cargo test --workspace --all-features --no-fail-fast > "$logs/cargo-test.log" 2>&1 || test_status=$?
        echo "$test_status" > "$logs/cargo-test.status"
    fi
    test_status="$(cat "$logs/cargo-test.status")"
    failed="$(grep -E '^test .* FAILED$' "$logs/cargo-test.log" | sed -E 's/^test (.*) \.\.\. FAILED$/\1/' | sort -u || true)"
    count="$(printf '%s' "$failed" | grep -c . || true)"
    if [ "$test_status" -eq 0 ]; then
        tests="passes: not caught"
    else
        more=""
        if [ "$count" -gt 3 ]; then more=", …"; fi
        tests="$count failing: $(echo "$failed" | head -3 | paste -sd ',' | sed 's/,/, /g')$more"
    fi
    echo "   cargo test ($(( $(date +%s) - start )) s): $tests"
    cargo +nightly fuzz build -O -s none > "$logs/fuzz-build.log" 2>&1
    fuzz=""
    for target in $(sed -n 's/^targets: //p' "$patch"); do
        corpus="$logs/corpus-$target"
        rm -rf "$corpus"
        cp -r "$seeds/$target" "$corpus"
        t0=$(date +%s.%N)
        status=0
        cargo +nightly fuzz run -O -s none "$target" "$corpus" -- \
            -dict=fuzz/multistatus.dict -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
            -max_total_time="$seconds" -artifact_prefix="$logs/" > "$logs/fuzz-$target.log" 2>&1 || status=$?
        elapsed=$(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.0f')
        if [ "$status" -ne 0 ]; then
            fuzz="$fuzz${fuzz:+; }$target: $elapsed s"
            echo "   $target caught it in $elapsed s: $(grep -m1 -A1 'panicked at' "$logs/fuzz-$target.log" | tail -1 | cut -c1-120)"
            break
        fi
        fuzz="$fuzz${fuzz:+; }$target: not in $seconds s"
        echo "   $target: not in $seconds s"
    done
    cd "$root"
    echo "| \`$name\` | $tests | $fuzz |" >> "$results"
done
cat "$results"
