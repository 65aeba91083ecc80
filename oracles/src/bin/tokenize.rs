//! `tokenize FILE`: runs quick-xml's tokenizer over a body and prints the
//! number of events: the whole-process ceiling `msdump --count` is
//! compared with (the same file read the same way, through a 64 KiB
//! `BufReader`, with nothing checked, resolved or extracted). `-` reads stdin.
//!
//! ```sh
//! cargo build --release --bin tokenize --bin msdump
//! /usr/bin/time -f "%e s %M KiB" target/release/tokenize listing.xml
//! /usr/bin/time -f "%e s %M KiB" target/release/msdump --count listing.xml
//! ```
//!
//! Exit status 0 with the count on stdout, 1 when the file cannot be read or
//! quick-xml fails, 2 on wrong usage.

#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::ExitCode;

use quick_xml::events::Event;
use quick_xml::Reader;

/// The buffer `msdump` reads through, so that both processes read alike.
const BUFFER: usize = 64 * 1024;

fn count(source: impl BufRead) -> Result<u64, String> {
    let mut reader = Reader::from_reader(source);
    let mut buffer = Vec::new();
    let mut events = 0;
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Eof) => return Ok(events),
            Ok(_) => events += 1,
            Err(e) => return Err(format!("XML error at {}: {e}", reader.error_position())),
        }
        buffer.clear();
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: tokenize FILE   (`-` for stdin)");
        return ExitCode::from(2);
    };
    let source: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!("{}: {e}", path.to_string_lossy());
                return ExitCode::FAILURE;
            }
        }
    };
    match count(BufReader::with_capacity(BUFFER, source)) {
        Ok(events) => {
            println!("{events}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{}: {message}", path.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
