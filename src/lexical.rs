//! Character-level rules of XML 1.0 and Namespaces in XML 1.0: which
//! characters, names and references are allowed.

/// XML 1.0 §2.3 `S`: the four whitespace characters.
#[inline]
pub(crate) fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// True when `s` holds only XML whitespace.
#[inline]
pub(crate) fn is_blank(s: &str) -> bool {
    s.bytes().all(is_xml_space)
}

/// `&s[start..end]`, its two character-boundary checks inlined (the
/// scanner's many slices made the compiler call `str::get` out of line).
#[inline(always)]
pub(crate) fn slice(s: &str, start: usize, end: usize) -> &str {
    s.split_at(end).0.split_at(start).1
}

/// XML 1.0 §2.2 `Char`.
#[inline]
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Offset and value of the first character in `s` that XML 1.0 §2.2 forbids
/// (C0 controls other than tab, LF and CR, U+FFFE and U+FFFF — unless `allow_controls`, which
/// lenient parsing checks where they stand instead).
///
/// Valid UTF-8 cannot hold surrogates, so only C0 controls and U+FFFE/U+FFFF
/// remain; the scan is branch-free per 64-byte block so it costs little.
#[inline]
pub(crate) fn first_invalid_char(s: &str, allow_controls: bool) -> Option<(usize, char)> {
    // Lenient parsing lets every one of them through.
    if allow_controls {
        return None;
    }
    // A few bytes (a push parser fed bytes one at a time) are not worth a padded block, nor a call.
    if s.len() < 16 && !s.bytes().any(is_suspicious_byte) {
        return None;
    }
    first_invalid_char_in_blocks(s)
}

/// [`first_invalid_char`] of text that may hold one, 64 bytes at a time.
#[inline(never)]
fn first_invalid_char_in_blocks(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let blocks = bytes.chunks_exact(64);
    let tail = blocks.remainder();
    // The tail padded with spaces, so that it too is tested as a whole block.
    let mut padded = [b' '; 64];
    padded[..tail.len()].copy_from_slice(tail);
    let mut blocks = blocks.chain([&padded[..]]).enumerate();
    // A cheaper test first, until a block passes it for a tab or CR only: CRLF text would pass it in every block.
    for (index, block) in blocks.by_ref() {
        if !has_rare_byte(block) {
            continue;
        }
        if !has_suspicious_byte(block) {
            break;
        }
        if let Some(found) = first_invalid_char_in_block(s, index * 64, block) {
            return Some(found);
        }
    }
    for (index, block) in blocks {
        if !has_suspicious_byte(block) {
            continue;
        }
        if let Some(found) = first_invalid_char_in_block(s, index * 64, block) {
            return Some(found);
        }
    }
    None
}

/// The first character XML 1.0 §2.2 forbids in `block`, which is `s` from
/// `start` or the padded tail of `s`.
fn first_invalid_char_in_block(s: &str, start: usize, block: &[u8]) -> Option<(usize, char)> {
    for (i, &b) in block.iter().enumerate() {
        let at = start + i;
        // The padding is spaces, never suspicious: every hit is inside `s`.
        if !is_suspicious_byte(b) {
            continue;
        }
        // 0xEF begins U+F000..U+FFFF: only U+FFFE and U+FFFF are forbidden.
        if b == 0xEF {
            if let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) {
                if c == '\u{FFFE}' || c == '\u{FFFF}' {
                    return Some((at, c));
                }
            }
            continue;
        }
        return Some((at, b as char));
    }
    None
}

/// A C0 control other than tab, LF and CR, or 0xEF, which begins U+FFFE and U+FFFF.
#[inline(always)]
pub(crate) fn is_suspicious_byte(b: u8) -> bool {
    // `b | 4 == b'\r'` is a tab or a CR, one vector compare for both (a tenth fewer instructions in the pass).
    (b < 0x20) & !(((b | 4) == b'\r') | (b == b'\n')) | (b == 0xEF)
}

/// A C0 control other than LF, or 0xEF: every byte [`is_suspicious_byte`]
/// finds, and tab and CR, tested with fewer vector operations (9 for
/// 16 bytes, not 12).
#[inline(always)]
fn is_rare_byte(b: u8) -> bool {
    (b < 0x20) & (b != b'\n') | (b == 0xEF)
}

