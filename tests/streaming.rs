//! The streaming front ends (`StreamReader`, `PushParser`) give exactly what
//! the one-shot slice parse gives — responses, document fields, and for
//! malformed input the same error kind, offset and line:column — for every
//! document and every way of cutting it.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_front_ends_agree, push_outcome, slice_outcome, Rng};
use multistatus::{ErrorKind, PushParser, StreamReader};

fn corpus_documents() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

/// Documents up to this size are cut at every byte; larger ones at seeded random places.
const EXHAUSTIVE: usize = 6 * 1024;

#[test]
#[ignore = "exhaustive sweep, run by CI: cargo test -- --include-ignored"]
fn every_two_chunk_split_of_small_corpus_documents() {
    for (name, input) in corpus_documents().into_iter().filter(|(_, d)| d.len() <= EXHAUSTIVE) {
        let expected = slice_outcome(&input);
        assert!(expected.is_ok(), "{name}: corpus documents parse");
        for cut in 0..=input.len() {
            assert_eq!(push_outcome(&input, &[cut]), expected, "{name}: cut at {cut}");
        }
    }
}

/// Documents above this size are cut at random only in the exhaustive run.
const LARGE: usize = 64 * 1024;

#[test]
fn random_splits_of_every_corpus_document() {
    random_splits(|input| input.len() <= LARGE);
}

#[test]
#[ignore = "exhaustive sweep, run by CI: cargo test -- --include-ignored"]
fn random_splits_of_the_large_corpus_documents() {
    random_splits(|input| input.len() > LARGE);
}

/// Seeded random cuts, two-chunk and many-chunk, of the corpus documents `pick` selects.
fn random_splits(pick: impl Fn(&[u8]) -> bool) {
    let mut rng = Rng::new(20261121);
    for (name, input) in corpus_documents().into_iter().filter(|(_, input)| pick(input)) {
        let rounds = if input.len() > EXHAUSTIVE { 24 } else { 8 };
        for _ in 0..rounds {
            let two = [rng.below(input.len() + 1)];
            assert_front_ends_agree(&name, &input, &two, &[]);
            let mean = [1, 3, 17, 200, 4096][rng.below(5)];
            let cuts = rng.cuts(input.len(), mean);
            let capacity = [1, 2, 5, 64, 1000][rng.below(5)];
            assert_front_ends_agree(&name, &input, &cuts, &[capacity]);
        }
    }
}

/// Deterministic damage: truncations, flipped bytes and insertions.
fn damaged(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = input.to_vec();
    match rng.below(4) {
        0 => bytes.truncate(rng.below(bytes.len() + 1)),
        1 => {
            let at = rng.below(bytes.len().max(1));
            if let Some(b) = bytes.get_mut(at) {
                *b = [b'<', b'>', b'&', b'"', b'/', b':', 0, 0xFF, 0xC3, b']', b'-', b'?'][rng.below(12)];
            }
        }
        2 => {
            let at = rng.below(bytes.len() + 1);
            let insert: &[u8] =
                [&b"<!--"[..], b"]]>", b"&#0;", b"&nbsp;", b"\xEF\xBB\xBF", b"<x>", b"</y>", b"\r\n", b"\x01"]
                    [rng.below(9)];
            bytes.splice(at..at, insert.iter().copied());
        }
        _ => {
            let at = rng.below(bytes.len().max(1));
            let len = rng.below(8).min(bytes.len() - at.min(bytes.len()));
            bytes.drain(at..at + len);
        }
    }
    bytes
}

#[test]
fn damaged_documents_fail_identically_in_every_front_end() {
    let mut rng = Rng::new(7);
    let documents: Vec<_> = corpus_documents().into_iter().filter(|(_, d)| d.len() <= 64 * 1024).collect();
    for (name, input) in &documents {
        for round in 0..40 {
            let bytes = damaged(input, &mut rng);
            let cuts = rng.cuts(bytes.len(), [1, 7, 300][round % 3]);
            assert_front_ends_agree(&format!("{name} damage round {round}"), &bytes, &cuts, &[1, 5, 4096]);
        }
    }
}

