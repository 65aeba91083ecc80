//! A plain owned model of a multistatus document (RFC 4918 §14.16, plus
//! RFC 6578's `sync-token`): what a server builds before writing a 207 body
//! with [`writer`](crate::writer), and what a parsed document converts to
//! when it must outlive its input or be compared.
//!
//! ```
//! use multistatus::model::{ElementModel, MultistatusModel, PropstatModel, ResponseModel};
//! use multistatus::DAV;
//!
//! let body = MultistatusModel {
//!     responses: vec![ResponseModel::with_propstats(
//!         "/calendars/alice/",
//!         vec![PropstatModel::new("HTTP/1.1 200 OK", vec![ElementModel::new(DAV, "displayname").with_text("Alice")])],
//!     )],
//!     ..MultistatusModel::default()
//! };
//! let xml = body.to_xml();
//! let parsed = multistatus::Multistatus::parse(&xml)?;
//! assert_eq!(MultistatusModel::from(&parsed), body.normalized());
//! # Ok::<(), multistatus::Error>(())
//! ```
//!
//! # Mixed content and equality
//!
//! The parser exposes an element's namespace, local name, attributes, child
//! elements and DOM `textContent`, but not how text and child elements
//! interleave. A model converted from a parsed document therefore places
//! text the way [`ElementModel::normalized`] does, and the meaningful comparison
//! of a model with what the parser read is
//! `MultistatusModel::from(&parsed) == model.normalized()`: equal names,
//! namespaces, attributes (namespace, local name, decoded value), child
//! elements recursively and text content. Prefixes, comments, processing
//! instructions, CDATA and character references are how a document is
//! written, not what it says, and are not modelled.

use crate::DAV;

/// A whole multistatus document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultistatusModel {
    /// The `DAV:response` elements, in order.
    pub responses: Vec<ResponseModel>,
    /// The multistatus-level `DAV:responsedescription` text.
    pub description: Option<String>,
    /// The RFC 6578 `DAV:sync-token` (the parser trims it).
    pub sync_token: Option<String>,
}

/// One `DAV:response` (RFC 4918 §14.24): several hrefs and one status, or
/// one href and one propstat per status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseModel {
    /// The text of each direct `DAV:href`, in order, exactly as sent.
    pub hrefs: Vec<String>,
    /// The response-level `DAV:status` line text, in the `href+, status` form.
    pub status: Option<String>,
    /// The `DAV:propstat` elements, in the `href, propstat+` form.
    pub propstats: Vec<PropstatModel>,
    /// The children of `DAV:error`: the pre- or postconditions that failed.
    pub error: Option<Vec<ElementModel>>,
    /// The `DAV:responsedescription` text.
    pub description: Option<String>,
    /// The text of the `DAV:href` inside `DAV:location`.
    pub location: Option<String>,
}

/// One `DAV:propstat` (RFC 4918 §14.22): properties that share a status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropstatModel {
    /// The children of `DAV:prop`, in order.
    pub properties: Vec<ElementModel>,
    /// The `DAV:status` line text, such as `HTTP/1.1 200 OK`; `None` for a
    /// propstat a server sent without one (RFC 4918 §14.22 requires it).
    pub status: Option<String>,
    /// The children of the propstat's `DAV:error`.
    pub error: Option<Vec<ElementModel>>,
    /// The propstat's `DAV:responsedescription` text.
    pub description: Option<String>,
}

/// An element: a property, an element inside a property value, or a
/// condition inside `DAV:error`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ElementModel {
    /// The namespace URI, `""` for none.
    pub namespace: String,
    /// The local name.
    pub name: String,
    /// The attributes, namespace declarations excluded.
    pub attributes: Vec<AttributeModel>,
    /// Text and child elements, in order.
    pub content: Vec<Content>,
}

/// An attribute of an [`ElementModel`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributeModel {
    /// The namespace URI, `""` for an unprefixed attribute
    /// (`http://www.w3.org/XML/1998/namespace` for `xml:lang`).
    pub namespace: String,
    /// The local name.
    pub name: String,
    /// The value, decoded.
    pub value: String,
}

/// A piece of an element's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A child element.
    Element(ElementModel),
    /// Character data, decoded.
    Text(String),
}

/// Namespace URI of `xml:lang` and the other `xml:` attributes.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

impl MultistatusModel {
    /// A document of these responses, with no description or sync token.
    pub fn new(responses: Vec<ResponseModel>) -> Self {
        MultistatusModel { responses, ..MultistatusModel::default() }
    }

