//! Reading a document, in layers: the [`scanner`] finds tokens in the text,
//! the [`machine`] checks each one (names, references, attributes,
//! [`namespaces`]) and builds responses as the RFC 4918 §14 [`grammar`]
//! says, and the front ends feed both from their input: [`slice`] (the
//! whole body in memory) and [`stream`] (a `BufRead`, pushed chunks, or a
//! tokio `AsyncBufRead`).

pub(crate) mod grammar;
pub(crate) mod machine;
pub(crate) mod namespaces;
pub(crate) mod scanner;
pub(crate) mod slice;
pub(crate) mod stream;

pub(crate) mod buffered;
pub(crate) mod push;
#[cfg(feature = "tokio")]
pub(crate) mod tokio;
