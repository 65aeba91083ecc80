//! The state machine: the scanner's tokens in, one response at a time out.
//!
//! What a token means is checked here, one handler per token kind: names,
//! attributes, references and comments (XML 1.0), prefixes and their scope
//! ([`Namespaces`], Namespaces in XML 1.0), the limits of [`Config`], and
//! the RFC 4918 §14 structure ([`grammar`]). What it keeps are spans of the
//! text it is shown, in reusable arenas ([`Tree`]).
//!
//! The machine owns no text: each front end (a slice, a `BufRead`, pushed
//! chunks, an async reader) runs the scanner over its own window of the
//! document and passes every token here with its position in that window,
//! so all front ends check exactly the same things.

use std::cell::Cell;
use std::collections::hash_map::{Entry, HashMap, RandomState};
use std::collections::HashSet;
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use crate::error::{Error, ErrorKind, Located, Origin};
use crate::href::is_uri_reference;
use crate::lexical::{
    decode_reference, has_control_chars, is_blank, is_ncname, is_xml_space, name_class, same_name, split_classified,
    split_qname, value_class, ReferenceError, COLON, NOT_NAME, SPACE, VALUE_MARKUP, VALUE_NORMALIZED,
};
use crate::read::grammar::{self, Child, Role, Slot};
use crate::read::namespaces::{Binding, Namespaces};
use crate::read::scanner::{ScanError, Scanned, Scanner, TagName, Token, INVALID_BANG};
use crate::response::{DocumentData, PropstatData, ResponseData, StatusData};
use crate::status::parse_status_line;
use crate::tree::{Attr, Element, Node, Ns, Span, Tree, XML_NAMESPACE};
use crate::warning::{Warning, WarningKind};
use crate::Config;

/// The WebDAV namespace (RFC 4918 §21).
const DAV: &str = "DAV:";
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

#[derive(Debug, Clone, Copy)]
struct Open {
    role: Role,
    /// The qualified name, to match the end tag against.
    name: Span,
    /// Length of the namespace stack before this element's declarations.
    ns_mark: usize,
    /// Last kept child, to link the next one after it.
    last_child: Option<u32>,
}

/// Few enough attributes on one tag to compare them pairwise, without hashing.
const FEW_ATTRIBUTES: usize = 16;

/// The attributes of one tag seen so far, for the duplicate checks of
/// XML 1.0 §3.1 and Namespaces in XML 1.0 §6.3: compared pairwise while
/// there are few, by hash beyond (a hostile tag has tens of thousands).
#[derive(Debug, Default)]
struct SeenAttributes {
    /// Hash of an attribute's key → the first attribute with that hash.
    first_with_hash: HashMap<u64, usize>,
    hasher: RandomState,
}

impl SeenAttributes {
    /// True when attribute `index` repeats an earlier one of its tag:
    /// `key(j)` is attribute j's key, `same(j)` compares attribute j with it.
    fn repeats<K: Hash>(&mut self, index: usize, key: impl Fn(usize) -> K, same: impl Fn(usize) -> bool) -> bool {
        if index < FEW_ATTRIBUTES {
            return (0..index).any(same);
        }
        if index == FEW_ATTRIBUTES {
            // A new tag past the few: forget the last one (and its size).
            self.first_with_hash.clear();
            self.first_with_hash.shrink_to(4 * FEW_ATTRIBUTES);
            for earlier in 0..index {
                self.first_with_hash.entry(self.hasher.hash_one(key(earlier))).or_insert(earlier);
            }
        }
        match self.first_with_hash.entry(self.hasher.hash_one(key(index))) {
            Entry::Vacant(entry) => {
                entry.insert(index);
                false
            }
            // Equal hashes of different keys are possible, if unlikely: then compare all.
            Entry::Occupied(entry) => same(*entry.get()) || (0..index).any(same),
        }
    }
}

/// The namespace declarations of the last start tag that held nothing else
/// and read without an error or a warning. Apache repeats the same two on
/// every response (`xmlns:lp1="DAV:" xmlns:lp2="…"`): the same bytes, read
/// under the same configuration, declare the same, so they are read once.
#[derive(Debug, Default)]
struct Declarations {
    /// The tag's text from the end of its name, as read.
    text: String,
    /// How many attributes it holds, for the node limit.
    count: usize,
    /// What they declared, positions relative to the start of `text`.
    bindings: Vec<Binding>,
}

/// An attribute as read from a start tag, before its prefix is resolved.
#[derive(Debug, Clone, Copy)]
struct RawAttr {
    name: Span,
    prefix_len: usize,
    value: Span,
    /// Offset of the attribute name, for error positions.
    at: usize,
    /// `xmlns` or `xmlns:prefix`: a namespace declaration (Namespaces in XML 1.0 §3).
    declaration: bool,
    /// The value holds `&`, a tab, a line feed or a carriage return: its
    /// normalised form (XML 1.0 §3.3.3) is not its bytes.
    normalized: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    BeforeRoot,
    InRoot,
    AfterRoot,
    Done,
}

/// What one event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// Nothing a caller needs to know.
    Continue,
    /// A response is complete in [`Machine::response`].
    Response,
    /// The document is complete.
    End,
}

/// Where [`Machine::run`] stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// A response is complete in [`Machine::response`].
    Response,
    /// The document is complete (or has failed in lenient mode's clean way).
    End,
    /// The window ends inside a token, or before one: the front end receives more.
    NeedMore,
    /// Between top-level items, where a front end may drop the text read so far.
    TopLevel,
}

/// The parser's state between events. See the module documentation.
#[derive(Debug)]
pub(crate) struct Machine {
    config: Config,
    /// Where the text stops being readable (a forbidden character, or bytes
    /// that are not UTF-8) and the error to report there, in window positions.
    cutoff: Option<(usize, ErrorKind)>,
    /// The position in `cutoff`, or `usize::MAX` when there is none: checked
    /// after every token, as one compare.
    cutoff_at: usize,
    /// How window positions map to the document, for errors and offsets.
    origin: Origin,
    /// Positions of warnings located in this window, to count on from.
    located: Located,
    phase: Phase,
    /// True once any event was seen (an XML declaration must come first).
    events_seen: bool,
    /// The front end transcoded the body from its declared encoding.
    transcoded: bool,
    /// The front end found UTF-16 by the first bytes: a declaration must agree.
    utf16: bool,
    open: Vec<Open>,
    namespaces: Namespaces,
    attrs: Vec<RawAttr>,
    /// The attributes of the current tag but its namespace declarations, resolved.
    resolved_attrs: Vec<Attr>,
    seen_attrs: SeenAttributes,
    declarations: Declarations,
    in_response: bool,
    responses: usize,
    /// The root start tag, whose namespace declarations stay in scope.
    root_tag: Option<Span>,
    /// Start of the top-level item being read (for the response size limit).
    item_start: Option<usize>,
    /// Elements and attributes read in that item (for the node limit).
    item_nodes: usize,
    pub(crate) response: ResponseData,
    pub(crate) document: DocumentData,
    /// The error that ended parsing, returned again on later calls.
    failed: Option<Error>,
    /// What a lenient parse recovered from.
    pub(crate) warnings: Vec<Warning>,
    /// The first warning of the current response still waiting for its href.
    warnings_without_href: Option<usize>,
    /// Lenient: the root is in no namespace, so unqualified names mean `DAV:`.
    no_namespace: bool,
    /// Lenient: undeclared prefixes already warned about (only while
    /// warnings are recorded, so bounded as they are).
    undeclared_prefixes: HashSet<Box<str>>,
    /// Bytes of text (paths, hrefs, quoted names) the warnings hold.
    warning_text: usize,
    /// True once [`WarningKind::TooManyWarnings`] was recorded.
    warnings_full: bool,
}

/// Warnings recorded before the rest are only counted as one.
const MAX_WARNINGS: usize = 10_000;
/// Text all warnings may hold, before the rest are only counted as one.
const MAX_WARNING_TEXT: usize = 1 << 20;
/// Text one path, href or quoted name of a warning may hold.
const MAX_WARNING_PIECE: usize = 1 << 10;

