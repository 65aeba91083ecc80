//! Typed values of well-known properties (RFC 4918 §15, RFC 4331, RFC 5397,
//! RFC 6578). Each decoder runs only when called and fails alone: a bad
//! `getcontentlength` never fails the document or another property.

use std::borrow::Cow;
use std::fmt;

use crate::date::DateTime;
use crate::href::Href;
use crate::response::{trim_cow, Response};
use crate::tree::Element;
use crate::{CALDAV, CARDDAV, DAV};

/// A property value that its decoder could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    property: &'static str,
    value: String,
    offset: usize,
}

impl DecodeError {
    fn new(property: &'static str, element: &Element<'_>) -> Self {
        let text = element.text();
        let value = text.trim_ascii().chars().take(80).collect();
        DecodeError { property, value, offset: element.offset() }
    }

    /// The local name of the property, such as `getcontentlength`.
    pub fn property(&self) -> &str {
        self.property
    }

    /// The offending text, trimmed (and cut at 80 characters).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Byte offset of the property element in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} value `{}` at byte {}", self.property, self.value, self.offset)
    }
}

impl std::error::Error for DecodeError {}

fn trimmed<'a>(element: &Element<'a>) -> Cow<'a, str> {
    trim_cow(element.text())
}

/// An entity tag (RFC 4918 §15.6, RFC 9110 §8.8.3), kept as sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Etag<'a> {
    value: Cow<'a, str>,
}

impl<'a> Etag<'a> {
    /// The trimmed value as sent, quotes and `W/` included: the form to put
    /// in `If-Match`.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// True for a weak tag (`W/"…"`).
    pub fn is_weak(&self) -> bool {
        self.value.starts_with("W/")
    }

    /// The opaque tag without `W/` and quotes. Servers that send unquoted
    /// tags get them back unchanged.
    pub fn opaque(&self) -> &str {
        let tag = self.value.strip_prefix("W/").unwrap_or(&self.value);
        tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(tag)
    }

    /// An owned copy.
    pub fn into_owned(self) -> Etag<'static> {
        Etag { value: Cow::Owned(self.value.into_owned()) }
    }
}

impl fmt::Debug for Etag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Etag({})", self.value)
    }
}

/// `DAV:getetag`: fails only when empty.
pub fn etag<'a>(element: &Element<'a>) -> Result<Etag<'a>, DecodeError> {
    let value = trimmed(element);
    if value.is_empty() {
        return Err(DecodeError::new("getetag", element));
    }
    Ok(Etag { value })
}

/// `DAV:getcontentlength` (RFC 4918 §15.4): a decimal byte count,
/// surrounding whitespace tolerated.
pub fn content_length(element: &Element<'_>) -> Result<u64, DecodeError> {
    let value = trimmed(element);
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse().ok())
        .flatten()
        .ok_or_else(|| DecodeError::new("getcontentlength", element))
}

/// `DAV:getlastmodified` (RFC 4918 §15.7): an HTTP-date in any form servers send.
pub fn last_modified(element: &Element<'_>) -> Result<DateTime, DecodeError> {
    DateTime::parse_http_date(&element.text()).ok_or_else(|| DecodeError::new("getlastmodified", element))
}

/// `DAV:creationdate` (RFC 4918 §15.1): an RFC 3339 date-time.
pub fn creation_date(element: &Element<'_>) -> Result<DateTime, DecodeError> {
    DateTime::parse_rfc3339(&element.text()).ok_or_else(|| DecodeError::new("creationdate", element))
}

/// `DAV:quota-used-bytes` / `DAV:quota-available-bytes` (RFC 4331 §3, §4).
/// Signed, because servers report negative values (unlimited or over quota).
pub fn quota_bytes(element: &Element<'_>) -> Result<i64, DecodeError> {
    let value = trimmed(element);
    let digits = value.strip_prefix('-').unwrap_or(&value);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| value.parse().ok()).flatten().ok_or_else(
        || {
            DecodeError::new(
                if element.local_name() == "quota-used-bytes" { "quota-used-bytes" } else { "quota-available-bytes" },
                element,
            )
        },
    )
}

/// `DAV:resourcetype` (RFC 4918 §15.9): the kinds of a resource.
#[derive(Clone, Copy)]
pub struct ResourceType<'a> {
    element: Element<'a>,
}

impl<'a> ResourceType<'a> {
    /// Reads a resourcetype element. Never fails: an empty one is a plain resource.
    pub fn new(element: Element<'a>) -> Self {
        ResourceType { element }
    }

    /// True when the resource has this type element.
    pub fn has(&self, namespace: &str, local_name: &str) -> bool {
        self.element.child(namespace, local_name).is_some()
    }

    /// `DAV:collection`.
    pub fn is_collection(&self) -> bool {
        self.has(DAV, "collection")
    }

