//! `DAV:href` (RFC 4918 §8.3, §14.7): a URI reference, kept as sent.

use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "url")]
use url::Url;

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
        self.raw.trim_ascii()
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

    #[cfg(feature = "url")]
    #[cfg_attr(docsrs, doc(cfg(feature = "url")))]
    /// Resolves the href against the URL of the request it answers
    /// (RFC 3986 §5.2), after [`escaped`](Self::escaped) so that a raw `#` or
    /// space in a server's href stays part of the path.
    ///
    /// A colon in a first segment does not make a scheme unless it is
    /// followed by `//` or names a scheme without authority (`urn:`,
    /// `mailto:`): servers send `a:b.vcf` meaning a file, so it resolves as
    /// the path `./a:b.vcf` (RFC 3986 §4.2).
    pub fn resolve(&self, request: &Url) -> Result<Url, url::ParseError> {
        let escaped = self.escaped();
        match split_scheme(&escaped) {
            Some(rest) if rest.starts_with("//") || is_opaque_scheme(&escaped) => Url::parse(&escaped),
            Some(_) => request.join(&format!("./{escaped}")),
            None => request.join(&escaped),
        }
    }

    #[cfg(feature = "url")]
    #[cfg_attr(docsrs, doc(cfg(feature = "url")))]
    /// True when the href names the request URL itself (the collection a
    /// depth-1 PROPFIND asked about) rather than a member; a trailing slash
    /// on either side does not matter.
    pub fn is_request_target(&self, request: &Url) -> bool {
        self.equivalent(&Href::new(Cow::Borrowed(request.as_str())), request, true)
    }

    #[cfg(feature = "url")]
    #[cfg_attr(docsrs, doc(cfg(feature = "url")))]
    /// RFC 3986 §6.2.2 and §6.2.3 equivalence of two hrefs, each resolved
    /// against `base`: scheme and host case, default ports, dot segments,
    /// case of percent-escapes and escaped unreserved characters do not
    /// matter; with `ignore_trailing_slash`, `/c` and `/c/` are the same.
    pub fn equivalent(&self, other: &Href<'_>, base: &Url, ignore_trailing_slash: bool) -> bool {
        match (self.normalized(base, ignore_trailing_slash), other.normalized(base, ignore_trailing_slash)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    #[cfg(feature = "url")]
    #[cfg_attr(docsrs, doc(cfg(feature = "url")))]
    /// The RFC 3986 §6 normal form of the href resolved against `base`, for
    /// comparing or indexing (`None` if it does not resolve).
    pub fn normalized(&self, base: &Url, strip_trailing_slash: bool) -> Option<String> {
        let url = self.resolve(base).ok()?;
        let mut path = normalize_escapes(url.path());
        if strip_trailing_slash && path.len() > 1 && path.ends_with('/') {
            path.pop();
        }
        let mut out = format!("{}:", url.scheme());
        if let Some(host) = url.host_str() {
            out.push_str("//");
            if !url.username().is_empty() {
                out.push_str(url.username());
                out.push('@');
            }
            out.push_str(host);
            if let Some(port) = url.port() {
                out.push_str(&format!(":{port}"));
            }
        }
        out.push_str(&path);
        if let Some(query) = url.query() {
            out.push('?');
            out.push_str(&normalize_escapes(query));
        }
        Some(out)
    }

    /// True when the href holds a percent-escaped `%` followed by two hex
    /// digits (`%2540`): usually a name escaped twice by a server or client.
    pub fn is_double_encoded(&self) -> bool {
        self.as_str().as_bytes().windows(5).any(|w| {
            w[0] == b'%' && w[1] == b'2' && w[2] == b'5' && w[3].is_ascii_hexdigit() && w[4].is_ascii_hexdigit()
        })
    }

    /// The trimmed href with what may not stand unescaped in a URI path
    /// escaped (RFC 3986 §3.3): spaces, `#`, `?`, non-ASCII, `"`, `<`, `>`,
    /// and `%` not starting an escape. Existing escapes and the scheme and
    /// authority of an absolute URL are kept. Borrowed when nothing changes.
    pub fn escaped(&self) -> Cow<'_, str> {
        let href = self.as_str();
        let path_start = match split_scheme(href) {
            Some(rest) if rest.starts_with("//") => {
                let authority_start = href.len() - rest.len() + 2;
                href[authority_start..].find('/').map_or(href.len(), |i| authority_start + i)
            }
            _ => 0,
        };
        let path = &href[path_start..];
        let bytes = path.as_bytes();
        let needs_escape = |i: usize| {
            let b = bytes[i];
            match b {
                b'%' => {
                    !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                        && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                }
                _ => !(b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b)),
            }
        };
        if !(0..bytes.len()).any(needs_escape) {
            return Cow::Borrowed(href);
        }
        let mut out = String::with_capacity(href.len() + 16);
        out.push_str(&href[..path_start]);
        for (i, &byte) in bytes.iter().enumerate() {
            if needs_escape(i) {
                out.push_str(&format!("%{byte:02X}"));
            } else {
                out.push(byte as char);
            }
        }
        Cow::Owned(out)
    }
}

