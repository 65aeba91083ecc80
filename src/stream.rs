//! The streaming front ends: a body read from a `BufRead`, pushed in chunks,
//! or read from a tokio `AsyncBufRead`, parsed one response at a time in
//! bounded memory.
//!
//! All three run quick-xml's buffered reader over a [`Tee`], which keeps the
//! text quick-xml consumed in a [`Window`]: the current top-level item (one
//! response, usually) after a copy of the root start tag, whose namespace
//! declarations stay in scope. The machine's positions index that window, so
//! responses borrow it, and it is emptied between responses.

use std::io::{self, BufRead, Read};

use quick_xml::errors::Error as XmlError;
use quick_xml::events::{BytesText, Event};

use crate::encoding::{decode, detect, is_utf16, Detected};
use crate::error::{Error, ErrorKind, Origin};
use crate::lexical::first_invalid_char;
use crate::parser::{Machine, Progress};
use crate::response::Response;
use crate::Config;

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// The text quick-xml has consumed, as UTF-8, laid out as
/// `[root start tag copy][tail]`: what the machine's positions index.
#[derive(Debug, Default)]
pub(crate) struct Window {
    pub(crate) text: String,
    /// Where the tail starts in `text`, and its offset in the document.
    tail_local: usize,
    tail_offset: usize,
    /// Length of the root start tag copy at the front of `text`.
    root_len: usize,
    /// Bytes read from the source and not yet consumed by quick-xml.
    staged: Vec<u8>,
    staged_from: usize,
    /// An incomplete UTF-8 sequence at the end of what was consumed.
    pending: Vec<u8>,
    /// Document offset of the next consumed byte.
    consumed: usize,
    /// The first bytes that are not UTF-8: document offset and error kind.
    invalid: Option<(usize, ErrorKind)>,
    /// The source has no more bytes.
    source_done: bool,
    /// Refuse to stage more once the tail is this long.
    limit: usize,
    /// The first source bytes, while the encoding is being detected.
    head: Vec<u8>,
    /// The tokenizer reading this window passes a dangling `&` on as text.
    lenient: bool,
    /// Where the source stopped decoding, reported once the staged text is read.
    failure: Option<(ErrorKind, usize)>,
    /// Raw bytes consumed since the last complete event, for a push parser
    /// whose input ran dry to read again (invalid UTF-8 included).
    raw: Option<Vec<u8>>,
    /// How source bytes become staged bytes.
    decoding: Decoding,
}

/// How source bytes become the UTF-8 quick-xml reads.
#[derive(Default)]
enum Decoding {
    /// The first bytes, held until they show the encoding.
    #[default]
    Detecting,
    /// UTF-8: staged as they are.
    Utf8,
    /// Another encoding, transcoded as it arrives.
    Transcoding(Box<encoding_rs::Decoder>),
}

impl std::fmt::Debug for Decoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decoding::Detecting => f.write_str("Detecting"),
            Decoding::Utf8 => f.write_str("Utf8"),
            Decoding::Transcoding(decoder) => write!(f, "Transcoding({})", decoder.encoding().name()),
        }
    }
}

/// Why a [`Tee`] stopped giving bytes, and where in the document (when it is
/// not where reading stopped): carried through quick-xml as an I/O error.
#[derive(Debug)]
struct TeeFailure(ErrorKind, Option<usize>);

impl std::fmt::Display for TeeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for TeeFailure {}

/// What an I/O error from a [`Tee`] or its source means for the document,
/// and the document offset it is about, if it says.
fn io_error_kind(error: &io::Error) -> (ErrorKind, Option<usize>) {
    match error.get_ref().and_then(|e| e.downcast_ref::<TeeFailure>()) {
        Some(TeeFailure(kind, offset)) => (kind.clone(), *offset),
        None => (ErrorKind::Io { kind: error.kind(), message: error.to_string() }, None),
    }
}

impl Window {
    fn new(config: &Config) -> Self {
        Window { limit: config.max_response_bytes, lenient: config.lenient, ..Window::default() }
    }

    /// True when the tail has reached the response size limit.
    fn is_full(&self) -> bool {
        // A byte order mark before the first item is no part of it.
        let bom =
            if self.tail_offset == 0 && self.tail_local == 0 && self.text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let tail = self.text.len() - self.tail_local - bom;
        // Never full while empty: with a limit of 0 the first item still
        // starts, so that the error names it as the slice front end does.
        tail > 0 && tail >= self.limit
    }

    fn staged(&self) -> &[u8] {
        &self.staged[self.staged_from..]
    }

    fn stage(&mut self, bytes: &[u8]) {
        if self.staged_from == self.staged.len() {
            self.staged.clear();
            self.staged_from = 0;
        }
        self.staged.extend_from_slice(bytes);
    }

