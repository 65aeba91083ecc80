//! The one error type: what went wrong, and where.

use std::fmt;

/// What made a document unacceptable.
///
/// Every kind comes with the byte offset and line:column of the offending
/// markup in [`Error`]. New kinds may be added in minor releases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended before the document was complete (an element, tag,
    /// comment, CDATA section or reference was still open).
    ///
    /// This is the one kind that means "truncated" rather than "malformed":
    /// see [`Error::is_truncated`].
    UnexpectedEof,
    /// The body is empty or holds only whitespace, comments and processing
    /// instructions: there is no root element.
    NoRootElement,
    /// The bytes are not valid UTF-8.
    InvalidUtf8,
    /// A character that XML 1.0 §2.2 forbids (a C0 control other than tab, line
    /// feed and carriage return, or U+FFFE / U+FFFF) appears in the input.
    InvalidChar(char),
    /// The XML declaration names an encoding this parser does not read.
    UnsupportedEncoding(String),
    /// The body is not valid in the encoding it declares (named here).
    InvalidEncoding(String),
    /// Markup that is not XML: a broken tag, attribute, comment, CDATA section,
    /// declaration or processing instruction. The message says what exactly.
    Syntax(String),
    /// An element or attribute name that is not a valid XML or namespace name.
    InvalidName(String),
    /// An end tag that does not match the open element.
    MismatchedEndTag {
        /// The name of the element that is open.
        expected: String,
        /// The name found in the end tag.
        found: String,
    },
    /// An end tag with no open element to close.
    UnmatchedEndTag(String),
    /// A name uses a prefix that no `xmlns:prefix` declaration in scope binds.
    UndeclaredPrefix(String),
    /// A namespace declaration that Namespaces in XML 1.0 forbids (binding
    /// `xml` or `xmlns` wrongly, or unbinding a prefix with `xmlns:p=""`).
    InvalidNamespaceDeclaration(String),
    /// The same attribute (by qualified name or by namespace and local name)
    /// appears twice on one element.
    DuplicateAttribute(String),
    /// A reference to an entity other than the five XML predefines.
    ///
    /// Entities are never expanded from a DTD, so `&nbsp;` is an error here.
    UndefinedEntity(String),
    /// A character reference to a code point that is not an XML character
    /// (`&#0;`, a surrogate, or out of range), or one that is not a number.
    InvalidCharReference(String),
    /// A `<!DOCTYPE>` declaration: DTDs are never processed, so entity
    /// expansion attacks and external reads cannot happen.
    DoctypeNotAllowed,
    /// Non-whitespace text outside the root element.
    TextOutsideRoot,
    /// A second element after the root element was closed.
    ElementAfterRoot,
    /// The body is an HTML page (an `html` root element or an HTML doctype):
    /// a proxy's or server's error page, or a login redirect, not a 207 body.
    HtmlPage,
    /// The root element is not `{DAV:}multistatus` (a
    /// `DAV:error` body, for instance). Holds `{namespace}local-name`.
    NotMultistatus(String),
    /// A `DAV:status` whose text is not an HTTP status line (RFC 4918 §14.28).
    /// Lenient and validating parses keep it instead, with a
    /// [`Warning`](crate::Warning). (A body that breaks the RFC 4918 §14
    /// structure is no error: its data is kept and each deviation is a
    /// warning.)
    InvalidStatusLine(String),
    /// Elements nest deeper than [`Config::max_depth`](crate::Config::max_depth).
    DepthLimitExceeded(usize),
    /// One response (or other child of the root) is longer in bytes than
    /// [`Config::max_response_bytes`](crate::Config::max_response_bytes).
    /// Reported at the start of that response.
    ResponseTooLarge(usize),
    /// One text run, CDATA section or attribute value is longer in bytes than
    /// [`Config::max_value_bytes`](crate::Config::max_value_bytes).
    ValueTooLarge(usize),
    /// One element declares more namespaces than
    /// [`Config::max_namespace_declarations`](crate::Config::max_namespace_declarations).
    TooManyNamespaceDeclarations(usize),
    /// One response (or other child of the root) has more elements and
    /// attributes than
    /// [`Config::max_response_nodes`](crate::Config::max_response_nodes).
    /// Reported at the first one past the limit.
    TooManyNodes(usize),
    /// The document has more responses than
    /// [`Config::max_responses`](crate::Config::max_responses).
    TooManyResponses(usize),
    /// Reading the input failed.
    Io {
        /// The I/O error's kind.
        kind: std::io::ErrorKind,
        /// The I/O error's message.
        message: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnexpectedEof => f.write_str("unexpected end of input: the document is truncated"),
            ErrorKind::NoRootElement => f.write_str("no root element: the body is empty"),
            ErrorKind::InvalidUtf8 => f.write_str("input is not valid utf-8"),
            ErrorKind::InvalidChar(c) => write!(f, "character U+{:04X} is not allowed in xml", *c as u32),
            ErrorKind::UnsupportedEncoding(e) => {
                write!(f, "unsupported encoding `{e}`: utf-8, utf-16 and the encodings of the whatwg encoding standard are read")
            }
            ErrorKind::InvalidEncoding(e) => write!(f, "input is not valid {}", e.to_lowercase()),
            ErrorKind::Syntax(m) => write!(f, "syntax error: {m}"),
            ErrorKind::InvalidName(n) => write!(f, "invalid xml name `{n}`"),
            ErrorKind::MismatchedEndTag { expected, found } => {
                write!(f, "end tag `</{found}>` does not match open element `<{expected}>`")
            }
            ErrorKind::UnmatchedEndTag(n) => write!(f, "end tag `</{n}>` closes no open element"),
            ErrorKind::UndeclaredPrefix(p) => write!(f, "namespace prefix `{p}` is not declared"),
            ErrorKind::InvalidNamespaceDeclaration(m) => write!(f, "invalid namespace declaration: {m}"),
            ErrorKind::DuplicateAttribute(n) => write!(f, "duplicate attribute `{n}`"),
            ErrorKind::UndefinedEntity(n) => {
                write!(f, "undefined entity `&{n};`: only amp, lt, gt, apos and quot exist without a dtd")
            }
            ErrorKind::InvalidCharReference(r) => write!(f, "invalid character reference `&{r};`"),
            ErrorKind::DoctypeNotAllowed => {
                f.write_str("doctype declarations are not allowed: dtds are never processed")
            }
            ErrorKind::TextOutsideRoot => f.write_str("text outside the root element"),
            ErrorKind::ElementAfterRoot => f.write_str("element after the root element"),
            ErrorKind::HtmlPage => f.write_str("this is an HTML page, not a 207 body"),
            ErrorKind::NotMultistatus(n) => match n.strip_prefix("{}") {
                Some(local) => write!(f, "root element is `{local}` in no namespace, expected `{{DAV:}}multistatus`"),
                None => write!(f, "root element is `{n}`, expected `{{DAV:}}multistatus`"),
            },
            ErrorKind::InvalidStatusLine(s) => write!(f, "invalid status line `{s}`"),
            ErrorKind::DepthLimitExceeded(n) => write!(f, "elements nest deeper than the limit of {n}"),
            ErrorKind::ResponseTooLarge(n) => write!(f, "response is larger than the limit of {n} bytes"),
            ErrorKind::ValueTooLarge(n) => write!(f, "text or attribute value is larger than the limit of {n} bytes"),
            ErrorKind::TooManyNamespaceDeclarations(n) => {
                write!(f, "element declares more than the limit of {n} namespaces")
            }
            ErrorKind::TooManyNodes(n) => {
                write!(f, "response has more than the limit of {n} elements and attributes")
            }
            ErrorKind::TooManyResponses(n) => write!(f, "document has more than the limit of {n} responses"),
            ErrorKind::Io { message, .. } => write!(f, "cannot read input: {}", message.to_lowercase()),
        }
    }
}

