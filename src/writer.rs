//! A serializer for the owned [`model`](crate::model): how a server writes a
//! 207 Multi-Status body.
//!
//! The default is plain: an XML declaration, `DAV:` elements with the `D:`
//! prefix, other namespaces declared where first used, text escaped with the
//! predefined entities (and `&#13;` for carriage returns, which XML would
//! otherwise turn into line feeds), no extra whitespace.
//!
//! ```
//! use multistatus::model::{ElementModel, MultistatusModel, PropstatModel, ResponseModel};
//! use multistatus::writer::{write, WriteOptions};
//!
//! let body = MultistatusModel::new(vec![
//!     ResponseModel::with_propstats("/files/a%20b.txt", vec![
//!         PropstatModel::new("HTTP/1.1 200 OK", vec![ElementModel::dav("getcontentlength").with_text("42")]),
//!         PropstatModel::new("HTTP/1.1 404 Not Found", vec![ElementModel::dav("getetag")]),
//!     ]),
//!     ResponseModel::with_status("/files/gone/", "HTTP/1.1 404 Not Found"),
//! ]);
//! let xml = write(&body, &WriteOptions { indent: Some("  ".into()), ..WriteOptions::default() });
//! assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">"));
//! assert_eq!(multistatus::Multistatus::parse(&xml)?.len(), 2);
//! # Ok::<(), multistatus::Error>(())
//! ```
//!
//! The same writer also writes every variation a parser must accept
//! (prefixes, escapes, comments, orders, extension elements): each place
//! where a document could be written differently is a [`Choice`], and a
//! [`Variations`] source picks the way. The plain writer always picks
//! option 0; the fuzzing generator (`multistatus::generate`, feature
//! `arbitrary`) picks from fuzz input.
//!
//! What cannot be written: an attribute named `xmlns` in no namespace and
//! names in the `http://www.w3.org/2000/xmlns/` namespace (XML reserves them
//! for declarations; no parsed document has them) are left out.

use crate::model::{Content, ElementModel, MultistatusModel, PropstatModel, ResponseModel, XML_NAMESPACE};
use crate::{CALDAV, CALENDARSERVER, CARDDAV, DAV, NEXTCLOUD, OWNCLOUD};

const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";
/// Where [`Choice::Rebind`] moves a prefix.
const REBOUND: &str = "urn:example:rebound";

/// How to write a document when no [`Variations`] say otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// The prefix for `DAV:` elements; `None` makes `DAV:` the default
    /// namespace. Default: `Some("D")`.
    pub dav_prefix: Option<String>,
    /// Start with `<?xml version="1.0" encoding="utf-8"?>`. Default: true.
    pub declaration: bool,
    /// Put structural elements on their own lines, indented by this string;
    /// `None` writes no whitespace between elements. Text and property
    /// values are never reindented. Default: `None`.
    pub indent: Option<String>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions { dav_prefix: Some("D".into()), declaration: true, indent: None }
    }
}

/// A place where a document can be written in several equivalent ways.
/// Option 0 is always the plain way, as [`WriteOptions`] say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Choice {
    /// Before everything: 0 nothing, 1 a UTF-8 byte order mark.
    Bom,
    /// 0 as the options say, 1 none, 2 `version` only, 3 single quotes and
    /// `UTF-8`, 4 `standalone` and extra whitespace.
    Declaration,
    /// 0 as the options say, 1 minified, 2 two-space indentation, 3 tabs and CRLF line ends.
    Layout,
    /// Per structural `DAV:` element: 0 the prefix in scope (or the options'),
    /// 1 the default namespace, 2–6 the prefixes `D`, `d`, `a`, `lp1`, `g0`.
    DavPrefix,
    /// On the root: 0 no more, 1–3 that many more prefixes bound to `DAV:`.
    ExtraDavPrefixes,
    /// On the root: 0 declare other namespaces where used, 1 declare them all on the root.
    Predeclare,
    /// Per element of a property value: 0 a prefix in scope (or a new one),
    /// 1 the default namespace, 2 a declaration on the element even if one is in scope.
    ValuePrefix,
    /// Per element: 0 nothing, 1 declare again the binding its name uses.
    Redeclare,
    /// Per element of a property value: 0 nothing, 1 bind a prefix in scope
    /// (one bound to `DAV:` if any) to another namespace.
    Rebind,
    /// Per element not in the default namespace: 0 nothing, 1 a redundant `xmlns=""`.
    EmptyDefault,
    /// Per attribute: 0 double quotes, 1 single quotes.
    Quote,
    /// Per attribute value: 0 minimal escapes, 1 every predefined entity, 2 character references.
    AttributeEscape,
    /// Per tag: 0 no extra whitespace, 1 a space before `>`, 2 line breaks and spaces around `=`.
    TagSpace,
    /// Per element without content: 0 `<x/>`, 1 `<x></x>`, 2 `<x />`.
    EmptyForm,
    /// Per text: 0 one piece, 1 two pieces, 2 three pieces (each escaped its own way).
    TextSplit,
    /// Per text piece: 0 minimal escapes, 1 every predefined entity, 2
    /// decimal character references, 3 hexadecimal character references,
    /// 4 a CDATA section, 5 CDATA split across sections.
    Escape,
    /// Per place where markup may stand: 0 nothing, 1 a comment, 2 a
    /// processing instruction, 3 both.
    Misc,
    /// Which comment text.
    CommentText,
    /// Which processing instruction.
    PiText,
    /// Children of `multistatus`: 0 RFC order, 1 description and sync token
    /// first, 2 anywhere among the responses.
    MultistatusOrder,
    /// Children of `response`: 0 RFC order, 1 status, error, description and
    /// location right after the first href, 2 anywhere.
    ResponseOrder,
    /// Children of `propstat`: 0 RFC order, 1 status first, 2 anywhere.
    PropstatOrder,
    /// Per `multistatus`, `response` and `propstat`: 0 nothing, 1 an unknown
    /// `DAV:` element, 2 an element in another namespace holding `DAV:`
    /// lookalikes, 3 an element in no namespace.
    Extension,
    /// Per line feed in text or a CDATA section: 0 as the escape mode
    /// writes it, 1 a literal line feed, 2 a literal carriage return, 3 a
    /// literal CR LF. XML 1.0 §2.11 reads each as one line feed.
    LineEnd,
    /// Per space in an attribute value: 0 a space, 1 a literal tab, 2 a
    /// literal line feed, 3 a literal carriage return, 4 a literal CR LF.
    /// XML 1.0 §3.3.3 (after §2.11) reads each as one space.
    AttributeSpace,
    /// A position among `options` (which depends on the document).
    Position,
}

