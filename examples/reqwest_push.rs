//! Sends a PROPFIND with reqwest and feeds the body's chunks, as
//! `bytes_stream()` yields them, into the `PushParser`: the push front end in
//! the shape a reqwest client is written, against the local HTTP server of
//! `examples/async_http.rs` (127.0.0.1, a free port).
//!
//! ```sh
//! cargo run --release --features tokio --example reqwest_push -- 100000
//! ```

#[path = "async_http.rs"]
#[allow(dead_code, unreachable_pub)]
pub mod async_http;

use futures_util::StreamExt;
use multistatus::{PushParser, Response};

pub use async_http::Summary;

const PROPFIND: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getcontentlength/></d:prop></d:propfind>"#;

/// Sends `PROPFIND url` (depth 1) and parses the 207 body chunk by chunk.
pub async fn propfind(url: &str) -> Result<Summary, Box<dyn std::error::Error + Send + Sync>> {
    let response = reqwest::Client::new()
        .request(reqwest::Method::from_bytes(b"PROPFIND")?, url)
        .header("depth", "1")
        .header("content-type", "application/xml; charset=utf-8")
        .body(PROPFIND)
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::MULTI_STATUS {
        return Err(format!("expected 207, got {}", response.status()).into());
    }
    let mut summary = Summary { responses: 0, first_href: None, last_href: None, bytes_of_content_length: 0 };
    let mut parser = PushParser::new();
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        parser.feed(&chunk?);
        // Every response the chunk completed; `None` means "feed me more".
        while let Some(response) = parser.next_response()? {
            count(&mut summary, &response)?;
        }
    }
    parser.finish();
    while let Some(response) = parser.next_response()? {
        count(&mut summary, &response)?;
    }
    Ok(summary)
}

fn count(summary: &mut Summary, response: &Response<'_>) -> Result<(), multistatus::DecodeError> {
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
    Ok(())
}

/// Starts the server, runs one PROPFIND against it with reqwest, and stops.
pub async fn run(responses: usize) -> Result<Summary, Box<dyn std::error::Error + Send + Sync>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/dav/files/", listener.local_addr()?);
    let server = tokio::spawn(async_http::serve(listener, responses));
    let summary = propfind(&url).await;
    server.abort();
    summary
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let responses = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(10_000);
    let summary = run(responses).await?;
    println!(
        "pushed {} responses from reqwest's bytes_stream(): first {}, last {}, {} bytes of files listed",
        summary.responses,
        summary.first_href.as_deref().unwrap_or("-"),
        summary.last_href.as_deref().unwrap_or("-"),
        summary.bytes_of_content_length
    );
    Ok(())
}
