//! What the streaming front ends share: a body read from a `BufRead`
//! ([`buffered`](super::buffered)), pushed in chunks ([`push`](super::push)),
//! or read from a tokio `AsyncBufRead` ([`tokio`](super::tokio)), parsed one
//! response at a time in bounded memory.
//!
//! All three put the text they receive, as UTF-8, into a [`Window`] and run
//! the scanner and the machine over it ([`Engine`]); when the scanner needs
//! more, the front end receives more and the scan goes on where it stopped.
//! The window holds the current top-level item (one response, usually)
//! after a copy of the root start tag, whose namespace declarations stay in
//! scope: the machine's positions index it, responses borrow it, and what
//! lies before the current item is dropped between items.

use std::io;

use crate::encoding::{decode, detect, is_utf16, Detected};
use crate::error::{Error, ErrorKind, Origin};
use crate::lexical::{first_invalid_char, is_suspicious_byte};
use crate::read::machine::{Machine, PooledMachine, Stop};
use crate::read::scanner::{Scanned, Scanner};
use crate::response::Response;
use crate::Config;

/// The text received so far, as UTF-8, laid out as `[root start tag
/// copy][tail]`: what the machine's positions index.
#[derive(Debug, Default)]
pub(crate) struct Window {
    pub(crate) text: String,
    /// Length of the root start tag copy at the front of `text`; the tail
    /// (what was received since the last compaction) starts there.
    root_len: usize,
    /// An incomplete UTF-8 sequence after the text, waiting for its last bytes.
    pending: Vec<u8>,
    /// Why the text stopped being readable at its end (bytes that are not
    /// UTF-8 or do not decode, or the input cut inside a sequence). Nothing
    /// is received after it.
    cut: Option<ErrorKind>,
    /// The source has no more bytes.
    source_done: bool,
    /// The current item may not grow past this many bytes.
    limit: usize,
    /// The first source bytes, while the encoding is being detected.
    head: Vec<u8>,
    /// A forbidden character is an error (strict), not a warning (lenient).
    lenient: bool,
    /// How source bytes become text.
    decoding: Decoding,
    /// Decoded text, before it joins the window.
    scratch: String,
    /// An error found before any text (an encoding this crate cannot read), at a document offset.
    failure: Option<(ErrorKind, usize)>,
}

/// How source bytes become the window's UTF-8 text.
#[derive(Default)]
enum Decoding {
    /// The first bytes, held until they show the encoding.
    #[default]
    Detecting,
    /// UTF-8: checked and appended as they are.
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

impl Window {
    fn new(config: &Config) -> Self {
        Window { limit: config.max_response_bytes, lenient: config.lenient, ..Window::default() }
    }

    /// True when no more text will come: the source ended, or its bytes stopped decoding.
    fn text_done(&self) -> bool {
        self.cut.is_some() || (self.source_done && matches!(self.decoding, Decoding::Utf8 | Decoding::Transcoding(_)))
    }

    /// True when the end of the text is the end of the input: markup open
    /// there is cut, not broken (as the slice front end decides).
    fn ends_input(&self) -> bool {
        !matches!(self.cut, Some(ErrorKind::InvalidUtf8 | ErrorKind::InvalidEncoding(_)))
    }

    /// True when the item starting at window position `start` has reached
    /// the response size limit, so that no more may be received for it.
    fn is_full(&self, start: usize) -> bool {
        let item = self.text.len().saturating_sub(start);
        // Never full while empty: with a limit of 0 the first item still
        // starts, so that the error names it as the slice front end does.
        item > 0 && item >= self.limit
    }

    /// Takes bytes from the source (`last` at its end): detects the encoding
    /// from the first ones, then appends them as text. Tells the machine
    /// where the text stops being readable.
    #[inline(always)]
    fn receive(&mut self, bytes: &[u8], last: bool, machine: &mut Machine) {
        // One byte after whole UTF-8 characters (bytes pushed one at a time),
        // ASCII and allowed everywhere (XML 1.0 §2.2): its character, no decoder.
        if let ([byte], false, Decoding::Utf8, true, None) =
            (bytes, last, &self.decoding, self.pending.is_empty(), &self.cut)
        {
            if byte.is_ascii() && !is_suspicious_byte(*byte) {
                self.text.push(char::from(*byte));
                return;
            }
        }
        self.receive_decoding(bytes, last, machine);
    }

