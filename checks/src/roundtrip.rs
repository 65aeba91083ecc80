//! A generated model, written in a generated style, parses back to the
//! same model; so does its plain rendering. Beyond the raw text, what the
//! views derive from it — trimmed and percent-decoded hrefs, status codes
//! and reasons, decoded property text — must equal what this check derives
//! from the model on its own.

use arbitrary::Unstructured;
use multistatus::model::{Content, ElementModel, MultistatusModel};
use multistatus::{model, writer, Multistatus};

use crate::support::{self, show};

/// The check: see the [module docs](self).
pub fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let (model, style, xml) = support::generated(u)?;
    let expected = model.normalized();
    let parsed = Multistatus::parse_bytes(xml.as_bytes())
        .unwrap_or_else(|e| panic!("a generated document does not parse: {e}\n{}\n{style:?}", show(xml.as_bytes())));
    assert_eq!(model::MultistatusModel::from(&parsed), expected, "{}\n{style:?}", show(xml.as_bytes()));
    check_meaning(&parsed, &expected, &xml);
    let plain = writer::to_string(&model);
    let parsed = Multistatus::parse(&plain).unwrap_or_else(|e| panic!("plain output does not parse: {e}\n{plain}"));
    assert_eq!(model::MultistatusModel::from(&parsed), expected, "plain output: {plain}");
    check_meaning(&parsed, &expected, &plain);
    Ok(())
}

/// The derived values of every response against the model's.
fn check_meaning(parsed: &Multistatus<'_>, model: &MultistatusModel, xml: &str) {
    for (response, expected) in parsed.responses().zip(&model.responses) {
        for (href, raw) in response.hrefs().zip(&expected.hrefs) {
            let trimmed = raw.trim_ascii();
            assert_eq!(href.as_str(), trimmed, "href of {raw:?}\n{xml}");
            assert_eq!(&*href.decoded_bytes(), &percent_decoded(trimmed)[..], "decoded href of {raw:?}\n{xml}");
        }
        let status = response.status().map(|s| (s.code(), s.reason().to_owned()));
        assert_eq!(status, expected.status.as_deref().map(status_parts), "response status\n{xml}");
        for (propstat, expected) in response.propstats().zip(&expected.propstats) {
            let status = propstat.status().map(|s| (s.code(), s.reason().to_owned()));
            assert_eq!(status, expected.status.as_deref().map(status_parts), "propstat status\n{xml}");
            for (property, expected) in propstat.properties().zip(&expected.properties) {
                assert_eq!(property.text(), text_content(expected), "text of {}\n{xml}", expected.name);
            }
        }
    }
}

/// RFC 3986 §2.1: `%` and two hex digits is that byte; anything else stands for itself.
fn percent_decoded(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex.filter(|_| bytes[i] == b'%').and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// The code and reason of a status line the generator wrote
/// (`HTTP/x.y NNN reason`, whitespace around it and between its parts).
fn status_parts(line: &str) -> (Option<u16>, String) {
    let line = line.trim_ascii();
    let after_version =
        line.split_once(|c: char| c.is_ascii_whitespace()).map_or("", |(_, rest)| rest).trim_ascii_start();
    let (code, reason) = after_version.split_at(after_version.len().min(3));
    (code.parse().ok(), reason.trim_ascii().to_owned())
}

/// DOM `textContent` of a model element: its character data and its
/// descendants', in order.
fn text_content(element: &ElementModel) -> String {
    let mut text = String::new();
    for content in &element.content {
        match content {
            Content::Text(piece) => text.push_str(piece),
            Content::Element(child) => text.push_str(&text_content(child)),
        }
    }
    text
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