/// RFC 3986 §4.1 `URI-reference`, checked character by character:
/// unreserved and reserved characters, `%` followed by two hex digits, and
/// at most one `#`. Spaces, raw non-ASCII characters, `"`, `<`, `\\`… are not.
pub(crate) fn is_uri_reference(href: &str) -> bool {
    let bytes = href.as_bytes();
    let mut fragments = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                if !hex {
                    return false;
                }
                i += 2;
            }
            b'#' => fragments += 1,
            b if b.is_ascii_alphanumeric() => {}
            // unreserved, gen-delims but `#`, sub-delims (RFC 3986 §2.2, §2.3)
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'[' | b']' | b'@' => {}
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => {}
            _ => return false,
        }
        i += 1;
    }
    fragments <= 1
}

/// Schemes without an authority that an href may use (`urn:uuid:…` in
/// `DAV:resource-id`, `mailto:` in principal addresses).
#[cfg(feature = "url")]
fn is_opaque_scheme(href: &str) -> bool {
    ["urn:", "mailto:", "tel:", "data:"]
        .iter()
        .any(|scheme| href.len() >= scheme.len() && href[..scheme.len()].eq_ignore_ascii_case(scheme))
}

#[cfg(feature = "url")]
/// Percent-escapes in normal form (RFC 3986 §6.2.2.1 and §6.2.2.2):
/// unreserved characters decoded, the rest in upper-case hex.
fn normalize_escapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if let (b'%', Some(high), Some(low)) =
            (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b)))
        {
            let value = (high * 16 + low) as u8;
            if value.is_ascii_alphanumeric() || b"-._~".contains(&value) {
                out.push(value as char);
            } else {
                out.push_str(&format!("%{value:02X}"));
            }
            i += 3;
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    out
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
    percent_encoding::percent_decode_str(text).into()
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

    #[cfg(feature = "url")]
    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[cfg(feature = "url")]
    #[test]
    fn resolves_against_the_request() {
        let request = url("https://dav.example.com/addressbooks/u/book/");
        let resolved = |h: &str| href(h).resolve(&request).unwrap().to_string();
        assert_eq!(resolved("/addressbooks/u/book/c.vcf"), "https://dav.example.com/addressbooks/u/book/c.vcf");
        assert_eq!(resolved("c.vcf"), "https://dav.example.com/addressbooks/u/book/c.vcf");
        assert_eq!(resolved("a:b.vcf"), "https://dav.example.com/addressbooks/u/book/a:b.vcf");
        assert_eq!(resolved("../other/"), "https://dav.example.com/addressbooks/u/other/");
        assert_eq!(resolved("http://other.example.com:80/x"), "http://other.example.com/x");
        assert_eq!(resolved("urn:uuid:f81d4fae"), "urn:uuid:f81d4fae");
        assert_eq!(resolved("/book/a b#1.vcf"), "https://dav.example.com/book/a%20b%231.vcf");
    }

    #[cfg(feature = "url")]
    #[test]
    fn tells_the_collection_from_its_members() {
        let request = url("http://example.com/dav/Coll");
        assert!(href("http://example.com/dav/Coll/").is_request_target(&request));
        assert!(href("/dav/Coll/").is_request_target(&request));
        assert!(href("/dav/%43oll").is_request_target(&request));
        assert!(!href("http://example.com/dav/Coll/member").is_request_target(&request));
        assert!(!href("/dav/Coll/member").is_request_target(&request));
    }

    #[cfg(feature = "url")]
    #[test]
    fn equivalence() {
        let base = url("http://Example.COM:80/dav/");
        let same = |a: &str, b: &str| href(a).equivalent(&href(b), &base, false);
        assert!(same("/dav/%7Euser/a%2fb", "http://example.com/dav/~user/a%2Fb"));
        assert!(same("caf%c3%a9", "/dav/caf%C3%A9"));
        assert!(same("/dav/./x/../y", "/dav/y"));
        assert!(!same("/dav/a", "/dav/b"));
        assert!(!same("/dav/c", "/dav/c/"));
        assert!(href("/dav/c").equivalent(&href("/dav/c/"), &base, true));
    }

    #[cfg(feature = "url")]
    #[test]
    fn normal_form_spelled_out() {
        let base = Url::parse("https://Example.com:443/dav/").unwrap();
        let normal = |h: &str, strip| href(h).normalized(&base, strip).unwrap();
        assert_eq!(normal("a%7e/./b/../c%2f/", true), "https://example.com/dav/a~/c%2F");
        // User names are case-sensitive (RFC 3986 §6.2.2.1); `?` is part of an href's path.
        assert_eq!(normal("HTTP://Alice@Example.com:8080/x?q=%7e", false), "http://Alice@example.com:8080/x%3Fq=~");
        // The root keeps its slash even when trailing slashes are stripped.
        assert_eq!(normal("/", true), "https://example.com/");
    }

    #[test]
    fn double_encoding_and_escaping() {
        assert!(href("/a/%2540b").is_double_encoded());
        assert!(!href("/a/%40b").is_double_encoded());
        // Each part of `%25XX` is needed: no `%`, no `25`, no hex digits after it.
        for single in ["/x25ab", "/a%2000", "/a%3540", "/a%25zz", "/a%254", "/%2"] {
            assert!(!href(single).is_double_encoded(), "{single}");
        }
        assert_eq!(href("/a b/c#d?e%zz%41é").escaped(), "/a%20b/c%23d%3Fe%25zz%41%C3%A9");
        assert!(matches!(href("/plain/a%20b").escaped(), Cow::Borrowed(_)));
        assert_eq!(href("http://h:8080/a b").escaped(), "http://h:8080/a%20b");
        // A scheme without an authority: all of the rest is escaped.
        assert_eq!(href("urn:a b/c d").escaped(), "urn:a%20b/c%20d");
        // The authority is kept as it is, brackets of an IPv6 address included.
        assert_eq!(href("http://[::1]:8080/a b[").escaped(), "http://[::1]:8080/a%20b%5B");
        assert_eq!(href("https://[::1]").escaped(), "https://[::1]");
        // A `%` needs two hex digits after it to start an escape.
        assert_eq!(href("/a%4zb%z4c%4").escaped(), "/a%254zb%25z4c%254");
    }

    #[test]
    fn uri_references_by_rfc_3986() {
        for valid in ["", "/a%41b", "http://h:1/a?b=c&d=e;f#g", "urn:x:y", "%41%42", "/a/[::1]@!$'()*+,=~._-"] {
            assert!(is_uri_reference(valid), "{valid}");
        }
        for invalid in [
            "/a b",
            "/a%4",
            "/a%4g",
            "/a%g4",
            "#a#b",
            "/ä",
            "/a%41 ",
            "/ab%41 ",
            "/abcd%41<",
            "%41%4",
            "/a\"b",
            "/a<b>",
            "/a\\b",
            "/a{b}",
        ] {
            assert!(!is_uri_reference(invalid), "{invalid}");
        }
    }

    #[test]
    fn schemes_by_rfc_3986() {
        assert_eq!(split_scheme("HTTP+x-1.y:rest"), Some("rest"));
        assert_eq!(split_scheme("mailto:a@b"), Some("a@b"));
        for no_scheme in ["1a:b", "a_b:c", "+a:b", ":a", "/a:b", "a b:c", "abc"] {
            assert_eq!(split_scheme(no_scheme), None, "{no_scheme}");
        }
    }

    #[test]
    fn shown_trimmed() {
        assert_eq!(format!("{:?}", href(" /a b\n")), "Href(\"/a b\")");
        assert_eq!(href("\t/a b ").to_string(), "/a b");
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
