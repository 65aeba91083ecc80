//! Throughput of this crate against the WebDAV client crates (the peers of
//! `src/peers.rs`) and two XML-level references, on the benchmark inputs up
//! to 10,000 responses: one criterion group per input (named as in
//! `benches/parse.rs`), `Throughput::Bytes`, results dropped untimed.
//!
//! Before anything is timed, this crate's runs are checked against its
//! canonical model and every peer's outcome on the input is computed
//! (`Peer::outcome`): a peer is timed where it returns a result, and where
//! it rejects the input it is not timed and the rejection is recorded in
//! `peers-run.json` beside criterion's results, which `bench_report` reads.
//!
//! ```sh
//! cd peers && cargo bench --bench peers                            # about 10 minutes on 2 cores
//! cd peers && MULTISTATUS_BENCH_QUICK=1 cargo bench --bench peers  # small inputs, minimal sampling
//! cargo run --release --example bench_report -- --peers peers/target/criterion
//! ```
//!
//! Implementations, as named in the groups:
//!
//! * `multistatus-slice`, `multistatus-model`: as in `benches/parse.rs`
//!   (`ResponseReader` visiting every field; building the owned model);
//! * `quick-xml-raw`, `xmlparser`, `robinson`: XML-level references, no
//!   WebDAV extraction (quick-xml's and xmlparser's tokenizers counting
//!   tokens, robinson's DOM);
//! * `libdav` (`ListResources`, or `GetCalendarResources` on the CalDAV
//!   multiget), `fast-dav-rs`, `reqwest_dav`, `io-webdav`, `webdav-xml`
//!   (`Multistatus::from_xml`) and `webdav-xml-value` (its first stage,
//!   `Value::from_xml`): each peer's own entry point, its native result.

#[path = "../../benches/support/mod.rs"]
mod support;

use support::run::{self, bench, quick};

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, Throughput};
use multistatus_oracles::inputs::{self, Set};
use multistatus_oracles::raw;
use multistatus_peers::{peers, Outcome, Peer};
use serde_json::{json, Value};

/// The peer whose outcome stands for the benchmark `name` on `input`.
fn peer_for(name: &str, input: &str) -> Option<Peer> {
    Some(match name {
        "libdav" if input == "caldav-multiget" => peers::LIBDAV_CALENDAR,
        "libdav" => peers::LIBDAV_LIST,
        "fast-dav-rs" => peers::FAST_DAV,
        "reqwest_dav" => peers::REQWEST_DAV,
        "io-webdav" => peers::IO_WEBDAV,
        "webdav-xml" => peers::WEBDAV_XML,
        _ => return None,
    })
}

/// The peers' benchmark names, in the order of the report.
const PEERS: [&str; 6] = ["libdav", "fast-dav-rs", "reqwest_dav", "io-webdav", "webdav-xml", "webdav-xml-value"];

/// Every implementation's outcome on one input: `agrees`, `differs: …`,
/// `rejects: …` (not timed).
fn check(name: &str, bytes: &[u8]) -> BTreeOutcomes {
    let expected = support::expected(bytes);
    support::check_this_crate(name, bytes, &expected);
    raw::count_events(bytes).unwrap_or_else(|e| panic!("{name}: quick-xml's tokenizer fails: {e}"));
    peers::xmlparser_tokens(bytes).unwrap_or_else(|e| panic!("{name}: xmlparser fails: {e}"));
    peers::robinson_document(bytes).unwrap_or_else(|e| panic!("{name}: robinson fails: {e}"));
    let mut outcomes = BTreeOutcomes::new();
    for peer in PEERS {
        let outcome = match peer_for(peer, name) {
            Some(p) => p.outcome(bytes, &expected),
            None => match peers::webdav_xml_value_timed(bytes::Bytes::copy_from_slice(bytes)) {
                Ok(_) => Outcome::Agrees,
                Err(message) => Outcome::Rejects { kind: multistatus_peers::error_kind(&message), message },
            },
        };
        let text = match &outcome {
            Outcome::Agrees => "agrees".to_owned(),
            other => format!("{}: {}", other.label(), other.kind()),
        };
        outcomes.insert(peer.to_owned(), (outcome.parsed(), text));
    }
    outcomes
}