    /// The document with every element [`normalized`](ElementModel::normalized)
    /// and the sync token trimmed: the form a parse of it converts back to.
    pub fn normalized(&self) -> MultistatusModel {
        MultistatusModel {
            responses: self.responses.iter().map(ResponseModel::normalized).collect(),
            description: self.description.clone(),
            sync_token: self.sync_token.as_deref().map(|t| t.trim_ascii().to_owned()),
        }
    }

    /// The document as XML, written with the default
    /// [`WriteOptions`](crate::writer::WriteOptions).
    pub fn to_xml(&self) -> String {
        crate::writer::to_string(self)
    }
}

impl ResponseModel {
    /// A response in the `href+, status` form.
    pub fn with_status(href: impl Into<String>, status: impl Into<String>) -> Self {
        ResponseModel { hrefs: vec![href.into()], status: Some(status.into()), ..ResponseModel::default() }
    }

    /// A response in the `href, propstat+` form.
    pub fn with_propstats(href: impl Into<String>, propstats: Vec<PropstatModel>) -> Self {
        ResponseModel { hrefs: vec![href.into()], propstats, ..ResponseModel::default() }
    }

    /// The response with every element [`normalized`](ElementModel::normalized).
    pub fn normalized(&self) -> ResponseModel {
        ResponseModel {
            hrefs: self.hrefs.clone(),
            status: self.status.clone(),
            propstats: self.propstats.iter().map(PropstatModel::normalized).collect(),
            error: normalized_list(&self.error),
            description: self.description.clone(),
            location: self.location.clone(),
        }
    }
}

impl PropstatModel {
    /// A propstat of `properties` under the status line `status`.
    pub fn new(status: impl Into<String>, properties: Vec<ElementModel>) -> Self {
        PropstatModel { properties, status: Some(status.into()), ..PropstatModel::default() }
    }

    /// The propstat with every element [`normalized`](ElementModel::normalized).
    pub fn normalized(&self) -> PropstatModel {
        PropstatModel {
            properties: self.properties.iter().map(ElementModel::normalized).collect(),
            status: self.status.clone(),
            error: normalized_list(&self.error),
            description: self.description.clone(),
        }
    }
}

fn normalized_list(list: &Option<Vec<ElementModel>>) -> Option<Vec<ElementModel>> {
    list.as_ref().map(|elements| elements.iter().map(ElementModel::normalized).collect())
}

impl ElementModel {
    /// An empty element `{namespace}name`.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        ElementModel { namespace: namespace.into(), name: name.into(), ..ElementModel::default() }
    }

    /// An empty element in the `DAV:` namespace.
    pub fn dav(name: impl Into<String>) -> Self {
        ElementModel::new(DAV, name)
    }

    /// This element with `text` appended to its content.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.content.push(Content::Text(text.into()));
        self
    }

    /// This element with `child` appended to its content.
    pub fn with_child(mut self, child: ElementModel) -> Self {
        self.content.push(Content::Element(child));
        self
    }

    /// This element with one more attribute.
    pub fn with_attribute(
        mut self,
        namespace: impl Into<String>,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.attributes.push(AttributeModel { namespace: namespace.into(), name: name.into(), value: value.into() });
        self
    }

    /// The child elements, in order.
    pub fn children(&self) -> impl Iterator<Item = &ElementModel> {
        self.content.iter().filter_map(|c| match c {
            Content::Element(e) => Some(e),
            Content::Text(_) => None,
        })
    }

    /// The DOM `textContent`: the text of the whole subtree, in order.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        for content in &self.content {
            match content {
                Content::Text(text) => out.push_str(text),
                Content::Element(child) => child.push_text(out),
            }
        }
    }

    /// The element in the form a parse of it converts back to: child
    /// elements normalized, and the element's own text placed by
    /// [`arrange`](Self::arrange) from its text content.
    ///
    /// Two elements with the same names, attributes, children and text
    /// content normalize to the same value, however their text and children
    /// were interleaved.
    pub fn normalized(&self) -> ElementModel {
        let children: Vec<ElementModel> = self.children().map(ElementModel::normalized).collect();
        ElementModel {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            attributes: self.attributes.clone(),
            content: Self::arrange(&self.text_content(), children),
        }
    }

    /// Content made of `children` and the text that makes the subtree's text
    /// content `text`: each child is placed at the leftmost place in `text`
    /// where its own text content fits, and the rest is the element's own
    /// text, between them. Empty text pieces are left out.
    ///
    /// If the children's text does not appear in `text` in order (which no
    /// parsed element can produce), `text` comes first, whole.
    pub fn arrange(text: &str, children: Vec<ElementModel>) -> Vec<Content> {
        let mut content = Vec::with_capacity(children.len() * 2 + 1);
        let mut rest = text;
        let mut placed = Vec::with_capacity(children.len());
        for child in &children {
            let child_text = child.text_content();
            let Some(at) = rest.find(&child_text) else {
                let mut content = vec![Content::Text(text.to_owned())];
                content.extend(children.into_iter().map(Content::Element));
                return content;
            };
            placed.push((rest[..at].to_owned(), child_text.len()));
            rest = &rest[at + child_text.len()..];
        }
        for ((before, _), child) in placed.into_iter().zip(children) {
            if !before.is_empty() {
                content.push(Content::Text(before));
            }
            content.push(Content::Element(child));
        }
        if !rest.is_empty() {
            content.push(Content::Text(rest.to_owned()));
        }
        content
    }
}

