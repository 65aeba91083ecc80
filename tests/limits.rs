//! Resource limits: nesting depth ([`Config::max_depth`], counting the root
//! as 1), no DTD expansion, and no recursion that grows with the depth of
//! the input.

use multistatus::{Config, Error, ErrorKind, Multistatus, ResponseReader};

fn lossy(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    text.chars().take(200).collect()
}

/// Both front ends (and the `&str` ones) with `config`; they must agree.
#[track_caller]
fn result_with(input: &[u8], config: &Config) -> Result<usize, Error> {
    let whole = Multistatus::parse_bytes_with_config(input, config.clone()).map(|m| m.len());
    let mut reader = ResponseReader::from_bytes_with_config(input, config.clone());
    let mut count = 0;
    let streamed = loop {
        match reader.next_response() {
            Ok(Some(_)) => count += 1,
            Ok(None) => break Ok(count),
            Err(error) => break Err(error),
        }
    };
    assert_eq!(whole, streamed, "parse_bytes and ResponseReader disagree on {:?}", lossy(input));
    if let Ok(text) = std::str::from_utf8(input) {
        assert_eq!(Multistatus::parse_with_config(text, config.clone()).map(|m| m.len()), whole);
        let mut reader = ResponseReader::with_config(text, config.clone());
        let mut count = 0;
        let streamed = loop {
            match reader.next_response() {
                Ok(Some(_)) => count += 1,
                Ok(None) => break Ok(count),
                Err(error) => break Err(error),
            }
        };
        assert_eq!(streamed, whole);
    }
    whole
}

/// The error of both front ends with the default configuration.
#[track_caller]
fn error_of(input: &[u8]) -> Error {
    match result_with(input, &Config::default()) {
        Ok(count) => panic!("accepted {:?} ({count} responses)", lossy(input)),
        Err(error) => error,
    }
}

fn config(max_depth: usize) -> Config {
    let mut config = Config::default();
    config.max_depth = max_depth;
    config
}

/// Runs `f` on a thread with a small stack: anything recursive in the depth
/// of a 200,000-deep document would overflow it (and abort the test binary).
fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new().stack_size(256 * 1024).spawn_scoped(scope, f).unwrap().join()
    })
    .unwrap()
}

/// Opening part of a response whose property `DAV:prop` is at depth 4.
const PROP_OPEN: &str = "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/deep</D:href><D:propstat><D:prop>";
const PROP_CLOSE: &str = "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>";
const PROP_DEPTH: usize = 4;

/// A property value nested `levels` deep below `DAV:prop`: `<v i="0"><v i="1">…text…</v></v>`.
fn deep_property(levels: usize, text: &str) -> String {
    let mut doc = String::with_capacity(PROP_OPEN.len() + PROP_CLOSE.len() + levels * 20 + text.len());
    doc.push_str(PROP_OPEN);
    for i in 0..levels {
        doc.push_str(&format!("<v i=\"{i}\">"));
    }
    doc.push_str(text);
    for _ in 0..levels {
        doc.push_str("</v>");
    }
    doc.push_str(PROP_CLOSE);
    doc
}

/// Offset of the `<` of the `n`th start tag (1-based) of `doc`.
fn nth_start_tag(doc: &str, n: usize) -> usize {
    doc.match_indices('<').map(|(i, _)| i).filter(|&i| doc.as_bytes()[i + 1] != b'/').nth(n - 1).unwrap()
}

#[test]
fn deep_property_value_hits_the_default_limit() {
    let doc = deep_property(200_000, "x");
    let error = on_small_stack(|| error_of(doc.as_bytes()));
    assert_eq!(error.kind(), &ErrorKind::DepthLimitExceeded(1024));
    // The 1,025th nested element: multistatus, response, propstat and prop
    // are depths 1 to 4 (href is a closed sibling), then `<v i="0">` is 5.
    let offset = nth_start_tag(&doc, 1026);
    assert_eq!(&doc[offset..offset + 12], "<v i=\"1020\">");
    assert_eq!((error.offset(), error.line(), error.column()), (offset, 1, offset + 1));
    assert!(!error.is_truncated());
    assert_eq!(
        error.to_string(),
        format!("elements nest deeper than the limit of 1024 at 1:{} (byte {offset})", offset + 1)
    );
}

