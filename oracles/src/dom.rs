//! The grammar walked over any DOM: one function per level
//! (`multistatus` → `response` → `propstat` → `property`, plus `error` and
//! `location`), generic over [`Node`], which each DOM-based extractor
//! implements for its tree ([`roxml`](crate::roxml),
//! [`xmltree_dom`](crate::xmltree_dom), [`minidom_dom`](crate::minidom_dom)).
//!
//! Structural elements are matched by namespace URI and local name; unknown
//! children of `multistatus`, `response` and `propstat` are skipped with
//! their subtree; children come in any order. The rules themselves live in
//! [`crate::model`].

use std::borrow::Cow;

use crate::model::{self, Condition, MultistatusParts, Property, PropstatParts, ResponseParts};

/// The WebDAV namespace URI.
pub const DAV: &str = "DAV:";

/// An element of some DOM, as the grammar needs to see it.
pub trait Node<'a>: Copy + 'a {
    /// The namespace URI, `""` when it has none.
    fn namespace(self) -> Cow<'a, str>;
    /// Whether the element is in namespace `uri` (`""` for none).
    fn in_namespace(self, uri: &str) -> bool {
        self.namespace() == uri
    }
    /// The local name.
    fn local_name(self) -> &'a str;
    /// The direct child elements, in document order.
    fn element_children(self) -> impl Iterator<Item = Self> + 'a;
    /// Appends DOM `textContent` (every descendant text and CDATA node, in
    /// document order; comments and processing instructions add nothing).
    fn append_text(self, out: &mut String);

    /// DOM `textContent` as a new string.
    fn text_content(self) -> String {
        let mut out = String::new();
        self.append_text(&mut out);
        out
    }
}

/// The direct child elements of `node` in the `DAV:` namespace.
fn dav_children<'a, N: Node<'a>>(node: N) -> impl Iterator<Item = N> + 'a {
    node.element_children().filter(|c| c.in_namespace(DAV))
}

/// `{DAV:}multistatus`: `response*`, optional `responsedescription`,
/// optional `sync-token`. `root` is the document element.
pub fn multistatus<'a, N: Node<'a>>(root: N) -> Result<model::Multistatus, String> {
    if !(root.in_namespace(DAV) && root.local_name() == "multistatus") {
        return Err(model::wrong_root(&root.namespace(), root.local_name()));
    }
    let mut parts = MultistatusParts::default();
    for child in dav_children(root) {
        match child.local_name() {
            "response" => parts.responses.push(response(child)?),
            "responsedescription" => parts.description(child.text_content()),
            "sync-token" => parts.sync_token(&child.text_content()),
            _ => {}
        }
    }
    Ok(parts.finish())
}

/// `{DAV:}response`: `href+` and `status`, or `href` and `propstat+`; plus
/// optional `error`, `responsedescription` and `location`.
fn response<'a, N: Node<'a>>(node: N) -> Result<model::Response, String> {
    let mut parts = ResponseParts::default();
    for child in dav_children(node) {
        match child.local_name() {
            "href" => parts.href(&child.text_content()),
            "status" => parts.status(child.text_content()),
            "propstat" => parts.propstats.push(propstat(child)?),
            "error" => parts.error(error(child)),
            "responsedescription" => parts.description(child.text_content()),
            "location" => parts.location(location(child).as_deref()),
            _ => {}
        }
    }
    parts.finish()
}

/// `{DAV:}propstat`: exactly one `prop` and one `status`, optional `error`
/// and `responsedescription`.
fn propstat<'a, N: Node<'a>>(node: N) -> Result<model::Propstat, String> {
    let mut parts = PropstatParts::default();
    for child in dav_children(node) {
        match child.local_name() {
            "prop" => parts.prop(child.element_children().map(property).collect()),
            "status" => parts.status(child.text_content()),
            "error" => parts.error(error(child)),
            "responsedescription" => parts.description(child.text_content()),
            _ => {}
        }
    }
    parts.finish()
}

/// One child element of `DAV:prop`, whatever its namespace.
fn property<'a, N: Node<'a>>(node: N) -> Property {
    Property {
        ns: node.namespace().into_owned(),
        name: node.local_name().to_owned(),
        text: node.text_content(),
        children: node.element_children().count(),
    }
}

/// `{DAV:}error`: its child elements, without recursion.
fn error<'a, N: Node<'a>>(node: N) -> Vec<Condition> {
    node.element_children()
        .map(|c| Condition { ns: c.namespace().into_owned(), name: c.local_name().to_owned() })
        .collect()
}

/// `{DAV:}location`: the text of its first `DAV:href` child, if any.
fn location<'a, N: Node<'a>>(node: N) -> Option<String> {
    dav_children(node).find(|c| c.local_name() == "href").map(Node::text_content)
}
