//! Streaming extractor on quick-xml's namespace-aware reader
//! ([`quick_xml::reader::NsReader`]), a third oracle independent of
//! roxmltree and xml-rs.
//!
//! It follows exactly the contract of [`roxml::extract_bytes`] on any input,
//! as [`crate::xmlrs`] does: the same well-formedness decision and the same
//! model. Where roxmltree itself departs from XML 1.0 (the baseline bugs the
//! differential check names), this extractor follows the specification.
//! Events are pulled one at a time and consumed by one function per level of
//! the grammar (`multistatus` → `response` → `propstat` → `property`, plus
//! `error_element`, `location` and `skip`), which hand what they find to the
//! shared rules of [`crate::model`]. Names are resolved by the reader's
//! namespace resolver (`resolve_element`, `resolve_attribute`), never by
//! prefix.
//!
//! quick-xml tokenizes, matches end tags against start tags (by qualified
//! name, as written), refuses `--` in comments when asked to, and checks
//! little else, so `Events` adds what XML 1.0 (fifth edition) and
//! Namespaces in XML 1.0 (third edition) require on top of it:
//!
//! * every character is a `Char` (§2.2), checked once over the whole text;
//! * names are QNames of NCNames (Namespaces §3, §4), with the full
//!   `NameStartChar` and `NameChar` sets of §2.3; PI targets are NCNames
//!   and not `xml` in any case (§2.6);
//! * start tags have whitespace between attributes, `Eq` and quoted values
//!   (§3.1), no `<` in a value (§3.1 \[10\]), and no attribute twice, by
//!   qualified name (§3.1 WFC Unique Att Spec) or by expanded name
//!   (Namespaces §6.3);
//! * references name one of the five predefined entities or a `Char`
//!   (§4.1, §4.6), in text and in attribute values;
//! * `]]>` does not stand in text (§2.4);
//! * the XML declaration stands only at the very start, with `version`,
//!   `encoding` and `standalone` in that order (§2.8 \[23\]); a DTD is refused;
//! * one root element, and only whitespace, comments and PIs around it (§2.1);
//! * namespace declarations: no prefix bound to `""`, nor to the `xml` or
//!   `xmlns` URIs, no default namespace bound to them, no element prefixed
//!   `xmlns` (Namespaces §3), and every prefix used declared.
//!
//! quick-xml binds a namespace declaration's raw value, references
//! unexpanded; where the normalised value (XML 1.0 §3.3.3) differs, the
//! normalised one is bound over it at the same level, through the
//! resolver's own `add`. As in the other oracles, the body must be UTF-8
//! ([`roxml::utf8_text`]) and line ends are normalised before parsing
//! ([`roxml::normalise_line_ends`]).

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::name::{Namespace, PrefixDeclaration, ResolveResult};
use quick_xml::reader::NsReader;
use serde_json::Value;

use crate::model::{self, Condition, Multistatus, MultistatusParts, Property, PropstatParts, ResponseParts};
use crate::roxml;
pub use crate::roxml::parse_status_line;

const DAV: &str = "DAV:";

/// The namespace the `xml` prefix is bound to (Namespaces in XML 1.0 §3).
const XML_URI: &str = "http://www.w3.org/XML/1998/namespace";

/// The namespace the `xmlns` prefix is bound to (Namespaces in XML 1.0 §3).
const XMLNS_URI: &str = "http://www.w3.org/2000/xmlns/";

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
    check_characters(&text)?;
    let mut events = Events::new(&text);
    let (namespace, local_name) = loop {
        match events.next()? {
            Event::Start { namespace, local_name } => break (namespace, local_name),
            // `Events` reports a document without a root element itself.
            Event::End | Event::Text(_) => {}
        }
    };
    if !(namespace == DAV && local_name == "multistatus") {
        return Err(model::wrong_root(&namespace, &local_name));
    }
    let multistatus = multistatus(&mut events)?;
    // The epilog: `Events` refuses a second root element and text.
    loop {
        match events.next()? {
            Event::End => return Ok(multistatus),
            Event::Start { .. } | Event::Text(_) => {}
        }
    }
}

/// The events the grammar tells apart.
enum Event<'i> {
    /// An element starts: its namespace URI (`""` for none) and local name.
    Start { namespace: String, local_name: String },
    /// The current element ends, or (outside the root) the document does.
    End,
    /// Character data: text, a CDATA section or a resolved reference.
    Text(Cow<'i, str>),
}

/// The quick-xml reader over the normalised text, with the checks it lacks.
struct Events<'i> {
    reader: NsReader<&'i [u8]>,
    /// Open elements.
    depth: usize,
    /// Whether the root element has started.
    root_seen: bool,
    /// An empty-element tag was just reported as a start: its end comes next.
    pending_end: bool,
}

