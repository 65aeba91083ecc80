//! Which encoding a body is in (XML 1.0 §4.3.3 and Appendix F), and
//! transcoding what is not UTF-8, once, into UTF-8.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::ErrorKind;

/// What the first bytes of a body say about its encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detected {
    /// UTF-8 (or US-ASCII, a subset): parsed as it is.
    Utf8,
    /// Another encoding: transcoded to UTF-8 first. `bom` bytes of byte order
    /// mark come first and are not text.
    Other { encoding: &'static Encoding, bom: usize },
    /// More bytes are needed to see the whole XML declaration.
    NeedMore,
    /// An encoding this crate cannot read.
    Unsupported(String),
}

/// First bytes of UTF-32 (UCS-4) bodies (XML 1.0 Appendix F), and its name.
const UTF32_STARTS: [(&[u8], &str); 4] = [
    (b"\x00\x00\xFE\xFF", "UTF-32BE"),
    (b"\xFF\xFE\x00\x00", "UTF-32LE"),
    (b"\x00\x00\x00<", "UTF-32BE"),
    (b"<\x00\x00\x00", "UTF-32LE"),
];

/// True for labels of UTF-16, the only encoding detected without its label.
pub(crate) fn is_utf16_label(label: &[u8]) -> bool {
    Encoding::for_label(label).is_some_and(is_utf16)
}

/// True for UTF-16 in either byte order.
pub(crate) fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// How far to look for the end of an XML declaration.
const DECLARATION_LIMIT: usize = 1024;

/// Detects the encoding from a byte order mark, the first characters, or
/// the `encoding` of an ASCII-compatible XML declaration. `complete` says
/// `prefix` is the whole body.
pub(crate) fn detect(prefix: &[u8], complete: bool) -> Detected {
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        return Detected::Utf8;
    }
    // XML 1.0 Appendix F: UCS-4 by byte order mark or by `<`, not read (and
    // `FF FE 00 00` is no UTF-16 mark, so wait for four bytes to tell).
    for (start, name) in UTF32_STARTS {
        if prefix.starts_with(start) {
            return Detected::Unsupported(name.into());
        }
    }
    if !complete && prefix.len() < 4 && UTF32_STARTS.iter().any(|(start, _)| start.starts_with(prefix)) {
        return Detected::NeedMore;
    }
    if prefix.starts_with(b"\xFE\xFF") {
        return Detected::Other { encoding: UTF_16BE, bom: 2 };
    }
    if prefix.starts_with(b"\xFF\xFE") {
        return Detected::Other { encoding: UTF_16LE, bom: 2 };
    }
    if prefix.starts_with(b"\x00<\x00?") {
        return Detected::Other { encoding: UTF_16BE, bom: 0 };
    }
    if prefix.starts_with(b"<\x00?\x00") {
        return Detected::Other { encoding: UTF_16LE, bom: 0 };
    }
    // Too few bytes to tell a byte order mark or a declaration apart.
    if prefix.len() < 5 && !complete {
        return Detected::NeedMore;
    }
    if !prefix.starts_with(b"<?xml") {
        return Detected::Utf8;
    }
    // What nearly every server sends, compared before any search for the declaration's end.
    if COMMON_DECLARATIONS.iter().any(|decl| prefix.starts_with(decl.as_bytes())) {
        return Detected::Utf8;
    }
    // Within the first DECLARATION_LIMIT bytes, `?>` included, so that a
    // stream deciding on that many bytes decides as a whole body does.
    let head = &prefix[..prefix.len().min(DECLARATION_LIMIT)];
    let Some(end) = memchr::memchr_iter(b'?', head).find(|&at| head.get(at + 1) == Some(&b'>')) else {
        return if complete || prefix.len() >= DECLARATION_LIMIT { Detected::Utf8 } else { Detected::NeedMore };
    };
    // What nearly every server sends declares UTF-8 or nothing, and needs no search for its label.
    if std::str::from_utf8(&prefix[..end + 2]).is_ok_and(|decl| common_declaration(decl).is_some()) {
        return Detected::Utf8;
    }
    match declared_encoding(&prefix[..end]) {
        None => Detected::Utf8,
        Some(label) if is_utf8_label(label) => Detected::Utf8,
        Some(label) => match Encoding::for_label(label) {
            // A UTF-16 label on bytes that read as ASCII contradicts itself.
            Some(encoding) if encoding != UTF_16BE && encoding != UTF_16LE && encoding != UTF_8 => {
                Detected::Other { encoding, bom: 0 }
            }
            _ => Detected::Unsupported(String::from_utf8_lossy(label).into_owned()),
        },
    }
}

