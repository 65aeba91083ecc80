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
    /// The root element is not `{DAV:}multistatus` (an HTML error page or a
    /// `DAV:error` body, for instance). Holds `{namespace}local-name`.
    NotMultistatus(String),
    /// An element RFC 4918 §14 requires is missing (for example a response
    /// without `href`, or a propstat without `status`).
    MissingElement(&'static str),
    /// An element that may appear once appears again.
    DuplicateElement(&'static str),
    /// A response that mixes forms RFC 4918 §14.24 keeps apart (both `status`
    /// and `propstat`, or several hrefs with `propstat`).
    InvalidResponse(&'static str),
    /// A `DAV:status` whose text is not an HTTP status line (RFC 4918 §14.28).
    InvalidStatusLine(String),
    /// Elements nest deeper than [`Config::max_depth`](crate::Config::max_depth).
    DepthLimitExceeded(usize),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnexpectedEof => f.write_str("unexpected end of input: the document is truncated"),
            ErrorKind::NoRootElement => f.write_str("no root element: the body is empty"),
            ErrorKind::InvalidUtf8 => f.write_str("input is not valid utf-8"),
            ErrorKind::InvalidChar(c) => write!(f, "character U+{:04X} is not allowed in xml", *c as u32),
            ErrorKind::UnsupportedEncoding(e) => write!(f, "unsupported encoding `{e}`: only utf-8 is read"),
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
            ErrorKind::NotMultistatus(n) => write!(f, "root element is `{n}`, expected `{{DAV:}}multistatus`"),
            ErrorKind::MissingElement(m) => write!(f, "missing element: {m}"),
            ErrorKind::DuplicateElement(m) => write!(f, "duplicate element: {m}"),
            ErrorKind::InvalidResponse(m) => write!(f, "invalid response: {m}"),
            ErrorKind::InvalidStatusLine(s) => write!(f, "invalid status line `{s}`"),
            ErrorKind::DepthLimitExceeded(n) => write!(f, "elements nest deeper than the limit of {n}"),
        }
    }
}

/// A parse error: its [`ErrorKind`], the byte offset of the offending markup,
/// and the same position as 1-based line and column (counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
    line: usize,
    column: usize,
}

impl Error {
    /// Builds an error at `offset` of `src`, computing line and column.
    pub(crate) fn at(kind: ErrorKind, src: &str, offset: usize) -> Self {
        let (line, column) = line_column(src, offset);
        Error { kind, offset, line, column }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Byte offset in the input where the offending markup starts.
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

    /// True when the input ended mid-document: it may be a cut body rather
    /// than a malformed one.
    pub fn is_truncated(&self) -> bool {
        self.kind == ErrorKind::UnexpectedEof
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}:{} (byte {})", self.kind, self.line, self.column, self.offset)
    }
}

impl std::error::Error for Error {}

/// 1-based line and column (in characters) of byte `offset` in `src`.
fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    (line, 1 + before[line_start..].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a\nbé<x";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 2), (2, 1));
        assert_eq!(line_column(src, 5), (2, 3));
        assert_eq!(line_column(src, 99), (2, 5));
    }
}
