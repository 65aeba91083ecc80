//! DOM oracle built on [`roxmltree`].
//!
//! The document is parsed with roxmltree's default options (a DTD is an
//! error, so only the five predefined entities and character references are
//! available), then walked with one private function per level of the
//! grammar: `multistatus` → `response` → `propstat` → `property`, plus
//! `error_element`, `location_element` and the public
//! [`parse_status_line`].
//!
//! Line ends are normalised *before* parsing (`\r\n` and a lone `\r` become
//! `\n`), exactly as XML 1.0 §2.11 specifies. Doing it up front rather than
//! relying on roxmltree makes a literal CR directly before a reference
//! (`a\r&amp;b`) normalise correctly, while a CR written as the character
//! reference `&#13;` is preserved, as XML requires.

use std::borrow::Cow;

use roxmltree::{Document, Node};
use serde_json::{json, Value};

/// The WebDAV namespace URI.
pub const DAV: &str = "DAV:";

/// Extracts the canonical JSON (see the [crate docs](crate)) from raw bytes.
///
/// One leading UTF-8 byte order mark is stripped; the rest must be valid
/// UTF-8 (an encoding declaration is not consulted) and must not start with
/// a second byte order mark. The text is then handed to [`extract`].
pub fn extract_bytes(bytes: &[u8]) -> Result<Value, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let xml = std::str::from_utf8(bytes).map_err(|e| format!("body is not UTF-8: {e}"))?;
    if xml.starts_with('\u{FEFF}') {
        return Err("more than one byte order mark".to_owned());
    }
    extract(xml)
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
/// * a `response` has no `DAV:href`, has neither `DAV:status` nor
///   `DAV:propstat`, has both, or is in propstat form with more than one
///   `DAV:href`;
/// * a `propstat` lacks `DAV:prop` or `DAV:status`;
/// * a singular child is repeated: `status`, `error`, `responsedescription`
///   or `location` in a response; `prop`, `status`, `error` or
///   `responsedescription` in a propstat; `responsedescription` or
///   `sync-token` in the multistatus;
/// * a `DAV:location` has no `DAV:href` child;
/// * a status line does not parse ([`parse_status_line`]).
pub fn extract(xml: &str) -> Result<Value, String> {
    let xml = normalise_line_ends(xml);
    let doc = Document::parse(&xml).map_err(|e| format!("XML error: {e}"))?;
    multistatus(doc.root_element())
}

/// Replaces `\r\n` and every remaining lone `\r` with `\n` (XML 1.0 §2.11).
fn normalise_line_ends(xml: &str) -> Cow<'_, str> {
    if xml.contains('\r') {
        Cow::Owned(xml.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(xml)
    }
}

/// `{DAV:}multistatus`: `response*`, optional `responsedescription`,
/// optional `sync-token`.
fn multistatus(root: Node<'_, '_>) -> Result<Value, String> {
    if !is_dav(root, "multistatus") {
        return Err(format!(
            "root element is {{{}}}{}, not {{DAV:}}multistatus",
            root.tag_name().namespace().unwrap_or(""),
            root.tag_name().name()
        ));
    }
    let mut responses = Vec::new();
    let mut description = None;
    let mut sync_token = None;
    for child in dav_children(root) {
        match child.tag_name().name() {
            "response" => responses.push(response(child)?),
            "responsedescription" => set_once(&mut description, child, "multistatus")?,
            "sync-token" => set_once(&mut sync_token, child, "multistatus")?,
            _ => {}
        }
    }
    Ok(json!({
        "responses": responses,
        "description": description.map(text_content),
        "sync_token": sync_token.map(trimmed_text),
    }))
}

