//! What the checks share: running every front end to one comparable
//! [`Outcome`], the mutations, the seeded runs and the regression replays.

use std::fmt::Write as _;
use std::io::BufReader;
use std::path::PathBuf;

use arbitrary::Unstructured;
use multistatus::generate::{generate, GenerateLimits, Style};
use multistatus::{model, Config, DateTime, Error, Multistatus, PushParser, Response, ResponseReader, StreamReader};

/// Everything a front end reports for a body: each response in order (its
/// offset, its markup and its model), then the document-level values or
/// the error that stopped it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Offset, raw markup and model of every response returned.
    pub responses: Vec<(usize, String, model::ResponseModel)>,
    /// Description and sync token at the end, or the error.
    pub end: Result<(Option<String>, Option<String>), Error>,
}

impl Outcome {
    /// The whole document as a model, when the parse succeeded.
    pub fn model(&self) -> Option<model::MultistatusModel> {
        let (description, sync_token) = self.end.clone().ok()?;
        let responses = self.responses.iter().map(|(_, _, r)| r.clone()).collect();
        Some(model::MultistatusModel { responses, description, sync_token })
    }
}

/// True when `got` from a streaming front end matches `expected` from the
/// slice front end, or differs only by an open bug (listed in
/// `fuzz/regressions/README.md`) while the environment variable
/// `MULTISTATUS_FUZZ_IGNORE_OPEN` is set: a long fuzzing run can then look
/// for other bugs. Tests never set it, so the `.open` regressions still fail.
pub fn agrees(expected: &Outcome, got: &Outcome) -> bool {
    static IGNORE_OPEN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if expected == got {
        return true;
    }
    if !*IGNORE_OPEN.get_or_init(|| std::env::var_os("MULTISTATUS_FUZZ_IGNORE_OPEN").is_some()) {
        return false;
    }
    use multistatus::ErrorKind;
    // Every open bug so far is about the first error when the text becomes
    // unreadable (a forbidden character, bytes that are not UTF-8) or ends
    // inside the failing markup: skip disagreements on such errors only.
    let unreadable = |e: &Error| {
        matches!(
            e.kind(),
            ErrorKind::InvalidChar(_)
                | ErrorKind::InvalidUtf8
                | ErrorKind::InvalidEncoding(_)
                | ErrorKind::UnexpectedEof
        )
    };
    matches!(
        (&expected.end, &got.end),
        (Err(e), Err(g)) if (unreadable(e) || unreadable(g)) && e != g
    ) && expected.responses == got.responses
}

/// The body as a paste-ready Rust byte string, for failure messages.
pub fn show(input: &[u8]) -> String {
    let mut out = String::from("b\"");
    for chunk in input.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii_graphic() || c == ' ' => out.push(c),
                c => {
                    let mut buffer = [0; 4];
                    for byte in c.encode_utf8(&mut buffer).bytes() {
                        let _ = write!(out, "\\x{byte:02x}");
                    }
                }
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out.push('"');
    out
}

/// Guards a loop of `next_response` calls: no front end may return more
/// responses (or ask to be called more often) than the body has bytes.
struct Guard(usize);

impl Guard {
    fn new(input: &[u8]) -> Self {
        Guard(input.len() + 16)
    }

    fn tick(&mut self, front_end: &str, input: &[u8]) {
        assert!(self.0 > 0, "{front_end} keeps returning responses: a loop\n{}", show(input));
        self.0 -= 1;
    }
}