    /// Takes bytes from the source (`last` at its end): detects the encoding
    /// from the first ones, then stages them as UTF-8.
    fn receive(&mut self, bytes: &[u8], last: bool) -> io::Result<()> {
        let failure = |kind, offset| io::Error::other(TeeFailure(kind, offset));
        // Where the next staged byte will be in the UTF-8 text.
        let decoded = self.consumed + self.staged().len();
        match &mut self.decoding {
            Decoding::Detecting => {
                self.head.extend_from_slice(bytes);
                match detect(&self.head, last) {
                    Detected::NeedMore => Ok(()),
                    Detected::Utf8 => {
                        self.decoding = Decoding::Utf8;
                        let head = std::mem::take(&mut self.head);
                        self.stage(&head);
                        Ok(())
                    }
                    Detected::Other { encoding, bom } => {
                        self.decoding = Decoding::Transcoding(Box::new(encoding.new_decoder_without_bom_handling()));
                        let head = std::mem::take(&mut self.head);
                        self.receive(&head[bom.min(head.len())..], last)
                    }
                    Detected::Unsupported(label) => Err(failure(ErrorKind::UnsupportedEncoding(label), Some(0))),
                }
            }
            Decoding::Utf8 => {
                self.stage(bytes);
                Ok(())
            }
            Decoding::Transcoding(decoder) => {
                let mut text = String::new();
                // What decoded is read; the failure comes when quick-xml wants more.
                let result = decode(decoder, bytes, last, &mut text);
                self.stage(text.as_bytes());
                if let Err((kind, at)) = result {
                    self.failure = Some((kind, decoded + at));
                }
                Ok(())
            }
        }
    }

    /// Moves `amount` staged bytes into the text (quick-xml consumed them).
    fn consume(&mut self, amount: usize) {
        let end = (self.staged_from + amount).min(self.staged.len());
        let mut bytes = std::mem::take(&mut self.staged);
        self.append(&bytes[self.staged_from..end]);
        self.staged_from = end;
        std::mem::swap(&mut self.staged, &mut bytes);
    }

    /// Appends consumed bytes as UTF-8, remembering where they stop being UTF-8.
    fn append(&mut self, bytes: &[u8]) {
        if let Some(raw) = &mut self.raw {
            raw.extend_from_slice(bytes);
        }
        if self.pending.is_empty() {
            self.append_utf8(bytes);
        } else {
            // A sequence split between two consumes: read it again whole.
            let mut joined = std::mem::take(&mut self.pending);
            self.consumed -= joined.len();
            joined.extend_from_slice(bytes);
            self.append_utf8(&joined);
        }
    }

    fn append_utf8(&mut self, mut bytes: &[u8]) {
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.text.push_str(text);
                    self.consumed += bytes.len();
                    return;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.text.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                    self.consumed += valid;
                    let Some(len) = e.error_len() else {
                        self.pending.extend_from_slice(&bytes[valid..]);
                        self.consumed += bytes.len() - valid;
                        return;
                    };
                    self.invalid.get_or_insert((self.consumed, ErrorKind::InvalidUtf8));
                    self.consumed += len;
                    bytes = &bytes[valid + len..];
                }
            }
        }
    }

    /// Where text that is not UTF-8 starts, if quick-xml has consumed it: an
    /// invalid sequence, or an incomplete one that quick-xml found ended
    /// (`event_ended`: it failed to decode the event) or the input cut.
    fn invalid(&self, event_ended: bool) -> Option<(usize, ErrorKind)> {
        if let Some(invalid) = &self.invalid {
            return Some(invalid.clone());
        }
        if self.pending.is_empty() {
            return None;
        }
        let at = self.consumed - self.pending.len();
        if self.source_done && self.staged().is_empty() {
            Some((at, ErrorKind::UnexpectedEof))
        } else {
            event_ended.then_some((at, ErrorKind::InvalidUtf8))
        }
    }

    /// Window position of document offset `offset`.
    fn local(&self, offset: usize) -> usize {
        (offset + self.tail_local).saturating_sub(self.tail_offset)
    }

    /// Drops everything before the end of the text but the root start tag,
    /// which moves to the front; called between top-level items.
    fn compact(&mut self, machine: &mut Machine) {
        let end = self.text.len();
        if end == self.tail_local {
            return;
        }
        let origin = machine.origin().advanced(&self.text, end);
        if let Some(root) = machine.root_tag() {
            if root.start != 0 || self.root_len == 0 {
                // First compaction after the root start tag: keep only that tag.
                self.text.replace_range(..root.start, "");
                self.root_len = root.end - root.start;
                machine.rebase_outer(-(root.start as isize));
            }
        } else {
            self.root_len = 0;
        }
        self.text.truncate(self.root_len);
        self.tail_local = self.root_len;
        self.tail_offset = origin.offset;
        machine.set_origin(Origin { local: self.root_len, ..origin });
    }

    /// Puts back what was consumed after document offset `end` (the end of
    /// the last complete event) in front of the staged bytes, for a new
    /// tokenizer to read again.
    fn unconsume(&mut self, end: usize) {
        let local = self.local(end).clamp(self.tail_local, self.text.len());
        if let Some(raw) = &mut self.raw {
            // Swap buffers rather than allocate: raw bytes, then the staged ones.
            raw.extend_from_slice(&self.staged[self.staged_from..]);
            std::mem::swap(raw, &mut self.staged);
            raw.clear();
        } else {
            self.staged.drain(..self.staged_from);
        }
        self.staged_from = 0;
        self.pending.clear();
        self.text.truncate(local);
        self.consumed = end;
        self.invalid = None;
    }
}