/// `text` cut to at most [`MAX_WARNING_PIECE`] bytes, at a character boundary.
fn warning_piece(text: &str) -> &str {
    let mut end = text.len().min(MAX_WARNING_PIECE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Cuts the text `kind` quotes to a warning piece; its length.
fn shorten_quoted(kind: &mut WarningKind) -> usize {
    match kind {
        WarningKind::UndeclaredPrefix(text)
        | WarningKind::UnknownEntity(text)
        | WarningKind::InvalidStatusLine(text)
        | WarningKind::InvalidHref(text) => {
            if text.len() > MAX_WARNING_PIECE {
                *text = warning_piece(text).to_owned();
            }
            text.len()
        }
        _ => 0,
    }
}

/// The largest buffer a recycled machine keeps ([`Machine::reset`]), in
/// bytes of capacity: a thread holds at most twelve buffers of this size,
/// and the machine, after reading a large response.
const MAX_KEPT_BYTES: usize = 16 * 1024;

thread_local! {
    /// The machine the last reader dropped on this thread left, blank.
    static POOL: Cell<Option<Box<Machine>>> = const { Cell::new(None) };
}

/// Empties `buffer`, and frees it if it holds more than [`MAX_KEPT_BYTES`].
fn empty_bounded<T>(buffer: &mut Vec<T>) {
    if buffer.capacity() * std::mem::size_of::<T>() > MAX_KEPT_BYTES {
        *buffer = Vec::new();
    } else {
        buffer.clear();
    }
}

/// A [`Machine`] on the heap, which a dropped reader leaves blank to the
/// next one built on its thread. Its buffers are reused: a client reading
/// many small bodies would otherwise pay nine allocations, their growth and
/// their frees per body, about 4 % of the instructions of a 1.2 kB PROPFIND
/// answer. The machine itself is reused too, and a reader moves a pointer,
/// not the machine's kilobyte, wherever it is built and returned: four
/// copies of it and the buffers' handover were about 1.8 % of that
/// answer's instructions.
pub(crate) struct PooledMachine(Option<Box<Machine>>);

impl PooledMachine {
    /// A blank machine reading under `config`: the one the last reader
    /// dropped on this thread left, or a new one.
    pub(crate) fn new(config: Config) -> PooledMachine {
        // `try_with`: a machine built while the thread is torn down starts from nothing.
        let mut machine = POOL.try_with(Cell::take).ok().flatten().unwrap_or_else(|| Box::new(Machine::blank()));
        machine.document.tree.strip_controls = config.lenient && config.strip_control_characters;
        machine.config = config;
        PooledMachine(Some(machine))
    }
}

impl std::ops::Deref for PooledMachine {
    type Target = Machine;

    #[inline(always)]
    fn deref(&self) -> &Machine {
        self.0.as_deref().expect("a pooled machine is there until it is dropped")
    }
}

impl std::ops::DerefMut for PooledMachine {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut Machine {
        self.0.as_deref_mut().expect("a pooled machine is there until it is dropped")
    }
}

impl std::fmt::Debug for PooledMachine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Drop for PooledMachine {
    fn drop(&mut self) {
        if let Some(mut machine) = self.0.take() {
            // Blank now, not when taken: what the reader read is freed with it, and only the bounded buffers stay.
            machine.reset();
            let _ = POOL.try_with(|slot| slot.set(Some(machine)));
        }
    }
}

impl Machine {
    /// A reader's `Debug`: its settings and how far it got, not its buffers.
    pub(crate) fn debug_summary(&self, reader: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(reader)
            .field("config", &self.config)
            .field("responses", &self.responses)
            .field("warnings", &self.warnings.len())
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }

    /// A machine that has read nothing, under the default configuration
    /// ([`PooledMachine::new`] sets the reader's), with room in its buffers
    /// for a typical response (growing from empty cost a small body a tenth
    /// of its time in reallocation).
    fn blank() -> Self {
        let mut response = ResponseData::default();
        response.tree.nodes = Vec::with_capacity(32);
        response.props = Vec::with_capacity(16);
        let config = Config::default();
        let mut document = DocumentData::default();
        document.tree.strip_controls = config.lenient && config.strip_control_characters;
        Machine {
            config,
            cutoff: None,
            cutoff_at: usize::MAX,
            origin: Origin::START,
            located: Located::default(),
            phase: Phase::BeforeRoot,
            events_seen: false,
            transcoded: false,
            utf16: false,
            open: Vec::with_capacity(16),
            namespaces: Namespaces::default(),
            attrs: Vec::new(),
            resolved_attrs: Vec::new(),
            seen_attrs: SeenAttributes::default(),
            declarations: Declarations::default(),
            in_response: false,
            responses: 0,
            root_tag: None,
            item_start: None,
            item_nodes: 0,
            response,
            document,
            failed: None,
            warnings: Vec::new(),
            warnings_without_href: None,
            no_namespace: false,
            undeclared_prefixes: HashSet::new(),
            warning_text: 0,
            warnings_full: false,
        }
    }

    /// Puts the machine back to [`blank`](Self::blank), in place, keeping
    /// its buffers emptied (up to [`MAX_KEPT_BYTES`]). Every field is named,
    /// so that one added later must be reset here too.
    fn reset(&mut self) {
        let Machine {
            config,
            cutoff,
            cutoff_at,
            origin,
            located,
            phase,
            events_seen,
            transcoded,
            utf16,
            open,
            namespaces,
            attrs,
            resolved_attrs,
            seen_attrs,
            declarations,
            in_response,
            responses,
            root_tag,
            item_start,
            item_nodes,
            response,
            document,
            failed,
            warnings,
            warnings_without_href,
            no_namespace,
            undeclared_prefixes,
            warning_text,
            warnings_full,
        } = self;
        *config = Config::default();
        *cutoff = None;
        *cutoff_at = usize::MAX;
        *origin = Origin::START;
        *located = Located::default();
        *phase = Phase::BeforeRoot;
        *events_seen = false;
        *transcoded = false;
        *utf16 = false;
        empty_bounded(open);
        let (mut bindings, mut links) = namespaces.take_buffers();
        empty_bounded(&mut bindings);
        empty_bounded(&mut links);
        *namespaces = Namespaces::with_buffers(bindings, links);
        empty_bounded(attrs);
        empty_bounded(resolved_attrs);
        *seen_attrs = SeenAttributes::default();
        let Declarations { text, count, bindings } = declarations;
        text.clear();
        if text.capacity() > MAX_KEPT_BYTES {
            *text = String::new();
        }
        *count = 0;
        empty_bounded(bindings);
        *in_response = false;
        *responses = 0;
        *root_tag = None;
        *item_start = None;
        *item_nodes = 0;
        let ResponseData { tree, start, end, hrefs, status, propstats, props, error, description, location } = response;
        let Tree { nodes, attrs: tree_attrs, base, strip_controls } = tree;
        empty_bounded(nodes);
        empty_bounded(tree_attrs);
        *base = 0;
        *strip_controls = false;
        *start = 0;
        *end = 0;
        empty_bounded(hrefs);
        *status = StatusData::default();
        empty_bounded(propstats);
        empty_bounded(props);
        *error = None;
        *description = None;
        *location = None;
        *document = DocumentData::default();
        *failed = None;
        *warnings = Vec::new();
        *warnings_without_href = None;
        *no_namespace = false;
        *undeclared_prefixes = HashSet::new();
        *warning_text = 0;
        *warnings_full = false;
    }

    /// Ends the document at `error`, or in lenient mode, if it is a
    /// truncation, ends it cleanly with a warning: the responses completed
    /// before the cut stand.
    pub(crate) fn end_with(&mut self, error: Error) -> Result<(), Error> {
        if self.config.lenient && error.is_truncated() {
            let (offset, line, column) = (error.offset(), error.line(), error.column());
            self.in_response = false;
            self.open.clear();
            self.push_warning(Warning {
                kind: WarningKind::Truncated,
                offset,
                line,
                column,
                path: String::new(),
                href: None,
            });
            self.phase = Phase::Done;
            return Ok(());
        }
        Err(self.fail(error))
    }

    /// Records `warning`, or once [`MAX_WARNINGS`] or [`MAX_WARNING_TEXT`]
    /// is reached, one [`WarningKind::TooManyWarnings`] in its place and
    /// nothing after it.
    fn push_warning(&mut self, mut warning: Warning) {
        if self.warnings_full {
            return;
        }
        let text = shorten_quoted(&mut warning.kind) + warning.path.len();
        if self.warnings.len() == MAX_WARNINGS || self.warning_text + text > MAX_WARNING_TEXT {
            let recorded = self.warnings.len();
            self.warnings.push(Warning { kind: WarningKind::TooManyWarnings(recorded), ..warning });
            self.warnings_full = true;
            return;
        }
        self.warning_text += text;
        self.warnings.push(warning);
    }

    /// Hands over the warnings recorded so far; the budget counts from empty again.
    pub(crate) fn take_warnings(&mut self) -> Vec<Warning> {
        self.warnings_without_href = None;
        self.warning_text = 0;
        self.warnings_full = false;
        // Bounded across takes: a warning before the last point counts from the origin.
        self.located.keep_last();
        std::mem::take(&mut self.warnings)
    }

    /// The error that stopped the machine, if any.
    pub(crate) fn failed(&self) -> Option<&Error> {
        self.failed.as_ref()
    }

    /// True once the document has ended or failed.
    pub(crate) fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Records where the text stops being readable, unless an earlier place is known.
    pub(crate) fn set_cutoff(&mut self, at: usize, kind: ErrorKind) {
        if at < self.cutoff_at {
            self.cutoff = Some((at, kind));
            self.cutoff_at = at;
        }
    }

    /// Says the text the machine sees was transcoded to UTF-8 from the
    /// encoding its XML declaration names.
    pub(crate) fn set_transcoded(&mut self) {
        self.transcoded = true;
    }

    /// Says the front end read UTF-16 from the first bytes (a byte order
    /// mark or `<?`), not from a declared encoding.
    pub(crate) fn set_utf16(&mut self) {
        self.transcoded = true;
        self.utf16 = true;
    }

    /// Moves the place where the text stops being readable with the text,
    /// when a front end drops or moves the text before it.
    pub(crate) fn shift_cutoff(&mut self, by: isize) {
        if let Some((at, _)) = &mut self.cutoff {
            *at = at.wrapping_add_signed(by);
            self.cutoff_at = *at;
        }
    }

    pub(crate) fn origin(&self) -> Origin {
        self.origin
    }

    /// Moves the window: from now on window position `origin.local` is
    /// document offset `origin.offset`.
    pub(crate) fn set_origin(&mut self, origin: Origin) {
        self.origin = origin;
        self.located.clear();
    }

    /// The name of the innermost open element, for
    /// [`Scanner::next_closing`].
    #[inline]
    pub(crate) fn open_name(&self) -> Option<Span> {
        self.open.last().map(|open| open.name)
    }

    /// True when the document is between top-level items, where a front end
    /// may drop the text read so far (but the root start tag).
    pub(crate) fn at_top_level(&self) -> bool {
        self.open.len() <= 1 && !self.in_response
    }

    /// The root start tag while the root is open: the text a window must
    /// keep, since its namespace declarations are in scope everywhere.
    pub(crate) fn root_tag(&self) -> Option<Span> {
        self.root_tag.filter(|_| !self.open.is_empty())
    }

    /// Shifts every span kept outside responses (the root start tag, its
    /// name and namespace declarations) by `by`, when a front end moves that text.
    pub(crate) fn rebase_outer(&mut self, by: isize) {
        let shift = |span: &mut Span| {
            span.start = span.start.wrapping_add_signed(by);
            span.end = span.end.wrapping_add_signed(by);
        };
        if let Some(tag) = &mut self.root_tag {
            shift(tag);
        }
        for open in &mut self.open {
            shift(&mut open.name);
        }
        self.namespaces.shift(shift);
    }

    /// Stops the machine with `error` (returned again by later calls).
    pub(crate) fn fail(&mut self, error: Error) -> Error {
        self.phase = Phase::Done;
        self.failed = Some(error.clone());
        error
    }

    /// Scans `src`, the window, with `scanner` and checks each token until a
    /// response is complete, the document ends, the window ends inside a
    /// token, or (when `yield_at_top_level`) the document is between items.
    /// `at_end` says nothing will be added to the window; `at_eof`, that it
    /// ends the whole input (for errors at the end).
    pub(crate) fn run(
        &mut self,
        scanner: &mut Scanner,
        src: &str,
        at_end: bool,
        at_eof: bool,
        yield_at_top_level: bool,
    ) -> Result<Stop, Error> {
        self.run_from(None, scanner, src, at_end, at_eof, yield_at_top_level)
    }

    /// [`run`](Self::run), when the front end has scanned the first token
    /// itself (so that a window ending inside the next token, as when bytes
    /// are pushed one at a time, costs no call here).
    pub(crate) fn run_after(
        &mut self,
        first: Scanned<'_>,
        scanner: &mut Scanner,
        src: &str,
        at_end: bool,
        at_eof: bool,
        yield_at_top_level: bool,
    ) -> Result<Stop, Error> {
        self.run_from(Some(first), scanner, src, at_end, at_eof, yield_at_top_level)
    }

    /// The loop of [`run`](Self::run), one copy for both entries.
    #[inline(never)]
    fn run_from<'s>(
        &mut self,
        mut first: Option<Scanned<'s>>,
        scanner: &mut Scanner,
        src: &'s str,
        at_end: bool,
        at_eof: bool,
        yield_at_top_level: bool,
    ) -> Result<Stop, Error> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        // One loop for scanner and machine: a token goes from one to the other with no call between.
        loop {
            let scanned = match first.take() {
                Some(scanned) => scanned,
                None => scanner.next_closing(src, at_end, || self.open_name()),
            };
            let mut step = Step { m: self, src };
            let progress = match &scanned {
                // By reference: the token stays where the scanner wrote it.
                Scanned::Token(token, before, after) => {
                    let checked = !step.within_limits(*after);
                    step.token(token, *before, *after, checked)
                }
                // The indentation first, as if read alone (it cannot end an item), then the tag.
                Scanned::Spaced(space, token, before, after) => {
                    // Asked once for both: the tag ends after the indentation, and within the limits the indentation changes nothing they depend on.
                    let checked = !step.within_limits(*after);
                    match step.space(*space, *before, checked) {
                        Ok(()) => step.token(token, *before, *after, checked),
                        Err(error) => Err(error),
                    }
                }
                Scanned::NeedMore if !at_end => return Ok(Stop::NeedMore),
                Scanned::Error(error, before, after) => Err(step.scan_error(*error, *before, *after, at_eof)),
                Scanned::NeedMore => Err(step.scan_error(ScanError::Unclosed, src.len(), src.len(), at_eof)),
            };
            match progress {
                Ok(Progress::Continue) if yield_at_top_level && self.at_top_level() => return Ok(Stop::TopLevel),
                Ok(Progress::Continue) => {}
                Ok(Progress::Response) => return Ok(Stop::Response),
                Ok(Progress::End) => return Ok(Stop::End),
                Err(error) => {
                    self.end_with(error)?;
                    return Ok(Stop::End);
                }
            }
        }
    }

    /// Reports an error found by a front end (limits, I/O, undecodable
    /// bytes) at window position `at`; see [`end_with`](Self::end_with).
    pub(crate) fn fail_at(&mut self, src: &str, kind: ErrorKind, at: usize) -> Result<(), Error> {
        let error = Step { m: self, src }.error(kind, at);
        self.end_with(error)
    }

    /// Start of the current top-level item (a response, a description…), if
    /// one is being read: the response size limit counts from there.
    pub(crate) fn item_start(&self) -> Option<usize> {
        self.item_start
    }
}

