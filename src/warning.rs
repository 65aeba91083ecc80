//! Warnings: what lenient parsing recovered from, and where.

use std::fmt;
use std::sync::Arc;

/// What a lenient parse recovered from (see [`Config::lenient`](crate::Config::lenient)).
/// The text a kind quotes (a prefix, an entity name, a status line) is cut
/// to its first 1 KiB. New kinds may be added in minor releases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// An element used a prefix no `xmlns` declaration binds; it was taken as `DAV:`.
    UndeclaredPrefix(String),
    /// The document uses no namespace at all; its elements in no namespace
    /// were taken as `DAV:`.
    NoNamespace,
    /// `xmlns:p="DAV"` (without the colon, as SOGo sends) was taken as `DAV:`.
    DavWithoutColon,
    /// An `&` that starts no reference was kept as a literal `&`.
    LiteralAmpersand,
    /// A reference to an entity XML does not define (`&nbsp;`) was kept as
    /// literal text.
    UnknownEntity(String),
    /// C0 control characters in text or an attribute value were kept, or
    /// stripped from text (see [`Config::strip_control_characters`](crate::Config::strip_control_characters)).
    ControlCharacters {
        /// True when they were removed from the text.
        stripped: bool,
    },
    /// A `DAV:status` that is not a status line: its text is kept, its code
    /// is absent ([`Status::code`](crate::Status::code) is `None`).
    InvalidStatusLine(String),
    /// A response has both a `DAV:status` and `DAV:propstat`: both were kept.
    StatusAndPropstat,
    /// The body ends mid-document: the responses completed before the cut
    /// were returned.
    Truncated,
    /// This many warnings were recorded and the rest were not: recording
    /// stops after 10,000 warnings, or once their paths, hrefs and quoted
    /// names or status lines reach 1 MiB (each is cut to 1 KiB), so that a
    /// hostile body cannot make warnings outgrow it.
    TooManyWarnings(usize),
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::UndeclaredPrefix(p) => write!(f, "undeclared prefix `{p}` taken as `DAV:`"),
            WarningKind::NoNamespace => f.write_str("document uses no namespace: its elements taken as `DAV:`"),
            WarningKind::DavWithoutColon => f.write_str("namespace `DAV` (no colon) taken as `DAV:`"),
            WarningKind::LiteralAmpersand => f.write_str("`&` starting no reference kept as text"),
            WarningKind::UnknownEntity(name) => write!(f, "unknown entity `&{name};` kept as text"),
            WarningKind::ControlCharacters { stripped: true } => f.write_str("control characters stripped from text"),
            WarningKind::ControlCharacters { stripped: false } => f.write_str("control characters kept"),
            WarningKind::InvalidStatusLine(s) => write!(f, "status line `{s}` has no code"),
            WarningKind::StatusAndPropstat => f.write_str("response has both status and propstat: both kept"),
            WarningKind::Truncated => f.write_str("document truncated: completed responses kept"),
            WarningKind::TooManyWarnings(n) => write!(f, "more than {n} warnings: the rest not recorded"),
        }
    }
}

/// One recovery of a lenient parse: what, where (byte offset, line:column,
/// element path such as `multistatus/response[17]/propstat[1]/status`), and
/// the href of the response it affected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub(crate) kind: WarningKind,
    pub(crate) offset: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) path: String,
    /// Shared by the warnings of one response.
    pub(crate) href: Option<Arc<str>>,
}

impl Warning {
    /// What was recovered from.
    pub fn kind(&self) -> &WarningKind {
        &self.kind
    }

    /// Byte offset in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// 1-based line of [`offset`](Self::offset).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of [`offset`](Self::offset), in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The element path, such as `multistatus/response[17]/propstat[1]/status`
    /// (responses and propstats counted from 1). A path longer than 1 KiB
    /// is cut, after its last whole element name, and ends in `/…`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first href of the response affected, if the warning is inside
    /// one; cut to its first 1 KiB (at a character boundary) if longer.
    pub fn href(&self) -> Option<&str> {
        self.href.as_deref()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}:{} (byte {}) in {}", self.kind, self.line, self.column, self.offset, self.path)?;
        match &self.href {
            Some(href) => write!(f, " (href {href})"),
            None => Ok(()),
        }
    }
}
