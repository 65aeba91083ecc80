//! What the benchmarks and the memory table run for this crate, and how
//! each run is checked against the canonical model first.
//!
//! Shared by `benches/parse.rs` and `examples/bench_memory.rs` (which
//! includes this file with `#[path]`).

#![allow(dead_code)]

pub mod implementations;
pub mod run;

use std::io::BufReader;

use multistatus::{canonical, Multistatus, PushParser, Response, ResponseReader, StreamReader};
use multistatus_oracles::model;

/// This crate's result: its canonical JSON, read into the owned model.
pub fn expected(bytes: &[u8]) -> model::Multistatus {
    let multistatus = Multistatus::parse_bytes(bytes).expect("every benchmark input parses");
    model::Multistatus::from_json(&canonical::to_json(&multistatus)).expect("canonical JSON")
}

/// A running digest of visited fields: lengths, codes and counts, summed.
/// Cheap, so visiting costs what reading the fields costs, and the same
/// sum computed from the model ([`model_digest`]) checks that every field
/// was visited.
#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Digest(pub u64);

impl Digest {
    fn add(&mut self, value: usize) {
        self.0 = self.0.wrapping_mul(31).wrapping_add(value as u64);
    }
}

/// Visits every field the canonical model has: hrefs, status, per propstat
/// the status code and every property's namespace, name, text and child
/// count, errors, descriptions, location.
pub fn visit(response: &Response<'_>, digest: &mut Digest) {
    digest.add(response.hrefs().len());
    for href in response.hrefs() {
        digest.add(href.as_str().len());
    }
    digest.add(response.status().and_then(|s| s.code()).map_or(0, usize::from));
    for propstat in response.propstats() {
        digest.add(propstat.status().and_then(|s| s.code()).map_or(0, usize::from));
        for property in propstat.properties() {
            digest.add(property.namespace().len());
            digest.add(property.local_name().len());
            digest.add(property.text().len());
            digest.add(property.child_count());
        }
        visit_error(propstat.dav_error(), digest);
        digest.add(propstat.description().map_or(0, |d| d.len() + 1));
    }
    visit_error(response.dav_error(), digest);
    digest.add(response.description().map_or(0, |d| d.len() + 1));
    digest.add(response.location().map_or(0, |l| l.as_str().len() + 1));
}

fn visit_error(error: Option<multistatus::Element<'_>>, digest: &mut Digest) {
    match error {
        None => digest.add(0),
        Some(error) => {
            digest.add(1);
            for condition in error.children() {
                digest.add(condition.namespace().len());
                digest.add(condition.local_name().len());
            }
        }
    }
}

/// The same digest, from the model.
pub fn model_digest(model: &model::Multistatus) -> Digest {
    let mut digest = Digest::default();
    let error = |error: &Option<Vec<model::Condition>>, digest: &mut Digest| match error {
        None => digest.add(0),
        Some(conditions) => {
            digest.add(1);
            for condition in conditions {
                digest.add(condition.ns.len());
                digest.add(condition.name.len());
            }
        }
    };
    for response in &model.responses {
        digest.add(response.hrefs.len());
        for href in &response.hrefs {
            digest.add(href.len());
        }
        digest.add(response.status.map_or(0, usize::from));
        for propstat in &response.propstats {
            digest.add(propstat.status.map_or(0, usize::from));
            for property in &propstat.props {
                digest.add(property.ns.len());
                digest.add(property.name.len());
                digest.add(property.text.len());
                digest.add(property.children);
            }
            error(&propstat.error, &mut digest);
            digest.add(propstat.description.as_ref().map_or(0, |d| d.len() + 1));
        }
        error(&response.error, &mut digest);
        digest.add(response.description.as_ref().map_or(0, |d| d.len() + 1));
        digest.add(response.location.as_ref().map_or(0, |l| l.len() + 1));
    }
    digest.add(model.description.as_ref().map_or(0, |d| d.len() + 1));
    digest.add(model.sync_token.as_ref().map_or(0, |t| t.len() + 1));
    digest
}

/// `ResponseReader` over the slice, visiting every field: zero-copy.
pub fn slice_visit(bytes: &[u8]) -> Digest {
    let mut reader = ResponseReader::from_bytes(bytes);
    let mut digest = Digest::default();
    while let Some(response) = reader.next_response().expect("benchmark inputs parse") {
        visit(&response, &mut digest);
    }
    digest.add(reader.description().map_or(0, |d| d.len() + 1));
    digest.add(reader.sync_token().map_or(0, |t| t.len() + 1));
    digest
}

/// The size of the `BufReader` in front of [`StreamReader`].
pub const STREAM_BUFFER: usize = 64 * 1024;