    /// [`receive`](Self::receive) past its shortcut, out of line so that
    /// the shortcut saves and restores no registers for it.
    #[inline(never)]
    fn receive_decoding(&mut self, bytes: &[u8], last: bool, machine: &mut Machine) {
        self.source_done |= last;
        if self.cut.is_some() || self.failure.is_some() {
            return;
        }
        match &mut self.decoding {
            Decoding::Detecting => {
                self.head.extend_from_slice(bytes);
                match detect(&self.head, last) {
                    Detected::NeedMore if !last => {}
                    Detected::Utf8 | Detected::NeedMore => {
                        self.decoding = Decoding::Utf8;
                        let head = std::mem::take(&mut self.head);
                        self.append_utf8(&head, last, machine);
                    }
                    Detected::Other { encoding, bom } => {
                        if is_utf16(encoding) {
                            machine.set_utf16();
                        } else {
                            machine.set_transcoded();
                        }
                        self.decoding = Decoding::Transcoding(Box::new(encoding.new_decoder_without_bom_handling()));
                        let head = std::mem::take(&mut self.head);
                        self.receive_decoding(&head[bom.min(head.len())..], last, machine);
                    }
                    Detected::Unsupported(label) => self.failure = Some((ErrorKind::UnsupportedEncoding(label), 0)),
                }
            }
            Decoding::Utf8 => self.append_utf8(bytes, last, machine),
            Decoding::Transcoding(decoder) => {
                let mut text = std::mem::take(&mut self.scratch);
                text.clear();
                // What decoded is read; where decoding failed (the end of
                // what decoded), the text stops.
                let result = decode(decoder, bytes, last, &mut text);
                self.append(&text, machine);
                if let Err((kind, _)) = result {
                    self.stop(kind, machine);
                }
                self.scratch = text;
            }
        }
    }

    /// Appends UTF-8 bytes, holding back a sequence they cut and stopping at
    /// bytes that are not UTF-8.
    fn append_utf8(&mut self, mut bytes: &[u8], last: bool, machine: &mut Machine) {
        // Complete the sequence the last bytes cut, one byte at a time (at most three).
        while !self.pending.is_empty() && !bytes.is_empty() {
            self.pending.push(bytes[0]);
            bytes = &bytes[1..];
            match std::str::from_utf8(&self.pending) {
                Ok(_) => {
                    let pending = std::mem::take(&mut self.pending);
                    self.append(std::str::from_utf8(&pending).unwrap_or_default(), machine);
                }
                Err(e) if e.error_len().is_some() => return self.stop(ErrorKind::InvalidUtf8, machine),
                Err(_) => {}
            }
        }
        if self.pending.is_empty() && bytes.len() < SHORT_ASCII && bytes.is_ascii() {
            // A few ASCII bytes (pushed a byte at a time) need no decoder: each is its character.
            let start = self.text.len();
            self.text.extend(bytes.iter().map(|&b| char::from(b)));
            if let Some((at, c)) = first_invalid_char(&self.text[start..], self.lenient) {
                machine.set_cutoff(start + at, ErrorKind::InvalidChar(c));
            }
        } else if self.pending.is_empty() {
            match std::str::from_utf8(bytes) {
                Ok(text) => self.append(text, machine),
                Err(e) => {
                    let (valid, rest) = bytes.split_at(e.valid_up_to());
                    self.append(std::str::from_utf8(valid).unwrap_or_default(), machine);
                    if e.error_len().is_some() {
                        return self.stop(ErrorKind::InvalidUtf8, machine);
                    }
                    self.pending.extend_from_slice(rest);
                }
            }
        }
        if last && !self.pending.is_empty() {
            // The input ends inside a character: a cut.
            self.stop(ErrorKind::UnexpectedEof, machine);
        }
    }

    /// Appends decoded text; the first forbidden character in it is where
    /// the machine stops reading (XML 1.0 §2.2).
    fn append(&mut self, text: &str, machine: &mut Machine) {
        if let Some((at, c)) = first_invalid_char(text, self.lenient) {
            machine.set_cutoff(self.text.len() + at, ErrorKind::InvalidChar(c));
        }
        self.text.push_str(text);
    }

    /// The text stops at its end, with `kind` to report there.
    fn stop(&mut self, kind: ErrorKind, machine: &mut Machine) {
        self.pending.clear();
        machine.set_cutoff(self.text.len(), kind.clone());
        self.cut = Some(kind);
    }

    /// Between top-level items: drops the text before the scanner's
    /// position but the root start tag, which moves to the front. Only once
    /// as much is dropped as kept, so that moving what is kept stays linear.
    fn compact(&mut self, machine: &mut Machine, scanner: &mut Scanner) {
        let pos = scanner.pos();
        if pos == self.root_len || pos - self.root_len < self.text.len() - pos {
            return;
        }
        let origin = machine.origin().advanced(&self.text, pos);
        let (keep_start, keep_end) = match machine.root_tag() {
            // First compaction after the root start tag: keep only that tag.
            Some(root) if root.start != 0 || self.root_len == 0 => (root.start, root.end),
            Some(_) => (0, self.root_len),
            None => (0, 0),
        };
        self.text.replace_range(keep_end..pos, "");
        self.text.replace_range(..keep_start, "");
        self.root_len = keep_end - keep_start;
        let shift = self.root_len as isize - pos as isize;
        machine.rebase_outer(-(keep_start as isize));
        machine.shift_cutoff(shift);
        scanner.shift(shift);
        machine.set_origin(Origin { local: self.root_len, ..origin });
    }
}

/// Below this many bytes, ASCII is appended without a call to the UTF-8 decoder.
const SHORT_ASCII: usize = 16;

/// What a run of the scanner and machine over the window ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    /// A response is complete.
    Response,
    /// The document has ended.
    End,
    /// The window ends inside a token: receive more.
    NeedMore,
}

