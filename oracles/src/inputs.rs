//! The benchmark inputs, shared by the benchmarks, the memory table and the
//! test that every baseline agrees with the parser on each of them.
//!
//! * real documents: every document of `corpus/`, and the big real listing
//!   `corpus/apache-propfind-depth1-2000-members.xml` on its own;
//! * generated ones: a small PROPFIND answer (about 1 KB); depth-1 listings
//!   of 1,000, 10,000 and 100,000 responses ([`crate::listing`], Apache
//!   mod_dav style); the 10,000-response listing with a default namespace,
//!   with many prefixes, pretty-printed and minified; and a CalDAV
//!   `calendar-multiget` answer with large `calendar-data` full of entity and
//!   character references.
//!
//! Everything is deterministic: the same bytes on every run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::listing;

/// One benchmark input.
#[derive(Debug, Clone)]
pub struct Input {
    /// A short name, used for the benchmark group.
    pub name: &'static str,
    /// What it is, for the report.
    pub description: &'static str,
    /// The body.
    pub bytes: Vec<u8>,
}

/// Which inputs to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// Everything, including the 100,000-response listing (about 68 MB).
    Full,
    /// Everything but the 100,000-response listing.
    UpTo10k,
    /// Inputs of a few megabytes at most, for a quick run in CI.
    Quick,
}

/// The name of the big real listing in `corpus/`.
pub const APACHE_2000: &str = "apache-propfind-depth1-2000-members.xml";

/// The benchmark inputs of `set`, smallest first (the corpus set, which
/// is several documents, is not among them: see [`corpus_documents`]).
pub fn inputs(set: Set) -> Vec<Input> {
    let mut inputs = vec![
        Input {
            name: "propfind-small",
            description: "a depth-0 PROPFIND answer (CalDAV collection)",
            bytes: small_propfind().into_bytes(),
        },
        Input {
            name: "apache-2000",
            description: "real Apache mod_dav depth-1 listing of 2,001 responses (corpus/)",
            bytes: std::fs::read(corpus_dir().join(APACHE_2000)).expect("the corpus is beside the oracles crate"),
        },
        Input {
            name: "listing-1k",
            description: "generated depth-1 listing, 1,000 responses",
            bytes: listing::listing(1_000).into_bytes(),
        },
        Input {
            name: "caldav-multiget",
            description: "CalDAV calendar-multiget, 400 events with large escaped calendar-data",
            bytes: calendar_multiget(400).into_bytes(),
        },
    ];
    if set == Set::Quick {
        return inputs;
    }
    inputs.extend([
        Input {
            name: "listing-10k",
            description: "generated depth-1 listing, 10,000 responses",
            bytes: listing::listing(10_000).into_bytes(),
        },
        Input {
            name: "listing-10k-default-ns",
            description: "the same, DAV: as the default namespace, no prefixes",
            bytes: styled_listing(10_000, Layout::Apache, Naming::DefaultNamespace).into_bytes(),
        },
        Input {
            name: "listing-10k-many-prefixes",
            description: "the same, 13 namespaces on the root, 9 more per response, one prefix per property",
            bytes: styled_listing(10_000, Layout::Apache, Naming::ManyPrefixes).into_bytes(),
        },
        Input {
            name: "listing-10k-pretty",
            description: "the same, pretty-printed (indented two spaces a level)",
            bytes: styled_listing(10_000, Layout::Pretty, Naming::Prefixed).into_bytes(),
        },
        Input {
            name: "listing-10k-minified",
            description: "the same, minified (no whitespace between tags)",
            bytes: styled_listing(10_000, Layout::Minified, Naming::Prefixed).into_bytes(),
        },
    ]);
    if set == Set::Full {
        inputs.push(Input {
            name: "listing-100k",
            description: "generated depth-1 listing, 100,000 responses",
            bytes: listing::listing(100_000).into_bytes(),
        });
    }
    inputs
}

/// The `corpus/` directory of the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// Every document of `corpus/` (name and bytes), sorted by name.
pub fn corpus_documents() -> Vec<(String, Vec<u8>)> {
    let mut documents: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus_dir())
        .expect("the corpus is beside the oracles crate")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a readable corpus document"))
        })
        .collect();
    documents.sort();
    documents
}

/// The documents of the benchmark's `corpus` group: the corpus less the big
/// listing (a group of its own) and the documents any baseline is excluded
/// from, so that every implementation reads the same bytes.
pub fn corpus_group() -> Vec<(String, Vec<u8>)> {
    corpus_documents()
        .into_iter()
        .filter(|(name, _)| name != APACHE_2000)
        .filter(|(name, _)| crate::baselines::ALL.iter().all(|b| b.exclusion(name).is_none()))
        .collect()
}