/// Any text read as a date: an HTTP-date hyper's `httpdate` reads (RFC 9110
/// §5.6.7, strictly) is the same instant here, and what this crate reads as
/// an HTTP-date or an RFC 3339 date-time is a real calendar date (written
/// back by `httpdate` and read again, it has the same fields).
pub fn dates_agree(text: &str) {
    let ours = DateTime::parse_http_date(text);
    // httpdate trims Unicode whitespace (a vertical tab a lenient parse let through): only XML's is compared.
    let trimmed = text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let theirs = if trimmed.trim() == trimmed { httpdate::parse_http_date(trimmed).ok() } else { None };
    if let Some(theirs) = theirs {
        let theirs = theirs.duration_since(std::time::UNIX_EPOCH).map_or(i64::MIN, |d| d.as_secs() as i64);
        assert_eq!(ours.map(|date| date.unix_timestamp()), Some(theirs), "{text:?}: httpdate reads another instant");
    }
    for date in [ours, DateTime::parse_rfc3339(text)].into_iter().flatten() {
        // httpdate writes UTC, whole seconds, no leap second, years 1970 to 9999.
        if date.offset_minutes != 0 || date.second == 60 || !(1970..=9999).contains(&date.year) {
            continue;
        }
        let written = httpdate::fmt_http_date(date.to_system_time());
        let again =
            DateTime::parse_http_date(&written).unwrap_or_else(|| panic!("{written:?} (httpdate's) is not read"));
        let fields = |d: DateTime| (d.year, d.month, d.day, d.hour, d.minute, d.second);
        assert_eq!(fields(again), fields(date), "{text:?} is read as {date:?}, not a calendar date");
    }
}

/// Reads every accessor of a response, so that a panic in any of them is found.
pub fn touch(response: &Response<'_>) {
    static BASE: std::sync::OnceLock<url::Url> = std::sync::OnceLock::new();
    let base = BASE.get_or_init(|| url::Url::parse("https://dav.example.com/remote.php/dav/files/").expect("a URL"));
    let _ = format!("{response:?}");
    for href in response.hrefs().chain(response.location()) {
        let _ = (href.decoded(), href.decoded_bytes(), href.path(), href.is_absolute());
        let _ = (href.escaped(), href.is_double_encoded(), href.resolve(base), href.is_request_target(base));
        let first = response.href();
        let _ = (href.normalized(base, true), first.map(|first| href.equivalent(&first, base, true)));
    }
    let _ = (format!("{:?}", response.conditions()), response.is_truncated_results());
    if let Some(status) = response.status() {
        let _ = (status.code(), status.reason(), status.version(), status.is_success(), status.to_string());
    }
    let _ = (response.etag(), response.content_length(), response.last_modified(), response.creation_date());
    let _ = (response.display_name(), response.content_type(), response.quota_used_bytes());
    let _ = (response.quota_available_bytes(), response.current_user_principal(), response.collection_sync_token());
    if let Some(kind) = response.resource_type() {
        let _ = (kind.is_collection(), kind.is_calendar(), kind.is_addressbook(), kind.kinds().count());
    }
    for propstat in response.propstats() {
        let _ = (propstat.status().map(|s| s.to_string()), propstat.offset(), propstat.prop());
        for property in propstat.properties() {
            touch_element(&property);
        }
    }
}

fn touch_element(element: &multistatus::Element<'_>) {
    let _ = (element.prefix(), element.qualified_name(), element.lang(), element.inner_xml(), element.offset());
    let _ = (multistatus::props::etag(element), multistatus::props::last_modified(element));
    dates_agree(&element.text());
    for attribute in element.attributes() {
        let _ = (attribute.qualified_name(), attribute.raw_value(), attribute.value());
    }
    for child in element.children() {
        touch_element(&child);
    }
}

fn record(out: &mut Vec<(usize, String, model::ResponseModel)>, response: &Response<'_>) {
    touch(response);
    out.push((response.offset(), response.raw_xml().to_owned(), model::ResponseModel::from(response)));
}

/// [`ResponseReader::from_bytes`], one response at a time.
pub fn slice(input: &[u8]) -> Outcome {
    slice_with(input, Config::default())
}

/// [`slice()`] with a [`Config`].
pub fn slice_with(input: &[u8], config: Config) -> Outcome {
    let mut reader = ResponseReader::from_bytes_with_config(input, config);
    let mut responses = Vec::new();
    let mut guard = Guard::new(input);
    let end = loop {
        guard.tick("ResponseReader", input);
        match reader.next_response() {
            Ok(Some(response)) => record(&mut responses, &response),
            Ok(None) => break Ok(doc_end(reader.description(), reader.sync_token())),
            Err(error) => {
                let again = reader.next_response().err();
                assert_eq!(again.as_ref(), Some(&error), "ResponseReader: a second call after an error differs");
                break Err(error);
            }
        }
    };
    Outcome { responses, end }
}

