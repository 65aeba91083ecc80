//! Every benchmark baseline (`oracles/src/baselines.rs`) extracts the same
//! model as this crate, on every benchmark input and every corpus document,
//! except the documented exclusions, which must still be needed; and the
//! raw tokenizer reads every input to the end.
//!
//! The benchmarks check the same before timing anything; this is the test
//! that keeps it true without running them.

use multistatus::{canonical, Multistatus};
use multistatus_oracles::baselines::{self, Baseline};
use multistatus_oracles::inputs::{self, Set};
use multistatus_oracles::model;
use multistatus_oracles::raw;

/// This crate's result for `bytes`: its canonical JSON, read into the model.
fn ours(name: &str, bytes: &[u8]) -> model::Multistatus {
    let multistatus = Multistatus::parse_bytes(bytes).unwrap_or_else(|e| panic!("{name}: the parser rejects it: {e}"));
    model::Multistatus::from_json(&canonical::to_json(&multistatus)).expect("canonical JSON")
}

/// Checks `baseline` on one document: agreement, or, where it is excluded,
/// disagreement (so that the exclusion list stays exact).
fn check(baseline: &Baseline, name: &str, bytes: &[u8], expected: &model::Multistatus, failures: &mut Vec<String>) {
    let outcome = baseline.check(bytes, expected);
    match (baseline.exclusion(name), outcome) {
        (None, Ok(())) => {}
        (None, Err(why)) => failures.push(format!("{name}: {why}")),
        (Some(_), Err(_)) => {}
        (Some(reason), Ok(())) => {
            failures.push(format!("{name}: {} agrees now; drop its exclusion ({reason})", baseline.name))
        }
    }
}

#[test]
#[ignore = "exhaustive sweep, run by CI: cargo test -- --include-ignored"]
fn every_baseline_agrees_on_every_benchmark_input() {
    let mut failures = Vec::new();
    // The 100,000-response listing is the 10,000-response one ten times
    // over (same generator, same shapes): it is checked here by the
    // streaming baseline and the raw tokenizer, and fully by the benchmarks.
    for input in inputs::inputs(Set::UpTo10k) {
        let expected = ours(input.name, &input.bytes);
        for baseline in &baselines::ALL {
            check(baseline, input.name, &input.bytes, &expected, &mut failures);
        }
        if let Err(e) = raw::count_events(&input.bytes) {
            failures.push(format!("{}: the raw tokenizer fails: {e}", input.name));
        }
    }
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

#[test]
#[ignore = "exhaustive sweep, run by CI: cargo test -- --include-ignored"]
fn the_largest_listing_agrees_too() {
    let input = inputs::inputs(Set::Full).pop().unwrap();
    assert_eq!(input.name, "listing-100k");
    let expected = ours(input.name, &input.bytes);
    assert_eq!(expected.responses.len(), 100_000);
    baselines::XMLRS.check(&input.bytes, &expected).unwrap();
    assert!(raw::count_events(&input.bytes).unwrap() > 100_000);
}

#[test]
fn every_baseline_agrees_on_every_corpus_document() {
    let mut failures = Vec::new();
    for (name, bytes) in inputs::corpus_documents() {
        let expected = ours(&name, &bytes);
        for baseline in &baselines::ALL {
            check(baseline, &name, &bytes, &expected, &mut failures);
        }
        if let Err(e) = raw::count_events(&bytes) {
            failures.push(format!("{name}: the raw tokenizer fails: {e}"));
        }
    }
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn exclusions_name_real_documents() {
    let corpus: Vec<String> = inputs::corpus_documents().into_iter().map(|(name, _)| name).collect();
    for baseline in &baselines::ALL {
        for exclusion in baseline.excluded {
            for document in exclusion.documents {
                assert!(corpus.iter().any(|c| c == document), "{}: {document} is not in corpus/", baseline.name);
            }
        }
    }
}
