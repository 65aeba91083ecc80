//! A generated model, written in a generated style, parses back to the
//! same model; so does its plain rendering.

use arbitrary::Unstructured;
use multistatus::{model, writer, Multistatus};

use crate::support::{self, show};

/// The check: see the [module docs](self).
pub fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let (model, style, xml) = support::generated(u)?;
    let expected = model.normalized();
    let parsed = Multistatus::parse_bytes(xml.as_bytes())
        .unwrap_or_else(|e| panic!("a generated document does not parse: {e}\n{}\n{style:?}", show(xml.as_bytes())));
    assert_eq!(model::MultistatusModel::from(&parsed), expected, "{}\n{style:?}", show(xml.as_bytes()));
    let plain = writer::to_string(&model);
    let parsed = Multistatus::parse(&plain).unwrap_or_else(|e| panic!("plain output does not parse: {e}\n{plain}"));
    assert_eq!(model::MultistatusModel::from(&parsed), expected, "plain output: {plain}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoke() {
        support::smoke(400, 4096, |bytes| {
            let _ = run(&mut Unstructured::new(bytes));
        });
    }

    #[test]
    fn regressions() {
        support::replay("roundtrip", |data| {
            let _ = run(&mut Unstructured::new(data));
        });
    }
}
