//! The RFC 4918 §14.16 multistatus model as real servers send it, the DOM
//! text model of property values, offsets, raw markup and zero-copy views.
//! Every check runs through `Multistatus::parse` and a `ResponseReader` loop.

mod common;

use common::{for_each_response, Document};
use std::borrow::Cow;
use std::ops::Range;

use multistatus::{Element, Multistatus, Response, ResponseReader, CALDAV, DAV};

/// Like [`for_each_response`], for a document with exactly one response.
fn one_response(xml: &str, mut check: impl FnMut(&Response<'_>)) -> Document {
    let document = for_each_response(xml, |_, response| check(response));
    assert_eq!(document.responses, 1, "expected exactly one response");
    document
}

/// Wraps property elements in a one-response, one-propstat document.
fn with_props(props: &str) -> String {
    format!(
        r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:x"><D:response><D:href>/r</D:href><D:propstat><D:prop>{props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#
    )
}

fn hrefs(response: &Response<'_>) -> Vec<String> {
    response.hrefs().map(|h| h.as_str().to_owned()).collect()
}

fn conditions(error: Element<'_>) -> Vec<(String, String)> {
    error.children().map(|c| (c.namespace().into_owned(), c.local_name().to_owned())).collect()
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn range_of(s: &str) -> Range<usize> {
    let start = s.as_ptr() as usize;
    start..start + s.len()
}

/// True when `part` lies inside `whole` in memory (a borrow, not a copy).
fn points_into(part: &str, whole: &str) -> bool {
    let (part, whole) = (range_of(part), range_of(whole));
    part.start >= whole.start && part.end <= whole.end
}

// ---------------------------------------------------------------------------
// The two response forms.
// ---------------------------------------------------------------------------

#[test]
fn href_status_form_keeps_every_href_and_one_status() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/a</D:href>
    <D:href> /b </D:href>
    <D:href>http://example.com/c%20d</D:href>
    <D:status>HTTP/1.1 423 Locked</D:status>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(hrefs(r), ["/a", "/b", "http://example.com/c%20d"]);
        assert_eq!(r.hrefs().len(), 3);
        assert_eq!(r.href().unwrap().as_str(), "/a");
        assert_eq!(r.hrefs().nth(1).unwrap().raw(), " /b ");
        let status = r.status().unwrap();
        assert_eq!((status.code(), status.reason()), (Some(423), "Locked"));
        assert_eq!(r.propstats().len(), 0);
        assert!(r.dav_error().is_none() && r.description().is_none() && r.location().is_none());
    });
}

#[test]
fn propstat_form_keeps_every_propstat_with_its_status() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:x">
  <D:response>
    <D:href>/file</D:href>
    <D:propstat>
      <D:prop><D:getetag>"1"</D:getetag><D:displayname>File</D:displayname></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><x:missing/><D:getcontentlanguage/></D:prop>
      <D:status>HTTP/1.1 404 Not Found</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><D:getetag/></D:prop>
      <D:status>HTTP/1.1 403 Forbidden</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><x:other/></D:prop>
      <D:status>HTTP/1.1 424 Failed Dependency</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert!(r.status().is_none());
        let summary: Vec<(u16, Vec<(String, String)>)> = r
            .propstats()
            .map(|p| {
                let props = p.properties().map(|e| (e.namespace().into_owned(), e.local_name().to_owned())).collect();
                (p.status().unwrap().code().unwrap(), props)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (200, pairs(&[(DAV, "getetag"), (DAV, "displayname")])),
                (404, pairs(&[("urn:x", "missing"), (DAV, "getcontentlanguage")])),
                (403, pairs(&[(DAV, "getetag")])),
                (424, pairs(&[("urn:x", "other")])),
            ]
        );
        let statuses: Vec<bool> = r.propstats().map(|p| p.status().unwrap().is_success()).collect();
        assert_eq!(statuses, [true, false, false, false]);
    });
}

// ---------------------------------------------------------------------------
// error, responsedescription, location, sync-token.
// ---------------------------------------------------------------------------