/// `StreamReader` over a `BufReader` of the bytes, visiting every field.
pub fn stream_visit(bytes: &[u8]) -> Digest {
    let mut reader = StreamReader::new(BufReader::with_capacity(STREAM_BUFFER, bytes));
    let mut digest = Digest::default();
    while let Some(response) = reader.next_response().expect("benchmark inputs parse") {
        visit(&response, &mut digest);
    }
    digest.add(reader.description().map_or(0, |d| d.len() + 1));
    digest.add(reader.sync_token().map_or(0, |t| t.len() + 1));
    digest
}

/// The chunk size [`push_visit`] feeds a [`PushParser`] in, like an HTTP
/// client's body chunks.
pub const PUSH_CHUNK: usize = 16 * 1024;

/// `PushParser` fed `chunk` bytes at a time, taking the responses completed
/// after each chunk, visiting every field.
pub fn push_visit(bytes: &[u8], chunk: usize) -> Digest {
    let mut parser = PushParser::new();
    let mut digest = Digest::default();
    let mut take = |parser: &mut PushParser| {
        while let Some(response) = parser.next_response().expect("benchmark inputs parse") {
            visit(&response, &mut digest);
        }
    };
    for piece in bytes.chunks(chunk) {
        parser.feed(piece);
        take(&mut parser);
    }
    parser.finish();
    take(&mut parser);
    assert!(parser.is_done(), "the push parser reached the end");
    digest.add(parser.description().map_or(0, |d| d.len() + 1));
    digest.add(parser.sync_token().map_or(0, |t| t.len() + 1));
    digest
}

/// What a file browser shows, through the typed accessors: href, etag,
/// length, last-modified, resource type. Returns the number of responses
/// and a digest of the values.
pub fn typed(bytes: &[u8]) -> (usize, Digest) {
    let mut reader = ResponseReader::from_bytes(bytes);
    let mut digest = Digest::default();
    let mut responses = 0;
    while let Some(response) = reader.next_response().expect("benchmark inputs parse") {
        responses += 1;
        digest.add(response.href().map_or(0, |href| href.as_str().len()));
        digest.add(response.etag().and_then(Result::ok).map_or(0, |etag| etag.as_str().len()));
        digest.add(response.content_length().and_then(Result::ok).map_or(0, |length| length as usize));
        digest.add(response.last_modified().and_then(Result::ok).map_or(0, |date| date.unix_timestamp() as usize));
        digest.add(response.resource_type().map_or(0, |kind| 1 + usize::from(kind.is_collection())));
    }
    (responses, digest)
}

/// `ResponseReader` over the slice, building the owned model the baselines
/// build: the same work as theirs, field for field.
pub fn owned_model(bytes: &[u8]) -> model::Multistatus {
    let mut reader = ResponseReader::from_bytes(bytes);
    let mut responses = Vec::new();
    while let Some(response) = reader.next_response().expect("benchmark inputs parse") {
        responses.push(owned_response(&response));
    }
    model::Multistatus {
        responses,
        description: reader.description().map(Into::into),
        sync_token: reader.sync_token().map(Into::into),
    }
}

fn owned_response(response: &Response<'_>) -> model::Response {
    let conditions = |error: Option<multistatus::Element<'_>>| {
        error.map(|error| {
            error
                .children()
                .map(|c| model::Condition { ns: c.namespace().into_owned(), name: c.local_name().to_owned() })
                .collect()
        })
    };
    model::Response {
        hrefs: response.hrefs().map(|h| h.as_str().to_owned()).collect(),
        status: response.status().and_then(|s| s.code()),
        propstats: response
            .propstats()
            .map(|propstat| model::Propstat {
                status: propstat.status().and_then(|s| s.code()),
                props: propstat
                    .properties()
                    .map(|p| model::Property {
                        ns: p.namespace().into_owned(),
                        name: p.local_name().to_owned(),
                        text: p.text().into_owned(),
                        children: p.child_count(),
                    })
                    .collect(),
                error: conditions(propstat.dav_error()),
                description: propstat.description().map(Into::into),
            })
            .collect(),
        error: conditions(response.dav_error()),
        description: response.description().map(Into::into),
        location: response.location().map(|l| l.as_str().to_owned()),
    }
}

/// Runs every run of this crate on `bytes` and checks it against the
/// canonical model (`expected`); panics with the input's name otherwise.
pub fn check_this_crate(name: &str, bytes: &[u8], expected: &model::Multistatus) {
    let digest = model_digest(expected);
    assert_eq!(slice_visit(bytes), digest, "{name}: the slice visit misses fields");
    assert_eq!(stream_visit(bytes), digest, "{name}: the stream visit misses fields");
    assert_eq!(push_visit(bytes, PUSH_CHUNK), digest, "{name}: the push visit misses fields");
    assert_eq!(push_visit(bytes, 1), digest, "{name}: the push visit fed by the byte misses fields");
    assert_eq!(typed(bytes).0, expected.responses.len(), "{name}: typed extraction");
    assert!(owned_model(bytes) == *expected, "{name}: the owned model differs from the canonical JSON");
}
