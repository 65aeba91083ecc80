//! minidom's DOM (built on rxml, from the xmpp-rs project), then the grammar
//! of [`crate::dom`].
//!
//! minidom is made for XMPP, a namespace-strict subset of XML: an element
//! in no namespace (`<plain>` without a default namespace) is an error
//! (`MissingNamespace`), so documents with such properties cannot be read.
//! rxml itself refuses what XMPP forbids, such as processing instructions.
//! Corpus documents this excludes are listed in [`crate::baselines`].

use std::borrow::Cow;

use minidom::{Element, Node};
use serde_json::Value;

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

/// Parses a body into a minidom DOM.
pub fn tree(bytes: &[u8]) -> Result<Element, String> {
    let text = crate::roxml::utf8_text(bytes)?;
    Element::from_reader(text.as_bytes()).map_err(|e| format!("minidom: {e}"))
}

/// Extracts the model from a parsed tree.
pub fn from_tree(root: &Element) -> Result<Multistatus, String> {
    dom::multistatus(root)
}

impl<'a> dom::Node<'a> for &'a Element {
    fn namespace(self) -> Cow<'a, str> {
        // `Element::ns` clones; the model needs an owned copy anyway.
        Cow::Owned(self.ns())
    }

    fn in_namespace(self, uri: &str) -> bool {
        self.has_ns(uri)
    }

    fn local_name(self) -> &'a str {
        self.name()
    }

    fn element_children(self) -> impl Iterator<Item = Self> + 'a {
        self.children()
    }

    fn append_text(self, out: &mut String) {
        for node in self.nodes() {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Element(element) => element.append_text(out),
            }
        }
    }
}
