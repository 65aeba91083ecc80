//! Random valid multistatus documents, for fuzzing and property tests
//! (feature `arbitrary`).
//!
//! [`generate`] builds an owned [`MultistatusModel`] from fuzz input and a
//! [`Style`] to write it in. The model covers RFC 4918 §14.16 and RFC 6578:
//! both response forms, several propstats with different statuses, errors
//! with preconditions, descriptions at every level, locations, sync tokens,
//! and properties in any namespace with empty, text and nested values. The
//! style drives [`writer::write_varied`](crate::writer::write_varied) through
//! every [`Choice`]: prefixes, escapes, comments, orders, extension elements.
//!
//! Generation is "swarm" testing: each document first turns features on or
//! off, so that rare combinations get documents of their own.
//!
//! ```
//! use arbitrary::Unstructured;
//! use multistatus::generate::{generate, GenerateLimits};
//!
//! let bytes: Vec<u8> = (0..2048u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
//! let (model, style) = generate(&mut Unstructured::new(&bytes), &GenerateLimits::default()).unwrap();
//! let xml = style.write(&model);
//! let parsed = multistatus::Multistatus::parse(&xml).unwrap();
//! assert_eq!(multistatus::model::MultistatusModel::from(&parsed), model.normalized());
//! ```

pub mod invalid;

use std::collections::BTreeMap;

use arbitrary::{Result, Unstructured};

use crate::model::{
    AttributeModel, Content, ElementModel, MultistatusModel, PropstatModel, ResponseModel, XML_NAMESPACE,
};
use crate::writer::{write_varied, Choice, Variations, WriteOptions};
use crate::{CALDAV, CALENDARSERVER, CARDDAV, DAV, NEXTCLOUD, OWNCLOUD};

/// Bounds on a generated document, so that fuzz input cannot ask for a
/// gigabyte: the written XML stays within a few hundred bytes per element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateLimits {
    /// Most responses.
    pub max_responses: usize,
    /// Most hrefs in an `href+, status` response.
    pub max_hrefs: usize,
    /// Most propstats in a response.
    pub max_propstats: usize,
    /// Most properties in a propstat.
    pub max_properties: usize,
    /// Deepest nesting inside a property value.
    pub max_depth: usize,
    /// Most content items (text pieces and child elements) of a value element.
    pub max_children: usize,
    /// Most characters in one random text.
    pub max_text_chars: usize,
    /// Most elements in the whole model.
    pub max_elements: usize,
    /// Most bytes of style decisions taken from the input.
    pub max_style_bytes: usize,
}

impl Default for GenerateLimits {
    fn default() -> Self {
        GenerateLimits {
            max_responses: 6,
            max_hrefs: 4,
            max_propstats: 3,
            max_properties: 6,
            max_depth: 4,
            max_children: 4,
            max_text_chars: 24,
            max_elements: 160,
            max_style_bytes: 4096,
        }
    }
}

/// How to write a generated document: [`WriteOptions`], the choices that
/// may vary (the others take their plain option), and a tape of decisions
/// read one by one at each [`Choice`] (plain once it runs out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Style {
    /// The options behind every choice's option 0.
    pub options: WriteOptions,
    /// The choices that vary; the others always take option 0.
    pub enabled: Vec<Choice>,
    /// The decisions, one or two bytes each.
    pub tape: Vec<u8>,
}

/// How often each option of each [`Choice`] was taken.
pub type ChoiceCounts = BTreeMap<(Choice, usize), u64>;

impl Style {
    /// The document written in this style.
    pub fn write(&self, multistatus: &MultistatusModel) -> String {
        write_varied(multistatus, &self.options, &mut Tape { style: self, at: 0, counts: None })
    }

    /// [`write`](Self::write), adding the options taken to `counts`
    /// (positions excluded).
    pub fn write_counting(&self, multistatus: &MultistatusModel, counts: &mut ChoiceCounts) -> String {
        write_varied(multistatus, &self.options, &mut Tape { style: self, at: 0, counts: Some(counts) })
    }
}

