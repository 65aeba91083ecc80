//! Owned copies: `Response::into_owned`, `OwnedResponse::as_response`,
//! `Multistatus::into_owned`, and the `into_owned` of `Href`, `Status`, `Etag`.
//! Responses come from `Multistatus::parse` and from a `ResponseReader` loop.

mod common;

use common::for_each_response;

fn for_each_response_count(xml: &str, check: impl FnMut(usize, &multistatus::Response<'_>)) -> usize {
    for_each_response(xml, check).responses
}
use std::borrow::Cow;
use std::path::PathBuf;

use multistatus::canonical::{write_document_end, write_response};
use multistatus::{
    Element, Etag, Href, Multistatus, OwnedResponse, Propstat, Response, ResponseReader, Status, CALDAV, DAV,
};

// ---------------------------------------------------------------------------
// Shared helpers.
// ---------------------------------------------------------------------------

/// Owned copies of every response, made both ways; the input may be dropped
/// afterwards. Returns (from `Multistatus::parse`, from `ResponseReader`).
fn owned_both_ways(xml: &str) -> (Vec<OwnedResponse>, Vec<OwnedResponse>) {
    let whole = Multistatus::parse(xml).unwrap().responses().map(|r| r.into_owned()).collect::<Vec<_>>();
    let mut reader = ResponseReader::new(xml);
    let mut streamed = Vec::new();
    while let Some(response) = reader.next_response().unwrap() {
        streamed.push(response.into_owned());
    }
    assert_eq!(whole.len(), streamed.len());
    (whole, streamed)
}

/// Asserts that two elements read the same, recursively, offsets included.
fn assert_same_element(a: &Element<'_>, b: &Element<'_>, path: &str) {
    let path = format!("{path}/{}", a.qualified_name());
    assert_eq!(a.namespace(), b.namespace(), "{path}: namespace");
    assert_eq!(a.local_name(), b.local_name(), "{path}: local_name");
    assert_eq!(a.prefix(), b.prefix(), "{path}: prefix");
    assert_eq!(a.qualified_name(), b.qualified_name(), "{path}: qualified_name");
    assert_eq!(a.text(), b.text(), "{path}: text");
    assert_eq!(a.inner_xml(), b.inner_xml(), "{path}: inner_xml");
    assert_eq!(a.offset(), b.offset(), "{path}: offset");
    assert_eq!(a.lang(), b.lang(), "{path}: lang");
    let attributes = |e: &Element<'_>| -> Vec<(String, String, String, String, String)> {
        e.attributes()
            .map(|x| {
                (
                    x.namespace().into_owned(),
                    x.local_name().to_owned(),
                    x.qualified_name().to_owned(),
                    x.value().into_owned(),
                    x.raw_value().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(attributes(a), attributes(b), "{path}: attributes");
    assert_eq!(a.child_count(), b.child_count(), "{path}: child_count");
    let (ac, bc): (Vec<_>, Vec<_>) = (a.children().collect(), b.children().collect());
    assert_eq!(ac.len(), bc.len(), "{path}: children");
    for (x, y) in ac.iter().zip(&bc) {
        assert_same_element(x, y, &path);
    }
}

fn assert_same_optional_element(a: Option<Element<'_>>, b: Option<Element<'_>>, path: &str) {
    match (a, b) {
        (None, None) => {}
        (Some(a), Some(b)) => assert_same_element(&a, &b, path),
        (a, b) => panic!("{path}: {a:?} vs {b:?}"),
    }
}

fn assert_same_propstat(a: &Propstat<'_>, b: &Propstat<'_>, path: &str) {
    assert_eq!(a.status(), b.status(), "{path}: status");
    let raw = |p: &Propstat<'_>| p.status().map(|s| s.raw().to_owned());
    assert_eq!(raw(a), raw(b), "{path}: status raw");
    assert_eq!(a.offset(), b.offset(), "{path}: propstat offset");
    assert_same_optional_element(a.prop(), b.prop(), path);
    let properties = |p: &Propstat<'_>| p.properties().map(|e| e.offset()).collect::<Vec<_>>();
    assert_eq!(properties(a), properties(b), "{path}: properties");
    assert_same_optional_element(a.dav_error(), b.dav_error(), path);
    assert_eq!(a.description(), b.description(), "{path}: description");
}

/// Asserts that `owned` reads exactly like `borrowed`, offsets included.
fn assert_same_response(borrowed: &Response<'_>, owned: &Response<'_>) {
    let path = format!("response {:?}", borrowed.href().map(|h| h.as_str().to_owned()));
    let hrefs = |r: &Response<'_>| r.hrefs().map(|h| h.raw().to_owned()).collect::<Vec<_>>();
    assert_eq!(hrefs(borrowed), hrefs(owned), "{path}: hrefs");
    assert_eq!(borrowed.href(), owned.href(), "{path}: href");
    assert_eq!(borrowed.status(), owned.status(), "{path}: status");
    assert_eq!(borrowed.status().map(|s| s.raw().to_owned()), owned.status().map(|s| s.raw().to_owned()));
    assert_eq!(borrowed.offset(), owned.offset(), "{path}: offset");
    assert_eq!(borrowed.raw_xml(), owned.raw_xml(), "{path}: raw_xml");
    assert_eq!(borrowed.description(), owned.description(), "{path}: description");
    assert_eq!(borrowed.location(), owned.location(), "{path}: location");
    assert_same_optional_element(borrowed.dav_error(), owned.dav_error(), &path);
    assert_eq!(borrowed.propstats().len(), owned.propstats().len(), "{path}: propstats");
    for (i, (a, b)) in borrowed.propstats().zip(owned.propstats()).enumerate() {
        assert_same_propstat(&a, &b, &format!("{path} propstat {i}"));
    }
    let mut a = String::new();
    let mut b = String::new();
    write_response(&mut a, borrowed);
    write_response(&mut b, owned);
    assert_eq!(a, b, "{path}: canonical json");
}

/// A document whose namespaces are all declared on the root, with a
/// response in the middle that uses every one of them.
const ROOT_DECLARED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:x="urn:x" xmlns:e="urn:a&amp;b" xmlns:lp1="DAV:">
  <response>
    <href>/cal/first.ics</href>
    <propstat><prop><getetag>"first"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>
  </response>
  <response>
    <href>/cal/middle.ics</href>
    <propstat>
      <prop>
        <lp1:getetag>"middle"</lp1:getetag>
        <resourcetype><collection/><C:calendar/></resourcetype>
        <C:calendar-data x:attr="v&amp;w" e:other="1" plain="p">BEGIN:VCALENDAR&#13;
END:VCALENDAR</C:calendar-data>
        <e:escaped-ns>esc</e:escaped-ns>
        <x:local xmlns:x="urn:local"><x:child/></x:local>
        <C:calendar-home-set><href>/cal/</href></C:calendar-home-set>
        <displayname xml:lang="en">Middle</displayname>
      </prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
    <propstat>
      <prop><x:missing/></prop>
      <status>HTTP/1.1 404 Not Found</status>
      <error><C:valid-calendar-data/></error>
      <responsedescription>gone</responsedescription>
    </propstat>
    <error><x:condition/></error>
    <responsedescription>middle response</responsedescription>
  </response>
  <response>
    <href>/cal/moved.ics</href>
    <status>HTTP/1.1 301 Moved Permanently</status>
    <location><href>/cal/new.ics</href></location>
  </response>
</multistatus>"#;

fn check_middle(r: &Response<'_>) {
    assert_eq!(r.href().unwrap().as_str(), "/cal/middle.ics");
    assert_eq!(r.hrefs().count(), 1);
    assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"middle\"");
    let rt = r.resource_type().unwrap();
    assert!(rt.is_collection() && rt.is_calendar());
    let data = r.property(CALDAV, "calendar-data").unwrap();
    assert_eq!(data.namespace(), CALDAV);
    assert_eq!(data.text(), "BEGIN:VCALENDAR\r\nEND:VCALENDAR");
    let attrs: Vec<_> =
        data.attributes().map(|a| (a.namespace().into_owned(), a.local_name(), a.value().into_owned())).collect();
    assert_eq!(
        attrs,
        [
            ("urn:x".to_owned(), "attr", "v&w".to_owned()),
            ("urn:a&b".to_owned(), "other", "1".to_owned()),
            (String::new(), "plain", "p".to_owned()),
        ]
    );
    assert_eq!(r.property("urn:a&b", "escaped-ns").unwrap().text(), "esc");
    let local = r.property("urn:local", "local").unwrap();
    assert_eq!(local.children().next().unwrap().namespace(), "urn:local");
    let home = r.property(CALDAV, "calendar-home-set").unwrap();
    assert_eq!(home.child(DAV, "href").unwrap().text(), "/cal/");
    assert_eq!(r.property(DAV, "displayname").unwrap().lang().as_deref(), Some("en"));
    let missing = r.propstats().nth(1).unwrap();
    assert_eq!(missing.status().unwrap().code(), Some(404));
    assert!(missing.property("urn:x", "missing").is_some());
    assert!(missing.dav_error().unwrap().child(CALDAV, "valid-calendar-data").is_some());
    assert_eq!(missing.description().as_deref(), Some("gone"));
    assert!(r.dav_error().unwrap().child("urn:x", "condition").is_some());
    assert_eq!(r.description().as_deref(), Some("middle response"));
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "xml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    files
}

// ---------------------------------------------------------------------------
// Response::into_owned
// ---------------------------------------------------------------------------

#[test]
fn owned_response_resolves_namespaces_declared_on_the_root() {
    let input = ROOT_DECLARED.to_owned();
    let (whole, streamed) = owned_both_ways(&input);
    drop(input);
    assert_eq!(whole.len(), 3);
    check_middle(&whole[1].as_response());
    check_middle(&streamed[1].as_response());
    for owned in [&whole[2], &streamed[2]] {
        let r = owned.as_response();
        assert_eq!(r.status().unwrap().code(), Some(301));
        assert_eq!(r.location().unwrap().as_str(), "/cal/new.ics");
    }
    for owned in [&whole[0], &streamed[0]] {
        assert_eq!(owned.as_response().etag().unwrap().unwrap().as_str(), "\"first\"");
    }
}

#[test]
fn owned_response_reads_like_the_borrowed_one() {
    for_each_response_count(ROOT_DECLARED, |_, borrowed| {
        let owned = borrowed.into_owned();
        assert_same_response(borrowed, &owned.as_response());
        // A clone reads the same too.
        let clone = owned.clone();
        assert_same_response(borrowed, &clone.as_response());
    });
}

#[test]
fn owned_response_offsets_index_the_original_input() {
    let count = for_each_response_count(ROOT_DECLARED, |_, borrowed| {
        let owned = borrowed.into_owned();
        let r = owned.as_response();
        assert_eq!(r.offset(), borrowed.offset());
        assert!(ROOT_DECLARED[r.offset()..].starts_with("<response>"));
        for (a, b) in borrowed.propstats().zip(r.propstats()) {
            assert_eq!(b.offset(), a.offset(), "propstat offset");
            assert!(ROOT_DECLARED[b.offset()..].starts_with("<propstat>"), "{:?}", ROOT_DECLARED.get(b.offset()..));
            assert_eq!(b.prop().unwrap().offset(), a.prop().unwrap().offset(), "prop offset");
            for (x, y) in a.properties().zip(b.properties()) {
                assert_eq!(y.offset(), x.offset(), "{} offset", x.local_name());
            }
        }
    });
    assert_eq!(count, 3);
}

#[test]
fn owned_response_from_input_with_a_byte_order_mark_keeps_original_offsets() {
    let input = format!("\u{FEFF}{ROOT_DECLARED}");
    let (whole, streamed) = owned_both_ways(&input);
    let borrowed = Multistatus::parse(&input).unwrap();
    for owned in whole.iter().chain(&streamed) {
        let r = owned.as_response();
        assert!(input[r.offset()..].starts_with("<response>"));
    }
    for (i, response) in borrowed.responses().enumerate() {
        assert_same_response(&response, &whole[i].as_response());
        assert_same_response(&response, &streamed[i].as_response());
    }
}

#[test]
fn owned_copy_of_an_owned_response_reads_like_the_original() {
    let input = ROOT_DECLARED.to_owned();
    let (whole, streamed) = owned_both_ways(&input);
    let borrowed = Multistatus::parse(&input).unwrap();
    for (i, response) in borrowed.responses().enumerate() {
        for first in [&whole[i], &streamed[i]] {
            let second = first.as_response().into_owned();
            assert_same_response(&response, &second.as_response());
        }
    }
    let again = whole[1].as_response().into_owned();
    drop(borrowed);
    drop(input);
    check_middle(&again.as_response());
}

#[test]
fn owned_response_survives_the_reader_moving_on() {
    // A reader reuses its buffers: copies taken earlier must not change.
    let mut reader = ResponseReader::new(ROOT_DECLARED);
    let mut kept = Vec::new();
    let mut json = Vec::new();
    while let Some(response) = reader.next_response().unwrap() {
        let mut out = String::new();
        write_response(&mut out, &response);
        json.push(out);
        kept.push(response.into_owned());
    }
    drop(reader);
    for (owned, expected) in kept.iter().zip(&json) {
        let mut out = String::new();
        write_response(&mut out, &owned.as_response());
        assert_eq!(&out, expected);
    }
}

// ---------------------------------------------------------------------------
// Multistatus::into_owned, Href/Status/Etag::into_owned
// ---------------------------------------------------------------------------

#[test]
fn multistatus_into_owned_outlives_the_input_buffer() {
    let (owned, expected_json): (Multistatus<'static>, String) = {
        let input = format!(
            "{}<!-- -->",
            ROOT_DECLARED.replace(
                "</multistatus>",
                "<sync-token> tok </sync-token><responsedescription> d </responsedescription></multistatus>"
            )
        );
        let borrowed = Multistatus::parse(&input).unwrap();
        let json = multistatus::canonical::to_json(&borrowed);
        let owned = borrowed.into_owned();
        drop(input);
        (owned, json)
    };
    assert_eq!(owned.len(), 3);
    check_middle(&owned.response(1).unwrap());
    assert_eq!(owned.sync_token().as_deref(), Some("tok"));
    assert_eq!(owned.description().as_deref(), Some(" d "));
    assert_eq!(multistatus::canonical::to_json(&owned), expected_json);
}

#[test]
fn href_status_and_etag_into_owned_outlive_the_input() {
    let (href, status, etag): (Href<'static>, Status<'static>, Etag<'static>) = {
        let input = String::from(
            r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href> /a%20b/ </D:href><D:propstat>
<D:prop><D:getetag>W/"x"</D:getetag></D:prop><D:status> HTTP/1.1 200 OK </D:status></D:propstat></D:response></D:multistatus>"#,
        );
        let mut reader = ResponseReader::new(&input);
        let response = reader.next_response().unwrap().unwrap();
        let parts = (
            response.href().unwrap().into_owned(),
            response.propstats().next().unwrap().status().unwrap().into_owned(),
            response.etag().unwrap().unwrap().into_owned(),
        );
        drop(reader);
        drop(input);
        parts
    };
    assert_eq!(href.as_str(), "/a%20b/");
    assert_eq!(href.raw(), " /a%20b/ ");
    assert_eq!(href.decoded(), "/a b/");
    assert_eq!(status.code(), Some(200));
    assert_eq!(status.reason(), "OK");
    assert_eq!(status.version(), "1.1");
    assert_eq!(status.raw(), " HTTP/1.1 200 OK ");
    assert_eq!(etag.as_str(), "W/\"x\"");
    assert!(etag.is_weak());
    assert_eq!(etag.opaque(), "x");

    // Built directly, too.
    let href = Href::new(Cow::Owned(String::from("/x"))).into_owned();
    assert_eq!(href.as_str(), "/x");
    let status = Status::parse(Cow::Owned(String::from("HTTP/1.1 404 Not Found"))).unwrap().into_owned();
    assert_eq!(status.code(), Some(404));
}

// ---------------------------------------------------------------------------
// The corpus.
// ---------------------------------------------------------------------------

#[test]
fn owned_canonical_json_matches_borrowed_for_every_corpus_file() {
    let mut checked = 0;
    for path in corpus_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(xml) = std::str::from_utf8(&bytes) else { panic!("{name}: not utf-8") };
        let parsed = match Multistatus::parse(xml) {
            Ok(parsed) => parsed,
            Err(e) => panic!("{name}: {e}"),
        };
        for response in parsed.responses() {
            let owned = response.into_owned();
            let (mut a, mut b) = (String::new(), String::new());
            write_response(&mut a, &response);
            write_response(&mut b, &owned.as_response());
            assert_eq!(a, b, "{name}: response {:?} via Multistatus::parse", response.href());
            assert_eq!(owned.as_response().offset(), response.offset(), "{name}");
            checked += 1;
        }
        let mut reader = ResponseReader::new(xml);
        let mut index = 0;
        while let Some(response) = reader.next_response().unwrap() {
            let owned = response.into_owned();
            let (mut a, mut b) = (String::new(), String::new());
            write_response(&mut a, &response);
            write_response(&mut b, &owned.as_response());
            assert_eq!(a, b, "{name}: response {index} via ResponseReader");
            index += 1;
        }
        assert_eq!(index, parsed.len(), "{name}");
    }
    assert!(checked > 0);
}

#[test]
fn owned_responses_reproduce_the_expected_corpus_json() {
    // Rebuild each document's canonical JSON from owned copies alone (input
    // dropped) and compare with the recorded `.json` next to it.
    for path in corpus_files() {
        let expected_path = path.with_extension("json");
        let Ok(expected) = std::fs::read_to_string(&expected_path) else { continue };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (owned, description, sync_token) = {
            let xml = std::fs::read_to_string(&path).unwrap();
            let mut reader = ResponseReader::new(&xml);
            let mut owned = Vec::new();
            while let Some(response) = reader.next_response().unwrap() {
                owned.push(response.into_owned());
            }
            let description = reader.description().map(Cow::into_owned);
            let sync_token = reader.sync_token().map(Cow::into_owned);
            (owned, description, sync_token)
        };
        let mut out = String::from("{\"responses\": [");
        for (i, response) in owned.iter().enumerate() {
            out.push_str(if i > 0 { ",\n  " } else { "\n  " });
            write_response(&mut out, &response.as_response());
        }
        write_document_end(&mut out, description.as_deref(), sync_token.as_deref());
        let got: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let want: serde_json::Value = serde_json::from_str(&expected).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, want, "{name}");
    }
}
