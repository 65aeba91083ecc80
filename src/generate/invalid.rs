//! Documents with a known verdict that is not "parses": a generated
//! document broken in one known way ([`invalid`]), or read under small
//! limits ([`limited`]).
//!
//! The verdict comes from this module's own reading of the written
//! document — a small scanner for the well-formed XML the writer makes —
//! never from the parser, so a parser that accepts a bad
//! input or reports the wrong place is caught even when all its front ends
//! agree.
//!
//! ```
//! use arbitrary::Unstructured;
//! use multistatus::generate::{invalid::invalid, GenerateLimits};
//!
//! let bytes: Vec<u8> = (0..2048u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
//! let broken = invalid(&mut Unstructured::new(&bytes), &GenerateLimits::default()).unwrap();
//! let error = multistatus::Multistatus::parse_bytes(&broken.xml).unwrap_err();
//! assert!(broken.expected.matches(&error), "{:?}: {error}", broken.defect);
//! ```

use std::ops::Range;

use arbitrary::{Result, Unstructured};

use super::{generate, GenerateLimits};
use crate::model::XML_NAMESPACE;
use crate::{Config, Error, ErrorKind, DAV};

/// The error a parser must report: its kind and the byte offset it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The kind. For [`ErrorKind::Syntax`] only the kind counts, not its message.
    pub kind: ErrorKind,
    /// The byte offset of the offending markup.
    pub offset: usize,
}

impl Expected {
    /// True when `error` is this one: the same offset and kind (any
    /// [`ErrorKind::Syntax`] for a syntax error, whose message is free text).
    pub fn matches(&self, error: &Error) -> bool {
        let kind = match (&self.kind, error.kind()) {
            (ErrorKind::Syntax(_), ErrorKind::Syntax(_)) => true,
            (expected, got) => expected == got,
        };
        kind && error.offset() == self.offset
    }
}

/// How a document was broken; each is a well-formedness error of XML 1.0 or
/// Namespaces in XML 1.0.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Defect {
    /// A character XML 1.0 §2.2 forbids, in text, an attribute value, a
    /// comment, a processing instruction or a CDATA section.
    ForbiddenChar(char),
    /// Bytes that are not UTF-8 (RFC 3629), in the same places.
    InvalidUtf8(Vec<u8>),
    /// A character reference to no XML character or to no number (XML 1.0
    /// §4.1, WFC: Legal Character), in text or an attribute value.
    InvalidCharReference(String),
    /// A reference to an entity other than the five predefined ones (XML
    /// 1.0 §4.1, WFC: Entity Declared).
    UndefinedEntity(String),
    /// Attributes appended to a start tag, two of which share a qualified
    /// name (XML 1.0 §3.1, WFC: Unique Att Spec) or an expanded name
    /// (Namespaces in XML 1.0 §6.3).
    DuplicateAttribute(String),
    /// An element or attribute whose prefix no declaration in scope binds
    /// (Namespaces in XML 1.0 §5, NSC: Prefix Declared).
    UndeclaredPrefix(String),
    /// An end tag whose name is not the open element's qualified name (XML
    /// 1.0 §3, WFC: Element Type Match), written here.
    MismatchedEndTag(String),
    /// `<` in an attribute value (XML 1.0 §3.1, WFC: No < in Attribute Values).
    LessThanInAttributeValue,
    /// `]]>` in character data (XML 1.0 §2.4).
    CdataEndInText,
    /// An XML declaration that XML 1.0 §2.8 and §2.9 rule out (a version
    /// that is no `1.` and digits, a `standalone` that is neither `yes` nor
    /// `no`, pseudo-attributes unknown, repeated, out of order or not
    /// separated), in place of the document's or added before it.
    BadDeclaration(String),
}

/// A generated document broken in one known way, and the error it must give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDocument {
    /// The document.
    pub xml: Vec<u8>,
    /// What was broken.
    pub defect: Defect,
    /// The first error in the document: the only one, since the rest is valid.
    pub expected: Expected,
}

/// What reading a [`LimitedDocument`] under its limits must give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No limit is exceeded: the document parses.
    Accept,
    /// Some limit is exceeded: the parse fails with one of these errors, the
    /// first place each exceeded limit is exceeded (which one comes first
    /// depends on where the parser checks each, so any of them is right).
    Reject(Vec<Expected>),
}

/// A valid generated document, limits to read it under, and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitedDocument {
    /// The document.
    pub xml: String,
    /// The default configuration with smaller limits.
    pub config: Config,
    /// The verdict, from sizes this module measures in the markup.
    pub verdict: Verdict,
}

