//! The hostile-body guard of issue 11: writes each attack body, parses one,
//! or times every class on every front end at two sizes and fails on a
//! super-linear growth.
//!
//! ```sh
//! cargo run --release --example hostile -- --class attributes --size 1000000 --write body.xml
//! cargo run --release --example hostile -- --class attributes --size 1000000 --front slice
//! cargo run --release --example hostile -- --class feed-after-end --size 200000000
//! cargo run --release --example hostile -- --guard 2097152
//! ```
//!
//! The guard takes the best of [`RUNS`] runs at `size` and at four times
//! `size`; more than eight times the time for four times the input fails,
//! unless the larger run is too quick to time reliably. From 2 MiB on both
//! sizes are past the caches: smaller ones show up to 7x for linear work on
//! large trees as the hash maps and arenas leave the L2 and L3 caches.

mod bodies;

use std::io::{BufReader, Write as _};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use multistatus::{Config, Error, PushParser, Response, ResponseReader, StreamReader};

const USAGE: &str = "usage: hostile --class NAME --size BYTES [--write FILE | --front slice|stream|push]
       hostile --guard SIZE   (times every class at SIZE and 4 x SIZE)";

/// How a body reaches the parser.
#[derive(Clone, Copy, Debug)]
enum Front {
    Slice,
    Stream,
    Push,
}

const FRONTS: [Front; 3] = [Front::Slice, Front::Stream, Front::Push];

/// Chunks of a pushed body, as a network read would give them.
const CHUNK: usize = 16 * 1024;

/// Below this, a run is too quick for a ratio to mean anything.
const TIMING_FLOOR: Duration = Duration::from_millis(40);

/// Parses `body` through `front`, visiting every response: the number of
/// responses, or the error's kind.
fn parse(body: &str, front: Front, config: &Config) -> String {
    let outcome = match front {
        Front::Slice => {
            let mut reader = ResponseReader::with_config(body, config.clone());
            count_all(|| reader.next_response().map(|r| r.as_ref().map(weight)))
        }
        Front::Stream => {
            let mut reader = StreamReader::with_config(BufReader::new(body.as_bytes()), config.clone());
            count_all(|| reader.next_response().map(|r| r.as_ref().map(weight)))
        }
        Front::Push => {
            let mut parser = PushParser::with_config(config.clone());
            let mut count = 0;
            let mut chunks = body.as_bytes().chunks(CHUNK);
            loop {
                match parser.next_response() {
                    Ok(Some(response)) => count += weight(&response),
                    Ok(None) => {}
                    Err(error) => break Err(error),
                }
                if parser.is_done() {
                    break Ok(count);
                }
                if parser.needs_input() {
                    match chunks.next() {
                        Some(chunk) => parser.feed(chunk),
                        None => parser.finish(),
                    }
                }
            }
        }
    };
    match outcome {
        Ok(count) => format!("ok ({count} responses and properties)"),
        Err(error) => format!("error: {:?}", error.kind()),
    }
}

/// A response and its properties, counted: what a visit of each touches.
fn weight(response: &Response<'_>) -> usize {
    response.propstats().flat_map(|p| p.properties()).count() + 1
}

/// The sum of `next`'s weights until it ends or fails.
fn count_all(mut next: impl FnMut() -> Result<Option<usize>, Error>) -> Result<usize, Error> {
    let mut count = 0;
    while let Some(weight) = next()? {
        count += weight;
    }
    Ok(count)
}

/// A document pushed whole, then `size` more bytes fed after its end.
fn feed_after_end(size: usize) -> String {
    let mut parser = PushParser::new();
    parser.feed(b"<D:multistatus xmlns:D=\"DAV:\"/>");
    parser.finish();
    while let Ok(Some(_)) = parser.next_response() {}
    let chunk = vec![b' '; 1 << 20];
    let mut fed = 0;
    while fed < size {
        let len = chunk.len().min(size - fed);
        parser.feed(&chunk[..len]);
        fed += len;
    }
    format!("fed {fed} bytes after the end; done: {}", parser.is_done())
}

fn config_for(class: &bodies::Class) -> Config {
    let mut config = Config::default();
    config.lenient = class.lenient;
    config
}

/// How many times the guard parses each body, keeping the fastest, so that
/// one slow spell on a shared host moves neither size. The attribute
/// classes grow 4.5–7.3× for 4× the input as their hash maps leave the
/// caches; with three runs, one CI run read 8.3×.
const RUNS: usize = 5;

/// The best of [`RUNS`] parses of `class` at `size` on `front`, without the
/// node limit: the guard times the parser's work, not how soon a limit stops it.
fn best_time(class: &bodies::Class, size: usize, front: Front) -> (Duration, String) {
    let body = (class.generate)(size);
    let mut config = config_for(class);
    config.max_response_nodes = usize::MAX;
    let mut best = Duration::MAX;
    let mut outcome = String::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        outcome = parse(&body, front, &config);
        best = best.min(start.elapsed());
    }
    (best, outcome)
}

/// Times every class on every front end at `size` and `4 * size`.
fn guard(size: usize) -> ExitCode {
    let mut failed = false;
    println!("{:<26} {:<7} {:>10} {:>10} {:>6}  outcome at 4x", "class", "front", "1x", "4x", "ratio");
    for class in bodies::CLASSES {
        for front in FRONTS {
            let (small, _) = best_time(class, size, front);
            let (large, outcome) = best_time(class, 4 * size, front);
            let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
            let blatant = ratio > 8.0 && large > TIMING_FLOOR;
            failed |= blatant;
            println!(
                "{:<26} {:<7} {:>8.1}ms {:>8.1}ms {:>6.1}  {outcome}{}",
                class.name,
                format!("{front:?}").to_lowercase(),
                small.as_secs_f64() * 1e3,
                large.as_secs_f64() * 1e3,
                ratio,
                if blatant { "  <- SUPER-LINEAR" } else { "" }
            );
        }
    }
    if failed {
        eprintln!("hostile: a class grows more than 8x for 4x the input");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    if let Some(size) = value("--guard") {
        let Ok(size) = size.parse() else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        return guard(size);
    }
    let (Some(name), Some(Ok(size))) = (value("--class"), value("--size").map(|s| s.parse::<usize>())) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if name == "feed-after-end" {
        println!("{}", feed_after_end(size));
        return ExitCode::SUCCESS;
    }
    let Some(class) = bodies::class(&name) else {
        eprintln!("hostile: unknown class `{name}`");
        return ExitCode::from(2);
    };
    let body = (class.generate)(size);
    if let Some(path) = value("--write") {
        let written = if path == "-" {
            std::io::stdout().write_all(body.as_bytes())
        } else {
            std::fs::write(&path, body.as_bytes())
        };
        if let Err(error) = written {
            eprintln!("hostile: cannot write {path}: {error}");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    let front = match value("--front").as_deref() {
        None | Some("stream") => Front::Stream,
        Some("slice") => Front::Slice,
        Some("push") => Front::Push,
        Some(other) => {
            eprintln!("hostile: unknown front end `{other}`");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let outcome = parse(&body, front, &config_for(class));
    println!("{name} {size} bytes ({} generated) {front:?}: {outcome} in {:?}", body.len(), start.elapsed());
    ExitCode::SUCCESS
}
