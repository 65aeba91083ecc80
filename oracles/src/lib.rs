//! Independent extractors for WebDAV `207 Multi-Status` bodies
//! (RFC 4918 §14.16, plus `DAV:sync-token` from RFC 6578), used as test
//! oracles and benchmark baselines for the `multistatus` crate.
//!
//! This crate is deliberately written from the specification only, without
//! looking at the main parser, so that differential tests compare two
//! independent readings of the same rules. It is never a dependency of the
//! library itself.
//!
//! # Canonical JSON
//!
//! Every oracle produces the same [`serde_json::Value`] shape, so results can
//! be compared with `==` (object key order is irrelevant because
//! `serde_json::Value` maps compare by content):
//!
//! ```text
//! {"responses": [ {"hrefs": [str],
//!                  "status": int|null,
//!                  "propstats": [ {"status": int|null,
//!                                  "props": [ {"ns": str, "name": str, "text": str, "children": int} ],
//!                                  "error": [ {"ns": str, "name": str} ] | null,
//!                                  "description": str|null } ],
//!                  "error": [ {"ns": str, "name": str} ] | null,
//!                  "description": str|null,
//!                  "location": str|null } ],
//!  "description": str|null,
//!  "sync_token": str|null}
//! ```
//!
//! * `hrefs`: every direct `DAV:href` child of the response, its text content
//!   with ASCII whitespace trimmed, not percent-decoded.
//! * `status`: the three-digit code of the `DAV:status` status line
//!   (see [`roxml::parse_status_line`]), `null` when absent.
//! * `props`: one entry per child element of `DAV:prop`, in document order.
//!   `ns` is the namespace URI (`""` for no namespace), `name` the local
//!   name, `text` the DOM `textContent` (all descendant text and CDATA,
//!   references decoded, line ends normalised, untrimmed) and `children`
//!   the number of direct child elements.
//! * `error`: the child elements of `DAV:error` as `{ns, name}`, in document
//!   order and without recursion; `null` when there is no `DAV:error`.
//! * `description`: `DAV:responsedescription` text content, untrimmed.
//! * `location`: the trimmed text content of the first `DAV:href` inside
//!   `DAV:location`.
//! * `sync_token`: the trimmed text content of `DAV:sync-token`.
//!
//! # Structural rules
//!
//! Elements are always matched by namespace URI and local name, never by
//! prefix. Unknown child elements of `multistatus`, `response` and
//! `propstat` (in any namespace, including unknown `DAV:` names) are skipped
//! together with their subtree; stray text, comments and processing
//! instructions at those levels are ignored; children may appear in any
//! order. The error rules, and what becomes of a body that breaks the RFC
//! 4918 §14 content model (kept, never an error), are on [`roxml::extract`].
//!
//! # Oracles and benchmark baselines
//!
//! Every extractor builds the owned [`model`] (whose `to_json` is the one
//! place that writes the canonical JSON) through the shared structural
//! rules of [`model`], walking its own representation with one function per
//! level of the grammar:
//!
//! * [`roxml`]: the roxmltree DOM, walked by the generic DOM grammar of [`dom`];
//! * [`xmlrs`]: the xml-rs event reader, streamed; correct on any input, so
//!   it is a second oracle, independent of roxmltree and of quick-xml;
//! * [`quickxml`]: quick-xml's namespace-aware `NsReader`, streamed, with
//!   the XML 1.0 and Namespaces checks quick-xml leaves out added on top;
//!   correct on any input, so it is a third oracle;
//! * [`serde_structs`]: quick-xml's serde deserializer into the structs a
//!   typical client declares (it cannot see namespaces: see its docs);
//! * [`xmltree_dom`] and [`minidom_dom`]: the xmltree and minidom DOMs, through [`dom`];
//! * [`raw`]: quick-xml's tokenizer counting events, the speed ceiling.
//!
//! [`baselines`] lists them for the benchmarks (with the documents each is
//! excluded from, and why), and [`inputs`] builds the benchmark inputs.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod baselines;
pub mod dom;
pub mod inputs;
pub mod listing;
pub mod minidom_dom;
pub mod model;
pub mod quickxml;
pub mod raw;
pub mod roxml;
pub mod serde_structs;
pub mod xmlrs;
pub mod xmltree_dom;
