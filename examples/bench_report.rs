//! Writes the benchmark reports from criterion's results: the main report
//! (MB/s per input and implementation, each implementation's ratio to this
//! crate, the targets on the 10,000-response listing, the 100k/10k scaling,
//! the machine and the compiler, and a bar chart) from `cargo bench --bench
//! parse`, with the targets' ratios also as the same run timed them in
//! interleaved rounds (`multistatus-paired.json`), and the peers report (this crate against the WebDAV client
//! crates, with each peer's failures) from `cargo bench --bench peers` in
//! `peers/`.
//!
//! ```sh
//! cargo bench --bench parse
//! (cd peers && cargo bench --bench peers)
//! cargo run --release --example bench_report              # writes under target/bench-report/
//! cargo run --release --example bench_report -- --commit  # also benches/ and the README, from full runs only
//! ```
//!
//! By default nothing committed is touched: the reports go to
//! `target/bench-report/` (or `--out DIR`). With `--commit`, each report
//! also replaces its committed copy (`benches/REPORT.md` and `report.svg`,
//! `benches/PEERS.md` and `peers.svg`, and its section of the README
//! between the `bench_report` markers), but only if it comes from one full
//! run: not quick mode, every input measured, and every result written
//! during that run (a `cargo bench -- FILTER` run leaves older results
//! beside newer ones). A report that is not from a full run is still
//! written under `target/`, and says why it was not committed.
//!
//! Criterion's results are read from `new/benchmark.json` and
//! `new/estimates.json` under `$CARGO_TARGET_DIR/criterion`, else
//! `target/criterion` (`--criterion DIR`), and under
//! `peers/target/criterion` for the peers (`--peers DIR`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

// Shared with `benches/parse.rs`, whose groups alone say which run in every group.
#[allow(dead_code)]
#[path = "../benches/support/implementations.rs"]
mod implementations;

use implementations::IMPLEMENTATIONS;

/// This crate's headline implementation, which ratios are relative to.
const OURS: &str = "multistatus-slice";

/// The inputs, in the order of the table and the chart.
const INPUTS: [&str; 11] = [
    "propfind-small",
    "corpus",
    "apache-2000",
    "caldav-multiget",
    "listing-1k",
    "listing-10k",
    "listing-10k-default-ns",
    "listing-10k-many-prefixes",
    "listing-10k-pretty",
    "listing-10k-minified",
    "listing-100k",
];

/// A throughput target: on `input`, `ours`'s throughput divided by
/// `theirs`'s must be at least `at_least`.
struct Target {
    input: &'static str,
    ours: &'static str,
    theirs: &'static str,
    at_least: f64,
}

const fn target(input: &'static str, ours: &'static str, theirs: &'static str, at_least: f64) -> Target {
    Target { input, ours, theirs, at_least }
}

/// The targets of the scanner rewrite (issue 13), then the earlier ones
/// against the baselines on the 10,000-response listing.
const TARGETS: [Target; 16] = [
    target("listing-10k", OURS, "quick-xml-raw", 1.0),
    target("listing-10k", OURS, "roxmltree", 2.5),
    target("caldav-multiget", OURS, "quick-xml-raw", 1.0),
    target("propfind-small", OURS, "quick-xml-raw", 1.0),
    target("corpus", OURS, "quick-xml-raw", 1.0),
    target("listing-10k", "multistatus-stream", OURS, 0.85),
    target("listing-10k", "multistatus-push", OURS, 0.8),
    // Fed one byte at a time: within 10x of 16 KiB chunks.
    target("listing-10k", "multistatus-push-1", "multistatus-push", 0.1),
    target("listing-100k", "multistatus-push-1", "multistatus-push", 0.1),
    target("propfind-small", "multistatus-push-1", "multistatus-push", 0.1),
    target("listing-10k", OURS, "quick-xml-serde", 4.0),
    target("listing-10k", OURS, "xml-rs", 15.0),
    target("listing-10k", OURS, "minidom", 12.0),
    target("listing-10k", OURS, "xmltree", 30.0),
    target("listing-100k", OURS, "quick-xml-raw", 1.0),
    target("apache-2000", OURS, "quick-xml-raw", 1.0),
];