fn doc_end(
    description: Option<std::borrow::Cow<'_, str>>,
    sync_token: Option<std::borrow::Cow<'_, str>>,
) -> (Option<String>, Option<String>) {
    (description.map(|d| d.into_owned()), sync_token.map(|t| t.into_owned()))
}

/// [`Multistatus::parse_bytes`]: the responses only when the whole body parsed.
pub fn whole(input: &[u8]) -> Result<Multistatus<'_>, Error> {
    Multistatus::parse_bytes(input)
}

/// [`StreamReader`] over a `BufReader` of `capacity` bytes.
pub fn stream(input: &[u8], capacity: usize) -> Outcome {
    stream_with(input, capacity, Config::default())
}

/// [`stream`] with a [`Config`].
pub fn stream_with(input: &[u8], capacity: usize, config: Config) -> Outcome {
    let mut reader = StreamReader::with_config(BufReader::with_capacity(capacity.max(1), input), config);
    let mut responses = Vec::new();
    let mut guard = Guard::new(input);
    let end = loop {
        guard.tick("StreamReader", input);
        match reader.next_response() {
            Ok(Some(response)) => record(&mut responses, &response),
            Ok(None) => break Ok(doc_end(reader.description(), reader.sync_token())),
            Err(error) => break Err(error),
        }
    };
    Outcome { responses, end }
}

/// [`PushParser`] fed `input` cut at `cuts` (any order, any values: they
/// are sorted and clamped), checking the "needs more input" protocol.
pub fn push(input: &[u8], cuts: &[usize]) -> Outcome {
    push_with(input, cuts, Config::default())
}

/// [`push`] with a [`Config`].
pub fn push_with(input: &[u8], cuts: &[usize], config: Config) -> Outcome {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
    cuts.sort_unstable();
    cuts.push(input.len());
    let mut parser = PushParser::with_config(config);
    let mut responses = Vec::new();
    let mut guard = Guard::new(input);
    let mut from = 0;
    for (i, &to) in cuts.iter().enumerate() {
        parser.feed(&input[from..to]);
        from = to;
        if i + 1 == cuts.len() {
            parser.finish();
        }
        loop {
            guard.tick("PushParser", input);
            let step = match parser.next_response() {
                Ok(Some(response)) => {
                    record(&mut responses, &response);
                    continue;
                }
                Ok(None) => Ok(()),
                Err(error) => Err(error),
            };
            match step {
                Ok(()) if parser.is_done() => {
                    return Outcome { responses, end: Ok(doc_end(parser.description(), parser.sync_token())) };
                }
                Ok(()) => {
                    assert!(parser.needs_input(), "PushParser returned nothing but wants no input\n{}", show(input));
                    assert!(i + 1 < cuts.len(), "PushParser needs input after finish\n{}", show(input));
                    break;
                }
                Err(error) => {
                    assert!(parser.is_done(), "PushParser failed but is not done\n{}", show(input));
                    return Outcome { responses, end: Err(error) };
                }
            }
        }
    }
    unreachable!("the last round finishes the parser")
}

/// Cut points and `BufReader` capacities drawn from fuzz input.
pub fn cuts_and_capacity(u: &mut Unstructured<'_>, len: usize) -> arbitrary::Result<(Vec<usize>, usize)> {
    let mut cuts = Vec::new();
    if u.ratio(1u8, 8u8)? && len <= 4096 {
        cuts.extend(1..len);
    } else {
        for _ in 0..u.int_in_range(0..=12u8)? {
            cuts.push(u.int_in_range(0..=len)?);
        }
    }
    let capacity = if u.arbitrary()? { u.int_in_range(1..=64usize)? } else { 8192 };
    Ok((cuts, capacity))
}