#[test]
fn deep_unknown_elements_at_the_root_level_hit_the_default_limit() {
    // Unknown children of multistatus are skipped (RFC 4918 §17), but their
    // depth still counts.
    let mut doc = String::from("<D:multistatus xmlns:D=\"DAV:\">\n");
    doc.push_str(&"<u>".repeat(200_000));
    doc.push_str(&"</u>".repeat(200_000));
    doc.push_str("\n</D:multistatus>\n");
    let error = on_small_stack(|| error_of(doc.as_bytes()));
    assert_eq!(error.kind(), &ErrorKind::DepthLimitExceeded(1024));
    let offset = nth_start_tag(&doc, 1025);
    assert_eq!(offset, 31 + 1023 * 3);
    assert_eq!((error.offset(), error.line(), error.column()), (offset, 2, 1023 * 3 + 1));
}

#[test]
fn deep_unknown_elements_in_a_response_hit_the_default_limit() {
    let mut doc = String::from("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href>");
    doc.push_str(&"<x:u xmlns:x=\"urn:x\">".repeat(200_000));
    doc.push_str(&"</x:u>".repeat(200_000));
    doc.push_str("<D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>");
    let error = on_small_stack(|| error_of(doc.as_bytes()));
    assert_eq!(error.kind(), &ErrorKind::DepthLimitExceeded(1024));
    // multistatus 1, response 2, then the unknown elements from depth 3.
    let offset = nth_start_tag(&doc, 1026);
    assert_eq!(error.offset(), offset);
}

#[test]
fn nesting_at_the_root_that_is_not_multistatus() {
    // Rejected at the root, long before any depth limit.
    let doc = "<a>".repeat(200_000);
    let error = on_small_stack(|| error_of(doc.as_bytes()));
    assert_eq!((error.kind(), error.offset()), (&ErrorKind::NotMultistatus("{}a".into()), 0));
}

#[test]
fn unlimited_depth_is_iterative() {
    // With the limit lifted, 200,000 levels parse without deep recursion,
    // and the value can be walked, read and copied iteratively.
    let levels = 200_000;
    let doc = deep_property(levels, "bottom &amp; end");
    on_small_stack(|| {
        let mut unlimited = config(usize::MAX);
        unlimited.max_response_nodes = usize::MAX;
        let multistatus = Multistatus::parse_with_config(&doc, unlimited).unwrap();
        let response = multistatus.response(0).unwrap();
        let value = response.propstats().next().unwrap().properties().next().unwrap();
        let mut element = value;
        for level in 0..levels {
            assert_eq!(element.attribute("", "i").unwrap().raw_value(), level.to_string());
            match element.children().next() {
                Some(child) => element = child,
                None => assert_eq!(level, levels - 1),
            }
        }
        assert_eq!(element.text(), "bottom & end");
        assert_eq!(element.child_count(), 0);
        let owned = response.into_owned();
        let copy = owned.as_response();
        let mut depth = 1;
        let mut element = copy.propstats().next().unwrap().properties().next().unwrap();
        while let Some(child) = element.children().next() {
            element = child;
            depth += 1;
        }
        assert_eq!(depth, levels);
        assert_eq!(element.text(), "bottom & end");
    });
}

#[test]
fn custom_limit_counts_the_root_as_one() {
    // multistatus 1, response 2, propstat 3, prop 4, then a 5 … d 8.
    let at_limit = format!("{PROP_OPEN}<a><b><c><d>deep</d></c></b></a>{PROP_CLOSE}");
    assert_eq!(result_with(at_limit.as_bytes(), &config(8)), Ok(1));
    let over = format!("{PROP_OPEN}<a><b><c><d><e>deeper</e></d></c></b></a>{PROP_CLOSE}");
    let error = result_with(over.as_bytes(), &config(8)).unwrap_err();
    let offset = over.find("<e>").unwrap();
    assert_eq!(
        (error.kind(), error.offset(), error.line(), error.column()),
        (&ErrorKind::DepthLimitExceeded(8), offset, 1, offset + 1)
    );
    // The default limit takes both.
    assert_eq!(result_with(over.as_bytes(), &Config::default()), Ok(1));
}

