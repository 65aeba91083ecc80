//! Character data as XML 1.0 defines it: line-end normalisation (§2.11),
//! references (§4.1, §4.6) and attribute-value normalisation (§3.3.3).
//!
//! The parser records text as spans of the input and only comes here when a
//! caller asks for a value that cannot be a plain slice of it.

use std::borrow::Cow;

use crate::lexical::{decode_reference, find_near1, find_near3};
use crate::tree::Span;

/// How the text content of an element maps onto the input, decided while
/// parsing so that reading it later costs nothing in the common case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextState {
    /// No character data at all in the subtree.
    Empty,
    /// All character data is this one span of the input, needing no decoding.
    Borrowed(Span),
    /// Only line feeds, this many (at most [`NEWLINES`]'s length), in
    /// any number of pieces: the text of a container whose server writes a
    /// line feed between tags and no indentation (Apache mod_dav), read
    /// from a static run of line feeds rather than joined from its pieces.
    Newlines(u32),
    /// Several pieces, references, or carriage returns: decode on access.
    Complex,
}

/// What [`TextState::Newlines`] reads from.
pub(crate) const NEWLINES: &str = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\
                                   \n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";

impl TextState {
    /// Appends a piece of literal character data; `line_feeds` when it is
    /// nothing but line feeds.
    #[inline]
    pub(crate) fn push_literal(&mut self, piece: Span, has_cr: bool, line_feeds: bool) {
        if piece.is_empty() {
            return;
        }
        let len = piece.end - piece.start;
        *self = match *self {
            TextState::Empty if line_feeds && len <= NEWLINES.len() => TextState::Newlines(len as u32),
            TextState::Empty if !has_cr => TextState::Borrowed(piece),
            TextState::Newlines(n) if line_feeds => Self::newlines(n as usize + len),
            _ => TextState::Complex,
        };
    }

    /// Appends the text of a closed child element.
    #[inline]
    pub(crate) fn push_child(&mut self, child: TextState) {
        *self = match (*self, child) {
            (state, TextState::Empty) => state,
            (TextState::Empty, child) => child,
            (TextState::Newlines(n), TextState::Newlines(m)) => Self::newlines(n as usize + m as usize),
            _ => TextState::Complex,
        };
    }

    /// `count` line feeds, as [`TextState::Newlines`] while they fit.
    #[inline]
    fn newlines(count: usize) -> TextState {
        if count <= NEWLINES.len() {
            TextState::Newlines(count as u32)
        } else {
            TextState::Complex
        }
    }
}

