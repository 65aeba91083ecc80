//! Zero-copy, measured: visiting a listing response by response allocates a
//! fixed amount, whatever the number of responses, through the slice reader
//! and the `BufRead` reader; the push parser allocates per chunk, never per
//! response. A reader built after another was dropped on the same thread
//! reuses its buffers, up to a bound.
//!
//! Only the measuring thread's allocations count: the test harness's own
//! thread allocates too while a test runs (its "has been running for over
//! 60 seconds" notice on a slow machine), which once made a global count
//! read 31 where the parser made 28.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use multistatus::{PushParser, Response, ResponseReader, StreamReader, DAV};
use multistatus_oracles::listing::listing;

/// The system allocator, counting what the thread that turned counting on allocates.
struct ThreadCounting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated less bytes freed while counting: what is still held.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Counts one allocation (or reallocation) of `size` bytes, if this thread
/// counts, and `live` more bytes held.
fn record(size: usize, live: isize) {
    // `try_with`: a thread being torn down has no counters, and counts nothing.
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        let _ = BYTES.try_with(|n| n.set(n.get() + size));
        let _ = LIVE.try_with(|n| n.set(n.get() + live));
    }
}

/// Counts `size` bytes freed, if this thread counts.
fn record_free(size: usize) {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let _ = LIVE.try_with(|n| n.set(n.get() - size as isize));
    }
}

// SAFETY: every call is forwarded to `System` with the caller's arguments;
// the counters are only arithmetic on the side, in const-initialised
// thread-locals that never allocate.
unsafe impl GlobalAlloc for ThreadCounting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size(), layout.size() as isize);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        record_free(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size.saturating_sub(layout.size()), new_size as isize - layout.size() as isize);
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(pointer, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: ThreadCounting = ThreadCounting;

/// Reads every field a file browser needs from a response.
fn visit(response: &Response<'_>) -> usize {
    let mut visited = response.href().unwrap().as_str().len();
    for propstat in response.propstats() {
        visited += propstat.status().unwrap().code().map_or(0, usize::from);
        // Every property's text, a container's too: the listing, as Apache writes it,
        // puts one line feed between tags, which a container's text reads without a join.
        for property in propstat.properties() {
            visited += property.namespace().len() + property.local_name().len() + property.text().len();
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

/// Allocations (counting reallocations) and bytes allocated (what a
/// reallocation grew by) by `run`, on this thread.
fn count(run: impl Fn(&str) -> usize, body: &str) -> (usize, usize) {
    let (allocations, bytes, _) = count_live(run, body);
    (allocations, bytes)
}

/// [`count`], and the bytes still held on this thread after `run`
/// returned (what it allocated less what it freed).
fn count_live(run: impl Fn(&str) -> usize, body: &str) -> (usize, usize, isize) {
    ALLOCATIONS.with(|n| n.set(0));
    BYTES.with(|n| n.set(0));
    LIVE.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    std::hint::black_box(run(body));
    COUNTING.with(|on| on.set(false));
    (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get), LIVE.with(Cell::get))
}

/// `f`'s result, run on a new thread.
fn on_new_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().expect("the counting thread panicked"))
}

#[test]
fn allocations_do_not_grow_with_the_number_of_responses() {
    let small = listing(10_000);
    let large = listing(100_000);
    for (name, run) in [("ResponseReader", slice_reader as fn(&str) -> usize), ("StreamReader", stream_reader)] {
        // Each on a thread of its own: no buffers of an earlier reader to take.
        let (small_count, small_bytes) = on_new_thread(|| count(run, &small));
        let (large_count, large_bytes) = on_new_thread(|| count(run, &large));
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

#[test]
fn a_reader_takes_the_buffers_of_the_last_one_dropped() {
    let body = listing(10);
    let (first, _) = count(slice_reader, &body);
    let (second, second_bytes) = count(slice_reader, &body);
    println!("ResponseReader over 10 responses: {first} allocations first, {second} after");
    assert!(first > 0, "the first reader of the thread grows buffers of its own");
    assert_eq!((second, second_bytes), (0, 0), "the second reader allocated, with the first one's buffers to take");
}

#[test]
fn a_dropped_reader_keeps_only_small_buffers() {
    // One response with 20,000 properties: its tree is megabytes, far past what a thread keeps.
    let mut body = String::from(r#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/a</d:href><d:propstat><d:prop>"#);
    for i in 0..20_000 {
        body.push_str(&format!("<d:p{i}>x</d:p{i}>"));
    }
    body.push_str("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>");
    let properties = |body: &str| {
        let mut reader = ResponseReader::new(body);
        let mut properties = 0;
        while let Some(response) = reader.next_response().unwrap() {
            properties += response.propstats().map(|propstat| propstat.properties().count()).sum::<usize>();
        }
        properties
    };
    let (_, allocated, held) = count_live(properties, &body);
    println!("ResponseReader over one 20,000-property response: {allocated} bytes allocated, {held} still held");
    assert!(allocated > 1 << 20, "the response's tree should take megabytes ({allocated} bytes)");
    assert!(held < 256 * 1024, "a dropped reader left {held} bytes on the thread");
}
