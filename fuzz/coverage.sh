#!/usr/bin/env bash
# Line coverage of src/ reached by each fuzz target's corpus.
#
#   fuzz/coverage.sh [TARGET...]          (default: every target)
#
# Corpora are read from $CORPUS_DIR/<target> (default fuzz/corpus, built by
# fuzz/seed.sh and grown by fuzzing). Uses `cargo +nightly fuzz coverage` and
# the LLVM tools of Debian's llvm-22, which match the nightly's LLVM: they are
# installed if missing and linked into the nightly sysroot as llvm-profdata
# and llvm-cov. Writes fuzz/coverage/<target>/report.txt (per file) and
# prints the line coverage of src/, of the scanner (src/read/scanner.rs) and
# of the machine (src/read/machine.rs) per target and for all together.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"
corpus_dir="${CORPUS_DIR:-$root/fuzz/corpus}"

if ! command -v llvm-cov-22 > /dev/null || ! command -v llvm-profdata-22 > /dev/null; then
    apt-get install -y llvm-22 > /dev/null || { apt-get update > /dev/null && apt-get install -y llvm-22 > /dev/null; }
fi
bin="$(rustc +nightly --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin"
mkdir -p "$bin"
ln -sf "$(command -v llvm-profdata-22)" "$bin/llvm-profdata"
ln -sf "$(command -v llvm-cov-22)" "$bin/llvm-cov"

# A corpus may hold inputs of bugs still open (fuzz/regressions/*.open):
# measure past them instead of stopping.
export MULTISTATUS_FUZZ_IGNORE_OPEN=1
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
# Only the library: not the checks, the oracles, the standard library or dependencies.
ignore='(/\.cargo/|/rustc/|/\.rustup/|/checks/|/oracles/|/fuzz/|/src/bin/)'
printf '%-14s %14s %14s %14s\n' target "src/ lines" "scanner.rs" "machine.rs"
for target in "${targets[@]}"; do
    mkdir -p coverage
    if ! cargo +nightly fuzz coverage "$target" "$corpus_dir/$target" > "coverage/$target.log" 2>&1; then
        echo "cargo fuzz coverage $target failed: see fuzz/coverage/$target.log" >&2
        exit 1
    fi
    binary="target/x86_64-unknown-linux-gnu/coverage/x86_64-unknown-linux-gnu/release/$target"
    profile="coverage/$target/coverage.profdata"
    llvm-cov-22 report "$binary" -instr-profile="$profile" -ignore-filename-regex="$ignore" > "coverage/$target/report.txt"
    # Columns: Filename Regions Missed Cover Functions Missed Executed Lines Missed Cover ...
    total="$(awk '/^TOTAL/ {print $10}' "coverage/$target/report.txt")"
    scanner="$(awk '$1 ~ /(^|\/)read\/scanner\.rs$/ {print $10}' "coverage/$target/report.txt")"
    machine="$(awk '$1 ~ /(^|\/)read\/machine\.rs$/ {print $10}' "coverage/$target/report.txt")"
    printf '%-14s %14s %14s %14s\n' "$target" "$total" "$scanner" "$machine"
done
# Together: every target's profile merged, over every target's binary.
if [ ${#targets[@]} -gt 1 ]; then
    profiles=() objects=()
    for target in "${targets[@]}"; do
        profiles+=("coverage/$target/coverage.profdata")
        objects+=(-object "target/x86_64-unknown-linux-gnu/coverage/x86_64-unknown-linux-gnu/release/$target")
    done
    mkdir -p coverage/all
    llvm-profdata-22 merge -sparse "${profiles[@]}" -o coverage/all/coverage.profdata
    llvm-cov-22 report "${objects[@]:1}" -instr-profile=coverage/all/coverage.profdata \
        -ignore-filename-regex="$ignore" > coverage/all/report.txt
    total="$(awk '/^TOTAL/ {print $10}' coverage/all/report.txt)"
    scanner="$(awk '$1 ~ /(^|\/)read\/scanner\.rs$/ {print $10}' coverage/all/report.txt)"
    machine="$(awk '$1 ~ /(^|\/)read\/machine\.rs$/ {print $10}' coverage/all/report.txt)"
    printf '%-14s %14s %14s %14s\n' "all together" "$total" "$scanner" "$machine"
fi
