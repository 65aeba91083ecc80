//! `DAV:response` (RFC 4918 §14.24) and `DAV:propstat` (§14.22): what the
//! parser keeps of them, and the views that read it.

use std::borrow::Cow;
use std::fmt;

use crate::href::Href;
use crate::status::Status;
use crate::tree::{Children, Element, Span, Tree};

/// A kept `DAV:status` element and the code parsed from it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StatusData {
    pub(crate) node: Option<u32>,
    /// `None` when a lenient parse found no status line in the text.
    pub(crate) code: Option<u16>,
}

/// What is kept of one `DAV:propstat`: node ids in the response's tree.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PropstatData {
    pub(crate) start: usize,
    /// Range of its `DAV:prop` node ids in [`ResponseData::props`]: one,
    /// or none or several from a server that breaks RFC 4918 §14.22.
    pub(crate) props: (u32, u32),
    pub(crate) status: StatusData,
    pub(crate) error: Option<u32>,
    pub(crate) description: Option<u32>,
}

/// What is kept of one `DAV:response`. Reused from one response to the next.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResponseData {
    pub(crate) tree: Tree,
    /// Offsets of `<` of the start tag and just after the end tag.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) hrefs: Vec<u32>,
    pub(crate) status: StatusData,
    pub(crate) propstats: Vec<PropstatData>,
    /// The `DAV:prop` node ids of every propstat, in document order.
    pub(crate) props: Vec<u32>,
    pub(crate) error: Option<u32>,
    pub(crate) description: Option<u32>,
    pub(crate) location: Option<u32>,
}

impl ResponseData {
    pub(crate) fn clear(&mut self) {
        self.tree.clear();
        self.hrefs.clear();
        self.propstats.clear();
        self.props.clear();
        self.status = StatusData::default();
        self.error = None;
        self.description = None;
        self.location = None;
    }
}

/// What is kept of the multistatus element itself: the description and sync
/// token as owned text (a streaming window moves on), and the arena their
/// elements are read into.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocumentData {
    pub(crate) tree: Tree,
    pub(crate) description_node: Option<u32>,
    pub(crate) sync_token_node: Option<u32>,
    pub(crate) description: Option<String>,
    pub(crate) sync_token: Option<String>,
}

impl DocumentData {
    /// The multistatus-level `DAV:responsedescription`, untrimmed.
    pub(crate) fn description(&self) -> Option<Cow<'_, str>> {
        self.description.as_deref().map(Cow::Borrowed)
    }

    /// The RFC 6578 `DAV:sync-token`, trimmed.
    pub(crate) fn sync_token(&self) -> Option<Cow<'_, str>> {
        self.sync_token.as_deref().map(|token| trim_cow(Cow::Borrowed(token)))
    }
}

/// Trims ASCII whitespace, keeping a borrow borrowed.
pub(crate) fn trim_cow(text: Cow<'_, str>) -> Cow<'_, str> {
    let trim = |s: &str| s.trim_ascii().len() != s.len();
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim_ascii()),
        Cow::Owned(s) if trim(&s) => Cow::Owned(s.trim_ascii().to_owned()),
        owned => owned,
    }
}

/// One `DAV:response`: the hrefs it is about and either one status for all
/// of them or a propstat per status (RFC 4918 §14.24).
///
/// A view: strings borrow the input through the reader or
/// [`Multistatus`](crate::Multistatus) that produced it. Keep one with
/// [`into_owned`](Self::into_owned), which has the same accessors.
#[derive(Clone, Copy)]
pub struct Response<'a> {
    pub(crate) src: &'a str,
    pub(crate) data: &'a ResponseData,
}

impl<'a> Response<'a> {
    pub(crate) fn new(src: &'a str, data: &'a ResponseData) -> Self {
        Response { src, data }
    }

