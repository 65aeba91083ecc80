//! Lenient parsing: each recovery on a document that reproduces what a real
//! server sends, in both modes — strict rejects it exactly as before, lenient
//! recovers, says so in a warning with position, element path and href, and
//! every front end agrees.

use multistatus::{Config, Error, ErrorKind, Multistatus, PushParser, StreamReader, WarningKind, DAV};

/// The parse in lenient mode through every front end: the canonical JSON and
/// the warnings, which must be the same everywhere.
fn lenient(input: &[u8]) -> (String, Vec<multistatus::Warning>) {
    let config = Config::lenient();
    let whole = Multistatus::parse_bytes_with_config(input, config.clone()).expect("lenient parsing recovers");
    let json = multistatus::canonical::to_json(&whole);
    let mut stream = StreamReader::with_config(std::io::BufReader::with_capacity(3, input), config.clone());
    let mut streamed = String::from("{\"responses\": [");
    let mut first = true;
    while let Some(response) = stream.next_response().unwrap() {
        streamed.push_str(if first { "\n  " } else { ",\n  " });
        first = false;
        multistatus::canonical::write_response(&mut streamed, &response);
    }
    multistatus::canonical::write_document_end(
        &mut streamed,
        stream.description().as_deref(),
        stream.sync_token().as_deref(),
    );
    assert_eq!(streamed, json, "StreamReader disagrees");
    assert_eq!(stream.warnings(), whole.warnings(), "StreamReader warnings disagree");
    let mut push = PushParser::with_config(config);
    for chunk in input.chunks(5) {
        push.feed(chunk);
        while push.next_response().unwrap().is_some() {}
    }
    push.finish();
    while push.next_response().unwrap().is_some() {}
    assert_eq!(push.warnings(), whole.warnings(), "PushParser warnings disagree");
    (json, whole.warnings().to_vec())
}

fn strict(input: &[u8]) -> Result<Multistatus<'_>, Error> {
    Multistatus::parse_bytes(input)
}

#[test]
fn undeclared_dav_prefix() {
    // A hand-written server template that forgot xmlns:D.
    let input = b"<D:multistatus><D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>";
    assert_eq!(strict(input).unwrap_err().kind(), &ErrorKind::UndeclaredPrefix("D".into()));
    let (json, warnings) = lenient(input);
    assert!(json.contains("\"hrefs\": [\"/a\"], \"status\": 200"), "{json}");
    assert_eq!(warnings.len(), 1, "once per prefix: {warnings:?}");
    assert_eq!(warnings[0].kind(), &WarningKind::UndeclaredPrefix("D".into()));
    assert_eq!((warnings[0].offset(), warnings[0].line(), warnings[0].column()), (1, 1, 2));
    assert_eq!(warnings[0].path(), "multistatus");
    assert_eq!(warnings[0].href(), None, "outside any response");
}

#[test]
fn document_without_namespaces() {
    let input = b"<multistatus><response><href>/b</href><propstat><prop><getetag>\"1\"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>";
    assert_eq!(strict(input).unwrap_err().kind(), &ErrorKind::NotMultistatus("{}multistatus".into()));
    let (json, warnings) = lenient(input);
    assert!(json.contains("{\"ns\": \"DAV:\", \"name\": \"getetag\""), "{json}");
    assert_eq!(warnings.iter().map(|w| w.kind()).collect::<Vec<_>>(), [&WarningKind::NoNamespace]);
    let multistatus = Multistatus::parse_bytes_with_config(input, Config::lenient()).unwrap();
    assert_eq!(multistatus.response(0).unwrap().etag().unwrap().unwrap().as_str(), "\"1\"");
}

#[test]
fn sogo_dav_without_colon() {
    let input = b"<D:multistatus xmlns:D=\"DAV\"><D:response><D:href>/SOGo/dav/u/</D:href><D:propstat><D:prop><D:displayname>u</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>";
    assert_eq!(strict(input).unwrap_err().kind(), &ErrorKind::NotMultistatus("{DAV}multistatus".into()));
    let (json, warnings) = lenient(input);
    assert!(json.contains("{\"ns\": \"DAV:\", \"name\": \"displayname\", \"text\": \"u\""), "{json}");
    assert_eq!(warnings[0].kind(), &WarningKind::DavWithoutColon);
    assert_eq!(warnings[0].offset(), 15);
}

