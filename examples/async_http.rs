//! Streams a 207 body from a real HTTP server into `AsyncStreamReader`.
//!
//! The example starts a hyper HTTP/1.1 server on 127.0.0.1 (a free port)
//! that answers `PROPFIND` with a generated depth-1 listing sent in chunks,
//! then a hyper client sends the request and parses the body as it arrives,
//! one response at a time, without ever holding the whole body.
//!
//! ```sh
//! cargo run --release --features tokio --example async_http -- 100000
//! ```

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::{BodyExt, BodyStream, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use multistatus::AsyncStreamReader;
use multistatus_oracles::listing;
use tokio::net::{TcpListener, TcpStream};

/// Responses per chunk of the streamed body.
const RESPONSES_PER_CHUNK: usize = 16;

/// What the client saw.
#[derive(Debug)]
pub struct Summary {
    pub responses: usize,
    pub first_href: Option<String>,
    pub last_href: Option<String>,
    pub bytes_of_content_length: u64,
}

/// Serves `PROPFIND /dav/files/` with a listing of `responses` members.
pub async fn serve(listener: TcpListener, responses: usize) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { return };
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| async move {
                if request.method().as_str() != "PROPFIND" {
                    let body = BodyExt::boxed(StreamBody::new(futures_util::stream::empty()));
                    return Ok::<_, Infallible>(Response::builder().status(405).body(body).unwrap());
                }
                // The body is produced lazily, chunk by chunk, as the client reads.
                let chunks = (0..=responses.div_ceil(RESPONSES_PER_CHUNK) + 1).map(move |chunk| {
                    let mut bytes = Vec::new();
                    let last = responses.div_ceil(RESPONSES_PER_CHUNK) + 1;
                    if chunk == 0 {
                        bytes.extend_from_slice(listing::HEAD.as_bytes());
                    } else if chunk == last {
                        bytes.extend_from_slice(listing::TAIL.as_bytes());
                    } else {
                        let first = (chunk - 1) * RESPONSES_PER_CHUNK;
                        for i in first..(first + RESPONSES_PER_CHUNK).min(responses) {
                            listing::write_response(&mut bytes, i).expect("writing to memory");
                        }
                    }
                    Ok::<_, Infallible>(Frame::data(Bytes::from(bytes)))
                });
                let body = BodyExt::boxed(StreamBody::new(futures_util::stream::iter(chunks)));
                let response = Response::builder()
                    .status(StatusCode::MULTI_STATUS)
                    .header("content-type", "application/xml; charset=utf-8")
                    .body(body)
                    .unwrap();
                Ok(response)
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// Sends a PROPFIND to `address` and parses the 207 body as it streams in.
async fn propfind(address: SocketAddr) -> Result<Summary, Box<dyn std::error::Error + Send + Sync>> {
    let stream = TcpStream::connect(address).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let request = Request::builder()
        .method(Method::from_bytes(b"PROPFIND")?)
        .uri("/dav/files/")
        .header("host", address.to_string())
        .header("depth", "1")
        .body(http_body_util::Empty::<Bytes>::new())?;
    let response = sender.send_request(request).await?;
    if response.status() != StatusCode::MULTI_STATUS {
        return Err(format!("expected 207, got {}", response.status()).into());
    }
    // Body frames → a byte stream → tokio's AsyncBufRead → the parser.
    let data = BodyStream::new(response.into_body())
        .filter_map(|frame| std::future::ready(frame.map(|f| f.into_data().ok()).transpose()))
        .map(|chunk| chunk.map_err(std::io::Error::other));
    let mut reader = AsyncStreamReader::new(tokio_util::io::StreamReader::new(data));
    let mut summary = Summary { responses: 0, first_href: None, last_href: None, bytes_of_content_length: 0 };
    while let Some(response) = reader.next_response().await? {
        summary.responses += 1;
        // A server may leave a response without href (a warning says so).
        let href = response.href().map(|href| href.as_str().to_owned());
        if summary.first_href.is_none() {
            summary.first_href = href.clone();
        }
        summary.bytes_of_content_length += response.content_length().transpose()?.unwrap_or(0);
        if href.is_some() {
            summary.last_href = href;
        }
    }
    Ok(summary)
}

/// Starts the server, runs one PROPFIND against it, and stops.
pub async fn run(responses: usize) -> Result<Summary, Box<dyn std::error::Error + Send + Sync>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server = tokio::spawn(serve(listener, responses));
    let summary = propfind(address).await;
    server.abort();
    summary
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let responses = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(10_000);
    let summary = run(responses).await?;
    println!(
        "streamed {} responses from a local HTTP server: first {}, last {}, {} bytes of files listed",
        summary.responses,
        summary.first_href.as_deref().unwrap_or("-"),
        summary.last_href.as_deref().unwrap_or("-"),
        summary.bytes_of_content_length
    );
    Ok(())
}
