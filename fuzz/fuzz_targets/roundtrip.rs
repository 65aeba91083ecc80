//! See `multistatus_checks::roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = multistatus_checks::roundtrip::run(&mut arbitrary::Unstructured::new(data));
});