/// One event's worth of work: the machine plus the window its positions index.
struct Step<'m, 's> {
    m: &'m mut Machine,
    src: &'s str,
}

impl Step<'_, '_> {
    /// An error at window position `offset`, unless the text became unreadable
    /// before it: errors are reported in document order.
    fn error(&self, kind: ErrorKind, offset: usize) -> Error {
        let origin = &self.m.origin;
        match &self.m.cutoff {
            Some((at, cut)) if *at < offset || kind == ErrorKind::UnexpectedEof => {
                Error::at(cut.clone(), self.src, *at, origin)
            }
            _ => Error::at(kind, self.src, offset, origin),
        }
    }

    /// Records a lenient recovery at window position `at`; `current` names an
    /// element about to open, which is not on the stack yet.
    fn warn(&mut self, kind: WarningKind, at: usize, current: Option<&str>) {
        // Nothing is recorded any more: no position to count, no path to build.
        if self.m.warnings_full {
            return;
        }
        let (offset, line, column) = self.m.located.locate(&self.m.origin, self.src, at);
        let mut path = String::new();
        let mut push = |piece: &str| {
            if path.len() + 1 + piece.len() > MAX_WARNING_PIECE - "/…".len() {
                path.push_str("/…");
                return false;
            }
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(piece);
            true
        };
        let mut whole = true;
        for open in &self.m.open {
            whole = match open.role {
                Role::Multistatus => push("multistatus"),
                Role::Response => push(&format!("response[{}]", self.m.responses)),
                Role::Propstat => push(&format!("propstat[{}]", self.m.response.propstats.len())),
                Role::Kept(_) | Role::Skipped => {
                    let name = open.name.of(self.src);
                    push(name.rsplit(':').next().unwrap_or(name))
                }
            };
            if !whole {
                break;
            }
        }
        if let (true, Some(name)) = (whole, current) {
            push(name);
        }
        // A warning inside a response learns its href when the response ends.
        if self.m.in_response && self.m.warnings_without_href.is_none() {
            self.m.warnings_without_href = Some(self.m.warnings.len());
        }
        self.m.push_warning(Warning { kind, offset, line, column, path, href: None });
    }

    /// The first href of the response being read, once it has been read,
    /// cut to a warning piece: one copy shared by the response's warnings.
    fn first_href(&mut self) -> Option<Arc<str>> {
        let id = *self.m.response.hrefs.first().filter(|_| self.m.in_response)?;
        let text = Element::new(self.src, &self.m.response.tree, id).text();
        let href: Arc<str> = warning_piece(text.trim_ascii()).into();
        self.m.warning_text += href.len();
        Some(href)
    }

    /// Before an event at `before..after`: where the top-level item it may
    /// start begins, and the item's size limit. `closes` for an end tag,
    /// which starts no item.
    #[inline(always)]
    fn begin(&mut self, before: usize, after: usize, closes: bool) -> Result<(), Error> {
        if self.m.open.len() <= 1 && self.m.item_start.is_none() && !closes {
            self.m.item_start = Some(before);
            self.m.item_nodes = 0;
        }
        // Before the event's content: a streaming front end cannot even read
        // an event that takes its item past the limit, so nothing in it can
        // be reported first.
        if let Some(start) = self.m.item_start {
            if after - start > self.m.config.max_response_bytes {
                return Err(self.error(ErrorKind::ResponseTooLarge(self.m.config.max_response_bytes), start));
            }
        }
        Ok(())
    }

    /// After an event that ended at `after`: the cut, and the end of a top-level item.
    #[inline(always)]
    fn finish(&mut self, after: usize) -> Result<(), Error> {
        // Checked after the event, so an error earlier in it is reported first.
        if after > self.m.cutoff_at {
            return Err(self.error(ErrorKind::UnexpectedEof, self.m.cutoff_at));
        }
        if self.m.item_start.is_some() && self.m.open.len() <= 1 {
            self.m.item_start = None;
        }
        Ok(())
    }

    /// The [`Token::Space`] of a [`Scanned::Spaced`]: what [`token`](Self::token)
    /// does with it, without the dispatch.
    #[inline(always)]
    fn space(&mut self, before: usize, after: usize, checked: bool) -> Result<(), Error> {
        if self.m.phase == Phase::Done {
            // The tag after it ends the run.
            return Ok(());
        }
        if checked {
            self.begin(before, after, false)?;
        }
        self.m.events_seen = true;
        self.space_content(&self.src[before..after], before, after)?;
        if checked {
            self.finish(after)?;
        }
        Ok(())
    }

    /// Spaces, tabs and line feeds: nothing to check in them (no `]]>`,
    /// reference, carriage return or forbidden character) but their size.
    #[inline(always)]
    fn space_content(&mut self, space: &str, before: usize, after: usize) -> Result<(), Error> {
        self.check_value_size(space.len(), before)?;
        self.character_data(Span::new(before, after), false, before, true)
    }

    /// `checked` unless [`within_limits`](Self::within_limits)`(after)`.
    #[inline(always)]
    fn token(&mut self, token: &Token<'_>, before: usize, after: usize, checked: bool) -> Result<Progress, Error> {
        if self.m.phase == Phase::Done {
            return Ok(Progress::End);
        }
        if checked {
            // A token that stands for several events begins as the first of them.
            let first_after = match *token {
                Token::Element { content, .. } => before + content.len() + 2,
                // The scanner's text starts with text, not a reference.
                Token::Referenced { text, .. } => before + memchr::memchr(b'&', text.as_bytes()).unwrap_or(text.len()),
                _ => after,
            };
            self.begin(before, first_after, matches!(token, Token::End(_) | Token::EndOfOpen | Token::Eof))?;
        }
        let first_event = !self.m.events_seen;
        self.m.events_seen = true;
        let progress = match *token {
            Token::Start { content, empty: false, name } => {
                self.start_element(content, name, before, after)?;
                Progress::Continue
            }
            Token::Start { content, empty: true, name } => {
                self.start_element(content, name, before, after)?;
                self.end_matched(before, after)?
            }
            Token::Element { content, name, text } => self.element(content, name, text, before, after, checked)?,
            Token::Referenced { text, decodable } => {
                self.referenced(text, decodable, before, checked)?;
                Progress::Continue
            }
            Token::End(name) => self.end_element(name, before, after)?,
            Token::EndOfOpen => self.end_matched(before, after)?,
            Token::Space(space) => {
                self.space_content(space, before, after)?;
                Progress::Continue
            }
            Token::Text(text) => {
                self.text(text, before)?;
                Progress::Continue
            }
            // Rarer markup, each kind read by a handler out of the loop: a smaller loop runs faster (about 4 % on a 1.2 kB body).
            Token::CData(cdata) => self.cdata(cdata, before, after)?,
            Token::Reference(reference) => {
                self.reference(reference, before)?;
                Progress::Continue
            }
            Token::Comment(comment) => self.comment(comment, before)?,
            Token::Pi(content) => self.pi(content, before)?,
            Token::Declaration => self.xml_declaration(first_event, before, after)?,
            Token::Doctype(doctype) => return Err(self.doctype(doctype, before)),
            Token::Eof => self.eof()?,
        };
        if checked {
            self.finish(after)?;
        }
        Ok(progress)
    }

    /// [`Token::CData`] at `before..after`: its content is character data.
    #[inline(never)]
    fn cdata(&mut self, cdata: &str, before: usize, after: usize) -> Result<Progress, Error> {
        let content = Span::new(before + 9, after - 3);
        self.check_value_size(cdata.len(), before)?;
        if self.m.config.lenient {
            self.control_characters(cdata, before + 9);
        }
        self.character_data(content, memchr::memchr(b'\r', cdata.as_bytes()).is_some(), before, false)?;
        Ok(Progress::Continue)
    }

    /// [`Token::Comment`] at `before`.
    #[inline(never)]
    fn comment(&self, comment: &str, before: usize) -> Result<Progress, Error> {
        // XML 1.0 §2.5: `--->` is not a comment end.
        if comment.ends_with('-') {
            return Err(self.error(ErrorKind::Syntax("`-` before `-->` ends a comment".into()), before));
        }
        Ok(Progress::Continue)
    }