/// A source wrapped so that what quick-xml consumes lands in a [`Window`].
#[derive(Debug)]
pub(crate) struct Tee<S> {
    pub(crate) source: S,
    pub(crate) window: Window,
}

impl<R: BufRead> Tee<R> {
    /// Stages bytes from the source until some are staged or it ends.
    fn stage_from_source(&mut self) -> io::Result<()> {
        while self.window.staged().is_empty() && !self.window.source_done && self.window.failure.is_none() {
            let available = self.source.fill_buf()?;
            let len = available.len();
            self.window.source_done = len == 0;
            let last = self.window.source_done;
            self.window.receive(available, last)?;
            self.source.consume(len);
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let len = available.len().min(buf.len());
        buf[..len].copy_from_slice(&available[..len]);
        self.consume(len);
        Ok(len)
    }
}

impl<R: BufRead> BufRead for Tee<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.window.staged().is_empty() {
            if self.window.is_full() {
                return Err(io::Error::other(TeeFailure(ErrorKind::ResponseTooLarge(self.window.limit), None)));
            }
            self.stage_from_source()?;
            if let (true, Some((kind, offset))) = (self.window.staged().is_empty(), &self.window.failure) {
                return Err(io::Error::other(TeeFailure(kind.clone(), Some(*offset))));
            }
        }
        Ok(self.window.staged())
    }

    fn consume(&mut self, amount: usize) {
        self.window.consume(amount);
    }
}

/// The reading state shared by the streaming front ends.
#[derive(Debug)]
struct Engine {
    machine: Machine,
    /// quick-xml's event buffer, reused.
    event: Vec<u8>,
    /// Document offset = quick-xml position + this, for the current tokenizer.
    reader_base: isize,
    /// Document offset where the last complete event ended.
    event_end: usize,
    /// Window position of a U+FEFF a restarted tokenizer skipped (push only).
    leading_text: Option<usize>,
    /// True once the first bytes were looked at.
    started: bool,
}

impl Engine {
    fn new(config: Config) -> Self {
        Engine {
            machine: Machine::new(config),
            event: Vec::new(),
            reader_base: 0,
            event_end: 0,
            leading_text: None,
            started: false,
        }
    }

    /// The first call of a reader that pulls from its source: `staged` is
    /// the result of staging the first bytes, which show whether a byte
    /// order mark starts the body. `Ok(false)` when the document ended there.
    fn begin(&mut self, staged: io::Result<()>, window: &Window) -> Result<bool, Error> {
        self.started = true;
        if let Err(error) = staged {
            let (kind, offset) = io_error_kind(&error);
            return self.machine.fail_at("", kind, offset.unwrap_or(0)).map(|_| false);
        }
        // quick-xml skips a leading byte order mark without counting it.
        self.reader_base = if window.staged().starts_with(BOM) { BOM.len() as isize } else { 0 };
        Ok(true)
    }

    /// Before reading an event: the error that ended the document, or
    /// `Ok(false)` once it is done; the window drops what it no longer needs.
    fn ready(&mut self, window: &mut Window) -> Result<bool, Error> {
        if let Some(error) = self.machine.failed() {
            return Err(error.clone());
        }
        if self.machine.is_done() {
            return Ok(false);
        }
        if self.machine.at_top_level() {
            window.compact(&mut self.machine);
        }
        self.event.clear();
        Ok(true)
    }