/// True for labels read as UTF-8 without transcoding.
pub(crate) fn is_utf8_label(label: &[u8]) -> bool {
    // The label nearly every body declares, compared as it is first.
    label == b"utf-8"
        || label == b"UTF-8"
        || ["utf-8", "utf8", "us-ascii", "ascii"].iter().any(|l| label.eq_ignore_ascii_case(l.as_bytes()))
}

/// The value of `encoding="…"` in the bytes of an XML declaration.
fn declared_encoding(declaration: &[u8]) -> Option<&[u8]> {
    let at = declaration.windows(8).position(|w| w == b"encoding")?;
    let mut rest = &declaration[at + 8..];
    let skip_space = |bytes: &mut &[u8]| {
        while bytes.first().is_some_and(|b| b.is_ascii_whitespace()) {
            *bytes = &bytes[1..];
        }
    };
    skip_space(&mut rest);
    rest = rest.strip_prefix(b"=")?;
    skip_space(&mut rest);
    let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let value = &rest[1..];
    let len = value.iter().position(|&b| b == quote)?;
    Some(&value[..len])
}

/// The spellings of the XML declaration that servers send (Apache,
/// lighttpd and PyWebDAV3; WsgiDAV and the RFCs' examples; Radicale),
/// each with its UTF-8 label at the same offset, which
/// [`common_declaration`] returns.
const COMMON_DECLARATIONS: [&str; 4] = [
    r#"<?xml version="1.0" encoding="utf-8"?>"#,
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<?xml version="1.0" encoding="utf-8" ?>"#,
    "<?xml version='1.0' encoding='utf-8'?>",
];

/// The encoding declared by what nearly every server sends, `<?xml
/// version="1.0" encoding="utf-8"?>` with either quotes, either case of
/// `utf-8`, no encoding, or a space before `?>`: `None` for any other
/// declaration, which the general parse reads. Valid by XML 1.0 §2.8.
pub(crate) fn common_declaration(decl: &str) -> Option<Option<&str>> {
    // Compared whole first: a body's declaration is read here twice.
    const LABEL: std::ops::Range<usize> =
        r#"<?xml version="1.0" encoding=""#.len()..r#"<?xml version="1.0" encoding="utf-8"#.len();
    if COMMON_DECLARATIONS.contains(&decl) {
        return Some(Some(&decl[LABEL]));
    }
    let quoted = |rest: &str, value: &str| -> Option<usize> {
        let quote = *rest.as_bytes().first().filter(|&&q| q == b'"' || q == b'\'')?;
        let end = value.len() + 1;
        (rest.get(1..end)?.eq_ignore_ascii_case(value) && rest.as_bytes().get(end) == Some(&quote)).then_some(end + 1)
    };
    let rest = decl.strip_prefix("<?xml version=")?;
    let version = quoted(rest, "1.0")?;
    let rest = rest[version..].strip_suffix("?>")?;
    let rest = rest.strip_suffix(' ').unwrap_or(rest);
    if rest.is_empty() {
        return Some(None);
    }
    let rest = rest.strip_prefix(" encoding=")?;
    (quoted(rest, "utf-8")? == rest.len()).then(|| Some(&rest[1..6]))
}

/// Transcodes a whole body to UTF-8: the text that decodes, and if some did
/// not, the error and where it stops in the UTF-8 text.
pub(crate) fn transcode(bytes: &[u8], encoding: &'static Encoding, bom: usize) -> (String, Option<(usize, ErrorKind)>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let failure = decode(&mut decoder, &bytes[bom.min(bytes.len())..], true, &mut text).err();
    (text, failure.map(|(kind, at)| (at, kind)))
}