    /// [`Token::Pi`] at `before`, `content` after its `<?`.
    #[inline(never)]
    fn pi(&self, content: &str, before: usize) -> Result<Progress, Error> {
        let target = &content[..name_len(content)];
        // Namespaces in XML 1.0 §7: a PI target is a Name without a colon.
        if !is_ncname(target) {
            return Err(self.error(ErrorKind::InvalidName(target.into()), before + 2));
        }
        if target.eq_ignore_ascii_case("xml") {
            let message = format!("processing instruction target `{target}` is reserved");
            return Err(self.error(ErrorKind::Syntax(message), before));
        }
        Ok(Progress::Continue)
    }

    /// [`Token::Declaration`] at `before..after`, allowed as the `first_event` only.
    #[inline(never)]
    fn xml_declaration(&self, first_event: bool, before: usize, after: usize) -> Result<Progress, Error> {
        if !first_event {
            let message = "xml declaration is only allowed at the very start".into();
            return Err(self.error(ErrorKind::Syntax(message), before));
        }
        self.declaration(Span::new(before, after).of(self.src), before)?;
        Ok(Progress::Continue)
    }

    /// The error of [`Token::Doctype`] at `before`: this crate reads no DTD.
    #[inline(never)]
    fn doctype(&self, doctype: &str, before: usize) -> Error {
        // `<!DOCTYPE html>` starts the error page of a proxy or a login redirect.
        let kind = if is_html_doctype(doctype) { ErrorKind::HtmlPage } else { ErrorKind::DoctypeNotAllowed };
        self.error(kind, before)
    }

    /// [`Token::Eof`]: the end of the input, which ends the document after the root only.
    #[inline(never)]
    fn eof(&mut self) -> Result<Progress, Error> {
        if let Some((at, _)) = &self.m.cutoff {
            return Err(self.error(ErrorKind::UnexpectedEof, *at));
        }
        match self.m.phase {
            Phase::BeforeRoot => Err(self.error(ErrorKind::NoRootElement, self.src.len())),
            Phase::InRoot => Err(self.error(ErrorKind::UnexpectedEof, self.src.len())),
            Phase::AfterRoot | Phase::Done => {
                self.m.phase = Phase::Done;
                Ok(Progress::End)
            }
        }
    }

    /// Whether every check [`begin`](Self::begin) and [`finish`](Self::finish)
    /// make for the events of a token ending at `after` must pass: inside a
    /// response's child (no event of the token can end the item), with the
    /// item within its size limit and the token before the cut, as each of
    /// its events ends no later than it does.
    #[inline(always)]
    fn within_limits(&self, after: usize) -> bool {
        self.m.open.len() > 2
            && after <= self.m.cutoff_at
            && self.m.item_start.is_some_and(|start| after - start <= self.m.config.max_response_bytes)
    }

    /// [`Token::Element`] at `before..after`: the start tag, text and end
    /// tag it stands for, each begun and finished as if read alone (the
    /// start tag begun and the end tag finished by [`token`](Self::token)).
    #[inline(always)]
    fn element(
        &mut self,
        content: &str,
        name: TagName<'_>,
        text: &str,
        before: usize,
        after: usize,
        checked: bool,
    ) -> Result<Progress, Error> {
        let text_start = before + content.len() + 2;
        let text_end = text_start + text.len();
        self.start_element(content, name, before, text_start)?;
        if checked {
            self.finish(text_start)?;
        }
        if !text.is_empty() {
            if checked {
                self.begin(text_start, text_end, false)?;
            }
            self.text(text, text_start)?;
            if checked {
                self.finish(text_end)?;
            }
        }
        if checked {
            self.begin(text_end, after, true)?;
        }
        self.end_matched(text_end, after)
    }

    /// [`Token::Referenced`] at `before`: its pieces of text and its
    /// references, each begun and finished as if read alone (the first
    /// begun and the last finished by [`token`](Self::token)).
    #[inline(never)]
    fn referenced(&mut self, text: &str, decodable: bool, before: usize, checked: bool) -> Result<(), Error> {
        if !checked && self.referenced_without_events(text, decodable) {
            return Ok(());
        }
        let mut at = before;
        let mut rest = text;
        while !rest.is_empty() {
            // Every `&` starts a reference that ends at the next `;` (the scanner saw to it).
            let (len, is_reference) = match memchr::memchr(b'&', rest.as_bytes()) {
                Some(0) => match memchr::memchr(b';', rest.as_bytes()) {
                    Some(semicolon) => (semicolon + 1, true),
                    None => (rest.len(), false),
                },
                Some(amp) => (amp, false),
                None => (rest.len(), false),
            };
            if at > before && checked {
                self.begin(at, at + len, false)?;
            }
            if is_reference {
                self.reference(&rest[1..len - 1], at)?;
            } else {
                self.text(&rest[..len], at)?;
            }
            at += len;
            rest = &rest[len..];
            if !rest.is_empty() && checked {
                self.finish(at)?;
            }
        }
        Ok(())
    }

