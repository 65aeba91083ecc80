//! See `multistatus_checks::negative`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = multistatus_checks::negative::run(&mut arbitrary::Unstructured::new(data));
});