/// Characters XML 1.0 §2.2 leaves out of `Char` that UTF-8 can encode.
const FORBIDDEN: [char; 31] = [
    '\0', '\u{1}', '\u{2}', '\u{3}', '\u{4}', '\u{5}', '\u{6}', '\u{7}', '\u{8}', '\u{B}', '\u{C}', '\u{E}', '\u{F}',
    '\u{10}', '\u{11}', '\u{12}', '\u{13}', '\u{14}', '\u{15}', '\u{16}', '\u{17}', '\u{18}', '\u{19}', '\u{1A}',
    '\u{1B}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
];

/// Byte sequences RFC 3629 rules out: stray continuation bytes, overlong
/// forms, surrogates, code points past U+10FFFF, bytes never used, and
/// sequences cut short (what follows them is never a continuation byte).
const NOT_UTF8: [&[u8]; 12] = [
    b"\x80",
    b"\xBF",
    b"\xC0\x80",
    b"\xC1\xBF",
    b"\xE0\x80\x80",
    b"\xED\xA0\x80",
    b"\xED\xBF\xBF",
    b"\xF4\x90\x80\x80",
    b"\xF5\x80\x80\x80",
    b"\xFF",
    b"\xE6\x97",
    b"\xF0\x9F\x98",
];

/// Character references to no XML character, or to no number at all.
const BAD_CHAR_REFERENCES: [&str; 20] = [
    "#x+41",
    "#+65",
    "#0",
    "#x0",
    "#1",
    "#x1F",
    "#8",
    "#xB",
    "#xD800",
    "#57343",
    "#xFFFE",
    "#65535",
    "#x110000",
    "#1114112",
    "#99999999999999999999",
    "#X41",
    "#x",
    "#",
    "#12a",
    "#x1G",
];

/// XML declarations XML 1.0 §2.8 [23]–[26] and §2.9 [32] rule out.
const BAD_DECLARATIONS: [&str; 13] = [
    "<?xml version=\"1.\"?>",
    "<?xml version=\"1\"?>",
    "<?xml version=\"2.0\"?>",
    "<?xml version=\"1.0a\"?>",
    "<?xml version=\"\"?>",
    "<?xml version='1.0\"?>",
    "<?xml version=\"1.0\" standalone=\"maybe\"?>",
    "<?xml version=\"1.0\"encoding=\"utf-8\"?>",
    "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"utf-8\"?>",
    "<?xml version=\"1.0\" foo=\"x\"?>",
    "<?xml version=\"1.0\" ncoding=\"utf-8\"?>",
    "<?xml encoding=\"utf-8\"?>",
    "<?xml version=\"1.0\" version=\"1.0\"?>",
];

/// Entity names no DTD-less document defines (the predefined five are
/// case-sensitive).
const UNDEFINED_ENTITIES: [&str; 8] = ["nbsp", "AMP", "Lt", "copy", "é", "a.b", "x-y", "_1"];