type BTreeOutcomes = std::collections::BTreeMap<String, (bool, String)>;

fn bench_input(c: &mut Criterion, name: &str, bytes: &[u8], outcomes: &BTreeOutcomes) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    if bytes.len() > 4 << 20 && !quick() {
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
    }
    let body = bytes::Bytes::copy_from_slice(bytes);
    bench(&mut group, "multistatus-slice", || support::slice_visit(black_box(bytes)));
    bench(&mut group, "multistatus-model", || support::owned_model(black_box(bytes)));
    bench(&mut group, "quick-xml-raw", || raw::count_events(black_box(bytes)).unwrap());
    bench(&mut group, "xmlparser", || peers::xmlparser_tokens(black_box(bytes)).unwrap());
    bench(&mut group, "robinson", || peers::robinson_document(black_box(bytes)).unwrap());
    let runs = |peer: &str| outcomes.get(peer).is_some_and(|(parsed, _)| *parsed);
    if runs("libdav") {
        if name == "caldav-multiget" {
            bench(&mut group, "libdav", || peers::libdav_calendar_timed(black_box(bytes)).unwrap());
        } else {
            bench(&mut group, "libdav", || peers::libdav_list_timed(black_box(bytes)).unwrap());
        }
    }
    if runs("fast-dav-rs") {
        bench(&mut group, "fast-dav-rs", || peers::fast_dav_timed(black_box(bytes)).unwrap());
    }
    if runs("reqwest_dav") {
        bench(&mut group, "reqwest_dav", || peers::reqwest_dav_timed(black_box(bytes)).unwrap());
    }
    if runs("io-webdav") {
        bench(&mut group, "io-webdav", || peers::io_webdav_timed(black_box(bytes)).unwrap());
    }
    if runs("webdav-xml") {
        bench(&mut group, "webdav-xml", || peers::webdav_xml_timed(black_box(body.clone())).unwrap());
    }
    if runs("webdav-xml-value") {
        bench(&mut group, "webdav-xml-value", || peers::webdav_xml_value_timed(black_box(body.clone())).unwrap());
    }
    group.finish();
}

fn main() {
    let started = run::started();
    let mut criterion = run::criterion();

    let set = if quick() { Set::Quick } else { Set::UpTo10k };
    let inputs = inputs::inputs(set);
    // Peers' panics are outcomes, caught and recorded.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let checked: Vec<BTreeOutcomes> = inputs.iter().map(|input| check(input.name, &input.bytes)).collect();
    std::panic::set_hook(hook);
    for (input, outcomes) in inputs.iter().zip(&checked) {
        let summary: Vec<String> = outcomes.iter().map(|(peer, (_, text))| format!("{peer} {text}")).collect();
        eprintln!("{}: {} bytes; {}", input.name, input.bytes.len(), summary.join("; "));
    }
    for (input, outcomes) in inputs.iter().zip(&checked) {
        bench_input(&mut criterion, input.name, &input.bytes, outcomes);
    }
    criterion.final_summary();
    let outcomes: serde_json::Map<String, Value> = inputs
        .iter()
        .zip(&checked)
        .map(|(input, outcomes)| {
            let per_peer: serde_json::Map<String, Value> =
                outcomes.iter().map(|(peer, (_, text))| (peer.clone(), Value::from(text.clone()))).collect();
            (input.name.to_owned(), Value::Object(per_peer))
        })
        .collect();
    let inputs: Vec<&str> = inputs.iter().map(|i| i.name).collect();
    let extra = json!({"inputs": inputs, "outcomes": outcomes});
    run::record(&started, "peers-run.json", extra.as_object().cloned().unwrap_or_default());
}