    /// Takes one quick-xml result: positions are quick-xml's, `event_end`
    /// records where a complete event ended.
    fn process(
        machine: &mut Machine,
        window: &mut Window,
        reader_base: isize,
        result: Result<Event<'_>, XmlError>,
        (before, after, error_at): (u64, u64, u64),
        event_end: &mut usize,
    ) -> Result<Progress, Error> {
        let offset = |position: u64| (position as isize + reader_base).max(0) as usize;
        if result.is_ok() {
            *event_end = offset(after);
            if let Some(raw) = &mut window.raw {
                raw.clear();
            }
        }
        let local = |position: u64| window.local(offset(position));
        let (before, after, error_at) = (local(before), local(after), local(error_at));
        Self::process_local(machine, window, result, (before, after, error_at))
    }

    /// The text stops being readable at window position `at` (bytes that do
    /// not decode): as in the slice front end, which parses the readable
    /// prefix, text before that point is checked first, then `kind` is
    /// reported there.
    fn cut_short(
        machine: &mut Machine,
        window: &Window,
        before: usize,
        at: usize,
        kind: ErrorKind,
        at_eof: bool,
    ) -> Result<Progress, Error> {
        // Bytes cut by the end of input end the document there; others do not.
        let ends_input = kind == ErrorKind::UnexpectedEof;
        machine.set_cutoff(at, kind);
        let text = window.text.get(before..at).unwrap_or("");
        // A forbidden character before the bad bytes comes first, in markup too.
        if let Some((bad, c)) = first_invalid_char(text, machine.lenient()) {
            machine.set_cutoff(before + bad, ErrorKind::InvalidChar(c));
        }
        if text.starts_with('&') {
            // The slice front end finds a reference the bad bytes leave unclosed.
            let error = Err(XmlError::IllFormed(quick_xml::errors::IllFormedError::UnclosedReference));
            return machine.feed(&window.text, error, before, at, before, at_eof && ends_input);
        }
        if !text.is_empty() && !text.starts_with('<') {
            let event = Ok(Event::Text(BytesText::from_escaped(text)));
            if machine.feed(&window.text, event, before, at, at, at_eof)? == Progress::End {
                return Ok(Progress::End);
            }
        }
        machine.fail_at(&window.text, ErrorKind::UnexpectedEof, at)
    }

    /// [`process`](Self::process) with window positions.
    fn process_local(
        machine: &mut Machine,
        window: &mut Window,
        result: Result<Event<'_>, XmlError>,
        (before, after, error_at): (usize, usize, usize),
    ) -> Result<Progress, Error> {
        let at_eof = window.source_done && window.staged().is_empty();
        match &window.decoding {
            Decoding::Transcoding(decoder) if is_utf16(decoder.encoding()) => machine.set_utf16(),
            Decoding::Transcoding(_) => machine.set_transcoded(),
            _ => {}
        }
        match result {
            Ok(event) => {
                let lenient = machine.lenient();
                if let Some((at, c)) = window.text.get(before..after).and_then(|text| first_invalid_char(text, lenient))
                {
                    machine.set_cutoff(before + at, ErrorKind::InvalidChar(c));
                }
                machine.feed(&window.text, Ok(event), before, after, error_at, at_eof)
            }
            Err(XmlError::Encoding(_)) => {
                let (offset, kind) = window.invalid(true).unwrap_or((window.consumed, ErrorKind::InvalidUtf8));
                Self::cut_short(machine, window, before, window.local(offset), kind, at_eof)
            }
            Err(XmlError::Io(error)) => match io_error_kind(&error) {
                // The size limit counts from the start of the response.
                (kind @ ErrorKind::ResponseTooLarge(_), _) => {
                    let at = machine.item_start().unwrap_or(before);
                    machine.fail_at(&window.text, kind, at)
                }
                (kind @ ErrorKind::InvalidEncoding(_), Some(offset)) => {
                    Self::cut_short(machine, window, before, window.local(offset), kind, at_eof)
                }
                (kind, offset) => {
                    let at = offset.map_or(window.text.len(), |offset| window.local(offset));
                    machine.fail_at(&window.text, kind, at)
                }
            },
            Err(error) => {
                // Bytes that are not UTF-8, or forbidden characters, inside the
                // failed markup come first, as the slice front end finds them.
                if let Some((offset, kind)) = window.invalid(false) {
                    machine.set_cutoff(window.local(offset), kind);
                }
                let lenient = machine.lenient();
                if let Some((bad, c)) = window.text.get(before..).and_then(|text| first_invalid_char(text, lenient)) {
                    machine.set_cutoff(before + bad, ErrorKind::InvalidChar(c));
                }
                machine.feed(&window.text, Err(error), before, after, error_at, at_eof)
            }
        }
    }
}

fn new_tokenizer<S: BufRead>(source: Tee<S>) -> quick_xml::Reader<Tee<S>> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let lenient = reader.get_ref().window.lenient;
    crate::multistatus::configure(reader.config_mut(), lenient);
    reader
}