/// A depth-0 PROPFIND answer on a CalDAV collection, about 1 KB: found
/// properties, one refused, a principal href and a sync token.
pub fn small_propfind() -> String {
    r#"<?xml version="1.0" encoding="utf-8"?>
<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:ical="http://apple.com/ns/ical/">
  <d:response>
    <d:href>/calendars/alice/work/</d:href>
    <d:propstat>
      <d:prop>
        <d:displayname>Work &amp; Projects</d:displayname>
        <d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>
        <cs:getctag>"http://example.com/sync/1733-42"</cs:getctag>
        <d:sync-token>http://example.com/sync/1733-42</d:sync-token>
        <ical:calendar-color>#0E61B9FF</ical:calendar-color>
        <cal:supported-calendar-component-set><cal:comp name="VEVENT"/><cal:comp name="VTODO"/></cal:supported-calendar-component-set>
        <d:current-user-principal><d:href>/principals/users/alice/</d:href></d:current-user-principal>
        <d:getlastmodified>Sat, 21 Nov 2026 05:30:00 GMT</d:getlastmodified>
      </d:prop>
      <d:status>HTTP/1.1 200 OK</d:status>
    </d:propstat>
    <d:propstat>
      <d:prop><d:getcontentlength/><cal:calendar-description/></d:prop>
      <d:status>HTTP/1.1 404 Not Found</d:status>
    </d:propstat>
  </d:response>
</d:multistatus>
"#
    .to_owned()
}

/// How a generated listing is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A line break after each start tag, end tag and leaf, no indentation.
    Apache,
    /// Indented by two spaces a level.
    Pretty,
    /// No whitespace between tags at all.
    Minified,
}

/// How a generated listing names its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `D:` for the structure, `lp1:` (also `DAV:`) and `lp2:` (Apache)
    /// for the properties, as Apache mod_dav writes them.
    Prefixed,
    /// `xmlns="DAV:"` on the root and no prefixes; the Apache property
    /// redeclares the default namespace on itself.
    DefaultNamespace,
    /// Thirteen namespaces bound on the root, nine more on each response,
    /// and every property of a response under a different prefix.
    ManyPrefixes,
}

/// Writes start tags, end tags and leaves with a [`Layout`].
struct Writer {
    out: String,
    layout: Layout,
}

impl Writer {
    fn line(&mut self, depth: usize) {
        match self.layout {
            Layout::Apache => {}
            Layout::Pretty => self.out.extend(std::iter::repeat_n(' ', depth * 2)),
            Layout::Minified => {}
        }
    }

    fn end_line(&mut self) {
        if self.layout != Layout::Minified {
            self.out.push('\n');
        }
    }

    fn open(&mut self, depth: usize, tag: &str) {
        self.line(depth);
        let _ = write!(self.out, "<{tag}>");
        self.end_line();
    }

    fn close(&mut self, depth: usize, name: &str) {
        self.line(depth);
        let _ = write!(self.out, "</{name}>");
        self.end_line();
    }

    fn leaf(&mut self, depth: usize, name: &str, attributes: &str, text: &str) {
        self.line(depth);
        if text.is_empty() {
            let _ = write!(self.out, "<{name}{attributes}/>");
        } else {
            let _ = write!(self.out, "<{name}{attributes}>{text}</{name}>");
        }
        self.end_line();
    }
}

/// The root's namespace declarations for [`Naming::ManyPrefixes`].
const MANY_ROOT_NAMESPACES: &str = " xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\" \
     xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\" \
     xmlns:cal=\"urn:ietf:params:xml:ns:caldav\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\" \
     xmlns:cs=\"http://calendarserver.org/ns/\" xmlns:ical=\"http://apple.com/ns/ical/\" \
     xmlns:x0=\"urn:example:x0\" xmlns:x1=\"urn:example:x1\" xmlns:x2=\"urn:example:x2\" \
     xmlns:x3=\"urn:example:x3\" xmlns:x4=\"urn:example:x4\"";

/// The depth-1 listing of [`crate::listing`] (the same responses, hrefs,
/// properties and values), laid out and named another way.
pub fn styled_listing(responses: usize, layout: Layout, naming: Naming) -> String {
    let mut w = Writer { out: String::with_capacity(responses * 900 + 1024), layout };
    w.out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    w.end_line();
    let (root, d) = match naming {
        Naming::Prefixed => ("D:multistatus xmlns:D=\"DAV:\" xmlns:ns0=\"DAV:\"".to_owned(), "D:"),
        Naming::DefaultNamespace => ("multistatus xmlns=\"DAV:\"".to_owned(), ""),
        Naming::ManyPrefixes => (format!("d:multistatus{MANY_ROOT_NAMESPACES}"), "d:"),
    };
    w.open(0, &root);
    for i in 0..responses {
        styled_response(&mut w, i, naming, d);
    }
    w.close(0, &format!("{d}multistatus"));
    w.out
}

