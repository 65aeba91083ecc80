//! The tokio front end: [`AsyncStreamReader`], over an `AsyncBufRead`.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::error::Error;
use crate::read::stream::{engine_accessors, pull_next_response, receive_from_source, Engine, Run};
use crate::response::Response;
use crate::Config;

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
    source: R,
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
        AsyncStreamReader { source, engine: Engine::new(config) }
    }

    /// The next response, `Ok(None)` at the end of the document. After an
    /// error every later call returns the same error.
    pub async fn next_response(&mut self) -> Result<Option<Response<'_>>, Error> {
        pull_next_response!(self, await)
    }

    /// Receives the source's next buffer of bytes, or its end.
    async fn receive(&mut self) {
        receive_from_source!(self, await)
    }

    engine_accessors!();

    /// The source, for example to read what follows the body.
    pub fn into_inner(self) -> R {
        self.source
    }
}
