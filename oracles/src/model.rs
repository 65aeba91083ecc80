//! The owned model every extractor builds, its canonical JSON, and the
//! grammar rules they all share.
//!
//! Each extractor (the roxmltree oracle and the benchmark baselines) walks
//! its own XML representation with one function per level of the grammar,
//! and hands what it found to the `*Parts` collectors here, which enforce
//! RFC 4918 §14.16's structural rules (singular children, the two forms of a
//! response, required `prop` and `status` in a propstat) with the same
//! messages everywhere. [`Multistatus::to_json`] is the one place that
//! builds the canonical JSON (see the [crate docs](crate)).
//!
//! The model is plain owned data, so timing an extractor that returns it
//! measures parsing and extraction, not building `serde_json` maps; and
//! canonical JSON reads straight back into it ([`Multistatus::from_json`]),
//! so other implementations' results compare with `==`.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::roxml::parse_status_line;

/// A whole `DAV:multistatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Multistatus {
    /// The `DAV:response` children, in document order.
    pub responses: Vec<Response>,
    /// `DAV:responsedescription` text content, untrimmed.
    pub description: Option<String>,
    /// `DAV:sync-token` text content, trimmed of ASCII whitespace.
    pub sync_token: Option<String>,
}

/// One `DAV:response`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Every direct `DAV:href` child, trimmed, not percent-decoded.
    pub hrefs: Vec<String>,
    /// The code of the response-level `DAV:status`.
    pub status: Option<u16>,
    /// The `DAV:propstat` children, in order.
    pub propstats: Vec<Propstat>,
    /// The children of `DAV:error`.
    pub error: Option<Vec<Condition>>,
    /// `DAV:responsedescription` text content, untrimmed.
    pub description: Option<String>,
    /// The trimmed text of the first `DAV:href` inside `DAV:location`.
    pub location: Option<String>,
}

/// One `DAV:propstat`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Propstat {
    /// The code of its `DAV:status` (always there in a strict parse; the
    /// canonical JSON allows `null` for the parser's lenient mode).
    pub status: Option<u16>,
    /// The child elements of `DAV:prop`, in order.
    pub props: Vec<Property>,
    /// The children of `DAV:error`.
    pub error: Option<Vec<Condition>>,
    /// `DAV:responsedescription` text content, untrimmed.
    pub description: Option<String>,
}

/// One property: a child element of `DAV:prop`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Property {
    /// The namespace URI, `""` for none.
    pub ns: String,
    /// The local name.
    pub name: String,
    /// DOM `textContent`: all descendant character data, untrimmed.
    pub text: String,
    /// The number of direct child elements.
    pub children: usize,
}

/// A child of `DAV:error`: a failed pre- or postcondition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The namespace URI, `""` for none.
    pub ns: String,
    /// The local name.
    pub name: String,
}

impl Multistatus {
    /// Reads canonical JSON (as `msdump --json` writes it) back into the model.
    pub fn from_json(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|e| format!("not canonical JSON: {e}"))
    }

    /// The canonical JSON (see the [crate docs](crate)).
    pub fn to_json(&self) -> Value {
        json!({
            "responses": self.responses.iter().map(Response::to_json).collect::<Vec<_>>(),
            "description": self.description,
            "sync_token": self.sync_token,
        })
    }
}

impl Response {
    fn to_json(&self) -> Value {
        json!({
            "hrefs": self.hrefs,
            "status": self.status,
            "propstats": self.propstats.iter().map(Propstat::to_json).collect::<Vec<_>>(),
            "error": self.error.as_deref().map(conditions_json),
            "description": self.description,
            "location": self.location,
        })
    }
}

impl Propstat {
    fn to_json(&self) -> Value {
        let props: Vec<Value> = self
            .props
            .iter()
            .map(|p| json!({"ns": p.ns, "name": p.name, "text": p.text, "children": p.children}))
            .collect();
        json!({
            "status": self.status,
            "props": props,
            "error": self.error.as_deref().map(conditions_json),
            "description": self.description,
        })
    }
}

fn conditions_json(conditions: &[Condition]) -> Value {
    conditions.iter().map(|c| json!({"ns": c.ns, "name": c.name})).collect()
}