    fn element(&self, id: u32) -> Element<'a> {
        Element::new(self.src, &self.data.tree, id)
    }

    /// The first `DAV:href`: the resource this response is about. `None`
    /// only when the server sent a response without one (RFC 4918 §14.24
    /// requires it; the parse reports a [`Warning`](crate::Warning)).
    pub fn href(&self) -> Option<Href<'a>> {
        self.hrefs().next()
    }

    /// Every direct `DAV:href` child, in order (several only in the
    /// `href*, status` form).
    pub fn hrefs(&self) -> impl ExactSizeIterator<Item = Href<'a>> + 'a {
        let (src, tree) = (self.src, &self.data.tree);
        self.data.hrefs.iter().map(move |&id| Href::new(Element::new(src, tree, id).text()))
    }

    /// The response-level `DAV:status`, present in the `href*, status` form
    /// (and absent when the response has propstats).
    pub fn status(&self) -> Option<Status<'a>> {
        status(self.src, &self.data.tree, self.data.status)
    }

    /// The `DAV:propstat` children, in order.
    pub fn propstats(&self) -> impl ExactSizeIterator<Item = Propstat<'a>> + 'a {
        let (src, data) = (self.src, self.data);
        (0..data.propstats.len()).map(move |index| Propstat { src, data, index })
    }

    /// The `DAV:error` element (RFC 4918 §16): its children are the
    /// pre- or postconditions that failed ([`conditions`](Self::conditions)
    /// reads them). Not to be confused with this crate's [`Error`](crate::Error),
    /// a document that could not be parsed.
    pub fn dav_error(&self) -> Option<Element<'a>> {
        self.data.error.map(|id| self.element(id))
    }

    /// The `DAV:responsedescription` text, untrimmed.
    pub fn description(&self) -> Option<Cow<'a, str>> {
        self.data.description.map(|id| self.element(id).text())
    }

    /// The `DAV:href` inside `DAV:location` (RFC 4918 §14.9), for a 3xx status.
    pub fn location(&self) -> Option<Href<'a>> {
        let location = self.element(self.data.location?);
        location.child(crate::DAV, "href").map(|href| Href::new(href.text()))
    }

    /// The property with this namespace and local name from a propstat whose
    /// status is 2xx (a property the server returned, not one it refused).
    pub fn property(&self, namespace: &str, local_name: &str) -> Option<Element<'a>> {
        self.propstats()
            .filter(|p| p.status().is_some_and(|s| s.is_success()))
            .find_map(|p| p.property(namespace, local_name))
    }

    /// Byte offset of the `<` of this response in the parsed input.
    pub fn offset(&self) -> usize {
        self.data.tree.base + self.data.start
    }

    /// The whole `<response>…</response>` markup as it appeared in the input.
    pub fn raw_xml(&self) -> &'a str {
        Span::new(self.data.start, self.data.end).of(self.src)
    }

    /// An owned copy holding just this response's text, for callers that keep
    /// responses beyond the life of the input or reader: it has the same
    /// accessors as the view.
    pub fn into_owned(self) -> OwnedResponse {
        OwnedResponse::copy(self.src, self.data)
    }
}

fn status<'a>(src: &'a str, tree: &'a Tree, data: StatusData) -> Option<Status<'a>> {
    data.node.map(|id| Status::from_parts(Element::new(src, tree, id).text(), data.code))
}

impl fmt::Debug for Response<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("hrefs", &self.hrefs().collect::<Vec<_>>())
            .field("status", &self.status())
            .field("propstats", &self.propstats().collect::<Vec<_>>())
            .field("error", &self.dav_error())
            .field("description", &self.description())
            .field("location", &self.location())
            .finish()
    }
}

/// One `DAV:propstat`: properties that share a status (RFC 4918 §14.22).
#[derive(Clone, Copy)]
pub struct Propstat<'a> {
    src: &'a str,
    data: &'a ResponseData,
    index: usize,
}

