//! Throughput of this crate against the baselines of `oracles/` on every
//! benchmark input (`oracles/src/inputs.rs`): one criterion group per
//! input, every implementation in the group, `Throughput::Bytes`.
//!
//! Before anything is timed, every implementation's result on every input
//! is checked against this crate's canonical model (and a baseline that
//! disagrees where it is not documented to panics the run).
//!
//! ```sh
//! cargo bench --bench parse                            # the full suite, about 10 minutes on 2 cores
//! MULTISTATUS_BENCH_QUICK=1 cargo bench --bench parse  # every benchmark once, small inputs only (CI)
//! cargo run --release --example bench_report -- --commit # benches/REPORT.md and benches/report.svg, from a full run only
//! ```
//!
//! Implementations, as named in the groups:
//!
//! * `multistatus-slice`: `ResponseReader` over the slice, visiting every
//!   field of the model (zero-copy: texts are decoded only where needed);
//! * `multistatus-stream`: `StreamReader` over a 64 KiB `BufReader`, the same visit;
//! * `multistatus-push`: `PushParser` fed 16 KiB chunks, the same visit;
//! * `multistatus-push-1`: `PushParser` fed one byte at a time, the same
//!   visit (the resumable scanner's worst case: it must stay linear);
//! * `multistatus-typed`: what a file browser reads, through `href()`,
//!   `etag()`, `content_length()`, `last_modified()`, `resource_type()`;
//! * `multistatus-model`: `ResponseReader` building the owned model the
//!   baselines build, field for field (the like-for-like comparison);
//! * `quick-xml-raw`: quick-xml's tokenizer counting events, no namespaces,
//!   no extraction: the ceiling;
//! * `roxmltree`, `quick-xml-serde`, `xml-rs`, `xmltree`, `minidom`: the
//!   baselines, each building the owned model. DOM baselines return their
//!   tree with the model, so freeing either is not timed
//!   (`iter_with_large_drop`), and so do the others with their model.
//!
//! xml-rs, xmltree and minidom run up to the 10,000-response inputs: on the
//! 100,000-response listing they would take minutes on their own.
//!
//! After criterion, the same run times the pairs of the report's targets
//! ([`PAIRS`]) in interleaved rounds: each round times both implementations
//! of a pair back to back, for about [`ROUND_SECONDS`] each, and gives one
//! ratio. Criterion times each implementation in a block of seconds of its
//! own, so on a shared machine a slow spell can fall on one side of a ratio
//! only; within a round both sides share it. The rounds' median and
//! quartiles go to `multistatus-paired.json`, beside criterion's results, for
//! the report.

#[path = "support/mod.rs"]
mod support;

use support::implementations::{IMPLEMENTATIONS, IN_EVERY_GROUP};
use support::run::{self, bench, quick};

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Instant;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use multistatus_oracles::baselines::{self, Baseline};
use multistatus_oracles::inputs::{self, Set};
use multistatus_oracles::{minidom_dom, raw, roxml, serde_structs, xmlrs, xmltree_dom};

/// Inputs this large are sampled less and only by the faster baselines.
const LARGE: usize = 20 << 20;

/// A group of documents timed together (one input, or the corpus set).
struct Workload {
    name: String,
    documents: Vec<(String, Vec<u8>)>,
}

impl Workload {
    fn bytes(&self) -> u64 {
        self.documents.iter().map(|(_, d)| d.len() as u64).sum()
    }
}

fn workloads() -> Vec<Workload> {
    let set = if quick() { Set::Quick } else { Set::Full };
    let mut workloads = Vec::new();
    workloads.push(Workload { name: "corpus".to_owned(), documents: inputs::corpus_group() });
    for input in inputs::inputs(set) {
        workloads.push(Workload { name: input.name.to_owned(), documents: vec![(input.name.to_owned(), input.bytes)] });
    }
    workloads
}

