//! See `multistatus_checks::chunked`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = multistatus_checks::chunked::run(&mut arbitrary::Unstructured::new(data));
});