impl<'i> Events<'i> {
    fn new(text: &'i str) -> Self {
        let mut reader = NsReader::from_str(text);
        let config = reader.config_mut();
        // XML 1.0 §3 WFC Element Type Match, compared as written.
        config.check_end_names = true;
        // XML 1.0 §2.5 [15]: no `--` in a comment.
        config.check_comments = true;
        config.allow_dangling_amp = false;
        config.allow_unmatched_ends = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        // XML sets no limit on namespace declarations in scope.
        reader.resolver_mut().set_max_namespace_bindings(usize::MAX);
        Events { reader, depth: 0, root_seen: false, pending_end: false }
    }

    fn next(&mut self) -> Result<Event<'i>, String> {
        if self.pending_end {
            self.pending_end = false;
            self.depth -= 1;
            return Ok(Event::End);
        }
        loop {
            let at = self.reader.buffer_position();
            match self.reader.read_event().map_err(xml_error)? {
                XmlEvent::Start(tag) => return self.start(&tag),
                XmlEvent::Empty(tag) => {
                    let start = self.start(&tag)?;
                    self.pending_end = true;
                    return Ok(start);
                }
                XmlEvent::End(_) => {
                    // quick-xml has matched the name against the start tag's.
                    self.depth = self.depth.checked_sub(1).ok_or("XML error: an end tag without a start tag")?;
                    return Ok(Event::End);
                }
                XmlEvent::Text(text) => {
                    if self.depth == 0 {
                        // XML 1.0 §2.1 [1], [27]: only white space around the root element.
                        if !text.chars().all(is_space) {
                            return Err("XML error: text outside the root element".to_owned());
                        }
                        continue;
                    }
                    // XML 1.0 §2.4: `]]>` does not stand in character data.
                    if text.contains("]]>") {
                        return Err("XML error: `]]>` in text".to_owned());
                    }
                    return Ok(Event::Text(text.into_inner()));
                }
                XmlEvent::CData(cdata) => {
                    self.inside_root("a CDATA section")?;
                    return Ok(Event::Text(cdata.into_inner()));
                }
                XmlEvent::GeneralRef(reference) => {
                    self.inside_root("a reference")?;
                    return Ok(Event::Text(Cow::Owned(resolve_reference(&reference)?.to_string())));
                }
                // `check_comments` has refused `--` inside and `--->` (XML 1.0 §2.5 [15]).
                XmlEvent::Comment(_) => {}
                XmlEvent::PI(pi) => {
                    // XML 1.0 §2.6 [17] and Namespaces §7: an NCName, not `xml` in any case.
                    let target = pi.target();
                    if !is_ncname(target) || target.eq_ignore_ascii_case("xml") {
                        return Err(format!("XML error: invalid processing instruction target {target:?}"));
                    }
                }
                XmlEvent::Decl(declaration) => {
                    // XML 1.0 §2.8 [22]: the declaration opens the document or is not there.
                    if at != 0 {
                        return Err("XML error: an XML declaration after the start".to_owned());
                    }
                    check_declaration(&declaration)?;
                }
                XmlEvent::DocType(_) => return Err("XML error: a DTD is not allowed".to_owned()),
                XmlEvent::Eof => {
                    if self.depth > 0 {
                        return Err("XML error: unclosed element at the end".to_owned());
                    }
                    if !self.root_seen {
                        return Err("XML error: no root element".to_owned());
                    }
                    return Ok(Event::End);
                }
            }
        }
    }

    /// Refuses `what` outside the root element (XML 1.0 §2.1 \[1\], \[27\]).
    fn inside_root(&self, what: &str) -> Result<(), String> {
        if self.depth == 0 {
            return Err(format!("XML error: {what} outside the root element"));
        }
        Ok(())
    }

    /// Checks a start tag (or empty-element tag) and resolves its name; the
    /// reader has already pushed its namespace declarations.
    fn start(&mut self, tag: &BytesStart<'_>) -> Result<Event<'i>, String> {
        if self.depth == 0 && self.root_seen {
            return Err("XML error: a second root element".to_owned());
        }
        check_tag_syntax(tag)?;
        let name = tag.name();
        check_qname(name.0)?;
        // Namespaces §3: element names must not have the prefix `xmlns`.
        if name.prefix().is_some_and(|p| p.is_xmlns()) {
            return Err(format!("XML error: element name {:?} has the prefix xmlns", name.0));
        }
        self.declarations(tag)?;
        self.check_attribute_names(tag)?;
        let (resolved, local_name) = self.reader.resolver().resolve_element(name);
        let namespace = namespace_of(resolved, name.0)?;
        self.depth += 1;
        self.root_seen = true;
        Ok(Event::Start { namespace, local_name: local_name.into_inner().to_owned() })
    }

    /// Checks every attribute value, and the namespace declarations among
    /// them; binds the normalised value of a declaration over the raw one
    /// the reader bound when they differ.
    fn declarations(&mut self, tag: &BytesStart<'_>) -> Result<(), String> {
        for attribute in tag.attributes() {
            let attribute = attribute.map_err(xml_error)?;
            check_qname(attribute.key.0)?;
            let value = attribute_value(&attribute.value)?;
            let Some(declaration) = attribute.key.as_namespace_binding() else { continue };
            match declaration {
                PrefixDeclaration::Default if value == XML_URI || value == XMLNS_URI => {
                    return Err(format!("XML error: {value:?} declared as the default namespace"));
                }
                PrefixDeclaration::Named(prefix) if value.is_empty() => {
                    return Err(format!("XML error: prefix {prefix:?} bound to the empty string"));
                }
                _ => {}
            }
            if value != attribute.value {
                self.reader.resolver_mut().add(declaration, Namespace(&value)).map_err(xml_error)?;
            }
        }
        Ok(())
    }

    /// Namespaces §6.3: every prefix declared, and no two attributes with
    /// the same qualified name or the same expanded name.
    fn check_attribute_names(&self, tag: &BytesStart<'_>) -> Result<(), String> {
        let resolver = self.reader.resolver();
        let mut seen: Vec<(&str, String, &str)> = Vec::new();
        for attribute in tag.attributes().with_checks(false) {
            let attribute = attribute.map_err(xml_error)?;
            let (resolved, local_name) = resolver.resolve_attribute(attribute.key);
            let namespace = namespace_of(resolved, attribute.key.0)?;
            let local_name = local_name.into_inner();
            if seen
                .iter()
                .any(|(q, ns, l)| *q == attribute.key.0 || (!ns.is_empty() && *ns == namespace && *l == local_name))
            {
                return Err(format!("XML error: attribute {:?} given twice", attribute.key.0));
            }
            seen.push((attribute.key.0, namespace, local_name));
        }
        Ok(())
    }
}

