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

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use multistatus_oracles::inputs::{self, Set};
use multistatus_oracles::raw;
use multistatus_peers::{peers, Outcome, Peer};
use serde_json::{json, Value};

/// `MULTISTATUS_BENCH_QUICK=1`: small inputs, minimal sampling.
fn quick() -> bool {
    std::env::var_os("MULTISTATUS_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0")
}

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

/// One benchmark: `run` returns everything it built, dropped untimed.
fn bench<O>(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, name: &str, mut run: impl FnMut() -> O) {
    group.bench_function(name, |b| b.iter_with_large_drop(&mut run));
}

fn criterion_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| "target".into(), std::path::PathBuf::from).join("criterion")
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(|_| "unknown".to_owned(), |l| l.trim().to_owned())
}

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
    let run = json!({
        "started_unix": started.0,
        "finished_unix": unix_time(),
        "load_average_at_start": started.1,
        "load_average_at_end": load_average(),
        "revision": revision(),
        "quick": quick(),
        "inputs": inputs.iter().map(|i| i.name).collect::<Vec<_>>(),
        "outcomes": outcomes,
    });
    let dir = criterion_dir();
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("peers-run.json"), run.to_string());
    }
}
