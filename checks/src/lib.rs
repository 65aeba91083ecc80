//! The fuzz checks of `multistatus`, one module per cargo-fuzz target.
//!
//! Each check is one function, called by its fuzz target (`fuzz/fuzz_targets/`,
//! a few lines each), by a seeded `smoke` test that runs it a few hundred
//! times on stable, and by a `regressions` test that replays every input
//! saved under `fuzz/regressions/<target>/`. A failed check panics with a
//! message that holds the document as a paste-ready byte string.
//!
//! - [`parse_bytes`]: raw bytes through every front end;
//! - [`roundtrip`]: generated model → XML → parse → the same model;
//! - [`differential`]: this parser against the roxmltree, xml-rs and quick-xml extractors;
//! - [`chunked`]: generated documents cut anywhere, streamed and pushed;
//! - [`negative`]: documents broken in one known way, or read under small
//!   limits, against the verdict the generator expects.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod chunked;
pub mod differential;
pub mod negative;
pub mod parse_bytes;
pub mod roundtrip;
pub mod support;
