//! `DAV:href` (RFC 4918 §8.3, §14.7): a URI reference, kept as sent.

use std::borrow::Cow;
use std::fmt;

/// The text of a `DAV:href`, with helpers that never lose the raw form.
///
/// Servers send absolute URLs (`http://host/dav/a%20b`), absolute paths
/// (`/dav/a%20b`), and sometimes unescaped characters; this type keeps what
/// was sent and derives the rest on request.
#[derive(Clone, PartialEq, Eq)]
pub struct Href<'a> {
    raw: Cow<'a, str>,
}

impl<'a> Href<'a> {
    /// Wraps the text content of an href element.
    pub fn new(raw: Cow<'a, str>) -> Self {
        Href { raw }
    }

    /// The text content exactly as sent, surrounding whitespace included.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The href with surrounding ASCII whitespace removed, still
    /// percent-encoded: the form to compare or to send back to the server.
    pub fn as_str(&self) -> &str {
        self.raw.trim_matches(|c: char| c.is_ascii_whitespace())
    }

    /// The trimmed href with `%XX` escapes decoded (RFC 3986 §2.1).
    ///
    /// Malformed escapes are kept literally; byte sequences that do not
    /// decode to UTF-8 become U+FFFD (use [`decoded_bytes`](Self::decoded_bytes)
    /// for the exact bytes). Borrowed when there is nothing to decode.
    pub fn decoded(&self) -> Cow<'_, str> {
        match self.decoded_bytes() {
            Cow::Borrowed(_) => Cow::Borrowed(self.as_str()),
            Cow::Owned(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Cow::Owned(text),
                Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            },
        }
    }

    /// The trimmed href with `%XX` escapes decoded to bytes.
    pub fn decoded_bytes(&self) -> Cow<'_, [u8]> {
        percent_decode(self.as_str())
    }

    /// The path part (RFC 3986 §3.3): for an absolute URL, what follows the
    /// authority; for a reference, what precedes `?` and `#`. Still encoded.
    ///
    /// `http://example.com/dav/a?x` gives `/dav/a`; `http://example.com` gives
    /// `/`; `/dav/a#f` gives `/dav/a`.
    pub fn path(&self) -> &str {
        let href = self.as_str();
        let after_authority = match split_scheme(href) {
            Some(rest) if rest.starts_with("//") => {
                let authority = &rest[2..];
                let end = authority.find(['/', '?', '#']).unwrap_or(authority.len());
                let path = &authority[end..];
                if !path.starts_with('/') {
                    return "/";
                }
                path
            }
            Some(rest) => rest,
            None => href,
        };
        let end = after_authority.find(['?', '#']).unwrap_or(after_authority.len());
        &after_authority[..end]
    }

    /// True when the href is an absolute URL with a scheme (`http://…`),
    /// false for a path or other relative reference.
    pub fn is_absolute(&self) -> bool {
        split_scheme(self.as_str()).is_some()
    }

    /// An owned copy that does not borrow the input.
    pub fn into_owned(self) -> Href<'static> {
        Href { raw: Cow::Owned(self.raw.into_owned()) }
    }
}

impl fmt::Debug for Href<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Href({:?})", self.as_str())
    }
}

impl fmt::Display for Href<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What follows `scheme:` when `href` starts with an RFC 3986 §3.1 scheme.
fn split_scheme(href: &str) -> Option<&str> {
    let colon = href.find(':')?;
    let scheme = &href[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| &href[colon + 1..])
}

/// Decodes `%XX` escapes, keeping malformed ones as they are.
fn percent_decode(text: &str) -> Cow<'_, [u8]> {
    if !text.contains('%') {
        return Cow::Borrowed(text.as_bytes());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(s: &str) -> Href<'_> {
        Href::new(Cow::Borrowed(s))
    }

    #[test]
    fn trims_and_keeps_raw() {
        let h = href("\n  /dav/a%20b \n");
        assert_eq!(h.raw(), "\n  /dav/a%20b \n");
        assert_eq!(h.as_str(), "/dav/a%20b");
        assert_eq!(h.decoded(), "/dav/a b");
    }

    #[test]
    fn decoding() {
        assert!(matches!(href("/plain").decoded(), Cow::Borrowed("/plain")));
        assert_eq!(href("/caf%C3%A9/%2540/%zz/%4").decoded(), "/café/%40/%zz/%4");
        assert_eq!(href("/bad%FF").decoded(), "/bad\u{FFFD}");
        assert_eq!(&*href("/bad%FF").decoded_bytes(), b"/bad\xFF");
    }

    #[test]
    fn paths() {
        assert_eq!(href("http://example.com/dav/a?x=1#f").path(), "/dav/a");
        assert_eq!(href("https://user@example.com:8443").path(), "/");
        assert_eq!(href("/dav/a#f").path(), "/dav/a");
        assert_eq!(href("a%20b.vcf").path(), "a%20b.vcf");
        assert_eq!(href("urn:uuid:f81d4fae").path(), "uuid:f81d4fae");
        assert!(href("http://x/").is_absolute());
        assert!(!href("/x").is_absolute());
    }
}