/// Every implementation's result on every document of `workload`, checked
/// before anything is timed.
fn check(workload: &Workload) {
    for (name, bytes) in &workload.documents {
        let expected = support::expected(bytes);
        support::check_this_crate(name, bytes, &expected);
        raw::count_events(bytes).unwrap_or_else(|e| panic!("{name}: the raw tokenizer fails: {e}"));
        for baseline in baselines::ALL.iter().filter(|b| runs(b, workload)) {
            if let Err(why) = baseline.check(bytes, &expected) {
                panic!("{name}: {why}");
            }
        }
    }
}

/// Whether `baseline` runs on `workload`.
fn runs(baseline: &Baseline, workload: &Workload) -> bool {
    let slow = matches!(baseline.name, "xml-rs" | "xmltree" | "minidom");
    let large = workload.bytes() as usize > LARGE;
    !(slow && large) && workload.documents.iter().all(|(name, _)| baseline.exclusion(name).is_none())
}

/// A roxmltree document kept for dropping outside the timing: it borrows
/// the input, unless the input had line ends to normalise.
enum RoxmlTree<'a> {
    #[allow(dead_code)] // only kept to be dropped untimed
    Borrowed(roxml::Document<'a>),
    Dropped,
}

fn roxmltree_run(bytes: &[u8]) -> (RoxmlTree<'_>, multistatus_oracles::model::Multistatus) {
    let text = roxml::utf8_text(bytes).unwrap();
    match roxml::normalise_line_ends(text) {
        Cow::Borrowed(text) => {
            let doc = roxml::document(text).unwrap();
            let model = roxml::from_document(&doc).unwrap();
            (RoxmlTree::Borrowed(doc), model)
        }
        Cow::Owned(text) => {
            let doc = roxml::document(&text).unwrap();
            (RoxmlTree::Dropped, roxml::from_document(&doc).unwrap())
        }
    }
}

/// What is done with an implementation's pass over a workload: criterion
/// times it ([`InGroup`]), or an interleaved round does ([`Timed`]). One
/// definition of each pass ([`with_pass`]) serves both, so the two time the
/// same work.
trait TakesPass {
    type Output;
    /// Takes `pass`, which returns everything it built (dropped untimed).
    fn take<O>(self, pass: impl FnMut() -> O) -> Self::Output;
}

/// A criterion benchmark named `name` in `group`.
struct InGroup<'g, 'c> {
    group: &'g mut BenchmarkGroup<'c, WallTime>,
    name: &'g str,
}

impl TakesPass for InGroup<'_, '_> {
    type Output = ();
    fn take<O>(self, pass: impl FnMut() -> O) {
        bench(self.group, self.name, pass);
    }
}

/// This many passes timed by the clock: seconds per pass.
struct Timed(usize);

impl TakesPass for Timed {
    type Output = f64;
    fn take<O>(self, pass: impl FnMut() -> O) -> f64 {
        timed(self.0, pass)
    }
}