/// Appends `raw` to `out` with every `\r\n` and lone `\r` turned into `\n`
/// (XML 1.0 §2.11).
pub(crate) fn push_normalized(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        rest = &rest[cr + 1..];
        if rest.starts_with('\n') {
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

/// The DOM `textContent` of already validated element content: all character
/// data and CDATA of the subtree, references decoded, line ends normalised.
/// What a lenient parse kept literally (a dangling `&`, an unknown entity)
/// stays literal; `strip_controls` drops C0 control characters, U+FFFE and U+FFFF.
pub(crate) fn text_content(inner: &str, strip_controls: bool) -> String {
    let mut out = String::with_capacity(inner.len());
    // Containers of properties (`supportedlock`, `resourcetype`) hold tags and line breaks only.
    if push_text_between_plain_tags(inner, &mut out) {
        return if strip_controls { strip_control_chars(out) } else { out };
    }
    // The same buffer for the general scan: a scan rather than a second tokenizer, the markup was checked when it was parsed.
    out.clear();
    let bytes = inner.as_bytes();
    // One search for a carriage return, not one per piece: most bodies have none.
    let has_cr = memchr::memchr(b'\r', bytes).is_some();
    let push = |out: &mut String, piece: &str| {
        if has_cr {
            push_normalized(out, piece);
        } else {
            out.push_str(piece);
        }
    };
    // Text with references and no markup (escaped data, as calendar data): one `memchr` per reference.
    let has_markup = memchr::memchr(b'<', bytes).is_some();
    let next = |bytes: &[u8]| if has_markup { markup_or_reference(bytes) } else { find_near1(b'&', bytes) };
    let mut text_start = 0;
    let mut i = 0;
    while let Some(found) = next(&bytes[i..]) {
        i += found;
        if bytes[i] == b'<' {
            push(&mut out, &inner[text_start..i]);
            i = skip_markup(inner, i, &mut out);
            text_start = i;
            continue;
        }
        // As the scanner reads it: a reference ends at the first `;`
        // before any `&` or `<`; otherwise the `&` is a literal one.
        let rest = &bytes[i + 1..];
        // Byte by byte: a reference is a few bytes long, and the search stops at the next `&` or `<`.
        match rest.iter().position(|&b| matches!(b, b';' | b'&' | b'<')).filter(|&end| rest[end] == b';') {
            Some(end) => {
                push(&mut out, &inner[text_start..i]);
                let name = &inner[i + 1..i + 1 + end];
                match decode_reference(name) {
                    Ok(c) => out.push(c),
                    Err(_) => {
                        out.push('&');
                        out.push_str(name);
                        out.push(';');
                    }
                }
                i += end + 2;
                text_start = i;
            }
            None => i += 1,
        }
    }
    push(&mut out, &inner[text_start.min(bytes.len())..]);
    if strip_controls {
        out = strip_control_chars(out);
    }
    out
}

fn strip_control_chars(mut text: String) -> String {
    text.retain(|c| !crate::lexical::is_control_char(c));
    text
}

/// [`text_content`] of content that is only tags without quoted values and
/// text without references or carriage returns, appended to `out`: the
/// bytes outside `<…>`. `false` for anything else (a reference, CDATA, a
/// comment, a PI, an attribute value, a CR), which the general scan reads;
/// `out` then holds a part of the text.
fn push_text_between_plain_tags(inner: &str, out: &mut String) -> bool {
    let bytes = inner.as_bytes();
    let mut i = 0;
    loop {
        // Text: up to the next tag.
        let text = find_near3(b'<', b'&', b'\r', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        out.push_str(&inner[i..text]);
        match bytes.get(text) {
            None => return true,
            Some(b'<') if !matches!(bytes.get(text + 1), Some(b'!' | b'?')) => {}
            Some(_) => return false,
        }
        // A tag: up to its `>`, which no quote may hide.
        let tag = &bytes[text + 1..];
        match find_near3(b'>', b'"', b'\'', tag) {
            Some(end) if tag[end] == b'>' => i = text + 1 + end + 1,
            _ => return false,
        }
    }
}

/// [`push_text_between_plain_tags`] into a new string, `None` when it cannot read `inner`.
#[cfg(test)]
fn text_between_plain_tags(inner: &str) -> Option<String> {
    let mut out = String::new();
    push_text_between_plain_tags(inner, &mut out).then_some(out)
}

/// Where the next `<` or `&` is: the gaps between tags byte by byte, as
/// they are shorter than a `memchr` call costs; long text by `memchr2`.
#[inline]
fn markup_or_reference(bytes: &[u8]) -> Option<usize> {
    const NEAR: usize = 16;
    let near = &bytes[..bytes.len().min(NEAR)];
    match near.iter().position(|&b| b == b'<' || b == b'&') {
        Some(found) => Some(found),
        None if near.len() < NEAR => None,
        None => memchr::memchr2(b'<', b'&', &bytes[NEAR..]).map(|found| NEAR + found),
    }
}

/// Steps over the markup starting at `inner[at]` (a `<`), appending the
/// content of a CDATA section to `out`; returns the index after it.
fn skip_markup(inner: &str, at: usize, out: &mut String) -> usize {
    let rest = &inner[at..];
    let past = |start: usize, end: &str| rest[start..].find(end).map_or(inner.len(), |e| at + start + e + end.len());
    let bytes = rest.as_bytes();
    match bytes.get(1) {
        Some(b'!') if rest.starts_with("<![CDATA[") => {
            let cdata = &rest[9..];
            let end = cdata.find("]]>").unwrap_or(cdata.len());
            push_normalized(out, &cdata[..end]);
            return past(9, "]]>");
        }
        Some(b'!') if rest.starts_with("<!--") => return past(4, "-->"),
        Some(b'?') => return past(2, "?>"),
        _ => {}
    }
    // A tag: `>` may appear inside quoted attribute values.
    let mut i = 1;
    while let Some(found) = bytes[i..].iter().position(|&b| matches!(b, b'>' | b'"' | b'\'')) {
        i += found;
        if bytes[i] == b'>' {
            return at + i + 1;
        }
        match memchr::memchr(bytes[i], &bytes[i + 1..]) {
            Some(close) => i += close + 2,
            None => break,
        }
    }
    inner.len()
}

/// The value of an attribute given its raw (validated) text between quotes:
/// references decoded and whitespace characters turned into spaces
/// (XML 1.0 §3.3.3; the attribute is treated as CDATA-typed, as without a DTD).
pub(crate) fn attribute_value(raw: &str) -> Cow<'_, str> {
    if !raw.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
        out.push_str(&rest[..i]);
        let special = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        match special {
            b'&' => match rest.find(';').map(|end| (end, decode_reference(&rest[..end]))) {
                Some((end, Ok(c))) => {
                    out.push(c);
                    rest = &rest[end + 1..];
                }
                // Kept literally by a lenient parse.
                _ => out.push('&'),
            },
            // A CR LF pair is one line end, so one space (§2.11 runs first).
            b'\r' => {
                out.push(' ');
                if rest.starts_with('\n') {
                    rest = &rest[1..];
                }
            }
            _ => out.push(' '),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_line_ends() {
        let mut out = String::new();
        push_normalized(&mut out, "a\r\nb\rc\n\r");
        assert_eq!(out, "a\nb\nc\n\n");
    }

    #[test]
    fn text_content_joins_the_subtree() {
        assert_eq!(text_content("a&amp;<x>b<![CDATA[<c>]]></x>&#x44;\r\n<!-- no --><?pi no?>", false), "a&b<c>D\n");
        assert_eq!(text_content("\u{FEFF}\u{FEFF}a&amp;", false), "\u{FEFF}\u{FEFF}a&");
        assert_eq!(text_content("a & b&nbsp;c\u{1}", false), "a & b&nbsp;c\u{1}");
        assert_eq!(text_content("a\u{1}b\u{1F}", true), "ab");
        assert_eq!(text_content("<a x='>' y=\"a>\">b</a>c", false), "bc");
        assert_eq!(text_content("a\r\n<!-- x -->\r<?p ?>\n&#13;\n&bogus;&amp", false), "a\n\n\n\r\n&bogus;&amp");
        assert_eq!(text_content("&a&amp;<x/>&lt;", false), "&a&<");
        assert_eq!(text_content("<![CDATA[a\r\nb]]><![CDATA[]]>", false), "a\nb");
    }

    #[test]
    fn plain_tags_are_read_without_the_general_scan() {
        let supportedlock = "\n<D:lockentry>\n<D:lockscope><D:exclusive/></D:lockscope>\n</D:lockentry>\n";
        assert_eq!(text_between_plain_tags(supportedlock).as_deref(), Some("\n\n\n\n"));
        assert_eq!(text_between_plain_tags("a<b>c > d</b >e").as_deref(), Some("ac > de"));
        for general in ["a&amp;", "a\r\n", "<![CDATA[x]]>", "<!-- c -->", "<?p?>", "<c x='>'/>", "<c x=\"\"/>"] {
            assert_eq!(text_between_plain_tags(general), None, "{general:?}");
        }
        assert_eq!(text_content("a<b>\u{1}</b>", true), "a");
    }

    /// The reading `text_content` replaced: quick-xml's tokenizer over the content.
    fn text_content_by_tokenizer(inner: &str) -> String {
        use quick_xml::events::Event;
        let mut out = String::new();
        let mut inner = inner;
        // quick-xml drops a U+FEFF at the start of what it reads; here it is text.
        while let Some(rest) = inner.strip_prefix('\u{FEFF}') {
            out.push('\u{FEFF}');
            inner = rest;
        }
        let mut reader = quick_xml::Reader::from_str(inner);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Text(text) => push_normalized(&mut out, &text),
                Event::CData(cdata) => push_normalized(&mut out, &cdata),
                Event::GeneralRef(reference) => match decode_reference(&reference) {
                    Ok(c) => out.push(c),
                    Err(_) => out.push_str(&format!("&{};", &*reference)),
                },
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn text_content_agrees_with_the_tokenizer() {
        const PIECES: [&str; 23] = [
            "a",
            " ",
            "\r",
            "\n",
            "\r\n",
            "&amp;",
            "&#13;",
            "&#x1F600;",
            "&lt;",
            "&nbsp;",
            "&",
            ";",
            "\u{FEFF}",
            "<![CDATA[x\r\n]]>",
            "<![CDATA[]]>",
            "<!-- c > -->",
            "<?pi a>b?>",
            "<b>",
            "</b>",
            "<c x='>' y=\">\"/>",
            "é",
            "]]",
            "<d />",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let mut inner = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut pick = state;
            for _ in 0..(pick % 9) {
                pick /= 9;
                if pick == 0 {
                    pick = state.rotate_left(29);
                }
                inner.push_str(PIECES[(pick % PIECES.len() as u64) as usize]);
                pick /= PIECES.len() as u64;
            }
            assert_eq!(text_content(&inner, false), text_content_by_tokenizer(&inner), "{inner:?}");
        }
    }

    #[test]
    fn attribute_values_are_normalised() {
        assert_eq!(attribute_value("plain"), Cow::Borrowed("plain"));
        assert_eq!(attribute_value("a&lt;b\tc\r\nd&#10;"), "a<b c d\n");
        assert_eq!(attribute_value("a & b&nbsp;"), "a & b&nbsp;");
    }

    #[test]
    fn state_merges() {
        let span = Span { start: 1, end: 3 };
        let mut state = TextState::Empty;
        state.push_literal(Span { start: 5, end: 5 }, false, false);
        assert_eq!(state, TextState::Empty);
        state.push_child(TextState::Borrowed(span));
        assert_eq!(state, TextState::Borrowed(span));
        state.push_literal(span, false, false);
        assert_eq!(state, TextState::Complex);
        let mut with_cr = TextState::Empty;
        with_cr.push_literal(span, true, false);
        assert_eq!(with_cr, TextState::Complex);
    }

    #[test]
    fn line_feeds_add_up_while_they_fit() {
        assert!(NEWLINES.bytes().all(|b| b == b'\n'));
        let (one, two) = (Span { start: 1, end: 2 }, Span { start: 7, end: 9 });
        let mut state = TextState::Empty;
        state.push_literal(one, false, true);
        assert_eq!(state, TextState::Newlines(1));
        state.push_child(TextState::Empty);
        state.push_child(TextState::Newlines(3));
        state.push_literal(two, false, true);
        assert_eq!(state, TextState::Newlines(6));
        // Anything else after line feeds, or line feeds after anything else, is joined on access.
        let mut then_text = state;
        then_text.push_literal(one, false, false);
        assert_eq!(then_text, TextState::Complex);
        let mut then_borrowed = state;
        then_borrowed.push_child(TextState::Borrowed(one));
        assert_eq!(then_borrowed, TextState::Complex);
        let mut after_text = TextState::Borrowed(one);
        after_text.push_literal(two, false, true);
        assert_eq!(after_text, TextState::Complex);
        // Past the static run: joined on access too.
        let long = NEWLINES.len() as u32;
        let mut full = TextState::Newlines(long - 1);
        full.push_literal(one, false, true);
        assert_eq!(full, TextState::Newlines(long));
        full.push_literal(one, false, true);
        assert_eq!(full, TextState::Complex);
        // A longer first piece is still one span of the input.
        let longer = Span { start: 0, end: NEWLINES.len() + 1 };
        let mut too_long = TextState::Empty;
        too_long.push_literal(longer, false, true);
        assert_eq!(too_long, TextState::Borrowed(longer));
        let mut children = TextState::Newlines(long);
        children.push_child(TextState::Newlines(1));
        assert_eq!(children, TextState::Complex);
    }
}
