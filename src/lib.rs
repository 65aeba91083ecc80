//! Zero-copy, namespace-correct parsing of WebDAV `207 Multi-Status` bodies
//! (RFC 4918 §13 and §14.16, and the CalDAV, CardDAV, sync-collection and ACL
//! reports built on them).
//!
//! - **Zero-copy:** hrefs, status lines, property names and values borrow the
//!   input; text is decoded (and allocated) only when entity references, CDATA
//!   joins, carriage returns or text around child elements require it (not
//!   for a container's line feeds alone), and only when asked for.
//! - **Bounded:** [`ResponseReader`] yields one [`Response`] at a time from
//!   reused buffers, so a listing of 100,000 responses allocates no more than
//!   one of 10. A reader dropped leaves its parser state and buffers, each
//!   buffer up to 16 KiB, to the next one built on its thread, so a client
//!   reading many small bodies does not allocate for each.
//!   [`Multistatus::parse`] collects everything when that is simpler.
//! - **Namespace-correct:** names resolve by URI, never by prefix; a `DAV:href`
//!   inside a property value stays a property value.
//! - **Strict about XML, tolerant about WebDAV:** what is not well-formed XML is
//!   an [`Error`] with a kind, a byte offset and line:column; unknown elements
//!   are skipped (RFC 4918 §17), children come in any order, status lines
//!   are read as real servers write them, and a body that breaks the
//!   RFC 4918 §14 structure (a propstat without prop or status, a response
//!   without href) keeps all its data, each deviation reported as a
//!   [`Warning`].
//! - **Safe:** no DTD processing and no entity expansion, a nesting limit
//!   ([`Config::max_depth`]), no `unsafe`, and no panic on any input — a panic
//!   is a critical bug.
//!
//! ```
//! use multistatus::{Multistatus, DAV};
//!
//! let body = r#"<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
//!   <response>
//!     <href>/cal/work/</href>
//!     <propstat>
//!       <prop>
//!         <resourcetype><collection/><C:calendar/></resourcetype>
//!         <getlastmodified>Sun, 06 Nov 1994 08:49:37 GMT</getlastmodified>
//!       </prop>
//!       <status>HTTP/1.1 200 OK</status>
//!     </propstat>
//!     <propstat>
//!       <prop><getcontentlength/></prop>
//!       <status>HTTP/1.1 404 Not Found</status>
//!     </propstat>
//!   </response>
//! </multistatus>"#;
//!
//! let multistatus = Multistatus::parse(body)?;
//! for response in multistatus.responses() {
//!     assert_eq!(response.href().unwrap().as_str(), "/cal/work/");
//!     assert!(response.resource_type().unwrap().is_calendar());
//!     let modified = response.last_modified().unwrap().unwrap();
//!     assert_eq!(modified.unix_timestamp(), 784_111_777);
//!     // Properties the server refused are in their own propstat.
//!     let missing: Vec<_> = response
//!         .propstats()
//!         .filter(|p| p.status().and_then(|s| s.code()) == Some(404))
//!         .flat_map(|p| p.properties())
//!         .map(|p| p.local_name())
//!         .collect();
//!     assert_eq!(missing, ["getcontentlength"]);
//! }
//! # Ok::<(), multistatus::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// docs.rs builds with `--cfg docsrs`: feature-gated items get their badge.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod canonical;
mod conditions;
mod date;
mod encoding;
mod error;
#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
pub mod generate;
mod href;
mod lexical;
pub mod model;
mod multistatus;
pub mod props;
mod read;
mod response;
mod status;
mod text;
mod tree;
mod warning;
pub mod writer;

pub use crate::conditions::{Condition, NeededPrivilege};
pub use crate::date::DateTime;
pub use crate::error::{Error, ErrorKind};
pub use crate::href::Href;
pub use crate::multistatus::{Multistatus, ResponseReader};
pub use crate::props::{DecodeError, Etag, Principal, ResourceType};
pub use crate::read::buffered::StreamReader;
pub use crate::read::push::PushParser;
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use crate::read::tokio::AsyncStreamReader;
pub use crate::response::{OwnedResponse, Properties, Propstat, Response};
pub use crate::status::Status;
pub use crate::tree::{Attribute, Attributes, Children, Element};
pub use crate::warning::{Warning, WarningKind};
/// The URL type [`Href::resolve`] and its siblings take and return, from the
/// `url` crate this crate depends on: no need to add `url` at a matching version.
#[cfg(feature = "url")]
#[cfg_attr(docsrs, doc(cfg(feature = "url")))]
pub use url::{ParseError as UrlParseError, Url};

