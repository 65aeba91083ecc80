//! Malformed and truncated input: every document that is not a well-formed,
//! namespace-well-formed `{DAV:}multistatus` (XML 1.0, Namespaces in XML 1.0,
//! RFC 4918 §14) is an [`Error`] of the exact kind, at the exact byte offset
//! and line:column, through both front ends ([`Multistatus::parse_bytes`]
//! and a [`ResponseReader::from_bytes`] loop). A cut body is told apart from a
//! malformed one, and no input makes the parser panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use multistatus::{Error, ErrorKind, Multistatus, ResponseReader, DAV};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn lossy(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    if text.len() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text.into_owned()
    }
}

/// Runs a [`ResponseReader`] over `input` to the end; `None` when it accepts.
/// After an error, the next call must return the same error again.
fn reader_error(input: &[u8]) -> Option<Error> {
    let mut reader = ResponseReader::from_bytes(input);
    loop {
        let error = match reader.next_response() {
            Ok(Some(_)) => continue,
            Ok(None) => return None,
            Err(error) => error,
        };
        let again = reader.next_response().err();
        assert_eq!(again.as_ref(), Some(&error), "the reader's error is not sticky for {:?}", lossy(input));
        return Some(error);
    }
}

/// Parses `input` with both front ends (and `Multistatus::parse` too when it
/// is UTF-8), asserts they agree, and returns the error, if any.
#[track_caller]
fn result_of(input: &[u8]) -> Result<(), Error> {
    let whole = Multistatus::parse_bytes(input).map(|_| ());
    let streamed = reader_error(input).map_or(Ok(()), Err);
    assert_eq!(whole, streamed, "parse_bytes and ResponseReader disagree on {:?}", lossy(input));
    // A &str is characters already: the encoding its declaration names was
    // applied by whoever decoded it, so only UTF-8 declarations compare.
    let declares_utf8 = |text: &str| {
        let lower = text.to_ascii_lowercase();
        !lower.contains("encoding=") || lower.contains("encoding=\"utf-8\"") || lower.contains("encoding='utf-8'")
    };
    if let Ok(text) = std::str::from_utf8(input) {
        if declares_utf8(text) {
            assert_eq!(Multistatus::parse(text).map(|_| ()), whole, "parse(&str) disagrees on {text:?}");
        }
    }
    whole
}

/// Parses `input` with both front ends, asserts they reject it with the
/// same error (and `Multistatus::parse` too when it is UTF-8), and returns it.
#[track_caller]
fn error_of(input: &[u8]) -> Error {
    match result_of(input) {
        Ok(()) => panic!("both front ends accepted {:?}", lossy(input)),
        Err(error) => error,
    }
}

/// Asserts that `input` is rejected with exactly `kind` at `offset`, `line`:`column`.
#[track_caller]
fn check(input: impl AsRef<[u8]>, kind: ErrorKind, offset: usize, line: usize, column: usize) -> Error {
    let input = input.as_ref();
    let error = error_of(input);
    assert_eq!(
        (error.kind(), error.offset(), error.line(), error.column()),
        (&kind, offset, line, column),
        "(kind, offset, line, column) for {:?}",
        lossy(input)
    );
    assert_eq!(error.is_truncated(), kind == ErrorKind::UnexpectedEof, "is_truncated() of {error:?}");
    let display = error.to_string();
    assert!(display.starts_with(|c: char| c.is_lowercase()), "message should start in lowercase: {display}");
    assert!(
        display.ends_with(&format!(" at {line}:{column} (byte {offset})")),
        "message should end with the position: {display}"
    );
    error
}

/// Asserts that `input` parses with both front ends and returns the response count.
#[track_caller]
fn accepted(input: impl AsRef<[u8]>) -> usize {
    let input = input.as_ref();
    let count = match Multistatus::parse_bytes(input) {
        Ok(multistatus) => multistatus.len(),
        Err(error) => panic!("parse_bytes rejected {:?}: {error}", lossy(input)),
    };
    let mut reader = ResponseReader::from_bytes(input);
    let mut streamed = 0;
    loop {
        match reader.next_response() {
            Ok(Some(_)) => streamed += 1,
            Ok(None) => break,
            Err(error) => panic!("ResponseReader rejected {:?}: {error}", lossy(input)),
        }
    }
    assert_eq!(count, streamed);
    count
}

/// A document whose one property value is `value`: the value starts at byte
/// `VALUE` of the input, on line 7, column 9.
const PROP_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<D:multistatus xmlns:D=\"DAV:\">
  <D:response>
    <D:href>/a</D:href>
    <D:propstat>
      <D:prop>
        ";
const PROP_TAIL: &str = "
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>
";
const VALUE: usize = PROP_HEAD.len();

fn in_prop(value: impl AsRef<[u8]>) -> Vec<u8> {
    [PROP_HEAD.as_bytes(), value.as_ref(), PROP_TAIL.as_bytes()].concat()
}

/// Asserts the error for a property value: `index` is the offending byte
/// within `value`, `column` its column on line 7.
#[track_caller]
fn check_value(value: impl AsRef<[u8]>, kind: ErrorKind, index: usize, column: usize) -> Error {
    check(in_prop(value), kind, VALUE + index, 7, column)
}

/// A document with one response whose children are `body`: the response
/// starts at byte 33, line 2, column 3, and `body` on line 3.
const RESPONSE_HEAD: &str = "<D:multistatus xmlns:D=\"DAV:\">\n  <D:response>\n";
const RESPONSE_TAIL: &str = "  </D:response>\n</D:multistatus>\n";
const RESPONSE_AT: usize = 33;

fn in_response(body: &str) -> String {
    format!("{RESPONSE_HEAD}{body}{RESPONSE_TAIL}")
}

/// Byte offset of the first `needle` in `haystack`.
#[track_caller]
fn at(haystack: impl AsRef<[u8]>, needle: &str) -> usize {
    let haystack = haystack.as_ref();
    haystack
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", lossy(haystack)))
}

fn syntax(message: &str) -> ErrorKind {
    ErrorKind::Syntax(message.into())
}

#[test]
fn helpers_accept_the_wrappers() {
    assert_eq!(accepted(in_prop("<D:displayname>ok</D:displayname>")), 1);
    assert_eq!(accepted(in_response("    <D:href>/a</D:href>\n    <D:status>HTTP/1.1 200 OK</D:status>\n")), 1);
    assert_eq!(&RESPONSE_HEAD[RESPONSE_AT..RESPONSE_AT + 12], "<D:response>");
    assert_eq!(&in_prop("")[VALUE - 9..VALUE], b"\n        ");
}

// ---------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------

#[test]
fn mismatched_end_tag_in_a_property_value() {
    check_value(
        "<D:displayname>x</D:getetag>",
        ErrorKind::MismatchedEndTag { expected: "D:displayname".into(), found: "D:getetag".into() },
        16,
        25,
    );
}

#[test]
fn mismatched_end_tag_across_lines() {
    let input = "<D:multistatus xmlns:D=\"DAV:\">\n  <D:response>\n    <D:href>/a\n    </D:response>\n";
    check(
        input,
        ErrorKind::MismatchedEndTag { expected: "D:href".into(), found: "D:response".into() },
        at(input, "</D:response>"),
        4,
        5,
    );
}