#[test]
fn custom_limit_with_unknown_elements_at_the_root_level() {
    let doc = |levels: usize| {
        format!("<D:multistatus xmlns:D=\"DAV:\">\n{}{}\n</D:multistatus>", "<u>".repeat(levels), "</u>".repeat(levels))
    };
    assert_eq!(result_with(doc(7).as_bytes(), &config(8)), Ok(0));
    let over = doc(8);
    let error = result_with(over.as_bytes(), &config(8)).unwrap_err();
    assert_eq!(
        (error.kind(), error.offset(), error.line(), error.column()),
        (&ErrorKind::DepthLimitExceeded(8), 52, 2, 22)
    );
    // A limit of 1 accepts the root alone.
    assert_eq!(result_with(doc(0).as_bytes(), &config(1)), Ok(0));
    let error = result_with(doc(1).as_bytes(), &config(1)).unwrap_err();
    assert_eq!((error.kind(), error.offset()), (&ErrorKind::DepthLimitExceeded(1), 31));
}

#[test]
fn depth_counts_open_ancestors_only() {
    // Closed siblings, empty elements and earlier responses do not add up.
    let mut doc = String::from("<D:multistatus xmlns:D=\"DAV:\">");
    for i in 0..500 {
        doc.push_str(&format!(
            "<D:response><D:href>/{i}</D:href><D:propstat><D:prop><a><b/><b></b><b><c/><c/></b></a><a/></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
        ));
    }
    doc.push_str("</D:multistatus>");
    // Deepest: multistatus, response, propstat, prop, a, b, c = 7.
    assert_eq!(result_with(doc.as_bytes(), &config(7)), Ok(500));
    let error = result_with(doc.as_bytes(), &config(6)).unwrap_err();
    assert_eq!((error.kind(), error.offset()), (&ErrorKind::DepthLimitExceeded(6), doc.find("<c/>").unwrap()));
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE D:multistatus [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/a</D:href>
    <D:propstat><D:prop><D:displayname>&lol9;</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  </D:response>
</D:multistatus>
"#;

#[test]
fn billion_laughs_never_expands() {
    let started = std::time::Instant::now();
    let error = error_of(BILLION_LAUGHS.as_bytes());
    assert_eq!((error.kind(), error.offset(), error.line(), error.column()), (&ErrorKind::DoctypeNotAllowed, 22, 2, 1));
    // Also with every limit lifted: no DTD is ever processed.
    let error = result_with(BILLION_LAUGHS.as_bytes(), &config(usize::MAX)).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::DoctypeNotAllowed);
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
}

#[test]
fn quadratic_blowup_never_expands() {
    let big = "a".repeat(100_000);
    let refs = "&a;".repeat(10_000);
    let doc = format!(
        "<!DOCTYPE m [<!ENTITY a \"{big}\">]><D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>{refs}</D:href>\
         <D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>"
    );
    let error = error_of(doc.as_bytes());
    assert_eq!((error.kind(), error.offset()), (&ErrorKind::DoctypeNotAllowed, 0));
}

#[test]
fn thousand_deep_property_value_is_readable() {
    let levels = 1_000;
    assert!(PROP_DEPTH + levels <= Config::default().max_depth);
    let doc = deep_property(levels, "deep &amp; deeper");
    let check = |response: multistatus::Response<'_>, doc_offset: Option<usize>| {
        assert_eq!(response.href().unwrap().as_str(), "/deep");
        let propstat = response.propstats().next().unwrap();
        assert_eq!(propstat.status().unwrap().code(), Some(200));
        let value = propstat.property("", "v").unwrap();
        // textContent of the outermost element is the text of the deepest.
        assert_eq!(value.text(), "deep & deeper");
        let mut element = value;
        let mut depth = 1;
        loop {
            assert_eq!(element.local_name(), "v");
            assert_eq!(element.namespace(), "");
            assert_eq!(element.attribute("", "i").unwrap().value(), (depth - 1).to_string());
            let mut children = element.children();
            match children.next() {
                Some(child) => {
                    assert!(children.next().is_none());
                    assert_eq!(element.child_count(), 1);
                    element = child;
                    depth += 1;
                }
                None => break,
            }
        }
        assert_eq!(depth, levels);
        assert_eq!(element.child_count(), 0);
        assert_eq!(element.text(), "deep & deeper");
        assert_eq!(element.inner_xml(), "deep &amp; deeper");
        if let Some(offset) = doc_offset {
            assert_eq!(element.offset(), offset);
        }
    };
    let deepest = doc.find(&format!("<v i=\"{}\">", levels - 1)).unwrap();
    on_small_stack(|| {
        let multistatus = Multistatus::parse(&doc).unwrap();
        assert_eq!(multistatus.len(), 1);
        let response = multistatus.response(0).unwrap();
        check(response, Some(deepest));
        // An owned copy reads the same, with offsets in the original input.
        let owned = response.into_owned();
        drop(multistatus);
        check(owned.as_response(), Some(deepest));

        let mut reader = ResponseReader::from_bytes(doc.as_bytes());
        let response = reader.next_response().unwrap().unwrap();
        check(response, Some(deepest));
        let owned = response.into_owned();
        assert!(reader.next_response().unwrap().is_none());
        check(owned.as_response(), Some(deepest));
    });
}