/// Reads a multistatus body from any [`BufRead`] one response at a time,
/// holding only the response being read (and the root start tag) in memory.
///
/// Responses borrow a buffer the reader reuses, so a listing of any length
/// parses with no allocation per response. Results, errors and offsets are
/// exactly those of [`ResponseReader`](crate::ResponseReader) on the same bytes.
///
/// ```
/// use multistatus::StreamReader;
///
/// let body: &[u8] = br#"<d:multistatus xmlns:d="DAV:">
///   <d:response><d:href>/a</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>
/// </d:multistatus>"#;
/// let mut reader = StreamReader::new(std::io::BufReader::new(body));
/// while let Some(response) = reader.next_response()? {
///     assert_eq!(response.href().unwrap().as_str(), "/a");
/// }
/// # Ok::<(), multistatus::Error>(())
/// ```
pub struct StreamReader<R> {
    tokenizer: quick_xml::Reader<Tee<R>>,
    engine: Engine,
}

impl<R> std::fmt::Debug for StreamReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.debug_summary("StreamReader", f)
    }
}

impl<R> StreamReader<R> {
    /// The `Debug` of a reader built on this one.
    pub(crate) fn debug_summary(&self, reader: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.engine.machine.debug_summary(reader, f)
    }
}

impl<R: BufRead> StreamReader<R> {
    /// A reader with the default [`Config`].
    pub fn new(source: R) -> Self {
        Self::with_config(source, Config::default())
    }

    /// A reader that parses as `config` says (limits, lenient or validating
    /// parse) instead of with the default [`Config`]; otherwise the same as
    /// [`new`](Self::new).
    pub fn with_config(source: R, config: Config) -> Self {
        let window = Window::new(&config);
        StreamReader { tokenizer: new_tokenizer(Tee { source, window }), engine: Engine::new(config) }
    }

    /// The next response, `Ok(None)` at the end of the document. After an
    /// error every later call returns the same error.
    #[allow(clippy::should_implement_trait)]
    pub fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
        if !self.engine.started {
            let tee = self.tokenizer.get_mut();
            let staged = tee.fill_buf().map(|_| ());
            if !self.engine.begin(staged, &tee.window)? {
                return Ok(None);
            }
        }
        loop {
            if !self.engine.ready(&mut self.tokenizer.get_mut().window)? {
                return Ok(None);
            }
            let before = self.tokenizer.buffer_position();
            let result = self.tokenizer.read_event_into(&mut self.engine.event);
            let positions = (before, self.tokenizer.buffer_position(), self.tokenizer.error_position());
            let window = &mut self.tokenizer.get_mut().window;
            let (base, end) = (self.engine.reader_base, &mut self.engine.event_end);
            if Engine::process(&mut self.engine.machine, window, base, result, positions, end)? == Progress::Response {
                let window = &self.tokenizer.get_ref().window;
                return Ok(Some(Response::new(&window.text, &self.engine.machine.response)));
            }
        }
    }

    /// The multistatus-level `DAV:responsedescription`, untrimmed.
    pub fn description(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.engine.machine.document.description()
    }

    /// The RFC 6578 `DAV:sync-token` of a sync-collection report, trimmed.
    pub fn sync_token(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.engine.machine.document.sync_token()
    }

    /// What the parse kept going past so far: lenient recoveries and
    /// RFC 4918 §14 deviations (see [`Warning`](crate::Warning)).
    pub fn warnings(&self) -> &[crate::Warning] {
        &self.engine.machine.warnings
    }

    /// Takes the warnings recorded so far, so that a long body's warnings
    /// can be handled as they come in bounded memory (the budget of
    /// warnings held counts from empty again).
    pub fn take_warnings(&mut self) -> Vec<crate::Warning> {
        self.engine.machine.take_warnings()
    }

    /// The source, for example to read what follows the body.
    pub fn into_inner(self) -> R {
        self.tokenizer.into_inner().source
    }
}

/// Chunks pushed by the caller, read by quick-xml through a [`Tee`].
#[derive(Debug, Default)]
pub(crate) struct Chunks {
    data: Vec<u8>,
    from: usize,
    finished: bool,
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let len = available.len().min(buf.len());
        buf[..len].copy_from_slice(&available[..len]);
        self.consume(len);
        Ok(len)
    }
}

impl BufRead for Chunks {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.from == self.data.len() && !self.finished {
            // Not the end: the tokenizer gives up this read, the parser rewinds.
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Ok(&self.data[self.from..])
    }

    fn consume(&mut self, amount: usize) {
        self.from = (self.from + amount).min(self.data.len());
        if self.from == self.data.len() {
            self.data.clear();
            self.from = 0;
        }
    }
}