#[test]
fn mismatched_end_tag_compares_qualified_names_not_namespaces() {
    // Same namespace, different prefix: still not the same end tag (XML 1.0 §3 GIMatch).
    let input = "<D:multistatus xmlns:D=\"DAV:\" xmlns:E=\"DAV:\">\n</E:multistatus>\n";
    check(
        input,
        ErrorKind::MismatchedEndTag { expected: "D:multistatus".into(), found: "E:multistatus".into() },
        46,
        2,
        1,
    );
}

#[test]
fn end_tag_closing_nothing() {
    check("</D:multistatus>", ErrorKind::UnmatchedEndTag("D:multistatus".into()), 0, 1, 1);
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>\n  </D:response>\n";
    check(input, ErrorKind::UnmatchedEndTag("D:response".into()), 34, 2, 3);
}

#[test]
fn undeclared_element_prefix() {
    check_value("<x:color>red</x:color>", ErrorKind::UndeclaredPrefix("x".into()), 1, 10);
}

#[test]
fn prefix_declared_on_a_sibling_is_out_of_scope() {
    check_value("<a xmlns:x=\"urn:x\"/><x:b/>", ErrorKind::UndeclaredPrefix("x".into()), 21, 30);
}

#[test]
fn undeclared_attribute_prefix() {
    check_value("<D:displayname x:lang=\"en\">a</D:displayname>", ErrorKind::UndeclaredPrefix("x".into()), 15, 24);
}

#[test]
fn undeclared_prefix_on_the_root() {
    check("\n<D:multistatus/>", ErrorKind::UndeclaredPrefix("D".into()), 2, 2, 2);
}

#[test]
fn invalid_element_names() {
    check_value("<1a/>", ErrorKind::InvalidName("1a".into()), 1, 10);
    check_value("<a:b:c/>", ErrorKind::InvalidName("a:b:c".into()), 1, 10);
    check_value("<:a/>", ErrorKind::InvalidName(":a".into()), 1, 10);
    check_value("<a:/>", ErrorKind::InvalidName("a:".into()), 1, 10);
}

#[test]
fn invalid_attribute_name() {
    check_value("<a 1b=\"x\"/>", ErrorKind::InvalidName("1b".into()), 3, 12);
}

#[test]
fn element_with_the_xmlns_prefix() {
    check_value("<xmlns:a/>", ErrorKind::InvalidName("xmlns:a".into()), 1, 10);
}

// ---------------------------------------------------------------------------
// Encoding and characters
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_byte_in_the_middle() {
    // "Grüße " is 8 bytes, 6 characters.
    let error =
        check_value(b"<D:displayname>Gr\xC3\xBC\xC3\x9Fe \xFF!</D:displayname>", ErrorKind::InvalidUtf8, 23, 30);
    assert!(!error.is_truncated());
}

#[test]
fn invalid_utf8_sequences() {
    // A lead byte followed by a non-continuation byte.
    check_value(b"ab\xE2\x80(cd", ErrorKind::InvalidUtf8, 2, 11);
    // An encoded surrogate and an overlong encoding are not UTF-8.
    check_value(b"ab\xED\xA0\x80cd", ErrorKind::InvalidUtf8, 2, 11);
    check_value(b"ab\xC0\xAFcd", ErrorKind::InvalidUtf8, 2, 11);
    // A stray continuation byte.
    check_value(b"ab\x80cd", ErrorKind::InvalidUtf8, 2, 11);
}

#[test]
fn invalid_utf8_at_the_very_end_that_is_not_a_cut_sequence() {
    let mut input = in_prop("");
    input.push(0xFF);
    let offset = input.len() - 1;
    let error = check(&input, ErrorKind::InvalidUtf8, offset, 13, 1);
    assert!(!error.is_truncated());
}

#[test]
fn multibyte_sequence_cut_at_the_end_is_truncation() {
    let head = [PROP_HEAD.as_bytes(), b"<D:displayname>J"].concat();
    for cut in [&b"\xC3"[..], b"\xE2\x80", b"\xF0\x9F\x93"] {
        let input = [&head[..], cut].concat();
        let error = check(&input, ErrorKind::UnexpectedEof, head.len(), 7, 25);
        assert!(error.is_truncated());
    }
}

#[test]
fn invalid_character_references_in_text() {
    for reference in ["#0", "#xD800", "#x110000", "#1", "#xFFFE", "#x", "#"] {
        let value = format!("<D:displayname>a&{reference};</D:displayname>");
        check_value(value, ErrorKind::InvalidCharReference(reference.into()), 16, 25);
    }
}

#[test]
fn invalid_character_references_in_attributes() {
    for reference in ["#0", "#xD800", "#x110000", "#1", "#xFFFE"] {
        let value = format!("<D:displayname title=\"a&{reference};\"/>");
        check_value(value, ErrorKind::InvalidCharReference(reference.into()), 23, 32);
    }
}

#[test]
fn character_reference_that_is_not_a_number() {
    check_value("<D:displayname>&#xZZ;</D:displayname>", ErrorKind::InvalidCharReference("#xZZ".into()), 15, 24);
    check_value("<D:displayname title='&#xZZ;'/>", ErrorKind::InvalidCharReference("#xZZ".into()), 22, 31);
    check_value("<D:displayname>&#12a;</D:displayname>", ErrorKind::InvalidCharReference("#12a".into()), 15, 24);
}

#[test]
fn valid_character_references_are_accepted() {
    let input = in_prop(
        "<D:displayname a='&#9;&#x10FFFF;'>&#x9;&#xA;&#xD;&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#65;</D:displayname>",
    );
    assert_eq!(accepted(input), 1);
}

#[test]
fn raw_control_character_in_text() {
    check_value(b"<D:displayname>a\x01b</D:displayname>", ErrorKind::InvalidChar('\u{1}'), 16, 25);
    check_value(b"<D:displayname>a\x00b</D:displayname>", ErrorKind::InvalidChar('\0'), 16, 25);
}

#[test]
fn raw_control_character_in_an_attribute() {
    check_value(b"<D:displayname title=\"a\x01b\"/>", ErrorKind::InvalidChar('\u{1}'), 23, 32);
    check_value(b"<D:displayname title=\"\x1B\"/>", ErrorKind::InvalidChar('\u{1B}'), 22, 31);
}

#[test]
fn noncharacters_fffe_and_ffff() {
    check_value("<D:displayname>a\u{FFFE}b</D:displayname>", ErrorKind::InvalidChar('\u{FFFE}'), 16, 25);
    check_value("<D:displayname title='\u{FFFF}'/>", ErrorKind::InvalidChar('\u{FFFF}'), 22, 31);
    // U+FFFD and the other U+Fxxx characters are fine.
    assert_eq!(accepted(in_prop("<D:displayname>\u{FFFD}\u{F000}\u{FFEF}</D:displayname>")), 1);
}

#[test]
fn unsupported_declared_encoding() {
    let input = "<?xml version=\"1.0\" encoding=\"x-klingon\"?>\n<D:multistatus xmlns:D=\"DAV:\"/>\n";
    check(input, ErrorKind::UnsupportedEncoding("x-klingon".into()), 0, 1, 1);
    // Text already decoded to a &str is read whatever encoding it declares.
    assert_eq!(Multistatus::parse(input).map(|m| m.len()), Ok(0));
}

// ---------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------

#[test]
fn duplicate_attribute_by_qualified_name() {
    check_value("<D:displayname a=\"1\" a=\"2\"/>", ErrorKind::DuplicateAttribute("a".into()), 21, 30);
}