impl<'a> Propstat<'a> {
    fn kept(&self) -> &'a PropstatData {
        &self.data.propstats[self.index]
    }

    fn element(&self, id: u32) -> Element<'a> {
        Element::new(self.src, &self.data.tree, id)
    }

    /// The `DAV:status` shared by these properties: 200 for values, 404 for
    /// properties that do not exist, 403, 409, 424 in PROPPATCH results, …
    ///
    /// `None` when the server sent no status (RFC 4918 §14.22 requires one;
    /// the parse reports a [`Warning`](crate::Warning)): absent, never taken
    /// as 200.
    pub fn status(&self) -> Option<Status<'a>> {
        status(self.src, &self.data.tree, self.kept().status)
    }

    /// The `DAV:prop` element itself; `None` when the server sent a
    /// propstat without one, the first when it sent several.
    pub fn prop(&self) -> Option<Element<'a>> {
        self.prop_ids().first().map(|&id| self.element(id))
    }

    fn prop_ids(&self) -> &'a [u32] {
        let (first, end) = self.kept().props;
        self.data.props.get(first as usize..end as usize).unwrap_or(&[])
    }

    /// The properties: the child elements of `DAV:prop`, in order — of
    /// every `DAV:prop`, in document order, when a server sent several.
    pub fn properties(&self) -> Properties<'a> {
        let (src, tree) = (self.src, &self.data.tree);
        let mut props = self.prop_ids().iter();
        let current = props.next().map(|&id| Element::new(src, tree, id).children());
        Properties { src, tree, props, current }
    }

    /// The first property with this namespace and local name.
    pub fn property(&self, namespace: &str, local_name: &str) -> Option<Element<'a>> {
        self.properties().find(|p| p.is(namespace, local_name))
    }

    /// The `DAV:error` element of this propstat (RFC 4918 §16).
    pub fn dav_error(&self) -> Option<Element<'a>> {
        self.kept().error.map(|id| self.element(id))
    }

    /// The `DAV:responsedescription` text, untrimmed.
    pub fn description(&self) -> Option<Cow<'a, str>> {
        self.kept().description.map(|id| self.element(id).text())
    }

    /// Byte offset of the `<` of this propstat in the parsed input.
    pub fn offset(&self) -> usize {
        self.data.tree.base + self.kept().start
    }
}

impl fmt::Debug for Propstat<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Propstat")
            .field("status", &self.status())
            .field("properties", &self.properties().collect::<Vec<_>>())
            .field("error", &self.dav_error())
            .field("description", &self.description())
            .finish()
    }
}

/// The properties of a [`Propstat`]: the child elements of its `DAV:prop`
/// (of each, in document order, when a server sent several).
#[derive(Clone)]
pub struct Properties<'a> {
    src: &'a str,
    tree: &'a Tree,
    props: std::slice::Iter<'a, u32>,
    current: Option<Children<'a>>,
}

impl<'a> Iterator for Properties<'a> {
    type Item = Element<'a>;

    // Inlined into the caller's loop: one call per property costs as much as the step.
    #[inline]
    fn next(&mut self) -> Option<Element<'a>> {
        loop {
            if let Some(property) = self.current.as_mut()?.next() {
                return Some(property);
            }
            self.current = self.props.next().map(|&id| Element::new(self.src, self.tree, id).children());
        }
    }
}

impl fmt::Debug for Properties<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// A response that owns its text, made by [`Response::into_owned`].
///
/// It has every accessor of [`Response`] (each reads through
/// [`as_response`](Self::as_response), which costs nothing), so an owned
/// response is used the way a borrowed one is:
///
/// ```
/// use multistatus::{Multistatus, OwnedResponse};
///
/// let kept: Vec<OwnedResponse> = {
///     let body = String::from(r#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/a.ics</d:href>
///       <d:propstat><d:prop><d:getetag>"7"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
///     </d:response></d:multistatus>"#);
///     Multistatus::parse(&body)?.responses().map(|r| r.into_owned()).collect()
/// };
/// assert_eq!(kept[0].href().unwrap().as_str(), "/a.ics");
/// assert_eq!(kept[0].etag().unwrap().unwrap().as_str(), "\"7\"");
/// # Ok::<(), multistatus::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OwnedResponse {
    src: String,
    data: ResponseData,
}

impl OwnedResponse {
    /// Copies the response's markup, plus the namespace URIs declared outside
    /// it, and moves every span onto the copy.
    fn copy(src: &str, data: &ResponseData) -> Self {
        let range = Span::new(data.start, data.end);
        let mut text = range.of(src).to_owned();
        let mut data = data.clone();
        let mut relocated: Vec<(Span, Span)> = Vec::new();
        let mut relocate = |span: Span| {
            if span.start >= range.start && span.end <= range.end {
                return None;
            }
            if let Some((_, to)) = relocated.iter().find(|(from, _)| *from == span) {
                return Some(*to);
            }
            let to = Span::new(text.len(), text.len() + span.of(src).len());
            text.push_str(span.of(src));
            relocated.push((span, to));
            Some(to)
        };
        let by = -(range.start as isize);
        data.tree.rebase(by, &mut relocate);
        // Offsets keep pointing into the original input, even for a copy of a copy.
        data.tree.base += range.start;
        data.start = 0;
        data.end = range.end - range.start;
        for propstat in &mut data.propstats {
            propstat.start -= range.start;
        }
        OwnedResponse { src: text, data }
    }