/// Response number `i`, as [`crate::listing::write_response`] writes it.
fn styled_response(w: &mut Writer, i: usize, naming: Naming, d: &str) {
    let second = i % 60;
    let length = (i * 7 % 100_000).to_string();
    let created = format!("2026-11-21T05:30:{second:02}Z");
    let modified = format!("Sat, 21 Nov 2026 05:30:{second:02} GMT");
    let etag = format!("\"{i:x}-5f3a\"");
    // The prefix (with colon) of each of the eight properties, and the
    // attributes of the Apache one.
    let (response_tag, prefixes, executable_attributes): (String, [String; 8], &str) = match naming {
        Naming::Prefixed => (
            "D:response xmlns:lp1=\"DAV:\" xmlns:lp2=\"http://apache.org/dav/props/\"".to_owned(),
            ["lp1:", "lp1:", "lp1:", "lp1:", "lp1:", "lp2:", "D:", "D:"].map(str::to_owned),
            "",
        ),
        Naming::DefaultNamespace => {
            ("response".to_owned(), std::array::from_fn(|_| String::new()), " xmlns=\"http://apache.org/dav/props/\"")
        }
        Naming::ManyPrefixes => {
            let mut tag = "d:response".to_owned();
            for k in 0..8 {
                let _ = write!(tag, " xmlns:g{k}=\"DAV:\"");
            }
            tag.push_str(" xmlns:ap=\"http://apache.org/dav/props/\"");
            (tag, std::array::from_fn(|k| if k == 5 { "ap:".to_owned() } else { format!("g{k}:") }), "")
        }
    };
    w.open(1, &response_tag);
    w.leaf(2, &format!("{d}href"), "", &format!("/dav/files/document-{i:06}.txt"));
    w.open(2, &format!("{d}propstat"));
    w.open(3, &format!("{d}prop"));
    let [rt, cd, len, lm, et, ex, sl, ct] = &prefixes;
    w.leaf(4, &format!("{rt}resourcetype"), "", "");
    w.leaf(4, &format!("{cd}creationdate"), "", &created);
    w.leaf(4, &format!("{len}getcontentlength"), "", &length);
    w.leaf(4, &format!("{lm}getlastmodified"), "", &modified);
    w.leaf(4, &format!("{et}getetag"), "", &etag);
    w.leaf(4, &format!("{ex}executable"), executable_attributes, "F");
    w.open(4, &format!("{sl}supportedlock"));
    w.open(5, &format!("{sl}lockentry"));
    w.open(6, &format!("{sl}lockscope"));
    w.leaf(7, &format!("{sl}exclusive"), "", "");
    w.close(6, &format!("{sl}lockscope"));
    w.open(6, &format!("{sl}locktype"));
    w.leaf(7, &format!("{sl}write"), "", "");
    w.close(6, &format!("{sl}locktype"));
    w.close(5, &format!("{sl}lockentry"));
    w.close(4, &format!("{sl}supportedlock"));
    w.leaf(4, &format!("{ct}getcontenttype"), "", "text/plain");
    w.close(3, &format!("{d}prop"));
    w.leaf(3, &format!("{d}status"), "", "HTTP/1.1 200 OK");
    w.close(2, &format!("{d}propstat"));
    w.close(1, &format!("{d}response"));
}

/// A CalDAV `calendar-multiget` REPORT answer (RFC 4791 §7.9) of `events`
/// responses, each with an etag and an iCalendar object of about 4 KB in
/// `calendar-data`, escaped as servers write it: `&lt;`, `&gt;`, `&amp;`,
/// `&quot;` and `&#13;` before every line feed (iCalendar lines end in
/// CRLF, and a literal CR would be normalised away). Summaries and
/// descriptions carry non-ASCII text.
pub fn calendar_multiget(events: usize) -> String {
    let mut out = String::with_capacity(events * 4600 + 512);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <d:multistatus xmlns:d=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">\n",
    );
    for i in 0..events {
        let _ = write!(
            out,
            "  <d:response>\n    <d:href>/calendars/alice/work/event-{i:05}.ics</d:href>\n    <d:propstat>\n      <d:prop>\n        \
             <d:getetag>&quot;{etag:x}-{i}&quot;</d:getetag>\n        <C:calendar-data>",
            etag = i * 7919 + 1_000_003
        );
        write_escaped_calendar(&mut out, i);
        out.push_str(
            "</C:calendar-data>\n      </d:prop>\n      <d:status>HTTP/1.1 200 OK</d:status>\n    </d:propstat>\n  </d:response>\n",
        );
    }
    out.push_str("</d:multistatus>\n");
    out
}