#[test]
fn duplicate_attribute_by_expanded_name() {
    check_value(
        "<D:displayname xmlns:a=\"urn:x\" xmlns:b=\"urn:x\" a:c=\"1\" b:c=\"2\"/>",
        ErrorKind::DuplicateAttribute("b:c".into()),
        55,
        64,
    );
    // The same on the root element, which is not kept, and with the DAV: namespace.
    let input = "<D:multistatus xmlns:D=\"DAV:\" xmlns:E=\"DAV:\" D:x=\"1\"\n  E:x=\"2\"/>";
    check(input, ErrorKind::DuplicateAttribute("E:x".into()), at(input, "E:x"), 2, 3);
}

#[test]
fn distinct_expanded_names_are_not_duplicates() {
    // `c` has no namespace, `a:c` has one: different attributes.
    let input = in_prop("<D:displayname xmlns:a=\"urn:x\" xmlns:b=\"urn:y\" c=\"0\" a:c=\"1\" b:c=\"2\"/>");
    assert_eq!(accepted(input), 1);
}

#[test]
fn less_than_in_an_attribute_value() {
    check_value("<D:displayname title=\"a<b\"/>", syntax("`<` is not allowed in an attribute value"), 23, 32);
}

#[test]
fn unquoted_attribute_value() {
    check_value("<D:displayname title=abc/>", syntax("attribute value must be quoted"), 21, 30);
}

#[test]
fn missing_whitespace_between_attributes() {
    check_value("<D:displayname a=\"1\"b=\"2\"/>", syntax("attributes must be separated by whitespace"), 20, 29);
}

#[test]
fn undefined_entity_in_an_attribute() {
    check_value("<D:displayname title=\"a&nbsp;b\"/>", ErrorKind::UndefinedEntity("nbsp".into()), 23, 32);
}

// ---------------------------------------------------------------------------
// Text, references, comments, CDATA, processing instructions
// ---------------------------------------------------------------------------

#[test]
fn undefined_entity_in_text() {
    check_value("<D:displayname>a&nbsp;b</D:displayname>", ErrorKind::UndefinedEntity("nbsp".into()), 16, 25);
    check_value("<D:displayname>&eacute;</D:displayname>", ErrorKind::UndefinedEntity("eacute".into()), 15, 24);
}

#[test]
fn lone_ampersand_in_text() {
    check_value(
        "<D:displayname>Tom & Jerry</D:displayname>",
        syntax("`&` starts no reference (write `&amp;`)"),
        19,
        28,
    );
    // What follows the `&` reads like the end tag (`</D:displayname>` less its `<`): the
    // `&` is still text's, and the element is not closed there.
    check_value("<D:displayname>Tom&/D:displayname>", syntax("`&` starts no reference (write `&amp;`)"), 18, 27);
}

#[test]
fn cdata_end_in_text() {
    check_value("<D:displayname>a]]>b</D:displayname>", syntax("`]]>` is not allowed in text"), 16, 25);
    // `]]` alone, `]>` and `]]&gt;` are text.
    assert_eq!(accepted(in_prop("<D:displayname>a]]b]>c]]&gt;</D:displayname>")), 1);
}

#[test]
fn double_hyphen_in_a_comment() {
    check_value("<!-- a -- b -->", syntax("`--` is not allowed inside a comment"), 7, 16);
}

#[test]
fn comment_ending_with_three_hyphens() {
    // `--->`: the comment text would end with `-` (XML 1.0 §2.5); the `--`
    // at index 7 is not followed by `>`.
    check_value("<!-- a --->", syntax("`--` is not allowed inside a comment"), 7, 16);
}

#[test]
fn xml_declaration_not_at_the_start() {
    let message = "xml declaration is only allowed at the very start";
    // After a line break.
    let input = "\n<?xml version=\"1.0\"?>\n<D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, syntax(message), 1, 2, 1);
    // After a comment.
    let input = "<!-- x -->\n<?xml version=\"1.0\"?>\n<D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, syntax(message), 11, 2, 1);
    // Inside the root.
    check_value("<?xml version=\"1.0\"?>", syntax(message), 0, 9);
}

#[test]
fn processing_instruction_named_xml() {
    check_value("<?XML nope?>", syntax("processing instruction target `XML` is reserved"), 0, 9);
    check_value("<?xMl?>", syntax("processing instruction target `xMl` is reserved"), 0, 9);
    // Names that only start with `xml` are allowed (XML 1.0 §2.6 reserves them, does not forbid them).
    assert_eq!(accepted(in_prop("<?xml-stylesheet href='a'?><?xmlfoo?>")), 1);
}

#[test]
fn markup_the_tokenizer_gives_up_on_is_broken_not_cut() {
    // quick-xml stops at the `>` of these, before the end of the input; every
    // front end reports them at that `>`, whatever follows (found by fuzzing).
    let root = "<D:multistatus xmlns:D=\"DAV:\"/>";
    let pi = "malformed processing instruction: a target name follows `<?`, `?>` ends it";
    check(format!("<?>{root}"), syntax(pi), 2, 1, 3);
    check("<?>", syntax(pi), 2, 1, 3);
    check(b"<?>\xff", syntax(pi), 2, 1, 3);
    check(format!("<!-x-->{root}"), syntax("malformed comment: `<!--` starts it, `-->` ends it"), 6, 1, 7);
    let cdata = "malformed cdata section: `<![CDATA[` starts it, `]]>` ends it";
    check("<D:multistatus xmlns:D=\"DAV:\"><![x]]></D:multistatus>", syntax(cdata), 36, 1, 37);
    check(b"<!D\"\">\0", syntax("`<!` starts no comment, cdata section or doctype"), 5, 1, 6);
    // Still open at the end of the input: a cut.
    check("<?x", ErrorKind::UnexpectedEof, 0, 1, 1);
    check("<!--->", ErrorKind::UnexpectedEof, 0, 1, 1);
    // `<!` and the start of a character cut by the end: no comment can follow.
    check(b"<!\xe2", syntax("`<!` starts no comment, cdata section or doctype"), 0, 1, 1);
    // `<?>` inside the root too, not only at the start of the input.
    check("<D:multistatus xmlns:D=\"DAV:\"><?></D:multistatus>", syntax(pi), 32, 1, 33);
    // `<??>` is a processing instruction with an empty target, not a malformed one.
    check("<??>", ErrorKind::InvalidName(String::new()), 2, 1, 3);
    // Not `<!DOCTYPE`: markup nothing starts, not a doctype.
    check("<!DOCTYPO xx>", syntax("`<!` starts no comment, cdata section or doctype"), 12, 1, 13);
}

#[test]
fn a_doctype_ends_at_the_first_gt_outside_its_literals() {
    // A doctype with nothing in it is still a doctype.
    check("<!DOCTYPE>", ErrorKind::DoctypeNotAllowed, 0, 1, 1);
    // A `>` in a quoted literal, around the internal subset or in it, ends
    // nothing: cut after it, the input is truncated inside the doctype.
    let cuts = [
        ("<!DOCTYPE x \"a>", "\">"),
        ("<!DOCTYPE x 'a>", "'>"),
        ("<!DOCTYPE x [<!ENTITY a \"b]>", "\">]>"),
        ("<!DOCTYPE x [<!ENTITY a 'b]>", "'>]>"),
    ];
    for (cut, rest) in cuts {
        check(cut, ErrorKind::UnexpectedEof, 0, 1, 1);
        check(format!("{cut}{rest}"), ErrorKind::DoctypeNotAllowed, 0, 1, 1);
    }
}

