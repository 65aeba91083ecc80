//! Runs one benchmark workload in a loop for a profiler: the
//! 10,000-response listing (`listing-10k`), or the benchmark input named by
//! `MULTISTATUS_PROFILE_INPUT` (`propfind-small`, `caldav-multiget`, …, or
//! `corpus`, the documents of the benchmark's corpus group each pass, or the
//! path of a document), read
//! the way `benches/parse.rs` reads it, as `multistatus-slice` (`slice`, the
//! default), `multistatus-stream` (`stream`), `multistatus-push` (`push`),
//! `multistatus-push-1` (`push-1`), `multistatus-typed` (`typed`), or `quick-xml-raw` (`raw`).
//!
//! ```sh
//! cargo build --profile bench --example bench_profile
//! perf record -g target/release/examples/bench_profile slice 10
//! perf report --no-children
//! valgrind --tool=callgrind target/release/examples/bench_profile slice --runs 2
//! ```
//!
//! The last argument is how long to loop, in seconds, or `--runs N` for a
//! fixed number of passes (instruction counts under callgrind). Prints the
//! throughput, so two builds can be compared on the same machine.

#[path = "../benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::Instant;

/// How long to loop: a duration or a number of passes.
enum Until {
    Seconds(f64),
    Runs(u64),
}

fn usage() -> ! {
    eprintln!("usage: bench_profile [slice|stream|push|push-1|typed|raw] [SECONDS | --runs N]");
    std::process::exit(2);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let implementation = args.next().unwrap_or_else(|| "slice".to_owned());
    let until = match (args.next().as_deref(), args.next()) {
        (None, _) => Until::Seconds(10.0),
        (Some("--runs"), Some(n)) => Until::Runs(n.parse().unwrap_or_else(|_| usage())),
        (Some(seconds), None) => Until::Seconds(seconds.parse().unwrap_or_else(|_| usage())),
        _ => usage(),
    };
    let run: fn(&[u8]) -> u64 = match implementation.as_str() {
        "slice" => |bytes| support::slice_visit(bytes).0,
        "stream" => |bytes| support::stream_visit(bytes).0,
        "push" => |bytes| support::push_visit(bytes, support::PUSH_CHUNK).0,
        "push-1" => |bytes| support::push_visit(bytes, 1).0,
        "typed" => |bytes| support::typed(bytes).1 .0,
        "raw" => |bytes| multistatus_oracles::raw::count_events(bytes).expect("the listing tokenizes") as u64,
        _ => usage(),
    };
    // One pass reads every document, as the benchmark's groups do (`corpus`: every document of `corpus/`).
    let documents: Vec<Vec<u8>> = match std::env::var("MULTISTATUS_PROFILE_INPUT") {
        Ok(name) if name == "corpus" => {
            multistatus_oracles::inputs::corpus_group().into_iter().map(|(_, bytes)| bytes).collect()
        }
        // A path names a document of one's own (a capture, a reduced case).
        Ok(name) if std::path::Path::new(&name).is_file() => {
            vec![std::fs::read(&name).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))]
        }
        Ok(name) => vec![
            multistatus_oracles::inputs::inputs(multistatus_oracles::inputs::Set::Full)
                .into_iter()
                .find(|input| input.name == name)
                .unwrap_or_else(|| usage())
                .bytes,
        ],
        Err(_) => vec![multistatus_oracles::listing::listing(10_000).into_bytes()],
    };
    let bytes: usize = documents.iter().map(Vec::len).sum();
    let started = Instant::now();
    let mut runs = 0u64;
    let mut digest = 0u64;
    while match until {
        Until::Seconds(seconds) => started.elapsed().as_secs_f64() < seconds,
        Until::Runs(n) => runs < n,
    } {
        for document in &documents {
            digest = digest.wrapping_add(run(black_box(document)));
        }
        runs += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    let rate = runs as f64 * bytes as f64 / seconds / 1e6;
    println!("{implementation}: {rate:.1} MB/s, {runs} passes over {bytes} bytes (digest {digest:x})");
}
