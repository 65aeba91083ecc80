//! Documents with a known bad verdict, from the generator
//! ([`multistatus::generate::invalid`]): a generated document broken in one
//! known way must fail with the expected error kind at the expected offset,
//! and a valid one read under small limits must be accepted exactly when
//! no limit is exceeded — through the slice, whole-document, streaming and
//! push front ends alike. The expectations come from the generator's own
//! reading of the markup, so an accepted bad input is caught even when
//! every front end agrees.

use arbitrary::Unstructured;
use multistatus::generate::invalid::{invalid, limited, Expected, Verdict};
use multistatus::generate::GenerateLimits;
use multistatus::{Config, Error, Multistatus};

use crate::support::{self, show, Outcome};

/// The check: see the [module docs](self).
pub fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let limits_mode = u.arbitrary::<u8>()? & 1 == 1;
    let choices = u.bytes(u.len().min(support::CHOICE_BYTES))?.to_vec();
    let mut choices = Unstructured::new(&choices);
    if limits_mode {
        let document = limited(u, &GenerateLimits::default())?;
        let xml = document.xml.as_bytes();
        let (cuts, capacity) = support::cuts_and_capacity(&mut choices, xml.len())?;
        for (front_end, end) in front_ends(xml, &document.config, &cuts, capacity) {
            match (&document.verdict, end) {
                (Verdict::Accept, Ok(())) => {}
                (Verdict::Reject(expected), Err(error)) if expected.iter().any(|e| e.matches(&error)) => {}
                (verdict, end) => panic!(
                    "{front_end}: under {:?}\nexpected {verdict:?}\ngot {end:?}\n{}",
                    limits(&document.config),
                    show(xml)
                ),
            }
        }
    } else {
        let document = invalid(u, &GenerateLimits::default())?;
        let (cuts, capacity) = support::cuts_and_capacity(&mut choices, document.xml.len())?;
        for (front_end, end) in front_ends(&document.xml, &Config::default(), &cuts, capacity) {
            check(front_end, &document.expected, end, &document.xml, &document.defect);
        }
    }
    Ok(())
}

fn check(front_end: &str, expected: &Expected, end: Result<(), Error>, xml: &[u8], defect: &impl std::fmt::Debug) {
    match end {
        Err(error) if expected.matches(&error) => {}
        end => panic!("{front_end}: {defect:?}\nexpected {expected:?}\ngot {end:?}\n{}", show(xml)),
    }
}

/// How each front end ends on `xml`: accepted, or the error.
fn front_ends(xml: &[u8], config: &Config, cuts: &[usize], capacity: usize) -> Vec<(&'static str, Result<(), Error>)> {
    let end = |outcome: Outcome| outcome.end.map(|_| ());
    vec![
        ("ResponseReader", end(support::slice_with(xml, config.clone()))),
        ("Multistatus::parse_bytes", Multistatus::parse_bytes_with_config(xml, config.clone()).map(|_| ())),
        ("StreamReader", end(support::stream_with(xml, capacity, config.clone()))),
        ("PushParser", end(support::push_with(xml, cuts, config.clone()))),
    ]
}

/// The limits of `config`, for failure messages.
fn limits(config: &Config) -> [(&'static str, usize); 6] {
    [
        ("max_depth", config.max_depth),
        ("max_response_bytes", config.max_response_bytes),
        ("max_value_bytes", config.max_value_bytes),
        ("max_namespace_declarations", config.max_namespace_declarations),
        ("max_response_nodes", config.max_response_nodes),
        ("max_responses", config.max_responses),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoke() {
        support::smoke(600, 4096, |bytes| {
            let _ = run(&mut Unstructured::new(bytes));
        });
    }

    #[test]
    fn regressions() {
        support::replay("negative", |data| {
            let _ = run(&mut Unstructured::new(data));
        });
    }
}