#[test]
fn error_conditions_are_listed_in_order_at_response_and_propstat_level() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:x="urn:x">
  <D:response>
    <D:href>/locked/member</D:href>
    <D:status>HTTP/1.1 423 Locked</D:status>
    <D:error><D:lock-token-submitted><D:href>/locked/</D:href></D:lock-token-submitted><x:custom>why</x:custom></D:error>
  </D:response>
  <D:response>
    <D:href>/cal/event.ics</D:href>
    <D:propstat>
      <D:prop><C:calendar-data/></D:prop>
      <D:status>HTTP/1.1 403 Forbidden</D:status>
      <D:error>
        <C:valid-calendar-data/>
        <D:cannot-modify-protected-property/>
        <C:supported-calendar-component/>
      </D:error>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    let document = for_each_response(xml, |i, r| match i {
        0 => {
            assert_eq!(hrefs(r), ["/locked/member"], "the href inside the condition is not a response href");
            let error = r.dav_error().unwrap();
            assert!(error.is(DAV, "error"));
            assert_eq!(conditions(error), pairs(&[(DAV, "lock-token-submitted"), ("urn:x", "custom")]));
            let token = error.child(DAV, "lock-token-submitted").unwrap();
            assert_eq!(token.child(DAV, "href").unwrap().text(), "/locked/");
            assert_eq!(error.child("urn:x", "custom").unwrap().text(), "why");
        }
        1 => {
            assert!(r.dav_error().is_none());
            let propstat = r.propstats().next().unwrap();
            let error = propstat.dav_error().unwrap();
            assert_eq!(
                conditions(error),
                pairs(&[
                    (CALDAV, "valid-calendar-data"),
                    (DAV, "cannot-modify-protected-property"),
                    (CALDAV, "supported-calendar-component"),
                ])
            );
            assert_eq!(error.child_count(), 3);
            assert_eq!(propstat.properties().count(), 1);
        }
        _ => unreachable!(),
    });
    assert_eq!(document.responses, 2);
}

#[test]
fn responsedescription_is_read_untrimmed_at_all_three_levels() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/a</D:href>
    <D:propstat>
      <D:prop><D:displayname/></D:prop>
      <D:status>HTTP/1.1 409 Conflict</D:status>
      <D:responsedescription> propstat &amp; level </D:responsedescription>
    </D:propstat>
    <D:responsedescription>
      response level
    </D:responsedescription>
  </D:response>
  <D:response>
    <D:href>/b</D:href>
    <D:status>HTTP/1.1 200 OK</D:status>
  </D:response>
  <D:responsedescription>  Partial <x:b xmlns:x="urn:x">failure</x:b>  </D:responsedescription>
</D:multistatus>"#;
    let document = for_each_response(xml, |i, r| match i {
        0 => {
            assert_eq!(r.description().as_deref(), Some("\n      response level\n    "));
            assert_eq!(r.propstats().next().unwrap().description().as_deref(), Some(" propstat & level "));
        }
        1 => assert_eq!(r.description(), None),
        _ => unreachable!(),
    });
    assert_eq!(document.description.as_deref(), Some("  Partial failure  "));
    assert_eq!(document.responses, 2);

    let none = for_each_response(r#"<D:multistatus xmlns:D="DAV:"/>"#, |_, _| {});
    assert_eq!(none.description, None);
}

#[test]
fn location_href_is_trimmed() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/old/</D:href>
    <D:status>HTTP/1.1 301 Moved Permanently</D:status>
    <D:location>
      <D:href>
        http://example.com/new/
      </D:href>
    </D:location>
  </D:response>
  <D:response><D:href>/other</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>
</D:multistatus>"#;
    for_each_response(xml, |i, r| match i {
        0 => {
            let location = r.location().unwrap();
            assert_eq!(location.as_str(), "http://example.com/new/");
            assert_eq!(location.raw(), "\n        http://example.com/new/\n      ");
            assert_eq!(hrefs(r), ["/old/"], "the location href is not a response href");
            assert_eq!(r.status().unwrap().code(), Some(301));
        }
        _ => assert!(r.location().is_none()),
    });
}

