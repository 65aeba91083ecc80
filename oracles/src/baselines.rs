//! The benchmark baselines as one list: how to run each, how its result is
//! compared with the parser's canonical JSON, and the documents it is
//! excluded from, with the reason.
//!
//! The benchmarks check every baseline against the parser on every input
//! before timing anything, and `tests/baselines.rs` does the same on every
//! input and every corpus document, so an exclusion that stops being
//! needed (or a new disagreement) fails the test.

use serde_json::Value;

use crate::model::{Multistatus, Property, Propstat, Response};
use crate::{minidom_dom, roxml, serde_structs, xmlrs, xmltree_dom};

/// One independent extractor of the owned model.
#[derive(Debug, Clone, Copy)]
pub struct Baseline {
    /// The name used in benchmark ids and the report.
    pub name: &'static str,
    /// Parses a body and extracts the owned model.
    pub parse: fn(&[u8]) -> Result<Multistatus, String>,
    /// Texts may lack whitespace that DOM `textContent` has
    /// ([`serde_structs::texts_agree`]); everything else must be equal.
    pub loses_blank_text: bool,
    /// Documents (corpus file names or input names) this baseline cannot
    /// read like the parser, and why.
    pub excluded: &'static [Exclusion],
}

/// Documents a baseline is excluded from, for one reason.
#[derive(Debug, Clone, Copy)]
pub struct Exclusion {
    /// Why, in a sentence.
    pub reason: &'static str,
    /// The corpus file names or input names.
    pub documents: &'static [&'static str],
}

impl Baseline {
    /// Parses `bytes` and returns the canonical JSON.
    pub fn extract(&self, bytes: &[u8]) -> Result<Value, String> {
        (self.parse)(bytes).map(|m| m.to_json())
    }

    /// Why this baseline is excluded from `document`, if it is.
    pub fn exclusion(&self, document: &str) -> Option<&'static str> {
        self.excluded.iter().find(|e| e.documents.contains(&document)).map(|e| e.reason)
    }

    /// Whether the baseline's model `got` agrees with the parser's `expected`.
    pub fn agrees(&self, expected: &Multistatus, got: &Multistatus) -> bool {
        if self.loses_blank_text {
            same_but_blank_text(expected, got)
        } else {
            expected == got
        }
    }

    /// Runs the baseline on `bytes` and compares it with `expected`:
    /// `Err` says how it disagrees.
    pub fn check(&self, bytes: &[u8], expected: &Multistatus) -> Result<(), String> {
        let got = (self.parse)(bytes).map_err(|e| format!("{} fails: {e}", self.name))?;
        if self.agrees(expected, &got) {
            Ok(())
        } else {
            Err(format!("{} disagrees: {}", self.name, first_difference(&expected.to_json(), &got.to_json())))
        }
    }
}

/// Model equality, except that texts and descriptions compare with
/// [`serde_structs::texts_agree`].
fn same_but_blank_text(expected: &Multistatus, got: &Multistatus) -> bool {
    fn all<T>(e: &[T], g: &[T], same: impl Fn(&T, &T) -> bool) -> bool {
        e.len() == g.len() && e.iter().zip(g).all(|(e, g)| same(e, g))
    }
    let text = |e: &Option<String>, g: &Option<String>| match (e, g) {
        (Some(e), Some(g)) => serde_structs::texts_agree(e, g),
        (e, g) => e == g,
    };
    let property = |e: &Property, g: &Property| {
        e.ns == g.ns && e.name == g.name && e.children == g.children && serde_structs::texts_agree(&e.text, &g.text)
    };
    let propstat = |e: &Propstat, g: &Propstat| {
        e.status == g.status
            && e.error == g.error
            && text(&e.description, &g.description)
            && all(&e.props, &g.props, property)
    };
    let response = |e: &Response, g: &Response| {
        e.hrefs == g.hrefs
            && e.status == g.status
            && e.error == g.error
            && e.location == g.location
            && text(&e.description, &g.description)
            && all(&e.propstats, &g.propstats, propstat)
    };
    expected.sync_token == got.sync_token
        && text(&expected.description, &got.description)
        && all(&expected.responses, &got.responses, response)
}

/// The first place where two JSON texts differ, with some context.
pub fn first_difference(expected: &Value, got: &Value) -> String {
    let (e, g) = (expected.to_string(), got.to_string());
    let at = e.bytes().zip(g.bytes()).position(|(a, b)| a != b).unwrap_or(e.len().min(g.len()));
    let around = |s: &str| {
        let mut start = at.saturating_sub(80).min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + 80).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s[start..end].to_owned()
    };
    format!("at byte {at} of the JSON: expected …{}…, got …{}…", around(&e), around(&g))
}