/// One benchmark's result.
#[derive(Debug, Clone, Copy)]
struct Measure {
    /// Bytes per iteration.
    bytes: u64,
    /// Nanoseconds per iteration (criterion's typical estimate: the slope
    /// for linear sampling, the mean for flat sampling).
    nanos: f64,
    /// When criterion wrote it (seconds since the epoch).
    written: u64,
}

impl Measure {
    fn megabytes_per_second(&self) -> f64 {
        self.bytes as f64 / self.nanos * 1e3
    }
}

type Results = BTreeMap<(String, String), Measure>;

/// One pair's interleaved rounds (`benches/parse.rs`, `bench_pairs`): the
/// median and quartiles of the rounds' ratios.
#[derive(Debug, Clone, Copy)]
struct Paired {
    median: f64,
    q1: f64,
    q3: f64,
    rounds: usize,
}

/// The pairs by (input, ours, theirs).
type PairedResults = BTreeMap<(String, String, String), Paired>;

/// The interleaved rounds recorded in `dir`, if they were timed during
/// `run` (the criterion run they complete); empty otherwise.
fn read_paired(dir: &Path, run: Option<&Value>) -> PairedResults {
    let mut pairs = PairedResults::new();
    let (Some(paired), Some(run)) = (read_json(&dir.join("multistatus-paired.json")), run) else {
        return pairs;
    };
    let during = match (run["started_unix"].as_u64(), run["finished_unix"].as_u64(), paired["started_unix"].as_u64()) {
        (Some(start), Some(end), Some(at)) => (start..=end + 1).contains(&at),
        _ => false,
    };
    if !during {
        eprintln!("bench_report: multistatus-paired.json is from another run than the last; its ratios are left out");
        return pairs;
    }
    for pair in paired["pairs"].as_array().into_iter().flatten() {
        let (Some(input), Some(ours), Some(theirs)) =
            (pair["input"].as_str(), pair["ours"].as_str(), pair["theirs"].as_str())
        else {
            continue;
        };
        let (Some(median), Some(q1), Some(q3)) = (pair["median"].as_f64(), pair["q1"].as_f64(), pair["q3"].as_f64())
        else {
            continue;
        };
        let rounds = pair["ratios"].as_array().map_or(0, Vec::len);
        pairs.insert((input.to_owned(), ours.to_owned(), theirs.to_owned()), Paired { median, q1, q3, rounds });
    }
    pairs
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Every `GROUP/FUNCTION/new` result under `dir`.
fn read_results(dir: &Path) -> Results {
    let mut results = Results::new();
    let Ok(groups) = std::fs::read_dir(dir) else { return results };
    for group in groups.flatten() {
        let Ok(functions) = std::fs::read_dir(group.path()) else { continue };
        for function in functions.flatten() {
            let new = function.path().join("new");
            let (Some(benchmark), Some(estimates)) =
                (read_json(&new.join("benchmark.json")), read_json(&new.join("estimates.json")))
            else {
                continue;
            };
            let (Some(group_id), Some(function_id), Some(bytes)) = (
                benchmark["group_id"].as_str(),
                benchmark["function_id"].as_str(),
                benchmark["throughput"]["Bytes"].as_u64(),
            ) else {
                continue;
            };
            let typical =
                estimates["slope"]["point_estimate"].as_f64().or_else(|| estimates["mean"]["point_estimate"].as_f64());
            let written = std::fs::metadata(new.join("estimates.json"))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            if let Some(nanos) = typical {
                results.insert((group_id.to_owned(), function_id.to_owned()), Measure { bytes, nanos, written });
            }
        }
    }
    results
}

fn get<'a>(results: &'a Results, input: &str, implementation: &str) -> Option<&'a Measure> {
    results.get(&(input.to_owned(), implementation.to_owned()))
}