#[test]
fn sync_token_is_read_trimmed_before_or_after_the_responses() {
    let responses = r#"<response><href>/cal/a.ics</href><propstat><prop><getetag>"1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>
<response><href>/cal/b.ics</href><status>HTTP/1.1 404 Not Found</status></response>"#;
    let token = "http://radicale.org/ns/sync/4bdc31ee3e31";
    // Radicale sends the token first, RFC 6578 §6.4 shows it last.
    for xml in [
        format!("<multistatus xmlns=\"DAV:\"><sync-token>\n  {token}\n</sync-token>{responses}</multistatus>"),
        format!("<multistatus xmlns=\"DAV:\">{responses}<sync-token> {token} </sync-token>\n</multistatus>"),
    ] {
        let mut seen = Vec::new();
        let document = for_each_response(&xml, |_, r| seen.push(r.href().unwrap().as_str().to_owned()));
        assert_eq!(document.sync_token.as_deref(), Some(token));
        assert_eq!(document.responses, 2);
        assert_eq!(seen, ["/cal/a.ics", "/cal/b.ics", "/cal/a.ics", "/cal/b.ics"]);
    }
    // A token with a reference is decoded, then trimmed.
    let xml = format!(
        "<multistatus xmlns=\"DAV:\">{responses}<sync-token>\n urn:t?a=1&amp;b=2 \n</sync-token></multistatus>"
    );
    assert_eq!(for_each_response(&xml, |_, _| {}).sync_token.as_deref(), Some("urn:t?a=1&b=2"));
    let without = for_each_response(&format!("<multistatus xmlns=\"DAV:\">{responses}</multistatus>"), |_, _| {});
    assert_eq!(without.sync_token, None);
}

// ---------------------------------------------------------------------------
// Tolerance: unknown elements, any order, status lines.
// ---------------------------------------------------------------------------

#[test]
fn unknown_elements_are_skipped_at_every_structural_level() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:x">
  <x:server-info version="2"><D:href>/not-a-response</D:href><D:status>HTTP/1.1 500 X</D:status></x:server-info>
  <D:unknown-dav-element><D:response><D:href>/nested</D:href><D:status>HTTP/1.1 500 X</D:status></D:response></D:unknown-dav-element>
  <D:response>
    <x:extra><D:href>/not-an-href</D:href><D:status>HTTP/1.1 500 X</D:status></x:extra>
    <D:href>/real</D:href>
    <D:future-element>text<D:propstat><D:prop><D:p/></D:prop><D:status>HTTP/1.1 500 X</D:status></D:propstat></D:future-element>
    <D:propstat>
      <x:extra><D:status>HTTP/1.1 500 X</D:status><D:prop><D:wrong/></D:prop><D:error><D:x/></D:error></x:extra>
      <D:prop><D:getetag>"1"</D:getetag></D:prop>
      <D:unknown/>
      <D:status>HTTP/1.1 200 OK</D:status>
      <x:trailer>ignored</x:trailer>
    </D:propstat>
    <x:trailer><D:responsedescription>no</D:responsedescription><D:location><D:href>/no</D:href></D:location></x:trailer>
  </D:response>
  <x:trailer><D:sync-token>not-a-token</D:sync-token><D:responsedescription>no</D:responsedescription></x:trailer>
</D:multistatus>"#;
    let document = one_response(xml, |r| {
        assert_eq!(hrefs(r), ["/real"]);
        assert!(r.status().is_none());
        assert_eq!(r.propstats().len(), 1);
        let propstat = r.propstats().next().unwrap();
        assert_eq!(propstat.status().unwrap().code(), Some(200));
        assert!(propstat.dav_error().is_none());
        let props: Vec<_> = propstat.properties().map(|p| p.local_name()).collect();
        assert_eq!(props, ["getetag"]);
        assert!(r.description().is_none());
        assert!(r.location().is_none());
        assert!(r.dav_error().is_none());
    });
    assert_eq!(document.sync_token, None);
    assert_eq!(document.description, None);
}