/// True when `block` holds a byte [`is_rare_byte`] finds.
#[inline(always)]
fn has_rare_byte(block: &[u8]) -> bool {
    block.iter().fold(0u8, |acc, &b| acc | u8::from(is_rare_byte(b))) != 0
}

/// True when `block` holds a byte [`is_suspicious_byte`] finds.
#[inline(always)]
fn has_suspicious_byte(block: &[u8]) -> bool {
    // Or-ed as bytes, not booleans, without an early exit: the compiler vectorizes it.
    block.iter().fold(0u8, |acc, &b| acc | u8::from(is_suspicious_byte(b))) != 0
}

/// True when `s` holds a character XML 1.0 §2.2 forbids that a lenient
/// parse lets through: a C0 control, U+FFFE or U+FFFF.
pub(crate) fn has_control_chars(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || s.contains(['\u{FFFE}', '\u{FFFF}'])
}

/// The characters [`has_control_chars`] finds.
pub(crate) fn is_control_char(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// XML 1.0 §2.3 `NameStartChar`, without the colon (Namespaces in XML `NCName`).
#[inline]
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 §2.3 `NameChar`, without the colon.
#[inline]
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Namespaces in XML 1.0 §3 `NCName`: an XML name without colons.
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// What a byte can be in a qualified name: flags OR-ed over a whole name.
const NAME_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_alphabetic() || c == b'_' {
            0
        } else if c.is_ascii_digit() || matches!(c, b'-' | b'.') {
            NOT_START
        } else if c == b':' {
            COLON
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            SPACE
        } else {
            NOT_NAME
        };
        b += 1;
    }
    table
};
/// Flags of [`name_class`]: a byte of a non-ASCII character.
pub(crate) const NON_ASCII: u8 = 1;
/// Not in an ASCII name: punctuation, controls, and [`SPACE`].
pub(crate) const NOT_NAME: u8 = 2;
/// `:`, which splits a qualified name.
pub(crate) const COLON: u8 = 4;
/// XML whitespace, which ends the name at the start of a tag; not a name byte either.
pub(crate) const SPACE: u8 = 8 | NOT_NAME;
/// A name character that cannot start a name: a digit, `-` or `.` (XML 1.0 §2.3).
pub(crate) const NOT_START: u8 = 16;

/// What byte `b` can be in a qualified name: [`NON_ASCII`], [`NOT_NAME`],
/// [`COLON`], [`SPACE`], [`NOT_START`], or 0 for an ASCII name-start character.
#[inline(always)]
pub(crate) fn name_class(b: u8) -> u8 {
    NAME_BYTE[b as usize]
}

/// What a byte of an attribute value asks of the reader: flags OR-ed over a value.
const VALUE_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'<' as usize] = VALUE_MARKUP;
    table[b'&' as usize] = VALUE_MARKUP | VALUE_NORMALIZED;
    table[b'\t' as usize] = VALUE_NORMALIZED;
    table[b'\n' as usize] = VALUE_NORMALIZED;
    table[b'\r' as usize] = VALUE_NORMALIZED;
    table
};
/// Flags of [`value_class`]: `<` or `&`, an error or a reference to check (XML 1.0 §3.1).
pub(crate) const VALUE_MARKUP: u8 = 1;
/// `&`, tab, line feed or carriage return: the normalised value differs from the bytes (XML 1.0 §3.3.3).
pub(crate) const VALUE_NORMALIZED: u8 = 2;

/// What byte `b` of an attribute value is: [`VALUE_MARKUP`],
/// [`VALUE_NORMALIZED`], or 0 for a byte read as it is.
#[inline(always)]
pub(crate) fn value_class(b: u8) -> u8 {
    VALUE_BYTE[b as usize]
}

/// Every byte's lane of a `u64`: the multiplier that repeats a byte eight times.
const LANES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every lane.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lanes of `word` holding `b`, as high bits: the lowest one flagged is
/// exact (a borrow may flag lanes above it), which is all a search needs.
#[inline(always)]
const fn lanes_of(word: u64, b: u8) -> u64 {
    let t = word ^ (b as u64 * LANES);
    t.wrapping_sub(LANES) & !t & HIGH
}

