//! Raw bytes through every front end: no panic, no endless loop, the same
//! responses and errors from each, borrowed strings inside the input, error
//! positions inside the input, and whatever parses writes back out and
//! parses to the same model.

use multistatus::{model, writer, Config, Element, Error, Multistatus, ResponseReader};

use crate::support::{self, show};

/// The check: see the [module docs](self).
pub fn run(data: &[u8]) {
    let expected = support::slice(data);
    if let Err(error) = &expected.end {
        check_error_position(data, error);
    }
    let hash = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    for capacity in [1 + (hash % 13) as usize, 8192] {
        let streamed = support::stream(data, capacity);
        assert!(
            support::agrees(&expected, &streamed),
            "StreamReader (capacity {capacity}) differs\n  got:      {streamed:?}\n  expected: {expected:?}\n{}",
            show(data)
        );
    }
    let cuts: Vec<usize> = (0..(hash >> 8) % 6).map(|i| ((hash >> (12 + 8 * i)) as usize) % (data.len() + 1)).collect();
    let pushed = support::push(data, &cuts);
    assert!(
        support::agrees(&expected, &pushed),
        "PushParser (cuts {cuts:?}) differs from the slice\n  got:      {pushed:?}\n  expected: {expected:?}\n{}",
        show(data)
    );

    match support::whole(data) {
        Ok(multistatus) => {
            let model = model::MultistatusModel::from(&multistatus);
            assert_eq!(Some(&model), expected.model().as_ref(), "parse_bytes differs from the slice\n{}", show(data));
            if multistatus.responses().next().is_some_and(|r| inside(r.raw_xml(), data)) {
                check_borrowed(&multistatus, data);
            }
            for response in multistatus.responses() {
                let owned = response.into_owned();
                let copy = owned.as_response();
                let copied = model::ResponseModel::from(&copy);
                assert_eq!(copied, model::ResponseModel::from(&response), "into_owned differs\n{}", show(data));
                assert_eq!(copy.offset(), response.offset(), "into_owned moves the offset\n{}", show(data));
                let again = model::ResponseModel::from(&copy.into_owned().as_response());
                assert_eq!(again, copied, "a copy of a copy differs\n{}", show(data));
            }
            let owned = multistatus.clone().into_owned();
            assert_eq!(model::MultistatusModel::from(&owned), model, "into_owned differs\n{}", show(data));
            rewrite(&model, data);
        }
        Err(error) => {
            let whole = support::Outcome { responses: expected.responses.clone(), end: Err(error) };
            assert!(
                support::agrees(&expected, &whole),
                "parse_bytes differs from the slice\n  got:      {whole:?}\n  expected: {expected:?}\n{}",
                show(data)
            );
        }
    }

    if let Ok(text) = std::str::from_utf8(data) {
        // Text is parsed in place, whatever encoding it declares.
        match Multistatus::parse(text) {
            Ok(multistatus) => {
                check_borrowed(&multistatus, data);
                rewrite(&model::MultistatusModel::from(&multistatus), data);
            }
            Err(error) => check_error_position(data, &error),
        }
    }

    // Lenient parsing must not panic or loop either.
    let mut reader = ResponseReader::from_bytes_with_config(data, Config::lenient());
    for _ in 0..data.len() + 16 {
        match reader.next_response() {
            Ok(Some(response)) => support::touch(&response),
            Ok(None) | Err(_) => {
                for warning in reader.warnings() {
                    let _ = (warning.to_string(), warning.path(), warning.href(), warning.line());
                }
                return;
            }
        }
    }
    panic!("lenient ResponseReader keeps returning responses\n{}", show(data));
}

/// Writes `model` with the plain writer and parses it back.
fn rewrite(model: &model::MultistatusModel, data: &[u8]) {
    let xml = writer::to_string(model);
    let reparsed = Multistatus::parse(&xml)
        .unwrap_or_else(|e| panic!("the rewritten document does not parse: {e}\n{xml}\nfrom {}", show(data)));
    assert_eq!(&model::MultistatusModel::from(&reparsed), model, "rewritten: {xml}\nfrom {}", show(data));
}