/// Event number `i` as escaped iCalendar text.
fn write_escaped_calendar(out: &mut String, i: usize) {
    let day = i % 28 + 1;
    let hour = i % 10 + 8;
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Example Corp.//CalDAV Client//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VTIMEZONE".to_owned(),
        "TZID:Europe/Berlin".to_owned(),
        "BEGIN:DAYLIGHT".to_owned(),
        "TZOFFSETFROM:+0100".to_owned(),
        "TZOFFSETTO:+0200".to_owned(),
        "TZNAME:CEST".to_owned(),
        "DTSTART:19700329T020000".to_owned(),
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".to_owned(),
        "END:DAYLIGHT".to_owned(),
        "BEGIN:STANDARD".to_owned(),
        "TZOFFSETFROM:+0200".to_owned(),
        "TZOFFSETTO:+0100".to_owned(),
        "TZNAME:CET".to_owned(),
        "DTSTART:19701025T030000".to_owned(),
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".to_owned(),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{i:08x}-5f3a-4c2e-9d1b-{:012x}@example.com", i * 104_729),
        "DTSTAMP:20261121T053000Z".to_owned(),
        format!("DTSTART;TZID=Europe/Berlin:202612{day:02}T{hour:02}0000"),
        format!("DTEND;TZID=Europe/Berlin:202612{day:02}T{:02}3000", hour + 1),
        format!("SUMMARY:Réunion d'équipe #{i} <Q4> & planning"),
        "LOCATION:Salle \"Gutenberg\"\\, 3e étage".to_owned(),
        "ORGANIZER;CN=\"Alice Müller\":mailto:alice@example.com".to_owned(),
    ];
    for a in 0..6 {
        lines.push(format!(
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=\"Person {a} & Co\":mailto:person{a}.{i}@example.com"
        ));
    }
    for paragraph in 0..10 {
        lines.push(format!(
            "DESCRIPTION;LANGUAGE=fr:Ordre du jour {paragraph}: <b>budget</b> & \"roadmap\"\\, revue des tickets #{i}\\n"
        ));
        lines.push(
            " suite: « les tâches en cours » — see <https://example.com/tickets?id=42&view=full> for details\\n"
                .to_owned(),
        );
    }
    lines.extend(
        [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:Rappel <15 min> & café",
            "TRIGGER:-PT15M",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        .map(str::to_owned),
    );
    for line in lines {
        for c in line.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out.push_str("&#13;\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_listings_are_the_listing() {
        // Apache layout and prefixed names: the same responses as listing.rs,
        // down to the values.
        let base = crate::roxml::extract(&listing::listing(3)).unwrap();
        let styled = crate::roxml::extract(&styled_listing(3, Layout::Apache, Naming::Prefixed)).unwrap();
        let strip = |mut v: serde_json::Value| {
            for response in v["responses"].as_array_mut().unwrap() {
                for prop in response["propstats"][0]["props"].as_array_mut().unwrap() {
                    prop["text"] = prop["text"].as_str().unwrap().trim().into();
                }
            }
            v
        };
        assert_eq!(strip(base.clone()), strip(styled));
        for layout in [Layout::Apache, Layout::Pretty, Layout::Minified] {
            for naming in [Naming::Prefixed, Naming::DefaultNamespace, Naming::ManyPrefixes] {
                let v = crate::roxml::extract(&styled_listing(3, layout, naming)).unwrap();
                assert_eq!(strip(v), strip(base.clone()), "{layout:?} {naming:?}");
            }
        }
    }

    #[test]
    fn calendar_multiget_keeps_crlf_and_entities() {
        let v = crate::roxml::extract(&calendar_multiget(2)).unwrap();
        let data = v["responses"][1]["propstats"][0]["props"][1]["text"].as_str().unwrap();
        assert!(data.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(data.contains("SUMMARY:Réunion d'équipe #1 <Q4> & planning\r\n"));
        assert!(data.len() > 3500, "{}", data.len());
    }

    #[test]
    fn small_propfind_is_about_a_kilobyte() {
        let len = small_propfind().len();
        assert!((800..1400).contains(&len), "{len}");
    }
}