/// The index of the first of `a`, `b` or `c` in `bytes`, read eight bytes
/// at a time in a register: for the short gaps between markup (a tag's
/// name, the line break between tags), where a `memchr` call costs more
/// than the search.
#[inline(always)]
pub(crate) fn find_near3(a: u8, b: u8, c: u8, bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = lanes_of(word, a) | lanes_of(word, b) | lanes_of(word, c);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..].iter().position(|&x| x == a || x == b || x == c).map(|i| at + i)
}

/// The index of the first `a` in `bytes`: the first [`NEAR`] bytes eight
/// at a time in a register, the rest by `memchr`. For escaped text, where
/// a reference follows every few bytes and a `memchr` call per reference
/// would cost more than the search.
#[inline(always)]
pub(crate) fn find_near1(a: u8, bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < NEAR {
        let Some(chunk) = bytes.get(at..at + 8) else {
            return bytes[at..].iter().position(|&x| x == a).map(|i| at + i);
        };
        let found = lanes_of(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])), a);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr(a, &bytes[at..]).map(|i| at + i)
}

/// How far [`find_near1`] looks before it calls `memchr`.
const NEAR: usize = 32;

/// `a == b` for names, which are short: compared eight bytes at a time in
/// registers rather than by a call to `memcmp`.
#[inline(always)]
pub(crate) fn same_name(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    match len {
        0..=7 => a.iter().zip(b).all(|(x, y)| x == y),
        // Words that may overlap cover the whole name.
        8..=16 => word(a, 0) == word(b, 0) && word(a, len - 8) == word(b, len - 8),
        17..=24 => word(a, 0) == word(b, 0) && word(a, 8) == word(b, 8) && word(a, len - 8) == word(b, len - 8),
        _ => a == b,
    }
}

/// Splits a Namespaces in XML 1.0 §4 `QName` into prefix (empty when there is
/// none) and local part, or `None` when it is not a valid qualified name.
pub(crate) fn split_qname(name: &str) -> Option<(&str, &str)> {
    let (flags, colons, colon) = name_flags(name.as_bytes());
    split_classified(name, flags, colons, colon)
}

/// The length of the qualified name a start tag's content begins with (up
/// to XML whitespace), and its [`split_qname`]: one pass over the name.
#[inline]
pub(crate) fn tag_name(tag: &str) -> (usize, Option<(&str, &str)>) {
    let bytes = tag.as_bytes();
    let len = bytes.iter().position(|&b| NAME_BYTE[b as usize] & SPACE == SPACE).unwrap_or(bytes.len());
    let name = &tag[..len];
    (len, split_qname(name))
}

/// The flags of every byte of `bytes` OR-ed, how many colons, and where the last one is.
#[inline]
fn name_flags(bytes: &[u8]) -> (u8, usize, usize) {
    let (mut flags, mut colons, mut colon) = (0u8, 0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        let class = NAME_BYTE[b as usize];
        flags |= class;
        let is_colon = usize::from(class & COLON != 0);
        colons += is_colon;
        colon = if is_colon == 1 { i } else { colon };
    }
    (flags, colons, colon)
}

/// [`split_qname`] from what [`name_flags`] found: the flags of every byte
/// OR-ed, how many colons, and where the last one is.
#[inline(always)]
pub(crate) fn split_classified(name: &str, flags: u8, colons: usize, colon: usize) -> Option<(&str, &str)> {
    // ASCII names, nearly every name on the wire, never need a character decoded.
    if flags & NON_ASCII != 0 {
        return split_qname_unicode(name);
    }
    if flags & NOT_NAME != 0 {
        return None;
    }
    // Only ASCII name characters and colons from here: a part is valid when it starts with a NameStartChar.
    let bytes = name.as_bytes();
    let starts_part = |at: usize| bytes.get(at).is_some_and(|&b| NAME_BYTE[b as usize] & (NOT_START | COLON) == 0);
    match colons {
        0 => starts_part(0).then_some(("", name)),
        1 if starts_part(0) && starts_part(colon + 1) => Some((&name[..colon], &name[colon + 1..])),
        _ => None,
    }
}

