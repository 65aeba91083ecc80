//! `DAV:multistatus` (RFC 4918 §14.16, RFC 6578 §6.4): the two ways in —
//! everything at once, or one response at a time.

use std::borrow::Cow;
use std::fmt;

use crate::encoding::{detect, is_utf16, transcode, Detected};
use crate::error::{Error, ErrorKind};
use crate::read::buffered::StreamReader;
use crate::read::slice::{utf8_prefix, Parser};
use crate::response::{DocumentData, Response, ResponseData};
use crate::warning::Warning;
use crate::Config;

/// Every response, the document-level data and the warnings of a whole parse.
fn collect(mut parser: Parser<'_>) -> Result<(Vec<ResponseData>, DocumentData, Vec<Warning>), Error> {
    let mut responses = Vec::new();
    while parser.next_response()? {
        responses.push(std::mem::take(&mut parser.machine.response));
    }
    let machine = &mut parser.machine;
    Ok((responses, std::mem::take(&mut machine.document), std::mem::take(&mut machine.warnings)))
}

/// Reads a multistatus document one response at a time, reusing its buffers
/// so that a listing of any length allocates a fixed amount.
///
/// [`next_response`](Self::next_response) lends each [`Response`] until the
/// next call (call [`Response::into_owned`] to keep one). Document-level
/// values ([`description`](Self::description), [`sync_token`](Self::sync_token))
/// are complete once `next_response` has returned `Ok(None)`.
///
/// ```
/// use multistatus::ResponseReader;
///
/// let body = r#"<d:multistatus xmlns:d="DAV:">
///   <d:response><d:href>/a</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>
///   <d:response><d:href>/b</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
/// </d:multistatus>"#;
/// let mut reader = ResponseReader::new(body);
/// let mut missing = Vec::new();
/// while let Some(response) = reader.next_response()? {
///     if response.status().and_then(|s| s.code()) == Some(404) {
///         missing.push(response.href().unwrap().as_str().to_owned());
///     }
/// }
/// assert_eq!(missing, ["/b"]);
/// # Ok::<(), multistatus::Error>(())
/// ```
pub struct ResponseReader<'a> {
    inner: Inner<'a>,
}

// The common variant keeps the parser inline.
#[allow(clippy::large_enum_variant)]
enum Inner<'a> {
    /// UTF-8 text parsed in place.
    Slice(Parser<'a>),
    /// Another encoding, transcoded as it is read.
    Transcoded(Box<StreamReader<&'a [u8]>>),
}

impl fmt::Debug for ResponseReader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Slice(parser) => parser.machine.debug_summary("ResponseReader", f),
            Inner::Transcoded(reader) => reader.debug_summary("ResponseReader", f),
        }
    }
}

impl<'a> ResponseReader<'a> {
    /// A reader over a document in a string, with the default [`Config`].
    pub fn new(input: &'a str) -> Self {
        Self::with_config(input, Config::default())
    }

    /// A reader over a document in a string that parses as `config` says
    /// (limits, lenient or validating parse) instead of with the default
    /// [`Config`]; otherwise the same as [`new`](Self::new).
    pub fn with_config(input: &'a str, config: Config) -> Self {
        // Text is characters already: any encoding its declaration names was applied.
        ResponseReader { inner: Inner::Slice(Parser::new(input, config, None, true)) }
    }

    /// A reader over raw body bytes.
    ///
    /// UTF-8 (with or without a byte order mark) is parsed in place; invalid
    /// UTF-8 is reported as [`ErrorKind::InvalidUtf8`](crate::ErrorKind::InvalidUtf8)
    /// when parsing reaches it. UTF-16 (by byte order mark or first bytes) and
    /// the encodings an XML declaration may name (ISO-8859-1, windows-1252 and
    /// the rest of the WHATWG Encoding Standard) are transcoded to UTF-8 as
    /// they are read; offsets then count bytes of the UTF-8 text.
    pub fn from_bytes(input: &'a [u8]) -> Self {
        Self::from_bytes_with_config(input, Config::default())
    }

    /// [`from_bytes`](Self::from_bytes) with a [`Config`].
    pub fn from_bytes_with_config(input: &'a [u8], config: Config) -> Self {
        let inner = match detect(input, true) {
            Detected::Utf8 => {
                let (text, invalid_at) = utf8_prefix(input);
                Inner::Slice(Parser::new(text, config, invalid_at, false))
            }
            _ => Inner::Transcoded(Box::new(StreamReader::with_config(input, config))),
        };
        ResponseReader { inner }
    }

    /// The next response, `Ok(None)` at the end of the document.
    ///
    /// After an error every later call returns the same error.
    #[allow(clippy::should_implement_trait)]
    pub fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
        match &mut self.inner {
            Inner::Slice(parser) => {
                if parser.next_response()? {
                    Ok(Some(Response::new(parser.src(), &parser.machine.response)))
                } else {
                    Ok(None)
                }
            }
            Inner::Transcoded(reader) => reader.next_response(),
        }
    }

    /// The multistatus-level `DAV:responsedescription`, untrimmed.
    pub fn description(&self) -> Option<Cow<'_, str>> {
        match &self.inner {
            Inner::Slice(parser) => parser.machine.document.description(),
            Inner::Transcoded(reader) => reader.description(),
        }
    }

    /// The RFC 6578 `DAV:sync-token` of a sync-collection report, trimmed.
    pub fn sync_token(&self) -> Option<Cow<'_, str>> {
        match &self.inner {
            Inner::Slice(parser) => parser.machine.document.sync_token(),
            Inner::Transcoded(reader) => reader.sync_token(),
        }
    }

    /// What the parse kept going past so far: lenient recoveries and
    /// RFC 4918 §14 deviations (see [`Warning`]).
    pub fn warnings(&self) -> &[Warning] {
        match &self.inner {
            Inner::Slice(parser) => &parser.machine.warnings,
            Inner::Transcoded(reader) => reader.warnings(),
        }
    }

    /// Takes the warnings recorded so far (see [`StreamReader::take_warnings`]).
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        match &mut self.inner {
            Inner::Slice(parser) => parser.machine.take_warnings(),
            Inner::Transcoded(reader) => reader.take_warnings(),
        }
    }
}

