//! DOM oracle built on [`roxmltree`].
//!
//! The document is parsed with roxmltree's default options (a DTD is an
//! error, so only the five predefined entities and character references are
//! available), then walked by the grammar in [`crate::dom`] (one function per
//! level: `multistatus` → `response` → `propstat` → `property`, plus
//! `error` and `location`), with the status lines read by the public
//! [`parse_status_line`].
//!
//! Line ends are normalised *before* parsing (`\r\n` and a lone `\r` become
//! `\n`), exactly as XML 1.0 §2.11 specifies. Doing it up front rather than
//! relying on roxmltree makes a literal CR directly before a reference
//! (`a\r&amp;b`) normalise correctly, while a CR written as the character
//! reference `&#13;` is preserved, as XML requires.

use std::borrow::Cow;

pub use roxmltree::Document;
use serde_json::Value;

use crate::dom;
use crate::model::Multistatus;

/// The WebDAV namespace URI.
pub const DAV: &str = "DAV:";

/// Extracts the canonical JSON (see the [crate docs](crate)) from raw bytes.
///
/// One leading UTF-8 byte order mark is stripped; the rest must be valid
/// UTF-8 (an encoding declaration is not consulted) and must not start with
/// a second byte order mark. The text is then handed to [`extract`].
pub fn extract_bytes(bytes: &[u8]) -> Result<Value, String> {
    parse_bytes(bytes).map(|m| m.to_json())
}

/// [`extract_bytes`] into the owned [`Multistatus`] model.
pub fn parse_bytes(bytes: &[u8]) -> Result<Multistatus, String> {
    parse(utf8_text(bytes)?)
}

/// The text of a body: one leading UTF-8 byte order mark stripped, the rest
/// valid UTF-8 that does not start with a second byte order mark.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let xml = std::str::from_utf8(bytes).map_err(|e| format!("body is not UTF-8: {e}"))?;
    if xml.starts_with('\u{FEFF}') {
        return Err("more than one byte order mark".to_owned());
    }
    Ok(xml)
}

/// Extracts the canonical JSON (see the [crate docs](crate)) from a document.
///
/// A single leading U+FEFF is accepted (roxmltree skips it).
///
/// # Errors
///
/// Returns `Err` with a human-readable message when:
///
/// * the text is not well-formed namespace-aware XML, or contains a DTD;
/// * the root element is not `{DAV:}multistatus`;
/// * a status line does not parse ([`parse_status_line`]).
///
/// What breaks the RFC 4918 §14 content model is no error: a response
/// without `DAV:href` has `"hrefs": []`; one with neither `DAV:status` nor
/// `DAV:propstat`, or both, or several hrefs with propstats, is kept as it
/// is; a `propstat` without `DAV:prop` has no props, one without
/// `DAV:status` has `"status": null`, the props of several `DAV:prop`s are
/// merged in document order; of a repeated singular child (`status`,
/// `error`, `responsedescription`, `location`, `sync-token`) the first
/// counts; a `DAV:location` without a direct `DAV:href` child is `null`.
pub fn extract(xml: &str) -> Result<Value, String> {
    parse(xml).map(|m| m.to_json())
}

/// [`extract`] into the owned [`Multistatus`] model.
pub fn parse(xml: &str) -> Result<Multistatus, String> {
    let xml = normalise_line_ends(xml);
    from_document(&document(&xml)?)
}

/// Parses text whose line ends are already normalised
/// ([`normalise_line_ends`]) into a roxmltree DOM.
pub fn document(xml: &str) -> Result<Document<'_>, String> {
    Document::parse(xml).map_err(|e| format!("XML error: {e}"))
}

/// Extracts the model from a parsed document.
pub fn from_document(doc: &Document<'_>) -> Result<Multistatus, String> {
    dom::multistatus(Element(doc.root_element()))
}

/// Replaces `\r\n` and every remaining lone `\r` with `\n` (XML 1.0 §2.11).
pub fn normalise_line_ends(xml: &str) -> Cow<'_, str> {
    if xml.contains('\r') {
        Cow::Owned(xml.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(xml)
    }
}

/// A roxmltree element, as the grammar sees it.
#[derive(Clone, Copy)]
struct Element<'a, 'input>(roxmltree::Node<'a, 'input>);

impl<'a, 'input: 'a> dom::Node<'a> for Element<'a, 'input> {
    fn namespace(self) -> Cow<'a, str> {
        Cow::Borrowed(self.0.tag_name().namespace().unwrap_or(""))
    }

    fn in_namespace(self, uri: &str) -> bool {
        self.0.tag_name().namespace().unwrap_or("") == uri
    }

    fn local_name(self) -> &'a str {
        self.0.tag_name().name()
    }

    fn element_children(self) -> impl Iterator<Item = Self> + 'a {
        self.0.children().filter(roxmltree::Node::is_element).map(Element)
    }

    /// Every descendant text node (CDATA included), in document order;
    /// comments and processing instructions contribute nothing.
    fn append_text(self, out: &mut String) {
        for text in self.0.descendants().filter(roxmltree::Node::is_text).filter_map(|n| n.text()) {
            out.push_str(text);
        }
    }
}

/// Parses an HTTP status line as found in `DAV:status` and returns its code.
///
/// After trimming ASCII whitespace the text must be `HTTP/` (ASCII
/// case-insensitive), a non-empty version token without ASCII whitespace,
/// one or more ASCII whitespace characters, exactly three ASCII digits, and
/// then either the end of the text or ASCII whitespace followed by an
/// arbitrary (possibly empty) reason phrase.
///
/// ```
/// use multistatus_oracles::roxml::parse_status_line;
/// assert_eq!(parse_status_line("HTTP/1.1 404 Not Found"), Ok(404));
/// assert_eq!(parse_status_line("\n http/1.0 200\n"), Ok(200));
/// assert!(parse_status_line("HTTP/1.1 200OK").is_err());
/// ```
pub fn parse_status_line(line: &str) -> Result<u16, String> {
    let bad = || format!("unparsable status line {line:?}");
    let text = line.trim_ascii();
    let rest = match text.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("HTTP/") => &text[5..],
        _ => return Err(bad()),
    };
    let version_len = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
    if version_len == 0 {
        return Err(bad());
    }
    let after_version = &rest[version_len..];
    let code_and_reason = after_version.trim_ascii_start();
    if code_and_reason.len() == after_version.len() {
        // No whitespace after the version: the text ends there.
        return Err(bad());
    }
    let bytes = code_and_reason.as_bytes();
    if bytes.len() < 3 || !bytes[..3].iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    if bytes.get(3).is_some_and(|b| !b.is_ascii_whitespace()) {
        return Err(bad());
    }
    code_and_reason[..3].parse().map_err(|_| bad())
}

#[cfg(test)]
mod tests;
