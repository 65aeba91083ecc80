//! Warnings: what a parse kept going past, and where — lenient recoveries
//! from broken XML, and, in every mode, deviations from the RFC 4918 §14
//! content model whose data was kept.

use std::fmt;
use std::sync::Arc;

/// What a parse kept going past.
///
/// Two families: recoveries from broken XML, only in a lenient parse (see
/// [`Config::lenient`](crate::Config::lenient)); and deviations from the
/// RFC 4918 §14 (and RFC 6578) content model, reported in every mode, whose
/// data is kept as it was sent ([`is_deviation`](Self::is_deviation)).
/// [`rule`](Self::rule) names the rule each one breaks. The text a kind
/// quotes (a prefix, an entity name, a status line, an href) is cut to its
/// first 1 KiB. New kinds may be added in minor releases.
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
    /// Characters XML 1.0 §2.2 forbids — C0 controls, U+FFFE, U+FFFF — in
    /// text or an attribute value were kept, or stripped from text (see
    /// [`Config::strip_control_characters`](crate::Config::strip_control_characters)).
    ControlCharacters {
        /// True when they were removed from the text.
        stripped: bool,
    },
    /// A `DAV:status` that is not a status line: its text is kept, its code
    /// is absent ([`Status::code`](crate::Status::code) is `None`). Lenient
    /// and validating parses only; a strict parse stops there.
    InvalidStatusLine(String),
    /// Deviation: a response has both a `DAV:status` and `DAV:propstat`;
    /// both were kept.
    StatusAndPropstat,
    /// Deviation: a response has no `DAV:href`; it is kept with none
    /// ([`Response::href`](crate::Response::href) is `None`).
    ResponseWithoutHref,
    /// Deviation: a response has neither `DAV:status` nor `DAV:propstat`
    /// (WsgiDAV's propname answers); it is kept with neither.
    ResponseWithoutStatusOrPropstat,
    /// Deviation: a response in the propstat form has several `DAV:href`s;
    /// all were kept.
    SeveralHrefsWithPropstat,
    /// Deviation: a propstat has no `DAV:prop` (lighttpd, DavMail, Google
    /// Calendar); it has no properties.
    PropstatWithoutProp,
    /// Deviation: a propstat has no `DAV:status` (PyWebDAV3); its status is
    /// absent ([`Propstat::status`](crate::Propstat::status) is `None`), not
    /// taken as 200.
    PropstatWithoutStatus,
    /// Deviation: a propstat has several `DAV:prop`s (PyWebDAV3); the
    /// properties of all of them are its properties, in document order.
    SeveralProps,
    /// Deviation: an element that may appear once in its parent came again
    /// (named as `parent/name`, such as `propstat/status`). The first is
    /// the one read; this one was skipped.
    DuplicateElement(&'static str),
    /// Deviation: a `DAV:location` has no `DAV:href`; the response is kept,
    /// [`Response::location`](crate::Response::location) is `None`.
    LocationWithoutHref,
    /// Validating parses only: a `DAV:href` that is not a URI reference
    /// (RFC 3986 §4.1): a space, a raw non-ASCII character, a `%` not
    /// followed by two hex digits… Clients read it anyway.
    InvalidHref(String),
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
            WarningKind::ControlCharacters { stripped: true } => {
                f.write_str("characters XML forbids (C0 controls, U+FFFE, U+FFFF) stripped from text")
            }
            WarningKind::ControlCharacters { stripped: false } => {
                f.write_str("characters XML forbids (C0 controls, U+FFFE, U+FFFF) kept")
            }
            WarningKind::InvalidStatusLine(s) => write!(f, "status line `{s}` has no code"),
            WarningKind::StatusAndPropstat => f.write_str("response has both status and propstat: both kept"),
            WarningKind::ResponseWithoutHref => f.write_str("response has no href"),
            WarningKind::ResponseWithoutStatusOrPropstat => f.write_str("response has neither status nor propstat"),
            WarningKind::SeveralHrefsWithPropstat => f.write_str("response with propstat has several hrefs: all kept"),
            WarningKind::PropstatWithoutProp => f.write_str("propstat has no prop"),
            WarningKind::PropstatWithoutStatus => f.write_str("propstat has no status"),
            WarningKind::SeveralProps => f.write_str("propstat has several props: their properties merged"),
            WarningKind::DuplicateElement(name) => write!(f, "duplicate {name}: the first one kept"),
            WarningKind::LocationWithoutHref => f.write_str("location has no href"),
            WarningKind::InvalidHref(href) => write!(f, "href `{href}` is not a URI reference"),
            WarningKind::Truncated => f.write_str("document truncated: completed responses kept"),
            WarningKind::TooManyWarnings(n) => write!(f, "more than {n} warnings: the rest not recorded"),
        }
    }
}

