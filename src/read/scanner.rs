//! The scanner: XML 1.0 markup found in one forward pass over text, one
//! token at a time, resumable at any byte.
//!
//! It works on a window of text that may end before the document does:
//! when a token is still open at the end of the window and more may come,
//! [`Scanner::next_closing`] says [`Scanned::NeedMore`] and keeps how far it has
//! searched, so the search goes on from there when the window has grown
//! (httparse's `Partial`). No byte is searched twice, whatever the chunks,
//! but for the bounded look-ahead past a start tag that reads an element
//! holding only text as one token ([`Token::Element`]), and a reference
//! the window ends inside, which text stops before.
//!
//! Tokens are spans of the window. What a token means — names, attributes,
//! references, namespaces, RFC 4918 structure — is the machine's to check,
//! but for the one name the scanner reads twice anyway: an end tag that
//! repeats the innermost open element's name, which the machine gives on
//! request, is matched here ([`Token::EndOfOpen`]), as is the end tag of a
//! [`Token::Element`].
//! Where the whole of it is in the window, the commonest runs of events are
//! one token, to spare a round trip per event: an element holding only text
//! ([`Token::Element`]), text with its references ([`Token::Referenced`]),
//! and the indentation between tags ([`Token::Space`]), handed on with the
//! tag after it ([`Scanned::Spaced`]); read apart, as a window ending inside
//! them makes them, they are the same events.

use memchr::{memchr, memchr2, memchr3};

use crate::lexical::{
    decode_reference, is_xml_space, name_class, same_name, slice, split_classified, tag_name, COLON, NOT_NAME,
};
use crate::tree::Span;

/// A start tag's qualified name: its length in the tag's content, and its
/// prefix and local part when it is a valid `QName` (Namespaces in XML 1.0 §4).
pub(crate) type TagName<'s> = (usize, Option<(&'s str, &'s str)>);