#[test]
fn a_declaration_warned_about_is_warned_about_on_every_response() {
    // Repeated declarations are read once (Apache's `xmlns:lp1` on every
    // response), but not one that warns: each response says it again.
    let response = |href: &str| {
        format!("<A:response xmlns:A=\"DAV\" xmlns:B=\"urn:b\"><A:href>{href}</A:href><A:status>HTTP/1.1 200 OK</A:status></A:response>")
    };
    let input = format!("<D:multistatus xmlns:D=\"DAV:\">{}{}</D:multistatus>", response("/a"), response("/b"));
    let (json, warnings) = lenient(input.as_bytes());
    assert!(json.contains("\"hrefs\": [\"/b\"]"), "{json}");
    let kinds: Vec<_> = warnings.iter().map(|w| w.kind()).collect();
    assert_eq!(kinds, [&WarningKind::DavWithoutColon, &WarningKind::DavWithoutColon]);
    let second = input.rfind("xmlns:A").unwrap();
    assert_eq!(warnings[1].offset(), second);
}

#[test]
fn artifactory_raw_ampersand_in_href() {
    let input = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/artifactory/libs/a&b.jar</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>";
    let error = strict(input).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Syntax(_)), "{error}");
    let (json, warnings) = lenient(input);
    assert!(json.contains("\"hrefs\": [\"/artifactory/libs/a&b.jar\"]"), "{json}");
    assert_eq!(warnings[0].kind(), &WarningKind::LiteralAmpersand);
    assert_eq!(warnings[0].offset(), error.offset());
    assert_eq!(warnings[0].path(), "multistatus/response[1]/href");
    assert_eq!(warnings[0].href(), Some("/artifactory/libs/a&b.jar"));
}

#[test]
fn unknown_named_entity_kept_as_text() {
    let input = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:propstat><D:prop><D:displayname a=\"x&nbsp;y\">Caf&eacute;&nbsp;Noir</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>";
    assert_eq!(strict(input).unwrap_err().kind(), &ErrorKind::UndefinedEntity("nbsp".into()));
    let (json, warnings) = lenient(input);
    assert!(json.contains("\"text\": \"Caf&eacute;&nbsp;Noir\""), "{json}");
    let kinds: Vec<_> = warnings.iter().map(|w| w.kind().clone()).collect();
    assert_eq!(
        kinds,
        [
            WarningKind::UnknownEntity("nbsp".into()),
            WarningKind::UnknownEntity("eacute".into()),
            WarningKind::UnknownEntity("nbsp".into())
        ]
    );
    let multistatus = Multistatus::parse_bytes_with_config(input, Config::lenient()).unwrap();
    let name = multistatus.response(0).unwrap().property(DAV, "displayname").unwrap();
    assert_eq!(name.attribute("", "a").unwrap().value(), "x&nbsp;y");
}

#[test]
fn nextcloud_control_characters_in_calendar_data() {
    let input = "<d:multistatus xmlns:d=\"DAV:\" xmlns:cal=\"urn:ietf:params:xml:ns:caldav\"><d:response><d:href>/remote.php/dav/calendars/u/p/e.ics</d:href><d:propstat><d:prop><cal:calendar-data>BEGIN:VCALENDAR\r\nSUMMARY:bell\u{7}\u{1b}[0m \tok\r\nEND:VCALENDAR</cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";
    assert_eq!(strict(input.as_bytes()).unwrap_err().kind(), &ErrorKind::InvalidChar('\u{7}'));
    let (json, warnings) = lenient(input.as_bytes());
    assert!(json.contains("SUMMARY:bell\\u0007\\u001b[0m \\tok\\nEND"), "{json}");
    assert_eq!(warnings[0].kind(), &WarningKind::ControlCharacters { stripped: false });
    assert_eq!(warnings[0].path(), "multistatus/response[1]/propstat[1]/prop/calendar-data");
    let mut config = Config::lenient();
    config.strip_control_characters = true;
    let stripped = Multistatus::parse_bytes_with_config(input.as_bytes(), config).unwrap();
    let data = stripped.response(0).unwrap().property("urn:ietf:params:xml:ns:caldav", "calendar-data").unwrap();
    // Only the controls go: spaces and tabs stay.
    assert_eq!(data.text(), "BEGIN:VCALENDAR\nSUMMARY:bell[0m \tok\nEND:VCALENDAR");
    assert_eq!(stripped.warnings()[0].kind(), &WarningKind::ControlCharacters { stripped: true });
}