#[test]
fn children_of_response_and_propstat_come_in_any_order() {
    // IIS writes status before prop; others put href last or description first.
    let xml = r#"<a:multistatus xmlns:a="DAV:">
  <a:response>
    <a:propstat>
      <a:status>HTTP/1.1 200 OK</a:status>
      <a:prop><a:getcontentlength>12</a:getcontentlength></a:prop>
    </a:propstat>
    <a:href>/iis/file.txt</a:href>
  </a:response>
  <a:response>
    <a:responsedescription>first</a:responsedescription>
    <a:location><a:href>/moved</a:href></a:location>
    <a:status>HTTP/1.1 302 Found</a:status>
    <a:error><a:x/></a:error>
    <a:href>/one</a:href>
    <a:href>/two</a:href>
  </a:response>
  <a:response>
    <a:href>/p</a:href>
    <a:propstat>
      <a:error><a:y/></a:error>
      <a:responsedescription>d</a:responsedescription>
      <a:status>HTTP/1.1 404 Not Found</a:status>
      <a:prop><a:q/></a:prop>
    </a:propstat>
  </a:response>
</a:multistatus>"#;
    let document = for_each_response(xml, |i, r| match i {
        0 => {
            assert_eq!(r.href().unwrap().as_str(), "/iis/file.txt");
            let propstat = r.propstats().next().unwrap();
            assert_eq!(propstat.status().unwrap().code(), Some(200));
            assert_eq!(r.content_length().unwrap().unwrap(), 12);
        }
        1 => {
            assert_eq!(hrefs(r), ["/one", "/two"]);
            assert_eq!(r.status().unwrap().code(), Some(302));
            assert_eq!(r.location().unwrap().as_str(), "/moved");
            assert_eq!(r.description().as_deref(), Some("first"));
            assert_eq!(conditions(r.dav_error().unwrap()), pairs(&[(DAV, "x")]));
        }
        2 => {
            let propstat = r.propstats().next().unwrap();
            assert_eq!(propstat.status().unwrap().code(), Some(404));
            assert_eq!(conditions(propstat.dav_error().unwrap()), pairs(&[(DAV, "y")]));
            assert_eq!(propstat.description().as_deref(), Some("d"));
            assert!(propstat.property(DAV, "q").is_some());
        }
        _ => unreachable!(),
    });
    assert_eq!(document.responses, 3);
}

#[test]
fn status_lines_are_read_as_servers_send_them() {
    // (element text, code, reason, version)
    let cases: &[(&str, u16, &str, &str)] = &[
        ("HTTP/1.1 200 OK", 200, "OK", "1.1"),
        ("HTTP/1.0 404 Not Found", 404, "Not Found", "1.0"),
        ("HTTP/0.0 200 OK", 200, "OK", "0.0"),
        ("HTTP/1.1 200", 200, "", "1.1"),
        ("HTTP/1.1  404  Not  Found", 404, "Not  Found", "1.1"),
        ("  HTTP/1.1 201 Created  ", 201, "Created", "1.1"),
        ("\n        HTTP/1.1 207 Multi-Status\n      ", 207, "Multi-Status", "1.1"),
        ("\r\n\tHTTP/1.1 204 No Content\r\n", 204, "No Content", "1.1"),
        ("HTTP/1.1 200 ok", 200, "ok", "1.1"),
        ("HTTP/1.1 404 not found", 404, "not found", "1.1"),
        ("http/1.1 403 forbidden", 403, "forbidden", "1.1"),
        ("HTTP/1.1 424 (status)", 424, "(status)", "1.1"),
        ("HTTP/2 507 Insufficient Storage", 507, "Insufficient Storage", "2"),
    ];
    for &(text, code, reason, version) in cases {
        // As the response-level status and as a propstat status.
        let xml = format!(
            "<D:multistatus xmlns:D=\"DAV:\">\
             <D:response><D:href>/a</D:href><D:status>{text}</D:status></D:response>\
             <D:response><D:href>/b</D:href><D:propstat><D:prop><D:p/></D:prop><D:status>{text}</D:status></D:propstat></D:response>\
             </D:multistatus>"
        );
        // XML 1.0 §2.11: the parser sees CR LF as LF.
        let raw = text.replace("\r\n", "\n");
        for_each_response(&xml, |i, r| {
            let status = if i == 0 { r.status().unwrap() } else { r.propstats().next().unwrap().status().unwrap() };
            assert_eq!(status.code(), Some(code), "{text:?}");
            assert_eq!(status.reason(), reason, "{text:?}");
            assert_eq!(status.version(), version, "{text:?}");
            assert_eq!(status.raw(), raw, "{text:?}");
            assert_eq!(status.is_success(), (200..300).contains(&code), "{text:?}");
        });
    }
}