/// A generated document broken in one known way; see the [module docs](self).
pub fn invalid(u: &mut Unstructured<'_>, limits: &GenerateLimits) -> Result<InvalidDocument> {
    // Taken first: the style takes whatever input the model leaves.
    let decisions = u.bytes(16.min(u.len()))?.to_vec();
    let (model, style) = generate(u, limits)?;
    let u = &mut Unstructured::new(&decisions);
    let kind = u.choose_index(10)?;
    let xml = style.write(&model);
    let outline = Outline::read(&xml);
    let insert = |at: usize, bytes: &[u8]| spliced(&xml, at..at, bytes);
    let broken = |xml: Vec<u8>, defect: Defect, kind: ErrorKind, offset: usize| InvalidDocument {
        xml,
        defect,
        expected: Expected { kind, offset },
    };
    Ok(match kind {
        0 => {
            let c = *u.choose(&FORBIDDEN)?;
            let at = *u.choose(&outline.character_points(&xml))?;
            broken(
                insert(at, c.encode_utf8(&mut [0; 4]).as_bytes()),
                Defect::ForbiddenChar(c),
                ErrorKind::InvalidChar(c),
                at,
            )
        }
        1 => {
            let bytes = *u.choose(&NOT_UTF8)?;
            let at = *u.choose(&outline.character_points(&xml))?;
            broken(insert(at, bytes), Defect::InvalidUtf8(bytes.to_vec()), ErrorKind::InvalidUtf8, at)
        }
        2 => {
            let reference = *u.choose(&BAD_CHAR_REFERENCES)?;
            let at = *u.choose(&outline.reference_points(&xml))?;
            let xml = insert(at, format!("&{reference};").as_bytes());
            let kind = ErrorKind::InvalidCharReference(reference.to_owned());
            broken(xml, Defect::InvalidCharReference(reference.to_owned()), kind, at)
        }
        3 => {
            let name = *u.choose(&UNDEFINED_ENTITIES)?;
            let at = *u.choose(&outline.reference_points(&xml))?;
            let xml = insert(at, format!("&{name};").as_bytes());
            broken(xml, Defect::UndefinedEntity(name.to_owned()), ErrorKind::UndefinedEntity(name.to_owned()), at)
        }
        4 => {
            let index = u.choose_index(outline.tags.len())?;
            let (markup, second, name) = duplicate_attributes(u, &outline, index)?;
            let at = outline.tags[index].attributes_end;
            let xml = insert(at, markup.as_bytes());
            broken(xml, Defect::DuplicateAttribute(markup), ErrorKind::DuplicateAttribute(name), at + second)
        }
        5 => {
            let (at, markup, prefix) = undeclared_prefix(u, &outline, &xml)?;
            let xml = insert(at, markup.as_bytes());
            // The markup starts with `<` or a space, and the name follows it.
            broken(xml, Defect::UndeclaredPrefix(markup), ErrorKind::UndeclaredPrefix(prefix), at + 1)
        }
        6 => {
            let (xml, found, expected, offset) = mismatched_end_tag(u, &outline, &xml)?;
            let kind = ErrorKind::MismatchedEndTag { expected, found: found.clone() };
            broken(xml, Defect::MismatchedEndTag(found), kind, offset)
        }
        7 => {
            let at = *u.choose(&outline.value_points(&xml, true))?;
            broken(insert(at, b"<"), Defect::LessThanInAttributeValue, ErrorKind::Syntax(String::new()), at)
        }
        8 => {
            // The declaration stands first, after a byte order mark if any.
            let declaration = *u.choose(&BAD_DECLARATIONS)?;
            let at = if xml.starts_with('\u{FEFF}') { 3 } else { 0 };
            let end = match outline.pieces.first() {
                Some(Piece { kind: Kind::Declaration, span, .. }) => span.end,
                _ => at,
            };
            let out = spliced(&xml, at..end, declaration.as_bytes());
            let kind = ErrorKind::Syntax(String::new());
            broken(out, Defect::BadDeclaration(declaration.to_owned()), kind, at)
        }
        _ => {
            let at = *u.choose(&outline.content_points(&xml))?;
            broken(insert(at, b"]]>"), Defect::CdataEndInText, ErrorKind::Syntax(String::new()), at)
        }
    })
}

/// Attributes to append to `tag`: the markup (starting with a space), the
/// offset in it of the attribute that repeats an earlier one, and that
/// attribute's qualified name.
fn duplicate_attributes(u: &mut Unstructured<'_>, outline: &Outline, tag: usize) -> Result<(String, usize, String)> {
    // `dupe`, `nga` and `ngb` are names the writer never makes, so the only
    // repeats are the ones made here.
    let in_scope: Vec<(String, String)> = outline
        .scope(Some(tag))
        .into_iter()
        .filter(|(prefix, uri)| !prefix.is_empty() && prefix != "xml" && !uri.is_empty() && uri != XML_NAMESPACE)
        .collect();
    let has_default = outline.tags[tag].declarations.iter().any(|(prefix, _)| prefix.is_empty());
    let owned = |parts: &[&str]| parts.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    // The attributes, and which one repeats an earlier one.
    let (parts, repeat) = match u.choose_index(6)? {
        0 => (owned(&[" dupe=\"1\"", " dupe='2'"]), 1),
        1 => (owned(&[" xmlns:nga=\"urn:dup\"", " xmlns:ngb=\"urn:dup\"", " nga:dupe=\"1\"", " ngb:dupe=\"2\""]), 3),
        // The declarations apply to the attributes before them too.
        2 => (owned(&[" nga:dupe=\"1\"", " ngb:dupe=\"2\"", " xmlns:nga=\"urn:dup\"", " xmlns:ngb=\"urn:dup\""]), 1),
        3 => (owned(&[" xmlns:nga=\"urn:a\"", " xmlns:nga=\"urn:b\""]), 1),
        4 if !has_default => (owned(&[" xmlns=\"urn:a\"", " xmlns=\"urn:a\""]), 1),
        // A prefix bound further up, and one bound here to the same namespace.
        _ if !in_scope.is_empty() => {
            let (prefix, uri) = u.choose(&in_scope)?.clone();
            let declaration = format!(" xmlns:nga=\"{}\"", escape_attribute(&uri));
            let first = format!(" {prefix}:dupe=\"1\"");
            if u.arbitrary()? {
                (vec![declaration, first, " nga:dupe=\"2\"".into()], 2)
            } else {
                (vec![first, " nga:dupe=\"2\"".into(), declaration], 1)
            }
        }
        _ => (owned(&[" dupe=\"1\"", " dupe=\"2\""]), 1),
    };
    let second = parts[..repeat].iter().map(String::len).sum::<usize>() + 1;
    let name = parts[repeat][1..].split('=').next().unwrap_or_default().to_owned();
    Ok((parts.concat(), second, name))
}