    /// The response, borrowing from this owned copy.
    pub fn as_response(&self) -> Response<'_> {
        Response::new(&self.src, &self.data)
    }
}

/// The accessors of [`Response`] on [`OwnedResponse`], read through
/// [`OwnedResponse::as_response`].
macro_rules! owned_accessors {
    ($($(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {
        impl OwnedResponse {
            $(
                $(#[$doc])*
                pub fn $name(&self $(, $arg: $ty)*) -> $ret {
                    self.as_response().$name($($arg),*)
                }
            )*
        }
    };
}

owned_accessors! {
    /// [`Response::href`]: the first `DAV:href`.
    fn href(&self) -> Option<Href<'_>>;
    /// [`Response::hrefs`]: every direct `DAV:href`.
    fn hrefs(&self) -> impl ExactSizeIterator<Item = Href<'_>> + '_;
    /// [`Response::status`]: the response-level `DAV:status`.
    fn status(&self) -> Option<Status<'_>>;
    /// [`Response::propstats`]: the `DAV:propstat` children.
    fn propstats(&self) -> impl ExactSizeIterator<Item = Propstat<'_>> + '_;
    /// [`Response::dav_error`]: the `DAV:error` element.
    fn dav_error(&self) -> Option<Element<'_>>;
    /// [`Response::conditions`]: the conditions of its `DAV:error`.
    fn conditions(&self) -> Vec<crate::Condition<'_>>;
    /// [`Response::is_truncated_results`]: the entry saying a REPORT's results were cut short.
    fn is_truncated_results(&self) -> bool;
    /// [`Response::description`]: the `DAV:responsedescription` text.
    fn description(&self) -> Option<Cow<'_, str>>;
    /// [`Response::location`]: the `DAV:href` inside `DAV:location`.
    fn location(&self) -> Option<Href<'_>>;
    /// [`Response::property`]: a property of a 2xx propstat.
    fn property(&self, namespace: &str, local_name: &str) -> Option<Element<'_>>;
    /// [`Response::offset`]: where the response started in the parsed input.
    fn offset(&self) -> usize;
    /// [`Response::raw_xml`]: the response's markup as it appeared in the input.
    fn raw_xml(&self) -> &str;
    /// [`Response::etag`]: `DAV:getetag`.
    fn etag(&self) -> Option<Result<crate::Etag<'_>, crate::DecodeError>>;
    /// [`Response::content_length`]: `DAV:getcontentlength`.
    fn content_length(&self) -> Option<Result<u64, crate::DecodeError>>;
    /// [`Response::last_modified`]: `DAV:getlastmodified`.
    fn last_modified(&self) -> Option<Result<crate::DateTime, crate::DecodeError>>;
    /// [`Response::creation_date`]: `DAV:creationdate`.
    fn creation_date(&self) -> Option<Result<crate::DateTime, crate::DecodeError>>;
    /// [`Response::resource_type`]: `DAV:resourcetype`.
    fn resource_type(&self) -> Option<crate::ResourceType<'_>>;
    /// [`Response::display_name`]: `DAV:displayname`.
    fn display_name(&self) -> Option<Cow<'_, str>>;
    /// [`Response::content_type`]: `DAV:getcontenttype`.
    fn content_type(&self) -> Option<Cow<'_, str>>;
    /// [`Response::quota_used_bytes`]: `DAV:quota-used-bytes`.
    fn quota_used_bytes(&self) -> Option<Result<i64, crate::DecodeError>>;
    /// [`Response::quota_available_bytes`]: `DAV:quota-available-bytes`.
    fn quota_available_bytes(&self) -> Option<Result<i64, crate::DecodeError>>;
    /// [`Response::current_user_principal`]: `DAV:current-user-principal`.
    fn current_user_principal(&self) -> Option<Result<crate::Principal<'_>, crate::DecodeError>>;
    /// [`Response::collection_sync_token`]: the `DAV:sync-token` property.
    fn collection_sync_token(&self) -> Option<Cow<'_, str>>;
}
