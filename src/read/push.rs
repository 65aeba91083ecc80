//! The push front end: [`PushParser`], fed chunks by the caller.

use crate::error::Error;
use crate::read::stream::{engine_accessors, Engine, Run};
use crate::response::Response;
use crate::Config;

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
    engine: Engine,
    /// The last run needed more input, and none came since.
    starved: bool,
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
        PushParser { engine: Engine::new(config), starved: true }
    }

    /// Adds the next bytes of the body. Once the document has ended or
    /// failed ([`is_done`](Self::is_done)), bytes fed are dropped: nothing
    /// would read them.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.is_done() || chunk.is_empty() {
            return;
        }
        self.engine.receive(chunk, false);
        self.starved = false;
    }

    /// Says the body has ended: what is still open is truncation.
    pub fn finish(&mut self) {
        if !self.is_done() {
            self.engine.receive(&[], true);
        }
        self.starved = false;
    }

    /// True when the parser cannot go on without more input from
    /// [`feed`](Self::feed) or [`finish`](Self::finish).
    pub fn needs_input(&self) -> bool {
        self.starved && !self.is_done()
    }

    /// True once the whole document has been parsed (or has failed).
    pub fn is_done(&self) -> bool {
        self.engine.machine.is_done()
    }

    /// The next completed response; `Ok(None)` when more input is needed or
    /// the document has ended (tell them apart with [`is_done`](Self::is_done)).
    #[allow(clippy::should_implement_trait)]
    pub fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
        match self.engine.run()? {
            Run::Response => Ok(Some(self.engine.response())),
            Run::End => Ok(None),
            Run::NeedMore => {
                self.starved = true;
                Ok(None)
            }
        }
    }

    engine_accessors!();
}