impl Choice {
    /// Every choice.
    pub const ALL: [Choice; 26] = [
        Choice::Bom,
        Choice::Declaration,
        Choice::Layout,
        Choice::DavPrefix,
        Choice::ExtraDavPrefixes,
        Choice::Predeclare,
        Choice::ValuePrefix,
        Choice::Redeclare,
        Choice::Rebind,
        Choice::EmptyDefault,
        Choice::Quote,
        Choice::AttributeEscape,
        Choice::TagSpace,
        Choice::EmptyForm,
        Choice::TextSplit,
        Choice::Escape,
        Choice::Misc,
        Choice::CommentText,
        Choice::PiText,
        Choice::MultistatusOrder,
        Choice::ResponseOrder,
        Choice::PropstatOrder,
        Choice::Extension,
        Choice::LineEnd,
        Choice::AttributeSpace,
        Choice::Position,
    ];

    /// How many options the choice has; 0 for [`Choice::Position`], whose
    /// count depends on the document.
    pub const fn options(self) -> usize {
        match self {
            Choice::Bom | Choice::Predeclare | Choice::Redeclare | Choice::Rebind | Choice::EmptyDefault => 2,
            Choice::Quote => 2,
            Choice::AttributeEscape | Choice::TagSpace | Choice::EmptyForm | Choice::TextSplit => 3,
            Choice::MultistatusOrder | Choice::ResponseOrder | Choice::PropstatOrder | Choice::ValuePrefix => 3,
            Choice::Layout | Choice::ExtraDavPrefixes | Choice::Misc | Choice::Extension | Choice::LineEnd => 4,
            Choice::Declaration | Choice::AttributeSpace => 5,
            Choice::Escape => 6,
            Choice::DavPrefix => 7,
            Choice::CommentText => COMMENTS.len(),
            Choice::PiText => PIS.len(),
            Choice::Position => 0,
        }
    }
}

/// A source of decisions for the writer.
pub trait Variations {
    /// Picks one of `options` (at least 2) ways to write the next thing at
    /// `choice`: a number below `options`, 0 being the plain way. Larger
    /// answers are taken modulo `options`.
    fn choose(&mut self, choice: Choice, options: usize) -> usize;
}

/// The plain writer's decisions: always option 0.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain;

impl Variations for Plain {
    fn choose(&mut self, _: Choice, _: usize) -> usize {
        0
    }
}

/// Comment texts for [`Choice::CommentText`] (none holds `--` or ends in `-`).
const COMMENTS: [&str; 6] = [
    " generated ",
    "",
    " a - b ",
    "<D:href>/not/an/href</D:href>",
    " &amp; is not a reference here ]]> ",
    " é 日本 😀 ",
];

/// Processing instructions for [`Choice::PiText`] (target, data).
const PIS: [(&str, &str); 5] = [
    ("pi", ""),
    ("xml-stylesheet", " href=\"style.xsl\" type=\"text/xsl\""),
    ("x", " <D:response><D:href>/nope</D:href></D:response> "),
    ("é", " ? > & é"),
    ("php", " echo '<x>'; "),
];

/// The prefixes [`Choice::DavPrefix`] options 2 to 6 name; more bindings of
/// `DAV:` for [`Choice::ExtraDavPrefixes`].
const DAV_PREFIXES: [&str; 5] = ["D", "d", "a", "lp1", "g0"];

/// The document written with the default [`WriteOptions`].
pub fn to_string(multistatus: &MultistatusModel) -> String {
    write(multistatus, &WriteOptions::default())
}

/// The document written with `options`.
pub fn write(multistatus: &MultistatusModel, options: &WriteOptions) -> String {
    write_varied(multistatus, options, &mut Plain)
}