// ---------------------------------------------------------------------------
// Property text: DOM textContent.
// ---------------------------------------------------------------------------

#[test]
fn property_text_is_dom_text_content() {
    // (property markup, expected text)
    let cases: &[(&str, &str)] = &[
        ("<x:plain>hello world</x:plain>", "hello world"),
        ("<x:empty/>", ""),
        ("<x:empty2></x:empty2>", ""),
        ("<x:spaces>  padded\t </x:spaces>", "  padded\t "),
        ("<x:entities>&lt;a&gt; &amp; &apos;b&apos; &quot;c&quot;</x:entities>", "<a> & 'b' \"c\""),
        ("<x:charrefs>&#x41;&#66;&#x1F600;&#233;</x:charrefs>", "AB\u{1F600}\u{e9}"),
        ("<x:cdata><![CDATA[<b>bold</b> & more]]></x:cdata>", "<b>bold</b> & more"),
        ("<x:cdata-split><![CDATA[a]]]]><![CDATA[>b]]></x:cdata-split>", "a]]>b"),
        ("<x:mixed>a<![CDATA[<b>]]>c&amp;d</x:mixed>", "a<b>c&d"),
        ("<x:crlf>line1\r\nline2\r\n</x:crlf>", "line1\nline2\n"),
        ("<x:cr>line1\rline2\r</x:cr>", "line1\nline2\n"),
        ("<x:crcr>a\r\r\nb</x:crcr>", "a\n\nb"),
        ("<x:cdata-cr><![CDATA[a\r\nb\rc]]></x:cdata-cr>", "a\nb\nc"),
        ("<x:ref-cr>a&#13;b&#xD;&#10;c</x:ref-cr>", "a\rb\r\nc"),
        ("<x:blank-crlf>\r\n</x:blank-crlf>", "\n"),
        ("<x:blank-cr> \r </x:blank-cr>", " \n "),
        ("<x:indent-crlf>\r\n  <x:c>c</x:c>\r\n</x:indent-crlf>", "\n  c\n"),
        // Whitespace before a child's tag that is the element's only text (no later piece makes it be joined).
        ("<x:space-before-child>\r\n <x:c/></x:space-before-child>", "\n "),
        ("<x:nested>a<x:b>b<x:c>c</x:c></x:b>d<x:e/>e</x:nested>", "abcde"),
        ("<x:only-child><x:b>inner</x:b></x:only-child>", "inner"),
        ("<x:comment>a<!-- not text -->b</x:comment>", "ab"),
        ("<x:pi>a<?php echo 1; ?>b</x:pi>", "ab"),
        ("<x:comment-only><!-- nothing --></x:comment-only>", ""),
        ("<x:unicode>caf\u{e9} \u{65e5}\u{672c}</x:unicode>", "caf\u{e9} \u{65e5}\u{672c}"),
    ];
    let props: String = cases.iter().map(|(markup, _)| *markup).collect();
    let xml = with_props(&props);
    one_response(&xml, |r| {
        let props: Vec<_> = r.propstats().next().unwrap().properties().collect();
        assert_eq!(props.len(), cases.len());
        for (property, (markup, expected)) in props.iter().zip(cases) {
            assert_eq!(property.text(), *expected, "{markup}");
        }
    });
}

#[test]
fn inner_xml_is_the_exact_raw_slice() {
    let value = "\r\n  a &amp; <x:b attr='1'>&#x41;</x:b><![CDATA[<c>]]><!-- c --><?pi x?>\n";
    let xml = with_props(&format!("<x:p>{value}</x:p><x:empty/><x:empty2></x:empty2><D:href>/h</D:href>"));
    one_response(&xml, |r| {
        assert_eq!(r.property("urn:x", "p").unwrap().inner_xml(), value);
        let b = r.property("urn:x", "p").unwrap().child("urn:x", "b").unwrap();
        assert_eq!(b.inner_xml(), "&#x41;");
        assert_eq!(r.property("urn:x", "empty").unwrap().inner_xml(), "");
        assert_eq!(r.property("urn:x", "empty2").unwrap().inner_xml(), "");
        let prop = r.propstats().next().unwrap().prop().unwrap();
        assert!(prop.is(DAV, "prop"));
        assert!(prop.inner_xml().starts_with("<x:p>") && prop.inner_xml().ends_with("<D:href>/h</D:href>"));
        assert!(xml.contains(prop.inner_xml()));
    });
}