#[test]
fn small_malformed_documents_agree_at_every_split() {
    let cases: &[&[u8]] = &[
        b"<D:multistatus xmlns:D=\"DAV:\"><D:response></D:multistatus>",
        b"\xEF\xBB\xBF<D:multistatus xmlns:D=\"DAV:\"/>",
        b"\xEF\xBB\xBF\xEF\xBB\xBF<D:multistatus xmlns:D=\"DAV:\"/>",
        b"<D:multistatus xmlns:D=\"DAV:\">\xEF\xBB\xBF<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>",
        b"<D:multistatus xmlns:D=\"DAV:\">a ]]> b</D:multistatus>",
        b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>caf\xC3\xA9 \xFF</D:href></D:response></D:multistatus>",
        b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>caf\xC3",
        b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>a&am",
        b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>a&amp b</D:href>",
        b"<D:multistatus xmlns:D=\"DAV:\"><!",
        b"<D:multistatus xmlns:D=\"DAV:\"><!-x",
        b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
        b"<D:multistatus xmlns:D=\"DAV:\">\x01</D:multistatus>",
        b"<D:multistatus xmlns:D=\"DAV:\"></D:multistatus>\n&",
        b"<D:multistatus xmlns:D=\"DAV:\"></D:multistatus>\n<x/>",
        b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response><D:response><D:href>/b</D:href><D:status>nope</D:status></D:response></D:multistatus>",
        b"  \n <?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\"/>",
        b"",
        b"   ",
        b"<html><body>502</body></html>",
    ];
    for (index, input) in cases.iter().enumerate() {
        for cut in 0..=input.len() {
            assert_front_ends_agree(&format!("case {index}"), input, &[cut], &[1, 2, 3]);
        }
        let every_byte: Vec<usize> = (1..input.len()).collect();
        assert_front_ends_agree(&format!("case {index} byte by byte"), input, &every_byte, &[]);
    }
}

#[test]
fn every_prefix_is_truncated_in_every_front_end() {
    let (name, input) = corpus_documents().into_iter().find(|(n, _)| n.starts_with("rfc4918-9.2.2")).unwrap();
    for end in 0..input.len() {
        let prefix = &input[..end];
        assert_front_ends_agree(&format!("{name} prefix {end}"), prefix, &[end / 2], &[3]);
    }
}

#[test]
fn completed_responses_come_before_the_truncation() {
    let body = b"<D:multistatus xmlns:D=\"DAV:\">\
        <D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\
        <D:response><D:href>/b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\
        <D:response><D:href>/c</D:hr";
    let mut reader = StreamReader::new(&body[..]);
    let mut seen = Vec::new();
    let error = loop {
        match reader.next_response() {
            Ok(Some(response)) => seen.push(response.href().unwrap().as_str().to_owned()),
            Ok(None) => panic!("a cut body must not end cleanly"),
            Err(error) => break error,
        }
    };
    assert_eq!(seen, ["/a", "/b"]);
    assert!(error.is_truncated(), "{error}");
    assert_eq!(error.offset(), body.len() - "</D:hr".len());

    let mut parser = PushParser::new();
    parser.feed(body);
    let mut pushed = Vec::new();
    while let Some(response) = parser.next_response().unwrap() {
        pushed.push(response.href().unwrap().as_str().to_owned());
    }
    assert!(parser.needs_input() && !parser.is_done());
    parser.finish();
    let error = parser.next_response().unwrap_err();
    assert_eq!(pushed, ["/a", "/b"]);
    assert!(error.is_truncated());
    assert_eq!(error.offset(), body.len() - "</D:hr".len());
}

#[test]
fn need_more_bytes_is_a_state() {
    let mut parser = PushParser::new();
    parser.feed(b"<D:multistatus xmlns:D=\"DAV:\"><D:resp");
    assert!(parser.next_response().unwrap().is_none());
    assert!(parser.needs_input());
    assert!(!parser.is_done());
    parser.feed(b"onse><D:href>/a</D:href><D:status>HTTP/1.1 204 No Content</D:status></D:response></D:multistatus>");
    assert!(!parser.needs_input());
    let response = parser.next_response().unwrap().expect("a complete response");
    assert_eq!(response.status().unwrap().code(), Some(204));
    assert!(parser.next_response().unwrap().is_none());
    parser.finish();
    assert!(parser.next_response().unwrap().is_none());
    assert!(parser.is_done());
}

#[test]
fn io_errors_are_reported() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "peer reset"))
        }
    }
    let mut reader = StreamReader::new(std::io::BufReader::new(Failing));
    let error = reader.next_response().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Io { kind: std::io::ErrorKind::ConnectionReset, .. }), "{error}");
}
