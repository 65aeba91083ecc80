//! Zero-copy, measured: visiting a listing response by response allocates a
//! fixed amount, whatever the number of responses, through the slice reader
//! and the `BufRead` reader; the push parser allocates per chunk, never per
//! response.
//!
//! One test in this binary, so no other thread allocates while it counts.

use std::alloc::System;

use multistatus::{PushParser, Response, ResponseReader, StreamReader, DAV};
use multistatus_oracles::listing::listing;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Reads every field a file browser needs from a response.
fn visit(response: &Response<'_>) -> usize {
    let mut visited = response.href().unwrap().as_str().len();
    for propstat in response.propstats() {
        visited += propstat.status().unwrap().code().map_or(0, usize::from);
        for property in propstat.properties() {
            if property.child_count() == 0 {
                visited += property.namespace().len() + property.local_name().len() + property.text().len();
            }
        }
    }
    visited += response.content_length().unwrap().unwrap() as usize;
    visited += response.etag().unwrap().unwrap().as_str().len();
    visited += response.last_modified().unwrap().unwrap().second as usize;
    visited += response.creation_date().unwrap().unwrap().second as usize;
    visited += usize::from(response.resource_type().unwrap().is_collection());
    visited + response.property(DAV, "supportedlock").unwrap().child_count()
}

fn slice_reader(body: &str) -> usize {
    let mut reader = ResponseReader::new(body);
    let mut visited = 0;
    while let Some(response) = reader.next_response().unwrap() {
        visited += visit(&response);
    }
    visited
}

fn stream_reader(body: &str) -> usize {
    let mut reader = StreamReader::new(std::io::BufReader::with_capacity(64 * 1024, body.as_bytes()));
    let mut visited = 0;
    while let Some(response) = reader.next_response().unwrap() {
        visited += visit(&response);
    }
    visited
}

const CHUNK: usize = 16 * 1024;

fn push_parser(body: &str) -> usize {
    let mut parser = PushParser::new();
    let mut visited = 0;
    for chunk in body.as_bytes().chunks(CHUNK) {
        parser.feed(chunk);
        while let Some(response) = parser.next_response().unwrap() {
            visited += visit(&response);
        }
    }
    parser.finish();
    while let Some(response) = parser.next_response().unwrap() {
        visited += visit(&response);
    }
    visited
}

/// Allocations (counting reallocations) and bytes allocated by `run`.
fn count(run: impl Fn(&str) -> usize, body: &str) -> (usize, usize) {
    let region = Region::new(GLOBAL);
    std::hint::black_box(run(body));
    let stats = region.change();
    (stats.allocations + stats.reallocations, stats.bytes_allocated)
}

#[test]
fn allocations_do_not_grow_with_the_number_of_responses() {
    let small = listing(10_000);
    let large = listing(100_000);
    for (name, run) in [("ResponseReader", slice_reader as fn(&str) -> usize), ("StreamReader", stream_reader)] {
        let (small_count, small_bytes) = count(run, &small);
        let (large_count, large_bytes) = count(run, &large);
        println!(
            "{name}: 10,000 responses: {small_count} allocations, {small_bytes} bytes; \
             100,000 responses: {large_count} allocations, {large_bytes} bytes"
        );
        assert_eq!(large_count, small_count, "{name}: allocation count grew with the listing");
        assert_eq!(large_bytes, small_bytes, "{name}: allocated bytes grew with the listing");
        assert!(small_count < 64, "{name}: more than a small fixed amount");
    }
    let (small_count, _) = count(push_parser, &small);
    let (large_count, _) = count(push_parser, &large);
    let (small_chunks, large_chunks) = (small.len().div_ceil(CHUNK), large.len().div_ceil(CHUNK));
    println!(
        "PushParser ({CHUNK}-byte chunks): 10,000 responses ({small_chunks} chunks): {small_count} allocations; \
         100,000 responses ({large_chunks} chunks): {large_count} allocations"
    );
    // A chunk that ends inside an event restarts the tokenizer: a few
    // allocations per chunk, none per response (a chunk holds about 24).
    assert!(large_count <= 8 * large_chunks + 64, "PushParser allocates more than a few times per chunk");
}
