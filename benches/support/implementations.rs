//! The names of the implementations the benchmarks time: criterion's
//! benchmark names, which `examples/bench_report.rs` (including this file
//! with `#[path]`) reads back from criterion's results.

/// Every implementation, in the order of the groups, the report's table
/// and its chart: this crate's, quick-xml's tokenizer, then the baselines.
pub const IMPLEMENTATIONS: [&str; 12] = [
    "multistatus-slice",
    "multistatus-stream",
    "multistatus-push",
    "multistatus-push-1",
    "multistatus-typed",
    "multistatus-model",
    "quick-xml-raw",
    "roxmltree",
    "quick-xml-serde",
    "xml-rs",
    "xmltree",
    "minidom",
];

/// How many of [`IMPLEMENTATIONS`], from the first, every group runs
/// (this crate's and the tokenizer); each workload names its baselines.
pub const IN_EVERY_GROUP: usize = 7;