// ---------------------------------------------------------------------------
// Streaming limits: each its own error kind, at the same position in every
// front end, and a hostile endless body stops at the limit.
// ---------------------------------------------------------------------------

/// Responses seen, or the error, through the slice reader, the `BufRead`
/// reader (small reads) and the push parser (small chunks).
fn every_front_end(input: &[u8], config: &multistatus::Config) -> Vec<Result<usize, Error>> {
    let mut results = Vec::new();
    let mut slice = multistatus::ResponseReader::from_bytes_with_config(input, config.clone());
    results.push((|| {
        let mut n = 0;
        while slice.next_response()?.is_some() {
            n += 1;
        }
        Ok(n)
    })());
    let mut stream =
        multistatus::StreamReader::with_config(std::io::BufReader::with_capacity(5, input), config.clone());
    results.push((|| {
        let mut n = 0;
        while stream.next_response()?.is_some() {
            n += 1;
        }
        Ok(n)
    })());
    let mut push = multistatus::PushParser::with_config(config.clone());
    results.push((|| {
        let mut n = 0;
        for chunk in input.chunks(11) {
            push.feed(chunk);
            while push.next_response()?.is_some() {
                n += 1;
            }
        }
        push.finish();
        while push.next_response()?.is_some() {
            n += 1;
        }
        Ok(n)
    })());
    results
}

#[track_caller]
fn limit_error(input: &str, config: multistatus::Config) -> Error {
    let results = every_front_end(input.as_bytes(), &config);
    assert!(results.windows(2).all(|pair| pair[0] == pair[1]), "front ends disagree: {results:?}");
    results[0].clone().expect_err("the limit is reached")
}

const ONE_RESPONSE: &str = "<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>";

#[test]
fn response_size_limit_is_its_own_error_at_the_response() {
    let mut config = multistatus::Config::default();
    config.max_response_bytes = 100;
    let long =
        format!("<D:response><D:href>/{}</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>", "a".repeat(200));
    let input = format!("<D:multistatus xmlns:D=\"DAV:\">{ONE_RESPONSE}\n{long}</D:multistatus>");
    let error = limit_error(&input, config.clone());
    assert_eq!(error.kind(), &ErrorKind::ResponseTooLarge(100));
    assert_eq!(error.offset(), input.find("\n<D:response>").unwrap() + 1);
    // Responses under the limit are fine.
    let fine = format!("<D:multistatus xmlns:D=\"DAV:\">{ONE_RESPONSE}{ONE_RESPONSE}</D:multistatus>");
    assert!(every_front_end(fine.as_bytes(), &config).iter().all(|r| r == &Ok(2)));
}

