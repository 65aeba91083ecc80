//! Streaming extractor on the xml-rs event reader (the `xml` crate), a
//! second oracle independent of both roxmltree and quick-xml.
//!
//! It follows exactly the contract of [`roxml::extract_bytes`],
//! on any input, not only well-behaved ones: the same well-formedness
//! decision and the same model, so the fuzzing suite can use it as a second
//! opinion. Events are pulled one at a time and consumed by one function per
//! level of the grammar (`multistatus` → `response` → `propstat` →
//! `property`, plus `error_element`, `location` and `skip`), which hand what
//! they find to the shared rules of [`crate::model`].
//!
//! How the contract is met on top of xml-rs:
//!
//! * the body must be UTF-8 ([`roxml::utf8_text`]:
//!   one byte order mark stripped, a second one refused), and the encoding
//!   declaration is not consulted (`override_encoding` UTF-8 and
//!   `ignore_invalid_encoding_declarations`);
//! * line ends are normalised before parsing, as in the roxmltree oracle, so
//!   that `&#13;` survives and a literal CR does not;
//! * xml-rs accepts a DTD and several root elements by default: a
//!   `Doctype` event is an error, and `allow_multiple_root_elements` is off;
//! * whitespace and CDATA are delivered as characters, and comments are
//!   dropped, so text content is simply every character event in a subtree.
//!
//! xml-rs allocates a `String` for every name and text, which is what it
//! costs: the benchmark measures it as a baseline.

use std::io::Read;

use serde_json::Value;
use xml::attribute::OwnedAttribute;
use xml::name::OwnedName;
use xml::namespace::{Namespace, NS_XMLNS_PREFIX, NS_XMLNS_URI, NS_XML_PREFIX, NS_XML_URI};
use xml::reader::{EventReader, ParserConfig, XmlEvent};
use xml::Encoding;

use crate::model::{self, Condition, Multistatus, MultistatusParts, Property, PropstatParts, ResponseParts};
use crate::roxml;
pub use crate::roxml::parse_status_line;

const DAV: &str = "DAV:";

/// Extracts the canonical JSON (see the [crate docs](crate)) from a body,
/// with the contract of [`roxml::extract_bytes`].
///
/// Takes anything that is bytes, so `&str` and `&[u8]` both work.
pub fn extract<B: AsRef<[u8]> + ?Sized>(body: &B) -> Result<Value, String> {
    parse(body.as_ref()).map(|m| m.to_json())
}

/// [`extract`] for bytes, named like the roxmltree oracle's.
pub fn extract_bytes(bytes: &[u8]) -> Result<Value, String> {
    extract(bytes)
}