/// This crate's throughput divided by `implementation`'s, on `input`.
fn ratio(results: &Results, input: &str, implementation: &str) -> Option<f64> {
    Some(
        get(results, input, OURS)?.megabytes_per_second() / get(results, input, implementation)?.megabytes_per_second(),
    )
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = info.lines().filter(|l| l.starts_with("processor")).count();
    format!("{model}, {cores} logical cores")
}

fn rustc_version() -> String {
    Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(|| "unknown rustc".to_owned(), |v| v.trim().to_owned())
}

fn format_rate(rate: f64) -> String {
    if rate >= 100.0 {
        format!("{rate:.0}")
    } else if rate >= 10.0 {
        format!("{rate:.1}")
    } else {
        format!("{rate:.2}")
    }
}

/// The report: conditions of the run, targets, scaling, throughput table and
/// chart. `heading` opens each section (`##` in REPORT.md, `###` in the
/// README); `chart` is the path of the SVG relative to the Markdown file.
fn markdown(
    results: &Results,
    paired: &PairedResults,
    run: Option<&Value>,
    inputs: &[&str],
    implementations: &[&str],
    heading: &str,
    chart: &str,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Generated by `cargo run --release --example bench_report -- --commit` from the results of `cargo bench --bench parse`."
    );
    let _ = writeln!(md, "\n- Machine: {}", cpu_model());
    let _ = writeln!(md, "- Compiler: {}", rustc_version());
    if let Some(run) = run {
        let minutes = match (run["started_unix"].as_u64(), run["finished_unix"].as_u64()) {
            (Some(start), Some(end)) => format!("{:.1} minutes", end.saturating_sub(start) as f64 / 60.0),
            _ => "unknown".to_owned(),
        };
        let _ = writeln!(
            md,
            "- Run: revision `{}`, {}{}; load average (1, 5, 15 minutes, running/total tasks) `{}` at the start, `{}` at the end",
            run["revision"].as_str().unwrap_or("unknown"),
            minutes,
            if run["quick"].as_bool() == Some(true) { ", quick mode (`MULTISTATUS_BENCH_QUICK=1`)" } else { "" },
            run["load_average_at_start"].as_str().unwrap_or("unknown"),
            run["load_average_at_end"].as_str().unwrap_or("unknown"),
        );
    }
    let _ = writeln!(md, "- Profile: `bench` (release, `debug = 1`)");
    let _ = writeln!(
        md,
        "- Throughput in MB/s (10^6 bytes per second) of input; in parentheses, this crate's throughput \
         (`{OURS}`) divided by the implementation's: above 1 means this crate is faster."
    );
    let _ = writeln!(md, "- A dash: not run (slow baselines stop at 10,000 responses; see `benches/parse.rs`).\n");

    let _ = writeln!(md, "{heading} Targets\n");
    let _ = writeln!(
        md,
        "Throughput of the first implementation divided by the second's, on one input: from criterion's \
         estimates, each timed in a block of seconds of its own, then from the same run's interleaved rounds \
         (each round times both back to back, so a slow spell of a shared machine falls on both sides), as \
         the median and the quartiles of the rounds' ratios.\n"
    );
    let _ = writeln!(md, "| input | ratio | target | criterion | met | interleaved: median (quartiles) | met |");
    let _ = writeln!(md, "| --- | --- | ---: | ---: | --- | ---: | --- |");
    let met = |r: f64, at_least: f64| if r >= at_least { "yes" } else { "**no**" };
    for Target { input, ours, theirs, at_least } in TARGETS {
        let measured = get(results, input, ours)
            .zip(get(results, input, theirs))
            .map(|(a, b)| a.megabytes_per_second() / b.megabytes_per_second());
        let ratio = format!("`{ours}` ÷ `{theirs}`");
        let criterion = match measured {
            Some(r) => format!("{r:.2}× | {}", met(r, at_least)),
            None => "not measured | ".to_owned(),
        };
        let interleaved = match paired.get(&(input.to_owned(), ours.to_owned(), theirs.to_owned())) {
            Some(p) => {
                format!("{:.2}× ({:.2}–{:.2}, {} rounds) | {}", p.median, p.q1, p.q3, p.rounds, met(p.median, at_least))
            }
            None => "– | ".to_owned(),
        };
        let _ = writeln!(md, "| {input} | {ratio} | {at_least}× | {criterion} | {interleaved} |");
    }
    let _ = writeln!(md, "\n{heading} Scaling: 100,000 against 10,000 responses\n");
    let _ = writeln!(md, "Time for 100,000 responses divided by time for 10,000: 10 is linear (target: within 15%).\n");
    let _ = writeln!(md, "| implementation | time ratio | within 15% of 10 |");
    let _ = writeln!(md, "| --- | ---: | --- |");
    for implementation in implementations {
        let (Some(large), Some(small)) =
            (get(results, "listing-100k", implementation), get(results, "listing-10k", implementation))
        else {
            continue;
        };
        let r = large.nanos / small.nanos;
        let within = if (8.5..=11.5).contains(&r) { "yes" } else { "**no**" };
        let _ = writeln!(md, "| {implementation} | {r:.2} | {within} |");
    }

    let _ = writeln!(md, "\n{heading} Throughput (MB/s, and this crate ÷ implementation)\n");
    let _ = write!(md, "| input | size |");
    for implementation in implementations {
        let _ = write!(md, " {implementation} |");
    }
    let _ = write!(md, "\n| --- | ---: |");
    for _ in implementations {
        let _ = write!(md, " ---: |");
    }
    md.push('\n');
    for input in inputs {
        let Some(bytes) = implementations.iter().find_map(|i| get(results, input, i)).map(|m| m.bytes) else {
            continue;
        };
        let size = if bytes < 100_000 {
            format!("{:.1} kB", bytes as f64 / 1e3)
        } else {
            format!("{:.2} MB", bytes as f64 / 1e6)
        };
        let _ = write!(md, "| {input} | {size} |");
        for implementation in implementations {
            match (get(results, input, implementation), ratio(results, input, implementation)) {
                (Some(m), Some(r)) => {
                    let _ = write!(md, " {} ({r:.2}×) |", format_rate(m.megabytes_per_second()));
                }
                (Some(m), None) => {
                    let _ = write!(md, " {} |", format_rate(m.megabytes_per_second()));
                }
                _ => {
                    let _ = write!(md, " – |");
                }
            }
        }
        md.push('\n');
    }
    let _ = writeln!(md, "\n![Throughput by input and implementation]({chart})");
    md
}