#[test]
fn text_outside_the_root_is_reported_before_what_is_wrong_inside_it() {
    check("<?x ?>\u{FEFF}]]>", ErrorKind::TextOutsideRoot, 6, 1, 7);
}

#[test]
fn processing_instruction_target_with_a_colon() {
    // Namespaces in XML 1.0 §7: no processing instruction target contains a colon.
    check_value("<?a:b c?>", ErrorKind::InvalidName("a:b".into()), 2, 11);
    check_value("<?:a?>", ErrorKind::InvalidName(":a".into()), 2, 11);
    check_value("<?p:3.0 x?>", ErrorKind::InvalidName("p:3.0".into()), 2, 11);
}

#[test]
fn cdata_outside_the_root() {
    let input = "<![CDATA[x]]>\n<D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, ErrorKind::TextOutsideRoot, 0, 1, 1);
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>\n<![CDATA[x]]>";
    check(input, ErrorKind::TextOutsideRoot, 32, 2, 1);
    // Even an empty or blank CDATA section is not allowed outside the root.
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>\n<![CDATA[ ]]>";
    check(input, ErrorKind::TextOutsideRoot, 32, 2, 1);
}

// ---------------------------------------------------------------------------
// Document level
// ---------------------------------------------------------------------------

#[test]
fn text_after_the_root() {
    // The offending markup is the `j`, not the line break before it.
    let mut input = in_prop("");
    let offset = input.len() + 2;
    input.extend_from_slice(b"  junk\n");
    check(&input, ErrorKind::TextOutsideRoot, offset, 13, 3);
}

#[test]
fn text_after_the_root_on_the_same_line() {
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>junk";
    check(input, ErrorKind::TextOutsideRoot, 31, 1, 32);
}

#[test]
fn text_before_the_root() {
    let input = "<?xml version=\"1.0\"?>\n  Error 500\n<D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, ErrorKind::TextOutsideRoot, 24, 2, 3);
}

#[test]
fn reference_outside_the_root() {
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>&amp;";
    check(input, ErrorKind::TextOutsideRoot, 31, 1, 32);
}

#[test]
fn element_after_the_root() {
    let mut input = in_prop("");
    let offset = input.len();
    input.extend_from_slice(b"<D:multistatus xmlns:D=\"DAV:\"/>\n");
    check(&input, ErrorKind::ElementAfterRoot, offset, 13, 1);
}

#[test]
fn element_after_the_root_with_an_undeclared_prefix() {
    // The second element is an error at its `<`, whatever its name: the
    // prefix (out of scope once the root is closed) comes later in the input.
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>\n<D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, ErrorKind::ElementAfterRoot, 32, 2, 1);
    let input = "<D:multistatus xmlns:D=\"DAV:\"/>\n<D:response/>";
    check(input, ErrorKind::ElementAfterRoot, 32, 2, 1);
}

#[test]
fn empty_body() {
    check("", ErrorKind::NoRootElement, 0, 1, 1);
}

#[test]
fn whitespace_only_body() {
    check(" \r\n\t\n  ", ErrorKind::NoRootElement, 7, 3, 3);
}

#[test]
fn declaration_and_comment_only() {
    let input = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- nothing here -->\n";
    check(input, ErrorKind::NoRootElement, input.len(), 3, 1);
    let input = "<?pi x?><!-- y -->";
    check(input, ErrorKind::NoRootElement, input.len(), 1, 19);
}

#[test]
fn html_error_page() {
    let input = "\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";
    check(input, ErrorKind::HtmlPage, 1, 2, 1);
    let xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>Forbidden</body></html>";
    check(xhtml, ErrorKind::HtmlPage, 0, 1, 1);
}

#[test]
fn html_error_page_with_a_doctype() {
    // The DOCTYPE comes first in document order.
    let input = "<!DOCTYPE html>\n<html><body>Internal Server Error</body></html>\n";
    check(input, ErrorKind::HtmlPage, 0, 1, 1);
    let input = "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html></html>\n";
    check(input, ErrorKind::HtmlPage, 0, 1, 1);
}

#[test]
fn dav_error_body() {
    let input = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\">\n  <D:lock-token-submitted><D:href>/locked/</D:href></D:lock-token-submitted>\n</D:error>\n";
    check(input, ErrorKind::NotMultistatus("{DAV:}error".into()), 39, 2, 1);
}

#[test]
fn multistatus_in_no_namespace() {
    let input = "<multistatus>\n  <response><href>/a</href><status>HTTP/1.1 200 OK</status></response>\n</multistatus>";
    check(input, ErrorKind::NotMultistatus("{}multistatus".into()), 0, 1, 1);
}

#[test]
fn multistatus_in_another_namespace() {
    let input = "<D:multistatus xmlns:D=\"urn:not-dav\"></D:multistatus>";
    check(input, ErrorKind::NotMultistatus("{urn:not-dav}multistatus".into()), 0, 1, 1);
    // A default namespace that is not DAV: either.
    let input = "  <multistatus xmlns=\"DAV\"/>";
    check(input, ErrorKind::NotMultistatus("{DAV}multistatus".into()), 2, 1, 3);
}