/// Gives `taker` one pass of the implementation `name` over `docs`.
fn with_pass<T: TakesPass>(name: &str, docs: &[&[u8]], taker: T) -> T::Output {
    match name {
        "multistatus-slice" => {
            taker.take(|| docs.iter().map(|d| support::slice_visit(black_box(d))).collect::<Vec<_>>())
        }
        "multistatus-stream" => {
            taker.take(|| docs.iter().map(|d| support::stream_visit(black_box(d))).collect::<Vec<_>>())
        }
        "multistatus-push" => taker
            .take(|| docs.iter().map(|d| support::push_visit(black_box(d), support::PUSH_CHUNK)).collect::<Vec<_>>()),
        "multistatus-push-1" => {
            taker.take(|| docs.iter().map(|d| support::push_visit(black_box(d), 1)).collect::<Vec<_>>())
        }
        "multistatus-typed" => taker.take(|| docs.iter().map(|d| support::typed(black_box(d))).collect::<Vec<_>>()),
        "multistatus-model" => {
            taker.take(|| docs.iter().map(|d| support::owned_model(black_box(d))).collect::<Vec<_>>())
        }
        "quick-xml-raw" => {
            taker.take(|| docs.iter().map(|d| raw::count_events(black_box(d)).unwrap()).collect::<Vec<_>>())
        }
        "roxmltree" => taker.take(|| docs.iter().map(|d| roxmltree_run(black_box(d))).collect::<Vec<_>>()),
        "quick-xml-serde" => {
            taker.take(|| docs.iter().map(|d| serde_structs::parse(black_box(d)).unwrap()).collect::<Vec<_>>())
        }
        "xml-rs" => taker.take(|| docs.iter().map(|d| xmlrs::parse(black_box(d)).unwrap()).collect::<Vec<_>>()),
        "xmltree" => taker.take(|| {
            docs.iter()
                .map(|d| {
                    let tree = xmltree_dom::tree(black_box(d)).unwrap();
                    let model = xmltree_dom::from_tree(&tree).unwrap();
                    (tree, model)
                })
                .collect::<Vec<_>>()
        }),
        "minidom" => taker.take(|| {
            docs.iter()
                .map(|d| {
                    let tree = minidom_dom::tree(black_box(d)).unwrap();
                    let model = minidom_dom::from_tree(&tree).unwrap();
                    (tree, model)
                })
                .collect::<Vec<_>>()
        }),
        other => unreachable!("no benchmark for {other}"),
    }
}

fn bench_workload(c: &mut Criterion, workload: &Workload) {
    let mut group = c.benchmark_group(&workload.name);
    group.throughput(Throughput::Bytes(workload.bytes()));
    if workload.bytes() as usize > LARGE / 4 && !quick() {
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
    }
    let docs: Vec<&[u8]> = workload.documents.iter().map(|(_, d)| d.as_slice()).collect();
    let baselines = baselines::ALL.iter().filter(|b| runs(b, workload)).map(|b| b.name);
    for name in IMPLEMENTATIONS[..IN_EVERY_GROUP].iter().copied().chain(baselines) {
        with_pass(name, &docs, InGroup { group: &mut group, name });
    }
    group.finish();
}

/// The targets' pairs timed in interleaved rounds: on `.0`, the throughput
/// of `.1` divided by that of `.2` (as in `examples/bench_report.rs`).
/// Not the 100,000-response listing, whose passes take seconds.
const PAIRS: [(&str, &str, &str); 9] = [
    ("listing-10k", "multistatus-slice", "quick-xml-raw"),
    ("listing-10k", "multistatus-slice", "roxmltree"),
    ("caldav-multiget", "multistatus-slice", "quick-xml-raw"),
    ("propfind-small", "multistatus-slice", "quick-xml-raw"),
    ("corpus", "multistatus-slice", "quick-xml-raw"),
    ("listing-10k", "multistatus-stream", "multistatus-slice"),
    ("listing-10k", "multistatus-push", "multistatus-slice"),
    ("listing-10k", "multistatus-push-1", "multistatus-push"),
    ("propfind-small", "multistatus-push-1", "multistatus-push"),
];

/// How long each side of a round runs, and how many rounds a pair gets.
const ROUND_SECONDS: f64 = 0.1;
const ROUNDS: usize = 41;

/// Seconds per pass of `passes` passes of `run`; what the passes built is
/// dropped after the clock stops, as criterion's `iter_with_large_drop` does.
fn timed<O>(passes: usize, mut run: impl FnMut() -> O) -> f64 {
    let mut built = Vec::with_capacity(passes);
    let clock = Instant::now();
    for _ in 0..passes {
        built.push(run());
    }
    let seconds = clock.elapsed().as_secs_f64();
    drop(built);
    seconds / passes as f64
}

/// Seconds per pass of the implementation `name` over `docs`, each pass the
/// work its criterion benchmark times.
fn seconds_per_pass(name: &str, docs: &[&[u8]], passes: usize) -> f64 {
    with_pass(name, docs, Timed(passes))
}

