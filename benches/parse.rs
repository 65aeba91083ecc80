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

#[path = "support/mod.rs"]
mod support;

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use multistatus_oracles::baselines::{self, Baseline};
use multistatus_oracles::inputs::{self, Set};
use multistatus_oracles::{minidom_dom, raw, roxml, serde_structs, xmlrs, xmltree_dom};

/// `MULTISTATUS_BENCH_QUICK=1`: small inputs, minimal sampling.
fn quick() -> bool {
    std::env::var_os("MULTISTATUS_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0")
}

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
    // The corpus, less the big listing (its own group) and the documents any
    // baseline is excluded from, so that every implementation reads the
    // same bytes.
    let corpus: Vec<(String, Vec<u8>)> = inputs::corpus_documents()
        .into_iter()
        .filter(|(name, _)| name != inputs::APACHE_2000)
        .filter(|(name, _)| baselines::ALL.iter().all(|b| b.exclusion(name).is_none()))
        .collect();
    workloads.push(Workload { name: "corpus".to_owned(), documents: corpus });
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

fn bench_workload(c: &mut Criterion, workload: &Workload) {
    let mut group = c.benchmark_group(&workload.name);
    group.throughput(Throughput::Bytes(workload.bytes()));
    if workload.bytes() as usize > LARGE / 4 && !quick() {
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
    }
    let docs: Vec<&[u8]> = workload.documents.iter().map(|(_, d)| d.as_slice()).collect();
    let docs = &docs;

    bench(&mut group, "multistatus-slice", || {
        docs.iter().map(|d| support::slice_visit(black_box(d))).collect::<Vec<_>>()
    });
    bench(&mut group, "multistatus-stream", || {
        docs.iter().map(|d| support::stream_visit(black_box(d))).collect::<Vec<_>>()
    });
    bench(&mut group, "multistatus-typed", || docs.iter().map(|d| support::typed(black_box(d))).collect::<Vec<_>>());
    bench(&mut group, "multistatus-model", || {
        docs.iter().map(|d| support::owned_model(black_box(d))).collect::<Vec<_>>()
    });
    bench(&mut group, "quick-xml-raw", || {
        docs.iter().map(|d| raw::count_events(black_box(d)).unwrap()).collect::<Vec<_>>()
    });
    for baseline in baselines::ALL.iter().filter(|b| runs(b, workload)) {
        match baseline.name {
            "roxmltree" => bench(&mut group, baseline.name, || {
                docs.iter().map(|d| roxmltree_run(black_box(d))).collect::<Vec<_>>()
            }),
            "quick-xml-serde" => bench(&mut group, baseline.name, || {
                docs.iter().map(|d| serde_structs::parse(black_box(d)).unwrap()).collect::<Vec<_>>()
            }),
            "xml-rs" => bench(&mut group, baseline.name, || {
                docs.iter().map(|d| xmlrs::parse(black_box(d)).unwrap()).collect::<Vec<_>>()
            }),
            "xmltree" => bench(&mut group, baseline.name, || {
                docs.iter()
                    .map(|d| {
                        let tree = xmltree_dom::tree(black_box(d)).unwrap();
                        let model = xmltree_dom::from_tree(&tree).unwrap();
                        (tree, model)
                    })
                    .collect::<Vec<_>>()
            }),
            "minidom" => bench(&mut group, baseline.name, || {
                docs.iter()
                    .map(|d| {
                        let tree = minidom_dom::tree(black_box(d)).unwrap();
                        let model = minidom_dom::from_tree(&tree).unwrap();
                        (tree, model)
                    })
                    .collect::<Vec<_>>()
            }),
            other => unreachable!("no benchmark for baseline {other}"),
        }
    }
    group.finish();
}

/// One benchmark: `run` returns everything it built, dropped untimed.
fn bench<O>(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, name: &str, mut run: impl FnMut() -> O) {
    group.bench_function(name, |b| b.iter_with_large_drop(&mut run));
}

/// Where criterion writes, as criterion finds it (the benchmark runs in the
/// package's directory).
fn criterion_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| "target".into(), std::path::PathBuf::from).join("criterion")
}

/// The one-minute load average, to tell a quiet machine from a busy one.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(|_| "unknown".to_owned(), |l| l.trim().to_owned())
}

/// The source revision: `MULTISTATUS_BENCH_REVISION`, else `git describe`.
fn revision() -> String {
    std::env::var("MULTISTATUS_BENCH_REVISION").ok().filter(|r| !r.is_empty()).unwrap_or_else(|| {
        std::process::Command::new("git")
            .args(["describe", "--always", "--dirty"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map_or_else(|| "unknown".to_owned(), |r| r.trim().to_owned())
    })
}

fn unix_time() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn main() {
    let started = (unix_time(), load_average());
    let mut criterion = if quick() {
        Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(50))
            .measurement_time(Duration::from_millis(200))
            .nresamples(1000)
    } else {
        Criterion::default()
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .nresamples(20_000)
    }
    .without_plots()
    .configure_from_args();

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
    // The conditions of the run, for the report (`examples/bench_report.rs`).
    let run = serde_json::json!({
        "started_unix": started.0,
        "finished_unix": unix_time(),
        "load_average_at_start": started.1,
        "load_average_at_end": load_average(),
        "revision": revision(),
        "quick": quick(),
    });
    let dir = criterion_dir();
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("multistatus-run.json"), run.to_string());
    }
}