struct Tape<'s, 'c> {
    style: &'s Style,
    at: usize,
    counts: Option<&'c mut ChoiceCounts>,
}

impl Tape<'_, '_> {
    fn byte(&mut self) -> usize {
        let byte = self.style.tape.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        byte as usize
    }
}

impl Variations for Tape<'_, '_> {
    fn choose(&mut self, choice: Choice, options: usize) -> usize {
        let picked = if choice != Choice::Position && !self.style.enabled.contains(&choice) {
            0
        } else if options > 256 {
            (self.byte() << 8 | self.byte()) % options
        } else {
            self.byte() % options
        };
        if let (Some(counts), true) = (&mut self.counts, choice != Choice::Position) {
            *counts.entry((choice, picked)).or_default() += 1;
        }
        picked
    }
}

/// Model features a document may use, each turned on or off per document.
#[derive(Debug, Clone, Copy)]
struct Swarm {
    status_form: bool,
    propstat_form: bool,
    several_hrefs: bool,
    errors: bool,
    descriptions: bool,
    locations: bool,
    sync_token: bool,
    nested_values: bool,
    attributes: bool,
    lang: bool,
    foreign_namespaces: bool,
    no_namespace: bool,
    special_text: bool,
    non_ascii: bool,
    status_variants: bool,
    href_variants: bool,
}

/// A random document and a style to write it in; see the [module docs](self).
pub fn generate(u: &mut Unstructured<'_>, limits: &GenerateLimits) -> Result<(MultistatusModel, Style)> {
    let mut on = || u.ratio(3u8, 4u8);
    let swarm = Swarm {
        status_form: on()?,
        propstat_form: on()?,
        several_hrefs: on()?,
        errors: on()?,
        descriptions: on()?,
        locations: on()?,
        sync_token: on()?,
        nested_values: on()?,
        attributes: on()?,
        lang: on()?,
        foreign_namespaces: on()?,
        no_namespace: on()?,
        special_text: on()?,
        non_ascii: on()?,
        status_variants: on()?,
        href_variants: on()?,
    };
    let options = WriteOptions {
        dav_prefix: [Some("D"), Some("d"), None, Some("lp1")][u.choose_index(4)?].map(str::to_owned),
        declaration: u.arbitrary()?,
        indent: [None, Some("  "), Some("\t")][u.choose_index(3)?].map(str::to_owned),
    };
    let mut enabled = Vec::new();
    for choice in Choice::ALL {
        if choice != Choice::Position && u.ratio(3u8, 4u8)? {
            enabled.push(choice);
        }
    }
    let mut generator = Generator { u, limits, swarm, budget: limits.max_elements, next_namespace: 0 };
    let model = generator.multistatus()?;
    let u = generator.u;
    let tape = u.bytes(u.len().min(limits.max_style_bytes))?.to_vec();
    Ok((model, Style { options, enabled, tape }))
}

struct Generator<'u, 'd, 'l> {
    u: &'u mut Unstructured<'d>,
    limits: &'l GenerateLimits,
    swarm: Swarm,
    /// Elements that may still be made.
    budget: usize,
    next_namespace: u32,
}