/// The reading state shared by the streaming front ends.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) machine: PooledMachine,
    scanner: Scanner,
    window: Window,
}

impl Engine {
    pub(crate) fn new(config: Config) -> Self {
        Engine {
            scanner: Scanner::new(config.lenient),
            window: Window::new(&config),
            machine: PooledMachine::new(config),
        }
    }

    /// Takes bytes from the source; `last` at its end.
    #[inline]
    pub(crate) fn receive(&mut self, bytes: &[u8], last: bool) {
        self.window.receive(bytes, last, &mut self.machine);
    }

    /// Reading from the source failed: the document ends there.
    pub(crate) fn fail_io(&mut self, error: &io::Error) {
        let kind = ErrorKind::Io { kind: error.kind(), message: error.to_string() };
        let _ = self.machine.fail_at(&self.window.text, kind, self.window.text.len());
    }

    /// Scans and checks the window until a response is complete, the
    /// document ends, or the window ends inside a token.
    #[inline(always)]
    pub(crate) fn run(&mut self) -> Result<Run, Error> {
        // Bytes pushed one at a time: most runs find the token the last one
        // stopped in still open, told here in a few instructions. Nothing
        // the full run checks can differ then: the window only grew, stays
        // below the item size limit, and was compacted (or found not worth
        // it) when the scanner first stopped at this position.
        let window = &self.window;
        if !self.machine.is_done()
            && window.failure.is_none()
            && !window.text_done()
            && window.text.len() < window.limit
            && self.scanner.resumed_still_open(&window.text)
        {
            return Ok(Run::NeedMore);
        }
        self.run_scanning()
    }

    /// [`run`](Self::run) past its shortcut. Out of line, so that the
    /// shortcut saves and restores no registers for it.
    #[inline(never)]
    fn run_scanning(&mut self) -> Result<Run, Error> {
        if let Some(error) = self.machine.failed() {
            return Err(error.clone());
        }
        if self.machine.is_done() {
            return Ok(Run::End);
        }
        if let Some((kind, offset)) = self.window.failure.take() {
            self.machine.fail_at(&self.window.text, kind, offset)?;
            return Ok(Run::End);
        }
        loop {
            if self.machine.at_top_level() {
                self.window.compact(&mut self.machine, &mut self.scanner);
            }
            let window = &self.window;
            let (text, at_end) = (&window.text, window.text_done());
            // Scanned here first: a window that ends inside the next token (bytes pushed one at a time) costs little.
            let first = self.scanner.next_closing(text, at_end, || self.machine.open_name());
            let stop = match first {
                Scanned::NeedMore if !at_end => Stop::NeedMore,
                _ => self.machine.run_after(first, &mut self.scanner, text, at_end, window.ends_input(), true)?,
            };
            match stop {
                Stop::Response => return Ok(Run::Response),
                Stop::End => return Ok(Run::End),
                Stop::TopLevel => {}
                Stop::NeedMore => {
                    // The size limit counts from the start of the item, or the token that starts it.
                    let start = self.machine.item_start().unwrap_or(self.scanner.pos());
                    if window.is_full(start) {
                        let limit = ErrorKind::ResponseTooLarge(window.limit);
                        self.machine.fail_at(&window.text, limit, start)?;
                        return Ok(Run::End);
                    }
                    return Ok(Run::NeedMore);
                }
            }
        }
    }

    /// The response [`run`](Self::run) completed.
    pub(crate) fn response(&self) -> Response<'_> {
        Response::new(&self.window.text, &self.machine.response)
    }
}

/// The document-level values and warnings of a streaming front end (a type
/// with an `engine: Engine` field): one text for all three.
macro_rules! engine_accessors {
    () => {
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
    };
}
pub(crate) use engine_accessors;

/// The body of `next_response` for a front end that pulls from its source
/// (`self.source`, `self.engine`, `self.receive()`), written once for the
/// blocking and the async source: `await` is passed for the second.
macro_rules! pull_next_response {
    ($self:ident $(, $await:ident)?) => {
        loop {
            match $self.engine.run()? {
                Run::Response => return Ok(Some($self.engine.response())),
                Run::End => return Ok(None),
                Run::NeedMore => $self.receive() $(.$await)?,
            }
        }
    };
}
pub(crate) use pull_next_response;

/// The body of `receive`: the source's next buffer of bytes (or its end)
/// into the engine, written once for `BufRead` and tokio's `AsyncBufRead`.
macro_rules! receive_from_source {
    ($self:ident $(, $await:ident)?) => {{
        let available = loop {
            match $self.source.fill_buf() $(.$await)? {
                Ok(available) => break available,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return $self.engine.fail_io(&error),
            }
        };
        let len = available.len();
        $self.engine.receive(available, len == 0);
        $self.source.consume(len);
    }};
}
pub(crate) use receive_from_source;
