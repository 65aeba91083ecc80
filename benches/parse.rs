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

#[path = "support/mod.rs"]
mod support;

use support::run::{self, bench, quick};

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput};
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
    bench(&mut group, "multistatus-push", || {
        docs.iter().map(|d| support::push_visit(black_box(d), support::PUSH_CHUNK)).collect::<Vec<_>>()
    });
    bench(&mut group, "multistatus-push-1", || {
        docs.iter().map(|d| support::push_visit(black_box(d), 1)).collect::<Vec<_>>()
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
    // The conditions of the run, for the report (`examples/bench_report.rs`).
    run::record(&started, "multistatus-run.json", serde_json::Map::new());
}