/// Markup with an undeclared prefix: where it goes, what it is, and the prefix.
fn undeclared_prefix(u: &mut Unstructured<'_>, outline: &Outline, xml: &str) -> Result<(usize, String, String)> {
    Ok(match u.choose_index(3)? {
        // On an attribute of an existing element.
        0 => {
            let tag = &outline.tags[u.choose_index(outline.tags.len())?];
            let at = tag.attributes_end;
            (at, " ngz:a=\"1\"".into(), "ngz".into())
        }
        // A prefix declared elsewhere in the document but not in scope here.
        1 => {
            let at = *u.choose(&outline.content_points(xml))?;
            let in_scope = outline.scope(outline.parent_at(at));
            let mut elsewhere: Vec<&str> = outline
                .tags
                .iter()
                .flat_map(|t| t.declarations.iter().map(|(p, _)| p.as_str()))
                .filter(|p| !p.is_empty() && *p != "xml" && !in_scope.iter().any(|(q, _)| q == p))
                .collect();
            elsewhere.sort_unstable();
            elsewhere.dedup();
            let prefix = if elsewhere.is_empty() { "ngz" } else { u.choose(&elsewhere)? };
            (at, format!("<{prefix}:e/>"), prefix.to_owned())
        }
        _ => {
            let at = *u.choose(&outline.content_points(xml))?;
            (at, "<ngz:e>t</ngz:e>".into(), "ngz".into())
        }
    })
}

/// A document with an end tag that does not match: the document, the name
/// found, the name expected and the offset of the end tag.
fn mismatched_end_tag(
    u: &mut Unstructured<'_>,
    outline: &Outline,
    xml: &str,
) -> Result<(Vec<u8>, String, String, usize)> {
    let choice = u.choose_index(3)?;
    if choice == 2 || outline.end_tags.is_empty() {
        // A stray end tag where content may stand.
        let at = *u.choose(&outline.content_points(xml))?;
        let open = outline.parent_at(at).map_or("", |i| outline.tags[i].qname(xml));
        return Ok((spliced(xml, at..at, b"</ngq>"), "ngq".into(), open.to_owned(), at));
    }
    let end = u.choose(&outline.end_tags)?;
    let qname = outline.tags[end.open].qname(xml);
    let (prefix, local) = split(qname);
    // Another prefix bound to the same namespace is still another name (XML 1.0 §3).
    let namespace = outline.resolve(Some(end.open), prefix, true);
    let aliases: Vec<String> = outline
        .scope(Some(end.open))
        .into_iter()
        .filter(|(p, uri)| Some(uri.as_str()) == namespace.as_deref() && p != prefix && !uri.is_empty())
        .map(|(p, _)| if p.is_empty() { local.to_owned() } else { format!("{p}:{local}") })
        .collect();
    let found = if choice == 1 && !aliases.is_empty() { u.choose(&aliases)?.clone() } else { format!("{qname}x") };
    Ok((spliced(xml, end.name.clone(), found.as_bytes()), found, qname.to_owned(), end.start))
}

/// `xml` with `range` replaced by `with`.
fn spliced(xml: &str, range: Range<usize>, with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len() + with.len());
    out.extend_from_slice(&xml.as_bytes()[..range.start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&xml.as_bytes()[range.end..]);
    out
}