/// The default generator limits, and a document generated and written with them.
pub fn generated(u: &mut Unstructured<'_>) -> arbitrary::Result<(model::MultistatusModel, Style, String)> {
    let (model, style) = generate(u, &GenerateLimits::default())?;
    let xml = style.write(&model);
    Ok((model, style, xml))
}

/// Bytes at the start of the input that [`document`] sets aside for a
/// check's own decisions (mutations, cuts).
pub const CHOICE_BYTES: usize = 32;

/// The document a check works on, and the input for the check's own
/// decisions: the first byte picks the mode, the next [`CHOICE_BYTES`] are
/// the decisions; when the mode byte has its high bit set the rest is the
/// document as it is (so real documents seed the fuzzer, see
/// `fuzz/seed.sh`), otherwise a document is generated from the rest.
pub fn document<'a>(u: &mut Unstructured<'a>) -> arbitrary::Result<(Vec<u8>, Unstructured<'a>)> {
    let raw = u.arbitrary::<u8>()? & 0x80 != 0;
    let choices = Unstructured::new(u.bytes(u.len().min(CHOICE_BYTES))?);
    if raw {
        let len = u.len();
        return Ok((u.bytes(len)?.to_vec(), choices));
    }
    Ok((generated(u)?.2.into_bytes(), choices))
}

/// True when a front end transcodes `bytes` to UTF-8 before parsing (so
/// offsets count bytes of that text, not of the input): a UTF-16 byte order
/// mark or first bytes, or an XML declaration naming an encoding that is not
/// UTF-8. Mirrors how the front ends detect encodings (XML 1.0 Appendix F):
/// the declaration is what precedes the first `?>` in the first 1,024 bytes.
pub fn transcoded(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return false;
    }
    if [&b"\xFE\xFF"[..], b"\xFF\xFE", b"\0<\0?", b"<\0?\0"].iter().any(|start| bytes.starts_with(start)) {
        return true;
    }
    declares_other_encoding(bytes)
}

/// True when an XML declaration at the start of `bytes` (after a UTF-8 byte
/// order mark, if any) names an encoding that is not UTF-8: the front ends
/// transcode from it, or reject it after a byte order mark.
pub fn declares_other_encoding(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !bytes.starts_with(b"<?xml") {
        return false;
    }
    let Some(end) = bytes.windows(2).take(1024).position(|w| w == b"?>") else { return false };
    let declaration = &bytes[..end];
    let Some(at) = declaration.windows(8).position(|w| w == b"encoding") else { return false };
    let rest = declaration[at + 8..].trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"=") else { return false };
    let rest = rest.trim_ascii_start();
    let Some(&quote) = rest.first().filter(|q| **q == b'"' || **q == b'\'') else { return false };
    let Some(len) = rest[1..].iter().position(|&b| b == quote) else { return false };
    let label = String::from_utf8_lossy(rest[1..1 + len].trim_ascii()).to_ascii_lowercase();
    !matches!(
        label.as_str(),
        "utf-8" | "utf8" | "unicode-1-1-utf-8" | "unicode11utf8" | "unicode20utf8" | "x-unicode20utf8"
    )
}

/// Tokens a mutation may insert: the markup most likely to change a verdict.
pub const TOKENS: [&str; 32] = [
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "]]>",
    "<!--",
    "-->",
    "--",
    "<![CDATA[",
    "<?",
    "?>",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE d>",
    "xmlns:D=\"DAV:\"",
    "xmlns=\"\"",
    "xmlns:D=\"\"",
    "</D:response>",
    "<D:href>",
    "</D:href>",
    "<D:status>HTTP/1.1 200 OK</D:status>",
    "\"",
    "'",
    "\u{0}",
    "\u{FFFE}",
    "\u{FEFF}",
    "\r",
    " ",
    "\u{1}",
    "D:",
];