/// Where the README's copy of each report starts and ends.
const README_MARKERS: [(&str, &str); 2] = [
    ("<!-- bench_report: begin -->", "<!-- bench_report: end -->"),
    ("<!-- bench_report peers: begin -->", "<!-- bench_report peers: end -->"),
];

/// `readme` with the text between the markers `(begin, end)` replaced by
/// `report`, or `None` when it has no such markers.
fn replace_between_markers(readme: &str, (begin_marker, end_marker): (&str, &str), report: &str) -> Option<String> {
    let begin = readme.find(begin_marker)? + begin_marker.len();
    let end = begin + readme[begin..].find(end_marker)?;
    Some(format!("{}\n{report}{}", &readme[..begin], &readme[end..]))
}

/// The colour of each implementation's bars.
fn colour(implementation: &str) -> &'static str {
    match implementation {
        "multistatus-slice" => "#1f5fbf",
        "multistatus-stream" => "#4a86e8",
        "multistatus-push" => "#6fa8dc",
        "multistatus-push-1" => "#9fc5e8",
        "multistatus-typed" => "#7fb0f0",
        "multistatus-model" => "#a9c8f5",
        "quick-xml-raw" => "#6d6d6d",
        "roxmltree" => "#e69138",
        "quick-xml-serde" => "#cc4125",
        "xmlparser" => "#999999",
        "robinson" => "#b7b7b7",
        "libdav" => "#38761d",
        "fast-dav-rs" => "#bf9000",
        "reqwest_dav" => "#990000",
        "io-webdav" => "#0b5394",
        "webdav-xml" => "#741b47",
        "webdav-xml-value" => "#c27ba0",
        "xml-rs" => "#6aa84f",
        "xmltree" => "#8e7cc3",
        "minidom" => "#c27ba0",
        _ => "#999999",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A horizontal grouped bar chart of MB/s on a logarithmic axis.
fn svg(results: &Results, inputs: &[&str], implementations: &[&str]) -> String {
    const LEFT: f64 = 190.0;
    const RIGHT: f64 = 60.0;
    const WIDTH: f64 = 960.0;
    const BAR: f64 = 9.0;
    const GAP: f64 = 16.0;
    const TOP: f64 = 60.0;
    let rows: Vec<(&str, Vec<(&str, f64)>)> = inputs
        .iter()
        .map(|input| {
            let bars = implementations
                .iter()
                .filter_map(|i| get(results, input, i).map(|m| (*i, m.megabytes_per_second())))
                .collect();
            (*input, bars)
        })
        .filter(|(_, bars): &(&str, Vec<_>)| !bars.is_empty())
        .collect();
    let (min, max) = rows
        .iter()
        .flat_map(|(_, bars)| bars.iter().map(|(_, r)| *r))
        .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(r), hi.max(r)));
    // The 1-3-10 step at or below the slowest, and the power of ten above the fastest.
    let decade = 10f64.powf(min.max(0.1).log10().floor());
    let low = if min >= 3.0 * decade { 3.0 * decade } else { decade };
    let high = 10f64.powf(max.max(1.0).log10().ceil());
    let plot = WIDTH - LEFT - RIGHT;
    let x = |rate: f64| LEFT + (rate.max(low).log10() - low.log10()) / (high.log10() - low.log10()) * plot;
    let height = TOP + rows.iter().map(|(_, bars)| bars.len() as f64 * BAR + GAP).sum::<f64>() + 40.0;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="18" font-size="14" font-weight="bold">Throughput, MB/s (logarithmic scale; longer is faster)</text>"#
    );
    // Legend.
    let mut lx = LEFT;
    for (i, implementation) in implementations.iter().enumerate() {
        let ly = 30.0 + (i / 5) as f64 * 14.0;
        if i % 5 == 0 {
            lx = LEFT;
        }
        let _ = writeln!(out, r#"<rect x="{lx}" y="{ly}" width="10" height="10" fill="{}"/>"#, colour(implementation));
        let _ = writeln!(out, r#"<text x="{}" y="{}">{implementation}</text>"#, lx + 14.0, ly + 9.0);
        lx += 140.0;
    }
    // Grid.
    let grid_bottom = height - 30.0;
    let mut tick = decade;
    while tick <= high * 1.0001 {
        for step in [1.0, 3.0] {
            let value = tick * step;
            if value > high * 1.0001 || value < low * 0.9999 {
                continue;
            }
            let gx = x(value);
            let _ = writeln!(
                out,
                r##"<line x1="{gx:.1}" y1="{TOP}" x2="{gx:.1}" y2="{grid_bottom}" stroke="#dddddd"/><text x="{gx:.1}" y="{:.0}" text-anchor="middle" fill="#555555">{value}</text>"##,
                grid_bottom + 14.0
            );
        }
        tick *= 10.0;
    }
    // Bars.
    let mut y = TOP + 6.0;
    for (input, bars) in &rows {
        let _ = writeln!(
            out,
            r#"<text x="{:.0}" y="{:.1}" text-anchor="end" font-weight="bold">{}</text>"#,
            LEFT - 8.0,
            y + bars.len() as f64 * BAR / 2.0 + 4.0,
            escape(input)
        );
        for (implementation, rate) in bars {
            let w = (x(*rate) - LEFT).max(1.0);
            let _ = writeln!(
                out,
                r#"<rect x="{LEFT}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{} on {}: {} MB/s</title></rect>"#,
                BAR - 1.0,
                colour(implementation),
                escape(implementation),
                escape(input),
                format_rate(*rate)
            );
            let _ = writeln!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="8" fill="#333333">{}</text>"##,
                LEFT + w + 3.0,
                y + BAR - 2.0,
                format_rate(*rate)
            );
            y += BAR;
        }
        y += GAP;
    }
    out.push_str("</svg>\n");
    out
}

