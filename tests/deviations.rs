//! RFC 4918 §14 deviations are never an error, in strict, lenient and
//! validating parses alike: the data is kept as sent, nothing is invented,
//! and each deviation is a warning with its kind, rule, position, element
//! path and href — identical through every front end and at every split.

use multistatus::{canonical, Config, Multistatus, PushParser, ResponseReader, StreamReader, Warning, WarningKind};

/// What a whole parse gives: the canonical JSON and the warnings.
#[derive(Debug, PartialEq)]
struct Outcome {
    json: String,
    warnings: Vec<Warning>,
}

/// Appends a response as `canonical::to_json` does.
fn push_response(json: &mut String, count: &mut usize, response: &multistatus::Response<'_>) {
    json.push_str(if *count > 0 { ",\n  " } else { "\n  " });
    canonical::write_response(json, response);
    *count += 1;
}

fn stream(input: &[u8], capacity: usize, config: &Config) -> Outcome {
    let mut reader = StreamReader::with_config(std::io::BufReader::with_capacity(capacity, input), config.clone());
    let (mut json, mut count) = (String::from("{\"responses\": ["), 0);
    while let Some(response) = reader.next_response().expect("a deviation is no error") {
        push_response(&mut json, &mut count, &response);
    }
    canonical::write_document_end(&mut json, reader.description().as_deref(), reader.sync_token().as_deref());
    Outcome { json, warnings: reader.warnings().to_vec() }
}

fn push(input: &[u8], cuts: &[usize], config: &Config) -> Outcome {
    let mut parser = PushParser::with_config(config.clone());
    let (mut json, mut count) = (String::from("{\"responses\": ["), 0);
    let mut from = 0;
    for end in cuts.iter().copied().chain([input.len()]) {
        parser.feed(&input[from..end]);
        from = end;
        while let Some(response) = parser.next_response().expect("a deviation is no error") {
            push_response(&mut json, &mut count, &response);
        }
    }
    parser.finish();
    while let Some(response) = parser.next_response().expect("a deviation is no error") {
        push_response(&mut json, &mut count, &response);
    }
    canonical::write_document_end(&mut json, parser.description().as_deref(), parser.sync_token().as_deref());
    Outcome { json, warnings: parser.warnings().to_vec() }
}

/// The outcome of `input` under `config`, asserted identical through
/// `Multistatus`, `ResponseReader`, `StreamReader` at several buffer sizes
/// and `PushParser` cut at every single byte and fed byte by byte.
fn everywhere(input: &str, config: &Config) -> Outcome {
    let bytes = input.as_bytes();
    let whole = Multistatus::parse_bytes_with_config(bytes, config.clone())
        .unwrap_or_else(|e| panic!("a deviation is no error, got {e}\n{input}"));
    let expected = Outcome { json: canonical::to_json(&whole), warnings: whole.warnings().to_vec() };

    let mut reader = ResponseReader::from_bytes_with_config(bytes, config.clone());
    let (mut json, mut count) = (String::from("{\"responses\": ["), 0);
    while let Some(response) = reader.next_response().unwrap() {
        push_response(&mut json, &mut count, &response);
    }
    canonical::write_document_end(&mut json, reader.description().as_deref(), reader.sync_token().as_deref());
    assert_eq!(Outcome { json, warnings: reader.warnings().to_vec() }, expected, "ResponseReader");

    for capacity in [1, 2, 3, 7, 64, 4096] {
        assert_eq!(stream(bytes, capacity, config), expected, "StreamReader, capacity {capacity}");
    }
    for cut in 1..bytes.len() {
        assert_eq!(push(bytes, &[cut], config), expected, "PushParser cut at {cut}");
    }
    let every_byte: Vec<usize> = (1..bytes.len()).collect();
    assert_eq!(push(bytes, &every_byte, config), expected, "PushParser byte by byte");
    expected
}