#[test]
fn doctype_with_an_internal_subset() {
    let input = "<?xml version=\"1.0\"?>\n<!DOCTYPE D:multistatus [\n  <!ENTITY x \"expanded\">\n]>\n<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>&x;</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>\n";
    check(input, ErrorKind::DoctypeNotAllowed, 22, 2, 1);
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ELEMENT lolz (#PCDATA)>
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<D:multistatus xmlns:D="DAV:"><D:response><D:href>&lol9;</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>
"#;

#[test]
fn doctype_billion_laughs() {
    let started = std::time::Instant::now();
    check(BILLION_LAUGHS, ErrorKind::DoctypeNotAllowed, 22, 2, 1);
    assert!(started.elapsed().as_secs() < 5, "the billion laughs took {:?}", started.elapsed());
}

#[test]
fn doctype_with_an_external_dtd() {
    let input = "<?xml version=\"1.0\"?>\n<!DOCTYPE D:multistatus SYSTEM \"file:///etc/passwd\">\n<D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, ErrorKind::DoctypeNotAllowed, 22, 2, 1);
    let input = "<!DOCTYPE x PUBLIC \"-//x//y\" \"http://127.0.0.1:1/evil.dtd\"><D:multistatus xmlns:D=\"DAV:\"/>";
    check(input, ErrorKind::DoctypeNotAllowed, 0, 1, 1);
}

#[test]
fn doctype_inside_the_root() {
    check_value("<!DOCTYPE x>", ErrorKind::DoctypeNotAllowed, 0, 9);
}

// Errors are reported in document order, even when a forbidden character
// sits later inside the same token as the earlier error.

#[test]
fn earlier_error_in_text_wins_over_a_later_invalid_character() {
    check_value(b"a]]>b\x01", syntax("`]]>` is not allowed in text"), 1, 10);
}

#[test]
fn earlier_invalid_name_wins_over_a_later_invalid_character() {
    check_value(b"<1a b=\"\x01\"/>", ErrorKind::InvalidName("1a".into()), 1, 10);
}

#[test]
fn earlier_attribute_error_wins_over_a_later_invalid_character() {
    check_value(b"<a b=\"1\"c=\"\x01\"/>", syntax("attributes must be separated by whitespace"), 8, 17);
}

#[test]
fn earlier_error_in_an_earlier_token_wins_over_a_later_invalid_character() {
    check_value(b"<a>&nbsp;\x01</a>", ErrorKind::UndefinedEntity("nbsp".into()), 3, 12);
    check_value(b"<a>x</b>\x01", ErrorKind::MismatchedEndTag { expected: "a".into(), found: "b".into() }, 4, 13);
    check_value(b"<a b=\"&nbsp;\"/>\x01", ErrorKind::UndefinedEntity("nbsp".into()), 6, 15);
}

#[test]
fn byte_order_mark() {
    // One BOM is the encoding signature; offsets still count its bytes.
    let input = "\u{FEFF}<D:multistatus xmlns:D=\"DAV:\"><1a/></D:multistatus>";
    let error = error_of(input.as_bytes());
    assert_eq!((error.kind(), error.offset(), error.line()), (&ErrorKind::InvalidName("1a".into()), 34, 1));
    assert_eq!(accepted("\u{FEFF}<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\"/>"), 0);
    // A second U+FEFF is a character: text before the root.
    let input = "\u{FEFF}\u{FEFF}<D:multistatus xmlns:D=\"DAV:\"/>";
    let error = error_of(input.as_bytes());
    assert_eq!((error.kind(), error.offset(), error.line()), (&ErrorKind::TextOutsideRoot, 3, 1));
}

// ---------------------------------------------------------------------------
// Namespace declarations
// ---------------------------------------------------------------------------

#[test]
fn prefix_bound_to_the_empty_namespace() {
    check_value(
        "<a xmlns:p=\"\"/>",
        ErrorKind::InvalidNamespaceDeclaration("prefix `p` cannot be bound to an empty namespace".into()),
        3,
        12,
    );
    // Undeclaring the default namespace is allowed.
    assert_eq!(accepted(in_prop("<a xmlns=\"urn:x\"><b xmlns=\"\"/></a>")), 1);
}

#[test]
fn rebinding_the_xml_prefix() {
    check_value(
        "<a xmlns:xml=\"urn:x\"/>",
        ErrorKind::InvalidNamespaceDeclaration("the `xml` prefix cannot be rebound".into()),
        3,
        12,
    );
    // Binding it to its own namespace is allowed.
    assert_eq!(accepted(in_prop("<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:lang=\"en\"/>")), 1);
}

#[test]
fn binding_the_xml_namespace_to_another_prefix() {
    check_value(
        "<a xmlns:x=\"http://www.w3.org/XML/1998/namespace\"/>",
        ErrorKind::InvalidNamespaceDeclaration(
            "`http://www.w3.org/XML/1998/namespace` cannot be bound to another prefix".into(),
        ),
        3,
        12,
    );
}

#[test]
fn declaring_the_xmlns_prefix() {
    check_value(
        "<a xmlns:xmlns=\"urn:x\"/>",
        ErrorKind::InvalidNamespaceDeclaration("the `xmlns` prefix cannot be declared".into()),
        3,
        12,
    );
}

// ---------------------------------------------------------------------------
// RFC 4918 §14 structure
// ---------------------------------------------------------------------------

// Deviations from the RFC 4918 §14 content model are no errors: see
// tests/deviations.rs. A status element that is no status line is one.

#[test]
fn unparsable_status_lines_in_a_response() {
    for (status, text) in [
        ("<D:status>200 OK</D:status>", "200 OK"),
        ("<D:status>HTTP/1.1 20 OK</D:status>", "HTTP/1.1 20 OK"),
        ("<D:status></D:status>", ""),
        ("<D:status/>", ""),
        ("<D:status>HTTP/1.1 2000 OK</D:status>", "HTTP/1.1 2000 OK"),
    ] {
        let input = in_response(&format!("    <D:href>/a</D:href>\n    {status}\n"));
        check(&input, ErrorKind::InvalidStatusLine(text.into()), at(&input, "<D:status"), 4, 5);
    }
}

#[test]
fn unparsable_status_line_in_a_propstat() {
    let input = in_response(
        "    <D:href>/a</D:href>\n    <D:propstat>\n      <D:prop/>\n      <D:status>200 OK</D:status>\n    </D:propstat>\n",
    );
    check(&input, ErrorKind::InvalidStatusLine("200 OK".into()), at(&input, "<D:status>"), 6, 7);
}

#[test]
fn reader_yields_the_good_responses_before_the_error() {
    let input = "<D:multistatus xmlns:D=\"DAV:\">\n  <D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\n  <D:response><D:href>/b</D:href><D:status>OK</D:status></D:response>\n</D:multistatus>\n";
    let mut reader = ResponseReader::new(input);
    assert_eq!(reader.next_response().unwrap().unwrap().href().unwrap().as_str(), "/a");
    let error = reader.next_response().unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::InvalidStatusLine("OK".into()));
    assert_eq!((error.offset(), error.line(), error.column()), (at(input, "<D:status>OK"), 3, 34));
    assert_eq!(error_of(input.as_bytes()), error);
}

// ---------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------

#[test]
fn display_names_the_error_and_its_place() {
    let error = error_of(&in_prop("<D:displayname>x</D:getetag>"));
    assert_eq!(
        error.to_string(),
        format!("end tag `</D:getetag>` does not match open element `<D:displayname>` at 7:25 (byte {})", VALUE + 16)
    );
    assert_eq!(error_of(b"").to_string(), "no root element: the body is empty at 1:1 (byte 0)");
    let error = error_of(b"<D:multistatus xmlns:D=\"DAV:\">\n  <D:response>");
    assert_eq!(error.to_string(), "unexpected end of input: the document is truncated at 2:15 (byte 45)");
    let error = error_of(b"<D:multistatus xmlns:D=\"DAV:\">\n  a&nbsp;");
    assert_eq!(
        error.to_string(),
        "undefined entity `&nbsp;`: only amp, lt, gt, apos and quot exist without a dtd at 2:4 (byte 34)"
    );
    let error = error_of(b"<D:error xmlns:D=\"DAV:\"/>");
    assert_eq!(error.to_string(), "root element is `{DAV:}error`, expected `{DAV:}multistatus` at 1:1 (byte 0)");
    let error = error_of(b"\n\n<D:multistatus xmlns:D=\"DAV:\">\xFF");
    assert_eq!(error.to_string(), "input is not valid utf-8 at 3:31 (byte 32)");
}

// ---------------------------------------------------------------------------
// Truncation
// ---------------------------------------------------------------------------

/// A realistic body: declaration, comments (one non-ASCII), a processing
/// instruction, CDATA, entity and character references, attributes in both
/// quote styles, a prefix declared after its use on the same tag, nested
/// property values, 2-, 3- and 4-byte UTF-8, a tab and a CRLF line end.
const REALISTIC: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<!-- PROPFIND Depth: 1 \u{2014} g\u{e9}n\u{e9}r\u{e9} -->
<D:multistatus xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">
  <D:response>
    <D:href>/cal/j%C3%B6rg/</D:href>
    <D:propstat>
      <D:prop>
        <D:displayname xml:lang=\"de\" title='Gr\u{fc}\u{df}e'>J\u{f6}rg &amp; \u{dc}nal \u{2014} Kalender \u{1F4C5}</D:displayname>
        <D:resourcetype><D:collection/><C:calendar/></D:resourcetype>
        <C:calendar-description><![CDATA[<b>work</b> & play]]></C:calendar-description>
        <D:getetag>&quot;42-&#x1F600;&#233;&quot;</D:getetag>
        <C:supported-calendar-component-set><C:comp name='VEVENT'/><C:comp name=\"VTODO\" x:y=\"1\" xmlns:x=\"urn:x\"/></C:supported-calendar-component-set>
\t\t<D:owner><D:href>/principals/j&#246;rg/</D:href></D:owner>\r
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <!-- nothing else -->
    <?php echo \"pi\"; ?>
  </D:response>
  <D:response>
    <D:href>/cal/j%C3%B6rg/gone.ics</D:href>
    <D:status>HTTP/1.1 404 Not Found</D:status>
  </D:response>
  <D:sync-token>http://example.com/sync/12</D:sync-token>
</D:multistatus>
";

/// Ends of the lexical tokens of `doc` that are "open" between their first
/// and last byte: tags, comments, CDATA sections, processing instructions,
/// the declaration, and references in text. (The scanner knows only what
/// REALISTIC and its injected variants contain.)
fn tokens(doc: &[u8]) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut i = 0;
    let find = |from: usize, needle: &[u8]| {
        from + doc[from..].windows(needle.len()).position(|w| w == needle).expect("token is closed") + needle.len()
    };
    while i < doc.len() {
        let rest = &doc[i..];
        let end = if rest.starts_with(b"<![CDATA[") {
            find(i, b"]]>")
        } else if rest.starts_with(b"<!--") {
            find(i + 4, b"-->")
        } else if rest.starts_with(b"<?") {
            find(i, b"?>")
        } else if rest.starts_with(b"<") {
            find(i, b">")
        } else if rest.starts_with(b"&") {
            find(i, b";")
        } else {
            i += 1;
            continue;
        };
        tokens.push((i, end));
        i = end;
    }
    tokens
}