/// The implementations of the peers benchmark, in the order of its table.
const PEER_IMPLEMENTATIONS: [&str; 11] = [
    "multistatus-slice",
    "multistatus-model",
    "quick-xml-raw",
    "xmlparser",
    "robinson",
    "libdav",
    "fast-dav-rs",
    "reqwest_dav",
    "io-webdav",
    "webdav-xml",
    "webdav-xml-value",
];

/// The peers proper (WebDAV client crates), for the headline ratios.
const PEERS: [&str; 6] = ["libdav", "fast-dav-rs", "reqwest_dav", "io-webdav", "webdav-xml", "webdav-xml-value"];

/// Whether `results` and `run` are one full run over `inputs`: `Err` says
/// why not. Every input has a result for `OURS`, and every result of those
/// inputs was written while the run went on.
fn full_run(results: &Results, run: Option<&Value>, inputs: &[&str]) -> Result<(), String> {
    let run = run.ok_or("no record of the run (criterion results without the benchmark's run file)")?;
    if run["quick"].as_bool() != Some(false) {
        return Err("a quick-mode run (`MULTISTATUS_BENCH_QUICK=1`)".to_owned());
    }
    let (Some(started), Some(finished)) = (run["started_unix"].as_u64(), run["finished_unix"].as_u64()) else {
        return Err("the run file has no start or end time".to_owned());
    };
    if let Some(missing) = inputs.iter().find(|input| get(results, input, OURS).is_none()) {
        return Err(format!("a partial run: `{missing}` was not measured"));
    }
    for ((input, implementation), measure) in results {
        if inputs.contains(&input.as_str()) && !(started.saturating_sub(1)..=finished + 1).contains(&measure.written) {
            return Err(format!(
                "a partial run: `{input}/{implementation}` comes from another run than the last one (a filtered `cargo bench`?)"
            ));
        }
    }
    Ok(())
}

