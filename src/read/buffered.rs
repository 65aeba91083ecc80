//! The `BufRead` front end: [`StreamReader`].

use std::io::BufRead;

use crate::error::Error;
use crate::read::stream::{engine_accessors, pull_next_response, receive_from_source, Engine, Run};
use crate::response::Response;
use crate::Config;

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
    source: R,
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

    engine_accessors!();

    /// The source, for example to read what follows the body.
    pub fn into_inner(self) -> R {
        self.source
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
        StreamReader { source, engine: Engine::new(config) }
    }

    /// The next response, `Ok(None)` at the end of the document. After an
    /// error every later call returns the same error.
    #[allow(clippy::should_implement_trait)]
    pub fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
        pull_next_response!(self)
    }

    /// Receives the source's next buffer of bytes, or its end.
    fn receive(&mut self) {
        receive_from_source!(self)
    }
}