#[test]
fn children_and_child_count_list_child_elements_in_order() {
    let xml = with_props(
        "<x:p>text<x:a>1</x:a> more <x:b><x:deep/></x:b><!-- c --><D:c/>tail</x:p><x:leaf>only text</x:leaf>",
    );
    one_response(&xml, |r| {
        let p = r.property("urn:x", "p").unwrap();
        assert_eq!(p.child_count(), 3);
        let children: Vec<_> = p.children().map(|c| (c.namespace().into_owned(), c.local_name())).collect();
        assert_eq!(children, [("urn:x".into(), "a"), ("urn:x".into(), "b"), (DAV.into(), "c")]);
        let b = p.child("urn:x", "b").unwrap();
        assert_eq!(b.child_count(), 1);
        assert_eq!(b.children().next().unwrap().local_name(), "deep");
        assert_eq!(b.children().next().unwrap().child_count(), 0);
        assert!(p.child(DAV, "a").is_none());
        let leaf = r.property("urn:x", "leaf").unwrap();
        assert_eq!(leaf.child_count(), 0);
        assert_eq!(leaf.children().count(), 0);
        assert_eq!(r.propstats().next().unwrap().prop().unwrap().child_count(), 2);
    });
}

// ---------------------------------------------------------------------------
// Property lookup.
// ---------------------------------------------------------------------------

#[test]
fn response_property_only_looks_at_2xx_propstats() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop><D:displayname>refused</D:displayname><D:getetag>"in-404"</D:getetag></D:prop>
      <D:status>HTTP/1.1 404 Not Found</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><D:getetag>"in-200"</D:getetag></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><D:getcontenttype>text/plain</D:getcontenttype></D:prop>
      <D:status>HTTP/1.1 201 Created</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><D:creationdate>x</D:creationdate></D:prop>
      <D:status>HTTP/1.1 302 Found</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert!(r.property(DAV, "displayname").is_none());
        assert_eq!(r.property(DAV, "getetag").unwrap().text(), "\"in-200\"");
        assert_eq!(r.property(DAV, "getcontenttype").unwrap().text(), "text/plain");
        assert!(r.property(DAV, "creationdate").is_none());
        let refused = r.propstats().next().unwrap();
        assert_eq!(refused.property(DAV, "displayname").unwrap().text(), "refused");
    });
}

#[test]
fn propstat_property_finds_by_namespace_and_local_name() {
    let xml = with_props("<x:getetag>x</x:getetag><D:getetag>d</D:getetag><D:getetag>second</D:getetag>");
    one_response(&xml, |r| {
        let propstat = r.propstats().next().unwrap();
        assert_eq!(propstat.property(DAV, "getetag").unwrap().text(), "d", "the first match");
        assert_eq!(propstat.property("urn:x", "getetag").unwrap().text(), "x");
        assert!(propstat.property("urn:y", "getetag").is_none());
        assert!(propstat.property(DAV, "GETETAG").is_none(), "names are case-sensitive");
        assert_eq!(propstat.properties().count(), 3);
    });
}

// ---------------------------------------------------------------------------
// Raw markup and offsets.
// ---------------------------------------------------------------------------

const OFFSETS_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:">
  <!-- a comment with <D:response> in it -->
  <D:response>
    <D:href>/a</D:href>
    <D:propstat>
      <D:prop><D:displayname>Caf&#233;</D:displayname><D:resourcetype><D:collection/></D:resourcetype></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><D:getetag/></D:prop>
      <D:status>HTTP/1.1 404 Not Found</D:status>
    </D:propstat>
  </D:response>
  <D:response><D:href>/b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>
</D:multistatus>
"#;