/// The ratios of the interleaved rounds of one pair: `ours`'s throughput
/// divided by `theirs`'s, each round timing both, the first side alternating.
fn interleaved(docs: &[&[u8]], ours: &str, theirs: &str, rounds: usize, round_seconds: f64) -> Vec<f64> {
    // Enough passes for a side to last about `round_seconds`, from one pass (after one to warm up).
    let passes = |name: &str| {
        seconds_per_pass(name, docs, 1);
        (round_seconds / seconds_per_pass(name, docs, 1)).ceil().max(1.0) as usize
    };
    let (our_passes, their_passes) = (passes(ours), passes(theirs));
    (0..rounds)
        .map(|round| {
            let (ours, theirs) = if round % 2 == 0 {
                let ours = seconds_per_pass(ours, docs, our_passes);
                (ours, seconds_per_pass(theirs, docs, their_passes))
            } else {
                let theirs = seconds_per_pass(theirs, docs, their_passes);
                (seconds_per_pass(ours, docs, our_passes), theirs)
            };
            theirs / ours
        })
        .collect()
}

/// The value at `fraction` (0 to 1) of the sorted `values`, interpolated.
fn quantile(sorted: &[f64], fraction: f64) -> f64 {
    let at = fraction * (sorted.len() - 1) as f64;
    let (below, above) = (at.floor() as usize, at.ceil() as usize);
    sorted[below] + (sorted[above] - sorted[below]) * (at - below as f64)
}

/// Times every pair of [`PAIRS`] whose input is in `workloads`, and records
/// the rounds in `multistatus-paired.json`.
fn bench_pairs(workloads: &[Workload]) {
    let started = run::started();
    let (rounds, round_seconds) = if quick() { (3, 0.01) } else { (ROUNDS, ROUND_SECONDS) };
    let mut pairs = Vec::new();
    for (input, ours, theirs) in PAIRS {
        let Some(workload) = workloads.iter().find(|w| w.name == input) else { continue };
        let docs: Vec<&[u8]> = workload.documents.iter().map(|(_, d)| d.as_slice()).collect();
        let mut ratios = interleaved(&docs, ours, theirs, rounds, round_seconds);
        ratios.sort_by(f64::total_cmp);
        let (q1, median, q3) = (quantile(&ratios, 0.25), quantile(&ratios, 0.5), quantile(&ratios, 0.75));
        eprintln!("{input}: {ours} / {theirs} interleaved, {rounds} rounds: median {median:.3} (quartiles {q1:.3} to {q3:.3})");
        pairs.push(serde_json::json!({
            "input": input, "ours": ours, "theirs": theirs, "round_seconds": round_seconds,
            "median": median, "q1": q1, "q3": q3, "ratios": ratios,
        }));
    }
    let mut extra = serde_json::Map::new();
    extra.insert("pairs".to_owned(), serde_json::Value::Array(pairs));
    run::record(&started, "multistatus-paired.json", extra);
}

fn main() {
    let started = run::started();
    let mut criterion = run::criterion();

    let workloads = workloads();
    for workload in &workloads {
        check(workload);
        eprintln!(
            "{}: {} bytes in {} document(s); every implementation agrees with the canonical model",
            workload.name,
            workload.bytes(),
            workload.documents.len()
        );
    }
    for workload in &workloads {
        bench_workload(&mut criterion, workload);
    }
    criterion.final_summary();
    // Only under `cargo bench` (`--bench`; not `cargo test`'s one pass) of the whole suite:
    // a filtered run (`cargo bench -- listing`) is criterion's alone.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--bench") && args.iter().all(|arg| arg.starts_with('-')) {
        bench_pairs(&workloads);
    }
    // The conditions of the run, for the report (`examples/bench_report.rs`).
    run::record(&started, "multistatus-run.json", serde_json::Map::new());
}
