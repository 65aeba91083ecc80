//! Elements kept from a document: a flat arena of nodes whose strings are
//! spans of the input, and the [`Element`] view that reads them.
//!
//! The parser appends to a [`Tree`] and clears it between responses, so its
//! vectors are reused and a long listing costs no allocation per response.

use std::borrow::Cow;
use std::fmt;

use crate::text::{attribute_value, text_content, TextState};

/// Namespace URI of `xml:` names (Namespaces in XML 1.0 §3).
pub(crate) const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// A byte range of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    #[inline]
    pub(crate) fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    #[inline]
    pub(crate) fn is_empty(self) -> bool {
        self.start >= self.end
    }

    #[inline]
    pub(crate) fn of(self, src: &str) -> &str {
        src.get(self.start..self.end).unwrap_or("")
    }

    #[inline]
    pub(crate) fn shifted(self, by: isize) -> Span {
        Span::new(self.start.wrapping_add_signed(by), self.end.wrapping_add_signed(by))
    }
}

/// The namespace a name resolved to: a span of a declaration's value, or
/// one of the namespaces known without one.
///
/// A struct with the span first rather than an enum with a tag first: copied
/// as a whole, it moves in aligned pieces, so a copy read back soon after it
/// was written does not stall on store forwarding (an enum's payload after
/// a one-byte tag moved as two overlapping pieces did, once per start tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ns {
    /// The raw value of the `xmlns` attribute, for [`NsKind::Uri`] and
    /// [`NsKind::EscapedUri`]; empty otherwise.
    value: Span,
    kind: NsKind,
}

/// What an [`Ns`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NsKind {
    /// No namespace (unprefixed name, no default namespace in scope).
    None,
    /// The `xml:` namespace, bound by definition.
    Xml,
    /// `DAV:`, assumed by a lenient parse where the document failed to say it.
    Dav,
    /// A URI declared by an `xmlns` attribute: its raw value in the source.
    Uri,
    /// The same, holding references that must be decoded.
    EscapedUri,
}

impl Ns {
    /// No namespace (unprefixed name, no default namespace in scope).
    pub(crate) const NONE: Ns = Ns { value: Span { start: 0, end: 0 }, kind: NsKind::None };
    /// The `xml:` namespace, bound by definition.
    pub(crate) const XML: Ns = Ns { value: Span { start: 0, end: 0 }, kind: NsKind::Xml };
    /// `DAV:`, assumed by a lenient parse where the document failed to say it.
    pub(crate) const DAV: Ns = Ns { value: Span { start: 0, end: 0 }, kind: NsKind::Dav };

    /// A URI declared by an `xmlns` attribute whose raw value is `value`;
    /// `escaped` when it holds references that must be decoded.
    pub(crate) fn uri(value: Span, escaped: bool) -> Ns {
        Ns { value, kind: if escaped { NsKind::EscapedUri } else { NsKind::Uri } }
    }

    /// The span of the declaration's value, for a declared URI.
    pub(crate) fn uri_span_mut(&mut self) -> Option<&mut Span> {
        matches!(self.kind, NsKind::Uri | NsKind::EscapedUri).then_some(&mut self.value)
    }

    #[inline]
    pub(crate) fn resolve(self, src: &str) -> Cow<'_, str> {
        match self.kind {
            NsKind::None => Cow::Borrowed(""),
            NsKind::Xml => Cow::Borrowed(XML_NAMESPACE),
            NsKind::Dav => Cow::Borrowed("DAV:"),
            NsKind::Uri => Cow::Borrowed(self.value.of(src)),
            NsKind::EscapedUri => attribute_value(self.value.of(src)),
        }
    }

    /// Compares with a URI without allocating in the common case.
    #[inline]
    pub(crate) fn is(self, src: &str, uri: &str) -> bool {
        match self.kind {
            NsKind::Uri => self.value.of(src) == uri,
            _ => self.resolve(src) == uri,
        }
    }
}

/// One element kept in a [`Tree`].
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The qualified name as written, `prefix:local` or `local`.
    pub(crate) name: Span,
    /// Length of `prefix:` in `name` (0 without a prefix).
    pub(crate) prefix_len: usize,
    pub(crate) ns: Ns,
    /// Offset of the `<` of the start tag.
    pub(crate) start: usize,
    /// Everything between the start tag and the end tag.
    pub(crate) inner: Span,
    /// Range of this element's attributes in [`Tree::attrs`].
    pub(crate) attrs: (u32, u32),
    pub(crate) first_child: Option<u32>,
    pub(crate) next_sibling: Option<u32>,
    pub(crate) child_count: u32,
    pub(crate) text: TextState,
}

