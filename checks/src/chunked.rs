//! Generated documents, sometimes damaged, cut at arbitrary points: the
//! streaming reader (any buffer capacity) and the push parser (any chunks)
//! return exactly what the one-shot parse does, errors and offsets included.

use arbitrary::Unstructured;

use crate::support::{self, show};

/// The check: see the [module docs](self).
pub fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let (mut bytes, mut choices) = support::document(u)?;
    if choices.arbitrary()? {
        support::mutate(&mut choices, &mut bytes)?;
    }
    let (cuts, capacity) = support::cuts_and_capacity(&mut choices, bytes.len())?;
    check(&bytes, &cuts, capacity);
    Ok(())
}

/// Compares the slice parse of `bytes` with the streaming and push front ends.
pub fn check(bytes: &[u8], cuts: &[usize], capacity: usize) {
    let expected = support::slice(bytes);
    let streamed = support::stream(bytes, capacity);
    assert!(
        support::agrees(&expected, &streamed),
        "StreamReader (capacity {capacity}) differs from the slice\n  got:      {streamed:?}\n  expected: {expected:?}\n{}",
        show(bytes)
    );
    let pushed = support::push(bytes, cuts);
    assert!(
        support::agrees(&expected, &pushed),
        "PushParser (cuts {cuts:?}) differs from the slice\n  got:      {pushed:?}\n  expected: {expected:?}\n{}",
        show(bytes)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoke() {
        support::smoke(300, 4096, |bytes| {
            let _ = run(&mut Unstructured::new(bytes));
        });
    }

    #[test]
    fn regressions() {
        support::replay("chunked", |data| {
            let _ = run(&mut Unstructured::new(data));
        });
    }
}
