//! `DAV:status` (RFC 4918 §14.28): an HTTP status line, as servers really
//! write it.

use std::borrow::Cow;
use std::fmt;

/// The parts of a status line: version, code, reason phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StatusLine<'s> {
    pub(crate) version: &'s str,
    pub(crate) code: u16,
    pub(crate) reason: &'s str,
}

/// Parses `HTTP/<version> <3 digits>[ <reason>]` (RFC 9112 §4 `status-line`),
/// tolerating what servers send: surrounding whitespace and newlines, several
/// spaces between parts, no reason, any case, versions like `HTTP/0.0`
/// (nginx-dav-ext).
pub(crate) fn parse_status_line(text: &str) -> Option<StatusLine<'_>> {
    // What nearly every server sends, `HTTP/1.1 200 OK` with nothing around it, read without the search below.
    if let [b'H', b'T', b'T', b'P', b'/', b'1', b'.', b'1', b' ', d0, d1, d2, rest @ ..] = text.as_bytes() {
        let reason_starts = match rest {
            [] => true,
            [b' ', first, .., last] => !first.is_ascii_whitespace() && !last.is_ascii_whitespace(),
            [b' ', only] => !only.is_ascii_whitespace(),
            _ => false,
        };
        if reason_starts && d0.is_ascii_digit() && d1.is_ascii_digit() && d2.is_ascii_digit() {
            let code = u16::from(d0 - b'0') * 100 + u16::from(d1 - b'0') * 10 + u16::from(d2 - b'0');
            return Some(StatusLine { version: &text[5..8], code, reason: text.get(13..).unwrap_or("") });
        }
    }
    parse_any_status_line(text)
}

/// [`parse_status_line`] for any text, without its shortcut.
fn parse_any_status_line(text: &str) -> Option<StatusLine<'_>> {
    let line = text.trim_ascii();
    let after_scheme = line.get(..5).filter(|s| s.eq_ignore_ascii_case("HTTP/")).map(|_| &line[5..])?;
    let version_end = after_scheme.find(|c: char| c.is_ascii_whitespace())?;
    let version = &after_scheme[..version_end];
    if version.is_empty() {
        return None;
    }
    let rest = after_scheme[version_end..].trim_ascii_start();
    let digits = rest.get(..3).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    let after_code = &rest[3..];
    if !after_code.is_empty() && !after_code.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    let code = digits.parse().ok()?;
    let reason = after_code.trim_ascii();
    Some(StatusLine { version, code, reason })
}

/// A `DAV:status` value: the HTTP status code of a response or propstat,
/// with the raw text kept.
///
/// Strict parsing guarantees a code; a lenient parse keeps a status whose
/// text is no status line with no code (and a [`Warning`](crate::Warning)).
#[derive(Clone, PartialEq, Eq)]
pub struct Status<'a> {
    raw: Cow<'a, str>,
    code: Option<u16>,
}

impl<'a> Status<'a> {
    /// Builds a status from the text of a `DAV:status` element, or `None`
    /// when it is not a status line.
    pub fn parse(raw: Cow<'a, str>) -> Option<Self> {
        let code = parse_status_line(&raw)?.code;
        Some(Status { raw, code: Some(code) })
    }

    pub(crate) fn from_parts(raw: Cow<'a, str>, code: Option<u16>) -> Self {
        Status { raw, code }
    }

    /// The status code, such as `200` or `404`; `None` only after a lenient
    /// parse of text that is no status line.
    pub fn code(&self) -> Option<u16> {
        self.code
    }

    /// True for a 2xx code.
    pub fn is_success(&self) -> bool {
        self.code.is_some_and(|code| (200..300).contains(&code))
    }

    /// The reason phrase as sent, trimmed (`""` when the server sent none).
    /// Informational only: compare [`code`](Self::code), never the reason.
    pub fn reason(&self) -> &str {
        parse_status_line(&self.raw).map_or("", |line| line.reason)
    }

    /// The HTTP version token, such as `1.1`.
    pub fn version(&self) -> &str {
        parse_status_line(&self.raw).map_or("", |line| line.version)
    }