/// One attribute kept in a [`Tree`] (namespace declarations are not kept).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr {
    pub(crate) name: Span,
    pub(crate) prefix_len: usize,
    pub(crate) ns: Ns,
    /// The raw value between the quotes.
    pub(crate) value: Span,
}

/// The arena behind the elements of one response (or of the document level).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) attrs: Vec<Attr>,
    /// Added to node offsets to report positions in the original input after
    /// an owned copy has moved the text.
    pub(crate) base: usize,
    /// Lenient parsing asked for C0 control characters to leave text.
    pub(crate) strip_controls: bool,
}

impl Tree {
    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        self.attrs.clear();
        self.base = 0;
    }

    /// Moves every span by `by`; spans for which `relocate` returns a new
    /// place are put there instead (namespace URIs outside the copied text).
    pub(crate) fn rebase(&mut self, by: isize, relocate: &mut impl FnMut(Span) -> Option<Span>) {
        let mut ns = |ns: &mut Ns| {
            if let Some(value) = ns.uri_span_mut() {
                *value = relocate(*value).unwrap_or_else(|| value.shifted(by));
            }
        };
        for node in &mut self.nodes {
            node.name = node.name.shifted(by);
            node.start = node.start.wrapping_add_signed(by);
            node.inner = node.inner.shifted(by);
            if let TextState::Borrowed(span) = &mut node.text {
                *span = span.shifted(by);
            }
            ns(&mut node.ns);
        }
        for attr in &mut self.attrs {
            attr.name = attr.name.shifted(by);
            attr.value = attr.value.shifted(by);
            ns(&mut attr.ns);
        }
    }
}

/// An element of a multistatus document: a property, a child of a property
/// value, a condition inside `DAV:error`, or the text-holding elements
/// (`href`, `status`, …).
///
/// Strings borrow the input (or the [`Multistatus`](crate::Multistatus) /
/// [`OwnedResponse`](crate::OwnedResponse) holding it): nothing is copied
/// unless decoding requires it.
#[derive(Clone, Copy)]
pub struct Element<'a> {
    pub(crate) src: &'a str,
    pub(crate) tree: &'a Tree,
    pub(crate) id: u32,
}

impl<'a> Element<'a> {
    pub(crate) fn new(src: &'a str, tree: &'a Tree, id: u32) -> Self {
        Element { src, tree, id }
    }

    #[inline]
    fn node(&self) -> &'a Node {
        &self.tree.nodes[self.id as usize]
    }

    /// The namespace URI, `""` for an element in no namespace.
    #[inline]
    pub fn namespace(&self) -> Cow<'a, str> {
        self.node().ns.resolve(self.src)
    }

    /// The local name (the part after the prefix).
    #[inline]
    pub fn local_name(&self) -> &'a str {
        let node = self.node();
        // One slice of the input, not a slice of a slice.
        Span::new(node.name.start + node.prefix_len, node.name.end).of(self.src)
    }

    /// The prefix as written, `""` for none. Prefixes mean nothing on their
    /// own: compare [`namespace`](Self::namespace) instead.
    pub fn prefix(&self) -> &'a str {
        let node = self.node();
        let name = node.name.of(self.src);
        name[..node.prefix_len].strip_suffix(':').unwrap_or("")
    }

    /// The name as written in the document, `prefix:local` or `local`.
    pub fn qualified_name(&self) -> &'a str {
        self.node().name.of(self.src)
    }

    /// True when this element has namespace URI `namespace` and local name `local_name`.
    #[inline]
    pub fn is(&self, namespace: &str, local_name: &str) -> bool {
        self.local_name() == local_name && self.node().ns.is(self.src, namespace)
    }

    /// The attributes in document order, namespace declarations excluded.
    pub fn attributes(&self) -> Attributes<'a> {
        let (start, end) = self.node().attrs;
        Attributes { src: self.src, tree: self.tree, next: start, end }
    }

    /// The attribute with this namespace (`""` for none) and local name.
    pub fn attribute(&self, namespace: &str, local_name: &str) -> Option<Attribute<'a>> {
        self.attributes().find(|a| a.local_name() == local_name && a.attr.ns.is(self.src, namespace))
    }

    /// The `xml:lang` attribute of this element, if it has one.
    pub fn lang(&self) -> Option<Cow<'a, str>> {
        self.attribute(crate::tree::XML_NAMESPACE, "lang").map(|a| a.value())
    }

    /// The DOM `textContent`: all character data of the subtree with
    /// references and CDATA decoded and line ends normalised (XML 1.0 §2.11),
    /// not trimmed.
    ///
    /// Borrowed from the input when it is one plain run of text, or from a
    /// constant when it is nothing but line feeds (a container's text where
    /// the server writes one between tags and no indentation, as Apache
    /// mod_dav does); computed (and allocated) only when references, CDATA
    /// joins, carriage returns or other text around child elements force it.
    #[inline]
    pub fn text(&self) -> Cow<'a, str> {
        let node = self.node();
        match node.text {
            TextState::Empty => Cow::Borrowed(""),
            TextState::Borrowed(span) => Cow::Borrowed(span.of(self.src)),
            TextState::Newlines(count) => Cow::Borrowed(&crate::text::NEWLINES[..count as usize]),
            TextState::Complex => Cow::Owned(text_content(node.inner.of(self.src), self.tree.strip_controls)),
        }
    }

    /// The raw markup between the start and end tags, exactly as in the input
    /// (empty for `<x/>`).
    pub fn inner_xml(&self) -> &'a str {
        self.node().inner.of(self.src)
    }

    /// The child elements in document order.
    pub fn children(&self) -> Children<'a> {
        Children { src: self.src, tree: self.tree, next: self.node().first_child }
    }

    /// The number of child elements.
    pub fn child_count(&self) -> usize {
        self.node().child_count as usize
    }

    /// The first child element with this namespace and local name.
    pub fn child(&self, namespace: &str, local_name: &str) -> Option<Element<'a>> {
        self.children().find(|c| c.is(namespace, local_name))
    }

    /// Byte offset of this element's start tag in the parsed input.
    pub fn offset(&self) -> usize {
        self.tree.base + self.node().start
    }
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("namespace", &self.namespace())
            .field("local_name", &self.local_name())
            .field("text", &self.text())
            .field("children", &self.child_count())
            .finish()
    }
}