/// Appends the UTF-8 for `bytes` to `out`; `last` at the end of input.
pub(crate) fn decode(
    decoder: &mut encoding_rs::Decoder,
    mut bytes: &[u8],
    last: bool,
    out: &mut String,
) -> Result<(), (ErrorKind, usize)> {
    loop {
        let room = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3 + 16);
        out.reserve(room);
        let (result, read) = decoder.decode_to_string_without_replacement(bytes, out, last);
        bytes = &bytes[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(()),
            encoding_rs::DecoderResult::OutputFull => continue,
            encoding_rs::DecoderResult::Malformed(..) => {
                return Err((ErrorKind::InvalidEncoding(decoder.encoding().name().to_owned()), out.len()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    #[test]
    fn detects_encodings() {
        assert_eq!(detect(b"<D:multistatus/>", true), Detected::Utf8);
        assert_eq!(detect(b"\xEF\xBB\xBF<x/>", true), Detected::Utf8);
        assert_eq!(detect(b"\xFF\xFE<\x00", true), Detected::Other { encoding: UTF_16LE, bom: 2 });
        assert_eq!(detect(b"\xFE\xFF\x00<", true), Detected::Other { encoding: UTF_16BE, bom: 2 });
        assert_eq!(detect(b"<\x00?\x00x\x00", true), Detected::Other { encoding: UTF_16LE, bom: 0 });
        assert_eq!(
            detect(b"<?xml version='1.0' encoding='ISO-8859-1'?><x/>", true),
            Detected::Other { encoding: WINDOWS_1252, bom: 0 }
        );
        assert_eq!(
            detect(b"<?xml version=\"1.0\" encoding = \"windows-1252\" ?>", true),
            Detected::Other { encoding: WINDOWS_1252, bom: 0 }
        );
        assert_eq!(detect(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>", true), Detected::Utf8);
        assert_eq!(detect(b"<?xml version=\"1.0\"?>", true), Detected::Utf8);
        // A declaration must end within the first 1,024 bytes to be read.
        let mut long = b"<?xml version='1.0' encoding='ISO-8859-1'".to_vec();
        long.resize(1023, b' ');
        long.extend_from_slice(b"?><x/>");
        assert_eq!(detect(&long, true), Detected::Utf8);
        assert_eq!(detect(&long[..1024], false), Detected::Utf8);
        long.remove(1000);
        assert_eq!(detect(&long, true), Detected::Other { encoding: WINDOWS_1252, bom: 0 });
        assert_eq!(
            detect(b"<?xml version=\"1.0\" encoding=\"klingon\"?>", true),
            Detected::Unsupported("klingon".into())
        );
        assert_eq!(
            detect(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>", true),
            Detected::Unsupported("UTF-16".into())
        );
        assert_eq!(detect(b"\xFF\xFE\x00\x00<\x00\x00\x00", true), Detected::Unsupported("UTF-32LE".into()));
        assert_eq!(detect(b"\x00\x00\xFE\xFF\x00\x00\x00<", true), Detected::Unsupported("UTF-32BE".into()));
        assert_eq!(detect(b"\x00\x00\x00<", true), Detected::Unsupported("UTF-32BE".into()));
        assert_eq!(detect(b"\xFF\xFE\x00", false), Detected::NeedMore);
        assert_eq!(detect(b"\xFF\xFE<\x00", false), Detected::Other { encoding: UTF_16LE, bom: 2 });
        assert_eq!(detect(b"<?xm", false), Detected::NeedMore);
        assert_eq!(detect(b"<?xml version=\"1.0\" enc", false), Detected::NeedMore);
    }

    #[test]
    fn the_common_declarations_are_utf_8_as_the_general_parse_reads_them() {
        for decl in COMMON_DECLARATIONS {
            // What the search for the declaration's end and the label's read would have said.
            let label = declared_encoding(&decl.as_bytes()[..decl.len() - 2]).expect("a label");
            assert!(is_utf8_label(label), "{decl}");
            assert_eq!(common_declaration(decl), Some(Some(std::str::from_utf8(label).unwrap())), "{decl}");
            let body = format!("{decl}<D:multistatus xmlns:D=\"DAV:\"/>");
            assert_eq!(detect(body.as_bytes(), true), Detected::Utf8, "{decl}");
            assert_eq!(detect(body.as_bytes(), false), Detected::Utf8, "{decl}");
        }
        // A spelling one byte off is the general parse's, which reads its label.
        let latin = r#"<?xml version="1.0" encoding="latin1"?><x/>"#;
        assert_eq!(detect(latin.as_bytes(), true), Detected::Other { encoding: WINDOWS_1252, bom: 0 });
    }

    #[test]
    fn transcodes() {
        assert_eq!(transcode(b"caf\xE9", WINDOWS_1252, 0), ("café".into(), None));
        assert_eq!(transcode(b"\xFF\xFEa\x00\xE9\x00", UTF_16LE, 2), ("aé".into(), None));
        let broken = transcode(b"a\x00\x00\xD8b\x00", UTF_16LE, 0);
        assert_eq!(broken, ("a".into(), Some((1, ErrorKind::InvalidEncoding("UTF-16LE".into())))));
    }
}