    /// [`referenced`](Self::referenced) as a whole, when nothing in it is
    /// wrong: `false` (and nothing done) when anything is, so that the
    /// events one by one find the first thing wrong, in document order.
    /// Only for a token no check between its events can stop
    /// ([`within_limits`](Self::within_limits)): escaped calendar data is
    /// thousands of pieces a body, each an event.
    fn referenced_without_events(&mut self, text: &str, decodable: bool) -> bool {
        // The scanner decoded every reference as it found it: one that does not decode is an error, found piece by piece.
        if !decodable {
            return false;
        }
        // No piece is longer than the whole; lenient warnings are per piece.
        if text.len() > self.m.config.max_value_bytes || (self.m.config.lenient && has_control_chars(text)) {
            return false;
        }
        let bytes = text.as_bytes();
        // XML 1.0 §2.4: a `]]>` is in one piece of text if anywhere, as references hold no `]` or `>`.
        if memchr::memchr(b'>', bytes).is_some() && memchr::memmem::find(bytes, b"]]>").is_some() {
            return false;
        }
        // What its pieces and references make of the text of the element they are in.
        match self.m.open.last() {
            Some(Open { role: Role::Kept(id), .. }) => {
                let id = *id;
                self.tree().nodes[id as usize].text = crate::text::TextState::Complex;
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    /// What markup the scanner could not read means: a cut at the end of
    /// the input, or an error. `before..after` is the markup.
    fn scan_error(&self, error: ScanError, before: usize, after: usize, at_eof: bool) -> Error {
        let rest = self.src.get(before + 1..).unwrap_or("");
        let (kind, at) = match error {
            ScanError::Unclosed => (ErrorKind::UnexpectedEof, before),
            ScanError::InvalidBang => {
                // `<!` at the end of input may still become a comment; not
                // when the bytes of an unfinished UTF-8 sequence follow it.
                let rest = &rest[1..];
                let bytes_follow = self.m.cutoff.as_ref().is_some_and(|(cut, _)| *cut == self.src.len());
                if at_eof && !bytes_follow && ["--", "[CDATA[", "DOCTYPE"].iter().any(|token| token.starts_with(rest)) {
                    (ErrorKind::UnexpectedEof, before)
                } else {
                    (ErrorKind::Syntax(INVALID_BANG.into()), before)
                }
            }
            // Reported at the `>` that closed it: every front end has read that far.
            ScanError::Malformed(message) => (ErrorKind::Syntax(message.into()), after - 1),
            ScanError::DoubleHyphen(at) => (ErrorKind::Syntax("`--` is not allowed inside a comment".into()), at),
            ScanError::UnclosedReference if self.m.open.is_empty() => (ErrorKind::TextOutsideRoot, before),
            ScanError::UnclosedReference => {
                // A reference still open at the end of input is a cut, not a typo.
                if at_eof && could_start_reference(rest) {
                    (ErrorKind::UnexpectedEof, before)
                } else {
                    (ErrorKind::Syntax("`&` starts no reference (write `&amp;`)".into()), before)
                }
            }
        };
        self.error(kind, at)
    }

    /// XML 1.0 §2.8 `XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'`:
    /// in that order, each after whitespace, version 1.x, an encoding name,
    /// standalone `yes` or `no`; the encoding UTF-8 unless the front end
    /// transcoded the body from the declared one. `decl` is the whole `<?xml…?>`.
    fn declaration(&self, decl: &str, at: usize) -> Result<(), Error> {
        let encoding = match crate::encoding::common_declaration(decl) {
            Some(encoding) => encoding,
            None => self.declared_encoding(decl, at)?,
        };
        // A front end that transcoded the body (or was given text) has
        // applied this label already.
        match encoding {
            Some(label) if !self.m.transcoded && !crate::encoding::is_utf8_label(label.as_bytes()) => {
                Err(self.error(ErrorKind::UnsupportedEncoding(label.to_owned()), at))
            }
            // XML 1.0 §4.3.3: a body in another encoding than it declares is an error.
            Some(label) if self.m.utf16 && !crate::encoding::is_utf16_label(label.as_bytes()) => {
                let message = format!("xml declaration: encoding `{label}` declared in a utf-16 body");
                Err(self.error(ErrorKind::Syntax(message), at))
            }
            _ => Ok(()),
        }
    }

    /// The pseudo-attributes of an XML declaration checked (XML 1.0 §2.8
    /// `XMLDecl`): the encoding it declares, if any.
    fn declared_encoding<'d>(&self, decl: &'d str, at: usize) -> Result<Option<&'d str>, Error> {
        let syntax = |message: &str| self.error(ErrorKind::Syntax(format!("xml declaration: {message}")), at);
        let mut rest = decl.strip_prefix("<?xml").and_then(|d| d.strip_suffix("?>")).unwrap_or("");
        let mut seen = 0;
        let mut encoding = None;
        loop {
            let trimmed = rest.trim_start_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
            if trimmed.is_empty() {
                break;
            }
            if trimmed.len() == rest.len() {
                return Err(syntax("pseudo-attributes must be separated by whitespace"));
            }
            let (name, after) = trimmed.split_once('=').ok_or_else(|| syntax("expected `name=\"value\"`"))?;
            let name = name.trim_end_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
            let after = after.trim_start_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
            let quote =
                after.chars().next().filter(|q| matches!(q, '"' | '\'')).ok_or_else(|| syntax("unquoted value"))?;
            let (value, tail) = after[1..].split_once(quote).ok_or_else(|| syntax("unclosed value"))?;
            let order = match name {
                "version" => 1,
                "encoding" => 2,
                "standalone" => 3,
                _ => return Err(syntax(&format!("unknown pseudo-attribute `{name}`"))),
            };
            if order <= seen || (seen == 0 && order != 1) {
                return Err(syntax("version, encoding and standalone must come once each, in that order"));
            }
            seen = order;
            let valid = match order {
                1 => value
                    .strip_prefix("1.")
                    .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())),
                2 => {
                    value.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
                }
                _ => matches!(value, "yes" | "no"),
            };
            if !valid {
                return Err(syntax(&format!("invalid {name} `{value}`")));
            }
            if order == 2 {
                encoding = Some(value);
            }
            rest = tail;
        }
        if seen == 0 {
            return Err(self.error(ErrorKind::Syntax("xml declaration needs `version=\"1.0\"`".into()), at));
        }
        Ok(encoding)
    }

    fn tree(&mut self) -> &mut Tree {
        if self.m.in_response {
            &mut self.m.response.tree
        } else {
            &mut self.m.document.tree
        }
    }

    /// Finds the namespace bound to `prefix` (empty: the default namespace).
    #[inline(always)]
    fn lookup(&self, prefix: &str) -> Option<&Binding> {
        self.m.namespaces.lookup(self.src, prefix)
    }

    /// A start tag (or `<x/>`): names, attributes and namespace declarations
    /// checked, then its role decided and, if kept, stored.
    fn start_element(&mut self, tag: &str, name: TagName<'_>, start: usize, after: usize) -> Result<(), Error> {
        if self.m.open.is_empty() && self.m.phase == Phase::AfterRoot {
            return Err(self.error(ErrorKind::ElementAfterRoot, start));
        }
        self.count_node(start)?;
        let content_start = start + 1;
        let (name_len, split) = name;
        let qname = &tag[..name_len];
        let Some((prefix, local)) = split else {
            return Err(self.error(ErrorKind::InvalidName(qname.into()), content_start));
        };
        if prefix == "xmlns" {
            return Err(self.error(ErrorKind::InvalidName(qname.into()), content_start));
        }
        let ns_mark = self.m.namespaces.len();
        // Most tags on the wire have no attributes: nothing to read, declare or resolve.
        let has_attributes = tag.len() > name_len;
        if has_attributes {
            self.attributes(tag, content_start, name_len, ns_mark)?;
        } else {
            self.m.attrs.clear();
        }
        let (ns, is_dav) = match self.lookup(prefix) {
            Some(binding) if binding.ns == Ns::NONE && self.m.no_namespace => (Ns::DAV, true),
            Some(binding) => (binding.ns, binding.is_dav),
            None if self.m.config.lenient => {
                self.undeclared_prefix(prefix, local, content_start);
                (Ns::DAV, true)
            }
            None => return Err(self.error(ErrorKind::UndeclaredPrefix(prefix.into()), content_start)),
        };
        if self.m.open.len() >= self.m.config.max_depth {
            return Err(self.error(ErrorKind::DepthLimitExceeded(self.m.config.max_depth), start));
        }

        let name = Span::new(content_start, content_start + qname.len());
        // What a kept element's node holds, written once; its attributes come after its role.
        let node = Node {
            name,
            prefix_len: if prefix.is_empty() { 0 } else { prefix.len() + 1 },
            ns,
            start,
            inner: Span::new(after, after),
            attrs: (0, 0),
            first_child: None,
            next_sibling: None,
            child_count: 0,
            text: crate::text::TextState::Empty,
        };
        let parent = self.m.open.last().map(|open| open.role);
        let role = match grammar::child(parent, is_dav, local) {
            child @ (Child::Root | Child::OtherRoot) => self.root(child, ns, local, start, after)?,
            Child::Response => {
                if self.m.responses >= self.m.config.max_responses {
                    return Err(self.error(ErrorKind::TooManyResponses(self.m.config.max_responses), start));
                }
                self.m.responses += 1;
                self.m.in_response = true;
                self.m.response.clear();
                self.m.response.start = start;
                self.m.response.tree.strip_controls = self.m.config.lenient && self.m.config.strip_control_characters;
                // Offsets of views are window positions plus this.
                self.m.response.tree.base = self.m.origin.offset.wrapping_sub(self.m.origin.local);
                Role::Response
            }
            Child::Href => {
                let id = self.keep(node);
                self.m.response.hrefs.push(id);
                Role::Kept(id)
            }
            Child::Propstat => {
                let props = self.m.response.props.len() as u32;
                self.m.response.propstats.push(PropstatData {
                    start,
                    props: (props, props),
                    ..PropstatData::default()
                });
                Role::Propstat
            }
            Child::Prop => Role::Kept(self.keep_prop(node)),
            Child::Once(slot) => self.keep_once(slot, node),
            Child::Value(parent) => Role::Kept(self.keep_child(parent, node)),
            Child::Skipped => Role::Skipped,
        };
        // Declarations only (a response's `xmlns:lp1`): nothing to resolve or keep.
        if self.m.attrs.iter().any(|attr| !attr.declaration) {
            match role {
                Role::Kept(id) => self.keep_attributes(id)?,
                _ => self.resolve_attributes()?,
            }
        }
        self.m.open.push(Open { role, name, ns_mark, last_child: None });
        Ok(())
    }

    /// The root start tag, `child` of no parent: a `DAV:` multistatus, or
    /// when a lenient parse takes it, a multistatus in no namespace
    /// (unqualified names then mean `DAV:`). Once a document: out of line.
    #[inline(never)]
    fn root(&mut self, child: Child, ns: Ns, local: &str, start: usize, after: usize) -> Result<Role, Error> {
        // Before the root only: `start_element` has rejected an element after it.
        if child != Child::Root {
            // Lenient: a multistatus in no namespace is read as if in `DAV:`.
            if self.m.config.lenient && ns == Ns::NONE && local == "multistatus" {
                self.warn(WarningKind::NoNamespace, start, Some(local));
                self.m.no_namespace = true;
            } else if local.eq_ignore_ascii_case("html") && is_html_namespace(&ns.resolve(self.src)) {
                return Err(self.error(ErrorKind::HtmlPage, start));
            } else {
                let name = format!("{{{}}}{local}", ns.resolve(self.src));
                return Err(self.error(ErrorKind::NotMultistatus(name), start));
            }
        }
        self.m.phase = Phase::InRoot;
        self.m.root_tag = Some(Span::new(start, after));
        Ok(Role::Multistatus)
    }

    /// Lenient: an element's prefix is declared nowhere; warned once per prefix,
    /// as a forgotten declaration affects every name using it.
    #[inline(never)]
    fn undeclared_prefix(&mut self, prefix: &str, local: &str, content_start: usize) {
        if !self.m.warnings_full && !self.m.undeclared_prefixes.contains(prefix) {
            self.m.undeclared_prefixes.insert(prefix.into());
            self.m.warning_text += prefix.len();
            self.warn(WarningKind::UndeclaredPrefix(prefix.into()), content_start, Some(local));
        }
    }

    /// Parses the attributes of a start tag into `self.m.attrs` (XML 1.0 §3.1),
    /// rejecting bad syntax, `<` in values, bad references and duplicates.
    fn read_attributes(&mut self, tag: &str, content_start: usize, name_len: usize) -> Result<(), Error> {
        self.m.attrs.clear();
        let bytes = tag.as_bytes();
        let mut i = name_len;
        let syntax =
            |this: &Self, message: &str, at: usize| this.error(ErrorKind::Syntax(message.into()), content_start + at);
        loop {
            let ws_start = i;
            while i < bytes.len() && is_xml_space(bytes[i]) {
                i += 1;
            }
            if i == bytes.len() {
                return Ok(());
            }
            if i == ws_start {
                return Err(syntax(self, "attributes must be separated by whitespace", i));
            }
            let name_start = i;
            self.count_node(content_start + name_start)?;
            // The name, classified as it is skipped over (as the scanner reads a tag name): one pass.
            let (mut flags, mut colons, mut colon) = (0u8, 0usize, 0usize);
            while let Some(&b) = bytes.get(i) {
                let class = name_class(b);
                if class & (NOT_NAME | COLON) != 0 {
                    if b == b'=' || class & SPACE == SPACE {
                        break;
                    }
                    if class & COLON != 0 {
                        colons += 1;
                        colon = i - name_start;
                    }
                }
                flags |= class;
                i += 1;
            }
            let name = &tag[name_start..i];
            let Some((prefix, local)) = split_classified(name, flags, colons, colon) else {
                return Err(self.error(ErrorKind::InvalidName(name.into()), content_start + name_start));
            };
            while i < bytes.len() && is_xml_space(bytes[i]) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                return Err(syntax(self, "attribute without `=` and a quoted value", name_start));
            }
            i += 1;
            while i < bytes.len() && is_xml_space(bytes[i]) {
                i += 1;
            }
            let quote = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return Err(syntax(self, "attribute value must be quoted", i)),
            };
            let value_start = i + 1;
            // Up to the closing quote, noting on the way what the value holds.
            let mut end = value_start;
            let mut value_flags = 0u8;
            while let Some(&b) = bytes.get(end) {
                if b == quote {
                    break;
                }
                value_flags |= value_class(b);
                end += 1;
            }
            if end == bytes.len() {
                return Err(syntax(self, "attribute value is not closed", i));
            }
            let value = &tag[value_start..end];
            self.check_attribute_value(value, content_start + value_start, value_flags & VALUE_MARKUP != 0)?;
            i = end + 1;
            let at = content_start + name_start;
            let name_span = Span::new(at, at + name.len());
            let (attrs, src) = (&self.m.attrs, self.src);
            let key = |j: usize| if j == attrs.len() { name } else { attrs[j].name.of(src) };
            if self.m.seen_attrs.repeats(attrs.len(), key, |j| attrs[j].name.of(src) == name) {
                return Err(self.error(ErrorKind::DuplicateAttribute(name.into()), at));
            }
            let prefix_len = if prefix.is_empty() { 0 } else { prefix.len() + 1 };
            let value = Span::new(content_start + value_start, content_start + end);
            // Namespaces in XML 1.0 §3: `xmlns` and `xmlns:prefix` declare; they are no attributes of the element.
            let declaration = if prefix.is_empty() { local == "xmlns" } else { prefix == "xmlns" };
            let normalized = value_flags & VALUE_NORMALIZED != 0;
            self.m.attrs.push(RawAttr { name: name_span, prefix_len, value, at, declaration, normalized });
        }
    }

    /// [`Config::max_response_nodes`]: one more element or attribute, at `at`.
    #[inline]
    fn count_node(&mut self, at: usize) -> Result<(), Error> {
        self.m.item_nodes += 1;
        if self.m.item_nodes > self.m.config.max_response_nodes {
            return Err(self.error(ErrorKind::TooManyNodes(self.m.config.max_response_nodes), at));
        }
        Ok(())
    }

    /// [`Config::max_value_bytes`]: one text run, CDATA section or attribute value.
    fn check_value_size(&self, len: usize, at: usize) -> Result<(), Error> {
        let limit = self.m.config.max_value_bytes;
        if len > limit {
            return Err(self.error(ErrorKind::ValueTooLarge(limit), at));
        }
        Ok(())
    }

    /// XML 1.0 §3.1: no `<` in attribute values; references must be defined.
    /// `markup` when the value holds a `<` or an `&`, as most (namespace URIs) do not.
    fn check_attribute_value(&mut self, value: &str, value_start: usize, markup: bool) -> Result<(), Error> {
        self.check_value_size(value.len(), value_start)?;
        if let Some(lt) = markup.then(|| value.find('<')).flatten() {
            return Err(
                self.error(ErrorKind::Syntax("`<` is not allowed in an attribute value".into()), value_start + lt)
            );
        }
        if self.m.config.lenient && has_control_chars(value) {
            self.warn(WarningKind::ControlCharacters { stripped: false }, value_start, None);
        }
        if !markup {
            return Ok(());
        }
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            let at = value_start + (value.len() - rest.len()) + amp;
            let after = &rest[amp + 1..];
            let Some(semicolon) = after.find(';') else {
                if self.m.config.lenient {
                    self.warn(WarningKind::LiteralAmpersand, at, None);
                    rest = after;
                    continue;
                }
                return Err(self.error(ErrorKind::Syntax("`&` starts no reference (write `&amp;`)".into()), at));
            };
            if !self.reference_kept_literally(&after[..semicolon], at)? {
                rest = &after[semicolon + 1..];
            } else {
                rest = after;
            }
        }
        Ok(())
    }

    /// Checks a reference; in lenient mode one that is not valid is kept as
    /// literal text with a warning (`Ok(true)`). Invalid character
    /// references stay errors: they name a character that cannot be.
    fn reference_kept_literally(&mut self, name: &str, at: usize) -> Result<bool, Error> {
        // The kind first, located only if it is an error: a lenient parse
        // recovers from thousands, and locating each cost a count.
        let Some(kind) = reference_error(name) else { return Ok(false) };
        if self.m.config.lenient && !matches!(kind, ErrorKind::InvalidCharReference(_)) {
            let warning = match kind {
                ErrorKind::UndefinedEntity(name) => WarningKind::UnknownEntity(name),
                _ => WarningKind::LiteralAmpersand,
            };
            self.warn(warning, at, None);
            return Ok(true);
        }
        Err(self.error(kind, at))
    }

    /// Pushes the bindings of this tag's `xmlns` attributes (Namespaces in XML 1.0 §3).
    fn declare_namespaces(&mut self) -> Result<(), Error> {
        let mut declared = 0;
        for index in 0..self.m.attrs.len() {
            let attr = self.m.attrs[index];
            if !attr.declaration {
                continue;
            }
            // `xmlns` declares the default namespace, `xmlns:p` the prefix after the colon.
            let prefix = if attr.prefix_len == 0 {
                Span::new(attr.name.end, attr.name.end)
            } else {
                Span::new(attr.name.start + attr.prefix_len, attr.name.end)
            };
            declared += 1;
            if declared > self.m.config.max_namespace_declarations {
                let limit = self.m.config.max_namespace_declarations;
                return Err(self.error(ErrorKind::TooManyNamespaceDeclarations(limit), attr.at));
            }
            let ns = Ns::uri(attr.value, attr.normalized);
            let uri = ns.resolve(self.src);
            let prefix_name = prefix.of(self.src);
            let invalid = |m: String| self.error(ErrorKind::InvalidNamespaceDeclaration(m), attr.at);
            match prefix_name {
                "xmlns" => return Err(invalid("the `xmlns` prefix cannot be declared".into())),
                "xml" if uri == XML_NAMESPACE => continue,
                "xml" => return Err(invalid("the `xml` prefix cannot be rebound".into())),
                _ if uri == XML_NAMESPACE || uri == XMLNS_NAMESPACE => {
                    return Err(invalid(format!("`{uri}` cannot be bound to another prefix")))
                }
                "" if uri.is_empty() => {
                    self.push_binding(Binding::new(prefix, prefix_name, Ns::NONE, false));
                    continue;
                }
                _ if uri.is_empty() => {
                    return Err(invalid(format!("prefix `{prefix_name}` cannot be bound to an empty namespace")))
                }
                _ => {}
            }
            if uri == "DAV" && self.m.config.lenient {
                self.warn(WarningKind::DavWithoutColon, attr.at, None);
                self.push_binding(Binding::new(prefix, prefix_name, Ns::DAV, true));
                continue;
            }
            let is_dav = uri == DAV;
            self.push_binding(Binding::new(prefix, prefix_name, ns, is_dav));
        }
        Ok(())
    }

    /// Reads the attributes of a start tag and declares its namespaces
    /// (from `ns_mark` on), or declares again what the same text declared
    /// last time.
    #[inline(never)]
    fn attributes(&mut self, tag: &str, content_start: usize, name_len: usize, ns_mark: usize) -> Result<(), Error> {
        let attributes = &tag[name_len..];
        let attributes_at = content_start + name_len;
        if self.declare_again(attributes, attributes_at) {
            return Ok(());
        }
        let warnings = (self.m.warnings.len(), self.m.warnings_full);
        self.read_attributes(tag, content_start, name_len)?;
        self.declare_namespaces()?;
        // Not the root's: read once a document anyway.
        if !self.m.open.is_empty() && warnings == (self.m.warnings.len(), self.m.warnings_full) {
            self.remember_declarations(attributes, attributes_at, ns_mark);
        }
        Ok(())
    }

    /// Declares again what the same attribute text at `at` declared last
    /// time ([`Declarations`]), counting its attributes toward the node
    /// limit; false when the text differs, or the limit would be passed
    /// (then the text is read, to report it where it is).
    #[inline]
    fn declare_again(&mut self, attributes: &str, at: usize) -> bool {
        let remembered = &self.m.declarations;
        if remembered.text.len() != attributes.len()
            || remembered.text != attributes
            || self.m.item_nodes + remembered.count > self.m.config.max_response_nodes
        {
            return false;
        }
        self.m.item_nodes += remembered.count;
        self.m.attrs.clear();
        for &binding in &remembered.bindings {
            self.m.namespaces.push(self.src, binding.shifted(at as isize));
        }
        true
    }

    /// Remembers the attribute text at `at` of a start tag just read
    /// without a warning, when it held namespace declarations only, and
    /// what they declared (the bindings pushed since `mark`).
    fn remember_declarations(&mut self, attributes: &str, at: usize, mark: usize) {
        let Machine { declarations, attrs, namespaces, .. } = &mut *self.m;
        // Past the few, duplicate checks keep state of their own.
        if attrs.len() >= FEW_ATTRIBUTES || attrs.iter().any(|attr| !attr.declaration) {
            return;
        }
        declarations.text.clear();
        declarations.text.push_str(attributes);
        declarations.count = attrs.len();
        declarations.bindings.clear();
        declarations.bindings.extend(namespaces.since(mark).iter().map(|binding| binding.shifted(-(at as isize))));
    }

    fn push_binding(&mut self, binding: Binding) {
        self.m.namespaces.push(self.src, binding);
    }

    /// Resolves the prefixes of non-declaration attributes, rejecting two
    /// with the same namespace and local name (Namespaces in XML 1.0 §6.3).
    fn resolve_attribute(&self, attr: &RawAttr) -> Result<Option<Attr>, Error> {
        if attr.declaration {
            return Ok(None);
        }
        let name = attr.name.of(self.src);
        let ns = if attr.prefix_len == 0 {
            Ns::NONE
        } else {
            let prefix = &name[..attr.prefix_len - 1];
            match self.lookup(prefix) {
                Some(binding) => binding.ns,
                None => return Err(self.error(ErrorKind::UndeclaredPrefix(prefix.into()), attr.at)),
            }
        };
        Ok(Some(Attr { name: attr.name, prefix_len: attr.prefix_len, ns, value: attr.value }))
    }

    /// Resolves the current tag's attributes into `resolved_attrs`,
    /// rejecting two with the same namespace and local name (Namespaces in
    /// XML 1.0 §6.3; unprefixed ones differ by name already, XML 1.0 §3.1).
    fn resolve_attributes(&mut self) -> Result<(), Error> {
        self.m.resolved_attrs.clear();
        if self.m.attrs.is_empty() {
            return Ok(());
        }
        for index in 0..self.m.attrs.len() {
            let raw = self.m.attrs[index];
            let Some(attr) = self.resolve_attribute(&raw)? else { continue };
            let src = self.src;
            let m = &mut *self.m;
            let resolved = &m.resolved_attrs;
            let key = |j: usize| {
                let attr = if j == resolved.len() { &attr } else { &resolved[j] };
                (&attr.name.of(src)[attr.prefix_len..], attr.ns.resolve(src))
            };
            let local = &attr.name.of(src)[attr.prefix_len..];
            let same = |j: usize| {
                let other = &resolved[j];
                other.prefix_len > 0
                    && attr.prefix_len > 0
                    && &other.name.of(src)[other.prefix_len..] == local
                    && other.ns.resolve(src) == attr.ns.resolve(src)
            };
            if m.seen_attrs.repeats(resolved.len(), key, same) {
                return Err(self.error(ErrorKind::DuplicateAttribute(attr.name.of(src).into()), raw.at));
            }
            self.m.resolved_attrs.push(attr);
        }
        Ok(())
    }

    /// Appends the node of a kept element. Inlined, as every `keep_*` is: the
    /// node's fields stay in registers until they are written where they go
    /// (built on the stack and copied, it is read back wider than it was
    /// written, a store-forwarding stall).
    #[inline(always)]
    fn keep(&mut self, node: Node) -> u32 {
        let tree = self.tree();
        let id = tree.nodes.len() as u32;
        tree.nodes.push(node);
        id
    }

    /// Keeps a child of the kept element `parent`, linked after its siblings.
    #[inline(always)]
    fn keep_child(&mut self, parent: u32, node: Node) -> u32 {
        let id = self.keep(node);
        let previous = self.m.open.last_mut().and_then(|open| open.last_child.replace(id));
        let tree = self.tree();
        match previous {
            Some(previous) => tree.nodes[previous as usize].next_sibling = Some(id),
            None => tree.nodes[parent as usize].first_child = Some(id),
        }
        tree.nodes[parent as usize].child_count += 1;
        id
    }

    /// Keeps a `DAV:prop`; RFC 4918 §14.22 allows one per propstat, but the
    /// properties of several (PyWebDAV3) are all kept, in document order.
    #[inline(always)]
    fn keep_prop(&mut self, node: Node) -> u32 {
        let start = node.start;
        let id = self.keep(node);
        let response = &mut self.m.response;
        response.props.push(id);
        let propstat = response.propstats.last_mut().expect("a propstat is open");
        propstat.props.1 += 1;
        if propstat.props.1 - propstat.props.0 == 2 {
            self.warn(WarningKind::SeveralProps, start, Some("prop"));
        }
        id
    }

    /// Keeps an element that may appear only once in its parent; a repeat
    /// is reported and skipped, so the first stays the one read.
    #[inline(always)]
    fn keep_once(&mut self, slot: Slot, node: Node) -> Role {
        let start = node.start;
        let place = match slot {
            Slot::DocumentDescription => &mut self.m.document.description_node,
            Slot::SyncToken => &mut self.m.document.sync_token_node,
            Slot::ResponseStatus => &mut self.m.response.status.node,
            Slot::ResponseError => &mut self.m.response.error,
            Slot::ResponseDescription => &mut self.m.response.description,
            Slot::Location => &mut self.m.response.location,
            Slot::PropstatStatus | Slot::PropstatError | Slot::PropstatDescription => {
                let propstat = self.m.response.propstats.last_mut().expect("a propstat is open");
                match slot {
                    Slot::PropstatStatus => &mut propstat.status.node,
                    Slot::PropstatError => &mut propstat.error,
                    _ => &mut propstat.description,
                }
            }
        };
        if place.is_some() {
            let name = slot.name();
            self.warn(WarningKind::DuplicateElement(name), start, name.rsplit('/').next());
            return Role::Skipped;
        }
        let id =
            if self.m.in_response { self.m.response.tree.nodes.len() } else { self.m.document.tree.nodes.len() } as u32;
        *place = Some(id);
        Role::Kept(self.keep(node))
    }

    /// Resolves the attributes of kept node `id` and keeps them with it.
    fn keep_attributes(&mut self, id: u32) -> Result<(), Error> {
        self.resolve_attributes()?;
        let Machine { in_response, response, document, resolved_attrs, .. } = &mut *self.m;
        let tree = if *in_response { &mut response.tree } else { &mut document.tree };
        let first = tree.attrs.len() as u32;
        tree.attrs.extend_from_slice(resolved_attrs);
        tree.nodes[id as usize].attrs = (first, tree.attrs.len() as u32);
        Ok(())
    }

    /// An end tag (or the end of `<x/>`): closes scopes, finishes kept text,
    /// and checks RFC 4918 §14 structure. `Ok(true)` when a response ended.
    fn end_element(&mut self, name: &str, before: usize, after: usize) -> Result<Progress, Error> {
        let Some(open) = self.m.open.pop() else {
            return Err(self.error(ErrorKind::UnmatchedEndTag(name.into()), before));
        };
        // XML 1.0 §3 element type match: end tags repeat the start tag's name as written.
        let expected = open.name.of(self.src);
        if !same_name(name.as_bytes(), expected.as_bytes()) {
            let kind = ErrorKind::MismatchedEndTag { expected: expected.into(), found: name.into() };
            return Err(self.error(kind, before));
        }
        self.close(open, before, after)
    }

    /// The end of the innermost open element where the scanner matched its
    /// end tag ([`Token::EndOfOpen`], [`Token::Element`]) or there is none
    /// (`<x/>`): no name to compare.
    #[inline(always)]
    fn end_matched(&mut self, before: usize, after: usize) -> Result<Progress, Error> {
        match self.m.open.pop() {
            Some(open) => self.close(open, before, after),
            None => Err(self.error(ErrorKind::UnmatchedEndTag(String::new()), before)),
        }
    }

    /// Closes `open`, the element an end tag at `before..after` ended.
    fn close(&mut self, open: Open, before: usize, after: usize) -> Result<Progress, Error> {
        self.m.namespaces.pop_to(open.ns_mark);
        // Nearly every element closed is kept: a test that predicts well, not a jump through a table (1-3 % faster, near the noise).
        let Role::Kept(id) = open.role else {
            return self.close_structure(open.role, after);
        };
        let tree = self.tree();
        let node = &mut tree.nodes[id as usize];
        if node.inner.start < before {
            node.inner.end = before;
        }
        let text = node.text;
        match self.m.open.last() {
            Some(Open { role: Role::Kept(parent), .. }) => {
                let parent = *parent;
                self.tree().nodes[parent as usize].text.push_child(text);
            }
            // A multistatus-level description or sync token: kept as
            // owned text, since a streaming window moves on.
            Some(Open { role: Role::Multistatus, .. }) => self.keep_document_text(id),
            _ => {}
        }
        Ok(Progress::Continue)
    }

    /// [`close`](Self::close) for an element of the RFC 4918 §14 structure
    /// (a propstat, a response, the multistatus) or one skipped: out of
    /// line, as these close once a response or less.
    #[inline(never)]
    fn close_structure(&mut self, role: Role, after: usize) -> Result<Progress, Error> {
        match role {
            Role::Propstat => {
                self.finish_propstat()?;
                Ok(Progress::Continue)
            }
            Role::Response => {
                self.finish_response(after)?;
                self.m.in_response = false;
                Ok(Progress::Response)
            }
            Role::Multistatus => {
                self.m.phase = Phase::AfterRoot;
                Ok(Progress::Continue)
            }
            // Nothing to finish; `close` reads a kept element itself.
            Role::Skipped | Role::Kept(_) => Ok(Progress::Continue),
        }
    }

    /// Keeps the text of the multistatus-level description or sync token
    /// `id`, once a document: out of line.
    #[inline(never)]
    fn keep_document_text(&mut self, id: u32) {
        let text = Element::new(self.src, &self.m.document.tree, id).text().into_owned();
        let document = &mut self.m.document;
        if document.description_node == Some(id) {
            document.description = Some(text);
        } else {
            document.sync_token = Some(text);
        }
    }

    /// Parses a kept status element's text into its code.
    /// `place` says where the status element was, as the element path no
    /// longer holds it.
    fn status_code(&mut self, status: &mut StatusData, place: StatusPlace) -> Result<(), Error> {
        let Some(node) = status.node else { return Ok(()) };
        let element = Element::new(self.src, &self.m.response.tree, node);
        let text = element.text();
        let at = self.m.response.tree.nodes[node as usize].start;
        match parse_status_line(&text) {
            Some(line) => {
                status.code = Some(line.code);
                Ok(())
            }
            None if self.m.config.lenient || self.m.config.validate => {
                let text = text.into_owned();
                let path = match place {
                    StatusPlace::Propstat(index) => format!("propstat[{index}]/status"),
                    StatusPlace::Response(index) => format!("response[{index}]/status"),
                };
                self.warn(WarningKind::InvalidStatusLine(text), at, Some(&path));
                status.code = None;
                Ok(())
            }
            None => Err(self.error(ErrorKind::InvalidStatusLine(text.into_owned()), at)),
        }
    }

    /// RFC 4918 §14.22: a propstat has one prop and one status. What is
    /// missing is reported, and the propstat kept without it. Out of line:
    /// [`close`](Self::close) runs for every element, this once a propstat.
    #[inline(never)]
    fn finish_propstat(&mut self) -> Result<(), Error> {
        let mut propstat = self.m.response.propstats.pop().expect("a propstat is open");
        let index = self.m.response.propstats.len() + 1;
        if propstat.props.0 == propstat.props.1 {
            self.warn(WarningKind::PropstatWithoutProp, propstat.start, Some(&format!("propstat[{index}]")));
        }
        if propstat.status.node.is_none() {
            self.warn(WarningKind::PropstatWithoutStatus, propstat.start, Some(&format!("propstat[{index}]")));
        }
        let result = self.status_code(&mut propstat.status, StatusPlace::Propstat(index));
        self.m.response.propstats.push(propstat);
        result
    }

    /// RFC 4918 §14.24: `href, ((href*, status) | (propstat+)), error?,
    /// responsedescription?, location?`. What breaks it is reported, and
    /// the response kept as sent. Out of line, as `finish_propstat` is.
    #[inline(never)]
    fn finish_response(&mut self, after: usize) -> Result<(), Error> {
        let start = self.m.response.start;
        self.m.response.end = after;
        let response = &self.m.response;
        let (has_status, hrefs) = (response.status.node.is_some(), response.hrefs.len());
        let deviation = match (has_status, response.propstats.is_empty()) {
            (false, true) => Some(WarningKind::ResponseWithoutStatusOrPropstat),
            (true, false) => Some(WarningKind::StatusAndPropstat),
            (false, false) if hrefs > 1 => Some(WarningKind::SeveralHrefsWithPropstat),
            _ => None,
        };
        // Paths are only written for a warning: no allocation per response.
        let path = |index: usize| format!("response[{index}]");
        let index = self.m.responses;
        if hrefs == 0 {
            self.warn(WarningKind::ResponseWithoutHref, start, Some(&path(index)));
        }
        if let Some(kind) = deviation {
            self.warn(kind, start, Some(&path(index)));
        }
        let response = &self.m.response;
        if let Some(location) = response.location {
            let element = Element::new(self.src, &response.tree, location);
            if element.child(DAV, "href").is_none() {
                let at = response.tree.nodes[location as usize].start;
                self.warn(WarningKind::LocationWithoutHref, at, Some(&format!("{}/location", path(index))));
            }
        }
        if self.m.config.validate {
            self.check_hrefs(index);
        }
        let mut status = self.m.response.status;
        self.status_code(&mut status, StatusPlace::Response(self.m.responses))?;
        self.m.response.status = status;
        // Warnings in a response learn its href once the response is whole.
        if let Some(first) = self.m.warnings_without_href.take() {
            let href = self.first_href();
            for warning in self.m.warnings.iter_mut().skip(first) {
                warning.href = warning.href.take().or_else(|| href.clone());
            }
        }
        Ok(())
    }

    /// Validating: RFC 4918 §8.3 hrefs are URI references (RFC 3986 §4.1),
    /// those of the response and of its `DAV:location`.
    fn check_hrefs(&mut self, index: usize) {
        let response = &self.m.response;
        let element = |id: u32| Element::new(self.src, &response.tree, id);
        let start = |id: u32| response.tree.nodes[id as usize].start;
        let hrefs = response.hrefs.iter().map(|&id| (start(id), element(id), "href"));
        // A location's href is reported at the location's start tag.
        let location =
            response.location.and_then(|id| Some((start(id), element(id).child(DAV, "href")?, "location/href")));
        let invalid: Vec<(usize, String, &str)> = hrefs
            .chain(location)
            .filter_map(|(at, href, place)| {
                let text = href.text();
                let text = text.trim_ascii();
                (!is_uri_reference(text)).then(|| (at, text.to_owned(), place))
            })
            .collect();
        for (at, href, place) in invalid {
            self.warn(WarningKind::InvalidHref(href), at, Some(&format!("response[{index}]/{place}")));
        }
    }

    /// A text event: references come separately, so `text` is literal.
    fn text(&mut self, text: &str, at: usize) -> Result<(), Error> {
        self.check_value_size(text.len(), at)?;
        let span = Span::new(at, at + text.len());
        let bytes = text.as_bytes();
        // Short runs (the whitespace between tags, most values) in one pass; long ones by memchr.
        let (blank, has_cr, has_gt) = if bytes.len() <= 32 {
            let class = bytes.iter().fold(0u8, |class, &b| class | TEXT_BYTE[b as usize]);
            (class & NOT_SPACE == 0, class & CR != 0, class & GT != 0)
        } else if memchr::memchr2(b'\r', b'>', bytes).is_none() {
            // One search for both, as most long text has neither.
            (is_blank(text), false, false)
        } else {
            (is_blank(text), memchr::memchr(b'\r', bytes).is_some(), memchr::memchr(b'>', bytes).is_some())
        };
        if self.m.open.is_empty() && !blank {
            // Text outside the root is wrong from its first character on,
            // before any `]]>` in it, however the text was split into events.
            return self.character_data(span, has_cr, at, blank);
        }
        // XML 1.0 §2.4: `]]>` may not appear in character data.
        let mut from = 0;
        while let Some(gt) = if has_gt { memchr::memchr(b'>', &bytes[from..]) } else { None } {
            let gt = from + gt;
            if text[..gt].ends_with("]]") {
                return Err(self.error(ErrorKind::Syntax("`]]>` is not allowed in text".into()), at + gt - 2));
            }
            from = gt + 1;
        }
        if self.m.config.lenient {
            if let Some(amp) = memchr::memchr(b'&', text.as_bytes()) {
                // The scanner passes a dangling `&` on as text in lenient mode.
                self.warn(WarningKind::LiteralAmpersand, at + amp, None);
            }
            self.control_characters(text, at);
        }
        self.character_data(span, has_cr, at, blank)
    }

    /// Lenient: C0 controls in text are kept, or stripped when asked (the
    /// text is then decoded on access, which drops them).
    fn control_characters(&mut self, text: &str, at: usize) {
        if !has_control_chars(text) {
            return;
        }
        let stripped = self.m.config.strip_control_characters;
        self.warn(WarningKind::ControlCharacters { stripped }, at, None);
        if let (true, Some(Open { role: Role::Kept(id), .. })) = (stripped, self.m.open.last()) {
            let id = *id;
            self.tree().nodes[id as usize].text = crate::text::TextState::Complex;
        }
    }

    /// Literal text or CDATA content; `blank` text may also stand outside the root.
    #[inline(always)]
    fn character_data(&mut self, span: Span, has_cr: bool, at: usize, blank: bool) -> Result<(), Error> {
        match self.m.open.last() {
            Some(Open { role: Role::Kept(id), .. }) => {
                let id = *id;
                // Indentation of line feeds only (Apache's) adds up to a count, not to a join on access.
                let line_feeds = blank && self.src.as_bytes()[span.start..span.end].iter().all(|&b| b == b'\n');
                self.tree().nodes[id as usize].text.push_literal(span, has_cr, line_feeds);
                Ok(())
            }
            Some(_) => Ok(()),
            None if blank => Ok(()),
            None => {
                // Point at the text itself, not the whitespace before it (CDATA: at `<![CDATA[`).
                let text = if span.start == at { span.of(self.src) } else { "" };
                let first = text.bytes().position(|b| !is_xml_space(b)).unwrap_or(0);
                Err(self.error(ErrorKind::TextOutsideRoot, at + first))
            }
        }
    }

    fn reference(&mut self, name: &str, at: usize) -> Result<(), Error> {
        self.reference_kept_literally(name, at)?;
        match self.m.open.last() {
            Some(Open { role: Role::Kept(id), .. }) => {
                let id = *id;
                self.tree().nodes[id as usize].text = crate::text::TextState::Complex;
                Ok(())
            }
            Some(_) => Ok(()),
            None => Err(self.error(ErrorKind::TextOutsideRoot, at)),
        }
    }
}