fn check_offsets(input: &str, xml: &str) {
    // Every offset points at the `<` of the element's start tag in `input`.
    let at = |offset: usize| &input[offset..];
    for_each_response(xml, |i, r| {
        assert!(at(r.offset()).starts_with("<D:response>"), "{i}: {:?}", at(r.offset()));
        assert!(at(r.offset()).starts_with(r.raw_xml()));
        for propstat in r.propstats() {
            assert!(at(propstat.offset()).starts_with("<D:propstat>"));
            let prop = propstat.prop().unwrap();
            assert!(at(prop.offset()).starts_with("<D:prop>"));
            for property in propstat.properties() {
                let tag = format!("<{}", property.qualified_name());
                assert!(at(property.offset()).starts_with(&tag), "{tag}");
                for child in property.children() {
                    assert!(at(child.offset()).starts_with("<D:collection/>"));
                }
            }
        }
        if let Some(status) = r.status() {
            assert_eq!(status.code(), Some(200));
        }
    });
    let multistatus = Multistatus::parse(xml).unwrap();
    let offsets: Vec<_> = multistatus.responses().map(|r| r.offset()).collect();
    let expected: Vec<_> = input.match_indices("<D:response>").skip(1).map(|(i, _)| i).collect();
    assert_eq!(offsets, expected);
    let propstats: Vec<_> =
        multistatus.responses().flat_map(|r| r.propstats().map(|p| p.offset()).collect::<Vec<_>>()).collect();
    let expected: Vec<_> = input.match_indices("<D:propstat>").map(|(i, _)| i).collect();
    assert_eq!(propstats, expected);
}

#[test]
fn offsets_of_responses_propstats_and_elements_point_at_their_start_tag() {
    check_offsets(OFFSETS_XML, OFFSETS_XML);
}

#[test]
fn raw_xml_is_the_whole_response_markup() {
    let first = r#"<D:response>
    <D:href>/a</D:href>
    <D:status>HTTP/1.1 200 OK</D:status>
  </D:response>"#;
    let second = r#"<D:response xmlns:x="urn:x"><D:href>/b</D:href><D:propstat><D:prop><x:p a="1"/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"#;
    let xml = format!("<D:multistatus xmlns:D=\"DAV:\">\n  {first}\n  {second}\n</D:multistatus>");
    for_each_response(&xml, |i, r| {
        let expected = if i == 0 { first } else { second };
        assert_eq!(r.raw_xml(), expected);
        assert_eq!(&xml[r.offset()..r.offset() + r.raw_xml().len()], expected);
    });
}

#[test]
fn byte_order_mark_is_accepted_and_offsets_index_the_original_input() {
    let with_bom = format!("\u{FEFF}{OFFSETS_XML}");
    check_offsets(&with_bom, &with_bom);

    // The same through the byte entry points.
    let bytes = with_bom.as_bytes();
    let multistatus = Multistatus::parse_bytes(bytes).unwrap();
    let mut reader = ResponseReader::from_bytes(bytes);
    let mut streamed = Vec::new();
    while let Some(r) = reader.next_response().unwrap() {
        streamed.push((r.offset(), r.href().unwrap().as_str().to_owned()));
    }
    let whole: Vec<_> = multistatus.responses().map(|r| (r.offset(), r.href().unwrap().as_str().to_owned())).collect();
    assert_eq!(whole, streamed);
    for (offset, _) in &whole {
        assert!(with_bom[*offset..].starts_with("<D:response>"));
    }
    let expected: Vec<_> = with_bom.match_indices("<D:response>").skip(1).map(|(i, _)| i).collect();
    assert_eq!(whole.iter().map(|(o, _)| *o).collect::<Vec<_>>(), expected);
}

#[test]
fn empty_multistatus_has_no_responses() {
    for xml in [
        r#"<D:multistatus xmlns:D="DAV:"/>"#,
        r#"<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"></D:multistatus>"#,
        "<multistatus xmlns=\"DAV:\">\n  <!-- nothing -->\n</multistatus>\n",
    ] {
        let document = for_each_response(xml, |_, _| panic!("no response expected"));
        assert_eq!(document, Document { responses: 0, description: None, sync_token: None }, "{xml}");
        let multistatus = Multistatus::parse(xml).unwrap();
        assert!(multistatus.is_empty());
        assert!(multistatus.response(0).is_none());
        assert_eq!(ResponseReader::new(xml).next_response().unwrap().map(|r| r.offset()), None);
    }
}

// ---------------------------------------------------------------------------
// Zero-copy.
// ---------------------------------------------------------------------------

