//! Hostile 207 bodies, one generator per cost class of issue 11: each is
//! well-formed (or only lightly broken, for the lenient classes) and within
//! every default limit, and `size` is about its length in bytes.
//!
//! Shared by the `hostile` example (the timing guard) and `tests/hostile.rs`
//! (allocation counts), through `#[path]`.

#![allow(dead_code)]

use std::fmt::Write as _;

/// The start of a document with one response whose one property holds `value`.
const OPEN: &str = "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/h</D:href><D:propstat><D:prop>";
const CLOSE: &str = "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>";

/// One attack: its name, whether it needs lenient parsing, and its generator.
pub struct Class {
    pub name: &'static str,
    pub lenient: bool,
    pub generate: fn(usize) -> String,
}

/// Every body-shaped class; `feed-after-end` is a push-parser behaviour,
/// not a body, and is driven by the example and the tests themselves.
pub const CLASSES: &[Class] = &[
    Class { name: "attributes", lenient: false, generate: attributes },
    Class { name: "prefixed-attributes", lenient: false, generate: prefixed_attributes },
    Class { name: "bindings", lenient: false, generate: bindings },
    Class { name: "empty-elements", lenient: false, generate: empty_elements },
    Class { name: "warning-paths", lenient: true, generate: warning_paths },
    Class { name: "recoveries-one-response", lenient: true, generate: recoveries_one_response },
    Class { name: "recoveries-many-responses", lenient: true, generate: recoveries_many_responses },
    Class { name: "undeclared-prefixes", lenient: true, generate: undeclared_prefixes },
];

/// The class named `name`.
pub fn class(name: &str) -> Option<&'static Class> {
    CLASSES.iter().find(|class| class.name == name)
}

/// One element with as many distinct unprefixed attributes as fit: a
/// pairwise duplicate check (XML 1.0 §3.1) is quadratic in them.
pub fn attributes(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str(OPEN);
    doc.push_str("<x");
    let mut i = 0;
    while doc.len() + CLOSE.len() + 4 < size {
        write!(doc, " a{i}=\"\"").unwrap();
        i += 1;
    }
    doc.push_str("/>");
    doc.push_str(CLOSE);
    doc
}

/// One element with attributes alternating between two prefixes bound to
/// two namespaces: the Namespaces in XML 1.0 §6.3 check compares every pair.
pub fn prefixed_attributes(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str(OPEN);
    doc.push_str("<x xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"");
    let mut i = 0;
    while doc.len() + CLOSE.len() + 4 < size {
        let prefix = if i % 2 == 0 { 'p' } else { 'q' };
        write!(doc, " {prefix}:a{}=\"\"", i / 2).unwrap();
        i += 1;
    }
    doc.push_str("/>");
    doc.push_str(CLOSE);
    doc
}

/// Half the body: nested elements each declaring 256 prefixes (the default
/// limit); the other half: elements using a prefix declared above them all.
pub fn bindings(size: usize) -> String {
    let mut doc = String::with_capacity(size + 8192);
    doc.push_str(OPEN);
    doc.push_str("<r:v xmlns:r=\"urn:r\">");
    let mut depth = 0;
    while doc.len() < size / 2 && depth < 1000 {
        doc.push_str("<v");
        for i in 0..256 {
            write!(doc, " xmlns:n{i}=\"u\"").unwrap();
        }
        doc.push('>');
        depth += 1;
    }
    while doc.len() + depth * 4 + CLOSE.len() + 16 < size {
        doc.push_str("<r:e/>");
    }
    for _ in 0..depth {
        doc.push_str("</v>");
    }
    doc.push_str("</r:v>");
    doc.push_str(CLOSE);
    doc
}

/// Four-byte empty elements inside one property under a default namespace:
/// every one is kept in the response's tree.
pub fn empty_elements(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str(OPEN);
    doc.push_str("<x xmlns=\"urn:x\">");
    while doc.len() + CLOSE.len() + 8 < size {
        doc.push_str("<e/>");
    }
    doc.push_str("</x>");
    doc.push_str(CLOSE);
    doc
}

/// Lenient: a long href and long element names, then recoveries (`&nbsp;`,
/// a dangling `&`) deep inside them: each warning names its path and href.
pub fn warning_paths(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/");
    doc.extend(std::iter::repeat_n('h', size / 4));
    doc.push_str("</D:href><D:propstat><D:prop>");
    let (depth, name_len) = (16, size / 128 + 1);
    let name: String = std::iter::repeat_n('n', name_len).collect();
    for _ in 0..depth {
        write!(doc, "<{name}>").unwrap();
    }
    let close_len = depth * (name_len + 3) + CLOSE.len();
    let mut i = 0;
    while doc.len() + close_len + 8 < size {
        doc.push_str(if i % 2 == 0 { "&nbsp;" } else { "& " });
        i += 1;
    }
    for _ in 0..depth {
        write!(doc, "</{name}>").unwrap();
    }
    doc.push_str(CLOSE);
    doc
}

/// Lenient: one response full of recoveries, on many lines.
pub fn recoveries_one_response(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str(OPEN);
    doc.push_str("<x>");
    while doc.len() + CLOSE.len() + 16 < size {
        doc.push_str("&nbsp;\n");
    }
    doc.push_str("</x>");
    doc.push_str(CLOSE);
    doc
}

/// Lenient: many small responses, each with a few recoveries: positions
/// must not be counted again from the start of the document.
pub fn recoveries_many_responses(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str("<D:multistatus xmlns:D=\"DAV:\">\n");
    let mut i = 0;
    while doc.len() + 256 < size {
        write!(
            doc,
            "<D:response><D:href>/{i}</D:href><D:propstat><D:prop><x>&nbsp;\n&nbsp;\n&nbsp;\n&nbsp;</x></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n"
        )
        .unwrap();
        i += 1;
    }
    doc.push_str("</D:multistatus>");
    doc
}

/// Lenient: thousands of distinct undeclared prefixes, each warned about once.
pub fn undeclared_prefixes(size: usize) -> String {
    let mut doc = String::with_capacity(size + 256);
    doc.push_str(OPEN);
    doc.push_str("<x>");
    let mut i = 0;
    while doc.len() + CLOSE.len() + 24 < size {
        write!(doc, "<p{i}:e/>").unwrap();
        i += 1;
    }
    doc.push_str("</x>");
    doc.push_str(CLOSE);
    doc
}