const STATUS_CODES: [(u16, &str); 14] = [
    (200, "OK"),
    (201, "Created"),
    (204, "No Content"),
    (207, "Multi-Status"),
    (301, "Moved Permanently"),
    (302, "Found"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (409, "Conflict"),
    (412, "Precondition Failed"),
    (423, "Locked"),
    (424, "Failed Dependency"),
    (500, "Internal Server Error"),
    (507, "Insufficient Storage"),
];

const HREF_SEGMENTS: [&str; 16] = [
    "calendars",
    "alice",
    "work",
    "My Documents",
    "r&d",
    "a%20b",
    "%E6%97%A5%E6%9C%AC",
    "日本語",
    "file.ics",
    "a+b",
    "q?x=1&y=2",
    "Ünïcødé",
    "100%25",
    "<angle>",
    "contacts",
    "x.vcf",
];

const RANDOM_NAMESPACES: [&str; 6] = [
    "http://example.com/ns/",
    "urn:x-example:",
    "http://example.com/ns?a=1&b=2#",
    "urn:a b<c>",
    "http://apple.com/ns/ical/",
    "é:",
];

impl Generator<'_, '_, '_> {
    fn spend(&mut self) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        true
    }

    fn count(&mut self, max: usize) -> Result<usize> {
        self.u.int_in_range(0..=max)
    }

    fn multistatus(&mut self) -> Result<MultistatusModel> {
        let mut responses = Vec::new();
        for _ in 0..self.count(self.limits.max_responses)? {
            if !self.spend() {
                break;
            }
            responses.push(self.response()?);
        }
        let description = if self.swarm.descriptions && self.u.ratio(1u8, 3u8)? { Some(self.text()?) } else { None };
        let sync_token = if self.swarm.sync_token && self.u.ratio(1u8, 2u8)? {
            Some(format!("http://example.com/ns/sync/{}", self.u.int_in_range(0..=99_999u32)?))
        } else {
            None
        };
        Ok(MultistatusModel { responses, description, sync_token })
    }

    fn response(&mut self) -> Result<ResponseModel> {
        let status_form = match (self.swarm.status_form, self.swarm.propstat_form) {
            (true, true) => self.u.ratio(1u8, 3u8)?,
            (status, _) => status,
        };
        let mut response = ResponseModel::default();
        if status_form {
            let hrefs = if self.swarm.several_hrefs { 1 + self.count(self.limits.max_hrefs.max(1) - 1)? } else { 1 };
            for _ in 0..hrefs {
                response.hrefs.push(self.href()?);
            }
            let (code, _) = STATUS_CODES[self.u.choose_index(STATUS_CODES.len())?];
            response.status = Some(self.status_line(code)?);
            if self.swarm.locations && (code == 301 || code == 302 || self.u.ratio(1u8, 8u8)?) {
                response.location = Some(self.href()?);
            }
        } else {
            response.hrefs.push(self.href()?);
            let mut codes: Vec<u16> = Vec::new();
            for _ in 0..1 + self.count(self.limits.max_propstats.max(1) - 1)? {
                let (code, _) = STATUS_CODES[self.u.choose_index(STATUS_CODES.len())?];
                if codes.contains(&code) {
                    continue;
                }
                codes.push(code);
                response.propstats.push(self.propstat(code)?);
            }
        }
        if self.swarm.errors && self.u.ratio(1u8, 4u8)? {
            response.error = Some(self.conditions()?);
        }
        if self.swarm.descriptions && self.u.ratio(1u8, 4u8)? {
            response.description = Some(self.text()?);
        }
        Ok(response)
    }

    fn propstat(&mut self, code: u16) -> Result<PropstatModel> {
        let mut properties = Vec::new();
        for _ in 0..self.count(self.limits.max_properties)? {
            if !self.spend() {
                break;
            }
            properties.push(self.property(code)?);
        }
        let error =
            if self.swarm.errors && code >= 400 && self.u.ratio(1u8, 3u8)? { Some(self.conditions()?) } else { None };
        let description = if self.swarm.descriptions && self.u.ratio(1u8, 4u8)? { Some(self.text()?) } else { None };
        Ok(PropstatModel { properties, status: Some(self.status_line(code)?), error, description })
    }

    /// A status line for `code`, as some server writes it.
    fn status_line(&mut self, code: u16) -> Result<String> {
        let reason = STATUS_CODES.iter().find(|(c, _)| *c == code).map_or("", |(_, r)| r);
        if !self.swarm.status_variants {
            return Ok(format!("HTTP/1.1 {code} {reason}"));
        }
        Ok(match self.u.choose_index(8)? {
            0 => format!("HTTP/1.1 {code} {reason}"),
            1 => format!("HTTP/1.1 {code}"),
            2 => format!("HTTP/1.1  {code}  {}", reason.replace(' ', "  ")),
            3 => format!("HTTP/1.0 {code} {reason}"),
            4 => format!("HTTP/0.0 {code} {reason}"),
            5 => format!("\n      HTTP/1.1 {code} {reason}\n    "),
            6 => format!("http/1.1 {code} {}", reason.to_lowercase()),
            _ => format!("HTTP/1.1 {code} (status)"),
        })
    }

    fn href(&mut self) -> Result<String> {
        if !self.swarm.href_variants {
            return Ok(format!("/dav/{}/", self.u.int_in_range(0..=999u32)?));
        }
        let mut href = ["/", "http://example.com/", "https://dav.example.org:8443/remote.php/dav/", ""]
            [self.u.choose_index(4)?]
        .to_owned();
        for i in 0..1 + self.count(3)? {
            if i > 0 {
                href.push('/');
            }
            href.push_str(HREF_SEGMENTS[self.u.choose_index(HREF_SEGMENTS.len())?]);
        }
        if self.u.arbitrary()? {
            href.push('/');
        }
        if self.u.ratio(1u8, 8u8)? {
            href = format!("\n   {href} \t");
        }
        Ok(href)
    }

    /// Random character data, within the swarm's character classes.
    fn text(&mut self) -> Result<String> {
        let mut text = String::new();
        for _ in 0..self.count(self.limits.max_text_chars)? {
            let class = self.u.choose_index(10)?;
            match class {
                0..=3 => text.push(*self.u.choose(&['a', 'b', 'Z', '0', '9', '-', '.', '_', ':', '/'])?),
                4 => text.push(' '),
                5 if self.swarm.special_text => {
                    text.push_str(self.u.choose(&["&", "<", ">", "\"", "'", "]", "]]>", "&amp;", "&#38;"])?)
                }
                6 if self.swarm.special_text => text.push_str(self.u.choose(&["\n", "\t", "\r", "\r\n", "  "])?),
                7 if self.swarm.non_ascii => {
                    text.push(*self.u.choose(&['é', 'ß', 'ü', '日', '本', '€', '\u{A0}', '\u{2028}', '\u{FFFD}'])?)
                }
                8 if self.swarm.non_ascii => {
                    text.push(*self.u.choose(&['😀', '𝄞', '\u{10FFFF}', '\u{E000}', '\u{FEFF}', '\u{85}'])?)
                }
                _ => text.push('x'),
            }
        }
        Ok(text)
    }

    /// An NCName: a known one or a random one.
    fn name(&mut self) -> Result<String> {
        if self.u.ratio(1u8, 2u8)? {
            let known = ["value", "item", "x", "comp", "href", "privilege", "read", "write", "data", "é-name"];
            return Ok(self.u.choose(&known)?.to_string());
        }
        let mut name = String::new();
        name.push(*self.u.choose(&['a', 'q', 'Z', '_', 'é', '日'])?);
        for _ in 0..self.count(8)? {
            name.push(*self.u.choose(&['a', 'b', 'y', '0', '7', '-', '.', '_', '·', 'é'])?);
        }
        Ok(name)
    }

    /// A namespace for a random element: DAV:, a known one, a random URI, or none.
    fn namespace(&mut self) -> Result<String> {
        let known = [DAV, CALDAV, CARDDAV, CALENDARSERVER, OWNCLOUD, NEXTCLOUD];
        match self.u.choose_index(4)? {
            0 | 1 => Ok(self.u.choose(&known)?.to_string()),
            2 if self.swarm.foreign_namespaces => {
                let base = *self.u.choose(&RANDOM_NAMESPACES)?;
                self.next_namespace += 1;
                Ok(format!("{base}{}", self.next_namespace % 3))
            }
            3 if self.swarm.no_namespace => Ok(String::new()),
            _ => Ok(DAV.to_owned()),
        }
    }

    /// Random attributes, no two with the same namespace and local name.
    fn attributes(&mut self) -> Result<Vec<AttributeModel>> {
        let mut attributes: Vec<AttributeModel> = Vec::new();
        if self.swarm.lang && self.u.ratio(1u8, 4u8)? {
            let value = self.u.choose(&["en", "fr-CA", "de", "", "x-klingon"])?.to_string();
            attributes.push(AttributeModel { namespace: XML_NAMESPACE.into(), name: "lang".into(), value });
        }
        if self.swarm.attributes {
            for _ in 0..self.count(3)? {
                let namespace = if self.u.ratio(1u8, 3u8)? { self.namespace()? } else { String::new() };
                let name = self.name()?;
                if attributes.iter().any(|a| a.namespace == namespace && a.name == name) {
                    continue;
                }
                let value = self.text()?;
                attributes.push(AttributeModel { namespace, name, value });
            }
        }
        Ok(attributes)
    }

    /// Content of a value element: text and child elements, `depth` levels down.
    fn content(&mut self, namespace: &str, depth: usize) -> Result<Vec<Content>> {
        let mut content = Vec::new();
        if !self.swarm.nested_values || depth >= self.limits.max_depth {
            if self.u.arbitrary()? {
                content.push(Content::Text(self.text()?));
            }
            return Ok(content);
        }
        for _ in 0..self.count(self.limits.max_children)? {
            if self.u.ratio(1u8, 2u8)? {
                content.push(Content::Text(self.text()?));
            } else if self.spend() {
                let namespace = if self.u.ratio(2u8, 3u8)? { namespace.to_owned() } else { self.namespace()? };
                content.push(Content::Element(self.value_element(namespace, depth + 1)?));
            }
        }
        Ok(content)
    }

    fn value_element(&mut self, namespace: String, depth: usize) -> Result<ElementModel> {
        let name = if namespace == DAV && self.u.ratio(1u8, 3u8)? { "href".to_owned() } else { self.name()? };
        let attributes = self.attributes()?;
        let content = self.content(&namespace, depth)?;
        Ok(ElementModel { namespace, name, attributes, content })
    }

    /// A property: a well-known one with a realistic value (empty when the
    /// status is not 2xx, as servers send them), or a random one.
    fn property(&mut self, code: u16) -> Result<ElementModel> {
        let success = (200..300).contains(&code);
        let known = self.u.ratio(2u8, 3u8)?;
        let (namespace, name, value): (&str, &str, Vec<Content>) = if known {
            let which = self.u.choose_index(22)?;
            let etag = format!("\"{}-{}\"", self.u.int_in_range(0..=99u8)?, self.u.int_in_range(0..=9999u16)?);
            let number = self.u.int_in_range(0..=u64::MAX)?.to_string();
            let text = |t: &str| vec![Content::Text(t.to_owned())];
            let href = |h: String| ElementModel::dav("href").with_text(h);
            match which {
                0 => (DAV, "getetag", text(&etag)),
                1 => (DAV, "getetag", text(&format!("W/{etag}"))),
                2 => (DAV, "getcontentlength", text(&number)),
                3 => (DAV, "getlastmodified", text("Sun, 06 Nov 1994 08:49:37 GMT")),
                4 => (DAV, "creationdate", text("1997-12-01T17:42:21-08:00")),
                5 => (DAV, "displayname", vec![Content::Text(self.text()?)]),
                6 => {
                    let mut kinds = vec![Content::Element(ElementModel::dav("collection"))];
                    if self.u.arbitrary()? {
                        kinds.push(Content::Element(ElementModel::new(CALDAV, "calendar")));
                    }
                    (DAV, "resourcetype", kinds)
                }
                7 => (DAV, "resourcetype", Vec::new()),
                8 => (DAV, "getcontenttype", text("text/calendar; charset=utf-8; component=vevent")),
                9 => (DAV, "current-user-principal", vec![Content::Element(href(self.href()?))]),
                10 => (DAV, "quota-used-bytes", text(&number)),
                11 => (DAV, "quota-available-bytes", text("1073741824")),
                12 => (DAV, "sync-token", text("http://example.com/ns/sync/7")),
                13 => {
                    let lock = ElementModel::dav("activelock")
                        .with_child(ElementModel::dav("locktype").with_child(ElementModel::dav("write")))
                        .with_child(ElementModel::dav("lockscope").with_child(ElementModel::dav("exclusive")))
                        .with_child(ElementModel::dav("depth").with_text("infinity"))
                        .with_child(ElementModel::dav("owner").with_child(href("mailto:alice@example.com".into())))
                        .with_child(ElementModel::dav("timeout").with_text("Second-604800"))
                        .with_child(ElementModel::dav("locktoken").with_child(href("urn:uuid:e71d4fae-5dec".into())));
                    (DAV, "lockdiscovery", vec![Content::Element(lock)])
                }
                14 => (
                    CALDAV,
                    "calendar-data",
                    text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@example.com\r\nSUMMARY:Tea & <cake>\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
                ),
                15 => (CALDAV, "calendar-home-set", vec![Content::Element(href(self.href()?))]),
                16 => {
                    let comps = ["VEVENT", "VTODO", "VJOURNAL"]
                        .iter()
                        .map(|c| Content::Element(ElementModel::new(CALDAV, "comp").with_attribute("", "name", *c)))
                        .collect();
                    (CALDAV, "supported-calendar-component-set", comps)
                }
                17 => (CARDDAV, "address-data", text("BEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEND:VCARD\n")),
                18 => (CALENDARSERVER, "getctag", text(&etag)),
                19 => (OWNCLOUD, "permissions", text("RGDNVW")),
                20 => (NEXTCLOUD, "has-preview", text("true")),
                _ => (OWNCLOUD, "fileid", text(&number)),
            }
        } else {
            ("", "", Vec::new())
        };
        if known {
            let content = if success { value } else { Vec::new() };
            let mut element = ElementModel::new(namespace, name);
            element.content = content;
            if self.swarm.lang && name == "displayname" && self.u.ratio(1u8, 3u8)? {
                element.attributes.push(AttributeModel {
                    namespace: XML_NAMESPACE.into(),
                    name: "lang".into(),
                    value: "en".into(),
                });
            }
            return Ok(element);
        }
        let namespace = self.namespace()?;
        let mut element = self.value_element(namespace, 0)?;
        if !success {
            element.content.clear();
        }
        Ok(element)
    }

    /// The children of a `DAV:error`: failed pre- or postconditions.
    fn conditions(&mut self) -> Result<Vec<ElementModel>> {
        let mut conditions = Vec::new();
        for _ in 0..1 + self.count(2)? {
            let href = ElementModel::dav("href").with_text(self.href()?);
            conditions.push(match self.u.choose_index(8)? {
                0 => ElementModel::dav("lock-token-submitted").with_child(href),
                1 => ElementModel::dav("no-conflicting-lock").with_child(href),
                2 => ElementModel::dav("cannot-modify-protected-property"),
                3 => ElementModel::dav("need-privileges").with_child(
                    ElementModel::dav("resource")
                        .with_child(href)
                        .with_child(ElementModel::dav("privilege").with_child(ElementModel::dav("write"))),
                ),
                4 => ElementModel::new(CALDAV, "valid-calendar-data"),
                5 => ElementModel::new(CARDDAV, "valid-address-data"),
                6 => ElementModel::dav("number-of-matches-within-limits"),
                _ => {
                    let namespace = self.namespace()?;
                    self.value_element(namespace, self.limits.max_depth.saturating_sub(1))?
                }
            });
        }
        Ok(conditions)
    }
}
