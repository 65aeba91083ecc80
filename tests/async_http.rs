//! The async front end against a real HTTP server on 127.0.0.1: the example
//! binary's server and client, run as a test.

#[path = "../examples/reqwest_push.rs"]
#[allow(dead_code, unreachable_pub)]
mod reqwest_example;

// The reqwest example includes the hyper one, whose server it uses.
use reqwest_example::async_http as example;

use multistatus::AsyncStreamReader;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_a_listing_from_a_local_http_server() {
    let summary = example::run(5_000).await.expect("the example runs");
    assert_eq!(summary.responses, 5_000);
    assert_eq!(summary.first_href.as_deref(), Some("/dav/files/document-000000.txt"));
    assert_eq!(summary.last_href.as_deref(), Some("/dav/files/document-004999.txt"));
    assert_eq!(summary.bytes_of_content_length, (0..5_000u64).map(|i| i * 7 % 100_000).sum::<u64>());
}

#[tokio::test]
async fn async_reader_agrees_with_the_slice_reader_on_the_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let input = std::fs::read(&path).unwrap();
        let mut expected = Vec::new();
        let mut slice = multistatus::ResponseReader::from_bytes(&input);
        while let Some(response) = slice.next_response().unwrap() {
            let mut json = String::new();
            multistatus::canonical::write_response(&mut json, &response);
            expected.push(json);
        }
        // Seven-byte reads, so responses arrive across many polls.
        let source = tokio::io::BufReader::with_capacity(7, &input[..]);
        let mut reader = AsyncStreamReader::new(source);
        let mut seen = Vec::new();
        while let Some(response) = reader.next_response().await.unwrap() {
            let mut json = String::new();
            multistatus::canonical::write_response(&mut json, &response);
            seen.push(json);
        }
        assert_eq!(seen, expected, "{}", path.display());
        assert_eq!(reader.sync_token(), slice.sync_token(), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reqwest_chunks_pushed_into_the_push_parser() {
    let summary = reqwest_example::run(5_000).await.expect("the reqwest example runs");
    assert_eq!(summary.responses, 5_000);
    assert_eq!(summary.first_href.as_deref(), Some("/dav/files/document-000000.txt"));
    assert_eq!(summary.last_href.as_deref(), Some("/dav/files/document-004999.txt"));
    assert_eq!(summary.bytes_of_content_length, (0..5_000u64).map(|i| i * 7 % 100_000).sum::<u64>());
}
