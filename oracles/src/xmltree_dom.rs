//! xmltree's DOM (built on xml-rs), then the grammar of [`crate::dom`].
//!
//! `xmltree::Element::parse` drops whitespace-only text (xml-rs `Whitespace`
//! events), which `textContent` needs, so the tree is built with
//! `whitespace_to_characters`; a second root element is refused
//! (`allow_multiple_root_elements` off) and the encoding declaration is not
//! consulted, as in [`crate::xmlrs`]. Line ends are normalised before
//! parsing, as in the roxmltree oracle. Every element of an xmltree tree
//! carries its own copy of the namespace bindings in scope and its
//! attributes in a `HashMap`: that is what this baseline costs.

use std::borrow::Cow;

use serde_json::Value;
use xmltree::{Element, ParserConfig, XMLNode};

use crate::dom;
use crate::model::Multistatus;

/// Extracts the canonical JSON (see the [crate docs](crate)).
pub fn extract(bytes: &[u8]) -> Result<Value, String> {
    parse(bytes).map(|m| m.to_json())
}

/// [`extract`] into the owned model.
pub fn parse(bytes: &[u8]) -> Result<Multistatus, String> {
    from_tree(&tree(bytes)?)
}

/// Parses a body into an xmltree DOM.
pub fn tree(bytes: &[u8]) -> Result<Element, String> {
    let text = crate::roxml::utf8_text(bytes)?;
    let text = crate::roxml::normalise_line_ends(text);
    let config = ParserConfig::new()
        .whitespace_to_characters(true)
        .ignore_comments(true)
        .override_encoding(Some(xml::Encoding::Utf8))
        .ignore_invalid_encoding_declarations(true)
        .allow_multiple_root_elements(false);
    Element::parse_with_config(text.as_bytes(), config).map_err(|e| format!("XML error: {e}"))
}

/// Extracts the model from a parsed tree.
pub fn from_tree(root: &Element) -> Result<Multistatus, String> {
    dom::multistatus(root)
}

impl<'a> dom::Node<'a> for &'a Element {
    fn namespace(self) -> Cow<'a, str> {
        Cow::Borrowed(self.namespace.as_deref().unwrap_or(""))
    }

    fn in_namespace(self, uri: &str) -> bool {
        self.namespace.as_deref().unwrap_or("") == uri
    }

    fn local_name(self) -> &'a str {
        &self.name
    }

    fn element_children(self) -> impl Iterator<Item = Self> + 'a {
        self.children.iter().filter_map(XMLNode::as_element)
    }

    fn append_text(self, out: &mut String) {
        for child in &self.children {
            match child {
                XMLNode::Text(text) | XMLNode::CData(text) => out.push_str(text),
                XMLNode::Element(element) => element.append_text(out),
                XMLNode::Comment(_) | XMLNode::ProcessingInstruction(..) => {}
            }
        }
    }
}