/// 1-based line and column (in characters) of `offset`, computed independently.
fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = std::str::from_utf8(&input[..offset]).expect("error offsets are on character boundaries");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (1 + before.matches('\n').count(), 1 + before[line_start..].chars().count())
}

#[test]
fn realistic_document_parses() {
    let multistatus = Multistatus::parse_bytes(REALISTIC.as_bytes()).unwrap();
    assert_eq!(multistatus.len(), 2);
    assert_eq!(multistatus.sync_token().as_deref(), Some("http://example.com/sync/12"));
    let response = multistatus.response(0).unwrap();
    assert_eq!(response.href().unwrap().as_str(), "/cal/j%C3%B6rg/");
    let name = response.property(DAV, "displayname").unwrap();
    assert_eq!(name.text(), "J\u{f6}rg & \u{dc}nal \u{2014} Kalender \u{1F4C5}");
    assert_eq!(name.attribute("", "title").unwrap().value(), "Gr\u{fc}\u{df}e");
    assert_eq!(name.lang().as_deref(), Some("de"));
    let description = response.property(multistatus::CALDAV, "calendar-description").unwrap();
    assert_eq!(description.text(), "<b>work</b> & play");
    assert_eq!(response.property(DAV, "getetag").unwrap().text(), "\"42-\u{1F600}\u{e9}\"");
    let set = response.property(multistatus::CALDAV, "supported-calendar-component-set").unwrap();
    let todo = set.children().nth(1).unwrap();
    assert_eq!(todo.attribute("urn:x", "y").unwrap().value(), "1");
    let owner = response.property(DAV, "owner").unwrap();
    assert_eq!(owner.child(DAV, "href").unwrap().text(), "/principals/j\u{f6}rg/");
    assert_eq!(multistatus.response(1).unwrap().status().unwrap().code(), Some(404));
    assert_eq!(accepted(REALISTIC), 2);
    assert_eq!(accepted(REALISTIC.trim_end()), 2);
}

/// What a prefix of a well-formed document must give, per XML: a prefix that
/// stops between complete prolog items (or is empty) holds no root element
/// and nothing open, so it is `NoRootElement` at its end; every other proper
/// prefix is `UnexpectedEof`, at the start of the token still open (`<` of a
/// tag, comment, CDATA section, PI or declaration, `&` of a reference), or at
/// the first byte of a cut UTF-8 sequence, or else at the end of the input.
fn expected_for_prefix(doc: &[u8], tokens: &[(usize, usize)], root_start: usize, len: usize) -> (ErrorKind, usize) {
    let open_token = tokens.iter().find(|&&(start, end)| start < len && len < end);
    if len <= root_start && open_token.is_none() {
        return (ErrorKind::NoRootElement, len);
    }
    let cut_sequence = match std::str::from_utf8(&doc[..len]) {
        Ok(_) => None,
        Err(e) => {
            assert!(e.error_len().is_none(), "prefixes of valid UTF-8 only cut sequences");
            Some(e.valid_up_to())
        }
    };
    let offset = cut_sequence.or(open_token.map(|&(start, _)| start)).unwrap_or(len);
    (ErrorKind::UnexpectedEof, offset)
}

#[test]
fn every_prefix_of_a_valid_document_is_truncated_or_has_no_root() {
    let doc = REALISTIC.as_bytes();
    let trimmed = REALISTIC.trim_end().len();
    let root_start = at(doc, "<D:multistatus");
    let tokens = tokens(doc);
    let mut failures = Vec::new();
    for len in 0..trimmed {
        let prefix = &doc[..len];
        let error = error_of(prefix);
        let (kind, offset) = expected_for_prefix(doc, &tokens, root_start, len);
        if kind == ErrorKind::UnexpectedEof && !error.is_truncated() {
            failures.push(format!("prefix of {len} bytes …{:?}: not truncated but {error}", tail(prefix)));
            continue;
        }
        if (error.kind(), error.offset()) != (&kind, offset) {
            failures.push(format!(
                "prefix of {len} bytes …{:?}: got {error}, expected {kind:?} at byte {offset}",
                tail(prefix)
            ));
            continue;
        }
        assert!(error.offset() <= len);
        assert_eq!((error.line(), error.column()), line_column(prefix, error.offset()), "{error}");
    }
    // Once the root is closed, the rest is optional trailing whitespace.
    for len in trimmed..=doc.len() {
        assert_eq!(accepted(&doc[..len]), 2);
    }
    assert!(failures.is_empty(), "{} of {trimmed} prefixes wrong:\n{}", failures.len(), failures.join("\n"));
}

fn tail(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(24)..]).into_owned()
}

#[test]
fn cut_bang_markup_is_truncation() {
    // `<!` is the beginning of `<!--`, `<![CDATA[` (and `<!DOCTYPE`): a cut,
    // not a syntax error.
    check("<!", ErrorKind::UnexpectedEof, 0, 1, 1);
    check("<D:multistatus xmlns:D=\"DAV:\">\n<!", ErrorKind::UnexpectedEof, 31, 2, 1);
}

/// A malformed variant of REALISTIC: `target` (first occurrence) replaced.
struct Injection {
    name: &'static str,
    input: Vec<u8>,
    /// The error of the whole input.
    kind: ErrorKind,
    offset: usize,
    /// Prefixes at least this long already hold the complete offending
    /// token and must give exactly the error of the whole input.
    exact_from: usize,
    /// Prefixes at least this long are already not the beginning of any
    /// well-formed document and must not be reported as truncated.
    malformed_from: usize,
}

/// Replaces `target` by `replacement` in REALISTIC; returns the input and
/// where the replacement starts.
fn inject(target: &str, replacement: &[u8]) -> (Vec<u8>, usize) {
    let start = at(REALISTIC, target);
    let input = [&REALISTIC.as_bytes()[..start], replacement, &REALISTIC.as_bytes()[start + target.len()..]].concat();
    (input, start)
}