/// A whole multistatus document: every response, plus the document-level
/// description and sync token.
///
/// Strings borrow the input when it was borrowed; [`into_owned`](Self::into_owned)
/// makes a `'static` copy.
///
/// ```
/// use multistatus::{Multistatus, DAV};
///
/// let body = br#"<?xml version="1.0" encoding="utf-8"?>
/// <D:multistatus xmlns:D="DAV:">
///   <D:response>
///     <D:href>/calendars/alice/</D:href>
///     <D:propstat>
///       <D:prop><D:displayname>Alice &amp; Bob</D:displayname><D:getetag>"42"</D:getetag></D:prop>
///       <D:status>HTTP/1.1 200 OK</D:status>
///     </D:propstat>
///   </D:response>
/// </D:multistatus>"#;
/// let multistatus = Multistatus::parse_bytes(body)?;
/// let response = multistatus.responses().next().unwrap();
/// assert_eq!(response.href().unwrap().as_str(), "/calendars/alice/");
/// let name = response.property(DAV, "displayname").unwrap();
/// assert_eq!(name.text(), "Alice & Bob");
/// assert_eq!(response.etag().unwrap().unwrap().as_str(), "\"42\"");
/// # Ok::<(), multistatus::Error>(())
/// ```
#[derive(Clone)]
pub struct Multistatus<'a> {
    src: Cow<'a, str>,
    responses: Vec<ResponseData>,
    document: DocumentData,
    warnings: Vec<Warning>,
}

impl<'a> Multistatus<'a> {
    /// Parses a whole document from a string.
    pub fn parse(input: &'a str) -> Result<Self, Error> {
        Self::parse_with_config(input, Config::default())
    }

    /// Parses a whole document from body bytes: UTF-8 in place, other
    /// encodings transcoded first (see [`ResponseReader::from_bytes`]).
    pub fn parse_bytes(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse_bytes_with_config(input, Config::default())
    }

    /// [`parse`](Self::parse) with a [`Config`].
    pub fn parse_with_config(input: &'a str, config: Config) -> Result<Self, Error> {
        // Text is characters already: any encoding its declaration names was applied.
        let (responses, document, warnings) = collect(Parser::new(input, config, None, true))?;
        Ok(Multistatus { src: Cow::Borrowed(input), responses, document, warnings })
    }

    /// [`parse_bytes`](Self::parse_bytes) with a [`Config`].
    pub fn parse_bytes_with_config(input: &'a [u8], config: Config) -> Result<Self, Error> {
        let at = |kind, offset| Err(Error::at(kind, "", offset, &crate::error::Origin::START));
        match detect(input, true) {
            Detected::Utf8 | Detected::NeedMore => {
                let (text, invalid_at) = utf8_prefix(input);
                let (responses, document, warnings) = collect(Parser::new(text, config, invalid_at, false))?;
                Ok(Multistatus { src: Cow::Borrowed(text), responses, document, warnings })
            }
            Detected::Other { encoding, bom } => {
                // What decodes is parsed; where decoding failed, reading stops.
                let (text, failure) = transcode(input, encoding, bom);
                let mut parser = Parser::new(&text, config, failure, true);
                if is_utf16(encoding) {
                    parser.machine.set_utf16();
                }
                let (responses, document, warnings) = collect(parser)?;
                Ok(Multistatus { src: Cow::Owned(text), responses, document, warnings })
            }
            Detected::Unsupported(label) => at(ErrorKind::UnsupportedEncoding(label), 0),
        }
    }

    /// The responses, in document order.
    pub fn responses(&self) -> impl ExactSizeIterator<Item = Response<'_>> + '_ {
        self.responses.iter().map(|data| Response::new(&self.src, data))
    }

    /// The response at `index`.
    pub fn response(&self, index: usize) -> Option<Response<'_>> {
        self.responses.get(index).map(|data| Response::new(&self.src, data))
    }

    /// The number of responses.
    pub fn len(&self) -> usize {
        self.responses.len()
    }

    /// True when the document has no response.
    pub fn is_empty(&self) -> bool {
        self.responses.is_empty()
    }

    /// The multistatus-level `DAV:responsedescription`, untrimmed.
    pub fn description(&self) -> Option<Cow<'_, str>> {
        self.document.description()
    }

    /// The RFC 6578 `DAV:sync-token` of a sync-collection report, trimmed.
    pub fn sync_token(&self) -> Option<Cow<'_, str>> {
        self.document.sync_token()
    }

    /// What the parse kept going past: lenient recoveries and RFC 4918 §14
    /// deviations (see [`Warning`]).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// A copy that owns its text and borrows nothing.
    pub fn into_owned(self) -> Multistatus<'static> {
        let Multistatus { src, responses, document, warnings } = self;
        Multistatus { src: Cow::Owned(src.into_owned()), responses, document, warnings }
    }
}

impl fmt::Debug for Multistatus<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multistatus")
            .field("responses", &self.responses().collect::<Vec<_>>())
            .field("description", &self.description())
            .field("sync_token", &self.sync_token())
            .finish()
    }
}