/// The document written with `options`, taking every [`Choice`] from `variations`.
pub fn write_varied(multistatus: &MultistatusModel, options: &WriteOptions, variations: &mut dyn Variations) -> String {
    let mut writer = Writer {
        out: String::new(),
        options,
        variations,
        scope: Vec::new(),
        marks: Vec::new(),
        fresh: 0,
        indent: None,
        newline: "\n",
    };
    writer.document(multistatus);
    writer.out
}

/// A namespace binding in scope.
#[derive(Debug, Clone)]
struct Binding {
    /// Empty for the default namespace.
    prefix: String,
    uri: String,
}

/// What an element is, which decides how its name is written and whether
/// whitespace may go around its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A `DAV:` element of the multistatus grammar.
    Structural,
    /// A property, an element inside a value, a condition, an extension.
    Value,
}

/// One child of a structural element, before ordering.
enum Item<'m> {
    Response(&'m ResponseModel),
    Propstat(&'m PropstatModel),
    Text(&'static str, &'m str),
    Prop(&'m [ElementModel]),
    Error(&'m [ElementModel]),
    Location(&'m str),
    Extension(ElementModel),
}

struct Writer<'o, 'v> {
    out: String,
    options: &'o WriteOptions,
    variations: &'v mut dyn Variations,
    scope: Vec<Binding>,
    /// Length of `scope` before each open element's declarations.
    marks: Vec<usize>,
    fresh: usize,
    /// The indentation unit, when pretty-printing.
    indent: Option<String>,
    newline: &'static str,
}

impl Writer<'_, '_> {
    fn pick(&mut self, choice: Choice) -> usize {
        self.pick_among(choice, choice.options())
    }

    fn pick_among(&mut self, choice: Choice, options: usize) -> usize {
        if options < 2 {
            return 0;
        }
        self.variations.choose(choice, options) % options
    }

    fn document(&mut self, multistatus: &MultistatusModel) {
        if self.pick(Choice::Bom) == 1 {
            self.out.push('\u{FEFF}');
        }
        let declaration = match self.pick(Choice::Declaration) {
            0 if self.options.declaration => "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            0 | 1 => "",
            2 => "<?xml version=\"1.0\"?>",
            3 => "<?xml version='1.0' encoding='UTF-8'?>",
            _ => "<?xml  version = \"1.0\"\tencoding=\"utf-8\" standalone='yes' ?>",
        };
        self.out.push_str(declaration);
        match self.pick(Choice::Layout) {
            0 => self.indent = self.options.indent.clone(),
            1 => self.indent = None,
            2 => self.indent = Some("  ".into()),
            _ => {
                self.indent = Some("\t".into());
                self.newline = "\r\n";
            }
        }
        if !declaration.is_empty() && self.indent.is_some() {
            self.out.push_str(self.newline);
        }
        self.misc(true);
        self.multistatus(multistatus);
        self.misc(true);
        if self.indent.is_some() {
            self.out.push_str(self.newline);
        }
    }

    /// Whitespace before a child at `depth` (pretty-printing only).
    fn line(&mut self, depth: usize) {
        if let Some(indent) = &self.indent {
            self.out.push_str(self.newline);
            for _ in 0..depth {
                self.out.push_str(indent);
            }
        }
    }

    /// A comment and/or processing instruction, or nothing; on their own
    /// line when `own_line` and pretty-printing.
    fn misc(&mut self, own_line: bool) {
        let which = self.pick(Choice::Misc);
        if which & 1 != 0 {
            let text = COMMENTS[self.pick(Choice::CommentText) % COMMENTS.len()];
            self.out.push_str("<!--");
            self.out.push_str(text);
            self.out.push_str("-->");
            if own_line && self.indent.is_some() {
                self.out.push_str(self.newline);
            }
        }
        if which & 2 != 0 {
            let (target, data) = PIS[self.pick(Choice::PiText) % PIS.len()];
            self.out.push_str("<?");
            self.out.push_str(target);
            self.out.push_str(data);
            self.out.push_str("?>");
            if own_line && self.indent.is_some() {
                self.out.push_str(self.newline);
            }
        }
    }

    fn multistatus(&mut self, multistatus: &MultistatusModel) {
        let mut extra = Vec::new();
        for prefix in DAV_PREFIXES.iter().take(self.pick(Choice::ExtraDavPrefixes)) {
            extra.push((prefix.to_string(), DAV.to_owned()));
        }
        if self.pick(Choice::Predeclare) == 1 {
            let mut uris = Vec::new();
            collect_namespaces(multistatus, &mut uris);
            for uri in uris {
                let prefix = self.preferred_prefix(&uri);
                if !extra.iter().any(|(p, _)| *p == prefix) {
                    extra.push((prefix, uri));
                }
            }
        }
        let mut items: Vec<Item<'_>> = multistatus.responses.iter().map(Item::Response).collect();
        let singles: Vec<Item<'_>> = [
            multistatus.description.as_deref().map(|d| Item::Text("responsedescription", d)),
            multistatus.sync_token.as_deref().map(|t| Item::Text("sync-token", t)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let order = self.pick(Choice::MultistatusOrder);
        self.arrange(&mut items, singles, order, 0);
        self.extension(&mut items);
        let name = self.start(&ElementModel::dav("multistatus"), Kind::Structural, extra, false);
        self.items_and_end(&items, &name, 0);
    }

    /// Puts `singles` among `items`: at the end (order 0), at `first` (1),
    /// or anywhere (2).
    fn arrange<'m>(&mut self, items: &mut Vec<Item<'m>>, singles: Vec<Item<'m>>, order: usize, first: usize) {
        match order {
            0 => items.extend(singles),
            1 => {
                let at = first.min(items.len());
                items.splice(at..at, singles);
            }
            _ => {
                for single in singles {
                    let at = self.pick_among(Choice::Position, items.len() + 1);
                    items.insert(at, single);
                }
            }
        }
    }

    /// Maybe adds an unknown element that a parser must skip.
    fn extension(&mut self, items: &mut Vec<Item<'_>>) {
        let element = match self.pick(Choice::Extension) {
            0 => return,
            1 => ElementModel::dav("x-extension").with_text("ignored"),
            2 => ElementModel::new("urn:example:extension", "extension")
                .with_attribute("", "version", "2")
                .with_child(ElementModel::dav("href").with_text("/ignored/href"))
                .with_child(ElementModel::dav("status").with_text("HTTP/1.1 500 Ignored"))
                .with_child(
                    ElementModel::dav("response")
                        .with_child(ElementModel::dav("href").with_text("/ignored/response"))
                        .with_child(ElementModel::dav("propstat")),
                ),
            _ => ElementModel::new("", "unknown")
                .with_attribute("", "a", "1")
                .with_child(ElementModel::new("", "nested")),
        };
        let at = self.pick_among(Choice::Position, items.len() + 1);
        items.insert(at, Item::Extension(element));
    }

    fn item(&mut self, item: &Item<'_>, depth: usize) {
        match item {
            Item::Response(response) => self.response(response, depth),
            Item::Propstat(propstat) => self.propstat(propstat, depth),
            Item::Text(name, text) => self.text_element(name, text),
            Item::Prop(properties) => self.list("prop", properties, depth),
            Item::Error(conditions) => self.list("error", conditions, depth),
            Item::Location(href) => {
                let name = self.start(&ElementModel::dav("location"), Kind::Structural, Vec::new(), false);
                self.line(depth + 1);
                self.text_element("href", href);
                self.line(depth);
                self.end(&name);
            }
            Item::Extension(element) => self.element(element),
        }
    }

    fn response(&mut self, response: &ResponseModel, depth: usize) {
        let mut items: Vec<Item<'_>> = response.hrefs.iter().map(|h| Item::Text("href", h)).collect();
        items.extend(response.propstats.iter().map(Item::Propstat));
        let singles: Vec<Item<'_>> = [
            response.status.as_deref().map(|s| Item::Text("status", s)),
            response.error.as_deref().map(Item::Error),
            response.description.as_deref().map(|d| Item::Text("responsedescription", d)),
            response.location.as_deref().map(Item::Location),
        ]
        .into_iter()
        .flatten()
        .collect();
        let order = self.pick(Choice::ResponseOrder);
        if order == 0 && response.status.is_some() {
            // RFC 4918 §14.24: `href+, status` before the rest.
            let at = response.hrefs.len();
            let mut singles = singles.into_iter();
            items.insert(at, singles.next().expect("the status"));
            items.extend(singles);
        } else {
            self.arrange(&mut items, singles, order, 1);
        }
        self.extension(&mut items);
        let name = self.start(&ElementModel::dav("response"), Kind::Structural, Vec::new(), items.is_empty());
        if items.is_empty() {
            return;
        }
        self.items_and_end(&items, &name, depth);
    }

    fn propstat(&mut self, propstat: &PropstatModel, depth: usize) {
        let mut items = vec![Item::Prop(&propstat.properties)];
        // A model may lack the status a server left out (RFC 4918 §14.22).
        items.extend(propstat.status.as_deref().map(|status| Item::Text("status", status)));
        let singles: Vec<Item<'_>> = [
            propstat.error.as_deref().map(Item::Error),
            propstat.description.as_deref().map(|d| Item::Text("responsedescription", d)),
        ]
        .into_iter()
        .flatten()
        .collect();
        match self.pick(Choice::PropstatOrder) {
            0 => items.extend(singles),
            1 => {
                items.rotate_left(1);
                items.extend(singles);
            }
            _ => {
                if self.pick_among(Choice::Position, 2) == 1 {
                    items.rotate_left(1);
                }
                self.arrange(&mut items, singles, 2, 0);
            }
        }
        self.extension(&mut items);
        let name = self.start(&ElementModel::dav("propstat"), Kind::Structural, Vec::new(), false);
        self.items_and_end(&items, &name, depth);
    }

    /// The items of a structural element at `depth`, a line each, then its end tag.
    fn items_and_end(&mut self, items: &[Item<'_>], name: &str, depth: usize) {
        for item in items {
            self.line(depth + 1);
            self.misc(false);
            self.item(item, depth + 1);
        }
        self.line(depth);
        self.end(name);
    }

    /// `prop` or `error`: a structural element holding value elements.
    fn list(&mut self, local: &str, elements: &[ElementModel], depth: usize) {
        let name = self.start(&ElementModel::dav(local), Kind::Structural, Vec::new(), elements.is_empty());
        if elements.is_empty() {
            return;
        }
        for element in elements {
            self.line(depth + 1);
            self.misc(false);
            self.element(element);
        }
        self.misc(false);
        self.line(depth);
        self.end(&name);
    }

    /// A structural `DAV:` element holding only text.
    fn text_element(&mut self, local: &str, text: &str) {
        let empty = text.is_empty();
        let name = self.start(&ElementModel::dav(local), Kind::Structural, Vec::new(), empty);
        if !empty {
            self.text(text);
            self.end(&name);
        }
    }

    /// A value element and its content, written without added whitespace.
    fn element(&mut self, element: &ElementModel) {
        let empty = element.content.iter().all(|c| matches!(c, Content::Text(t) if t.is_empty()));
        let name = self.start(element, Kind::Value, Vec::new(), empty);
        if empty {
            return;
        }
        for content in &element.content {
            self.misc(false);
            match content {
                Content::Text(text) => self.text(text),
                Content::Element(child) => self.element(child),
            }
        }
        self.misc(false);
        self.end(&name);
    }

    /// The effective binding of `prefix` with this element's `decls` over the scope.
    fn lookup<'a>(&'a self, decls: &'a [(String, String)], prefix: &str) -> Option<&'a str> {
        if let Some((_, uri)) = decls.iter().find(|(p, _)| p == prefix) {
            return Some(uri);
        }
        self.scope.iter().rev().find(|b| b.prefix == prefix).map(|b| b.uri.as_str())
    }

    fn default_namespace<'a>(&'a self, decls: &'a [(String, String)]) -> &'a str {
        self.lookup(decls, "").unwrap_or("")
    }

    /// A non-empty prefix effectively bound to `uri`, preferring `preferred`.
    fn bound_prefix(&self, decls: &[(String, String)], uri: &str, preferred: Option<&str>) -> Option<String> {
        if let Some(p) = preferred.filter(|p| !p.is_empty() && self.lookup(decls, p) == Some(uri)) {
            return Some(p.to_owned());
        }
        let candidates =
            decls.iter().map(|(p, _)| p.as_str()).chain(self.scope.iter().rev().map(|b| b.prefix.as_str()));
        for prefix in candidates {
            if !prefix.is_empty() && self.lookup(decls, prefix) == Some(uri) {
                return Some(prefix.to_owned());
            }
        }
        None
    }

    /// The prefix a new declaration of `uri` gets.
    fn preferred_prefix(&mut self, uri: &str) -> String {
        let known = match uri {
            DAV => "D",
            CALDAV => "C",
            CARDDAV => "CARD",
            CALENDARSERVER => "CS",
            OWNCLOUD => "oc",
            NEXTCLOUD => "nc",
            "http://apple.com/ns/ical/" => "ICAL",
            _ => "",
        };
        if known.is_empty() {
            self.fresh_prefix()
        } else {
            known.to_owned()
        }
    }

    fn fresh_prefix(&mut self) -> String {
        self.fresh += 1;
        format!("ns{}", self.fresh)
    }

    /// Declares `prefix` for `uri` on this element, or a fresh prefix when
    /// this element already declares `prefix` otherwise; returns the prefix.
    fn declare(&mut self, decls: &mut Vec<(String, String)>, prefix: String, uri: &str) -> String {
        match decls.iter().find(|(p, _)| *p == prefix) {
            Some((_, bound)) if bound == uri => prefix,
            Some(_) => {
                let fresh = self.fresh_prefix();
                decls.push((fresh.clone(), uri.to_owned()));
                fresh
            }
            None => {
                decls.push((prefix.clone(), uri.to_owned()));
                prefix
            }
        }
    }

    /// Makes `uri` the default namespace on this element if possible.
    fn use_default(&self, decls: &mut Vec<(String, String)>, uri: &str) -> bool {
        if self.default_namespace(decls) == uri {
            return true;
        }
        if decls.iter().any(|(p, _)| p.is_empty()) {
            return false;
        }
        decls.push((String::new(), uri.to_owned()));
        true
    }

    /// The qualified name of `element` on this start tag, adding the
    /// declarations it needs to `decls`.
    fn element_name(&mut self, element: &ElementModel, kind: Kind, decls: &mut Vec<(String, String)>) -> String {
        let uri = element.namespace.as_str();
        let local = &element.name;
        if uri.is_empty() {
            // `xmlns=""` when a default namespace is in scope, or as a redundant variation.
            let redundant = |w: &mut Self, decls: &[(String, String)]| {
                w.pick(Choice::EmptyDefault) == 1 && !decls.iter().any(|(p, _)| p.is_empty())
            };
            if !self.default_namespace(decls).is_empty() || redundant(self, decls) {
                decls.push((String::new(), String::new()));
            }
            return local.clone();
        }
        if uri == XML_NAMESPACE {
            return format!("xml:{local}");
        }
        let prefix = if kind == Kind::Structural {
            match self.pick(Choice::DavPrefix) {
                0 => match self.options.dav_prefix.clone() {
                    None if self.use_default(decls, uri) => String::new(),
                    preferred => match self.bound_prefix(decls, uri, preferred.as_deref()) {
                        Some(prefix) => prefix,
                        None => {
                            let prefix = preferred.unwrap_or_else(|| "D".into());
                            self.declare(decls, prefix, uri)
                        }
                    },
                },
                1 if self.use_default(decls, uri) => String::new(),
                choice => {
                    let prefix = DAV_PREFIXES[choice.saturating_sub(2) % DAV_PREFIXES.len()].to_owned();
                    if self.lookup(decls, &prefix) == Some(uri) {
                        prefix
                    } else {
                        self.declare(decls, prefix, uri)
                    }
                }
            }
        } else {
            match self.pick(Choice::ValuePrefix) {
                1 if self.use_default(decls, uri) => String::new(),
                2 => {
                    let prefix = self.preferred_prefix(uri);
                    self.declare(decls, prefix, uri)
                }
                _ => match self.bound_prefix(decls, uri, None) {
                    Some(prefix) => prefix,
                    None if self.default_namespace(decls) == uri => String::new(),
                    None => {
                        let prefix = self.preferred_prefix(uri);
                        self.declare(decls, prefix, uri)
                    }
                },
            }
        };
        if !prefix.is_empty() && self.pick(Choice::EmptyDefault) == 1 && !decls.iter().any(|(p, _)| p.is_empty()) {
            decls.push((String::new(), String::new()));
        }
        if self.pick(Choice::Redeclare) == 1 && !decls.iter().any(|(p, _)| *p == prefix) {
            decls.push((prefix.clone(), uri.to_owned()));
        }
        if prefix.is_empty() {
            local.clone()
        } else {
            format!("{prefix}:{local}")
        }
    }

    /// Writes a start tag (the whole element when `empty` and written so)
    /// and opens its scope; returns the qualified name for the end tag.
    fn start(&mut self, element: &ElementModel, kind: Kind, mut decls: Vec<(String, String)>, empty: bool) -> String {
        if kind == Kind::Value && self.pick(Choice::Rebind) == 1 {
            let dav = self.bound_prefix(&decls, DAV, None);
            let any = self.scope.iter().rev().map(|b| b.prefix.clone()).find(|p| !p.is_empty());
            if let Some(prefix) = dav.or(any) {
                if !decls.iter().any(|(p, _)| *p == prefix) {
                    decls.push((prefix, REBOUND.to_owned()));
                }
            }
        }
        let name = self.element_name(element, kind, &mut decls);
        let mut attributes = Vec::new();
        for attribute in &element.attributes {
            let uri = attribute.namespace.as_str();
            let qname = if uri.is_empty() {
                if attribute.name == "xmlns" {
                    continue;
                }
                attribute.name.clone()
            } else if uri == XML_NAMESPACE {
                format!("xml:{}", attribute.name)
            } else if uri == XMLNS_NAMESPACE {
                continue;
            } else {
                let prefix = match self.bound_prefix(&decls, uri, None) {
                    Some(prefix) => prefix,
                    None => {
                        let fresh = self.fresh_prefix();
                        decls.push((fresh.clone(), uri.to_owned()));
                        fresh
                    }
                };
                format!("{prefix}:{}", attribute.name)
            };
            attributes.push((qname, attribute.value.as_str()));
        }
        let space = self.pick(Choice::TagSpace);
        self.out.push('<');
        self.out.push_str(&name);
        for (prefix, uri) in &decls {
            let qname = if prefix.is_empty() { "xmlns".to_owned() } else { format!("xmlns:{prefix}") };
            self.attribute(&qname, uri, space);
        }
        for (qname, value) in &attributes {
            self.attribute(qname, value, space);
        }
        let mark = self.scope.len();
        self.scope.extend(decls.into_iter().map(|(prefix, uri)| Binding { prefix, uri }));
        let close = if space == 0 { "" } else { " " };
        if empty {
            match self.pick(Choice::EmptyForm) {
                0 => self.out.push_str("/>"),
                1 => {
                    self.out.push('>');
                    self.out.push_str("</");
                    self.out.push_str(&name);
                    self.out.push('>');
                }
                _ => self.out.push_str(" />"),
            }
            self.scope.truncate(mark);
        } else {
            self.out.push_str(close);
            self.out.push('>');
            self.marks.push(mark);
        }
        name
    }

    /// Closes the element opened by the last [`start`](Self::start).
    fn end(&mut self, name: &str) {
        if let Some(mark) = self.marks.pop() {
            self.scope.truncate(mark);
        }
        self.out.push_str("</");
        self.out.push_str(name);
        if self.pick(Choice::TagSpace) == 1 {
            self.out.push(' ');
        }
        self.out.push('>');
    }

    fn attribute(&mut self, qname: &str, value: &str, space: usize) {
        if space == 2 {
            self.out.push_str("\n    ");
        } else {
            self.out.push(' ');
        }
        self.out.push_str(qname);
        self.out.push_str(if space == 2 { " = " } else { "=" });
        let quote = if self.pick(Choice::Quote) == 1 { '\'' } else { '"' };
        let escape = self.pick(Choice::AttributeEscape);
        self.out.push(quote);
        for c in value.chars() {
            if c == ' ' {
                let space = match self.pick(Choice::AttributeSpace) {
                    0 => " ",
                    1 => "\t",
                    2 => "\n",
                    3 => "\r",
                    _ => "\r\n",
                };
                self.push_line_end(space);
                continue;
            }
            match (c, escape) {
                ('&', 0) => self.out.push_str("&amp;"),
                ('<', 0) => self.out.push_str("&lt;"),
                ('\t' | '\n' | '\r', 0 | 1) => push_reference(&mut self.out, c, false),
                (c, 0) if c == quote => self.out.push_str(if c == '"' { "&quot;" } else { "&apos;" }),
                (c, 1) if entity(c).is_some() => self.out.push_str(entity(c).unwrap_or_default()),
                (c, 2) if !c.is_ascii_alphanumeric() => push_reference(&mut self.out, c, false),
                (c, _) => self.out.push(c),
            }
        }
        self.out.push(quote);
    }

    /// A literal line end for [`Choice::LineEnd`], or `None` for option 0.
    fn line_end(&mut self) -> Option<&'static str> {
        match self.pick(Choice::LineEnd) {
            0 => None,
            1 => Some("\n"),
            2 => Some("\r"),
            _ => Some("\r\n"),
        }
    }

    /// Writes `text` literally, except that a line feed right after a
    /// literal carriage return would join it into one line end (XML 1.0
    /// §2.11): a CR LF stands in for it there.
    fn push_line_end(&mut self, text: &str) {
        self.out.push_str(if text == "\n" && self.out.ends_with('\r') { "\r\n" } else { text });
    }

    /// Character data: maybe cut in pieces, each escaped its own way, with
    /// comments or processing instructions between them.
    fn text(&mut self, text: &str) {
        let pieces = 1 + self.pick(Choice::TextSplit);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
        let mut cuts: Vec<usize> =
            (1..pieces).map(|_| boundaries[self.pick_among(Choice::Position, boundaries.len())]).collect();
        cuts.sort_unstable();
        cuts.push(text.len());
        let mut from = 0;
        for (i, to) in cuts.into_iter().enumerate() {
            if i > 0 {
                self.misc(false);
            }
            self.piece(&text[from..to]);
            from = to;
        }
    }

    fn piece(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        match self.pick(Choice::Escape) {
            mode @ 0..=3 => {
                let mut previous = '\0';
                for (i, c) in piece.chars().enumerate() {
                    if c == '\n' {
                        match self.line_end() {
                            Some(line_end) => self.push_line_end(line_end),
                            None if mode <= 1 => self.push_line_end("\n"),
                            None => push_reference(&mut self.out, c, mode == 3),
                        }
                        previous = c;
                        continue;
                    }
                    match (mode, c) {
                        (_, '\r') => self.out.push_str("&#13;"),
                        (0, '&') => self.out.push_str("&amp;"),
                        (0, '<') => self.out.push_str("&lt;"),
                        // `]]>` may not appear in text, even across pieces.
                        (0, '>') if previous == ']' || i == 0 => self.out.push_str("&gt;"),
                        (1, c) if entity(c).is_some() => self.out.push_str(entity(c).unwrap_or_default()),
                        (2, c) if !c.is_ascii_alphanumeric() && c != ' ' => push_reference(&mut self.out, c, false),
                        (3, c) if !c.is_ascii_alphanumeric() => push_reference(&mut self.out, c, true),
                        (_, c) => self.out.push(c),
                    }
                    previous = c;
                }
            }
            mode => {
                let split = if mode == 5 { self.pick_among(Choice::Position, piece.chars().count() + 1) } else { 0 };
                self.out.push_str("<![CDATA[");
                let mut previous = ['\0', '\0'];
                for (i, c) in piece.chars().enumerate() {
                    if mode == 5 && i == split && i > 0 {
                        self.out.push_str("]]><![CDATA[");
                    }
                    match c {
                        '\n' => {
                            let line_end = self.line_end().unwrap_or("\n");
                            self.push_line_end(line_end);
                        }
                        // A carriage return would become a line feed: write it as a reference.
                        '\r' => self.out.push_str("]]>&#13;<![CDATA["),
                        '>' if previous == [']', ']'] => self.out.push_str("]]><![CDATA[>"),
                        c => self.out.push(c),
                    }
                    previous = if c == '\r' { ['\0', '\0'] } else { [previous[1], c] };
                }
                self.out.push_str("]]>");
            }
        }
    }
}

/// The predefined entity for `c`, if there is one.
fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        _ => None,
    }
}