/// The peers report: this crate ÷ each peer on the two headline inputs,
/// then MB/s per input with each peer's failures, from `cargo bench --bench
/// peers` (`peers/benches/peers.rs`).
fn peers_markdown(results: &Results, run: &Value, heading: &str, chart: &str) -> String {
    let inputs: Vec<&str> =
        run["inputs"].as_array().map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect());
    let outcome = |input: &str, peer: &str| run["outcomes"][input][peer].as_str().unwrap_or("").to_owned();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Generated by `cargo run --release --example bench_report -- --commit` from the results of \
         `cargo bench --bench peers` in `peers/`."
    );
    let _ = writeln!(md, "\n- Machine: {}", cpu_model());
    let _ = writeln!(md, "- Compiler: {}", rustc_version());
    let minutes = match (run["started_unix"].as_u64(), run["finished_unix"].as_u64()) {
        (Some(start), Some(end)) => format!("{:.1} minutes", end.saturating_sub(start) as f64 / 60.0),
        _ => "unknown".to_owned(),
    };
    let _ = writeln!(
        md,
        "- Run: revision `{}`, {minutes}; load average (1, 5, 15 minutes, running/total tasks) `{}` at the start, `{}` at the end",
        run["revision"].as_str().unwrap_or("unknown"),
        run["load_average_at_start"].as_str().unwrap_or("unknown"),
        run["load_average_at_end"].as_str().unwrap_or("unknown"),
    );
    let _ = writeln!(
        md,
        "- Throughput in MB/s of input; in parentheses, this crate's throughput (`{OURS}`, measured in the same \
         run) divided by the implementation's: above 1 means this crate is faster."
    );
    let _ = writeln!(
        md,
        "- A peer is timed where it returns a result; \"rejects\" means it returned an error (not timed), \
         † that its result differs from the golden on a field it is compared on (see the compatibility table).\n"
    );
    let _ = writeln!(md, "{heading} This crate ÷ each peer\n");
    let _ = writeln!(md, "| this crate ÷ | listing-10k | caldav-multiget |");
    let _ = writeln!(md, "| --- | ---: | ---: |");
    for peer in PEERS {
        let cell = |input: &str| match ratio(results, input, peer) {
            Some(r) => format!("{r:.2}×{}", if outcome(input, peer).starts_with("differs") { " †" } else { "" }),
            None if outcome(input, peer).starts_with("rejects") => "rejects".to_owned(),
            None => "not measured".to_owned(),
        };
        let _ = writeln!(md, "| {peer} | {} | {} |", cell("listing-10k"), cell("caldav-multiget"));
    }
    let _ = writeln!(md, "\n{heading} Throughput (MB/s, and this crate ÷ implementation)\n");
    let _ = write!(md, "| input | size |");
    for implementation in PEER_IMPLEMENTATIONS {
        let _ = write!(md, " {implementation} |");
    }
    let _ = write!(md, "\n| --- | ---: |");
    for _ in PEER_IMPLEMENTATIONS {
        let _ = write!(md, " ---: |");
    }
    md.push('\n');
    for input in &inputs {
        let Some(bytes) = get(results, input, OURS).map(|m| m.bytes) else { continue };
        let size = if bytes < 100_000 {
            format!("{:.1} kB", bytes as f64 / 1e3)
        } else {
            format!("{:.2} MB", bytes as f64 / 1e6)
        };
        let _ = write!(md, "| {input} | {size} |");
        for implementation in PEER_IMPLEMENTATIONS {
            let differs = outcome(input, implementation).starts_with("differs");
            match (get(results, input, implementation), ratio(results, input, implementation)) {
                (Some(m), Some(r)) => {
                    let mark = if differs { " †" } else { "" };
                    let _ = write!(md, " {} ({r:.2}×){mark} |", format_rate(m.megabytes_per_second()));
                }
                _ if outcome(input, implementation).starts_with("rejects") => {
                    let _ = write!(md, " rejects |");
                }
                _ => {
                    let _ = write!(md, " – |");
                }
            }
        }
        md.push('\n');
    }
    let rejected: Vec<String> = inputs
        .iter()
        .flat_map(|input| {
            PEERS.iter().filter_map(move |peer| {
                let o = outcome(input, peer);
                (!o.is_empty() && o != "agrees").then(|| format!("- `{input}`, {peer}: {o}"))
            })
        })
        .collect();
    if !rejected.is_empty() {
        let _ = writeln!(md, "\nWhere a peer rejects an input or differs from the golden:\n\n{}", rejected.join("\n"));
    }
    let _ = writeln!(md, "\n![Throughput of this crate and the peers by input]({chart})");
    md
}