/// [`extract`] into the owned [`Multistatus`] model.
pub fn parse(bytes: &[u8]) -> Result<Multistatus, String> {
    let text = roxml::utf8_text(bytes)?;
    let text = roxml::normalise_line_ends(text);
    check_attribute_values(text.as_bytes())?;
    let mut events = Events::new(text.as_bytes());
    let (namespace, local_name) = loop {
        match events.next()? {
            Event::Start { namespace, local_name } => break (namespace, local_name),
            Event::End => return Err("XML error: no root element".to_owned()),
            Event::Text(_) | Event::Other => {}
        }
    };
    if !(namespace.as_deref() == Some(DAV) && local_name == "multistatus") {
        return Err(model::wrong_root(namespace.as_deref().unwrap_or(""), &local_name));
    }
    let multistatus = multistatus(&mut events)?;
    // The epilog: comments, processing instructions and whitespace only;
    // xml-rs refuses a second root element and text.
    loop {
        match events.next()? {
            Event::End => return Ok(multistatus),
            Event::Start { .. } => return Err("XML error: a second root element".to_owned()),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// The events the grammar tells apart.
enum Event {
    /// An element starts: its namespace URI (`None` for none) and local name.
    Start { namespace: Option<String>, local_name: String },
    /// The current element ends, or (outside the root) the document does.
    End,
    /// Character data, whitespace or CDATA.
    Text(String),
    /// The XML declaration, a processing instruction.
    Other,
}

/// The xml-rs reader, configured for the contract above.
struct Events<R: Read> {
    reader: EventReader<R>,
}

impl<R: Read> Events<R> {
    fn new(source: R) -> Self {
        let config = ParserConfig::new()
            .whitespace_to_characters(true)
            .cdata_to_characters(true)
            .ignore_comments(true)
            .coalesce_characters(true)
            .ignore_root_level_whitespace(true)
            .override_encoding(Some(Encoding::Utf8))
            .ignore_invalid_encoding_declarations(true)
            .allow_multiple_root_elements(false);
        Events { reader: EventReader::new_with_config(source, config) }
    }

    fn next(&mut self) -> Result<Event, String> {
        match self.reader.next().map_err(|e| format!("XML error: {e}"))? {
            XmlEvent::StartElement { name, attributes, namespace } => {
                check_names(&name, &attributes, &namespace)?;
                Ok(Event::Start { namespace: name.namespace.filter(|ns| !ns.is_empty()), local_name: name.local_name })
            }
            XmlEvent::EndElement { .. } | XmlEvent::EndDocument => Ok(Event::End),
            XmlEvent::Characters(text) | XmlEvent::Whitespace(text) | XmlEvent::CData(text) => Ok(Event::Text(text)),
            XmlEvent::Doctype { .. } => Err("XML error: a DTD is not allowed".to_owned()),
            XmlEvent::StartDocument { .. } | XmlEvent::ProcessingInstruction { .. } | XmlEvent::Comment(_) => {
                Ok(Event::Other)
            }
        }
    }
}

/// What xml-rs lets through and Namespaces in XML 1.0 forbids: a local
/// part or a declared prefix that does not start like a name (`<D:1a>`,
/// `p:-x="1"`, `xmlns:1="u"`), and a prefix bound to the `xml` or `xmlns`
/// namespace URI.
fn check_names(name: &OwnedName, attributes: &[OwnedAttribute], namespace: &Namespace) -> Result<(), String> {
    let starts_like_a_name = |local: &str| local.chars().next().is_some_and(is_name_start_char);
    if !starts_like_a_name(&name.local_name)
        || attributes.iter().any(|a| a.name.prefix.is_some() && !starts_like_a_name(&a.name.local_name))
    {
        return Err(format!("XML error: invalid qualified name {name}"));
    }
    for (prefix, uri) in &namespace.0 {
        let reserved = match prefix.as_str() {
            NS_XML_PREFIX | NS_XMLNS_PREFIX => false,
            _ => uri == NS_XML_URI || uri == NS_XMLNS_URI,
        };
        if reserved || !(prefix.is_empty() || starts_like_a_name(prefix)) {
            return Err(format!("XML error: invalid namespace declaration {prefix:?} = {uri:?}"));
        }
    }
    Ok(())
}

/// xml-rs accepts `</` inside an attribute value (`<a b="x</c>"/>`); XML
/// allows no `<` there at all. This scans the markup for it: tags are read
/// from `<` to `>` with their quoted values, and comments, CDATA sections,
/// processing instructions and declarations are stepped over. Anything
/// unterminated is left to xml-rs to report.
fn check_attribute_values(text: &[u8]) -> Result<(), String> {
    let find = |from: usize, needle: &[u8]| {
        text.get(from..).and_then(|rest| rest.windows(needle.len()).position(|w| w == needle)).map(|i| from + i)
    };
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &text[at..]).map(|i| at + i) {
        let rest = &text[lt..];
        let end = if rest.starts_with(b"<!--") {
            find(lt + 4, b"-->").map(|e| e + 3)
        } else if rest.starts_with(b"<![CDATA[") {
            find(lt + 9, b"]]>").map(|e| e + 3)
        } else if rest.starts_with(b"<?") {
            find(lt + 2, b"?>").map(|e| e + 2)
        } else if rest.starts_with(b"<!") {
            // A DTD, which is refused anyway.
            return Ok(());
        } else {
            tag_end(text, lt + 1)?
        };
        match end {
            Some(end) => at = end,
            None => return Ok(()),
        }
    }
    Ok(())
}

/// The position after the `>` closing the tag whose name starts at `from`
/// (or of a `<` where the tag breaks off), or an error for a `<` inside
/// one of its quoted values.
fn tag_end(text: &[u8], from: usize) -> Result<Option<usize>, String> {
    let mut quote = None;
    for (i, &byte) in text.iter().enumerate().skip(from) {
        match (quote, byte) {
            (None, b'>') => return Ok(Some(i + 1)),
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'<') => return Ok(Some(i)),
            (Some(q), _) if byte == q => quote = None,
            (Some(_), b'<') => return Err("XML error: `<` in an attribute value".to_owned()),
            _ => {}
        }
    }
    Ok(None)
}

/// `NameStartChar` of XML 1.0 (fifth edition), without `:`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// Whether a start event is `{DAV:}*`: its local name if so.
fn dav_name<'a>(namespace: &Option<String>, local_name: &'a str) -> Option<&'a str> {
    (namespace.as_deref() == Some(DAV)).then_some(local_name)
}