fn inside(text: &str, data: &[u8]) -> bool {
    let range = data.as_ptr_range();
    let start = text.as_ptr();
    range.start <= start && start.wrapping_add(text.len()) <= range.end
}

fn check_str(what: &str, text: &str, data: &[u8]) {
    assert!(inside(text, data), "{what} {text:?} does not borrow the input\n{}", show(data));
}

/// A borrowed value lies in the input, unless it is a constant: empty, the
/// namespace `xml:` names are in by definition, or a text of line feeds
/// only (a container's joined indentation, read from a static run of them).
fn check_cow(what: &str, text: std::borrow::Cow<'_, str>, data: &[u8]) {
    if let std::borrow::Cow::Borrowed(text) = text {
        if text.is_empty() || text == model::XML_NAMESPACE || text.bytes().all(|b| b == b'\n') {
            return;
        }
        check_str(what, text, data);
    }
}

fn check_element(element: &Element<'_>, data: &[u8]) {
    check_str("a local name", element.local_name(), data);
    check_str("a qualified name", element.qualified_name(), data);
    check_str("inner xml", element.inner_xml(), data);
    check_cow("a namespace", element.namespace(), data);
    check_cow("a text", element.text(), data);
    for attribute in element.attributes() {
        check_str("an attribute name", attribute.qualified_name(), data);
        check_str("an attribute value", attribute.raw_value(), data);
        check_cow("an attribute value", attribute.value(), data);
        check_cow("an attribute namespace", attribute.namespace(), data);
    }
    for child in element.children() {
        check_element(&child, data);
    }
}

/// Every string the views borrow lies inside the input.
fn check_borrowed(multistatus: &Multistatus<'_>, data: &[u8]) {
    for response in multistatus.responses() {
        check_str("a response's markup", response.raw_xml(), data);
        for propstat in response.propstats() {
            if let Some(prop) = propstat.prop() {
                check_element(&prop, data);
            }
            if let Some(error) = propstat.dav_error() {
                check_element(&error, data);
            }
            if let Some(description) = propstat.description() {
                check_cow("a description", description, data);
            }
        }
        if let Some(error) = response.dav_error() {
            check_element(&error, data);
        }
        if let Some(description) = response.description() {
            check_cow("a description", description, data);
        }
    }
}

/// An error lies inside the input, and its line and column match its offset.
fn check_error_position(data: &[u8], error: &Error) {
    let _ = (error.to_string(), error.is_truncated());
    if support::transcoded(data) {
        assert!(error.offset() <= 3 * data.len() + 3, "{error} lies outside the input\n{}", show(data));
        return;
    }
    assert!(error.offset() <= data.len(), "{error} lies outside the input ({} bytes)\n{}", data.len(), show(data));
    let Ok(before) = std::str::from_utf8(&data[..error.offset()]) else { return };
    let line = 1 + before.matches('\n').count();
    let column = 1 + before.rsplit('\n').next().unwrap_or("").chars().count();
    assert_eq!((error.line(), error.column()), (line, column), "{error}: wrong line:column\n{}", show(data));
}

#[cfg(test)]
mod tests {
    use arbitrary::Unstructured;

    use super::*;

    #[test]
    fn smoke() {
        support::smoke(300, 4096, |bytes| {
            let mut u = Unstructured::new(bytes);
            if let Ok((_, _, xml)) = support::generated(&mut u) {
                let mut data = xml.into_bytes();
                if support::mutate(&mut u, &mut data).is_ok() {
                    run(&data);
                }
            }
            run(bytes);
        });
    }

    #[test]
    fn corpus() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xml") && std::fs::metadata(&path).unwrap().len() < 64 << 10 {
                run(&std::fs::read(&path).unwrap());
            }
        }
    }

    #[test]
    fn regressions() {
        support::replay("parse_bytes", run);
    }
}