/// The namespace URI of a resolved name (`""` for none), or an error for an
/// undeclared prefix.
fn namespace_of(resolved: ResolveResult<'_>, name: &str) -> Result<String, String> {
    match resolved {
        ResolveResult::Bound(namespace) => Ok(namespace.into_inner().to_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(prefix) => Err(format!("XML error: undeclared prefix {prefix:?} in {name:?}")),
    }
}

/// A quick-xml error as this crate's message.
fn xml_error(error: impl std::fmt::Display) -> String {
    format!("XML error: {error}")
}

/// XML 1.0 §2.2 \[2\]: every character of the document is a `Char`.
fn check_characters(text: &str) -> Result<(), String> {
    match text.chars().find(|&c| !is_char(c)) {
        Some(c) => Err(format!("XML error: U+{:04X} is not an XML character", u32::from(c))),
        None => Ok(()),
    }
}

/// XML 1.0 §2.2 \[2\] `Char` (surrogates cannot occur in a `char`).
fn is_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// XML 1.0 §2.3 \[3\] `S`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// `NameStartChar` of XML 1.0 (fifth edition) §2.3 \[4\], without `:`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar` of XML 1.0 (fifth edition) §2.3 \[4a\], without `:`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Namespaces in XML 1.0 §3 \[4\] `NCName`: a `Name` without a colon.
fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// Namespaces in XML 1.0 §4 \[7\] `QName`: `NCName` or `NCName:NCName`.
fn check_qname(name: &str) -> Result<(), String> {
    let valid = match name.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(name),
    };
    if valid {
        Ok(())
    } else {
        Err(format!("XML error: invalid qualified name {name:?}"))
    }
}

/// XML 1.0 §3.1 \[40\], \[41\], \[44\]: the tag's name, then attributes each
/// after white space, `Eq` (`=` with optional white space around it), and a
/// quoted value. quick-xml finds the tag's end; this checks what it holds.
fn check_tag_syntax(tag: &BytesStart<'_>) -> Result<(), String> {
    let content: &str = tag;
    let bad = || format!("XML error: malformed tag <{content}>");
    let name_end = content.find(is_space).unwrap_or(content.len());
    let mut rest = &content[name_end..];
    loop {
        let after_space = rest.trim_start_matches(is_space);
        if after_space.is_empty() {
            return Ok(());
        }
        if after_space.len() == rest.len() {
            return Err(bad());
        }
        let eq = after_space.find('=').ok_or_else(bad)?;
        check_qname(after_space[..eq].trim_end_matches(is_space))?;
        let value = after_space[eq + 1..].trim_start_matches(is_space);
        let quote = value.chars().next().filter(|&q| q == '"' || q == '\'').ok_or_else(bad)?;
        let close = value[1..].find(quote).ok_or_else(bad)?;
        rest = &value[close + 2..];
    }
}