/// What a byte of text is, for [`Step::text`]: flags OR-ed over a short run.
const TEXT_BYTE: [u8; 256] = {
    let mut table = [NOT_SPACE; 256];
    table[b' ' as usize] = 0;
    table[b'\t' as usize] = 0;
    table[b'\n' as usize] = 0;
    table[b'\r' as usize] = CR;
    table[b'>' as usize] = NOT_SPACE | GT;
    table
};
const NOT_SPACE: u8 = 1;
const CR: u8 = 2;
const GT: u8 = 4;

/// What is wrong with the reference `&name;` (XML 1.0 §4.1), if anything.
fn reference_error(name: &str) -> Option<ErrorKind> {
    match decode_reference(name) {
        Ok(_) => None,
        Err(ReferenceError::Undefined) if name.starts_with('#') || !is_ncname(name) => {
            Some(ErrorKind::Syntax(format!("`&{name};` is not a reference")))
        }
        Err(ReferenceError::Undefined) => Some(ErrorKind::UndefinedEntity(name.into())),
        Err(ReferenceError::InvalidChar) => Some(ErrorKind::InvalidCharReference(name.into())),
    }
}

/// Length of the element name at the start of a tag's content.
#[inline]
fn name_len(tag: &str) -> usize {
    tag.bytes().position(is_xml_space).unwrap_or(tag.len())
}