/// Characters a mutation may insert: every one XML 1.0 §2.2 leaves out that
/// UTF-8 can carry (the C0 controls but tab, LF and CR, U+FFFE, U+FFFF), the
/// allowed ones at its edges (tab, LF, CR, DEL, U+0085, U+FFFD, U+10FFFF) and
/// line separators.
pub const CHARACTERS: [char; 38] = [
    '\0', '\u{1}', '\u{2}', '\u{3}', '\u{4}', '\u{5}', '\u{6}', '\u{7}', '\u{8}', '\t', '\n', '\u{B}', '\u{C}', '\r',
    '\u{E}', '\u{F}', '\u{10}', '\u{11}', '\u{12}', '\u{13}', '\u{14}', '\u{15}', '\u{16}', '\u{17}', '\u{18}',
    '\u{19}', '\u{1A}', '\u{1B}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{1F}', '\u{7F}', '\u{85}', '\u{2028}', '\u{FFFD}',
    '\u{FFFE}', '\u{FFFF}',
];

/// Bytes a damaged status line may hold in place of one of its own: digits,
/// letters, the separators a status line has and a few it may not.
const STATUS_BYTES: &[u8] = b"0129xX. /\t\nH:";

/// Applies up to four mutations drawn from `u` to `bytes`: byte changes,
/// deletions, token and character insertions, duplications, truncation,
/// and a byte of a status line changed (its version, code and reason are
/// read by the parser beyond XML, by a shortcut for the common form).
pub fn mutate(u: &mut Unstructured<'_>, bytes: &mut Vec<u8>) -> arbitrary::Result<()> {
    for _ in 0..u.int_in_range(0..=4u8)? {
        let len = bytes.len();
        let at = u.int_in_range(0..=len)?;
        match u.choose_index(7)? {
            0 if at < len => bytes[at] = u.arbitrary()?,
            6 => {
                let lines: Vec<usize> =
                    (0..len.saturating_sub(4)).filter(|&i| bytes[i..].starts_with(b"HTTP/")).collect();
                if let Some(&line) = lines.get(u.choose_index(lines.len().max(1))?) {
                    let byte = (line + u.int_in_range(0..=15)?).min(len - 1);
                    bytes[byte] = *u.choose(STATUS_BYTES)?;
                }
            }
            5 => {
                let c = *u.choose(&CHARACTERS)?;
                bytes.splice(at..at, c.encode_utf8(&mut [0; 4]).bytes());
            }
            1 => {
                let to = u.int_in_range(at..=len.min(at + 16))?;
                bytes.drain(at..to);
            }
            2 => {
                let token = TOKENS[u.choose_index(TOKENS.len())?];
                bytes.splice(at..at, token.bytes());
            }
            3 => {
                let to = u.int_in_range(at..=len.min(at + 64))?;
                let copy = bytes[at..to].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.truncate(at),
        }
    }
    Ok(())
}

/// A small seeded generator (xorshift64*), so smoke runs are reproducible
/// without a dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next_u64() >> 32) as u8).collect()
    }
}

/// Runs `check` on `iterations` seeded inputs of up to `max_len` random bytes.
pub fn smoke(iterations: u64, max_len: usize, mut check: impl FnMut(&[u8])) {
    for seed in 0..iterations {
        let mut rng = Rng::new(seed);
        let len = (rng.next_u64() as usize) % (max_len + 1);
        let input = rng.bytes(len);
        check(&input);
    }
}

/// Replays every saved input of `target` through `check`. An input whose
/// name ends in `.open` is a bug found but not fixed yet: it must still
/// fail, so that its fix is noticed and the file renamed (`fuzz/README.md`).
pub fn replay(target: &str, check: impl Fn(&[u8])) {
    for (path, data) in regressions(target) {
        let open = path.extension().is_some_and(|e| e == "open");
        eprintln!("{}{}", path.display(), if open { " (open: must still fail)" } else { "" });
        if open {
            let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data))).is_err();
            assert!(failed, "{} passes now: rename it without `.open`", path.display());
        } else {
            check(&data);
        }
    }
}

/// Every saved input of `target` (`fuzz/regressions/<target>/*`, the README aside).
pub fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap_or_default())).collect()
}