/// The normalised value (XML 1.0 §3.3.3) of an attribute's raw value,
/// which must hold no `<` (§3.1 \[10\]) and only well-formed references.
fn attribute_value(raw: &str) -> Result<Cow<'_, str>, String> {
    if raw.contains('<') {
        return Err("XML error: `<` in an attribute value".to_owned());
    }
    if !raw.contains(['&', '\t', '\n', '\r']) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut value = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find(['&', '\t', '\n', '\r']) {
        value.push_str(&rest[..at]);
        if rest[at..].starts_with('&') {
            let end = rest[at..].find(';').ok_or("XML error: an unterminated reference in an attribute value")?;
            value.push(resolve_reference(&rest[at + 1..at + end])?);
            rest = &rest[at + end + 1..];
        } else {
            // A literal white space character is read as a space.
            value.push(' ');
            rest = &rest[at + 1..];
        }
    }
    value.push_str(rest);
    Ok(Cow::Owned(value))
}

/// The character a reference (its text between `&` and `;`) stands for:
/// one of the five predefined entities (XML 1.0 §4.6), or a character
/// reference to a `Char` (§4.1 \[66\], WFC Legal Character).
fn resolve_reference(name: &str) -> Result<char, String> {
    let bad = || format!("XML error: invalid reference &{name};");
    let (digits, radix) = match name {
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "amp" => return Ok('&'),
        "apos" => return Ok('\''),
        "quot" => return Ok('"'),
        _ => match name.strip_prefix("#x") {
            Some(hex) => (hex, 16),
            None => (name.strip_prefix('#').ok_or_else(bad)?, 10),
        },
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let value = digits
        .chars()
        .try_fold(0u32, |value, c| value.checked_mul(radix)?.checked_add(c.to_digit(radix)?))
        .ok_or_else(bad)?;
    char::from_u32(value).filter(|&c| is_char(c)).ok_or_else(bad)
}

/// XML 1.0 §2.8 \[23\]-\[26\], §4.3.3 \[80\], \[81\], §2.9 \[32\]: `xml`, then
/// `version`, an optional `encoding` and an optional `standalone`, each
/// after white space, in that order; `content` is what stands between
/// `<?` and `?>`.
fn check_declaration(content: &str) -> Result<(), String> {
    let bad = || format!("XML error: malformed XML declaration <?{content}?>");
    let mut rest = content.strip_prefix("xml").ok_or_else(bad)?;
    let version = pseudo_attribute(&mut rest, "version").ok_or_else(bad)?;
    if !version.strip_prefix("1.").is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    if let Some(encoding) = pseudo_attribute(&mut rest, "encoding") {
        let mut chars = encoding.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !valid {
            return Err(bad());
        }
    }
    if let Some(standalone) = pseudo_attribute(&mut rest, "standalone") {
        if standalone != "yes" && standalone != "no" {
            return Err(bad());
        }
    }
    if rest.trim_start_matches(is_space).is_empty() {
        Ok(())
    } else {
        Err(bad())
    }
}

/// `S name Eq 'value'` at the start of `rest`: the value, with `rest`
/// moved past it; `None` (and `rest` unchanged) when it is not there.
fn pseudo_attribute<'a>(rest: &mut &'a str, name: &str) -> Option<&'a str> {
    let after_space = rest.trim_start_matches(is_space);
    if after_space.len() == rest.len() {
        return None;
    }
    let after_eq = after_space.strip_prefix(name)?.trim_start_matches(is_space).strip_prefix('=')?;
    let value = after_eq.trim_start_matches(is_space);
    let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let close = value[1..].find(quote)?;
    *rest = &value[close + 2..];
    Some(&value[1..close + 1])
}

/// Whether a start event is `{DAV:}*`: its local name if so.
fn dav_name<'a>(namespace: &str, local_name: &'a str) -> Option<&'a str> {
    (namespace == DAV).then_some(local_name)
}

/// The children of `{DAV:}multistatus`, up to its end tag.
fn multistatus(events: &mut Events<'_>) -> Result<Multistatus, String> {
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
            Event::Text(_) => {}
        }
    }
}