fn main() {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut criterion_dir = target.join("criterion");
    let mut peers_dir = root.join("peers/target/criterion");
    let mut out_dir = target.join("bench-report");
    let mut commit = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--commit" => commit = true,
            "--criterion" | "--peers" | "--out" => {
                let Some(dir) = args.next() else { usage() };
                match arg.as_str() {
                    "--criterion" => criterion_dir = dir.into(),
                    "--peers" => peers_dir = dir.into(),
                    _ => out_dir = dir.into(),
                }
            }
            _ => usage(),
        }
    }
    std::fs::create_dir_all(&out_dir).unwrap_or_else(|e| panic!("{}: {e}", out_dir.display()));
    let readme_path = root.join("README.md");
    let mut written = 0;

    // The main report, from `cargo bench --bench parse`.
    let results = read_results(&criterion_dir);
    if results.is_empty() {
        eprintln!("bench_report: no results under {} (`cargo bench --bench parse`)", criterion_dir.display());
    } else {
        let run = read_json(&criterion_dir.join("multistatus-run.json"));
        let paired = read_paired(&criterion_dir, run.as_ref());
        let md = format!(
            "# Benchmark report\n\n{}",
            markdown(&results, &paired, run.as_ref(), &INPUTS, &IMPLEMENTATIONS, "##", "report.svg")
        );
        let chart = svg(&results, &INPUTS, &IMPLEMENTATIONS);
        let readme_report =
            markdown(&results, &paired, run.as_ref(), &INPUTS, &IMPLEMENTATIONS, "###", "benches/report.svg");
        let full = full_run(&results, run.as_ref(), &INPUTS);
        written += write_report(
            &out_dir,
            &root.join("benches"),
            ("REPORT.md", &md),
            ("report.svg", &chart),
            commit,
            full,
            &readme_path,
            README_MARKERS[0],
            &readme_report,
        );
    }

    // The peers report, from `cargo bench --bench peers` in peers/.
    let peer_results = read_results(&peers_dir);
    let peer_run = read_json(&peers_dir.join("peers-run.json"));
    match (&peer_run, peer_results.is_empty()) {
        (Some(run), false) => {
            let inputs: Vec<&str> =
                run["inputs"].as_array().map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect());
            let md = format!("# Peers report\n\n{}", peers_markdown(&peer_results, run, "##", "peers.svg"));
            let chart = svg(&peer_results, &inputs, &PEER_IMPLEMENTATIONS);
            let readme_report = peers_markdown(&peer_results, run, "####", "benches/peers.svg");
            let full = full_run(&peer_results, Some(run), &inputs);
            written += write_report(
                &out_dir,
                &root.join("benches"),
                ("PEERS.md", &md),
                ("peers.svg", &chart),
                commit,
                full,
                &readme_path,
                README_MARKERS[1],
                &readme_report,
            );
        }
        _ => eprintln!(
            "bench_report: no peers results under {} (`cargo bench --bench peers` in peers/)",
            peers_dir.display()
        ),
    }
    if written == 0 {
        std::process::exit(1);
    }
}

