//! The WebDAV client crates a user would pick instead of `multistatus`,
//! each called through its own public parsing entry point, exactly as its
//! users get it, and compared with this crate's canonical model on the
//! fields it can represent.
//!
//! Every peer is two functions: `run` calls the peer and writes what it
//! returned as JSON (only the fields it has), and `expect` writes the same
//! JSON from the canonical model (`multistatus_oracles::model`), following
//! the rule the peer documents for each field (which propstat a value comes
//! from, trimming, its etag or line-end convention). A document then has
//! one [`Outcome`]: the peer agrees, rejects it (an error or a panic), or
//! returns something that differs on a field it claims.
//!
//! [`compat`] runs every peer over every corpus document and benchmark
//! input and writes the compatibility table; `benches/peers.rs` times them.
//! This crate is its own workspace (like `fuzz/`), so the peers' builds
//! never reach the library's `cargo test` or clippy.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compat;
pub mod peers;

use serde_json::Value;

use multistatus_oracles::model;

/// One peer: a crate, one public entry point, and how its result maps onto
/// the canonical model.
#[derive(Debug, Clone, Copy)]
pub struct Peer {
    /// The name in the table: crate and entry point.
    pub name: &'static str,
    /// The crate and version, as built here.
    pub krate: &'static str,
    /// The entry point called, in a few words.
    pub entry_point: &'static str,
    /// The fields of the canonical model it is compared on, and how.
    pub fields: &'static str,
    /// Whether the peer is meant for this document (`None`: every document).
    pub scope: Option<Scope>,
    /// Calls the peer and writes its result as JSON.
    pub run: fn(&[u8]) -> Result<Value, String>,
    /// The same JSON from the canonical model.
    pub expect: fn(&model::Multistatus) -> Value,
}

/// The documents a peer is meant for: a description and a test on the golden.
pub type Scope = (&'static str, fn(&model::Multistatus) -> bool);

/// What a peer does with one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Returns the golden values on every field it is compared on.
    Agrees,
    /// Returns an error (or panics): `kind` is the message with numbers and
    /// quoted text taken out, so that one kind covers many documents.
    Rejects {
        /// The kind of failure.
        kind: String,
        /// The message as returned.
        message: String,
    },
    /// Returns a result that differs from the golden on a compared field.
    Differs {
        /// The field (indices taken out) and what happened to it.
        kind: String,
        /// The first difference, with its path and both values.
        detail: String,
    },
    /// Not meant for this document (see [`Peer::scope`]).
    OutOfScope,
}

impl Outcome {
    /// `agrees`, `rejects`, `differs` or `out of scope`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Agrees => "agrees",
            Outcome::Rejects { .. } => "rejects",
            Outcome::Differs { .. } => "differs",
            Outcome::OutOfScope => "out of scope",
        }
    }

    /// The kind of failure, empty when there is none.
    pub fn kind(&self) -> &str {
        match self {
            Outcome::Rejects { kind, .. } | Outcome::Differs { kind, .. } => kind,
            Outcome::Agrees | Outcome::OutOfScope => "",
        }
    }

    /// Whether the peer returned a result (agreeing or not): what is timed.
    pub fn parsed(&self) -> bool {
        matches!(self, Outcome::Agrees | Outcome::Differs { .. })
    }
}

impl Peer {
    /// Runs the peer on `bytes` (a panic is a rejection) and compares it
    /// with `golden`, this crate's model of the same bytes.
    pub fn outcome(&self, bytes: &[u8], golden: &model::Multistatus) -> Outcome {
        if let Some((_, applies)) = self.scope {
            if !applies(golden) {
                return Outcome::OutOfScope;
            }
        }
        let run = self.run;
        let got = match std::panic::catch_unwind(|| run(bytes)) {
            Ok(Ok(got)) => got,
            Ok(Err(message)) => return Outcome::Rejects { kind: error_kind(&message), message },
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let message = format!("panics: {message}");
                return Outcome::Rejects { kind: error_kind(&message), message };
            }
        };
        let expected = (self.expect)(golden);
        match first_difference(&expected, &got, String::new()) {
            None => Outcome::Agrees,
            Some((path, e, g)) => Outcome::Differs {
                kind: format!("{}: {}", strip_indices(&path), hint(&path, &e, &g)),
                detail: format!("{path}: expected {}, got {}", cut(&e.to_string()), cut(&g.to_string())),
            },
        }
    }
}