/// The children of a `{DAV:}response`, up to its end tag.
fn response(events: &mut Events<'_>) -> Result<model::Response, String> {
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
            Event::Text(_) => {}
        }
    }
}

/// The children of a `{DAV:}propstat`, up to its end tag.
fn propstat(events: &mut Events<'_>) -> Result<model::Propstat, String> {
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
            Event::Text(_) => {}
        }
    }
}

/// The children of `{DAV:}prop`: every child element is a property,
/// whatever its namespace.
fn prop(events: &mut Events<'_>) -> Result<Vec<Property>, String> {
    let mut properties = Vec::new();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => properties.push(property(events, namespace, local_name)?),
            Event::End => return Ok(properties),
            Event::Text(_) => {}
        }
    }
}

/// One property, whose start tag was just read.
fn property(events: &mut Events<'_>, namespace: String, name: String) -> Result<Property, String> {
    let (text, children) = text_content(events)?;
    Ok(Property { ns: namespace, name, text, children })
}

/// `{DAV:}error`: its child elements, without recursion.
fn error_element(events: &mut Events<'_>) -> Result<Vec<Condition>, String> {
    let mut conditions = Vec::new();
    loop {
        match events.next()? {
            Event::Start { namespace, local_name } => {
                conditions.push(Condition { ns: namespace, name: local_name });
                skip(events)?;
            }
            Event::End => return Ok(conditions),
            Event::Text(_) => {}
        }
    }
}

/// `{DAV:}location`: the text of its first `DAV:href` child, if any.
fn location(events: &mut Events<'_>) -> Result<Option<String>, String> {
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
            Event::Text(_) => {}
        }
    }
}

/// DOM `textContent` of the element whose start tag was just read, and the
/// number of its direct child elements; consumes its end tag.
fn text_content(events: &mut Events<'_>) -> Result<(String, usize), String> {
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
            Event::Text(chunk) => text.push_str(&chunk),
        }
    }
}

/// Skips the rest of the element whose start tag was just read, checking
/// its well-formedness all the same.
fn skip(events: &mut Events<'_>) -> Result<(), String> {
    let mut depth = 0usize;
    loop {
        match events.next()? {
            Event::Start { .. } => depth += 1,
            Event::End if depth == 0 => return Ok(()),
            Event::End => depth -= 1,
            Event::Text(_) => {}
        }
    }
}