/// An injection whose error is at `error_at` within the replacement, known
/// for certain once `known_after` bytes of the replacement are read.
fn injection(
    name: &'static str,
    target: &str,
    replacement: &[u8],
    kind: ErrorKind,
    error_at: usize,
    known_after: usize,
) -> Injection {
    let (input, start) = inject(target, replacement);
    Injection {
        name,
        input,
        kind,
        offset: start + error_at,
        exact_from: start + known_after,
        malformed_from: start + known_after,
    }
}

fn injections() -> Vec<Injection> {
    let whole = |replacement: &[u8]| replacement.len();
    let mut list = vec![
        {
            let replacement = "J\u{f6}rg & \u{dc}nal".as_bytes();
            // `& ` can never begin a reference: known after the space.
            injection(
                "lone ampersand",
                "J\u{f6}rg &amp; \u{dc}nal",
                replacement,
                syntax("`&` starts no reference (write `&amp;`)"),
                6,
                8,
            )
        },
        {
            let r = b"<1collection/>";
            injection("invalid name", "<D:collection/>", r, ErrorKind::InvalidName("1collection".into()), 1, whole(r))
        },
        {
            let r = b"</D:getetags>";
            let kind = ErrorKind::MismatchedEndTag { expected: "D:getetag".into(), found: "D:getetags".into() };
            injection("mismatched end tag", "</D:getetag>", r, kind, 0, whole(r))
        },
        injection("undefined entity", "&quot;42", b"&nbsp;42", ErrorKind::UndefinedEntity("nbsp".into()), 0, 6),
        injection("control character", "sync/12", b"sync/\x0112", ErrorKind::InvalidChar('\u{1}'), 5, 6),
        injection("invalid utf-8", "/cal/j%C3%B6rg/<", b"/cal/\xFFj%C3%B6rg/<", ErrorKind::InvalidUtf8, 5, 6),
        injection("cdata end in text", "Kalender", b"Kal]]>ender", syntax("`]]>` is not allowed in text"), 3, 6),
        {
            let r = b"<!-- nothing -- else -->";
            injection(
                "double hyphen",
                "<!-- nothing else -->",
                r,
                syntax("`--` is not allowed inside a comment"),
                13,
                whole(r),
            )
        },
        {
            let r = b"<X:calendar/>";
            injection("undeclared prefix", "<C:calendar/>", r, ErrorKind::UndeclaredPrefix("X".into()), 1, whole(r))
        },
        {
            let r = b"<C:comp name='VEVENT' name=\"x\"/>";
            injection(
                "duplicate attribute",
                "<C:comp name='VEVENT'/>",
                r,
                ErrorKind::DuplicateAttribute("name".into()),
                22,
                whole(r),
            )
        },
        {
            let r = b"<!DOCTYPE x><!-- PROPFIND";
            injection("doctype", "<!-- PROPFIND", r, ErrorKind::DoctypeNotAllowed, 0, 12)
        },
        injection(
            "text before the root",
            "-->\n<D:multistatus",
            b"-->junk\n<D:multistatus",
            ErrorKind::TextOutsideRoot,
            3,
            4,
        ),
        {
            let r = b"</D:multistatus><x/>";
            injection("element after the root", "</D:multistatus>", r, ErrorKind::ElementAfterRoot, 16, whole(r))
        },
        {
            let r = "<D:displayname xml:lang=\"de\" title='Gr<\u{fc}\u{df}e'>".as_bytes();
            let target = "<D:displayname xml:lang=\"de\" title='Gr\u{fc}\u{df}e'>";
            let lt = at(r, "<\u{fc}");
            injection(
                "less-than in attribute",
                target,
                r,
                syntax("`<` is not allowed in an attribute value"),
                lt,
                whole(r),
            )
        },
        {
            let r = b"<D:multistatus xmlns:D=\"urn:x\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">";
            let target = "<D:multistatus xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">";
            injection("not multistatus", target, r, ErrorKind::NotMultistatus("{urn:x}multistatus".into()), 0, whole(r))
        },
        {
            let r = b"<?xml version=\"1.0\" encoding=\"x-klingon\"?>";
            let target = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
            injection(
                "unsupported encoding",
                target,
                r,
                ErrorKind::UnsupportedEncoding("x-klingon".into()),
                0,
                whole(r),
            )
        },
    ];
    // A reference with a non-hex digit: malformed as soon as the `G` is read,
    // though its exact kind is only known at the `;`.
    let mut bad_hex = injection(
        "bad hex reference",
        "&#x1F600;",
        b"&#x1G600;",
        ErrorKind::InvalidCharReference("#x1G600".into()),
        0,
        9,
    );
    bad_hex.malformed_from -= 4;
    list.push(bad_hex);
    // A propstat's status line is read at the propstat's end tag.
    let (input, _) = inject(
        "      <D:status>HTTP/1.1 200 OK</D:status>\n    </D:propstat>",
        b"      <D:status>200 OK</D:status>\n    </D:propstat>",
    );
    let status = at(&input, "<D:status>200 OK");
    let end = at(&input, "</D:propstat>") + "</D:propstat>".len();
    list.push(Injection {
        name: "propstat with an unparsable status line",
        input,
        kind: ErrorKind::InvalidStatusLine("200 OK".into()),
        offset: status,
        exact_from: end,
        malformed_from: end,
    });
    list
}