/// A push parser: [`feed`](Self::feed) it chunks of a body as they arrive —
/// of any size, split anywhere, even inside a tag, a name, a reference or a
/// UTF-8 sequence — take the responses completed so far with
/// [`next_response`](Self::next_response), and call [`finish`](Self::finish)
/// at the end of the body.
///
/// "Need more bytes" is a state, not an error: `next_response` returns
/// `Ok(None)` and [`needs_input`](Self::needs_input) is true. Results, errors
/// and offsets are exactly those of the one-shot parse of the whole body.
///
/// ```
/// use multistatus::PushParser;
///
/// let mut parser = PushParser::new();
/// let mut hrefs = Vec::new();
/// for chunk in [&b"<d:multistatus xmlns:d=\"DAV:\"><d:response><d:hr"[..],
///               b"ef>/a</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>",
///               b"</d:multistatus>"] {
///     parser.feed(chunk);
///     while let Some(response) = parser.next_response()? {
///         hrefs.push(response.href().unwrap().as_str().to_owned());
///     }
/// }
/// parser.finish();
/// while let Some(response) = parser.next_response()? {
///     hrefs.push(response.href().unwrap().as_str().to_owned());
/// }
/// assert!(parser.is_done());
/// assert_eq!(hrefs, ["/a"]);
/// # Ok::<(), multistatus::Error>(())
/// ```
pub struct PushParser {
    tokenizer: Option<quick_xml::Reader<Tee<Chunks>>>,
    /// Where pushed bytes wait while no tokenizer runs (after input ran dry).
    idle: Option<Tee<Chunks>>,
    engine: Engine,
    /// Bytes a tokenizer read again after the last time input ran dry, and
    /// bytes pushed since: a new tokenizer starts only once the second is an
    /// eighth of the first, so re-reading stays linear in the input however
    /// small the chunks.
    reread: usize,
    fresh: usize,
}

impl Default for PushParser {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for PushParser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.engine.machine.debug_summary("PushParser", f)
    }
}

impl PushParser {
    /// A push parser with the default [`Config`].
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    /// A push parser that parses as `config` says (limits, lenient or
    /// validating parse) instead of with the default [`Config`]; otherwise
    /// the same as [`new`](Self::new).
    pub fn with_config(config: Config) -> Self {
        let mut window = Window::new(&config);
        window.raw = Some(Vec::new());
        let tee = Tee { source: Chunks::default(), window };
        PushParser { tokenizer: None, idle: Some(tee), engine: Engine::new(config), reread: 0, fresh: 0 }
    }

    fn tee_mut(&mut self) -> &mut Tee<Chunks> {
        match (&mut self.tokenizer, &mut self.idle) {
            (Some(tokenizer), _) => tokenizer.get_mut(),
            (None, Some(tee)) => tee,
            (None, None) => unreachable!("the push parser always holds its buffers"),
        }
    }

