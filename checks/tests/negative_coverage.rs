//! The negative generator still makes every kind of broken document and
//! every kind of limit verdict, so the `negative` check cannot go quiet by
//! generating nothing: a few thousand seeded inputs must together produce
//! each defect, each exceeded limit, and documents accepted under limits.

use std::collections::BTreeMap;

use arbitrary::Unstructured;
use multistatus::generate::invalid::{invalid, limited, Defect, Verdict};
use multistatus::generate::GenerateLimits;
use multistatus::ErrorKind;
use multistatus_checks::support::Rng;

const INPUTS: u64 = 3000;

fn defect_name(defect: &Defect) -> &'static str {
    match defect {
        Defect::ForbiddenChar(_) => "forbidden character",
        Defect::InvalidUtf8(_) => "invalid UTF-8",
        Defect::InvalidCharReference(_) => "invalid character reference",
        Defect::UndefinedEntity(_) => "undefined entity",
        Defect::DuplicateAttribute(markup) if markup.contains("xmlns:nga=\"urn:a\"") => "duplicate declaration",
        Defect::DuplicateAttribute(markup) if markup.contains(" xmlns=") => "duplicate default declaration",
        Defect::DuplicateAttribute(markup) if markup.contains("ngb:") => "duplicate expanded name",
        Defect::DuplicateAttribute(markup) if markup.contains("xmlns:nga") => "duplicate via an outer prefix",
        Defect::DuplicateAttribute(_) => "duplicate qualified name",
        Defect::UndeclaredPrefix(markup) if markup.contains("ngz:a") => "undeclared attribute prefix",
        Defect::UndeclaredPrefix(markup) if markup.contains("ngz") => "undeclared element prefix",
        Defect::UndeclaredPrefix(_) => "prefix out of scope",
        Defect::MismatchedEndTag(found) if found == "ngq" => "stray end tag",
        Defect::MismatchedEndTag(found) if found.ends_with('x') => "renamed end tag",
        Defect::MismatchedEndTag(_) => "end tag with another prefix",
        Defect::LessThanInAttributeValue => "< in attribute value",
        Defect::CdataEndInText => "]]> in text",
        Defect::BadDeclaration(_) => "bad XML declaration",
        _ => "other",
    }
}

fn limit_name(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::DepthLimitExceeded(_) => "depth",
        ErrorKind::ResponseTooLarge(_) => "response bytes",
        ErrorKind::TooManyNodes(_) => "nodes",
        ErrorKind::ValueTooLarge(_) => "value bytes",
        ErrorKind::TooManyNamespaceDeclarations(_) => "namespace declarations",
        ErrorKind::TooManyResponses(_) => "responses",
        _ => "other",
    }
}

#[test]
fn every_defect_and_every_limit_verdict_is_generated() {
    let mut seen: BTreeMap<&'static str, u64> = BTreeMap::new();
    let limits = GenerateLimits::default();
    for seed in 0..INPUTS {
        let input = Rng::new(seed).bytes(4096);
        if let Ok(document) = invalid(&mut Unstructured::new(&input), &limits) {
            *seen.entry(defect_name(&document.defect)).or_default() += 1;
        }
        if let Ok(document) = limited(&mut Unstructured::new(&input), &limits) {
            match document.verdict {
                Verdict::Accept => *seen.entry("accepted under limits").or_default() += 1,
                Verdict::Reject(errors) => {
                    for error in &errors {
                        *seen.entry(limit_name(&error.kind)).or_default() += 1;
                    }
                    if errors.len() == 1 {
                        *seen.entry("exactly one limit exceeded").or_default() += 1;
                    }
                }
            }
        }
    }
    eprintln!("{seen:#?}");
    let expected = [
        "forbidden character",
        "invalid UTF-8",
        "invalid character reference",
        "undefined entity",
        "duplicate declaration",
        "duplicate default declaration",
        "duplicate expanded name",
        "duplicate via an outer prefix",
        "duplicate qualified name",
        "undeclared attribute prefix",
        "undeclared element prefix",
        "prefix out of scope",
        "stray end tag",
        "renamed end tag",
        "end tag with another prefix",
        "< in attribute value",
        "]]> in text",
        "bad XML declaration",
        "accepted under limits",
        "exactly one limit exceeded",
        "depth",
        "response bytes",
        "nodes",
        "value bytes",
        "namespace declarations",
        "responses",
    ];
    for name in expected {
        assert!(
            seen.get(name).copied().unwrap_or(0) >= 10,
            "{name} generated fewer than 10 times in {INPUTS}: {seen:#?}"
        );
    }
    assert!(!seen.contains_key("other"), "{seen:#?}");
}