fn push_reference(out: &mut String, c: char, hex: bool) {
    use std::fmt::Write;
    let _ = if hex { write!(out, "&#x{:X};", c as u32) } else { write!(out, "&#{};", c as u32) };
}

/// Every namespace URI of a value element in the document, in first-use order.
fn collect_namespaces(multistatus: &MultistatusModel, uris: &mut Vec<String>) {
    fn element(e: &ElementModel, uris: &mut Vec<String>) {
        let mut add = |uri: &str| {
            if !uri.is_empty() && uri != XML_NAMESPACE && uri != XMLNS_NAMESPACE && !uris.iter().any(|u| u == uri) {
                uris.push(uri.to_owned());
            }
        };
        add(&e.namespace);
        for attribute in &e.attributes {
            add(&attribute.namespace);
        }
        for child in e.children() {
            element(child, uris);
        }
    }
    for response in &multistatus.responses {
        for propstat in &response.propstats {
            propstat.properties.iter().chain(propstat.error.iter().flatten()).for_each(|e| element(e, uris));
        }
        response.error.iter().flatten().for_each(|e| element(e, uris));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AttributeModel;

    fn sample() -> MultistatusModel {
        let value = ElementModel::new("urn:x", "v")
            .with_attribute("", "a", "1 & 2 < \"3\"\t\r\n")
            .with_attribute(XML_NAMESPACE, "lang", "fr")
            .with_attribute("urn:y", "b", "y")
            .with_text("a]]>b\r\n&c")
            .with_child(ElementModel::new("", "none").with_child(ElementModel::dav("href").with_text("/h")))
            .with_text(" tail ");
        MultistatusModel {
            responses: vec![
                ResponseModel {
                    hrefs: vec!["/a b/é".into()],
                    propstats: vec![PropstatModel {
                        properties: vec![value, ElementModel::new(CALDAV, "calendar-data")],
                        status: Some("HTTP/1.1 200 OK".into()),
                        error: Some(vec![ElementModel::dav("no-conflicting-lock")]),
                        description: Some("d".into()),
                    }],
                    location: Some("/moved".into()),
                    ..ResponseModel::default()
                },
                ResponseModel {
                    hrefs: vec!["/x".into(), "/y".into()],
                    status: Some(" HTTP/1.0 404 ".into()),
                    description: Some("".into()),
                    ..ResponseModel::default()
                },
            ],
            description: Some("top".into()),
            sync_token: Some("http://example.com/sync/1".into()),
        }
    }

    #[test]
    fn plain_output_parses_back() {
        let model = sample();
        for options in
            [WriteOptions::default(), WriteOptions { dav_prefix: None, declaration: false, indent: Some("  ".into()) }]
        {
            let xml = write(&model, &options);
            let parsed = crate::Multistatus::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
            assert_eq!(MultistatusModel::from(&parsed), model.normalized(), "{xml}");
        }
    }

    /// Walks every option of every choice in turn.
    struct Cycle(usize);

    impl Variations for Cycle {
        fn choose(&mut self, _: Choice, options: usize) -> usize {
            self.0 = self.0.wrapping_mul(31).wrapping_add(7);
            (self.0 >> 3) % options
        }
    }

    #[test]
    fn varied_output_parses_back() {
        let model = sample();
        for seed in 0..300 {
            let xml = write_varied(&model, &WriteOptions::default(), &mut Cycle(seed));
            let parsed = crate::Multistatus::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
            assert_eq!(MultistatusModel::from(&parsed), model.normalized(), "{xml}");
        }
    }

    /// Takes [`Choice::LineEnd`] and [`Choice::AttributeSpace`] from a list,
    /// and option 0 everywhere else.
    struct LineEnds(Vec<usize>);

    impl Variations for LineEnds {
        fn choose(&mut self, choice: Choice, _: usize) -> usize {
            if matches!(choice, Choice::LineEnd | Choice::AttributeSpace) && !self.0.is_empty() {
                self.0.remove(0)
            } else {
                0
            }
        }
    }

    #[test]
    fn literal_line_ends_read_back_as_line_feeds_and_spaces() {
        let value = ElementModel::new("urn:x", "v").with_attribute("", "a", "1 2 3").with_text("a\n\nb\nc");
        let model = MultistatusModel::new(vec![ResponseModel::with_propstats(
            "/",
            vec![PropstatModel::new("HTTP/1.1 200 OK", vec![value])],
        )]);
        // The attribute's spaces as a tab and a CR, then the text's line feeds
        // as CR, LF (a CR LF, since a lone LF would join the CR) and CR LF.
        let xml = write_varied(&model, &WriteOptions::default(), &mut LineEnds(vec![1, 3, 2, 1, 3]));
        assert!(xml.contains("a=\"1\t2\r3\""), "{xml}");
        assert!(xml.contains(">a\r\r\nb\r\nc<"), "{xml}");
        let parsed = crate::Multistatus::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert_eq!(MultistatusModel::from(&parsed), model.normalized(), "{xml}");
    }

    #[test]
    fn unwritable_attributes_are_left_out() {
        let mut element = ElementModel::new("", "p");
        element.attributes.push(AttributeModel { namespace: "".into(), name: "xmlns".into(), value: "urn:x".into() });
        let xml = to_string(&MultistatusModel::new(vec![ResponseModel::with_propstats(
            "/",
            vec![PropstatModel::new("HTTP/1.1 200 OK", vec![element])],
        )]));
        assert!(!xml.contains("urn:x"), "{xml}");
    }
}