fn usage() -> ! {
    eprintln!("usage: bench_report [--criterion DIR] [--peers DIR] [--out DIR] [--commit]");
    std::process::exit(2);
}

/// Writes one report (Markdown and chart) under `out_dir`, and with
/// `commit` from a full run also into `committed_dir` and the README
/// between `markers`. Returns 1 if it wrote anything.
#[allow(clippy::too_many_arguments)]
fn write_report(
    out_dir: &Path,
    committed_dir: &Path,
    (md_name, md): (&str, &str),
    (svg_name, chart): (&str, &str),
    commit: bool,
    full: Result<(), String>,
    readme_path: &Path,
    markers: (&str, &str),
    readme_report: &str,
) -> usize {
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
    };
    write(out_dir.join(md_name), md);
    write(out_dir.join(svg_name), chart);
    match (commit, full) {
        (false, Ok(())) => eprintln!("{md_name}: a full run; `--commit` copies it into benches/ and the README"),
        (false, Err(why)) => eprintln!("{md_name}: not from a full run ({why}), so not for committing"),
        (true, Err(why)) => eprintln!("{md_name}: not committed: {why}"),
        (true, Ok(())) => {
            write(committed_dir.join(md_name), md);
            write(committed_dir.join(svg_name), chart);
            let readme =
                std::fs::read_to_string(readme_path).unwrap_or_else(|e| panic!("{}: {e}", readme_path.display()));
            match replace_between_markers(&readme, markers, readme_report) {
                Some(updated) => write(readme_path.to_owned(), &updated),
                None => eprintln!("{} has no `{}` marker: not updated", readme_path.display(), markers.0),
            }
        }
    }
    1
}