/// An error message as a kind: digits and quoted text replaced, so that
/// the same failure at other places or on other names is one kind.
pub fn error_kind(message: &str) -> String {
    let mut kind = String::new();
    let mut quote: Option<char> = None;
    let mut last_digit = false;
    for c in message.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
                kind.push(q);
            }
            continue;
        }
        match c {
            // Backticks quote field names (serde): those stay.
            '\'' | '"' => {
                quote = Some(c);
                kind.push(c);
                kind.push('…');
            }
            c if c.is_ascii_digit() => {
                if !last_digit {
                    kind.push('N');
                }
                last_digit = true;
                continue;
            }
            '\n' => kind.push(' '),
            c => kind.push(c),
        }
        last_digit = false;
    }
    cut(kind.trim())
}

fn cut(text: &str) -> String {
    const MAX: usize = 110;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// The first place where `got` differs from `expected`: its path and both values.
fn first_difference(expected: &Value, got: &Value, path: String) -> Option<(String, Value, Value)> {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (key, e_value) in e {
                let g_value = g.get(key).unwrap_or(&Value::Null);
                let path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                if let Some(found) = first_difference(e_value, g_value, path) {
                    return Some(found);
                }
            }
            None
        }
        (Value::Array(e), Value::Array(g)) => {
            for (i, (e_item, g_item)) in e.iter().zip(g).enumerate() {
                if let Some(found) = first_difference(e_item, g_item, format!("{path}[{i}]")) {
                    return Some(found);
                }
            }
            if e.len() == g.len() {
                None
            } else {
                Some((format!("{path}.len"), e.len().into(), g.len().into()))
            }
        }
        (e, g) if e == g => None,
        (e, g) => Some((path, e.clone(), g.clone())),
    }
}

/// `responses[3].props[0]` as `responses[].props[]`.
fn strip_indices(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// What happened to a value, in a few words.
fn hint(path: &str, expected: &Value, got: &Value) -> String {
    if path.ends_with(".len") {
        return match (expected.as_u64(), got.as_u64()) {
            (Some(e), Some(g)) if g < e => "fewer than the document has".into(),
            _ => "more than the document has".into(),
        };
    }
    match (expected, got) {
        (Value::String(e), Value::String(g)) => {
            // What the peer did, in order: CRLF kept, then trimming.
            let mut what = Vec::new();
            let mut g = g.clone();
            if g.contains("\r\n") && !e.contains('\r') {
                what.push("raw CRLF kept where XML requires LF");
                g = g.replace("\r\n", "\n");
            }
            if g != *e && g == e.trim() {
                what.push("surrounding whitespace trimmed");
                g.clone_from(e);
            }
            if g == *e {
                return what.join(", ");
            }
            if g.is_empty() {
                "text lost".into()
            } else if e.contains('\r') && g == e.replace('\r', "") {
                "CR from `&#13;` dropped".into()
            } else if g.contains("&amp;") || g.contains("&lt;") || g.contains("&quot;") || g.contains("&#") {
                "entity references left undecoded".into()
            } else if e.contains('&') && !g.contains('&') {
                "`&` lost".into()
            } else if e.starts_with(g.as_str()) || e.ends_with(g.as_str()) {
                "text cut short".into()
            } else if e.trim() == g.trim() {
                "whitespace changed".into()
            } else {
                "another value".into()
            }
        }
        (Value::Number(_), Value::Number(_)) => "another number".into(),
        (_, Value::Null) => "missing".into(),
        (Value::Null, _) => "present where the document has none".into(),
        _ => "another value".into(),
    }
}