/// The three ways to parse: every one keeps the data and reports the deviation.
fn modes() -> [(&'static str, Config); 3] {
    [("strict", Config::default()), ("lenient", Config::lenient()), ("validating", Config::validating())]
}

/// One expected warning: kind, line, column, path, href.
type Expected<'e> = (WarningKind, usize, usize, &'e str, Option<&'e str>);

/// Checks `input` in every mode through every front end: the warnings are
/// exactly `expected` (in document order of detection), and the JSON is
/// the same in every mode. Returns the strict parse's JSON as a value.
fn check(input: &str, expected: &[Expected<'_>]) -> serde_json::Value {
    let mut json = None;
    for (mode, config) in modes() {
        let outcome = everywhere(input, &config);
        let got: Vec<Expected<'_>> =
            outcome.warnings.iter().map(|w| (w.kind().clone(), w.line(), w.column(), w.path(), w.href())).collect();
        assert_eq!(got, expected, "{mode}: warnings\n{input}");
        for (warning, (kind, ..)) in outcome.warnings.iter().zip(expected) {
            assert!(kind.is_deviation(), "{kind:?} is a deviation");
            assert_eq!(&input[warning.offset()..].chars().next(), &Some('<'), "{mode}: offset of {kind:?}");
        }
        match &json {
            None => json = Some(outcome.json),
            Some(strict) => assert_eq!(&outcome.json, strict, "{mode}: the data differs from the strict parse"),
        }
    }
    serde_json::from_str(&json.unwrap()).unwrap()
}

const HEAD: &str = "<D:multistatus xmlns:D=\"DAV:\">\n";
const TAIL: &str = "</D:multistatus>\n";

fn document(body: &str) -> String {
    format!("{HEAD}{body}{TAIL}")
}

#[test]
fn propstat_without_prop_has_no_properties() {
    // lighttpd over a member it cannot read; Google Calendar; DavMail.
    let input = document(
        "<D:response>\n<D:href>/dav/private/</D:href>\n<D:propstat>\n<D:status>HTTP/1.1 403 Forbidden</D:status>\n</D:propstat>\n</D:response>\n",
    );
    let json = check(
        &input,
        &[(WarningKind::PropstatWithoutProp, 4, 1, "multistatus/response[1]/propstat[1]", Some("/dav/private/"))],
    );
    assert_eq!(json["responses"][0]["propstats"][0]["props"], serde_json::json!([]));
    assert_eq!(json["responses"][0]["propstats"][0]["status"], 403);
    let multistatus = Multistatus::parse(&input).unwrap();
    let propstat = multistatus.response(0).unwrap().propstats().next().unwrap();
    assert!(propstat.prop().is_none());
    assert_eq!(propstat.properties().count(), 0);
    assert_eq!(propstat.status().unwrap().code(), Some(403));
}

#[test]
fn propstat_without_status_has_no_status_not_200() {
    let input = document(
        "<D:response>\n<D:href>/a</D:href>\n<D:propstat>\n<D:prop><D:getetag>\"1\"</D:getetag></D:prop>\n</D:propstat>\n</D:response>\n",
    );
    let json =
        check(&input, &[(WarningKind::PropstatWithoutStatus, 4, 1, "multistatus/response[1]/propstat[1]", Some("/a"))]);
    assert_eq!(json["responses"][0]["propstats"][0]["status"], serde_json::Value::Null);
    let multistatus = Multistatus::parse(&input).unwrap();
    let response = multistatus.response(0).unwrap();
    let propstat = response.propstats().next().unwrap();
    assert!(propstat.status().is_none(), "absent, not invented");
    assert_eq!(propstat.property(multistatus::DAV, "getetag").unwrap().text(), "\"1\"", "the data is kept");
    // Nothing says the server returned it: the 2xx lookups do not guess.
    assert!(response.property(multistatus::DAV, "getetag").is_none());
    assert!(response.etag().is_none());
}

#[test]
fn several_props_are_merged_in_document_order() {
    // PyWebDAV3's propname answer: two props, no status.
    let input = document(
        "<D:response>\n<D:href>/p</D:href>\n<D:propstat>\n<D:prop><D:getetag/><D:displayname/></D:prop>\n<D:prop xmlns:N=\"NS2\"><N:author/></D:prop>\n</D:propstat>\n</D:response>\n",
    );
    let json = check(
        &input,
        &[
            (WarningKind::SeveralProps, 6, 1, "multistatus/response[1]/propstat[1]/prop", Some("/p")),
            (WarningKind::PropstatWithoutStatus, 4, 1, "multistatus/response[1]/propstat[1]", Some("/p")),
        ],
    );
    let names: Vec<_> =
        json["responses"][0]["propstats"][0]["props"].as_array().unwrap().iter().map(|p| p["name"].clone()).collect();
    assert_eq!(names, ["getetag", "displayname", "author"]);
    let multistatus = Multistatus::parse(&input).unwrap();
    let propstat = multistatus.response(0).unwrap().propstats().next().unwrap();
    assert_eq!(propstat.prop().unwrap().child_count(), 2, "prop() is the first prop");
    assert_eq!(propstat.property("NS2", "author").unwrap().local_name(), "author", "found in the second prop");
    // Several props with a status, and an empty propstat between them.
    let input = document(
        "<D:response><D:href>/q</D:href><D:propstat><D:prop/><D:status>HTTP/1.1 200 OK</D:status><D:prop><D:a/></D:prop><D:prop><D:b/></D:prop></D:propstat></D:response>\n",
    );
    let json =
        check(&input, &[(WarningKind::SeveralProps, 2, 89, "multistatus/response[1]/propstat[1]/prop", Some("/q"))]);
    assert_eq!(json["responses"][0]["propstats"][0]["props"].as_array().unwrap().len(), 2);
    // In a later propstat, counted from that propstat's own first prop.
    let input = document(
        "<D:response><D:href>/r</D:href><D:propstat><D:prop><D:a/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat><D:propstat><D:prop><D:b/></D:prop><D:prop><D:c/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>\n",
    );
    check(&input, &[(WarningKind::SeveralProps, 2, 151, "multistatus/response[1]/propstat[2]/prop", Some("/r"))]);
}

#[test]
fn response_with_only_an_href_is_kept_with_neither() {
    // WsgiDAV's propname answer.
    let input = document(
        "<D:response><D:href>/docs/</D:href></D:response>\n<D:response><D:href>/docs/a</D:href></D:response>\n",
    );
    let json = check(
        &input,
        &[
            (WarningKind::ResponseWithoutStatusOrPropstat, 2, 1, "multistatus/response[1]", Some("/docs/")),
            (WarningKind::ResponseWithoutStatusOrPropstat, 3, 1, "multistatus/response[2]", Some("/docs/a")),
        ],
    );
    assert_eq!(json["responses"][1]["hrefs"], serde_json::json!(["/docs/a"]));
    let multistatus = Multistatus::parse(&input).unwrap();
    let response = multistatus.response(0).unwrap();
    assert!(response.status().is_none() && response.propstats().len() == 0);
}

#[test]
fn response_without_href_has_none() {
    let input = document(
        "<D:response>\n<D:propstat><D:prop><D:displayname>x</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\n</D:response>\n",
    );
    let json = check(&input, &[(WarningKind::ResponseWithoutHref, 2, 1, "multistatus/response[1]", None)]);
    assert_eq!(json["responses"][0]["hrefs"], serde_json::json!([]));
    let multistatus = Multistatus::parse(&input).unwrap();
    let response = multistatus.response(0).unwrap();
    assert!(response.href().is_none());
    assert_eq!(response.hrefs().len(), 0);
    assert_eq!(response.display_name().as_deref(), Some("x"), "the rest of the response is read");
    // Neither href nor anything else: two warnings.
    let input = document("<D:response/>\n");
    check(
        &input,
        &[
            (WarningKind::ResponseWithoutHref, 2, 1, "multistatus/response[1]", None),
            (WarningKind::ResponseWithoutStatusOrPropstat, 2, 1, "multistatus/response[1]", None),
        ],
    );
}

#[test]
fn several_hrefs_with_propstat_are_all_kept() {
    let input = document(
        "<D:response>\n<D:href>/a</D:href>\n<D:href>/b</D:href>\n<D:propstat><D:prop/><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\n</D:response>\n",
    );
    let json = check(&input, &[(WarningKind::SeveralHrefsWithPropstat, 2, 1, "multistatus/response[1]", Some("/a"))]);
    assert_eq!(json["responses"][0]["hrefs"], serde_json::json!(["/a", "/b"]));
    // Several hrefs with one status is the RFC's own form: no warning.
    let input = document(
        "<D:response><D:href>/a</D:href><D:href>/b</D:href><D:status>HTTP/1.1 423 Locked</D:status></D:response>\n",
    );
    check(&input, &[]);
}

#[test]
fn status_and_propstat_are_both_kept() {
    // sabre/dav and Nextcloud: a 404 status plus a filler propstat.
    let input = document(
        "<D:response>\n<D:href>/c/x.ics</D:href>\n<D:status>HTTP/1.1 404 Not Found</D:status>\n<D:propstat><D:prop/><D:status>HTTP/1.1 418 I'm a teapot</D:status></D:propstat>\n</D:response>\n",
    );
    let json = check(&input, &[(WarningKind::StatusAndPropstat, 2, 1, "multistatus/response[1]", Some("/c/x.ics"))]);
    assert_eq!(json["responses"][0]["status"], 404);
    assert_eq!(json["responses"][0]["propstats"][0]["status"], 418);
}

#[test]
fn a_repeated_singular_element_reads_the_first() {
    let input = document(
        "<D:response>\n<D:href>/r</D:href>\n<D:status>HTTP/1.1 200 OK</D:status>\n<D:status>HTTP/1.1 500 No</D:status>\n\
         <D:error><D:a/></D:error>\n<D:error><D:b/></D:error>\n\
         <D:responsedescription>one</D:responsedescription>\n<D:responsedescription>two</D:responsedescription>\n\
         <D:location><D:href>/l1</D:href></D:location>\n<D:location><D:href>/l2</D:href></D:location>\n</D:response>\n\
         <D:response>\n<D:href>/s</D:href>\n<D:propstat>\n<D:prop/>\n<D:status>HTTP/1.1 200 OK</D:status>\n<D:status>HTTP/1.1 404 Not Found</D:status>\n\
         <D:error/>\n<D:error><D:x/></D:error>\n<D:responsedescription>1</D:responsedescription>\n<D:responsedescription>2</D:responsedescription>\n\
         </D:propstat>\n</D:response>\n\
         <D:responsedescription>first</D:responsedescription>\n<D:responsedescription>second</D:responsedescription>\n\
         <D:sync-token>t1</D:sync-token>\n<D:sync-token>t2</D:sync-token>\n",
    );
    let response = "multistatus/response[1]";
    let propstat = "multistatus/response[2]/propstat[1]";
    let json = check(
        &input,
        &[
            (WarningKind::DuplicateElement("response/status"), 5, 1, &format!("{response}/status"), Some("/r")),
            (WarningKind::DuplicateElement("response/error"), 7, 1, &format!("{response}/error"), Some("/r")),
            (
                WarningKind::DuplicateElement("response/responsedescription"),
                9,
                1,
                &format!("{response}/responsedescription"),
                Some("/r"),
            ),
            (WarningKind::DuplicateElement("response/location"), 11, 1, &format!("{response}/location"), Some("/r")),
            (WarningKind::DuplicateElement("propstat/status"), 18, 1, &format!("{propstat}/status"), Some("/s")),
            (WarningKind::DuplicateElement("propstat/error"), 20, 1, &format!("{propstat}/error"), Some("/s")),
            (
                WarningKind::DuplicateElement("propstat/responsedescription"),
                22,
                1,
                &format!("{propstat}/responsedescription"),
                Some("/s"),
            ),
            (
                WarningKind::DuplicateElement("multistatus/responsedescription"),
                26,
                1,
                "multistatus/responsedescription",
                None,
            ),
            (WarningKind::DuplicateElement("multistatus/sync-token"), 28, 1, "multistatus/sync-token", None),
        ],
    );
    let first = &json["responses"][0];
    assert_eq!(first["status"], 200);
    assert_eq!(first["error"], serde_json::json!([{"ns": "DAV:", "name": "a"}]));
    assert_eq!((&first["description"], &first["location"]), (&"one".into(), &"/l1".into()));
    let propstat = &json["responses"][1]["propstats"][0];
    assert_eq!(
        (&propstat["status"], &propstat["error"], &propstat["description"]),
        (&200.into(), &serde_json::json!([]), &"1".into())
    );
    assert_eq!((&json["description"], &json["sync_token"]), (&"first".into(), &"t1".into()));
    // Rules: RFC 4918 for the structure, RFC 6578 for the sync token.
    assert_eq!(WarningKind::DuplicateElement("propstat/status").rule(), Some("RFC 4918 §14.22"));
    assert_eq!(WarningKind::DuplicateElement("response/location").rule(), Some("RFC 4918 §14.24"));
    assert_eq!(WarningKind::DuplicateElement("multistatus/sync-token").rule(), Some("RFC 6578 §6.4"));
}

#[test]
fn location_without_href_is_no_location() {
    let input = document(
        "<D:response>\n<D:href>/old/</D:href>\n<D:status>HTTP/1.1 301 Moved Permanently</D:status>\n<D:location>/new/</D:location>\n</D:response>\n",
    );
    let json =
        check(&input, &[(WarningKind::LocationWithoutHref, 5, 1, "multistatus/response[1]/location", Some("/old/"))]);
    assert_eq!(json["responses"][0]["location"], serde_json::Value::Null);
    assert_eq!(json["responses"][0]["status"], 301);
}

#[test]
fn a_self_closing_multistatus_is_no_response_and_no_warning() {
    // JFrog Artifactory, Nextcloud, Radicale.
    for input in ["<D:multistatus xmlns:D=\"DAV:\"/>", "<?xml version=\"1.0\"?>\n<multistatus xmlns=\"DAV:\" />\n"] {
        let json = check(input, &[]);
        assert_eq!(json["responses"], serde_json::json!([]));
    }
}

#[test]
fn what_is_not_well_formed_stays_an_error_in_every_mode() {
    let bad_status = document("<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:respons>\n");
    let html = "<html><body>Not Found</body></html>";
    for (mode, config) in modes() {
        let error = Multistatus::parse_bytes_with_config(bad_status.as_bytes(), config.clone()).unwrap_err();
        assert!(matches!(error.kind(), multistatus::ErrorKind::MismatchedEndTag { .. }), "{mode}: {error}");
        let error = Multistatus::parse_bytes_with_config(html.as_bytes(), config).unwrap_err();
        assert!(matches!(error.kind(), multistatus::ErrorKind::HtmlPage), "{mode}: {error}");
    }
}

#[test]
fn validating_also_flags_hrefs_and_keeps_bad_status_lines() {
    let input = document(
        "<D:response>\n<D:href>/a b</D:href>\n<D:status>OK</D:status>\n</D:response>\n<D:response>\n<D:href>/ok%20fine?x=1#top</D:href>\n<D:status>HTTP/1.1 301 Moved</D:status>\n<D:location><D:href>/caf\u{e9}</D:href></D:location>\n</D:response>\n",
    );
    let outcome = everywhere(&input, &Config::validating());
    let got: Vec<_> = outcome.warnings.iter().map(|w| (w.kind().clone(), w.line(), w.path().to_owned())).collect();
    assert_eq!(
        got,
        [
            (WarningKind::InvalidHref("/a b".into()), 3, "multistatus/response[1]/href".to_owned()),
            (WarningKind::InvalidStatusLine("OK".into()), 4, "multistatus/response[1]/status".to_owned()),
            (WarningKind::InvalidHref("/caf\u{e9}".into()), 9, "multistatus/response[2]/location/href".to_owned()),
        ]
    );
    assert!(outcome.warnings.iter().all(|w| !w.kind().is_deviation()), "validation's own findings");
    assert_eq!(WarningKind::InvalidHref(String::new()).rule(), Some("RFC 4918 §8.3"));
    // Strict: the status line stops the parse, and hrefs are not judged.
    let error = Multistatus::parse(&input).unwrap_err();
    assert_eq!(error.kind(), &multistatus::ErrorKind::InvalidStatusLine("OK".into()));
    let fine = document("<D:response><D:href>/a b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\n");
    assert!(Multistatus::parse(&fine).unwrap().warnings().is_empty());
}

#[test]
fn lenient_keeps_and_strips_u_fffe_and_u_ffff_like_c0_controls() {
    // nginx serving file names with U+FFFF: XML forbids the character (XML 1.0 §2.2).
    let input = document(
        "<D:response><D:href>/f</D:href><D:propstat><D:prop><D:displayname>a\u{FFFF}b\u{FFFE}c</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n",
    );
    let error = Multistatus::parse(&input).unwrap_err();
    assert_eq!(error.kind(), &multistatus::ErrorKind::InvalidChar('\u{FFFF}'));
    let outcome = everywhere(&input, &Config::lenient());
    assert_eq!(outcome.warnings.len(), 1);
    assert_eq!(outcome.warnings[0].kind(), &WarningKind::ControlCharacters { stripped: false });
    assert_eq!(outcome.warnings[0].path(), "multistatus/response[1]/propstat[1]/prop/displayname");
    assert_eq!(outcome.warnings[0].href(), Some("/f"));
    let kept = Multistatus::parse_with_config(&input, Config::lenient()).unwrap();
    assert_eq!(kept.response(0).unwrap().display_name().as_deref(), Some("a\u{FFFF}b\u{FFFE}c"));
    let mut config = Config::lenient();
    config.strip_control_characters = true;
    let stripped = everywhere(&input, &config);
    assert_eq!(stripped.warnings[0].kind(), &WarningKind::ControlCharacters { stripped: true });
    let parsed = Multistatus::parse_with_config(&input, config).unwrap();
    assert_eq!(parsed.response(0).unwrap().display_name().as_deref(), Some("abc"));
}

#[test]
fn take_warnings_hands_them_over_as_they_come() {
    let input =
        document("<D:response><D:href>/a</D:href></D:response>\n<D:response><D:href>/b</D:href></D:response>\n");
    let mut reader = StreamReader::new(input.as_bytes());
    let mut seen = Vec::new();
    while let Some(response) = reader.next_response().unwrap() {
        let href = response.href().unwrap().as_str().to_owned();
        let taken = reader.take_warnings();
        assert_eq!(taken.len(), 1, "{href}");
        assert_eq!(taken[0].href(), Some(href.as_str()));
        seen.push(taken[0].kind().clone());
    }
    assert!(reader.warnings().is_empty());
    assert_eq!(seen, [WarningKind::ResponseWithoutStatusOrPropstat, WarningKind::ResponseWithoutStatusOrPropstat]);
}

#[test]
fn the_hrefs_warnings_name_count_toward_the_warning_budget() {
    // 2,000 responses, each with a 1 KiB href and one deviation: the hrefs
    // alone would be 2 MB of warning text, twice the 1 MiB budget.
    let href = format!("/{}", "h".repeat(1023));
    let response = format!("<D:response><D:href>{href}</D:href><D:propstat><D:prop/></D:propstat></D:response>");
    let input = document(&response.repeat(2000));
    let multistatus = Multistatus::parse(&input).unwrap();
    assert_eq!(multistatus.len(), 2000);
    let warnings = multistatus.warnings();
    let text: usize = warnings.iter().map(|w| w.path().len() + w.href().map_or(0, str::len)).sum();
    assert!(text <= (1 << 20) + 4096, "{} warnings hold {text} bytes", warnings.len());
    // …and as many are kept as fit: about 1 MiB / 1,060 bytes each.
    assert!((900..1000).contains(&warnings.len()), "{} warnings hold {text} bytes", warnings.len());
}