fn split_qname_unicode(name: &str) -> Option<(&str, &str)> {
    match name.find(':') {
        None => is_ncname(name).then_some(("", name)),
        Some(colon) => {
            let (prefix, local) = (&name[..colon], &name[colon + 1..]);
            (is_ncname(prefix) && is_ncname(local)).then_some((prefix, local))
        }
    }
}

/// Why a reference (`&name;`, without `&` and `;`) is not allowed.
pub(crate) enum ReferenceError {
    /// Not one of the five predefined entities.
    Undefined,
    /// A character reference that is malformed or names a non-character.
    InvalidChar,
}

/// Decodes the body of a reference: a predefined entity (XML 1.0 §4.6) or a
/// character reference (§4.1) that must name an XML `Char`.
#[inline]
pub(crate) fn decode_reference(name: &str) -> Result<char, ReferenceError> {
    // Byte patterns, compared in registers (string patterns call `memcmp`); escaped text is full of these.
    match *name.as_bytes() {
        [b'a', b'm', b'p'] => Ok('&'),
        [b'l', b't'] => Ok('<'),
        [b'g', b't'] => Ok('>'),
        [b'a', b'p', b'o', b's'] => Ok('\''),
        [b'q', b'u', b'o', b't'] => Ok('"'),
        // `&#13;`, the carriage return a serializer escapes at every line end of calendar data.
        [b'#', b'1', b'3'] => Ok('\r'),
        _ => decode_other_reference(name),
    }
}

/// [`decode_reference`] of any other name: a character reference, or none.
#[inline(never)]
fn decode_other_reference(name: &str) -> Result<char, ReferenceError> {
    let Some(number) = name.strip_prefix('#') else {
        return Err(ReferenceError::Undefined);
    };
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() {
        return Err(ReferenceError::InvalidChar);
    }
    // One pass: digits only (no sign), and no value past u32.
    let mut value = 0u32;
    for b in digits.bytes() {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' if radix == 16 => b - b'a' + 10,
            b'A'..=b'F' if radix == 16 => b - b'A' + 10,
            _ => return Err(ReferenceError::InvalidChar),
        };
        value = value
            .checked_mul(radix)
            .and_then(|value| value.checked_add(u32::from(digit)))
            .ok_or(ReferenceError::InvalidChar)?;
    }
    char::from_u32(value).filter(|&c| is_xml_char(c)).ok_or(ReferenceError::InvalidChar)
}