/// A valid generated document read under small limits; see the [module docs](self).
pub fn limited(u: &mut Unstructured<'_>, limits: &GenerateLimits) -> Result<LimitedDocument> {
    // Taken first: the style takes whatever input the model leaves.
    let decisions = u.bytes(12.min(u.len()))?.to_vec();
    let (model, style) = generate(u, limits)?;
    let xml = style.write(&model);
    let outline = Outline::read(&xml);
    let sizes = Sizes::measure(&outline, &xml);
    let mut decisions = Unstructured::new(&decisions);
    // Each limit: the default, or near the largest size the document has.
    let mut pick = |largest: usize, default: usize| -> usize {
        match decisions.int_in_range(0..=5u8).unwrap_or(0) {
            0 | 1 => default,
            2 => largest.saturating_sub(1),
            3 => largest,
            4 => largest + 1,
            _ => decisions.int_in_range(0..=largest).unwrap_or(0),
        }
    };
    let defaults = Config::default();
    let config = Config {
        max_depth: pick(sizes.elements.iter().map(|e| e.1).max().unwrap_or(0), defaults.max_depth),
        max_response_bytes: pick(sizes.items.iter().map(|i| i.len).max().unwrap_or(0), defaults.max_response_bytes),
        max_value_bytes: pick(sizes.values.iter().map(|v| v.1).max().unwrap_or(0), defaults.max_value_bytes),
        max_namespace_declarations: pick(
            sizes.declarations.iter().map(Vec::len).max().unwrap_or(0),
            defaults.max_namespace_declarations,
        ),
        max_response_nodes: pick(
            sizes.items.iter().map(|i| i.nodes.len()).max().unwrap_or(0),
            defaults.max_response_nodes,
        ),
        max_responses: pick(sizes.responses.len(), defaults.max_responses),
        ..defaults
    };
    let verdict = sizes.verdict(&config);
    Ok(LimitedDocument { xml, config, verdict })
}

/// The sizes every limit of [`Config`] bounds, measured in the markup.
struct Sizes {
    /// Each element's offset and depth (the root is 1).
    elements: Vec<(usize, usize)>,
    /// Each child of the document and of the root element (the root's start
    /// tag standing for the root): what `max_response_bytes` and
    /// `max_response_nodes` bound.
    items: Vec<Item>,
    /// Each text run (up to a reference or markup), CDATA section content
    /// and attribute value: where the error names it and its length.
    values: Vec<(usize, usize)>,
    /// Per element, the offsets of its namespace declarations.
    declarations: Vec<Vec<usize>>,
    /// The offset of each `DAV:response` child of the root.
    responses: Vec<usize>,
}

struct Item {
    start: usize,
    len: usize,
    /// The offset of each element and attribute in it.
    nodes: Vec<usize>,
}

impl Sizes {
    fn measure(outline: &Outline, xml: &str) -> Sizes {
        let mut sizes = Sizes {
            elements: Vec::new(),
            items: Vec::new(),
            values: Vec::new(),
            declarations: Vec::new(),
            responses: Vec::new(),
        };
        let mut in_item = false;
        for piece in &outline.pieces {
            let depth = piece.depth;
            // An item starts with any piece but an end tag at the top two
            // levels, and ends with the piece that leaves those levels again.
            if !in_item && depth <= 1 && !matches!(piece.kind, Kind::End(_)) {
                sizes.items.push(Item { start: piece.span.start, len: 0, nodes: Vec::new() });
                in_item = true;
            }
            if let (true, Some(item)) = (in_item, sizes.items.last_mut()) {
                item.len = piece.span.end - item.start;
            }
            let depth_after = match piece.kind {
                Kind::Start(index) if !outline.tags[index].empty => depth + 1,
                Kind::End(_) => depth - 1,
                _ => depth,
            };
            if depth_after <= 1 {
                in_item = false;
            }
            match &piece.kind {
                Kind::Text => sizes.values.push((piece.span.start, piece.span.len())),
                Kind::Cdata(body) => sizes.values.push((piece.span.start, body.len())),
                Kind::Start(index) => {
                    let tag = &outline.tags[*index];
                    sizes.elements.push((tag.start, depth + 1));
                    let item = sizes.items.last_mut().expect("every start tag is in an item");
                    item.nodes.push(tag.start);
                    let mut declarations = Vec::new();
                    for attribute in &tag.attributes {
                        item.nodes.push(attribute.name.start);
                        sizes.values.push((attribute.value.start, attribute.value.len()));
                        let name = &xml[attribute.name.clone()];
                        if name == "xmlns" || name.starts_with("xmlns:") {
                            declarations.push(attribute.name.start);
                        }
                    }
                    sizes.declarations.push(declarations);
                    let (prefix, local) = split(tag.qname(xml));
                    if depth == 1
                        && local == "response"
                        && outline.resolve(Some(*index), prefix, true).as_deref() == Some(DAV)
                    {
                        sizes.responses.push(tag.start);
                    }
                }
                _ => {}
            }
        }
        sizes
    }