#[test]
fn unparsable_status_marks_only_its_propstat() {
    let input = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href>\
        <D:propstat><D:prop><D:getetag>\"1\"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\
        <D:propstat><D:prop><D:owner/></D:prop><D:status></D:status></D:propstat>\
        <D:propstat><D:prop><D:quota-used-bytes/></D:prop><D:status>OK</D:status></D:propstat></D:response></D:multistatus>";
    assert_eq!(strict(input).unwrap_err().kind(), &ErrorKind::InvalidStatusLine(String::new()));
    let (json, warnings) = lenient(input);
    assert!(json.contains("{\"status\": 200, \"props\": [{\"ns\": \"DAV:\", \"name\": \"getetag\""), "{json}");
    assert!(json.contains("{\"status\": null, \"props\": [{\"ns\": \"DAV:\", \"name\": \"owner\""), "{json}");
    let kinds: Vec<_> = warnings.iter().map(|w| w.kind().clone()).collect();
    assert_eq!(kinds, [WarningKind::InvalidStatusLine(String::new()), WarningKind::InvalidStatusLine("OK".into())]);
    assert_eq!(warnings[1].path(), "multistatus/response[1]/propstat[3]/status");
    assert_eq!(warnings[1].href(), Some("/a"));
    let multistatus = Multistatus::parse_bytes_with_config(input, Config::lenient()).unwrap();
    let response = multistatus.response(0).unwrap();
    let third = response.propstats().nth(2).unwrap();
    assert_eq!((third.status().unwrap().code(), third.status().unwrap().raw()), (None, "OK"));
    assert_eq!(response.etag().unwrap().unwrap().as_str(), "\"1\"", "the good propstat is unaffected");
}

#[test]
fn truncated_body_keeps_the_completed_responses() {
    let input = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response><D:response><D:href>/b";
    assert!(strict(input).unwrap_err().is_truncated());
    let (json, warnings) = lenient(input);
    assert!(json.contains("\"hrefs\": [\"/a\"]") && !json.contains("/b"), "{json}");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].kind(), &WarningKind::Truncated);
    assert_eq!(warnings[0].offset(), input.len());
}

#[test]
fn strict_mode_is_unchanged_by_the_lenient_options() {
    // With lenient off, stripping changes nothing and nothing warns.
    let mut config = Config::default();
    config.strip_control_characters = true;
    let input = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>";
    let multistatus = Multistatus::parse_bytes_with_config(input, config).unwrap();
    assert!(multistatus.warnings().is_empty());
}

#[test]
fn msdump_lenient_prints_warnings_and_json() {
    let input = b"<D:multistatus xmlns:D=\"DAV\"><D:response><D:href>/a&b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>";
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_msdump"))
        .args(["--lenient", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("msdump: -:1:16: warning: namespace `DAV` (no colon) taken as `DAV:`"), "{stderr}");
    assert!(stderr.contains("warning: `&` starting no reference kept as text"), "{stderr}");
    assert!(stderr.contains("warning: document truncated"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["responses"][0]["hrefs"][0], "/a&b");
}

/// Warnings hold bounded text (issue 11): paths and hrefs are cut to 1 KiB,
/// and recording stops with `TooManyWarnings` once their text reaches 1 MiB,
/// the same in every front end.
#[test]
fn warnings_are_bounded_in_bytes() {
    let href = format!("/{}", "h".repeat(5000));
    let name = "n".repeat(300);
    let mut body = format!("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>{href}</D:href><D:propstat><D:prop>");
    for _ in 0..8 {
        body.push_str(&format!("<{name}>"));
    }
    body.push_str(&"&nbsp;".repeat(2000));
    for _ in 0..8 {
        body.push_str(&format!("</{name}>"));
    }
    body.push_str("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>");
    let (_, warnings) = lenient(body.as_bytes());
    let first = &warnings[0];
    assert_eq!(first.kind(), &WarningKind::UnknownEntity("nbsp".into()));
    // multistatus/response[1]/propstat[1]/prop, then the 300-byte names that fit in 1 KiB.
    assert_eq!(first.path(), format!("multistatus/response[1]/propstat[1]/prop/{name}/{name}/{name}/…"));
    assert_eq!(first.href(), Some(&href[..1024]));
    let recorded = warnings.len() - 1;
    assert_eq!(warnings[recorded].kind(), &WarningKind::TooManyWarnings(recorded));
    // Each warning holds its path and the entity name: the 1 MiB runs out first.
    let each = first.path().len() + "nbsp".len();
    assert!(recorded * each <= 1 << 20 && (recorded + 1) * each > 1 << 20, "{recorded} warnings of {each} bytes");
}

#[test]
fn each_undeclared_prefix_is_warned_about_once() {
    let mut body = String::from("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/r</D:href><D:propstat><D:prop>");
    for i in 0..300 {
        body.push_str(&format!("<p{}:e/>", i % 100));
    }
    body.push_str("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>");
    let (_, warnings) = lenient(body.as_bytes());
    let prefixes: Vec<_> = warnings
        .iter()
        .map(|w| match w.kind() {
            WarningKind::UndeclaredPrefix(prefix) => prefix.clone(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(prefixes, (0..100).map(|i| format!("p{i}")).collect::<Vec<_>>());
}
