//! What every benchmark run shares: quick mode, criterion's settings, one
//! benchmark's timing, and the record of the run's conditions that
//! `examples/bench_report.rs` reads. Used by `benches/parse.rs` and the
//! peers benchmark (`peers/benches/peers.rs`).

use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion};

/// `MULTISTATUS_BENCH_QUICK=1`: small inputs, minimal sampling.
pub fn quick() -> bool {
    std::env::var_os("MULTISTATUS_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Criterion as the suite samples: briefly in quick mode, properly otherwise.
pub fn criterion() -> Criterion {
    let criterion = if quick() {
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
    };
    criterion.without_plots().configure_from_args()
}

/// One benchmark: `run` returns everything it built, dropped untimed.
pub fn bench<O>(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    mut run: impl FnMut() -> O,
) {
    group.bench_function(name, |b| b.iter_with_large_drop(&mut run));
}

/// Where criterion writes, as criterion finds it (the benchmark runs in the
/// package's directory).
pub fn criterion_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| "target".into(), std::path::PathBuf::from).join("criterion")
}

/// The load average, to tell a quiet machine from a busy one.
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

/// When a run started, and how loaded the machine was then.
pub struct Started {
    unix: u64,
    load_average: String,
}

/// Notes the start of a run.
pub fn started() -> Started {
    Started { unix: unix_time(), load_average: load_average() }
}

/// Writes the conditions of the run (start, end, load averages, revision,
/// quick mode) plus `extra` fields as `file` in criterion's folder, for the report.
pub fn record(started: &Started, file: &str, extra: serde_json::Map<String, serde_json::Value>) {
    let mut run = serde_json::json!({
        "started_unix": started.unix,
        "finished_unix": unix_time(),
        "load_average_at_start": started.load_average,
        "load_average_at_end": load_average(),
        "revision": revision(),
        "quick": quick(),
    });
    if let Some(fields) = run.as_object_mut() {
        fields.extend(extra);
    }
    let dir = criterion_dir();
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(file), run.to_string());
    }
}