    /// The first place each limit of `config` is exceeded.
    fn verdict(&self, config: &Config) -> Verdict {
        let mut errors = Vec::new();
        let mut first = |kind: ErrorKind, offset: Option<usize>| {
            if let Some(offset) = offset {
                errors.push(Expected { kind, offset });
            }
        };
        let limit = config.max_depth;
        first(ErrorKind::DepthLimitExceeded(limit), self.elements.iter().find(|e| e.1 > limit).map(|e| e.0));
        let limit = config.max_response_bytes;
        first(ErrorKind::ResponseTooLarge(limit), self.items.iter().find(|i| i.len > limit).map(|i| i.start));
        let limit = config.max_response_nodes;
        first(ErrorKind::TooManyNodes(limit), self.items.iter().find_map(|i| i.nodes.get(limit).copied()));
        let limit = config.max_value_bytes;
        first(ErrorKind::ValueTooLarge(limit), self.values.iter().find(|v| v.1 > limit).map(|v| v.0));
        let limit = config.max_namespace_declarations;
        first(
            ErrorKind::TooManyNamespaceDeclarations(limit),
            self.declarations.iter().find_map(|d| d.get(limit).copied()),
        );
        let limit = config.max_responses;
        first(ErrorKind::TooManyResponses(limit), self.responses.get(limit).copied());
        if errors.is_empty() {
            Verdict::Accept
        } else {
            Verdict::Reject(errors)
        }
    }
}

/// `&`, `<` and the quote escaped; tab, line feed and carriage return as
/// references, since a literal one would read as a space (XML 1.0 §3.3.3).
fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

fn split(qname: &str) -> (&str, &str) {
    qname.split_once(':').unwrap_or(("", qname))
}

/// The pieces of a well-formed document, as the writer makes them: enough
/// to know where each kind of mistake can be put and what each limit
/// measures. It trusts the markup to be well-formed and checks nothing.
#[derive(Debug)]
struct Outline {
    pieces: Vec<Piece>,
    tags: Vec<Tag>,
    end_tags: Vec<EndTag>,
}

#[derive(Debug)]
struct Piece {
    span: Range<usize>,
    /// How many elements are open around it.
    depth: usize,
    /// The innermost open element, by index in [`Outline::tags`].
    parent: Option<usize>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Declaration,
    /// A processing instruction, and its data after the target and the
    /// whitespace following it, if there is any.
    Pi(Option<Range<usize>>),
    Comment(Range<usize>),
    Cdata(Range<usize>),
    Text,
    Reference,
    Start(usize),
    End(usize),
}

#[derive(Debug)]
struct Tag {
    start: usize,
    name: Range<usize>,
    attributes: Vec<Attribute>,
    /// Where attributes can be appended: after the last one, or the name.
    attributes_end: usize,
    parent: Option<usize>,
    /// Written `<x/>`.
    empty: bool,
    /// The namespace declarations on it: prefix (empty for the default) and
    /// the value, references decoded and whitespace normalised.
    declarations: Vec<(String, String)>,
}

impl Tag {
    fn qname<'x>(&self, xml: &'x str) -> &'x str {
        &xml[self.name.clone()]
    }
}

#[derive(Debug)]
struct Attribute {
    name: Range<usize>,
    /// Between the quotes.
    value: Range<usize>,
}

#[derive(Debug)]
struct EndTag {
    start: usize,
    name: Range<usize>,
    open: usize,
}

impl Outline {
    /// Reads a well-formed document (as [`Style::write`](super::Style::write) writes).
    fn read(xml: &str) -> Outline {
        let bytes = xml.as_bytes();
        let mut outline = Outline { pieces: Vec::new(), tags: Vec::new(), end_tags: Vec::new() };
        let mut open: Vec<usize> = Vec::new();
        let mut i = if xml.starts_with('\u{FEFF}') { 3 } else { 0 };
        let find = |from: usize, what: &str| xml[from..].find(what).map_or(xml.len(), |at| from + at);
        while i < bytes.len() {
            let start = i;
            let rest = &xml[i..];
            let (kind, end) = if rest.starts_with("<?") {
                let end = find(i + 2, "?>") + 2;
                let target_end =
                    xml[i + 2..end - 2].find(|c: char| c.is_ascii_whitespace()).map_or(end - 2, |at| i + 2 + at);
                if &xml[i + 2..target_end] == "xml" {
                    (Kind::Declaration, end)
                } else {
                    (Kind::Pi((target_end < end - 2).then(|| target_end + 1..end - 2)), end)
                }
            } else if rest.starts_with("<!--") {
                let end = find(i + 4, "-->") + 3;
                (Kind::Comment(i + 4..end - 3), end)
            } else if rest.starts_with("<![CDATA[") {
                let end = find(i + 9, "]]>") + 3;
                (Kind::Cdata(i + 9..end - 3), end)
            } else if rest.starts_with("</") {
                let end = find(i, ">") + 1;
                let name_end =
                    xml[i + 2..end - 1].find(|c: char| c.is_ascii_whitespace()).map_or(end - 1, |at| i + 2 + at);
                let index = open.pop().unwrap_or(0);
                outline.end_tags.push(EndTag { start, name: i + 2..name_end, open: index });
                (Kind::End(index), end)
            } else if rest.starts_with('<') {
                let (tag, end) = Outline::start_tag(xml, i, open.last().copied());
                let (index, empty) = (outline.tags.len(), tag.empty);
                outline.tags.push(tag);
                let piece = Piece {
                    span: start..end,
                    depth: open.len(),
                    parent: open.last().copied(),
                    kind: Kind::Start(index),
                };
                outline.pieces.push(piece);
                if !empty {
                    open.push(index);
                }
                i = end;
                continue;
            } else if rest.starts_with('&') {
                (Kind::Reference, find(i, ";") + 1)
            } else {
                let end = xml[i..].find(['<', '&']).map_or(xml.len(), |at| i + at);
                (Kind::Text, end)
            };
            // An end tag stands at the depth of the element it closes.
            let depth = open.len() + usize::from(matches!(kind, Kind::End(_)));
            let parent = match kind {
                Kind::End(index) => Some(index),
                _ => open.last().copied(),
            };
            outline.pieces.push(Piece { span: start..end, depth, parent, kind });
            i = end;
        }
        outline
    }