/// A parse error: its [`ErrorKind`], the byte offset of the offending markup,
/// and the same position as 1-based line and column (counted in characters).
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Details>);

/// What an [`Error`] holds, boxed so that a `Result` of the parser's hot
/// path stays small enough to be returned in registers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    kind: ErrorKind,
    offset: usize,
    line: usize,
    column: usize,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Details { kind, offset, line, column } = &*self.0;
        f.debug_struct("Error")
            .field("kind", kind)
            .field("offset", offset)
            .field("line", line)
            .field("column", column)
            .finish()
    }
}

/// Where a window of text sits in the whole document: window position
/// `local` is byte `offset` of the document, at `line`:`column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) local: usize,
    pub(crate) offset: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Origin {
    /// The start of a document read as one window.
    pub(crate) const START: Origin = Origin { local: 0, offset: 0, line: 1, column: 1 };

    /// Document offset and line:column of window position `local` of `src`.
    pub(crate) fn locate(&self, src: &str, local: usize) -> (usize, usize, usize) {
        let from = self.local.min(src.len());
        let mut to = local.clamp(from, src.len());
        while !src.is_char_boundary(to) {
            to -= 1;
        }
        let between = src.get(from..to).unwrap_or("");
        let newlines = memchr::memchr_iter(b'\n', between.as_bytes()).count();
        let column = match between.rfind('\n') {
            Some(last) => 1 + between[last + 1..].chars().count(),
            None => self.column + between.chars().count(),
        };
        (self.offset + (local.max(self.local) - self.local), self.line + newlines, column)
    }

    /// The origin of window position `local` (after the window drops text).
    pub(crate) fn advanced(&self, src: &str, local: usize) -> Origin {
        let (offset, line, column) = self.locate(src, local);
        Origin { local, offset, line, column }
    }
}