/// `{DAV:}response`: `href+` and `status`, or `href` and `propstat+`; plus
/// optional `error`, `responsedescription` and `location`.
fn response(node: Node<'_, '_>) -> Result<Value, String> {
    let mut hrefs = Vec::new();
    let mut status = None;
    let mut propstats = Vec::new();
    let mut error = None;
    let mut description = None;
    let mut location = None;
    for child in dav_children(node) {
        match child.tag_name().name() {
            "href" => hrefs.push(trimmed_text(child)),
            "status" => set_once(&mut status, child, "response")?,
            "propstat" => propstats.push(propstat(child)?),
            "error" => set_once(&mut error, child, "response")?,
            "responsedescription" => set_once(&mut description, child, "response")?,
            "location" => set_once(&mut location, child, "response")?,
            _ => {}
        }
    }
    if hrefs.is_empty() {
        return Err("response without DAV:href".to_owned());
    }
    match (status.is_some(), propstats.is_empty()) {
        (false, true) => return Err("response with neither DAV:status nor DAV:propstat".into()),
        (true, false) => return Err("response with both DAV:status and DAV:propstat".into()),
        (false, false) if hrefs.len() > 1 => return Err("propstat response with more than one DAV:href".into()),
        _ => {}
    }
    Ok(json!({
        "hrefs": hrefs,
        "status": status.map(status_element).transpose()?,
        "propstats": propstats,
        "error": error.map(error_element),
        "description": description.map(text_content),
        "location": location.map(location_element).transpose()?,
    }))
}

/// `{DAV:}propstat`: exactly one `prop` and one `status`, optional `error`
/// and `responsedescription`.
fn propstat(node: Node<'_, '_>) -> Result<Value, String> {
    let mut prop = None;
    let mut status = None;
    let mut error = None;
    let mut description = None;
    for child in dav_children(node) {
        match child.tag_name().name() {
            "prop" => set_once(&mut prop, child, "propstat")?,
            "status" => set_once(&mut status, child, "propstat")?,
            "error" => set_once(&mut error, child, "propstat")?,
            "responsedescription" => set_once(&mut description, child, "propstat")?,
            _ => {}
        }
    }
    let prop = prop.ok_or("propstat without DAV:prop")?;
    let status = status.ok_or("propstat without DAV:status")?;
    let props: Vec<Value> = element_children(prop).map(property).collect();
    Ok(json!({
        "status": status_element(status)?,
        "props": props,
        "error": error.map(error_element),
        "description": description.map(text_content),
    }))
}

/// One child element of `DAV:prop`, whatever its namespace (a `DAV:href`
/// here is a property value, not a response href).
fn property(node: Node<'_, '_>) -> Value {
    json!({
        "ns": namespace(node),
        "name": node.tag_name().name(),
        "text": text_content(node),
        "children": element_children(node).count(),
    })
}

/// `{DAV:}error`: its child elements as `{ns, name}`, without recursion.
fn error_element(node: Node<'_, '_>) -> Value {
    element_children(node).map(|c| json!({"ns": namespace(c), "name": c.tag_name().name()})).collect()
}

/// `{DAV:}location`: the trimmed text of its first `DAV:href` child.
fn location_element(node: Node<'_, '_>) -> Result<String, String> {
    dav_children(node)
        .find(|c| c.tag_name().name() == "href")
        .map(trimmed_text)
        .ok_or_else(|| "DAV:location without DAV:href".to_owned())
}

/// `{DAV:}status`: the code of the status line in its text content.
fn status_element(node: Node<'_, '_>) -> Result<u16, String> {
    parse_status_line(&text_content(node))
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

/// Stores `node` in `slot`, or fails if the slot is already taken.
fn set_once<'a, 'input>(
    slot: &mut Option<Node<'a, 'input>>,
    node: Node<'a, 'input>,
    parent: &str,
) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("duplicate DAV:{} in DAV:{parent}", node.tag_name().name()));
    }
    *slot = Some(node);
    Ok(())
}

/// Whether `node` is the element `{DAV:}name`.
fn is_dav(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(DAV) && node.tag_name().name() == name
}

/// The direct child elements of `node`, in document order.
fn element_children<'a, 'input: 'a>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// The direct child elements of `node` in the `DAV:` namespace.
fn dav_children<'a, 'input: 'a>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    element_children(node).filter(|c| c.tag_name().namespace() == Some(DAV))
}

/// The namespace URI of an element, `""` when it has none.
fn namespace<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().namespace().unwrap_or("")
}

/// DOM `textContent`: every descendant text node (CDATA included), in
/// document order; comments and processing instructions contribute nothing.
fn text_content(node: Node<'_, '_>) -> String {
    node.descendants().filter(Node::is_text).filter_map(|n| n.text()).collect()
}

/// [`text_content`] with ASCII whitespace trimmed at both ends.
fn trimmed_text(node: Node<'_, '_>) -> String {
    text_content(node).trim_ascii().to_owned()
}

#[cfg(test)]
mod tests;