#[test]
fn plain_values_borrow_the_input() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:x">
  <D:response>
    <D:href> /dav/file.txt </D:href>
    <D:propstat>
      <D:prop>
        <D:displayname>Plain name</D:displayname>
        <x:color>#ff0000</x:color>
        <x:cdata><![CDATA[<raw>]]></x:cdata>
        <x:wrapped><x:inner>deep</x:inner></x:wrapped>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        let href = r.href().unwrap();
        assert_eq!(href.as_str(), "/dav/file.txt");
        assert!(points_into(href.as_str(), xml), "Href::as_str borrows the input");
        assert!(points_into(href.raw(), xml));
        assert!(
            points_into(r.propstats().next().unwrap().status().unwrap().raw(), xml),
            "Status::raw borrows the input"
        );
        for property in r.propstats().next().unwrap().properties() {
            let text = property.text();
            assert!(matches!(text, Cow::Borrowed(_)), "{}: {text:?} should be borrowed", property.local_name());
            assert!(points_into(&text, xml), "{}: text", property.local_name());
            assert!(points_into(property.local_name(), xml), "{}: local_name", property.local_name());
            assert!(points_into(&property.namespace(), xml), "{}: namespace", property.local_name());
            assert!(matches!(property.namespace(), Cow::Borrowed(_)));
            assert!(points_into(property.qualified_name(), xml));
            assert!(points_into(property.inner_xml(), xml));
        }
        assert_eq!(r.property("urn:x", "cdata").unwrap().text(), "<raw>");
        assert_eq!(r.property("urn:x", "wrapped").unwrap().text(), "deep");
        assert!(points_into(r.raw_xml(), xml));
    });
}

#[test]
fn text_that_needs_decoding_is_owned() {
    let xml = with_props(
        "<x:entity>a &amp; b</x:entity><x:charref>&#65;</x:charref><x:cr>a\r\nb</x:cr>\
         <x:split><![CDATA[a]]><![CDATA[b]]></x:split><x:around>a<x:b>b</x:b></x:around><x:plain>ok</x:plain>",
    );
    one_response(&xml, |r| {
        for (name, expected) in
            [("entity", "a & b"), ("charref", "A"), ("cr", "a\nb"), ("split", "ab"), ("around", "ab")]
        {
            let text = r.property("urn:x", name).unwrap().text();
            assert_eq!(text, expected, "{name}");
            assert!(matches!(text, Cow::Owned(_)), "{name}: decoded text is owned");
        }
        assert!(matches!(r.property("urn:x", "plain").unwrap().text(), Cow::Borrowed("ok")));
    });
}

#[test]
fn readers_debug_their_settings_and_progress() {
    let body = r#"<d:multistatus xmlns:d="DAV:"><d:response><d:href>/a</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response></d:multistatus>"#;
    let mut slice = multistatus::ResponseReader::new(body);
    slice.next_response().unwrap();
    let mut stream = multistatus::StreamReader::with_config(body.as_bytes(), multistatus::Config::lenient());
    stream.next_response().unwrap();
    let mut push = multistatus::PushParser::new();
    push.feed(body.as_bytes());
    push.next_response().unwrap();
    for (name, debug) in [
        ("ResponseReader", format!("{slice:?}")),
        ("StreamReader", format!("{stream:?}")),
        ("PushParser", format!("{push:?}")),
    ] {
        assert!(debug.starts_with(&format!("{name} {{ config: Config {{")), "{debug}");
        assert!(debug.contains("responses: 1"), "{debug}");
    }
    assert!(format!("{stream:?}").contains("lenient: true"));
}

#[test]
fn text_around_empty_children_stays_borrowed() {
    // Zero-copy: an empty child element or a comment does not split the one run of text.
    let input = "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href><D:propstat><D:prop>\
        <D:x>abc<D:y/><D:z></D:z><!-- c --></D:x><D:w><D:y/><D:z><D:v/></D:z>abc</D:w></D:prop>\
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>";
    let multistatus = Multistatus::parse(input).unwrap();
    let response = multistatus.response(0).unwrap();
    for name in ["x", "w"] {
        let text = response.property(DAV, name).unwrap().text();
        assert!(matches!(text, Cow::Borrowed("abc")), "{name}: {text:?}");
    }
}