#[test]
fn value_size_limit_covers_text_cdata_and_attributes() {
    let mut config = multistatus::Config::default();
    config.max_value_bytes = 16;
    let doc = |value: &str| {
        format!("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:propstat><D:prop>{value}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>")
    };
    for value in
        ["<x>aaaaaaaaaaaaaaaaaaaa</x>", "<x><![CDATA[aaaaaaaaaaaaaaaaaaaa]]></x>", "<x a=\"aaaaaaaaaaaaaaaaaaaa\"/>"]
    {
        let input = doc(value);
        let error = limit_error(&input, config.clone());
        assert_eq!(error.kind(), &ErrorKind::ValueTooLarge(16), "{value}");
        let value_at = input.find("<x").unwrap();
        assert!(error.offset() > value_at && error.offset() < value_at + 12, "{value}: {error}");
    }
    assert!(every_front_end(doc("<x>seventeen bytes!!</x>").as_bytes(), &config).iter().all(|r| r.is_err()));
    assert!(every_front_end(doc("<x>sixteen bytes!!!</x>").as_bytes(), &config).iter().all(|r| r == &Ok(1)));
}

#[test]
fn namespace_declaration_limit() {
    let mut config = multistatus::Config::default();
    config.max_namespace_declarations = 3;
    let declarations: String = (0..4).map(|i| format!(" xmlns:p{i}=\"urn:{i}\"")).collect();
    let input = format!("<D:multistatus xmlns:D=\"DAV:\"><D:response{declarations}><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>");
    let error = limit_error(&input, config);
    assert_eq!(error.kind(), &ErrorKind::TooManyNamespaceDeclarations(3));
    assert_eq!(error.offset(), input.find(" xmlns:p3").unwrap() + 1);
}

#[test]
fn response_count_limit() {
    let mut config = multistatus::Config::default();
    config.max_responses = 2;
    let input = format!("<D:multistatus xmlns:D=\"DAV:\">{ONE_RESPONSE}{ONE_RESPONSE}{ONE_RESPONSE}</D:multistatus>");
    let error = limit_error(&input, config);
    assert_eq!(error.kind(), &ErrorKind::TooManyResponses(2));
    assert_eq!(error.offset(), 30 + 2 * ONE_RESPONSE.len());
}

#[test]
fn depth_limit_in_every_front_end() {
    let mut config = multistatus::Config::default();
    config.max_depth = 6;
    let deep = format!("{}{}", "<x>".repeat(10), "</x>".repeat(10));
    let input = format!("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:propstat><D:prop>{deep}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>");
    let error = limit_error(&input, config);
    assert_eq!(error.kind(), &ErrorKind::DepthLimitExceeded(6));
    assert_eq!(error.offset(), input.find("<x>").unwrap() + 6);
}

/// A body that never ends: one response whose href goes on forever.
struct Endless {
    head: &'static [u8],
    sent: usize,
}

/// How far [`Endless`] goes before it fails the read: a reader that
/// ignores its limit then ends with an I/O error, not a test that runs
/// until memory is gone.
const ENDLESS_GIVES_UP: usize = 64 << 20;

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.sent >= ENDLESS_GIVES_UP {
            return Err(std::io::Error::other("read 64 MiB of an endless body"));
        }
        let n = buf.len().min(4096);
        for (i, byte) in buf[..n].iter_mut().enumerate() {
            *byte = self.head.get(self.sent + i).copied().unwrap_or(b'a');
        }
        self.sent += n;
        Ok(n)
    }
}

