//! The memory table of the benchmark suite: for each implementation on the
//! 10,000-response listing, the number of allocations, the bytes allocated
//! and the peak live heap, counted by a global allocator; then this crate's
//! peak heap on 1,000, 10,000 and 100,000 responses, to show that iterating
//! responses takes memory independent of the input's size.
//!
//! ```sh
//! cargo run --release --example bench_memory -- --out benches/MEMORY.md
//! ```
//!
//! Every run is checked against the canonical model first (as the
//! benchmarks do). The input itself is built before counting starts and is
//! not counted.

#[path = "../benches/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use multistatus_oracles::baselines;
use multistatus_oracles::{listing, minidom_dom, raw, roxml, serde_structs, xmlrs, xmltree_dom};

/// The system allocator, counting.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
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
            ALLOCATED.fetch_add(layout.size(), Relaxed);
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            ALLOCATED.fetch_add(layout.size(), Relaxed);
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
            // A reallocation counts as an allocation; the bytes allocated
            // grow by what it added.
            ALLOCATIONS.fetch_add(1, Relaxed);
            if new_size > layout.size() {
                ALLOCATED.fetch_add(new_size - layout.size(), Relaxed);
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

/// What one run allocated.
struct Usage {
    allocations: usize,
    allocated: usize,
    peak: usize,
}

/// Runs `run` (and drops what it returns) while counting.
fn measure<T>(run: impl FnOnce() -> T) -> Usage {
    let (allocations, allocated, live) = (ALLOCATIONS.load(Relaxed), ALLOCATED.load(Relaxed), LIVE.load(Relaxed));
    PEAK.store(live, Relaxed);
    drop(black_box(run()));
    Usage {
        allocations: ALLOCATIONS.load(Relaxed) - allocations,
        allocated: ALLOCATED.load(Relaxed) - allocated,
        peak: PEAK.load(Relaxed) - live,
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as `1.23 MB` or `456 B`.
fn size(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

type Run = fn(&[u8]);

/// Every implementation, as the benchmarks run it (results dropped).
fn implementations() -> Vec<(&'static str, Run)> {
    vec![
        ("multistatus-slice", |b| {
            black_box(support::slice_visit(b));
        }),
        ("multistatus-stream", |b| {
            black_box(support::stream_visit(b));
        }),
        ("multistatus-typed", |b| {
            black_box(support::typed(b));
        }),
        ("multistatus-model", |b| drop(black_box(support::owned_model(b)))),
        ("quick-xml-raw", |b| {
            black_box(raw::count_events(b).unwrap());
        }),
        ("roxmltree", |b| {
            let text = roxml::normalise_line_ends(roxml::utf8_text(b).unwrap());
            let doc = roxml::document(&text).unwrap();
            drop(black_box((roxml::from_document(&doc).unwrap(), &doc)));
        }),
        ("quick-xml-serde", |b| drop(black_box(serde_structs::parse(b).unwrap()))),
        ("xml-rs", |b| drop(black_box(xmlrs::parse(b).unwrap()))),
        ("xmltree", |b| {
            let tree = xmltree_dom::tree(b).unwrap();
            drop(black_box((xmltree_dom::from_tree(&tree).unwrap(), tree)));
        }),
        ("minidom", |b| {
            let tree = minidom_dom::tree(b).unwrap();
            drop(black_box((minidom_dom::from_tree(&tree).unwrap(), tree)));
        }),
    ]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out_path = match (args.next().as_deref(), args.next()) {
        (None, _) => None,
        (Some("--out"), Some(path)) => Some(path),
        _ => {
            eprintln!("usage: bench_memory [--out FILE.md]");
            std::process::exit(2);
        }
    };

    let listing_10k = listing::listing(10_000).into_bytes();
    let expected = support::expected(&listing_10k);
    support::check_this_crate("listing-10k", &listing_10k, &expected);
    for baseline in &baselines::ALL {
        baseline.check(&listing_10k, &expected).unwrap_or_else(|why| panic!("listing-10k: {why}"));
    }

    let mut table = String::new();
    let _ = writeln!(
        table,
        "Memory on the 10,000-response listing ({} of input, not counted): allocations (reallocations \
         included), bytes allocated, and the peak of live heap above what was live before the run.\n",
        size(listing_10k.len())
    );
    let _ = writeln!(table, "| implementation | allocations | bytes allocated | peak live heap |");
    let _ = writeln!(table, "| --- | ---: | ---: | ---: |");
    for (name, run) in implementations() {
        run(&listing_10k); // warm up: lazily initialised statics are not the run's
        let usage = measure(|| run(&listing_10k));
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} |",
            thousands(usage.allocations),
            size(usage.allocated),
            size(usage.peak)
        );
    }

    let _ = writeln!(
        table,
        "\nPeak live heap of this crate by listing size: iterating responses holds one response at a time.\n"
    );
    let sizes = [1_000, 10_000, 100_000];
    let _ = writeln!(table, "| implementation | 1,000 responses | 10,000 responses | 100,000 responses |");
    let _ = writeln!(table, "| --- | ---: | ---: | ---: |");
    let listings: Vec<Vec<u8>> = sizes.iter().map(|&n| listing::listing(n).into_bytes()).collect();
    for (name, run) in implementations().into_iter().filter(|(name, _)| name.starts_with("multistatus")) {
        let cells: Vec<String> = listings
            .iter()
            .map(|listing| {
                let usage = measure(|| run(listing));
                format!("{} ({} allocations)", size(usage.peak), thousands(usage.allocations))
            })
            .collect();
        let _ = writeln!(table, "| {name} | {} |", cells.join(" | "));
    }

    print!("{table}");
    if let Some(path) = out_path {
        std::fs::write(&path, &table).unwrap_or_else(|e| panic!("{path}: {e}"));
        eprintln!("wrote {path}");
    }
}