/// The roxmltree DOM, then the grammar of [`crate::dom`].
pub const ROXMLTREE: Baseline =
    Baseline { name: "roxmltree", parse: roxml::parse_bytes, loses_blank_text: false, excluded: &[] };

/// quick-xml's serde deserializer into a client's structs.
pub const SERDE: Baseline = Baseline {
    name: "quick-xml-serde",
    parse: serde_structs::parse,
    loses_blank_text: true,
    excluded: &[
        Exclusion {
            reason: "dead properties in namespaces no client can know in advance (serde sees no namespaces, \
                     so a property's namespace comes from a table of known vocabularies)",
            documents: &[
                "apache-propfind-allprop-dead-props.xml",
                "apache-propfind-allprop-nonamespace-cdata.xml",
                "apache-propfind-dead-props-prefix-rebinding.xml",
                "apache-propfind-dead-props.xml",
                "apache-propfind-depth1-named-props-missing.xml",
                "apache-propfind-propname-dead-props.xml",
                "apache-proppatch-protected-partial-failure.xml",
                "apache-proppatch-remove-and-set.xml",
                "apache-proppatch-set-dead-props.xml",
                "apache-proppatch-set-nonamespace-cdata.xml",
                "radicale-propfind-addressbook-depth1-propname.xml",
                "radicale-propfind-calendar-depth0-allprop.xml",
                "radicale-propfind-calendar-depth0-missing-props.xml",
                "rfc3744-9.4.2-principal-property-search.xml",
                "rfc4918-9.1.3-propfind-named-props.xml",
                "rfc4918-9.1.4-propfind-propname.xml",
                "rfc4918-9.1.5-propfind-allprop.xml",
                "rfc4918-9.2.2-proppatch.xml",
                "rfc6578-3.13-sync-level-infinite.xml",
                "rfc6578-3.8-sync-initial.xml",
                "rfc6578-3.9-sync-with-token.xml",
                "lighttpd-propfind-depth1-allprop.xml",
                "lighttpd-propfind-depth1-named-props-missing.xml",
                "lighttpd-propfind-depth1-propname.xml",
                "pywebdav3-propfind-depth0-file-nobody.xml",
                "pywebdav3-propfind-depth1-allprop.xml",
                "pywebdav3-propfind-depth1-named-props-missing.xml",
                "pywebdav3-propfind-depth1-propname.xml",
                "wsgidav-propfind-depth1-allprop.xml",
                "wsgidav-propfind-depth1-named-props-missing.xml",
                "wsgidav-proppatch-protected-partial-failure.xml",
                "wsgidav-proppatch-set-dead-props.xml",
            ],
        },
        Exclusion {
            reason: "a responsedescription with markup inside (mixed content), which a String field cannot hold",
            documents: &["rfc3744-5.1.2-proppatch-owner-forbidden.xml"],
        },
        Exclusion {
            reason: "a status element repeated (a server's deviation from RFC 4918 §14): serde refuses a \
                     duplicate field where the other implementations keep the first",
            documents: &["handwritten-synthetic-duplicated-status.xml"],
        },
    ],
};

/// The xml-rs event reader, streamed.
pub const XMLRS: Baseline = Baseline { name: "xml-rs", parse: xmlrs::parse, loses_blank_text: false, excluded: &[] };

/// xmltree's DOM (on xml-rs), then the grammar of [`crate::dom`].
pub const XMLTREE: Baseline =
    Baseline { name: "xmltree", parse: xmltree_dom::parse, loses_blank_text: false, excluded: &[] };

/// minidom's DOM (on rxml), then the grammar of [`crate::dom`].
pub const MINIDOM: Baseline = Baseline {
    name: "minidom",
    parse: minidom_dom::parse,
    loses_blank_text: false,
    excluded: &[Exclusion {
        reason: "elements in no namespace, which minidom refuses (MissingNamespace): it reads only \
                 namespace-strict XML, as XMPP requires",
        documents: &[
            "apache-propfind-allprop-nonamespace-cdata.xml",
            "apache-proppatch-set-nonamespace-cdata.xml",
            "lighttpd-propfind-depth1-propname.xml",
        ],
    }],
};

/// Every baseline that extracts the model, fastest expected first.
pub const ALL: [Baseline; 5] = [ROXMLTREE, SERDE, XMLRS, XMLTREE, MINIDOM];
