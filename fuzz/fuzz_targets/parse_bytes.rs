//! Raw bytes through every front end (see `multistatus_checks::parse_bytes`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| multistatus_checks::parse_bytes::run(data));