/// Iterator over the child elements of an [`Element`].
#[derive(Clone)]
pub struct Children<'a> {
    src: &'a str,
    tree: &'a Tree,
    next: Option<u32>,
}

impl<'a> Iterator for Children<'a> {
    type Item = Element<'a>;

    #[inline]
    fn next(&mut self) -> Option<Element<'a>> {
        let id = self.next?;
        self.next = self.tree.nodes.get(id as usize)?.next_sibling;
        Some(Element::new(self.src, self.tree, id))
    }
}

/// An attribute of an [`Element`].
#[derive(Clone, Copy)]
pub struct Attribute<'a> {
    src: &'a str,
    attr: &'a Attr,
}

impl<'a> Attribute<'a> {
    /// The namespace URI, `""` for an unprefixed attribute.
    pub fn namespace(&self) -> Cow<'a, str> {
        self.attr.ns.resolve(self.src)
    }

    /// The local name.
    pub fn local_name(&self) -> &'a str {
        Span::new(self.attr.name.start + self.attr.prefix_len, self.attr.name.end).of(self.src)
    }

    /// The name as written.
    pub fn qualified_name(&self) -> &'a str {
        self.attr.name.of(self.src)
    }

    /// The value with references decoded and whitespace normalised
    /// (XML 1.0 §3.3.3); borrowed when there was nothing to decode.
    pub fn value(&self) -> Cow<'a, str> {
        attribute_value(self.raw_value())
    }

    /// The value exactly as written between the quotes.
    pub fn raw_value(&self) -> &'a str {
        self.attr.value.of(self.src)
    }
}

impl fmt::Debug for Attribute<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attribute")
            .field("namespace", &self.namespace())
            .field("local_name", &self.local_name())
            .field("value", &self.value())
            .finish()
    }
}

/// Iterator over the attributes of an [`Element`].
#[derive(Clone)]
pub struct Attributes<'a> {
    src: &'a str,
    tree: &'a Tree,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Attribute<'a>;

    fn next(&mut self) -> Option<Attribute<'a>> {
        if self.next >= self.end {
            return None;
        }
        let attr = self.tree.attrs.get(self.next as usize)?;
        self.next += 1;
        Some(Attribute { src: self.src, attr })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Config::max_response_nodes` documents these sizes: a limit of 2^17
    /// kept elements is 16 MiB of nodes only while a node stays within 128 bytes.
    #[test]
    fn nodes_and_attributes_stay_the_documented_size() {
        assert!(std::mem::size_of::<Node>() <= 128, "Node is {} bytes", std::mem::size_of::<Node>());
        assert!(std::mem::size_of::<Attr>() <= 64, "Attr is {} bytes", std::mem::size_of::<Attr>());
    }
}
