//! Helpers shared by the integration tests: every behaviour is checked
//! through every way into the parser.
#![allow(dead_code)]

use std::borrow::Cow;

use multistatus::{Multistatus, Response, ResponseReader};

/// Says which way in and which response a failed assertion was about.
pub struct Via(&'static str, usize);

impl Drop for Via {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("    ... while checking response #{} via {}", self.1, self.0);
        }
    }
}

/// What both ways in agree on at the document level.
#[derive(Debug, PartialEq)]
pub struct Document {
    pub responses: usize,
    pub description: Option<String>,
    pub sync_token: Option<String>,
}

/// Parses `xml` with `Multistatus::parse` and with a `ResponseReader` loop,
/// runs `check(index, response)` on every response of both, and asserts
/// that both agree on the count, description and sync token.
pub fn for_each_response(xml: &str, mut check: impl FnMut(usize, &Response<'_>)) -> Document {
    let parsed = Multistatus::parse(xml).unwrap_or_else(|e| panic!("Multistatus::parse failed: {e}\n{xml}"));
    for (index, response) in parsed.responses().enumerate() {
        let _via = Via("Multistatus::parse", index);
        check(index, &response);
    }
    let whole = Document {
        responses: parsed.len(),
        description: parsed.description().map(Cow::into_owned),
        sync_token: parsed.sync_token().map(Cow::into_owned),
    };
    let mut reader = ResponseReader::new(xml);
    let mut count = 0;
    while let Some(response) = reader.next_response().unwrap_or_else(|e| panic!("ResponseReader failed: {e}\n{xml}")) {
        let _via = Via("ResponseReader", count);
        check(count, &response);
        count += 1;
    }
    let streamed = Document {
        responses: count,
        description: reader.description().map(Cow::into_owned),
        sync_token: reader.sync_token().map(Cow::into_owned),
    };
    assert_eq!(whole, streamed, "Multistatus::parse and ResponseReader disagree");
    whole
}