    /// Adds the next bytes of the body. Once the document has ended or
    /// failed ([`is_done`](Self::is_done)), bytes fed are dropped: nothing
    /// would read them.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.is_done() {
            // What was fed before and not read is dropped too.
            let source = &mut self.tee_mut().source;
            source.data = Vec::new();
            source.from = 0;
            return;
        }
        self.tee_mut().source.data.extend_from_slice(chunk);
        self.fresh += chunk.len();
    }

    /// Says the body has ended: what is still open is truncation.
    pub fn finish(&mut self) {
        self.tee_mut().source.finished = true;
    }

    /// True when the parser cannot go on without more input from
    /// [`feed`](Self::feed) or [`finish`](Self::finish).
    pub fn needs_input(&self) -> bool {
        self.tokenizer.is_none() && !self.ready_to_start()
    }

    fn ready_to_start(&self) -> bool {
        let tee = self.idle.as_ref().expect("idle while no tokenizer runs");
        tee.source.finished || self.fresh.saturating_mul(8) >= self.reread.max(1)
    }

    /// True once the whole document has been parsed (or has failed).
    pub fn is_done(&self) -> bool {
        self.engine.machine.is_done()
    }

    /// The next completed response; `Ok(None)` when more input is needed or
    /// the document has ended (tell them apart with [`is_done`](Self::is_done)).
    #[allow(clippy::should_implement_trait)]
    pub fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
        loop {
            if let Some(error) = self.engine.machine.failed() {
                return Err(error.clone());
            }
            if self.engine.machine.is_done() {
                return Ok(None);
            }
            if self.tokenizer.is_none() {
                if !self.ready_to_start() {
                    return Ok(None);
                }
                let tee = self.idle.take().expect("idle while no tokenizer runs");
                let tokenizer = self.start_tokenizer(tee);
                self.tokenizer = Some(tokenizer);
            }
            let tokenizer = self.tokenizer.as_mut().expect("started above");
            if self.engine.machine.at_top_level() {
                tokenizer.get_mut().window.compact(&mut self.engine.machine);
            }
            self.engine.event.clear();
            let before = tokenizer.buffer_position();
            let result = tokenizer.read_event_into(&mut self.engine.event);
            let positions = (before, tokenizer.buffer_position(), tokenizer.error_position());
            if matches!(&result, Err(XmlError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock) {
                drop(result);
                self.run_dry();
                continue;
            }
            let window = &mut tokenizer.get_mut().window;
            if let Some(at) = self.engine.leading_text.take() {
                // The U+FEFF quick-xml skipped when it started: text like any other.
                let bom = Ok(Event::Text(BytesText::from_escaped("\u{FEFF}")));
                Engine::process_local(&mut self.engine.machine, window, bom, (at, at + BOM.len(), at))?;
            }
            let (base, end) = (self.engine.reader_base, &mut self.engine.event_end);
            if Engine::process(&mut self.engine.machine, window, base, result, positions, end)? == Progress::Response {
                let window = &self.tokenizer.as_ref().expect("running").get_ref().window;
                return Ok(Some(Response::new(&window.text, &self.engine.machine.response)));
            }
        }
    }

    /// Starts quick-xml where the last one stopped: at the end of the last
    /// complete event.
    fn start_tokenizer(&mut self, mut tee: Tee<Chunks>) -> quick_xml::Reader<Tee<Chunks>> {
        // Stage what was pushed, so a byte order mark at the start is seen
        // whole; running dry here is found again by the tokenizer.
        let _ = tee.fill_buf();
        let offset = tee.window.consumed;
        // quick-xml skips a leading byte order mark without counting it: at
        // the start of the document that is right, later it is text.
        let bom = tee.window.staged().starts_with(BOM);
        self.engine.reader_base = offset as isize + if bom { BOM.len() as isize } else { 0 };
        if bom && offset > 0 {
            self.engine.leading_text = Some(tee.window.text.len());
        }
        self.reread = tee.window.staged().len();
        self.fresh = 0;
        new_tokenizer(tee)
    }

    /// Input ran dry inside an event: forget the tokenizer and the part of the
    /// event it read, and wait for more.
    fn run_dry(&mut self) {
        let tokenizer = self.tokenizer.take().expect("a tokenizer ran dry");
        let mut tee = tokenizer.into_inner();
        tee.window.unconsume(self.engine.event_end);
        self.idle = Some(tee);
    }

    /// The multistatus-level `DAV:responsedescription`, untrimmed.
    pub fn description(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.engine.machine.document.description()
    }

    /// The RFC 6578 `DAV:sync-token` of a sync-collection report, trimmed.
    pub fn sync_token(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.engine.machine.document.sync_token()
    }

    /// What the parse kept going past so far: lenient recoveries and
    /// RFC 4918 §14 deviations (see [`Warning`](crate::Warning)).
    pub fn warnings(&self) -> &[crate::Warning] {
        &self.engine.machine.warnings
    }

    /// Takes the warnings recorded so far, so that a long body's warnings
    /// can be handled as they come in bounded memory (the budget of
    /// warnings held counts from empty again).
    pub fn take_warnings(&mut self) -> Vec<crate::Warning> {
        self.engine.machine.take_warnings()
    }
}

#[cfg(feature = "tokio")]
mod tokio_front_end {
    use std::io;
    use std::pin::Pin;
    use std::task::{ready, Context, Poll};