/// True when `rest`, all the input after an `&`, could still grow into a
/// reference (XML 1.0 §4.1) if more input followed.
fn could_start_reference(rest: &str) -> bool {
    match rest.strip_prefix('#') {
        Some(number) => match number.strip_prefix('x') {
            Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
            None => number.bytes().all(|b| b.is_ascii_digit()),
        },
        None => rest.is_empty() || split_qname(rest).is_some() || split_qname(&format!("{rest}a")).is_some(),
    }
}

/// Where a status element was: in the n-th propstat or response (from 1).
#[derive(Debug, Clone, Copy)]
enum StatusPlace {
    Propstat(usize),
    Response(usize),
}

/// True for the doctype of an HTML page: its root name is `html`, in any case.
fn is_html_doctype(doctype: &str) -> bool {
    let name = doctype.trim_ascii_start();
    let end = name.find(|c: char| c.is_ascii_whitespace() || c == '[').unwrap_or(name.len());
    name[..end].eq_ignore_ascii_case("html")
}

/// An `html` root in no namespace (HTML) or in XHTML's.
fn is_html_namespace(uri: &str) -> bool {
    uri.is_empty() || uri == "http://www.w3.org/1999/xhtml"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader's machine, dropped and taken by the next reader, is as blank
    /// as a new one: nothing the first document left (its responses, tree,
    /// namespaces, warnings, error, description, limits) is seen again.
    #[test]
    fn a_recycled_machine_is_blank() {
        let blank = format!("{:?}", Machine::blank());
        let lenient = Config { lenient: true, max_depth: 7, ..Config::default() };
        let documents: [(&str, Config); 4] = [
            (
                "<?xml version='1.0'?><D:multistatus xmlns:D='DAV:' xmlns:x='urn:x'>\
                 <D:response><D:href>/a</D:href><D:propstat><D:prop><x:p a='1' x:b='2'>t&amp;</x:p></D:prop>\
                 <D:status>HTTP/1.1 200 OK</D:status></D:propstat><D:error><D:need-privileges/></D:error>\
                 <D:responsedescription>r</D:responsedescription><D:location><D:href>/b</D:href></D:location></D:response>\
                 <D:responsedescription>done</D:responsedescription><D:sync-token>s</D:sync-token>",
                Config::default(),
            ),
            ("<multistatus><response><href>/a</href><u:x/><status>HTTP/1.1 200", lenient),
            ("<D:multistatus xmlns:D='DAV:'><D:response><D:href>/a</D:href></D:response><", Config::default()),
            ("<D:multistatus xmlns:D='DAV:'><D:response><D:href>/a\u{1}</D:href>", Config::default()),
        ];
        for (text, config) in documents {
            let mut reader = crate::ResponseReader::from_bytes_with_config(text.as_bytes(), config);
            while let Ok(Some(_)) = reader.next_response() {}
            drop(reader);
            let machine = PooledMachine::new(Config::default());
            assert_eq!(format!("{:?}", *machine), blank, "after {text:?}");
        }
    }

    #[test]
    fn the_common_declarations_read_as_the_general_parse_reads_them() {
        let declarations = [
            r#"<?xml version="1.0" encoding="utf-8"?>"#,
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<?xml version="1.0" encoding="UTF-8" ?>"#,
            r#"<?xml version="1.0" encoding="utf-8" ?>"#,
            r#"<?xml version='1.0' encoding='utf-8'?>"#,
            r#"<?xml version='1.0' encoding="Utf-8"?>"#,
            r#"<?xml version="1.0"?>"#,
            r#"<?xml version="1.0" ?>"#,
        ];
        for decl in declarations {
            let label = decl.find("encoding=").map(|at| &decl[at + 10..at + 15]);
            assert_eq!(crate::encoding::common_declaration(decl), Some(label), "{decl}");
            // The same declaration with two spaces before `?>`, which only the general parse reads.
            let spaced = decl.replace(" ?>", "?>").replace("?>", "  ?>");
            assert!(crate::encoding::common_declaration(&spaced).is_none(), "{spaced}");
            for (transcoded, utf16) in [(false, false), (true, false), (true, true)] {
                let mut machine = PooledMachine::new(Config::default());
                machine.transcoded = transcoded;
                machine.utf16 = utf16;
                let step = Step { m: &mut machine, src: decl };
                let verdict = |decl: &str| step.declaration(decl, 0).map_err(|error| error.kind().clone());
                assert_eq!(verdict(decl), verdict(&spaced), "{decl} transcoded {transcoded} utf16 {utf16}");
            }
        }
        // Anything else is the general parse's, right or wrong.
        for decl in [
            r#"<?xml version="1.0" encoding="utf-8'?>"#,
            r#"<?xml version="1.1"?>"#,
            r#"<?xml version="1.0" encoding="latin1"?>"#,
            r#"<?xml version="1.0" encoding="utf-8" standalone="yes"?>"#,
            r#"<?xml version="1.0"encoding="utf-8"?>"#,
            r#"<?xml version="1.0" encoding="utf-8"  ?>"#,
            r#"<?xml version="1.0" encoding="utf-88"?>"#,
            r#"<?xml version="1.0" encoding=""?>"#,
            r#"<?xml version=1.0?>"#,
        ] {
            assert!(crate::encoding::common_declaration(decl).is_none(), "{decl}");
        }
    }
}