    /// CalDAV `calendar` (RFC 4791 §4.2).
    pub fn is_calendar(&self) -> bool {
        self.has(CALDAV, "calendar")
    }

    /// CardDAV `addressbook` (RFC 6352 §5.2).
    pub fn is_addressbook(&self) -> bool {
        self.has(CARDDAV, "addressbook")
    }

    /// `DAV:principal` (RFC 3744 §4).
    pub fn is_principal(&self) -> bool {
        self.has(DAV, "principal")
    }

    /// Every type element, as (namespace, local name), including ones this
    /// crate has no method for (calendar-proxy-read, shared, …).
    pub fn kinds(&self) -> impl Iterator<Item = (Cow<'a, str>, &'a str)> + 'a {
        self.element.children().map(|child| (child.namespace(), child.local_name()))
    }
}

impl fmt::Debug for ResourceType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.kinds().map(|(ns, name)| format!("{{{ns}}}{name}"))).finish()
    }
}

/// `DAV:current-user-principal` (RFC 5397 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal<'a> {
    /// The principal URL of the authenticated user.
    Href(Href<'a>),
    /// The request was not authenticated.
    Unauthenticated,
}

/// `DAV:current-user-principal`: one `DAV:href` or `DAV:unauthenticated`.
pub fn current_user_principal<'a>(element: &Element<'a>) -> Result<Principal<'a>, DecodeError> {
    if let Some(href) = element.child(DAV, "href") {
        return Ok(Principal::Href(Href::new(href.text())));
    }
    if element.child(DAV, "unauthenticated").is_some() {
        return Ok(Principal::Unauthenticated);
    }
    Err(DecodeError::new("current-user-principal", element))
}

/// Typed access to well-known properties of a response's 2xx propstats.
///
/// One rule for their shape: each returns `None` when the server did not
/// return the property; a property whose text must be decoded, and so can
/// be malformed (an etag, a number, a date, a principal), comes as
/// `Option<Result<T, DecodeError>>`, and one whose every content is a value
/// (a name, a media type, a token, a set of resource kinds) as `Option<T>`.
impl<'a> Response<'a> {
    /// `DAV:getetag`.
    pub fn etag(&self) -> Option<Result<Etag<'a>, DecodeError>> {
        self.property(DAV, "getetag").map(|e| etag(&e))
    }

    /// `DAV:getcontentlength`.
    pub fn content_length(&self) -> Option<Result<u64, DecodeError>> {
        self.property(DAV, "getcontentlength").map(|e| content_length(&e))
    }

    /// `DAV:getlastmodified`.
    pub fn last_modified(&self) -> Option<Result<DateTime, DecodeError>> {
        self.property(DAV, "getlastmodified").map(|e| last_modified(&e))
    }

    /// `DAV:creationdate`.
    pub fn creation_date(&self) -> Option<Result<DateTime, DecodeError>> {
        self.property(DAV, "creationdate").map(|e| creation_date(&e))
    }

    /// `DAV:resourcetype`.
    pub fn resource_type(&self) -> Option<ResourceType<'a>> {
        self.property(DAV, "resourcetype").map(ResourceType::new)
    }

    /// `DAV:displayname`, untrimmed.
    pub fn display_name(&self) -> Option<Cow<'a, str>> {
        self.property(DAV, "displayname").map(|e| e.text())
    }

    /// `DAV:getcontenttype`, trimmed.
    pub fn content_type(&self) -> Option<Cow<'a, str>> {
        self.property(DAV, "getcontenttype").map(|e| trimmed(&e))
    }

    /// `DAV:quota-used-bytes` (RFC 4331).
    pub fn quota_used_bytes(&self) -> Option<Result<i64, DecodeError>> {
        self.property(DAV, "quota-used-bytes").map(|e| quota_bytes(&e))
    }

    /// `DAV:quota-available-bytes` (RFC 4331).
    pub fn quota_available_bytes(&self) -> Option<Result<i64, DecodeError>> {
        self.property(DAV, "quota-available-bytes").map(|e| quota_bytes(&e))
    }

    /// `DAV:current-user-principal` (RFC 5397).
    pub fn current_user_principal(&self) -> Option<Result<Principal<'a>, DecodeError>> {
        self.property(DAV, "current-user-principal").map(|e| current_user_principal(&e))
    }

    /// The `DAV:sync-token` property of a collection (RFC 6578 §4), trimmed:
    /// what a PROPFIND returns. The token of a sync-collection report's
    /// document is the readers' and [`Multistatus`](crate::Multistatus)'s
    /// `sync_token()`.
    pub fn collection_sync_token(&self) -> Option<Cow<'a, str>> {
        self.property(DAV, "sync-token").map(|e| trimmed(&e))
    }
}