#[test]
fn malformed_input_is_never_reported_as_truncated_after_its_error() {
    let mut failures = Vec::new();
    for injection in injections() {
        let input = &injection.input;
        let whole = error_of(input);
        assert_eq!(
            (whole.kind(), whole.offset()),
            (&injection.kind, injection.offset),
            "{}: error of the whole input {:?}",
            injection.name,
            lossy(input)
        );
        assert!(injection.offset < injection.malformed_from && injection.malformed_from <= injection.exact_from);
        for len in 0..=input.len() {
            let prefix = &input[..len];
            let result = catch_unwind(AssertUnwindSafe(|| result_of(prefix)));
            let error = match result {
                Err(_) => {
                    failures.push(format!("{}: prefix of {len} bytes panicked", injection.name));
                    continue;
                }
                Ok(Ok(())) if len < injection.malformed_from => continue,
                Ok(Ok(())) => {
                    failures.push(format!("{}: prefix of {len} bytes accepted", injection.name));
                    continue;
                }
                Ok(Err(error)) => error,
            };
            assert!(error.offset() <= len, "{}: {error} beyond a prefix of {len} bytes", injection.name);
            if len >= injection.exact_from {
                if error != whole {
                    failures.push(format!(
                        "{}: prefix of {len} bytes …{:?}: got {error}, expected {whole}",
                        injection.name,
                        tail(prefix)
                    ));
                }
            } else if len >= injection.malformed_from && error.is_truncated() {
                failures.push(format!(
                    "{}: prefix of {len} bytes …{:?}: reported as truncated ({error}) though malformed from byte {}",
                    injection.name,
                    tail(prefix),
                    injection.offset
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn truncation_after_the_root_is_not_truncation() {
    // Nothing may follow the root but whitespace, comments and PIs, so a
    // reference or a multi-byte character there is malformed, never a cut.
    check("<D:multistatus xmlns:D=\"DAV:\"/>\n&", ErrorKind::TextOutsideRoot, 32, 2, 1);
    check("<D:multistatus xmlns:D=\"DAV:\"/>\n&am", ErrorKind::TextOutsideRoot, 32, 2, 1);
    check("\n&", ErrorKind::TextOutsideRoot, 1, 2, 1);
    // A cut comment after the root is a cut.
    check("<D:multistatus xmlns:D=\"DAV:\"/>\n<!-- x", ErrorKind::UnexpectedEof, 32, 2, 1);
}

fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus missing in {}", dir.display());
    files
}

#[test]
fn sampled_prefixes_of_the_corpus_are_truncated() {
    // ~200 cuts per real body (within its first 16 KiB): before the root
    // start tag a cut has no root or is inside a prolog token; from the
    // root's `<` on, it is a truncation inside the prefix.
    const MAX_LEN: usize = 16 * 1024;
    let mut failures = Vec::new();
    for path in corpus_files() {
        let doc = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(result_of(&doc).is_ok(), "{name} does not parse");
        let trimmed = doc.len() - doc.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
        let root_start =
            doc.windows(2).position(|w| w[0] == b'<' && !matches!(w[1], b'?' | b'!' | b'/')).expect("a root start tag");
        let end = trimmed.min(MAX_LEN);
        let cuts: Vec<usize> = if end <= 200 { (0..end).collect() } else { (0..200).map(|i| i * end / 200).collect() };
        for len in cuts.into_iter().chain(root_start.saturating_sub(1)..=root_start + 1) {
            let prefix = &doc[..len];
            let error = error_of(prefix);
            let ok = if len <= root_start {
                (error.kind() == &ErrorKind::NoRootElement && error.offset() == len)
                    || (error.is_truncated() && error.offset() < len)
            } else {
                error.is_truncated() && root_start <= error.offset() && error.offset() <= len
            };
            if !ok || (error.line(), error.column()) != line_column(prefix, error.offset()) {
                failures.push(format!("{name}: prefix of {len} bytes …{:?}: {error}", tail(prefix)));
            }
        }
    }
    assert!(failures.is_empty(), "{} prefixes wrong:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------------------
// No panic on mutated real bodies
// ---------------------------------------------------------------------------

/// Both front ends over `input`, asserting the invariants of any result.
fn check_any(input: &[u8]) -> Result<(), String> {
    let whole = catch_unwind(AssertUnwindSafe(|| Multistatus::parse_bytes(input).map(|m| m.len())))
        .map_err(|_| "parse_bytes panicked".to_string())?;
    let streamed = catch_unwind(AssertUnwindSafe(|| {
        let mut reader = ResponseReader::from_bytes(input);
        let mut count = 0;
        loop {
            match reader.next_response() {
                Ok(Some(response)) => {
                    // Touch what a caller would read.
                    let _ = (response.href().unwrap().as_str().len(), response.status(), response.propstats().count());
                    for propstat in response.propstats() {
                        for property in propstat.properties() {
                            let _ = (property.text(), property.attributes().count());
                        }
                    }
                    count += 1;
                }
                Ok(None) => return Ok(count),
                Err(error) => return Err(error),
            }
        }
    }))
    .map_err(|_| "ResponseReader panicked".to_string())?;
    if whole != streamed {
        return Err(format!("front ends disagree: {whole:?} vs {streamed:?}"));
    }
    if let Err(error) = whole {
        if error.offset() > input.len() || error.line() < 1 || error.column() < 1 {
            return Err(format!("bad position: {error:?}"));
        }
        let valid = match std::str::from_utf8(&input[..error.offset()]) {
            Ok(_) => true,
            Err(e) => e.valid_up_to() == error.offset(),
        };
        if !valid {
            return Err(format!("offset not on a character boundary: {error:?}"));
        }
        if (error.line(), error.column()) != line_column(input, error.offset()) {
            return Err(format!("line:column does not match the offset: {error:?}"));
        }
    }
    Ok(())
}

#[test]
#[ignore = "exhaustive sweep, run by CI: cargo test -- --include-ignored"]
fn mutated_corpus_never_panics() {
    // Mutations past this point of the one 1.6 MB listing would re-test the
    // same repeated responses at a hundred times the cost.
    const MAX_LEN: usize = 16 * 1024;
    const POSITIONS: usize = 200;
    const REPLACEMENTS: [u8; 8] = [b'<', b'>', b'&', b'"', b'/', b':', 0x00, 0xFF];
    let files = corpus_files();
    let sweep = |path: &Path| -> (usize, Vec<String>) {
        let mut original = std::fs::read(path).unwrap();
        original.truncate(MAX_LEN);
        let len = original.len();
        let positions: Vec<usize> =
            if len <= POSITIONS { (0..len).collect() } else { (0..POSITIONS).map(|i| i * len / POSITIONS).collect() };
        let name = path.file_name().unwrap().to_string_lossy();
        let (mut runs, mut failures) = (0, Vec::new());
        for &position in &positions {
            for replacement in REPLACEMENTS.iter().copied().map(Some).chain([None]) {
                let mut input = original.clone();
                match replacement {
                    Some(byte) => input[position] = byte,
                    None => {
                        input.remove(position);
                    }
                }
                runs += 1;
                if let Err(message) = check_any(&input) {
                    failures.push(format!("{name} byte {position} -> {replacement:?}: {message}"));
                }
            }
        }
        (runs, failures)
    };
    // Files are independent: spread them over the available cores.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let files = &files;
                let sweep = &sweep;
                scope.spawn(move || {
                    files.iter().skip(t).step_by(threads).map(|path| sweep(path)).fold(
                        (0, Vec::new()),
                        |(runs, mut failures), (r, f)| {
                            failures.extend(f);
                            (runs + r, failures)
                        },
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let runs: usize = results.iter().map(|(r, _)| r).sum();
    let failures: Vec<&String> = results.iter().flat_map(|(_, f)| f).collect();
    assert!(runs > 100_000, "only {runs} mutations");
    assert!(
        failures.is_empty(),
        "{} of {runs} mutations failed:\n{}",
        failures.len(),
        failures.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn malformed_xml_declarations() {
    let body = "<D:multistatus xmlns:D=\"DAV:\"/>";
    for decl in [
        "<?xml version=\"1.0\" standalone=\"maybe\"?>",
        "<?xml version=\"1.0\"encoding=\"utf-8\"?>",
        "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"utf-8\"?>",
        "<?xml version=\"1.0\" foo=\"x\"?>",
        "<?xml version=\"1.0\" ncoding=\"utf-8\"?>",
        "<?xml encoding=\"utf-8\"?>",
        "<?xml version=\"1.0\" version=\"1.0\"?>",
        "<?xml version='1.0\"?>",
        "<?xml version=\"2.0\"?>",
        // XML 1.0 §2.8 [26] VersionNum ::= '1.' [0-9]+
        "<?xml version=\"1.\"?>",
        "<?xml version=\"1\"?>",
        "<?xml version=\"1.0a\"?>",
        "<?xml version=\"1.-1\"?>",
        "<?xml version=\"\"?>",
        "<?xml version=\" 1.0\"?>",
    ] {
        let input = format!("{decl}{body}");
        let error = error_of(input.as_bytes());
        assert!(matches!(error.kind(), ErrorKind::Syntax(_)), "{decl}: {error}");
        assert_eq!(error.offset(), 0, "{decl}");
    }
    for decl in [
        "<?xml version=\"1.0\"?>",
        "<?xml version='1.1' encoding='UTF-8' standalone='no' ?>",
        "<?xml version=\"1.10\"?>",
        "<?xml version = \"1.0\"\n encoding = \"utf-8\"?>",
    ] {
        assert_eq!(result_of(format!("{decl}{body}").as_bytes()), Ok(()), "{decl}");
    }
}