    /// The element's text exactly as sent (untrimmed).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// An owned copy that does not borrow the input.
    pub fn into_owned(self) -> Status<'static> {
        Status { raw: Cow::Owned(self.raw.into_owned()), code: self.code }
    }
}

impl fmt::Debug for Status<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "Status({code} {:?})", self.reason()),
            None => write!(f, "Status(no code: {:?})", self.raw),
        }
    }
}

impl fmt::Display for Status<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code, self.reason()) {
            (None, _) => write!(f, "(no status code) {}", self.raw.trim()),
            (Some(code), "") => write!(f, "{code}"),
            (Some(code), reason) => write!(f, "{code} {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<u16> {
        parse_status_line(s).map(|l| l.code)
    }

    #[test]
    fn debug_shows_code_and_reason_or_the_raw_text() {
        let status = Status::parse(Cow::Borrowed(" HTTP/1.1 404 Not Found\n")).unwrap();
        assert_eq!(format!("{status:?}"), "Status(404 \"Not Found\")");
        let status = Status::from_parts(Cow::Borrowed("gone"), None);
        assert_eq!(format!("{status:?}"), "Status(no code: \"gone\")");
    }

    #[test]
    fn the_shortcut_reads_what_the_general_parse_reads() {
        let lines = [
            "HTTP/1.1 200 OK",
            "HTTP/1.1 404 Not Found",
            "HTTP/1.1 207",
            "HTTP/1.1 200 ",
            "HTTP/1.1 200 O",
            "HTTP/1.1 200  OK",
            "HTTP/1.1 200 OK ",
            "HTTP/1.1 200\tOK",
            "HTTP/1.1 2x0 OK",
            "HTTP/1.1 200OK",
            "HTTP/1.1 999 \u{e9}",
            "HTTP/1.1 200 \n",
            "HTTP/1.1 200 O\r",
            "HTTP/1.1 20",
            "HTTP/1.0 200 OK",
            "http/1.1 200 OK",
            "HTTP/1.1 200 \u{a0}",
        ];
        for line in lines {
            let general = parse_any_status_line(line).map(|l| (l.version, l.code, l.reason));
            assert_eq!(parse_status_line(line).map(|l| (l.version, l.code, l.reason)), general, "{line:?}");
        }
        assert_eq!(
            parse_status_line("HTTP/1.1 200 OK").map(|l| (l.version, l.code, l.reason)),
            Some(("1.1", 200, "OK"))
        );
    }

    #[test]
    fn accepts_what_servers_send() {
        assert_eq!(code("HTTP/1.1 200 OK"), Some(200));
        assert_eq!(code("HTTP/1.0 404 Not Found"), Some(404));
        assert_eq!(code("HTTP/0.0 200 OK"), Some(200));
        assert_eq!(code("HTTP/1.1 200"), Some(200));
        assert_eq!(code("\n   HTTP/1.1 207 Multi-Status\n  "), Some(207));
        assert_eq!(code("http/1.1 424 failed dependency"), Some(424));
        let line = parse_status_line("HTTP/1.1  404  Not  Found").unwrap();
        assert_eq!((line.version, line.code, line.reason), ("1.1", 404, "Not  Found"));
    }

    #[test]
    fn rejects_what_is_not_a_status_line() {
        for bad in [
            "",
            "200 OK",
            "HTTP/1.1 20 OK",
            "HTTP/1.1 2000 OK",
            "HTTP/1.1 200OK",
            "HTTP/1.1",
            "HTTP/ 200 OK",
            "HTTP/1.1 ２００ OK",
        ] {
            assert_eq!(code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn status_parts() {
        let status = Status::parse(Cow::Borrowed(" HTTP/1.1 200 OK ")).unwrap();
        assert_eq!(
            (status.code(), status.reason(), status.version(), status.raw()),
            (Some(200), "OK", "1.1", " HTTP/1.1 200 OK ")
        );
        assert!(status.is_success());
        assert_eq!(status.to_string(), "200 OK");
    }
}