/// Stores `value` in `slot` unless it is taken: of a singular child that a
/// server repeated, the first is the one read.
pub fn keep_first<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// The message for a document whose root is not `{DAV:}multistatus`.
pub fn wrong_root(namespace: &str, local_name: &str) -> String {
    format!("root element is {{{namespace}}}{local_name}, not {{DAV:}}multistatus")
}

/// What an extractor found among the children of `DAV:multistatus`.
#[derive(Debug, Default)]
pub struct MultistatusParts {
    /// The responses, already checked.
    pub responses: Vec<Response>,
    description: Option<String>,
    sync_token: Option<String>,
}

impl MultistatusParts {
    /// A `DAV:responsedescription`, untrimmed text.
    pub fn description(&mut self, text: String) {
        keep_first(&mut self.description, text)
    }

    /// A `DAV:sync-token`, untrimmed text (it is trimmed here).
    pub fn sync_token(&mut self, text: &str) {
        keep_first(&mut self.sync_token, text.trim_ascii().to_owned())
    }

    /// The finished document.
    pub fn finish(self) -> Multistatus {
        Multistatus { responses: self.responses, description: self.description, sync_token: self.sync_token }
    }
}

/// What an extractor found among the children of a `DAV:response`.
#[derive(Debug, Default)]
pub struct ResponseParts {
    hrefs: Vec<String>,
    status: Option<String>,
    /// The propstats, already checked.
    pub propstats: Vec<Propstat>,
    error: Option<Vec<Condition>>,
    description: Option<String>,
    location: Option<Option<String>>,
}

impl ResponseParts {
    /// A `DAV:href`, untrimmed text (it is trimmed here).
    pub fn href(&mut self, text: &str) {
        self.hrefs.push(text.trim_ascii().to_owned());
    }

    /// A `DAV:status`, its text content.
    pub fn status(&mut self, text: String) {
        keep_first(&mut self.status, text)
    }

    /// A `DAV:error`, its child elements.
    pub fn error(&mut self, conditions: Vec<Condition>) {
        keep_first(&mut self.error, conditions)
    }

    /// A `DAV:responsedescription`, untrimmed text.
    pub fn description(&mut self, text: String) {
        keep_first(&mut self.description, text)
    }

    /// A `DAV:location`, with the untrimmed text of its first `DAV:href`
    /// child, if it has one.
    pub fn location(&mut self, first_href: Option<&str>) {
        keep_first(&mut self.location, first_href.map(|h| h.trim_ascii().to_owned()))
    }

    /// The response as sent, whatever its form (RFC 4918 §14.24 wants
    /// `href+, status` or `href, propstat+`; servers send less or both),
    /// with its status line parsed.
    pub fn finish(self) -> Result<Response, String> {
        Ok(Response {
            hrefs: self.hrefs,
            status: self.status.as_deref().map(parse_status_line).transpose()?,
            propstats: self.propstats,
            error: self.error,
            description: self.description,
            location: self.location.flatten(),
        })
    }
}

/// What an extractor found among the children of a `DAV:propstat`.
#[derive(Debug, Default)]
pub struct PropstatParts {
    props: Vec<Property>,
    status: Option<String>,
    error: Option<Vec<Condition>>,
    description: Option<String>,
}

impl PropstatParts {
    /// A `DAV:prop`, its child elements: those of every `DAV:prop` a
    /// server sent are the propstat's properties, in document order.
    pub fn prop(&mut self, properties: Vec<Property>) {
        self.props.extend(properties);
    }

    /// A `DAV:status`, its text content.
    pub fn status(&mut self, text: String) {
        keep_first(&mut self.status, text)
    }

    /// A `DAV:error`, its child elements.
    pub fn error(&mut self, conditions: Vec<Condition>) {
        keep_first(&mut self.error, conditions)
    }

    /// A `DAV:responsedescription`, untrimmed text.
    pub fn description(&mut self, text: String) {
        keep_first(&mut self.description, text)
    }

    /// The propstat as sent, with its status line parsed; a missing prop
    /// or status is no properties or no status.
    pub fn finish(self) -> Result<Propstat, String> {
        Ok(Propstat {
            status: self.status.as_deref().map(parse_status_line).transpose()?,
            props: self.props,
            error: self.error,
            description: self.description,
        })
    }
}