    use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, ReadBuf};

    use super::{Engine, Tee, TeeFailure};
    use crate::error::{Error, ErrorKind};
    use crate::parser::Progress;
    use crate::response::Response;
    use crate::Config;

    impl<R: AsyncBufRead + Unpin> AsyncRead for Tee<R> {
        fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
            let available = ready!(self.as_mut().poll_fill_buf(cx))?;
            let len = available.len().min(buf.remaining());
            buf.put_slice(&available[..len]);
            self.consume(len);
            Poll::Ready(Ok(()))
        }
    }

    impl<R: AsyncBufRead + Unpin> AsyncBufRead for Tee<R> {
        fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
            let this = self.get_mut();
            if this.window.staged().is_empty() {
                if this.window.is_full() {
                    let limit = ErrorKind::ResponseTooLarge(this.window.limit);
                    return Poll::Ready(Err(io::Error::other(TeeFailure(limit, None))));
                }
                while this.window.staged().is_empty() && !this.window.source_done && this.window.failure.is_none() {
                    let available = ready!(Pin::new(&mut this.source).poll_fill_buf(cx))?;
                    let len = available.len();
                    this.window.source_done = len == 0;
                    let last = this.window.source_done;
                    this.window.receive(available, last)?;
                    Pin::new(&mut this.source).consume(len);
                }
                if let (true, Some((kind, offset))) = (this.window.staged().is_empty(), &this.window.failure) {
                    return Poll::Ready(Err(io::Error::other(TeeFailure(kind.clone(), Some(*offset)))));
                }
            }
            Poll::Ready(Ok(this.window.staged()))
        }

        fn consume(self: Pin<&mut Self>, amount: usize) {
            self.get_mut().window.consume(amount);
        }
    }

    /// Reads a multistatus body from a tokio [`AsyncBufRead`] one response at
    /// a time: the async form of [`StreamReader`](crate::StreamReader), with
    /// the same bounded memory and exactly the same results.
    ///
    /// Available with the `tokio` cargo feature.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), multistatus::Error> {
    /// use multistatus::AsyncStreamReader;
    ///
    /// let body: &[u8] = br#"<d:multistatus xmlns:d="DAV:">
    ///   <d:response><d:href>/a</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>
    /// </d:multistatus>"#;
    /// let mut reader = AsyncStreamReader::new(body);
    /// while let Some(response) = reader.next_response().await? {
    ///     assert_eq!(response.href().unwrap().as_str(), "/a");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
    pub struct AsyncStreamReader<R> {
        tokenizer: quick_xml::Reader<Tee<R>>,
        engine: Engine,
    }

    impl<R> std::fmt::Debug for AsyncStreamReader<R> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.engine.machine.debug_summary("AsyncStreamReader", f)
        }
    }

    impl<R: AsyncBufRead + Unpin> AsyncStreamReader<R> {
        /// A reader with the default [`Config`].
        pub fn new(source: R) -> Self {
            Self::with_config(source, Config::default())
        }

        /// A reader that parses as `config` says (limits, lenient or
        /// validating parse) instead of with the default [`Config`];
        /// otherwise the same as [`new`](Self::new).
        pub fn with_config(source: R, config: Config) -> Self {
            let window = super::Window::new(&config);
            let mut tokenizer = quick_xml::Reader::from_reader(Tee { source, window });
            crate::multistatus::configure(tokenizer.config_mut(), config.lenient);
            AsyncStreamReader { tokenizer, engine: Engine::new(config) }
        }

        /// The next response, `Ok(None)` at the end of the document. After an
        /// error every later call returns the same error.
        pub async fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
            if !self.engine.started {
                let tee = self.tokenizer.get_mut();
                let staged = tee.fill_buf().await.map(|_| ());
                if !self.engine.begin(staged, &tee.window)? {
                    return Ok(None);
                }
            }
            loop {
                if !self.engine.ready(&mut self.tokenizer.get_mut().window)? {
                    return Ok(None);
                }
                let before = self.tokenizer.buffer_position();
                let result = self.tokenizer.read_event_into_async(&mut self.engine.event).await;
                let positions = (before, self.tokenizer.buffer_position(), self.tokenizer.error_position());
                let window = &mut self.tokenizer.get_mut().window;
                let (base, end) = (self.engine.reader_base, &mut self.engine.event_end);
                if Engine::process(&mut self.engine.machine, window, base, result, positions, end)?
                    == Progress::Response
                {
                    let window = &self.tokenizer.get_ref().window;
                    return Ok(Some(Response::new(&window.text, &self.engine.machine.response)));
                }
            }
        }

        /// The multistatus-level `DAV:responsedescription`, untrimmed.
        pub fn description(&self) -> Option<std::borrow::Cow<'_, str>> {
            self.engine.machine.document.description()
        }

        /// The RFC 6578 `DAV:sync-token` of a sync-collection report, trimmed.
        pub fn sync_token(&self) -> Option<std::borrow::Cow<'_, str>> {
            self.engine.machine.document.sync_token()
        }

        /// What the parse kept going past so far: lenient recoveries and
        /// RFC 4918 §14 deviations (see [`Warning`](crate::Warning)).
        pub fn warnings(&self) -> &[crate::Warning] {
            &self.engine.machine.warnings
        }

        /// Takes the warnings recorded so far (see [`StreamReader::take_warnings`](crate::StreamReader::take_warnings)).
        pub fn take_warnings(&mut self) -> Vec<crate::Warning> {
            self.engine.machine.take_warnings()
        }

        /// The source, for example to read what follows the body.
        pub fn into_inner(self) -> R {
            self.tokenizer.into_inner().source
        }
    }
}

#[cfg(feature = "tokio")]
pub use tokio_front_end::AsyncStreamReader;
