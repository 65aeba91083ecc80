//! `oracle-dump FILE`: prints the canonical JSON of a Multi-Status body as
//! extracted by the roxmltree oracle ([`multistatus_oracles::roxml`]).
//!
//! On success the pretty-printed JSON goes to stdout and the exit status is
//! 0; when the file cannot be read or the body is rejected, the message goes
//! to stderr and the exit status is 1. Wrong usage exits with 2.

#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: oracle-dump FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    match multistatus_oracles::roxml::extract_bytes(&bytes) {
        Ok(value) => {
            let text = serde_json::to_string_pretty(&value).expect("a Value always serialises");
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