#[cfg(test)]
mod tests {
    #[test]
    fn find_near1_finds_the_first_byte_near_or_far() {
        for len in 0..80 {
            for place in 0..=len {
                for filler in [0u8, b'a', 0x25, 0x27, 0xa6, 0xff] {
                    let mut bytes = vec![filler; len];
                    if place < len {
                        bytes[place] = b'&';
                    }
                    if place + 3 < len {
                        bytes[place + 3] = b'&';
                    }
                    assert_eq!(find_near1(b'&', &bytes), bytes.iter().position(|&x| x == b'&'), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn find_near3_finds_the_first_of_three_bytes() {
        // Every length up to three words, the bytes sought at every place, among every other byte value.
        for len in 0..24 {
            for filler in [0u8, b'a', 0x3b, 0x3d, 0x80, 0xbc, 0xff] {
                for place in 0..=len {
                    for sought in [b'<', b'&', b'\r'] {
                        let mut bytes = vec![filler; len];
                        if place < len {
                            bytes[place] = sought;
                        }
                        let expected = bytes.iter().position(|&x| matches!(x, b'<' | b'&' | b'\r'));
                        assert_eq!(find_near3(b'<', b'&', b'\r', &bytes), expected, "{bytes:?}");
                    }
                }
            }
        }
        // A byte sought after another one, where a borrow could flag the lane above it.
        for a in 0..=255u8 {
            let bytes = [a, 0x3c, 0x3d, a, 0x26, 1, 0, 0x3c, 9];
            assert_eq!(
                find_near3(b'<', b'&', b'\r', &bytes),
                bytes.iter().position(|&x| matches!(x, b'<' | b'&' | b'\r'))
            );
        }
    }

    #[test]
    fn slice_is_indexing() {
        let s = "aé€𝄞z";
        let boundaries: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&end| end >= start) {
                assert_eq!(slice(s, start, end), &s[start..end], "{start}..{end}");
            }
        }
    }

    #[test]
    fn same_name_compares_every_byte() {
        for len in 0..40 {
            let a: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_name(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_name(&a, &b), "{len} {at}");
            }
            assert!(!same_name(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }

    use super::*;

    #[test]
    fn names() {
        assert!(is_ncname("getetag"));
        assert!(is_ncname("calendar-home-set"));
        assert!(is_ncname("é"));
        assert!(!is_ncname("1a"));
        assert!(!is_ncname(""));
        assert!(!is_ncname("a b"));
        assert_eq!(split_qname("D:href"), Some(("D", "href")));
        assert_eq!(split_qname("href"), Some(("", "href")));
        assert_eq!(split_qname("a:b:c"), None);
        assert_eq!(split_qname(":b"), None);
        assert_eq!(split_qname("a:"), None);
        assert_eq!(split_qname(""), None);
        assert_eq!(split_qname("a:-b"), None);
        assert_eq!(split_qname("a.b-c:d_1"), Some(("a.b-c", "d_1")));
        assert_eq!(split_qname("é:ü"), Some(("é", "ü")));
        assert_eq!(split_qname("é:1"), None);
        assert_eq!(split_qname("a:b:"), None);
        assert_eq!(split_qname("a b"), None);
        assert_eq!(split_qname("_:.a"), None);
        assert_eq!(split_qname("_1:a."), Some(("_1", "a.")));
        assert_eq!(split_qname("1a"), None);
        assert_eq!(tag_name("D:href x='1'"), (6, Some(("D", "href"))));
        assert_eq!(tag_name("a\tb"), (1, Some(("", "a"))));
        assert_eq!(tag_name("a\"b c"), (3, None));
        assert_eq!(tag_name(""), (0, None));
        assert_eq!(tag_name("é:ü\n"), (5, Some(("é", "ü"))));
    }

    #[test]
    fn split_qname_agrees_with_the_char_by_char_reading() {
        const ALPHABET: [&str; 9] = ["a", "Z", "1", "-", ".", ":", "_", " ", "é"];
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                names.iter().flat_map(|n| ALPHABET.iter().map(move |c| format!("{n}{c}"))).collect();
            for name in &longer {
                let by_chars = match name.split_once(':') {
                    None => is_ncname(name).then_some(("", name.as_str())),
                    Some((prefix, local)) => (is_ncname(prefix) && is_ncname(local)).then_some((prefix, local)),
                };
                assert_eq!(split_qname(name), by_chars, "{name:?}");
            }
            names = longer;
        }
    }

    #[test]
    fn references() {
        assert!(matches!(decode_reference("amp"), Ok('&')));
        let decoded = ["amp", "lt", "gt", "apos", "quot", "#13", "#013", "#x0D", "#x0d", "#10"]
            .map(|name| decode_reference(name).ok());
        assert_eq!(
            decoded,
            [
                Some('&'),
                Some('<'),
                Some('>'),
                Some('\''),
                Some('"'),
                Some('\r'),
                Some('\r'),
                Some('\r'),
                Some('\r'),
                Some('\n')
            ]
        );
        for name in ["am", "ampx", "Amp", "#1", "#133", "#x13", "quo", "aposs", "&amp"] {
            assert_ne!(decode_reference(name).ok(), Some('\r'), "{name}");
        }
        assert!(matches!(decode_reference("#x41"), Ok('A')));
        assert!(matches!(decode_reference("#65"), Ok('A')));
        assert!(matches!(decode_reference("#0"), Err(ReferenceError::InvalidChar)));
        // XML 1.0 §4.1 [66]: digits only, so no sign (which from_str_radix would take).
        for bad in ["#x+41", "#+65", "#x", "#", "#x4G", "#6A", "#-1", "#X41"] {
            assert!(matches!(decode_reference(bad), Err(ReferenceError::InvalidChar)), "{bad}");
        }
        assert!(matches!(decode_reference("#xD800"), Err(ReferenceError::InvalidChar)));
        assert!(matches!(decode_reference("#x110000"), Err(ReferenceError::InvalidChar)));
        assert!(matches!(decode_reference("#x"), Err(ReferenceError::InvalidChar)));
        assert!(matches!(decode_reference("#1F"), Err(ReferenceError::InvalidChar)));
        assert!(matches!(decode_reference("#+65"), Err(ReferenceError::InvalidChar)));
        assert!(matches!(decode_reference("nbsp"), Err(ReferenceError::Undefined)));
        // Leading zeros are digits like any other; a value past u32 is no character.
        assert!(matches!(decode_reference("#x0000000000041"), Ok('A')));
        assert!(matches!(decode_reference("#000000000000065"), Ok('A')));
        assert!(matches!(decode_reference("#xa9"), Ok('©')));
        for bad in ["#99999999999", "#x1000000041", "#4294967361"] {
            assert!(matches!(decode_reference(bad), Err(ReferenceError::InvalidChar)), "{bad}");
        }
    }

    #[test]
    fn invalid_chars() {
        assert_eq!(first_invalid_char("abc\t\n\r", false), None);
        assert_eq!(first_invalid_char("ab\u{1}", false), Some((2, '\u{1}')));
        assert_eq!(first_invalid_char("ab\u{1}", true), None);
        assert_eq!(first_invalid_char("\u{F000}x\u{FFFE}", false), Some((4, '\u{FFFE}')));
        assert_eq!(first_invalid_char("\u{1}\u{FFFF}", true), None);
        assert_eq!(first_invalid_char("\u{1}\u{FFFF}", false), Some((0, '\u{1}')));
        let long = format!("{}\u{0}", "x".repeat(130));
        assert_eq!(first_invalid_char(&long, false), Some((130, '\0')));
        assert!(has_control_chars("a\u{7}") && !has_control_chars("a\tb"));
        assert!(has_control_chars("a\u{FFFF}") && has_control_chars("\u{FFFE}") && !has_control_chars("\u{FFFD}"));
    }

    #[test]
    fn every_ascii_character_is_judged_as_xml_1_0_judges_it_in_a_block_and_in_the_tail() {
        // The block test folds tab and CR into one compare (`b | 4`): each byte is checked against §2.2.
        for c in (0u8..0x80).map(char::from) {
            for at in [3, 70] {
                let mut s = "x".repeat(at);
                s.push(c);
                s.push_str(&"y".repeat(100 - at));
                let expected = (!is_xml_char(c)).then_some((at, c));
                assert_eq!(first_invalid_char(&s, false), expected, "{c:?} at {at}");
            }
        }
    }

    #[test]
    fn invalid_chars_are_found_after_blocks_of_crlf_or_tabs() {
        // A block with a tab or CR but nothing forbidden ends the cheaper test; the blocks after it are still tested.
        for line in ["a\r\n", "\ta\n", "a\r"] {
            for lines in [1, 20, 21, 22, 60] {
                for bad in ['\u{0}', '\u{B}', '\u{FFFF}'] {
                    let mut s = line.repeat(lines);
                    let at = s.len();
                    s.push(bad);
                    s.push_str(line);
                    assert_eq!(first_invalid_char(&s, false), Some((at, bad)), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn invalid_chars_are_found_in_every_block_and_in_the_padded_tail() {
        // Each forbidden character, at each offset around the 64-byte blocks, after allowed
        // characters that share its first byte (U+F000, U+FFFD) and whitespace.
        let reference = |s: &str| s.char_indices().find(|&(_, c)| is_control_char(c));
        for bad in ['\u{0}', '\u{1F}', '\u{B}', '\u{FFFE}', '\u{FFFF}'] {
            for len in [0, 1, 15, 16, 62, 63, 64, 65, 127, 128, 129, 200] {
                let mut s: String = "\t\n\r x\u{F000}\u{FFFD}".chars().cycle().take(len).collect();
                assert_eq!(first_invalid_char(&s, false), None, "{s:?}");
                let at = s.len();
                s.push(bad);
                s.push_str("tail\u{1}");
                assert_eq!(first_invalid_char(&s, false), reference(&s), "{s:?}");
                assert_eq!(first_invalid_char(&s, false), Some((at, bad)), "{s:?}");
            }
        }
    }
}