#[test]
fn an_endless_response_stops_at_the_limit() {
    let mut config = multistatus::Config::default();
    config.max_response_bytes = 1 << 20;
    config.max_value_bytes = usize::MAX;
    let head = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/";
    let source = std::io::BufReader::new(Endless { head, sent: 0 });
    let mut reader = multistatus::StreamReader::with_config(source, config);
    let error = reader.next_response().unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::ResponseTooLarge(1 << 20));
    assert_eq!(error.offset(), 30);
    // It read about the limit, not the endless rest.
    let sent = reader.into_inner().into_inner().sent;
    assert!(sent < (1 << 20) + 64 * 1024, "read {sent} bytes");
}

/// A multistatus of [`ONE_RESPONSE`] and a second response whose one
/// property holds `value`: response, href, propstat, prop, then the value,
/// then status count toward the second's node limit.
fn second_response_with(value: &str) -> String {
    format!("<D:multistatus xmlns:D=\"DAV:\">{ONE_RESPONSE}<D:response><D:href>/b</D:href><D:propstat><D:prop>{value}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>")
}

#[test]
fn node_limit_counts_elements_and_attributes_of_one_response() {
    let mut config = multistatus::Config::default();
    config.max_response_nodes = 12;
    // Response, href, propstat, prop, then the value, then status: the value
    // may hold 7 elements and attributes (the first response counts apart).
    for fits in
        ["<e/><e/><e/><e/><e/><e/><e/>", "<e a=\"\" b=\"\"/><e c=\"\"/><e/><e/>", "<e a='' b='' c='' d='' e='' f=''/>"]
    {
        assert!(every_front_end(second_response_with(fits).as_bytes(), &config).iter().all(|r| r == &Ok(2)), "{fits}");
    }
    // The 13th is reported where it starts: an element at its `<`, an attribute at its name.
    for (over, at) in [
        (
            "<e/><e/><e/><e/><e/><e/><e/><e/>",
            "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>",
        ),
        ("<e/><e/><e/><e/><e/><e/><e a='' b=''/>", "b=''"),
        ("<e/><e/><e/><e/><e/><e/><e/><e/><e/>", "<e/></D:prop>"),
    ] {
        let input = second_response_with(over);
        let error = limit_error(&input, config.clone());
        assert_eq!(error.kind(), &ErrorKind::TooManyNodes(12), "{over}");
        assert_eq!(error.offset(), input.find(at).unwrap(), "{over}");
    }
}

#[test]
fn node_limit_counts_repeated_declarations_read_once() {
    // The same declarations again are declared from what was read the
    // first time: their attributes still count, and the one past the limit
    // is still reported at its name.
    let mut config = multistatus::Config::default();
    config.max_response_nodes = 12;
    let declaring = "<e xmlns:x='urn:x' xmlns:y='urn:y'/>";
    let fits = format!("{declaring}{declaring}<e/>");
    assert!(every_front_end(second_response_with(&fits).as_bytes(), &config).iter().all(|r| r == &Ok(2)), "{fits}");
    let over = format!("{declaring}<e/><e/><e/>{declaring}");
    let input = second_response_with(&over);
    let error = limit_error(&input, config);
    assert_eq!(error.kind(), &ErrorKind::TooManyNodes(12));
    assert_eq!(error.offset(), input.rfind("xmlns:y").unwrap());
}

#[test]
fn a_first_event_past_the_response_limit_is_that_limit_in_every_front_end() {
    // The root start tag alone is longer than the response limit, and its
    // value longer than the value limit: every front end stops at the first.
    let mut config = multistatus::Config::default();
    config.max_response_bytes = 40;
    config.max_value_bytes = 8;
    let input = format!("<D:multistatus xmlns:D=\"DAV:\" a=\"{}\">{ONE_RESPONSE}</D:multistatus>", "v".repeat(30));
    let error = limit_error(&input, config);
    assert_eq!(error.kind(), &ErrorKind::ResponseTooLarge(40));
    assert_eq!(error.offset(), 0);
}

/// Every front end accepts `input` with the limit `set` to `at`, and every
/// one rejects it with `kind` when the limit is one less: the exact boundary.
#[track_caller]
fn boundary(input: &str, set: fn(&mut multistatus::Config, usize), at: usize, kind: ErrorKind) {
    let mut config = multistatus::Config::default();
    set(&mut config, at);
    for result in every_front_end(input.as_bytes(), &config) {
        assert!(result.is_ok(), "limit {at}: {result:?}\n{input}");
    }
    set(&mut config, at - 1);
    assert_eq!(limit_error(input, config).kind(), &kind, "limit {}\n{input}", at - 1);
}

