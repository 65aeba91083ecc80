//! Every character class boundary of XML 1.0, through every place a
//! character can stand: text, attribute values, comments, processing
//! instructions, CDATA sections, character references, and the first and
//! later characters of element and attribute names. The expected verdict
//! comes from the productions below, written out from the specification
//! (XML 1.0 fifth edition §2.2 `Char`, §2.3 `NameStartChar` and `NameChar`,
//! without the colon as Namespaces in XML 1.0 §3 `NCName` wants), not from
//! the parser's own tables.

use multistatus::{ErrorKind, Multistatus};

/// XML 1.0 §2.2 `Char`.
fn is_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// XML 1.0 §2.3 `NameStartChar`, without `:`.
fn is_name_start(c: u32) -> bool {
    matches!(c,
        0x41..=0x5A | 0x5F | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D
        | 0x37F..=0x1FFF | 0x200C..=0x200D | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF
        | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
}

/// XML 1.0 §2.3 `NameChar`, without `:`.
fn is_name_char(c: u32) -> bool {
    is_name_start(c) || matches!(c, 0x2D | 0x2E | 0x30..=0x39 | 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

/// Every code point of U+0000–U+00FF, and both sides of every boundary of
/// the productions above, up to U+10FFFF.
fn code_points() -> Vec<u32> {
    let bounds = [
        0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF, 0x2FF, 0x370, 0x37D, 0x37F, 0x1FFF, 0x200C, 0x200D, 0x2070, 0x218F,
        0x2C00, 0x2FEF, 0x3001, 0xF900, 0xFDCF, 0xFDF0, 0xEFFFF, 0x300, 0x36F, 0x203F, 0x2040,
    ];
    let mut points: Vec<u32> = (0..=0xFF).collect();
    for bound in bounds {
        points.extend([bound - 1, bound, bound + 1]);
    }
    points.extend([0xFFFE, 0xFFFF, 0x110000 - 1]);
    points.retain(|&c| c <= 0x10FFFF);
    points.sort_unstable();
    points.dedup();
    points
}

/// A place a character can stand, and what the markup around it makes of
/// the characters that are syntax there (those are not this test's business).
struct Place {
    name: &'static str,
    /// The document with `{}` where the character goes.
    template: &'static str,
    /// Characters that are markup in this place, left out.
    syntax: &'static [char],
    /// The production the character must satisfy.
    allowed: fn(u32) -> bool,
}

fn body(inner: &str) -> String {
    format!(
        "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:propstat><D:prop>{inner}</D:prop>\
         <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"
    )
}

const PLACES: &[Place] = &[
    Place { name: "text", template: "<D:x>a{}b</D:x>", syntax: &['<', '&', '>'], allowed: is_char },
    Place { name: "attribute value", template: "<D:x v=\"a{}b\"/>", syntax: &['<', '&', '"'], allowed: is_char },
    Place { name: "comment", template: "<D:x><!--a{}b--></D:x>", syntax: &['-'], allowed: is_char },
    Place { name: "processing instruction", template: "<D:x><?pi a{}b?></D:x>", syntax: &['?'], allowed: is_char },
    Place { name: "cdata", template: "<D:x><![CDATA[a{}b]]></D:x>", syntax: &[']'], allowed: is_char },
    Place { name: "element name, first", template: "<D:{}x/>", syntax: &[':'], allowed: is_name_start },
    Place { name: "element name, later", template: "<D:x{}y/>", syntax: &[':'], allowed: is_name_char },
    Place { name: "attribute name, first", template: "<D:x {}a=\"\"/>", syntax: &[':'], allowed: is_name_start },
    Place { name: "attribute name, later", template: "<D:x a{}b=\"\"/>", syntax: &[':'], allowed: is_name_char },
];

#[test]
fn every_class_boundary_in_every_place_gets_the_verdict_xml_gives() {
    let mut wrong = Vec::new();
    for place in PLACES {
        for c in code_points() {
            let Some(ch) = char::from_u32(c) else { continue };
            // Whitespace is a separator in names and tags, and markup is markup.
            let separator = place.name.contains("name") && matches!(c, 0x9 | 0xA | 0xD | 0x20);
            let markup =
                place.syntax.contains(&ch) || matches!(ch, '<' | '>' | '"' | '=' | '/') && place.name.contains("name");
            if separator || markup {
                continue;
            }
            let input = body(&place.template.replace("{}", &ch.to_string()));
            let accepted = Multistatus::parse(&input).is_ok();
            if accepted != (place.allowed)(c) {
                wrong.push(format!("{}: U+{c:04X} {}", place.name, if accepted { "accepted" } else { "rejected" }));
            }
        }
    }
    assert!(wrong.is_empty(), "{} verdicts differ from XML 1.0:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn character_references_name_only_characters() {
    let mut wrong = Vec::new();
    let mut points = code_points();
    points.extend([0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000]);
    for c in points {
        for reference in [format!("&#x{c:X};"), format!("&#{c};")] {
            let input = body(&format!("<D:x>{reference}</D:x>"));
            match Multistatus::parse(&input) {
                Ok(_) if is_char(c) => {}
                Err(e) if !is_char(c) && matches!(e.kind(), ErrorKind::InvalidCharReference(_)) => {}
                other => wrong.push(format!("{reference}: {:?}", other.map(|_| "accepted"))),
            }
        }
    }
    assert!(wrong.is_empty(), "{} references misjudged:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn surrogates_written_raw_are_not_utf8() {
    for surrogate in [[0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF]] {
        let mut input = body("<D:x>a</D:x>").into_bytes();
        let at = input.windows(2).position(|w| w == b"a<").unwrap();
        input.splice(at..at + 1, surrogate);
        let error = Multistatus::parse_bytes(&input).unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!(error.offset(), at);
    }
}