    fn start_tag(xml: &str, start: usize, parent: Option<usize>) -> (Tag, usize) {
        let bytes = xml.as_bytes();
        let name_end = xml[start + 1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(xml.len(), |at| start + 1 + at);
        let mut tag = Tag {
            start,
            name: start + 1..name_end,
            attributes: Vec::new(),
            attributes_end: name_end,
            parent,
            empty: false,
            declarations: Vec::new(),
        };
        let mut i = name_end;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                None => return (tag, xml.len()),
                Some(b'/') => {
                    tag.empty = true;
                    return (tag, i + 2);
                }
                Some(b'>') => return (tag, i + 1),
                Some(_) => {}
            }
            let name_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
                i += 1;
            }
            let name = name_start..i;
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'=') {
                i += 1;
            }
            let quote = bytes.get(i).copied().unwrap_or(b'"');
            let value_start = i + 1;
            let value_end = xml[value_start..].find(quote as char).map_or(xml.len(), |at| value_start + at);
            i = value_end + 1;
            tag.attributes_end = i;
            let qname = &xml[name.clone()];
            let prefix = if qname == "xmlns" { Some("") } else { qname.strip_prefix("xmlns:") };
            if let Some(prefix) = prefix {
                tag.declarations.push((prefix.to_owned(), attribute_value(&xml[value_start..value_end])));
            }
            tag.attributes.push(Attribute { name, value: value_start..value_end });
        }
    }

    /// The bindings in scope inside element `tag` (its own declarations
    /// included), innermost first; an empty prefix is the default namespace.
    fn scope(&self, tag: Option<usize>) -> Vec<(String, String)> {
        let mut scope: Vec<(String, String)> = Vec::new();
        let mut at = tag;
        while let Some(index) = at {
            for (prefix, uri) in &self.tags[index].declarations {
                if !scope.iter().any(|(p, _)| p == prefix) {
                    scope.push((prefix.clone(), uri.clone()));
                }
            }
            at = self.tags[index].parent;
        }
        scope
    }

    /// The namespace `prefix` stands for inside `tag` (`element`: an
    /// element's name, which takes the default namespace when unprefixed).
    fn resolve(&self, tag: Option<usize>, prefix: &str, element: bool) -> Option<String> {
        if prefix == "xml" {
            return Some(XML_NAMESPACE.to_owned());
        }
        if prefix.is_empty() && !element {
            return Some(String::new());
        }
        let scope = self.scope(tag);
        let found = scope.iter().find(|(p, _)| p == prefix).map(|(_, uri)| uri.clone());
        if prefix.is_empty() {
            return Some(found.unwrap_or_default());
        }
        found
    }

    /// The innermost element open at `offset`, a [`content_points`](Self::content_points) offset.
    fn parent_at(&self, offset: usize) -> Option<usize> {
        // Before an end tag, the element it closes is open (its piece's parent).
        self.pieces.iter().find(|p| p.span.start == offset || p.span.contains(&offset)).and_then(|p| p.parent)
    }

    /// Offsets inside the root element where character data may stand:
    /// before each piece inside it and at every character of its text.
    fn content_points(&self, xml: &str) -> Vec<usize> {
        let mut points = Vec::new();
        for piece in self.pieces.iter().filter(|p| p.depth >= 1) {
            if let Kind::Text = piece.kind {
                points.extend(char_boundaries(xml, piece.span.clone()));
            } else {
                points.push(piece.span.start);
            }
        }
        points
    }

    /// Offsets inside attribute values where a reference or character may
    /// stand: not inside a reference. `root_declarations`: also in the
    /// namespace declarations of the root element.
    fn value_points(&self, xml: &str, root_declarations: bool) -> Vec<usize> {
        let mut points = Vec::new();
        for (tag, attribute) in self.tags.iter().flat_map(|t| t.attributes.iter().map(move |a| (t, a))) {
            let name = &xml[attribute.name.clone()];
            if !root_declarations && tag.parent.is_none() && (name == "xmlns" || name.starts_with("xmlns:")) {
                continue;
            }
            let mut inside_reference = false;
            for (i, c) in xml[attribute.value.clone()].char_indices() {
                if !inside_reference {
                    points.push(attribute.value.start + i);
                }
                match c {
                    '&' => inside_reference = true,
                    ';' => inside_reference = false,
                    _ => {}
                }
            }
            points.push(attribute.value.end);
        }
        points
    }

    /// Where a reference may stand: in content and in attribute values.
    fn reference_points(&self, xml: &str) -> Vec<usize> {
        let mut points = self.content_points(xml);
        points.extend(self.value_points(xml, true));
        points
    }

    /// Where any character may stand: content, attribute values, and the
    /// insides of comments, processing instructions and CDATA sections.
    /// Not the root's namespace declarations: a forbidden character there
    /// gives the root another namespace, and errors come in the order of
    /// their offsets, so `NotMultistatus` at the root's `<` comes first.
    fn character_points(&self, xml: &str) -> Vec<usize> {
        let mut points = self.content_points(xml);
        points.extend(self.value_points(xml, false));
        for piece in &self.pieces {
            match &piece.kind {
                Kind::Comment(body) | Kind::Cdata(body) => points.extend(char_boundaries(xml, body.clone())),
                Kind::Pi(Some(data)) => points.extend(char_boundaries(xml, data.clone())),
                _ => {}
            }
        }
        points
    }
}