/// Positions already located in one window, kept in order, so that the
/// next one is counted on from the nearest before it rather than from the
/// window's start (which made many warnings in one window quadratic).
#[derive(Debug, Default)]
pub(crate) struct Located {
    points: Vec<Origin>,
}

impl Located {
    /// Forgets every point: the window moved.
    pub(crate) fn clear(&mut self) {
        self.points.clear();
    }

    /// Forgets every point but the last, the one later positions count on from.
    pub(crate) fn keep_last(&mut self) {
        let keep = self.points.len().saturating_sub(1);
        self.points.drain(..keep);
    }

    /// [`Origin::locate`], counted from the nearest point located before
    /// `local`; a point after all the others is remembered.
    pub(crate) fn locate(&mut self, origin: &Origin, src: &str, local: usize) -> (usize, usize, usize) {
        let before = self.points.partition_point(|point| point.local <= local);
        let from = before.checked_sub(1).map_or(origin, |at| &self.points[at]);
        let (offset, line, column) = from.locate(src, local);
        let last = before == self.points.len();
        if last && local > from.local && local <= src.len() && src.is_char_boundary(local) {
            self.points.push(Origin { local, offset, line, column });
        }
        (offset, line, column)
    }
}

impl Error {
    /// Builds an error at window position `local` of `src`.
    pub(crate) fn at(kind: ErrorKind, src: &str, local: usize, origin: &Origin) -> Self {
        let (offset, line, column) = origin.locate(src, local);
        Error(Box::new(Details { kind, offset, line, column }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Byte offset in the input where the offending markup starts.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// 1-based line of [`offset`](Self::offset).
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// 1-based column of [`offset`](Self::offset), in characters.
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// True when the input ended mid-document: it may be a cut body rather
    /// than a malformed one.
    pub fn is_truncated(&self) -> bool {
        self.0.kind == ErrorKind::UnexpectedEof
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}:{} (byte {})", self.0.kind, self.0.line, self.0.column, self.0.offset)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a\nbé<x";
        let at = |local| Origin::START.locate(src, local);
        assert_eq!(at(0), (0, 1, 1));
        assert_eq!(at(2), (2, 2, 1));
        assert_eq!(at(5), (5, 2, 3));
        assert_eq!(at(99), (99, 2, 5));
    }

    #[test]
    fn located_points_count_on_from_the_nearest_one() {
        let src = "ab\ncdé\nf<x>\n";
        let origin = Origin { local: 1, offset: 50, line: 3, column: 4 };
        let mut located = Located::default();
        // In any order, each answer is the one counted from the origin.
        for local in [5, 9, 2, 7, 12, 4, 1, 0, 13, 99, 8] {
            assert_eq!(located.locate(&origin, src, local), origin.locate(src, local), "at {local}");
        }
        located.clear();
        assert_eq!(located.locate(&origin, src, 7), origin.locate(src, 7));
    }

    #[test]
    fn windows_continue_the_count() {
        let origin = Origin { local: 3, offset: 100, line: 7, column: 3 };
        let window = "<r>éa\nbc";
        assert_eq!(origin.locate(window, 6), (103, 7, 5));
        assert_eq!(origin.locate(window, 8), (105, 8, 2));
        assert_eq!(origin.advanced(window, 8), Origin { local: 8, offset: 105, line: 8, column: 2 });
    }
}
