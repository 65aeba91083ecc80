#!/usr/bin/env bash
# Mutation testing of the files that decide verdicts and values, with
# cargo-mutants (installed here if missing):
#
#   fuzz/mutants.sh [OUT] [FILE...]
#   MUTANTS_RE=<regex> fuzz/mutants.sh OUT FILE...   (only the functions matching)
#   MUTANTS_ITERATE=1 fuzz/mutants.sh OUT FILE...    (again, only what OUT's last run missed)
#   MUTANTS_ARGS="--timeout 20" fuzz/mutants.sh ...  (more cargo-mutants options)
#
# OUT (default target/mutants) receives cargo-mutants' report (`mutants.out/`:
# caught.txt, missed.txt, timeout.txt, unviable.txt, outcomes.json). Without
# FILEs it runs twice: the character rules, text decoding, status lines,
# hrefs, the scanner, the RFC 4918 §14 roles and the namespace scopes whole
# (OUT/files), then the machine's functions that act on the roles and keep
# the data (OUT/grammar). Each mutant is built and tested in place in a scratch copy
# of the repository (a git worktree under OUT), so the working tree is never
# touched.
#
# The tests run per mutant are the library's unit tests, the integration
# tests that pin verdicts and values, and the fuzz checks' seeded runs and
# regression replays (the `multistatus-checks` unit tests): about 30 seconds a
# mutant on 2 cores after the first build (an incremental build of the crate,
# the checks and the tests, then about 12 seconds of tests). The score and
# what survives, with reasons, are in fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$(realpath -m "${1:-target/mutants}")"
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    here="$(dirname "$0")"
    export MUTANTS_TREE="$out/tree"
    bash "$here/mutants.sh" "$out/files" src/lexical.rs src/text.rs src/status.rs src/href.rs \
        src/read/scanner.rs src/read/grammar.rs src/read/namespaces.rs
    MUTANTS_RE='::(start_element|end_element|finish_response|finish_propstat|keep_prop|keep_once|keep_child|first_href|status_code|check_hrefs)$' \
        bash "$here/mutants.sh" "$out/grammar" src/read/machine.rs
    exit
fi
re_args=()
if [ -n "${MUTANTS_RE:-}" ]; then
    re_args=(--re "$MUTANTS_RE")
fi
if [ -n "${MUTANTS_ITERATE:-}" ]; then
    re_args+=(--iterate)
fi
read -r -a extra_args <<< "${MUTANTS_ARGS:-}"
re_args+=(${extra_args[@]+"${extra_args[@]}"})
if ! command -v cargo-mutants > /dev/null; then
    cargo install --locked cargo-mutants
fi
mkdir -p "$out"
scratch="${MUTANTS_TREE:-$out/tree}"
if [ ! -d "$scratch" ]; then
    git worktree add --detach "$scratch" HEAD
else
    git -C "$scratch" checkout --quiet --detach --force "$(git rev-parse HEAD)"
    git -C "$scratch" clean --quiet -fd
fi
# The working tree's uncommitted changes too, so the tests being written are the ones run.
git diff HEAD | git -C "$scratch" apply --allow-empty
file_args=()
for file in "${files[@]}"; do file_args+=(-f "$file"); done
cd "$scratch"
status=0
cargo mutants --in-place --no-shuffle --test-workspace true --features arbitrary -o "$out" \
    "${file_args[@]}" ${re_args[@]+"${re_args[@]}"} -- \
    --lib --test character_classes --test well_formedness --test namespaces --test structure \
    --test limits --test typed --test conditions --test deviations --test lenient || status=$?
cd "$root"
for outcome in caught missed timeout unviable; do
    printf '%-9s %s\n' "$outcome" "$(wc -l < "$out/mutants.out/$outcome.txt")"
done
# cargo-mutants exits 2 when mutants were missed: a finding, not a failure of this script.
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || exit "$status"