impl From<&crate::Element<'_>> for ElementModel {
    /// The element as the parser exposes it, in [normalized](ElementModel::normalized) form.
    fn from(element: &crate::Element<'_>) -> Self {
        let children: Vec<ElementModel> = element.children().map(|c| ElementModel::from(&c)).collect();
        ElementModel {
            namespace: element.namespace().into_owned(),
            name: element.local_name().to_owned(),
            attributes: element
                .attributes()
                .map(|a| AttributeModel {
                    namespace: a.namespace().into_owned(),
                    name: a.local_name().to_owned(),
                    value: a.value().into_owned(),
                })
                .collect(),
            content: ElementModel::arrange(&element.text(), children),
        }
    }
}

fn error_list(error: Option<crate::Element<'_>>) -> Option<Vec<ElementModel>> {
    error.map(|e| e.children().map(|c| ElementModel::from(&c)).collect())
}

impl From<&crate::Response<'_>> for ResponseModel {
    /// The response as the parser exposes it: hrefs, status lines and
    /// descriptions as sent (untrimmed), elements normalized.
    fn from(response: &crate::Response<'_>) -> Self {
        ResponseModel {
            hrefs: response.hrefs().map(|h| h.raw().to_owned()).collect(),
            status: response.status().map(|s| s.raw().to_owned()),
            propstats: response
                .propstats()
                .map(|p| PropstatModel {
                    properties: p.properties().map(|e| ElementModel::from(&e)).collect(),
                    status: p.status().map(|s| s.raw().to_owned()),
                    error: error_list(p.dav_error()),
                    description: p.description().map(|d| d.into_owned()),
                })
                .collect(),
            error: error_list(response.dav_error()),
            description: response.description().map(|d| d.into_owned()),
            location: response.location().map(|h| h.raw().to_owned()),
        }
    }
}

impl From<&crate::Multistatus<'_>> for MultistatusModel {
    /// The whole parsed document, normalized.
    fn from(multistatus: &crate::Multistatus<'_>) -> Self {
        MultistatusModel {
            responses: multistatus.responses().map(|r| ResponseModel::from(&r)).collect(),
            description: multistatus.description().map(|d| d.into_owned()),
            sync_token: multistatus.sync_token().map(|t| t.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrange_places_text_leftmost() {
        let b = ElementModel::new("", "b").with_text("x");
        let mixed = ElementModel::new("", "a").with_text("x").with_child(b.clone()).with_text("y");
        let other = ElementModel::new("", "a").with_child(b.clone()).with_text("xy");
        assert_eq!(mixed.text_content(), "xxy");
        assert_eq!(mixed.normalized(), other.normalized());
        assert_eq!(
            mixed.normalized().content,
            vec![Content::Element(b), Content::Text("xy".into())],
            "the child takes the first place its text fits"
        );
    }

    #[test]
    fn parsed_documents_convert() {
        let xml = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href> /a </D:href>
            <D:propstat><D:prop><x:p xmlns:x="urn:x" x:a="1" xml:lang="en">t<x:c/>u</x:p></D:prop>
            <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
            <D:sync-token> tok </D:sync-token></D:multistatus>"#;
        let parsed = crate::Multistatus::parse(xml).unwrap();
        let model = MultistatusModel::from(&parsed);
        let expected = MultistatusModel {
            responses: vec![ResponseModel::with_propstats(
                " /a ",
                vec![PropstatModel::new(
                    "HTTP/1.1 200 OK",
                    vec![ElementModel::new("urn:x", "p")
                        .with_attribute("urn:x", "a", "1")
                        .with_attribute(XML_NAMESPACE, "lang", "en")
                        .with_text("t")
                        .with_child(ElementModel::new("urn:x", "c"))
                        .with_text("u")],
                )],
            )],
            description: None,
            sync_token: Some("tok".into()),
        };
        assert_eq!(model, expected.normalized());
    }
}