fn in_property(value: &str) -> String {
    format!(
        "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:propstat><D:prop>{value}</D:prop>\
         <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"
    )
}

#[test]
fn every_limit_accepts_its_exact_value_and_rejects_one_more() {
    // A response of exactly max_response_bytes, counted from its `<` to the end of its end tag.
    let input = format!("<D:multistatus xmlns:D=\"DAV:\">{ONE_RESPONSE}</D:multistatus>");
    let len = ONE_RESPONSE.len();
    boundary(&input, |c, n| c.max_response_bytes = n, len, ErrorKind::ResponseTooLarge(len - 1));

    // A text run, a CDATA section's content, an attribute value of exactly max_value_bytes.
    let value = "0123456789abcdefghijklmnopqrstuv"; // longer than any other text in the document
    for property in
        [format!("<D:x>{value}</D:x>"), format!("<D:x><![CDATA[{value}]]></D:x>"), format!("<D:x v=\"{value}\"/>")]
    {
        let input = in_property(&property);
        boundary(&input, |c, n| c.max_value_bytes = n, value.len(), ErrorKind::ValueTooLarge(value.len() - 1));
    }

    // Namespace declarations on one element.
    let input = in_property("<D:x xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns=\"urn:c\"/>");
    boundary(&input, |c, n| c.max_namespace_declarations = n, 3, ErrorKind::TooManyNamespaceDeclarations(2));

    // Responses in a document.
    let input = format!("<D:multistatus xmlns:D=\"DAV:\">{ONE_RESPONSE}{ONE_RESPONSE}{ONE_RESPONSE}</D:multistatus>");
    boundary(&input, |c, n| c.max_responses = n, 3, ErrorKind::TooManyResponses(2));

    // Depth, the root counting as 1: multistatus, response, propstat, prop, x, y.
    let input = in_property("<D:x><D:y/></D:x>");
    boundary(&input, |c, n| c.max_depth = n, 6, ErrorKind::DepthLimitExceeded(5));

    // Elements and attributes of one response, counted here from the markup:
    // every start tag, and every attribute (namespace declarations too: each
    // is held while its tag is read).
    let response =
        "<D:response><D:href>/a</D:href><D:propstat><D:prop><D:x a=\"1\" b=\"2\"><D:y xmlns:q=\"urn:q\" q:c=\"3\"/>\
        </D:x></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";
    let tags = response.matches('<').count() - response.matches("</").count();
    let attributes = response.matches('=').count();
    let input = format!("<D:multistatus xmlns:D=\"DAV:\">{response}</D:multistatus>");
    let nodes = tags + attributes;
    boundary(&input, |c, n| c.max_response_nodes = n, nodes, ErrorKind::TooManyNodes(nodes - 1));
}

#[test]
fn a_byte_order_mark_is_no_part_of_the_first_item() {
    // The declaration is the first item: exactly max_response_bytes long
    // after a byte order mark, which the streaming windows once counted in.
    // (The first body the negative fuzz target found this in.)
    let declaration = "<?xml  version = \"1.0\"\tencoding=\"utf-8\" standalone='yes' ?>";
    let input = format!("\u{FEFF}{declaration}\n<D:multistatus xmlns:D=\"DAV:\">\n</D:multistatus><?pi?>\n");
    let mut config = Config::default();
    config.max_response_bytes = declaration.len(); // the longest item
    for result in every_front_end(input.as_bytes(), &config) {
        assert_eq!(result, Ok(0), "{input}");
    }
    // A limit of 0 names the first item, after the byte order mark, everywhere.
    config.max_response_bytes = 0;
    let error = limit_error(&input, config);
    assert_eq!((error.kind(), error.offset()), (&ErrorKind::ResponseTooLarge(0), 3));
}
