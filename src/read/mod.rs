//! Reading a document: the scanner finds tokens, the machine checks them
//! and builds responses, the front ends feed both from their input.

pub(crate) mod scanner;
