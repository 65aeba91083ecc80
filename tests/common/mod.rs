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

/// The one-shot slice parse of `input`.
pub fn slice_outcome(input: &[u8]) -> Result<String, multistatus::Error> {
    let mut reader = ResponseReader::from_bytes(input);
    let mut out = String::from("{\"responses\": [");
    let mut first = true;
    while let Some(response) = reader.next_response()? {
        if !first {
            out.push(',');
        }
        first = false;
        multistatus::canonical::write_response(&mut out, &response);
    }
    multistatus::canonical::write_document_end(
        &mut out,
        reader.description().as_deref(),
        reader.sync_token().as_deref(),
    );
    Ok(out)
}

/// `StreamReader` over a `BufReader` of `capacity` bytes.
pub fn stream_outcome(input: &[u8], capacity: usize) -> Result<String, multistatus::Error> {
    let mut reader = multistatus::StreamReader::new(std::io::BufReader::with_capacity(capacity, input));
    let mut out = String::from("{\"responses\": [");
    let mut first = true;
    while let Some(response) = reader.next_response()? {
        if !first {
            out.push(',');
        }
        first = false;
        multistatus::canonical::write_response(&mut out, &response);
    }
    multistatus::canonical::write_document_end(
        &mut out,
        reader.description().as_deref(),
        reader.sync_token().as_deref(),
    );
    Ok(out)
}

/// `PushParser` fed `input` cut at `cuts` (sorted offsets).
pub fn push_outcome(input: &[u8], cuts: &[usize]) -> Result<String, multistatus::Error> {
    let mut parser = multistatus::PushParser::new();
    let mut out = String::from("{\"responses\": [");
    let mut first = true;
    let mut from = 0;
    let ends = cuts.iter().copied().chain(std::iter::once(input.len()));
    for end in ends {
        parser.feed(&input[from..end.max(from)]);
        from = end.max(from);
        while let Some(response) = parser.next_response()? {
            if !first {
                out.push(',');
            }
            first = false;
            multistatus::canonical::write_response(&mut out, &response);
        }
    }
    parser.finish();
    while let Some(response) = parser.next_response()? {
        if !first {
            out.push(',');
        }
        first = false;
        multistatus::canonical::write_response(&mut out, &response);
    }
    assert!(parser.is_done(), "push parser not done after finish");
    multistatus::canonical::write_document_end(
        &mut out,
        parser.description().as_deref(),
        parser.sync_token().as_deref(),
    );
    Ok(out)
}

/// A small seeded generator (xorshift64*), so split tests are reproducible
/// without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// Sorted cut points for `len` bytes, about `len / mean` of them.
    pub fn cuts(&mut self, len: usize, mean: usize) -> Vec<usize> {
        let mut cuts = Vec::new();
        let mut at = 1 + self.below(2 * mean.max(1));
        while at < len {
            cuts.push(at);
            at += 1 + self.below(2 * mean.max(1));
        }
        cuts
    }
}

/// Asserts every front end agrees with the slice parse of `input`, for the
/// given push cuts and `BufReader` capacities.
pub fn assert_front_ends_agree(name: &str, input: &[u8], cuts: &[usize], capacities: &[usize]) {
    let expected = slice_outcome(input);
    for &capacity in capacities {
        let streamed = stream_outcome(input, capacity);
        assert_eq!(streamed, expected, "{name}: StreamReader with capacity {capacity} disagrees");
    }
    let pushed = push_outcome(input, cuts);
    assert_eq!(pushed, expected, "{name}: PushParser cut at {cuts:?} disagrees");
}