/// The children of `{DAV:}multistatus`, up to its end tag.
fn multistatus<R: Read>(events: &mut Events<R>) -> Result<Multistatus, String> {
    let mut parts = MultistatusParts::default();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => match dav_name(&namespace, &local_name) {
                Some("response") => parts.responses.push(response(events)?),
                Some("responsedescription") => parts.description(text_content(events)?.0),
                Some("sync-token") => parts.sync_token(&text_content(events)?.0),
                _ => skip(events)?,
            },
            Event::End => return Ok(parts.finish()),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// The children of a `{DAV:}response`, up to its end tag.
fn response<R: Read>(events: &mut Events<R>) -> Result<model::Response, String> {
    let mut parts = ResponseParts::default();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => match dav_name(&namespace, &local_name) {
                Some("href") => parts.href(&text_content(events)?.0),
                Some("status") => parts.status(text_content(events)?.0),
                Some("propstat") => parts.propstats.push(propstat(events)?),
                Some("error") => parts.error(error_element(events)?),
                Some("responsedescription") => parts.description(text_content(events)?.0),
                Some("location") => parts.location(location(events)?.as_deref()),
                _ => skip(events)?,
            },
            Event::End => return parts.finish(),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// The children of a `{DAV:}propstat`, up to its end tag.
fn propstat<R: Read>(events: &mut Events<R>) -> Result<model::Propstat, String> {
    let mut parts = PropstatParts::default();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => match dav_name(&namespace, &local_name) {
                Some("prop") => parts.prop(prop(events)?),
                Some("status") => parts.status(text_content(events)?.0),
                Some("error") => parts.error(error_element(events)?),
                Some("responsedescription") => parts.description(text_content(events)?.0),
                _ => skip(events)?,
            },
            Event::End => return parts.finish(),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// The children of `{DAV:}prop`: every child element is a property,
/// whatever its namespace.
fn prop<R: Read>(events: &mut Events<R>) -> Result<Vec<Property>, String> {
    let mut properties = Vec::new();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => properties.push(property(events, namespace, local_name)?),
            Event::End => return Ok(properties),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// One property, whose start tag was just read.
fn property<R: Read>(events: &mut Events<R>, namespace: Option<String>, name: String) -> Result<Property, String> {
    let (text, children) = text_content(events)?;
    Ok(Property { ns: namespace.unwrap_or_default(), name, text, children })
}

/// `{DAV:}error`: its child elements, without recursion.
fn error_element<R: Read>(events: &mut Events<R>) -> Result<Vec<Condition>, String> {
    let mut conditions = Vec::new();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => {
                conditions.push(Condition { ns: namespace.unwrap_or_default(), name: local_name });
                skip(events)?;
            }
            Event::End => return Ok(conditions),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// `{DAV:}location`: the text of its first `DAV:href` child, if any.
fn location<R: Read>(events: &mut Events<R>) -> Result<Option<String>, String> {
    let mut href = None;
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => {
                if href.is_none() && dav_name(&namespace, &local_name) == Some("href") {
                    href = Some(text_content(events)?.0);
                } else {
                    skip(events)?;
                }
            }
            Event::End => return Ok(href),
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// DOM `textContent` of the element whose start tag was just read, and the
/// number of its direct child elements; consumes its end tag.
fn text_content<R: Read>(events: &mut Events<R>) -> Result<(String, usize), String> {
    let mut text = String::new();
    let mut children = 0;
    let mut depth = 0usize;
    loop {
        match events.next()? {
            Event::Start { .. } => {
                if depth == 0 {
                    children += 1;
                }
                depth += 1;
            }
            Event::End if depth == 0 => return Ok((text, children)),
            Event::End => depth -= 1,
            Event::Text(chunk) => {
                if text.is_empty() {
                    text = chunk;
                } else {
                    text.push_str(&chunk);
                }
            }
            Event::Other => {}
        }
    }
}

/// Skips the rest of the element whose start tag was just read, checking
/// its well-formedness all the same.
fn skip<R: Read>(events: &mut Events<R>) -> Result<(), String> {
    let mut depth = 0usize;
    loop {
        match events.next()? {
            Event::Start { .. } => depth += 1,
            Event::End if depth == 0 => return Ok(()),
            Event::End => depth -= 1,
            Event::Text(_) | Event::Other => {}
        }
    }
}

/// The roxmltree oracle's tests, run against this extractor: the two must
/// agree on every case (the file's `super::extract` is this module's).
#[cfg(test)]
#[path = "roxml/tests.rs"]
#[allow(clippy::duplicate_mod)]
mod tests;