/// One piece of markup or text, borrowing the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'s> {
    /// `<name attributes>` (or `<name attributes/>` when `empty`): the
    /// content between `<` and `>` (or `/>`), and the name it starts with.
    Start { content: &'s str, empty: bool, name: TagName<'s> },
    /// `<name attributes>text</name>`, all in the window: a start tag (its
    /// content and name as in `Start`), text with no markup or reference,
    /// and the end tag repeating the name exactly. One token for the three
    /// of a typical property value.
    Element { content: &'s str, name: TagName<'s>, text: &'s str },
    /// `</name>`: the name, without the whitespace allowed after it.
    End(&'s str),
    /// `</name>` repeating exactly the name of the innermost open element,
    /// which the machine passed to [`Scanner::next_closing`]: matched here
    /// (XML 1.0 §3), where its bytes are read anyway.
    EndOfOpen,
    /// Literal text, up to the next `<` or `&` (in lenient mode a text may
    /// start with an `&` that starts no reference).
    Text(&'s str),
    /// Spaces, tabs and line feeds up to a `<`, not resumed: text with
    /// nothing in it to check (the indentation between tags).
    Space(&'s str),
    /// `&name;`: the name between `&` and `;`.
    Reference(&'s str),
    /// Literal text and the references in it, up to the next `<` (or an
    /// `&` that starts no reference in the window): every `&` in it starts
    /// `&name;`, with no `&` or `<` in the name. One token for what would
    /// be a `Text` and `Reference` each (escaped text, as in calendar data).
    /// `decodable` when every reference in it is one
    /// [`decode_reference`] decodes, which the machine then need not ask again.
    Referenced { text: &'s str, decodable: bool },
    /// `<![CDATA[content]]>`: the content.
    CData(&'s str),
    /// `<!--content-->`: the content.
    Comment(&'s str),
    /// `<?target data?>`: what is between `<?` and `?>`.
    Pi(&'s str),
    /// `<?xml …?>` (XML 1.0 §2.8), checked by the machine.
    Declaration,
    /// `<!DOCTYPE name …>`: what follows `DOCTYPE` and its whitespace.
    Doctype(&'s str),
    /// The end of the text, once the front end says nothing follows.
    Eof,
}

/// Markup the scanner cannot make a token of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScanError {
    /// Markup still open where the text ends (at its `<`): a cut, if the
    /// input ends there.
    Unclosed,
    /// `<!` followed by what starts no comment, CDATA section or doctype (at the `<`).
    InvalidBang,
    /// Markup closed by a `>` but not what it started as, reported at that `>`.
    Malformed(&'static str),
    /// Strict mode: `&` with no `;` before the next `&`, `<` or the end (at the `&`).
    UnclosedReference,
    /// XML 1.0 §2.5: `--` inside a comment, at its first `-`.
    DoubleHyphen(usize),
}

/// What [`Scanner::next_closing`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scanned<'s> {
    /// A token and its window span `before..after`.
    Token(Token<'s>, usize, usize),
    /// A [`Token::Space`] from `space` to `before`, then a tag token
    /// (`Start`, `End` or `Element`) at `before..after`: the indentation
    /// and the tag after it, when both are whole in the window. Read apart
    /// they are the two tokens.
    Spaced(usize, Token<'s>, usize, usize),
    /// The window ends inside a token (or before one): feed more and call again.
    NeedMore,
    /// Broken markup starting at window position `before`; the scan got to `after`.
    Error(ScanError, usize, usize),
}

/// The messages of [`ScanError::Malformed`].
pub(crate) const MALFORMED_PI: &str = "malformed processing instruction: a target name follows `<?`, `?>` ends it";
pub(crate) const MALFORMED_COMMENT: &str = "malformed comment: `<!--` starts it, `-->` ends it";
pub(crate) const MALFORMED_CDATA: &str = "malformed cdata section: `<![CDATA[` starts it, `]]>` ends it";
pub(crate) const INVALID_BANG: &str = "`<!` starts no comment, cdata section or doctype";

/// How far the search through a doctype has got (XML 1.0 §2.8 `doctypedecl`):
/// quoted literals and an internal subset may hold a `>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Doctype {
    /// Before or after the internal subset.
    #[default]
    Outside,
    /// Inside a quoted literal outside the subset.
    OutsideQuoted(u8),
    /// In the internal subset; how much of `<!--` was just seen.
    Subset(u8),
    /// Inside a quoted literal in the subset.
    SubsetQuoted(u8),
    /// Inside a comment in the subset; how many `-` were just seen.
    SubsetComment(u8),
    /// After the subset's `]`: the next `>` ends the doctype.
    AfterSubset,
}

/// The scanner's place in the text. See the module documentation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scanner {
    /// Window position where the next token starts.
    pos: usize,
    /// How far the search for the end of that token has got.
    searched: usize,
    /// The quote an unfinished tag is inside at `searched` (0: none).
    quote: u8,
    /// An unfinished text has passed references before `searched`.
    references: bool,
    /// One of them is no reference [`decode_reference`] decodes.
    undecodable: bool,
    doctype: Doctype,
    /// A dangling `&` is text (lenient), not an error.
    lenient: bool,
    /// Nothing has been read yet: a byte order mark may come first.
    at_start: bool,
}

/// Below this many bytes a search goes byte by byte: what a window has
/// grown by since the last search (a byte pushed at a time) is shorter than
/// a `memchr` call costs.
const SHORT: usize = 16;

/// `memchr`, short haystacks byte by byte (see [`SHORT`]).
#[inline(always)]
fn find1(a: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < SHORT {
        haystack.iter().position(|&x| x == a)
    } else {
        memchr(a, haystack)
    }
}

/// `memchr2`, short haystacks byte by byte (see [`SHORT`]).
#[inline(always)]
fn find2(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < SHORT {
        haystack.iter().position(|&x| x == a || x == b)
    } else {
        memchr2(a, b, haystack)
    }
}

/// `memchr3`, short haystacks byte by byte (see [`SHORT`]).
#[inline(always)]
fn find3(a: u8, b: u8, c: u8, haystack: &[u8]) -> Option<usize> {
    if haystack.len() < SHORT {
        haystack.iter().position(|&x| x == a || x == b || x == c)
    } else {
        memchr3(a, b, c, haystack)
    }
}

/// The token at `before..after`, after the indentation from `space` when
/// `space < before` ([`Scanned::Spaced`]): built where it is returned, as a
/// copy of a finished token (written field by field, read back in wider
/// moves) stalls on store forwarding.
#[inline(always)]
fn spaced(space: usize, token: Token<'_>, before: usize, after: usize) -> Scanned<'_> {
    if space < before {
        Scanned::Spaced(space, token, before, after)
    } else {
        Scanned::Token(token, before, after)
    }
}

/// How far past a start tag the scanner looks for its text's end and end
/// tag, to read them as one [`Token::Element`]: text this short is searched
/// twice at most when it is not one.
const ELEMENT_LOOKAHEAD: usize = 256;

/// The bytes that end the name of an end tag, for the scanner: `>`, a
/// quote (the general search takes over) and XML whitespace.
const ENDS_END_TAG_NAME: [bool; 256] = {
    let mut table = [false; 256];
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// The byte order mark, which is no part of the document (XML 1.0 §4.3.3, appendix F.1).
const BOM: &str = "\u{FEFF}";

impl Scanner {
    /// A scanner at the start of a document.
    pub(crate) fn new(lenient: bool) -> Self {
        Scanner { lenient, at_start: true, ..Scanner::default() }
    }

    /// Window position where the next token starts.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Moves the scanner with its text, when a front end drops or moves the
    /// text before [`pos`](Self::pos): positions shift by `by`.
    pub(crate) fn shift(&mut self, by: isize) {
        self.pos = self.pos.wrapping_add_signed(by);
        self.searched = self.searched.wrapping_add_signed(by);
    }

    /// [`next_closing`](Self::next_closing) with no open element named: the scanner's tests.
    #[cfg(test)]
    pub(crate) fn next<'s>(&mut self, src: &'s str, at_end: bool) -> Scanned<'s> {
        self.next_closing(src, at_end, || None)
    }

    /// The next token of `src`, the window; `at_end` says nothing will be
    /// added to it (then an open token is an error, never `NeedMore`).
    /// `open` gives the name of the innermost open element (window
    /// positions), asked only at an end tag: one that repeats it exactly is
    /// [`Token::EndOfOpen`].
    #[inline(always)]
    pub(crate) fn next_closing<'s>(
        &mut self,
        src: &'s str,
        at_end: bool,
        open: impl Fn() -> Option<Span>,
    ) -> Scanned<'s> {
        // Said before the call to the readers, which costs more than this when bytes are pushed one at a time.
        if !at_end && self.resumed_still_open(src) {
            return Scanned::NeedMore;
        }
        self.scan(src, at_end, open)
    }

    /// True when the token the last scan stopped in (the window ended
    /// inside it) is still open in `src`, the window grown since: the next
    /// scan would only say [`Scanned::NeedMore`]. The bytes added are then
    /// searched, and not again.
    #[inline(always)]
    pub(crate) fn resumed_still_open(&mut self, src: &str) -> bool {
        let (bytes, start) = (src.as_bytes(), self.pos);
        if self.searched > start && bytes.get(start).is_some_and(|&first| self.still_open(bytes, start, first)) {
            self.searched = bytes.len();
            return true;
        }
        false
    }

    /// [`next_closing`](Self::next_closing) past a resumed token still open.
    /// Inlined: its callers are the machine's loop, where a call per token
    /// cost about 2 % of the instructions, and a streaming front end's
    /// first look at a window.
    #[inline(always)]
    fn scan<'s>(&mut self, src: &'s str, at_end: bool, open: impl Fn() -> Option<Span>) -> Scanned<'s> {
        let bytes = src.as_bytes();
        if self.at_start {
            // Whole characters only are in the window: a BOM is there whole or not at all.
            if bytes.len() == self.pos && !at_end {
                return Scanned::NeedMore;
            }
            self.at_start = false;
            if src[self.pos..].starts_with(BOM) {
                self.pos += BOM.len();
                self.searched = self.pos;
            }
        }
        let start = self.pos;
        let Some(&first) = bytes.get(start) else {
            return if at_end { Scanned::Token(Token::Eof, start, start) } else { Scanned::NeedMore };
        };
        // The line break and indentation before a tag are read with it (one token spares a round trip).
        let mut at = start;
        if !matches!(first, b'<' | b'&') && self.searched <= start {
            let mut from = start;
            while bytes.get(from).is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n')) {
                from += 1;
            }
            if bytes.get(from) == Some(&b'<') {
                at = from;
            }
        }
        let found = match bytes[at] {
            // Other markup after the indentation is read as a token of its own.
            b'<' if at > start && matches!(bytes.get(at + 1), Some(b'!' | b'?') | None) => {
                Scanned::Token(Token::Space(slice(src, start, at)), start, at)
            }
            b'<' => match bytes.get(at + 1) {
                None => Self::open_at_end(at_end, start, src.len()),
                Some(b'?') => self.pi(src, start, at_end),
                Some(b'!') => self.bang(src, start, at_end),
                Some(&b) => match self.tag(src, start, at, at_end, b == b'/', open) {
                    // The tag after the indentation is not whole: the indentation is a token of its own.
                    found if at > start && !matches!(found, Scanned::Spaced(..)) => {
                        Scanned::Token(Token::Space(slice(src, start, at)), start, at)
                    }
                    found => found,
                },
            },
            b'&' => self.reference(src, start, at_end),
            _ => self.text(src, start, at_end),
        };
        match found {
            Scanned::Token(_, _, after) | Scanned::Spaced(_, _, _, after) => {
                self.pos = after;
                self.searched = after;
                self.quote = 0;
                self.doctype = Doctype::Outside;
            }
            Scanned::Error(..) => {
                // Nothing is read after an error: the document has ended.
                self.pos = bytes.len();
                self.searched = bytes.len();
            }
            Scanned::NeedMore => self.searched = bytes.len(),
        }
        found
    }

    /// Whether the tag or text at `start` (starting with `first`), searched
    /// up to `searched`, stays open whatever the bytes since then are: none
    /// of them can end it or change how it is searched (a `>` or quote in a
    /// tag, the closing quote inside one, a `<` or `&` in text). Spares a
    /// resumed search the dispatch to the token's reader, which is most of
    /// the work when bytes are pushed one at a time. Other markup and
    /// references are left to their readers.
    #[inline(always)]
    fn still_open(&self, bytes: &[u8], start: usize, first: u8) -> bool {
        let new = &bytes[self.searched..];
        match (first, bytes.get(start + 1)) {
            (b'<', Some(b'!' | b'?') | None) | (b'&', _) => false,
            (b'<', Some(_)) if self.quote == 0 => find3(b'>', b'"', b'\'', new).is_none(),
            (b'<', Some(_)) => find1(self.quote, new).is_none(),
            _ => find2(b'<', b'&', new).is_none(),
        }
    }

    /// Where the search for the end of the token at `start` goes on, at least `from`.
    fn resume(&self, start: usize, from: usize) -> usize {
        if self.searched > start {
            self.searched.max(from)
        } else {
            from
        }
    }

    /// The end of the input inside the token at `start`.
    fn open_at_end(at_end: bool, start: usize, len: usize) -> Scanned<'static> {
        if at_end {
            Scanned::Error(ScanError::Unclosed, start, len)
        } else {
            Scanned::NeedMore
        }
    }

    /// Literal text: up to the next `<`, or `&` that starts no reference
    /// (references that end in the window are read with it).
    fn text<'s>(&mut self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        let mut from = self.resume(start, start);
        // Resumed, the text may have passed references already.
        let mut references = self.searched > start && self.references;
        let mut undecodable = self.searched > start && self.undecodable;
        let text = |end: usize, references: bool, undecodable: bool| {
            let text = slice(src, start, end);
            let token =
                if references { Token::Referenced { text, decodable: !undecodable } } else { Token::Text(text) };
            Scanned::Token(token, start, end)
        };
        while bytes.get(from).is_some_and(|&b| is_xml_space(b)) {
            from += 1;
        }
        if bytes.get(from) == Some(&b'<') {
            return text(from, references, undecodable);
        }
        loop {
            match find2(b'<', b'&', &bytes[from..]) {
                Some(i) if bytes[from + i] == b'&' => {
                    let amp = from + i;
                    // Byte by byte: a reference is a few bytes long.
                    match bytes[amp + 1..].iter().position(|&b| matches!(b, b';' | b'&' | b'<')) {
                        Some(k) if bytes[amp + 1 + k] == b';' => {
                            references = true;
                            // Decoded here, where the name is at hand, rather than found again by the machine.
                            undecodable |= decode_reference(&src[amp + 1..amp + 1 + k]).is_err();
                            from = amp + k + 2;
                        }
                        // The `&` is read as a token of its own, as a reference or not.
                        _ => return text(amp, references, undecodable),
                    }
                }
                Some(i) => return text(from + i, references, undecodable),
                None if at_end => return text(src.len(), references, undecodable),
                None => {
                    self.references = references;
                    self.undecodable = undecodable;
                    return Scanned::NeedMore;
                }
            }
        }
    }

    /// XML 1.0 §4.1 `Reference`: `&` … `;` with no `&` or `<` between.
    fn reference<'s>(&self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        let from = self.resume(start, start + 1);
        // Byte by byte: a reference is a few bytes long, shorter than a `memchr3` call costs.
        let end = match bytes[from..].iter().position(|&b| matches!(b, b';' | b'&' | b'<')) {
            Some(i) if bytes[from + i] == b';' => {
                return Scanned::Token(Token::Reference(&src[start + 1..from + i]), start, from + i + 1);
            }
            Some(i) => from + i,
            None if at_end => src.len(),
            None => return Scanned::NeedMore,
        };
        if self.lenient {
            // An `&` that starts no reference is kept as text, with a warning.
            Scanned::Token(Token::Text(slice(src, start, end)), start, end)
        } else {
            Scanned::Error(ScanError::UnclosedReference, start, end)
        }
    }

    /// A start, empty-element or end tag: up to the first `>` outside quotes
    /// (XML 1.0 §3.1; a `>` may stand in an attribute value).
    #[inline(always)]
    fn tag<'s>(
        &mut self,
        src: &'s str,
        space: usize,
        start: usize,
        at_end: bool,
        end_tag: bool,
        open: impl Fn() -> Option<Span>,
    ) -> Scanned<'s> {
        let bytes = src.as_bytes();
        let name_start = if end_tag { start + 2 } else { start + 1 };
        let mut name = None;
        let mut from = self.resume(start, start + 1);
        if self.searched <= start {
            // The name, classified as it is skipped over; most tags end right after it.
            let (mut flags, mut colons, mut colon) = (0u8, 0usize, 0usize);
            let rest = bytes.get(name_start..).unwrap_or_default();
            let mut len = 0;
            if end_tag {
                // Most end tags close the innermost open element, whose name is at hand: compared once, here.
                if let Some(open) = open().and_then(|open| bytes.get(open.start..open.end)) {
                    if rest.get(open.len()) == Some(&b'>')
                        && rest.get(..open.len()).is_some_and(|name| same_name(name, open))
                    {
                        return spaced(space, Token::EndOfOpen, start, name_start + open.len() + 1);
                    }
                }
                // Otherwise the machine compares the name with its start tag's: only find its end.
                len = rest.iter().position(|&b| ENDS_END_TAG_NAME[b as usize]).unwrap_or(rest.len());
            } else {
                for &b in rest {
                    let class = name_class(b);
                    // One test per byte; the colon (once a name, if at all) takes the branch.
                    if class & (NOT_NAME | COLON) != 0 {
                        if class & NOT_NAME != 0 {
                            break;
                        }
                        colons += 1;
                        colon = len;
                    }
                    flags |= class;
                    len += 1;
                }
            }
            let i = name_start + len;
            let qname = slice(src, name_start, i);
            match bytes.get(i) {
                Some(b'>') if end_tag => return spaced(space, Token::End(qname), start, i + 1),
                Some(b'>') => {
                    let name = (qname.len(), split_classified(qname, flags, colons, colon));
                    return Self::start_tag(src, space, start, i + 1, qname, name);
                }
                Some(b'/') if !end_tag && bytes.get(i + 1) == Some(&b'>') => {
                    let name = (qname.len(), split_classified(qname, flags, colons, colon));
                    return spaced(space, Token::Start { content: qname, empty: true, name }, start, i + 2);
                }
                Some(&b) if is_xml_space(b) => {
                    if !end_tag {
                        name = Some((qname.len(), split_classified(qname, flags, colons, colon)));
                    }
                    from = i;
                }
                // A quote, `<`, `=`, a stray `/`, or the end of the window: the general search.
                _ => {}
            }
        }
        let mut i = from;
        let mut quote = if self.searched > start { self.quote } else { 0 };
        let gt = loop {
            if quote == 0 {
                match find3(b'>', b'"', b'\'', &bytes[i..]) {
                    Some(k) if bytes[i + k] == b'>' => break i + k,
                    Some(k) => {
                        quote = bytes[i + k];
                        i += k + 1;
                    }
                    None => break bytes.len(),
                }
            } else {
                match find1(quote, &bytes[i..]) {
                    Some(k) => {
                        quote = 0;
                        i += k + 1;
                    }
                    None => break bytes.len(),
                }
            }
        };
        if gt == bytes.len() {
            self.quote = quote;
            return Self::open_at_end(at_end, start, src.len());
        }
        if end_tag {
            let name = src[start + 2..gt].trim_end_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
            return spaced(space, Token::End(name), start, gt + 1);
        }
        match src[start + 1..gt].strip_suffix('/') {
            Some(content) => {
                let name = name.unwrap_or_else(|| tag_name(content));
                spaced(space, Token::Start { content, empty: true, name }, start, gt + 1)
            }
            None => {
                let content = slice(src, start + 1, gt);
                Self::start_tag(src, space, start, gt + 1, content, name.unwrap_or_else(|| tag_name(content)))
            }
        }
    }

    /// A start tag (not empty) at `start..after`: with its text and end tag
    /// as one [`Token::Element`] when they follow in the window, found by
    /// a look-ahead of at most [`ELEMENT_LOOKAHEAD`] bytes of text.
    #[inline(always)]
    fn start_tag<'s>(
        src: &'s str,
        space: usize,
        start: usize,
        after: usize,
        content: &'s str,
        name: TagName<'s>,
    ) -> Scanned<'s> {
        let bytes = src.as_bytes();
        let mut i = after;
        // A container's first child follows the line break and indentation.
        while bytes.get(i).is_some_and(|&b| is_xml_space(b)) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'<') {
            let window = &bytes[i..bytes.len().min(i + ELEMENT_LOOKAHEAD)];
            match memchr2(b'<', b'&', window) {
                Some(k) if window[k] == b'<' => i += k,
                _ => return spaced(space, Token::Start { content, empty: false, name }, start, after),
            }
        }
        let qname = &content.as_bytes()[..name.0];
        let close = i + 2 + qname.len();
        if bytes.get(i + 1) == Some(&b'/')
            && bytes.get(i + 2..close).is_some_and(|name| same_name(name, qname))
            && bytes.get(close) == Some(&b'>')
        {
            return spaced(space, Token::Element { content, name, text: slice(src, after, i) }, start, close + 1);
        }
        spaced(space, Token::Start { content, empty: false, name }, start, after)
    }

    /// XML 1.0 §2.6 `PI` and §2.8 `XMLDecl`: `<?` … `?>`.
    fn pi<'s>(&self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        // The `?` of `<?` may be the one before `>`: `<?>` ends there, malformed.
        let mut from = self.resume(start, start + 2);
        let gt = loop {
            match find1(b'>', &bytes[from..]) {
                Some(k) if bytes[from + k - 1] == b'?' => break from + k,
                Some(k) => from += k + 1,
                None => return Self::open_at_end(at_end, start, src.len()),
            }
        };
        if gt - start < 3 {
            return Scanned::Error(ScanError::Malformed(MALFORMED_PI), start, gt + 1);
        }
        let content = &src[start + 2..gt - 1];
        let token = match content.strip_prefix("xml") {
            Some(rest) if rest.bytes().next().is_none_or(is_xml_space) => Token::Declaration,
            _ => Token::Pi(content),
        };
        Scanned::Token(token, start, gt + 1)
    }

    /// `<!`: a comment (§2.5), a CDATA section (§2.7) or a doctype (§2.8).
    fn bang<'s>(&mut self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        match bytes.get(start + 2) {
            None if at_end => Scanned::Error(ScanError::InvalidBang, start, src.len()),
            None => Scanned::NeedMore,
            Some(b'-') => self.comment(src, start, at_end),
            Some(b'[') => self.cdata(src, start, at_end),
            Some(b'D' | b'd') => self.doctype(src, start, at_end),
            Some(_) => Scanned::Error(ScanError::InvalidBang, start, start + 2),
        }
    }

    /// The first `>` after `from` that follows `end` (two bytes), or where the window ends.
    fn find_close(bytes: &[u8], mut from: usize, end: &[u8; 2]) -> Option<usize> {
        loop {
            let k = find1(b'>', bytes.get(from..)?)?;
            let gt = from + k;
            if &bytes[gt - 2..gt] == end {
                return Some(gt);
            }
            from = gt + 1;
        }
    }

    /// `<!--` … `-->`, with no `--` inside (XML 1.0 §2.5).
    fn comment<'s>(&self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        // `<!---->` is the shortest comment: its `>` is 6 bytes on.
        let Some(gt) = Self::find_close(bytes, self.resume(start, start + 6), b"--") else {
            return Self::open_at_end(at_end, start, src.len());
        };
        if !bytes[start..].starts_with(b"<!--") {
            return Scanned::Error(ScanError::Malformed(MALFORMED_COMMENT), start, gt + 1);
        }
        // The closing `--` may be the second half of a `--` (`--->`).
        if let Some(k) = memchr::memmem::find(&bytes[start + 4..gt - 1], b"--") {
            return Scanned::Error(ScanError::DoubleHyphen(start + 4 + k), start, gt + 1);
        }
        Scanned::Token(Token::Comment(&src[start + 4..gt - 2]), start, gt + 1)
    }

    /// `<![CDATA[` … `]]>` (XML 1.0 §2.7).
    fn cdata<'s>(&self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        let Some(gt) = Self::find_close(bytes, self.resume(start, start + 3), b"]]") else {
            return Self::open_at_end(at_end, start, src.len());
        };
        if !bytes[start..].starts_with(b"<![CDATA[") || gt < start + 11 {
            return Scanned::Error(ScanError::Malformed(MALFORMED_CDATA), start, gt + 1);
        }
        Scanned::Token(Token::CData(&src[start + 9..gt - 2]), start, gt + 1)
    }

    /// `<!DOCTYPE` … `>` (XML 1.0 §2.8), skipping quoted literals and the
    /// internal subset, byte by byte so that the search resumes anywhere.
    fn doctype<'s>(&mut self, src: &'s str, start: usize, at_end: bool) -> Scanned<'s> {
        let bytes = src.as_bytes();
        let from = self.resume(start, start + 3);
        let mut state = if self.searched > start { self.doctype } else { Doctype::Outside };
        let mut end = None;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            state = match (state, b) {
                (Doctype::Outside, b'>') | (Doctype::AfterSubset, b'>') => {
                    end = Some(i);
                    break;
                }
                (Doctype::Outside, b'"' | b'\'') => Doctype::OutsideQuoted(b),
                (Doctype::Outside, b'[') => Doctype::Subset(0),
                (Doctype::OutsideQuoted(q), _) if b == q => Doctype::Outside,
                (Doctype::Subset(_), b']') => Doctype::AfterSubset,
                (Doctype::Subset(_), b'"' | b'\'') => Doctype::SubsetQuoted(b),
                (Doctype::Subset(_), b'<') => Doctype::Subset(1),
                (Doctype::Subset(1), b'!') => Doctype::Subset(2),
                (Doctype::Subset(2), b'-') => Doctype::Subset(3),
                (Doctype::Subset(3), b'-') => Doctype::SubsetComment(0),
                (Doctype::Subset(_), _) => Doctype::Subset(0),
                (Doctype::SubsetQuoted(q), _) if b == q => Doctype::Subset(0),
                (Doctype::SubsetComment(dashes), b'-') => Doctype::SubsetComment((dashes + 1).min(2)),
                (Doctype::SubsetComment(2), b'>') => Doctype::Subset(0),
                (Doctype::SubsetComment(_), _) => Doctype::SubsetComment(0),
                (state, _) => state,
            };
        }
        let Some(gt) = end else {
            self.doctype = state;
            return Self::open_at_end(at_end, start, src.len());
        };
        let keyword = bytes.get(start..start + 9).is_some_and(|k| k.eq_ignore_ascii_case(b"<!DOCTYPE"));
        if !keyword || gt < start + 9 {
            return Scanned::Error(ScanError::Malformed(INVALID_BANG), start, gt + 1);
        }
        let rest = &src[start + 9..gt];
        Scanned::Token(
            Token::Doctype(rest.trim_start_matches(|c: char| c.is_ascii() && is_xml_space(c as u8))),
            start,
            gt + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The next token of the scanner, a [`Scanned::Spaced`] read as its two tokens.
    fn next_apart<'s>(
        scanner: &mut Scanner,
        pending: &mut Vec<Scanned<'s>>,
        src: &'s str,
        at_end: bool,
    ) -> Scanned<'s> {
        if let Some(scanned) = pending.pop() {
            return scanned;
        }
        match scanner.next(src, at_end) {
            Scanned::Spaced(space, token, before, after) => {
                pending.push(Scanned::Token(token, before, after));
                Scanned::Token(Token::Space(&src[space..before]), space, before)
            }
            scanned => scanned,
        }
    }

    /// Every token of `src` read whole, as (kind, text) pairs.
    fn tokens(src: &str, lenient: bool) -> Vec<String> {
        let mut scanner = Scanner::new(lenient);
        let (mut out, mut pending) = (Vec::new(), Vec::new());
        loop {
            match next_apart(&mut scanner, &mut pending, src, true) {
                Scanned::Token(Token::Eof, ..) => return out,
                Scanned::Token(token, before, after) => out.push(format!("{token:?} {before}..{after}")),
                Scanned::Error(error, before, after) => {
                    out.push(format!("{error:?} {before}..{after}"));
                    return out;
                }
                Scanned::NeedMore => panic!("NeedMore at the end"),
                Scanned::Spaced(..) => unreachable!("read apart by next_apart"),
            }
        }
    }

    /// A token as a window that ends inside it reads it: [`Token::Space`]
    /// is found only when read whole.
    fn apart(token: Token<'_>) -> Token<'_> {
        match token {
            Token::Space(space) => Token::Text(space),
            token => token,
        }
    }

    /// [`tokens`] with each [`Token::Element`] written as the start tag,
    /// text and end tag it stands for, which is how a window that ends
    /// inside one reads it.
    fn tokens_apart(src: &str, lenient: bool) -> Vec<String> {
        let mut scanner = Scanner::new(lenient);
        let (mut out, mut pending) = (Vec::new(), Vec::new());
        loop {
            match next_apart(&mut scanner, &mut pending, src, true) {
                Scanned::Token(Token::Eof, ..) => return out,
                Scanned::Token(Token::Element { content, name, text }, before, after) => {
                    let text_start = before + content.len() + 2;
                    let text_end = text_start + text.len();
                    let start = Token::Start { content, empty: false, name };
                    out.push(format!("{start:?} {before}..{text_start}"));
                    if !text.is_empty() {
                        out.push(format!("{:?} {text_start}..{text_end}", Token::Text(text)));
                    }
                    out.push(format!("{:?} {text_end}..{after}", Token::End(&content[..name.0])));
                }
                Scanned::Token(Token::Referenced { text, .. }, before, _) => {
                    let (mut at, mut rest) = (before, text);
                    while !rest.is_empty() {
                        let (token, len) = match rest.strip_prefix('&') {
                            Some(reference) => {
                                let name = &reference[..reference.find(';').expect("a whole reference")];
                                (Token::Reference(name), name.len() + 2)
                            }
                            None => {
                                let len = rest.find('&').unwrap_or(rest.len());
                                (Token::Text(&rest[..len]), len)
                            }
                        };
                        out.push(format!("{token:?} {at}..{}", at + len));
                        (at, rest) = (at + len, &rest[len..]);
                    }
                }
                Scanned::Token(token, before, after) => out.push(format!("{:?} {before}..{after}", apart(token))),
                Scanned::Error(error, before, after) => {
                    out.push(format!("{error:?} {before}..{after}"));
                    return out;
                }
                Scanned::NeedMore => panic!("NeedMore at the end"),
                Scanned::Spaced(..) => unreachable!("read apart by next_apart"),
            }
        }
    }

    /// The same, fed one byte (one character) at a time.
    fn tokens_fed_by_character(src: &str, lenient: bool) -> Vec<String> {
        let mut scanner = Scanner::new(lenient);
        let mut out = Vec::new();
        let (mut end, mut pending) = (0, Vec::new());
        loop {
            let at_end = end == src.len();
            match next_apart(&mut scanner, &mut pending, &src[..end], at_end) {
                Scanned::Token(Token::Eof, ..) => return out,
                Scanned::Token(token, before, after) => out.push(format!("{:?} {before}..{after}", apart(token))),
                Scanned::Error(error, before, after) => {
                    out.push(format!("{error:?} {before}..{after}"));
                    return out;
                }
                Scanned::NeedMore => {
                    end += src[end..].chars().next().map_or(0, char::len_utf8);
                }
                Scanned::Spaced(..) => unreachable!("read apart by next_apart"),
            }
        }
    }

    #[test]
    fn a_reference_that_does_not_decode_is_remembered_across_windows() {
        let src = "<a>x&bogus;y&lt;z&#0;w</a><b>x&amp;y&#13;z</b>";
        // Every split into two windows: what the first window passed is kept for the token the second ends.
        for split in 0..=src.len() {
            let mut scanner = Scanner::new(false);
            let mut flags = Vec::new();
            let mut window = split;
            loop {
                match scanner.next(&src[..window], window == src.len()) {
                    Scanned::Token(Token::Eof, ..) => break,
                    Scanned::Token(Token::Referenced { text, decodable }, ..)
                    | Scanned::Spaced(_, Token::Referenced { text, decodable }, ..) => {
                        flags.push((text, decodable));
                    }
                    Scanned::NeedMore => window = src.len(),
                    Scanned::Error(error, ..) => panic!("{error:?}"),
                    _ => {}
                }
            }
            for (text, decodable) in flags {
                let expected = !text.contains("&bogus;") && !text.contains("&#0;");
                assert_eq!(decodable, expected, "{text:?} split at {split}");
            }
        }
    }

    #[test]
    fn tokens_of_a_document() {
        let src = "\u{FEFF}<?xml version=\"1.0\"?><a x='>' y=\"'\">t&amp;<b/><!-- c --><![CDATA[<]]><?p d?></a >";
        assert_eq!(
            tokens(src, false),
            [
                "Declaration 3..24",
                "Start { content: \"a x='>' y=\\\"'\\\"\", empty: false, name: (1, Some((\"\", \"a\"))) } 24..39",
                "Referenced { text: \"t&amp;\", decodable: true } 39..45",
                "Start { content: \"b\", empty: true, name: (1, Some((\"\", \"b\"))) } 45..49",
                "Comment(\" c \") 49..59",
                "CData(\"<\") 59..72",
                "Pi(\"p d\") 72..79",
                "End(\"a\") 79..84",
            ]
        );
    }

    #[test]
    fn errors_and_their_places() {
        let error = |src: &str| tokens(src, false).pop().unwrap();
        assert_eq!(error("<?>"), format!("Malformed({MALFORMED_PI:?}) 0..3"));
        assert_eq!(error("<!-x-->"), format!("Malformed({MALFORMED_COMMENT:?}) 0..7"));
        assert_eq!(error("<![x]]>"), format!("Malformed({MALFORMED_CDATA:?}) 0..7"));
        assert_eq!(error("<!D\"\">"), format!("Malformed({INVALID_BANG:?}) 0..6"));
        assert_eq!(error("<!x"), "InvalidBang 0..2");
        assert_eq!(error("<!"), "InvalidBang 0..2");
        assert_eq!(error("<!--->"), "Unclosed 0..6");
        assert_eq!(error("<!-- a -- b -->"), "DoubleHyphen(7) 0..15");
        assert_eq!(error("<!-- a --->"), "DoubleHyphen(7) 0..11");
        assert_eq!(error("a &b c"), "UnclosedReference 2..6");
        assert_eq!(error("a &b <"), "UnclosedReference 2..5");
        assert_eq!(error("<a b='>"), "Unclosed 0..7");
        assert_eq!(error("<"), "Unclosed 0..1");
        assert_eq!(tokens("a &b &c;", true), ["Text(\"a \") 0..2", "Text(\"&b \") 2..5", "Reference(\"c\") 5..8"]);
    }

    #[test]
    fn an_element_with_only_text_is_one_token() {
        let src = "<D:href>/a b/</D:href>\n<p x='1'>\n</p><e></e><f>a&amp;</f><g>a<h/></g><i>x</i ><j>x</k>";
        assert_eq!(
            tokens(src, false),
            [
                "Element { content: \"D:href\", name: (6, Some((\"D\", \"href\"))), text: \"/a b/\" } 0..22",
                "Space(\"\\n\") 22..23",
                "Element { content: \"p x='1'\", name: (1, Some((\"\", \"p\"))), text: \"\\n\" } 23..37",
                "Element { content: \"e\", name: (1, Some((\"\", \"e\"))), text: \"\" } 37..44",
                // A reference, a child, space in the end tag or another name: apart.
                "Start { content: \"f\", empty: false, name: (1, Some((\"\", \"f\"))) } 44..47",
                "Referenced { text: \"a&amp;\", decodable: true } 47..53",
                "End(\"f\") 53..57",
                "Start { content: \"g\", empty: false, name: (1, Some((\"\", \"g\"))) } 57..60",
                "Text(\"a\") 60..61",
                "Start { content: \"h\", empty: true, name: (1, Some((\"\", \"h\"))) } 61..65",
                "End(\"g\") 65..69",
                "Start { content: \"i\", empty: false, name: (1, Some((\"\", \"i\"))) } 69..72",
                "Text(\"x\") 72..73",
                "End(\"i\") 73..78",
                "Start { content: \"j\", empty: false, name: (1, Some((\"\", \"j\"))) } 78..81",
                "Text(\"x\") 81..82",
                "End(\"k\") 82..86",
            ]
        );
        // Text longer than the look-ahead: apart.
        let long = format!("<a>{}</a>", "x".repeat(ELEMENT_LOOKAHEAD));
        assert!(tokens(&long, false)[0].starts_with("Start"));
        let short = format!("<a>{}</a>", "x".repeat(ELEMENT_LOOKAHEAD - 1));
        assert!(tokens(&short, false)[0].starts_with("Element"));
    }

    #[test]
    fn an_end_tag_repeating_the_open_name_is_matched_by_the_scanner() {
        // The open element's name is `D:prop` at 1..7, as the machine would pass it.
        let src = "<D:prop><x/></D:prop></D:prop ></D:props></D:pro></D:prop";
        let open = || Some(Span::new(1, 7));
        let mut scanner = Scanner::new(false);
        let mut read = |at_end| match scanner.next_closing(src, at_end, open) {
            Scanned::Token(token, before, after) => format!("{token:?} {before}..{after}"),
            scanned => format!("{scanned:?}"),
        };
        assert!(read(true).starts_with("Start"));
        assert!(read(true).starts_with("Start"));
        assert_eq!(read(true), "EndOfOpen 12..21");
        // Space before `>`, another name, a prefix of it: the name is the machine's to compare.
        assert_eq!(read(true), "End(\"D:prop\") 21..31");
        assert_eq!(read(true), "End(\"D:props\") 31..41");
        assert_eq!(read(true), "End(\"D:pro\") 41..49");
        // The window ends before the `>`: nothing matched yet.
        assert_eq!(read(false), "NeedMore");
        assert_eq!(read(true), "Error(Unclosed, 49, 57)");
        // With no open element named, the same end tag is a plain one.
        let mut scanner = Scanner::new(false);
        assert!(matches!(scanner.next(src, true), Scanned::Token(Token::Start { .. }, ..)));
        assert!(matches!(scanner.next(src, true), Scanned::Token(Token::Start { .. }, ..)));
        assert_eq!(scanner.next(src, true), Scanned::Token(Token::End("D:prop"), 12, 21));
    }

    #[test]
    fn a_doctype_ends_after_its_internal_subset() {
        let src = "<!DOCTYPE x [<!ENTITY a \">\"><!-- ] > --><!ELEMENT x ANY>]><x/>";
        assert_eq!(tokens(src, false)[0], format!("Doctype({:?}) 0..{}", &src[10..src.len() - 5], src.len() - 4));
    }

    #[test]
    fn feeding_one_character_at_a_time_gives_the_same_tokens() {
        for src in [
            "\u{FEFF}<?xml version=\"1.0\"?><a x='>' y=\"'\">t&amp;<b/><!-- c --><![CDATA[<]]]]><?p d??></a >",
            "<!DOCTYPE x [<!ENTITY a \">\"><!-- ] > --><!ELEMENT x ANY>]><x/>",
            "a &b <c>&d;é&",
            "<!-- a --->",
            "<?>x",
            "<D:href>/a b/</D:href>\n<p x='1'>\n</p><e></e><f>a&amp;</f>",
            "<a>x&lt;y&#13;\nz&amp;&amp;w;v&a <b>&c;d&e</b>",
        ] {
            for lenient in [false, true] {
                assert_eq!(tokens_fed_by_character(src, lenient), tokens_apart(src, lenient), "{src:?}");
            }
        }
    }
}
