//! Hostile bodies cost bounded memory (issue 11), counted: for every class
//! of `examples/hostile/bodies.rs`, streamed with the default limits at two
//! sizes, the peak live heap stays far below the body's amplification
//! before the fix and grows no faster than the input; warnings stay within
//! their byte budget; a push parser fed after the end keeps nothing.
//!
//! Time is not asserted here: `.ci/run` times the classes with the
//! `hostile` example. One test in this binary, so no other thread
//! allocates while it counts.

#[path = "../examples/hostile/bodies.rs"]
mod bodies;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use multistatus::{Config, PushParser, StreamReader};

/// The system allocator, counting allocations, live bytes and their peak.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is forwarded to `System` with the caller's arguments;
// the counters are only arithmetic on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            if new_size > layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made and the peak of live bytes above the start, during `run`.
fn measure(run: impl FnOnce()) -> (usize, usize) {
    let (allocations, live) = (ALLOCATIONS.load(Relaxed), LIVE.load(Relaxed));
    PEAK.store(live, Relaxed);
    run();
    (ALLOCATIONS.load(Relaxed) - allocations, PEAK.load(Relaxed) - live)
}

/// Streams `body` through a `StreamReader` as msdump does; the warnings
/// recorded and the bytes of text they hold.
fn stream(body: &str, config: &Config) -> (usize, usize) {
    let mut reader =
        StreamReader::with_config(std::io::BufReader::with_capacity(64 * 1024, body.as_bytes()), config.clone());
    while let Ok(Some(response)) = reader.next_response() {
        std::hint::black_box(response.propstats().flat_map(|p| p.properties()).count());
    }
    let warnings = reader.warnings();
    // The warnings of one response share one copy of its href.
    let hrefs: std::collections::HashSet<_> =
        warnings.iter().filter_map(|w| w.href()).map(|h| (h.as_ptr(), h.len())).collect();
    let text = warnings.iter().map(|w| w.path().len()).sum::<usize>() + hrefs.iter().map(|(_, len)| len).sum::<usize>();
    (warnings.len(), text)
}

const MIB: usize = 1 << 20;
/// The target for a 4 MB body of any shape.
const PEAK_AT_4_MB: usize = 48 * MIB;

fn classes_stream_in_bounded_memory() {
    for class in bodies::CLASSES {
        let mut config = Config::default();
        config.lenient = class.lenient;
        let (mut peaks, mut counts) = (Vec::new(), Vec::new());
        for size in [MIB, 4 * MIB] {
            let body = (class.generate)(size);
            let mut warnings = (0, 0);
            let (allocations, peak) = measure(|| warnings = stream(&body, &config));
            println!(
                "{:<26} {:>8} bytes: {allocations:>6} allocations, peak {:>6} KiB, {} warnings holding {} bytes",
                class.name,
                body.len(),
                peak / 1024,
                warnings.0,
                warnings.1
            );
            // Paths and hrefs are cut to 1 KiB and recording stops at 1 MiB of text.
            assert!(warnings.1 <= 2 * MIB, "{}: warnings hold {} bytes", class.name, warnings.1);
            peaks.push(peak);
            counts.push(allocations);
        }
        // Allocations grow at most with the input (lenient recoveries build
        // their kind before they are found not to be recorded), never faster.
        assert!(counts[1] <= 4 * counts[0] + 1024, "{}: allocations {counts:?} grew faster than the input", class.name);
        // Before issue 11: the 4 MB body of empty elements kept 130 MB of
        // tree and 160 KB of warning paths kept 981 MB.
        assert!(peaks[1] < PEAK_AT_4_MB, "{}: peak {} KiB on 4 MiB", class.name, peaks[1] / 1024);
        // The window holds the body (one response): at most a few times
        // the input, never its square.
        assert!(peaks[1] <= 5 * peaks[0] + 4 * MIB, "{}: peaks {peaks:?} grew faster than the input", class.name);
    }
}

fn feeding_after_the_end_keeps_nothing() {
    let mut parser = PushParser::new();
    parser.feed(b"<D:multistatus xmlns:D=\"DAV:\"/>");
    parser.finish();
    while let Ok(Some(_)) = parser.next_response() {}
    assert!(parser.is_done());
    let chunk = vec![b' '; MIB];
    let mut after_the_end = |megabytes: usize| {
        measure(|| {
            for _ in 0..megabytes {
                parser.feed(&chunk);
            }
        })
    };
    let (small, large) = (after_the_end(4), after_the_end(16));
    println!("PushParser fed 4 MiB after the end: {small:?}; 16 MiB: {large:?} (allocations, peak)");
    assert_eq!(small, (0, 0), "bytes fed after the end were kept");
    assert_eq!(large, (0, 0), "bytes fed after the end were kept");
    // After an error as well.
    let mut failed = PushParser::new();
    failed.feed(b"<not-multistatus/>");
    assert!(failed.next_response().is_err());
    let (allocations, peak) = measure(|| failed.feed(&chunk));
    assert_eq!((allocations, peak), (0, 0), "bytes fed after an error were kept");
}

#[test]
fn hostile_bodies_cost_bounded_memory() {
    classes_stream_in_bounded_memory();
    feeding_after_the_end_keeps_nothing();
}