impl WarningKind {
    /// True for a deviation from the RFC 4918 §14 / RFC 6578 content model
    /// (reported in every mode, data kept); false for a lenient recovery
    /// from broken XML, a status line or href a validating parse flagged,
    /// a truncation, or the warning budget running out.
    pub fn is_deviation(&self) -> bool {
        matches!(
            self,
            WarningKind::StatusAndPropstat
                | WarningKind::ResponseWithoutHref
                | WarningKind::ResponseWithoutStatusOrPropstat
                | WarningKind::SeveralHrefsWithPropstat
                | WarningKind::PropstatWithoutProp
                | WarningKind::PropstatWithoutStatus
                | WarningKind::SeveralProps
                | WarningKind::DuplicateElement(_)
                | WarningKind::LocationWithoutHref
        )
    }

    /// The rule the document broke, such as `RFC 4918 §14.22`; `None` for
    /// a truncation or the warning budget running out.
    pub fn rule(&self) -> Option<&'static str> {
        Some(match self {
            WarningKind::UndeclaredPrefix(_) => "Namespaces in XML 1.0 §5",
            WarningKind::NoNamespace | WarningKind::DavWithoutColon => "RFC 4918 §21",
            WarningKind::LiteralAmpersand => "XML 1.0 §2.4",
            WarningKind::UnknownEntity(_) => "XML 1.0 §4.1",
            WarningKind::ControlCharacters { .. } => "XML 1.0 §2.2",
            WarningKind::InvalidStatusLine(_) => "RFC 4918 §14.28",
            WarningKind::StatusAndPropstat
            | WarningKind::ResponseWithoutHref
            | WarningKind::ResponseWithoutStatusOrPropstat
            | WarningKind::SeveralHrefsWithPropstat => "RFC 4918 §14.24",
            WarningKind::PropstatWithoutProp | WarningKind::PropstatWithoutStatus | WarningKind::SeveralProps => {
                "RFC 4918 §14.22"
            }
            WarningKind::DuplicateElement(name) => match *name {
                "multistatus/sync-token" => "RFC 6578 §6.4",
                "multistatus/responsedescription" => "RFC 4918 §14.16",
                _ if name.starts_with("propstat/") => "RFC 4918 §14.22",
                _ => "RFC 4918 §14.24",
            },
            WarningKind::LocationWithoutHref => "RFC 4918 §14.9",
            WarningKind::InvalidHref(_) => "RFC 4918 §8.3",
            WarningKind::Truncated | WarningKind::TooManyWarnings(_) => return None,
        })
    }
}

/// One recovery of a lenient parse, or one deviation of any parse: what, where (byte offset, line:column,
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
        write!(f, "{} at {}:{} (byte {})", self.kind, self.line, self.column, self.offset)?;
        // A warning before the root element has no path to show.
        if !self.path.is_empty() {
            write!(f, " in {}", self.path)?;
        }
        match &self.href {
            Some(href) => write!(f, " (href {href})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_without_path_prints_no_dangling_in() {
        let warning = |path: &str| Warning {
            kind: WarningKind::Truncated,
            offset: 7,
            line: 1,
            column: 8,
            path: path.into(),
            href: None,
        };
        assert_eq!(warning("").to_string(), format!("{} at 1:8 (byte 7)", WarningKind::Truncated));
        assert!(warning("multistatus/response[2]").to_string().ends_with(" in multistatus/response[2]"));
    }
}