/// The roxmltree oracle's tests, run against this extractor: the two must
/// agree on every case (the file's `super::extract` is this module's).
#[cfg(test)]
#[path = "roxml/tests.rs"]
#[allow(clippy::duplicate_mod)]
mod shared_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal document, for `ROOT` in [`DOCUMENTS`].
    const ROOT: &str = r#"<D:multistatus xmlns:D="DAV:"/>"#;

    /// Markup that breaks one rule, and the same markup corrected, each put
    /// inside a `DAV:responsedescription` (so the text of the corrected form
    /// is in the model).
    const ELEMENTS: &[(&str, &str)] = &[
        // Names: Namespaces in XML 1.0 §3 NCName and §4 QName, XML 1.0 §2.3 name characters.
        ("<D:1a/>", "<D:a1/>"),
        ("<-p:a xmlns:-p='u'/>", "<p-:a xmlns:p-='u'/>"),
        ("<p:a:b xmlns:p='u'/>", "<p:ab xmlns:p='u'/>"),
        ("<:a/>", "<a/>"),
        ("<a: xmlns:a='u'/>", "<a:a xmlns:a='u'/>"),
        ("<\u{B7}a/>", "<a\u{B7}/>"),
        ("<a\u{D7}/>", "<a\u{D8}/>"),
        ("<a\u{37E}/>", "<a\u{37F}/>"),
        ("<\u{300}a/>", "<\u{10000}\u{300}/>"),
        ("<a 1b='x'/>", "<a b1='x'/>"),
        ("<a p:='x' xmlns:p='u'/>", "<a p:q='x' xmlns:p='u'/>"),
        // XML 1.0 §2.2 Char: in text, attribute values, comments, PIs, CDATA.
        ("<a>\x01</a>", "<a>\t</a>"),
        ("<a b='\x0b'/>", "<a b='\u{A0}'/>"),
        ("<a><!--\u{FFFE}--></a>", "<a><!--\u{FFFD}--></a>"),
        ("<a><?p \u{FFFF}?></a>", "<a><?p \u{10FFFF}?></a>"),
        ("<a><![CDATA[\x00]]></a>", "<a><![CDATA[\x7f]]></a>"),
        ("<a\x0c/>", "<a\n/>"),
        // XML 1.0 §4.1, §4.6: the five predefined entities, references to a Char.
        ("<a>&nbsp;</a>", "<a>&amp;</a>"),
        ("<a>&#0;</a>", "<a>&#48;</a>"),
        ("<a>&#xD800;</a>", "<a>&#xD7FF;</a>"),
        ("<a>&#X41;</a>", "<a>&#x41;</a>"),
        ("<a>&#x;</a>", "<a>&#x30;</a>"),
        ("<a>&#;</a>", "<a>&#9;</a>"),
        ("<a>&#1a;</a>", "<a>&#10;</a>"),
        ("<a>&#+65;</a>", "<a>&#65;</a>"),
        ("<a>&#x110000;</a>", "<a>&#x10FFFF;</a>"),
        ("<a>&#xFFFE;</a>", "<a>&#xFFFD;</a>"),
        ("<a>&#99999999999999999999;</a>", "<a>&#0000000000000000000065;</a>"),
        ("<a>a & b</a>", "<a>a &amp; b</a>"),
        ("<a>&amp</a>", "<a>&amp;</a>"),
        ("<a b='&foo;'/>", "<a b='&lt;'/>"),
        ("<a b='&#1;'/>", "<a b='&#x9;'/>"),
        ("<a b='a & b'/>", "<a b='a &amp; b'/>"),
        // XML 1.0 §3.1 [10]: no `<` in an attribute value.
        ("<a b='<'/>", "<a b='&lt;'/>"),
        ("<a b=\"x</a>\"/>", "<a b=\"x&lt;/a>\"/>"),
        // XML 1.0 §3.1 [40], [41]: white space between attributes, Eq, quoted values.
        ("<a b='1'c='2'/>", "<a b='1' c='2'/>"),
        ("<a b=1/>", "<a b='1'/>"),
        ("<a b/>", "<a b=''/>"),
        ("<a b='1' / >", "<a b = '1' />"),
        ("<a b=\"1'/>", "<a b=\"1'\"/>"),
        // XML 1.0 §3.1 WFC Unique Att Spec, Namespaces §6.3: duplicates by qualified and by expanded name.
        ("<a b='1' b='2'/>", "<a b='1' c='2'/>"),
        ("<a xmlns:p='u' xmlns:q='u' p:b='1' q:b='2'/>", "<a xmlns:p='u' xmlns:q='v' p:b='1' q:b='2'/>"),
        ("<a xmlns='u' xmlns='u'/>", "<a xmlns='u' xmlns:p='u'/>"),
        ("<a xmlns:p='u' xmlns:p='u'/>", "<a xmlns:p='u' p:b='1' b='2'/>"),
        // Namespaces §5: every prefix declared, and only in its element's scope.
        ("<p:a/>", "<p:a xmlns:p='u'/>"),
        ("<a p:b='1'/>", "<a p:b='1' xmlns:p='u'/>"),
        ("<a><b xmlns:p='u'/><p:c/></a>", "<a xmlns:p='u'><b/><p:c/></a>"),
        ("<a><b xmlns:p='u'></b><c p:d='1'/></a>", "<a><b xmlns:p='u'></b><c xmlns:p='v' p:d='1'/></a>"),
        // Namespaces §3: reserved prefixes and names, no prefix bound to "".
        ("<a xmlns:p=''/>", "<a xmlns=''/>"),
        ("<a xmlns:xmlns='u'/>", "<a xmlns:x='u'/>"),
        ("<a xmlns:xml='u'/>", "<a xmlns:xml='http://www.w3.org/XML/1998/namespace'/>"),
        ("<a xmlns:p='http://www.w3.org/XML/1998/namespace'/>", "<a xmlns:p='http://www.w3.org/XML/1998/namespace/'/>"),
        ("<a xmlns:p='http://www.w3.org/2000/xmlns/'/>", "<a xmlns:p='http://www.w3.org/2000/xmlns'/>"),
        ("<a xmlns='http://www.w3.org/2000/xmlns/'/>", "<a xmlns='http://www.w3.org/2000/xmlns'/>"),
        ("<a xmlns='http://www.w3.org/XML/1998/namespace'/>", "<a xml:lang='en'/>"),
        ("<a xmlns:p='http://www.w3.org/2000/xmlns&#x2F;'/>", "<a xmlns:p='http://www.w3.org/2000/xmlns&#x2E;'/>"),
        ("<xmlns:a/>", "<xml:a/>"),
        // XML 1.0 §3 WFC Element Type Match: end tags echo the qualified name.
        ("<a></b>", "<a></a>"),
        ("<p:a xmlns:p='u' xmlns:q='u'></q:a>", "<p:a xmlns:p='u' xmlns:q='u'></p:a >"),
        ("<a></a b>", "<a></a\n>"),
        ("<a></ a>", "<a></a>"),
        ("<a>", "<a/>"),
        // XML 1.0 §2.4: no `]]>` in text.
        ("<a>]]></a>", "<a>]]&gt;</a>"),
        ("<a>x]]>y</a>", "<a>x]]&gt;y<![CDATA[]]]]><![CDATA[>]]></a>"),
        // XML 1.0 §2.5 [15]: no `--` in a comment, none ending in `-`.
        ("<a><!-- a -- b --></a>", "<a><!-- a - b --></a>"),
        ("<a><!-- a ---></a>", "<a><!-- a - --></a>"),
        ("<a><!-----></a>", "<a><!----></a>"),
        // XML 1.0 §2.6 [16], [17], Namespaces §7: PI targets.
        ("<a><?XmL a?></a>", "<a><?xmlx a?></a>"),
        ("<a><?xml a?></a>", "<a><?xml-stylesheet a?></a>"),
        ("<a><?p:q a?></a>", "<a><?pq a?></a>"),
        ("<a><?1p?></a>", "<a><?p1?></a>"),
        ("<a><??></a>", "<a><?p?></a>"),
        ("<a><?p?q?></a>", "<a><?p q?></a>"),
    ];

    /// Whole documents that break one rule, and their corrected forms
    /// (`ROOT` stands for [`ROOT`]).
    const DOCUMENTS: &[(&[u8], &[u8])] = &[
        // XML 1.0 §2.8 [22]-[26], §4.3.3 [81], §2.9 [32]: the XML declaration.
        (b" <?xml version='1.0'?>ROOT", b"<?xml version='1.0'?>ROOT"),
        (b"<!-- --><?xml version='1.0'?>ROOT", b"<?xml version='1.0'?><!-- -->ROOT"),
        (b"<?xml encoding='UTF-8' version='1.0'?>ROOT", b"<?xml version='1.0' encoding='UTF-8'?>ROOT"),
        (
            b"<?xml version='1.0' standalone='yes' encoding='UTF-8'?>ROOT",
            b"<?xml version = '1.0' encoding = \"UTF-8\" standalone = 'yes' ?>ROOT",
        ),
        (b"<?xml version='1.0' standalone='maybe'?>ROOT", b"<?xml version='1.0' standalone='no'?>ROOT"),
        (b"<?xml version='2.0'?>ROOT", b"<?xml version='1.1'?>ROOT"),
        (b"<?xml version='1.'?>ROOT", b"<?xml version='1.10'?>ROOT"),
        (b"<?xml version='1.0'encoding='UTF-8'?>ROOT", b"<?xml version='1.0' encoding='UTF-8'?>ROOT"),
        (b"<?xml version='1.0' encoding='8UTF'?>ROOT", b"<?xml version='1.0' encoding='utf-8'?>ROOT"),
        (b"<?xml version='1.0' encoding=' UTF-8'?>ROOT", b"<?xml version='1.0' encoding='UTF-8' ?>ROOT"),
        (b"<?xml?>ROOT", b"<?xml version='1.0'?>ROOT"),
        (b"<?xml versionx='1.0'?>ROOT", b"<?xml version=\"1.0\"?>ROOT"),
        (b"<?xml version='1.0' exml:ncoding='UTF-8'?>ROOT", b"<?xml version='1.0'?>ROOT"),
        (b"<?xml version=\"1.0?>\" ?>ROOT", b"<?xml version=\"1.0\" ?>ROOT"),
        (b"ROOT<?xml version='1.0'?>", b"ROOT<?xml-stylesheet version='1.0'?>"),
        // XML 1.0 §2.8: no DTD (this contract refuses every DOCTYPE).
        (b"<!DOCTYPE D:multistatus>ROOT", b"<!-- DOCTYPE -->ROOT"),
        // XML 1.0 §2.1 [1], [27]: only white space, comments and PIs around the root.
        (b"xROOT", b" \t\nROOT"),
        (b"ROOTx", b"ROOT\n"),
        (b"ROOT&amp;", b"ROOT<!--&amp;-->"),
        (b"ROOT&#32;", b"ROOT "),
        (b"ROOT<![CDATA[]]>", b"ROOT<?p?>"),
        ("ROOT\u{FEFF}".as_bytes(), "ROOT\u{20}".as_bytes()),
        ("ROOT\u{A0}".as_bytes(), "ROOT\r\n".as_bytes()),
        // Exactly one root element.
        (b"ROOTROOT", b"ROOT"),
        (b"", b"ROOT"),
        (b"<!-- -->", b"<!-- -->ROOT"),
        (b"<D:multistatus xmlns:D='DAV:'>", b"<D:multistatus xmlns:D='DAV:'></D:multistatus>"),
        (b"ROOT</D:multistatus>", b"ROOT"),
        // UTF-8 only, one byte order mark (`roxml::utf8_text`).
        (
            b"<D:multistatus xmlns:D='DAV:'>\xff</D:multistatus>",
            b"<D:multistatus xmlns:D='DAV:'>\xc3\xbf</D:multistatus>",
        ),
        (b"\xef\xbb\xbf\xef\xbb\xbfROOT", b"\xef\xbb\xbfROOT"),
        (
            b"<D:multistatus xmlns:D='DAV:'>\xed\xa0\x80</D:multistatus>",
            b"<D:multistatus xmlns:D='DAV:'>\xef\xbf\xbd</D:multistatus>",
        ),
        // Line ends (XML 1.0 §2.11) are normalised before anything is checked.
        (
            b"<D:multistatus xmlns:D='DAV:'>\r]]>\r</D:multistatus>",
            b"<D:multistatus xmlns:D='DAV:'>\r]]&gt;\r\n</D:multistatus>",
        ),
    ];

    fn in_description(markup: &str) -> Vec<u8> {
        format!(
            r#"<D:multistatus xmlns:D="DAV:"><D:responsedescription>{markup}</D:responsedescription></D:multistatus>"#
        )
        .into_bytes()
    }

    fn with_root(template: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix(b"ROOT") {
                out.extend_from_slice(ROOT.as_bytes());
                rest = after;
            } else {
                out.push(rest[0]);
                rest = &rest[1..];
            }
        }
        out
    }

    /// The broken form is refused; the corrected one is accepted, with the
    /// roxmltree oracle's model wherever roxmltree accepts it too (it
    /// refuses `<xml:a/>`, which Namespaces in XML allows).
    fn refused_and_corrected(bad: &[u8], good: &[u8]) {
        let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert!(extract_bytes(bad).is_err(), "accepted {:?}", show(bad));
        let accepted = extract_bytes(good).unwrap_or_else(|e| panic!("refused {:?}: {e}", show(good)));
        if let Ok(reference) = roxml::extract_bytes(good) {
            assert_eq!(accepted, reference, "{:?}", show(good));
        }
    }

    #[test]
    fn every_broken_element_is_refused_and_its_correction_accepted() {
        for (bad, good) in ELEMENTS {
            refused_and_corrected(&in_description(bad), &in_description(good));
        }
    }

    #[test]
    fn every_broken_document_is_refused_and_its_correction_accepted() {
        for (bad, good) in DOCUMENTS {
            refused_and_corrected(&with_root(bad), &with_root(good));
        }
    }

    #[test]
    fn agrees_with_roxmltree_on_the_corpus() {
        let documents = crate::inputs::corpus_documents();
        assert!(!documents.is_empty(), "the corpus is beside the oracles crate");
        for (name, bytes) in documents {
            assert_eq!(extract_bytes(&bytes), roxml::extract_bytes(&bytes), "{name}");
        }
    }

    #[test]
    fn namespace_declarations_bind_their_normalised_value() {
        // quick-xml binds the raw value; XML 1.0 §3.3.3 reads references and
        // literal white space first.
        for body in [
            r#"<D:multistatus xmlns:D="DA&#x56;:"><D:sync-token>t</D:sync-token></D:multistatus>"#,
            "<D:multistatus xmlns:D='DAV:'><D:responsedescription><a xmlns='u&amp;v'/><b xmlns='\tx\ny'/><p:c xmlns:p='&#9;'/></D:responsedescription>\
             <D:response><D:href>/</D:href><D:propstat><D:prop><a xmlns='u&#x26;v&#9;w\tx'/><q:b xmlns:q='&lt;'/></D:prop></D:propstat></D:response></D:multistatus>",
        ] {
            assert_eq!(extract(body), roxml::extract(body), "{body}");
        }
        let v = extract(
            "<D:multistatus xmlns:D='DAV:'><D:response><D:propstat><D:prop>\
             <a xmlns='u&#x26;v&#9;w\tx'/><q:b xmlns:q='&lt;'/></D:prop></D:propstat></D:response></D:multistatus>",
        )
        .unwrap();
        let props = &v["responses"][0]["propstats"][0]["props"];
        assert_eq!(props[0]["ns"], "u&v\tw x");
        assert_eq!(props[1]["ns"], "<");
    }
}