/// The WebDAV namespace, `DAV:` (RFC 4918 §21).
pub const DAV: &str = "DAV:";
/// The CalDAV namespace (RFC 4791 §5.2).
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
/// The CardDAV namespace (RFC 6352 §10.1).
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
/// The Apple CalendarServer namespace (`getctag`, sharing).
pub const CALENDARSERVER: &str = "http://calendarserver.org/ns/";
/// The ownCloud namespace (`oc:id`, `oc:permissions`, …).
pub const OWNCLOUD: &str = "http://owncloud.org/ns";
/// The Nextcloud namespace (`nc:has-preview`, …).
pub const NEXTCLOUD: &str = "http://nextcloud.org/ns";

/// Limits and options of a parse.
///
/// A `#[non_exhaustive]` struct of public fields: build it from
/// `Config::default()` and set what you need.
///
/// ```
/// let mut config = multistatus::Config::default();
/// config.max_depth = 64;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// The deepest element nesting accepted, counting the root as 1.
    ///
    /// Parsing is iterative, so depth cannot overflow the stack; the limit
    /// bounds memory against a hostile body of 200,000 nested elements, which
    /// becomes [`ErrorKind::DepthLimitExceeded`]. Default: 1,024.
    pub max_depth: usize,
    /// The largest single response (or other child of the root element), in
    /// bytes of input, before [`ErrorKind::ResponseTooLarge`].
    ///
    /// The streaming front ends hold one response in memory, so this bounds
    /// what a hostile or broken server can make them buffer. Default: 16 MiB.
    pub max_response_bytes: usize,
    /// The largest single text run, CDATA section or attribute value, in
    /// bytes, before [`ErrorKind::ValueTooLarge`]. Default: 8 MiB.
    pub max_value_bytes: usize,
    /// The most namespace declarations on one element, before
    /// [`ErrorKind::TooManyNamespaceDeclarations`]: each one stays in scope
    /// for every name below it. Default: 256.
    pub max_namespace_declarations: usize,
    /// The most elements and attributes in one response (or other child of
    /// the root element), before [`ErrorKind::TooManyNodes`].
    ///
    /// Each kept element costs about 128 bytes of tree and each attribute
    /// about 180 while its tag is read, far more than the 4 bytes of `<e/>`
    /// or `a=""` in the input: the limit bounds that amplification (a 16 MB
    /// property of empty elements would otherwise take half a gigabyte).
    /// Default: 131,072 (2^17), about 17 to 24 MB at most.
    pub max_response_nodes: usize,
    /// The most responses in one document, before [`ErrorKind::TooManyResponses`].
    /// Default: no limit (`usize::MAX`); set one when collecting with
    /// [`Multistatus::parse`], which keeps every response.
    pub max_responses: usize,
    /// Recover from the broken XML real servers are known to send instead
    /// of failing, recording each recovery as a [`Warning`]: undeclared
    /// `DAV:` prefixes, documents without namespaces, `xmlns:D="DAV"`, raw
    /// `&` and unknown entities, control characters (and U+FFFE, U+FFFF) in
    /// text, unparsable status lines, truncated bodies. (Deviations from the
    /// RFC 4918 §14 structure are warnings in every mode.) Warnings are
    /// bounded: see [`WarningKind::TooManyWarnings`].
    /// Default: `false` (strict).
    pub lenient: bool,
    /// In lenient mode, remove C0 control characters (and U+FFFE, U+FFFF)
    /// from text instead of keeping them. Default: `false`.
    pub strip_control_characters: bool,
    /// Validate for server authors: besides the RFC 4918 §14 deviations
    /// every parse reports as [`Warning`]s, flag what clients read past
    /// silently — a `DAV:href` that is not a URI reference (RFC 3986 §4.1)
    /// — and keep a status element that is no status line as a warning
    /// (its code absent) instead of stopping there, so that every problem
    /// of a body is listed, not just the first. XML errors stay errors.
    /// `msdump --validate` is this setting. Default: `false`.
    pub validate: bool,
}

impl Config {
    /// The default limits with [`lenient`](Self::lenient) parsing on.
    pub fn lenient() -> Self {
        Config { lenient: true, ..Config::default() }
    }

    /// The default limits with [`validate`](Self::validate) on: XML strict,
    /// every deviation of the body reported.
    pub fn validating() -> Self {
        Config { validate: true, ..Config::default() }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_depth: 1024,
            max_response_bytes: 16 << 20,
            max_value_bytes: 8 << 20,
            max_namespace_declarations: 256,
            max_response_nodes: 1 << 17,
            max_responses: usize::MAX,
            lenient: false,
            strip_control_characters: false,
            validate: false,
        }
    }
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