/// Every character boundary of `range`, both ends included.
fn char_boundaries(xml: &str, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    range.clone().chain(std::iter::once(range.end)).filter(move |&at| xml.is_char_boundary(at))
}

/// An attribute value as XML 1.0 §3.3.3 normalises it: references decoded,
/// each literal tab, line feed, carriage return (or CR LF) one space.
fn attribute_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            let end = rest.find(';').unwrap_or(rest.len() - 1);
            let name = &rest[1..end];
            let decoded = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(|n| n.ok())
                    .and_then(char::from_u32),
            };
            out.extend(decoded);
            rest = &rest[end + 1..];
            continue;
        }
        if c == '\r' && rest[1..].starts_with('\n') {
            rest = &rest[1..];
            continue;
        }
        out.push(if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_are_normalised_as_xml_says() {
        assert_eq!(attribute_value("a&lt;&#x41;&#66;\r\n\t\rb"), "a<AB   b");
    }

    #[test]
    fn the_outline_finds_tags_scopes_and_text() {
        let xml = "<?xml version=\"1.0\"?>\n<D:multistatus xmlns:D=\"DAV:\"><!-- c --><D:response a = 'x&amp;y'>t&lt;u<?pi d?></D:response></D:multistatus>";
        let outline = Outline::read(xml);
        assert_eq!(outline.tags.len(), 2);
        assert_eq!(outline.tags[1].qname(xml), "D:response");
        assert_eq!(&xml[outline.tags[1].attributes[0].value.clone()], "x&amp;y");
        assert_eq!(outline.resolve(Some(1), "D", true).as_deref(), Some(DAV));
        assert_eq!(outline.end_tags.len(), 2);
        let sizes = Sizes::measure(&outline, xml);
        assert_eq!(sizes.responses.len(), 1);
        assert_eq!(sizes.elements, vec![(22, 1), (xml.find("<D:response").unwrap(), 2)]);
        // The declaration, the newline, the root's start tag, the comment, the response.
        assert_eq!(sizes.items.len(), 5);
        assert_eq!(sizes.items[4].nodes.len(), 2);
        // No point inside `&amp;`.
        let points = outline.value_points(xml, true);
        let amp = xml.find("&amp;").unwrap();
        assert!(points.contains(&amp) && points.contains(&(amp + 5)) && !points.contains(&(amp + 1)));
    }
}
