//! See `multistatus_checks::differential`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = multistatus_checks::differential::run(&mut arbitrary::Unstructured::new(data));
});
