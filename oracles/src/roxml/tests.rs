use super::{extract, extract_bytes, parse_status_line};
use serde_json::{json, Value};

fn ok(xml: &str) -> Value {
    match extract(xml) {
        Ok(v) => v,
        Err(e) => panic!("unexpected error {e:?} for {xml:?}"),
    }
}

fn err(xml: &str) -> String {
    match extract(xml) {
        Ok(v) => panic!("expected an error for {xml:?}, got {v}"),
        Err(e) => e,
    }
}

/// Like [`err`], and checks the message mentions `needle`.
fn err_with(xml: &str, needle: &str) {
    let e = err(xml);
    assert!(e.contains(needle), "error {e:?} does not mention {needle:?} for {xml:?}");
}

/// Wraps response bodies in a `D:`-prefixed multistatus.
fn ms(inner: &str) -> String {
    format!(r#"<D:multistatus xmlns:D="DAV:">{inner}</D:multistatus>"#)
}

/// The single propstat of the single response.
fn first_propstat(v: &Value) -> &Value {
    &v["responses"][0]["propstats"][0]
}

fn prop(ns: &str, name: &str, text: &str, children: u64) -> Value {
    json!({"ns": ns, "name": name, "text": text, "children": children})
}

const OK_PROPSTAT: &str = "<D:propstat><D:prop/><D:status>HTTP/1.1 200 OK</D:status></D:propstat>";

// ---------------------------------------------------------------- full shape

#[test]
fn full_document_shape() {
    let v = ok(r#"<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:Z="http://ns.example.com/z">
  <D:response>
    <D:href>http://www.example.com/container/</D:href>
    <D:propstat>
      <D:prop><Z:bigbox><Z:BoxType>Box type A</Z:BoxType></Z:bigbox><D:displayname/></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
      <D:responsedescription> ok </D:responsedescription>
    </D:propstat>
    <D:propstat>
      <D:prop><Z:DingALing/></D:prop>
      <D:status>HTTP/1.1 403 Forbidden</D:status>
      <D:error><D:cannot-modify-protected-property/></D:error>
    </D:propstat>
    <D:responsedescription>partial</D:responsedescription>
  </D:response>
  <D:response>
    <D:href> /a </D:href>
    <D:href>/b%20c</D:href>
    <D:status>HTTP/1.1 423 Locked</D:status>
    <D:error><D:lock-token-submitted><D:href>/a</D:href></D:lock-token-submitted></D:error>
  </D:response>
  <D:response>
    <D:href>/old</D:href>
    <D:status>HTTP/1.1 301 Moved Permanently</D:status>
    <D:location><D:href> /new </D:href></D:location>
  </D:response>
  <D:responsedescription> all done </D:responsedescription>
  <D:sync-token>
    http://example.com/ns/sync/1234
  </D:sync-token>
</D:multistatus>"#);
    let z = "http://ns.example.com/z";
    let expected = json!({
        "responses": [
            {"hrefs": ["http://www.example.com/container/"],
             "status": null,
             "propstats": [
                {"status": 200,
                 "props": [prop(z, "bigbox", "Box type A", 1), prop("DAV:", "displayname", "", 0)],
                 "error": null,
                 "description": " ok "},
                {"status": 403,
                 "props": [prop(z, "DingALing", "", 0)],
                 "error": [{"ns": "DAV:", "name": "cannot-modify-protected-property"}],
                 "description": null}],
             "error": null,
             "description": "partial",
             "location": null},
            {"hrefs": ["/a", "/b%20c"],
             "status": 423,
             "propstats": [],
             "error": [{"ns": "DAV:", "name": "lock-token-submitted"}],
             "description": null,
             "location": null},
            {"hrefs": ["/old"],
             "status": 301,
             "propstats": [],
             "error": null,
             "description": null,
             "location": "/new"}
        ],
        "description": " all done ",
        "sync_token": "http://example.com/ns/sync/1234"
    });
    assert_eq!(v, expected);
}

#[test]
fn empty_multistatus() {
    assert_eq!(ok(&ms("")), json!({"responses": [], "description": null, "sync_token": null}));
}

#[test]
fn key_order_is_irrelevant() {
    let a: Value = serde_json::from_str(r#"{"responses":[],"description":null,"sync_token":null}"#).unwrap();
    let b: Value = serde_json::from_str(r#"{"sync_token":null,"responses":[],"description":null}"#).unwrap();
    assert_eq!(a, b);
    assert_eq!(ok(&ms("")), b);
}

// ---------------------------------------------------------------- namespaces

#[test]
fn root_matched_by_uri_not_prefix() {
    let a = ok(
        r#"<a:multistatus xmlns:a="DAV:"><a:response><a:href>/x</a:href><a:status>HTTP/1.1 200 OK</a:status></a:response></a:multistatus>"#,
    );
    let b = ok(
        r#"<multistatus xmlns="DAV:"><response><href>/x</href><status>HTTP/1.1 200 OK</status></response></multistatus>"#,
    );
    assert_eq!(a, b);
    assert_eq!(a["responses"][0]["status"], 200);
}

#[test]
fn wrong_root_is_error() {
    err_with(r#"<D:multistatus xmlns:D="urn:not-dav"/>"#, "root element");
    err_with("<multistatus/>", "root element");
    err_with(r#"<D:response xmlns:D="DAV:"/>"#, "root element");
    err_with(r#"<D:Multistatus xmlns:D="DAV:"/>"#, "root element");
    // The prefix "DAV" is not the namespace "DAV:".
    err_with(r#"<DAV:multistatus xmlns:DAV="urn:x"/>"#, "root element");
}

#[test]
fn prefix_bound_to_other_uri_is_not_dav() {
    // D: is bound to something else; the real DAV: elements use prefix X.
    let v = ok(r#"<X:multistatus xmlns:X="DAV:" xmlns:D="urn:other">
        <X:response>
          <D:href>/fake</D:href>
          <X:href>/real</X:href>
          <D:status>garbage</D:status>
          <X:status>HTTP/1.1 204 No Content</X:status>
        </X:response></X:multistatus>"#);
    assert_eq!(v["responses"][0]["hrefs"], json!(["/real"]));
    assert_eq!(v["responses"][0]["status"], 204);
}

#[test]
fn default_namespace_and_redeclaration() {
    let v = ok(r#"<multistatus xmlns="DAV:">
      <response>
        <href>/r</href>
        <propstat>
          <prop>
            <getetag>"1"</getetag>
            <color xmlns="http://example.com/ns">red</color>
            <C:calendar-data xmlns:C="urn:ietf:params:xml:ns:caldav">BEGIN</C:calendar-data>
          </prop>
          <status>HTTP/1.1 200 OK</status>
        </propstat>
      </response></multistatus>"#);
    assert_eq!(
        first_propstat(&v)["props"],
        json!([
            prop("DAV:", "getetag", "\"1\"", 0),
            prop("http://example.com/ns", "color", "red", 0),
            prop("urn:ietf:params:xml:ns:caldav", "calendar-data", "BEGIN", 0),
        ])
    );
}

#[test]
fn empty_default_namespace_undeclares() {
    let v = ok(r#"<multistatus xmlns="DAV:">
      <response>
        <href>/r</href>
        <propstat>
          <prop><plain xmlns="">x</plain><inner xmlns=""><getetag xmlns="DAV:"/></inner></prop>
          <status>HTTP/1.1 200 OK</status>
        </propstat>
        <status xmlns="">not a status, ignored</status>
      </response></multistatus>"#);
    assert_eq!(first_propstat(&v)["props"], json!([prop("", "plain", "x", 0), prop("", "inner", "", 1)]));
    assert_eq!(v["responses"][0]["status"], Value::Null);
}

#[test]
fn unbound_element_under_xmlns_empty_is_not_dav_href() {
    // With xmlns="" the href is in no namespace: the response has no DAV:href.
    let v = ok(
        r#"<multistatus xmlns="DAV:"><response><href xmlns="">/x</href><status>HTTP/1.1 200 OK</status></response></multistatus>"#,
    );
    assert_eq!(v["responses"][0]["hrefs"], json!([]));
}

#[test]
fn undeclared_prefix_is_xml_error() {
    err_with(r#"<D:multistatus xmlns:D="DAV:"><Q:foo/></D:multistatus>"#, "XML error");
}

// ---------------------------------------------------------------- skipping

#[test]
fn unknown_elements_are_skipped_with_subtree() {
    let v = ok(&ms(r#"
      <D:unknown><D:response><D:href>/hidden</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:unknown>
      <X:ext xmlns:X="urn:x"><D:href>/nope</D:href></X:ext>
      <D:response>
        <D:foo><D:href>/nope</D:href><D:status>HTTP/1.1 500 x</D:status></D:foo>
        <X:bar xmlns:X="urn:x"><D:href>/nope</D:href><D:propstat/></X:bar>
        <D:href>/yes</D:href>
        <D:propstat>
          <D:whatever><D:prop><D:x/></D:prop><D:status>bad</D:status></D:whatever>
          <X:baz xmlns:X="urn:x"><D:href>/nope</D:href></X:baz>
          <D:prop><D:getetag/></D:prop>
          <D:status>HTTP/1.1 200 OK</D:status>
        </D:propstat>
      </D:response>
      <D:response-description>not the real one</D:response-description>"#));
    assert_eq!(v["responses"].as_array().unwrap().len(), 1);
    let r = &v["responses"][0];
    assert_eq!(r["hrefs"], json!(["/yes"]));
    assert_eq!(r["status"], Value::Null);
    assert_eq!(r["propstats"].as_array().unwrap().len(), 1);
    assert_eq!(first_propstat(&v)["props"], json!([prop("DAV:", "getetag", "", 0)]));
    assert_eq!(v["description"], Value::Null);
}

#[test]
fn text_comments_pis_between_structural_elements_ignored() {
    let v = ok(&ms(r#"stray text<!-- c --><?pi x?>
      <D:response>junk<!-- c -->
        <D:href>/a</D:href>more junk<?pi?>
        <D:propstat>text<!-- c --><?pi?>
          <D:prop>loose<D:getetag>e<!-- hidden -->t<?pi hidden?>ag</D:getetag>also loose</D:prop>
          <D:status>HTTP/1.1 200 OK</D:status>
        </D:propstat>
      </D:response>trailing"#));
    assert_eq!(first_propstat(&v)["props"], json!([prop("DAV:", "getetag", "etag", 0)]));
}

#[test]
fn children_in_any_order() {
    // IIS style: status before prop, responsedescription first, href last.
    let v = ok(&ms(r#"<D:response>
          <D:responsedescription>d</D:responsedescription>
          <D:propstat>
            <D:responsedescription>pd</D:responsedescription>
            <D:status>HTTP/1.1 404 Not Found</D:status>
            <D:error><D:e/></D:error>
            <D:prop><D:getetag/></D:prop>
          </D:propstat>
          <D:error><D:f/></D:error>
          <D:propstat><D:status>HTTP/1.1 200 OK</D:status><D:prop/></D:propstat>
          <D:href>/last</D:href>
        </D:response>"#));
    let r = &v["responses"][0];
    assert_eq!(r["hrefs"], json!(["/last"]));
    assert_eq!(r["description"], "d");
    assert_eq!(r["error"], json!([{"ns": "DAV:", "name": "f"}]));
    assert_eq!(r["propstats"][0]["status"], 404);
    assert_eq!(r["propstats"][0]["description"], "pd");
    assert_eq!(r["propstats"][0]["error"], json!([{"ns": "DAV:", "name": "e"}]));
    assert_eq!(r["propstats"][1]["status"], 200);
    assert_eq!(r["propstats"][1]["props"], json!([]));
}

// ---------------------------------------------------------------- properties

#[test]
fn dav_href_inside_property_is_a_value() {
    let v = ok(&ms(r#"<D:response><D:href>/r</D:href><D:propstat>
        <D:prop>
          <D:current-user-principal><D:href>/principals/me</D:href></D:current-user-principal>
          <D:href>/bare-href-as-property</D:href>
          <D:status>a property named status</D:status>
        </D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"#));
    assert_eq!(v["responses"][0]["hrefs"], json!(["/r"]));
    assert_eq!(
        first_propstat(&v)["props"],
        json!([
            prop("DAV:", "current-user-principal", "/principals/me", 1),
            prop("DAV:", "href", "/bare-href-as-property", 0),
            prop("DAV:", "status", "a property named status", 0),
        ])
    );
}

#[test]
fn property_children_count_is_direct_elements_only() {
    let v = ok(&ms(r#"<D:response><D:href>/r</D:href><D:propstat>
        <D:prop><D:resourcetype><D:collection/><C:calendar xmlns:C="urn:c"><C:deep/></C:calendar>text<!--c--></D:resourcetype></D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"#));
    assert_eq!(first_propstat(&v)["props"], json!([prop("DAV:", "resourcetype", "text", 2)]));
}

#[test]
fn property_text_is_untrimmed_text_content() {
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:propstat><D:prop>\
         <D:a>  spaced\t</D:a>\
         <D:b>\n  <D:x>one</D:x>\n  <D:y>two</D:y>\n</D:b>\
         </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"));
    assert_eq!(
        first_propstat(&v)["props"],
        json!([prop("DAV:", "a", "  spaced\t", 0), prop("DAV:", "b", "\n  one\n  two\n", 2),])
    );
}

#[test]
fn text_content_cdata_and_references() {
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:propstat><D:prop>\
         <D:a>x<![CDATA[<not> &amp; markup]]>y</D:a>\
         <D:b>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;</D:b>\
         <D:c><![CDATA[]]></D:c>\
         </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"));
    assert_eq!(
        first_propstat(&v)["props"],
        json!([
            prop("DAV:", "a", "x<not> &amp; markupy", 0),
            prop("DAV:", "b", "<>&'\"AB\u{1F600}", 0),
            prop("DAV:", "c", "", 0),
        ])
    );
}

#[test]
fn text_content_line_end_normalisation() {
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:propstat><D:prop>\
         <D:a>1\r\n2\r3\n4\r\r\n5</D:a>\
         <D:b><![CDATA[c\r\nd\re]]></D:b>\
         <D:c>x\r&amp;y\r&#65;</D:c>\
         <D:d>keep&#13;&#10;this&#13;</D:d>\
         <D:e>tail\r</D:e>\
         </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"));
    assert_eq!(
        first_propstat(&v)["props"],
        json!([
            prop("DAV:", "a", "1\n2\n3\n4\n\n5", 0),
            prop("DAV:", "b", "c\nd\ne", 0),
            prop("DAV:", "c", "x\n&y\nA", 0),
            prop("DAV:", "d", "keep\r\nthis\r", 0),
            prop("DAV:", "e", "tail\n", 0),
        ])
    );
}

#[test]
fn unknown_entity_and_dtd_are_errors() {
    err_with(&ms("<D:response><D:href>&nbsp;</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>"), "XML error");
    err_with(r#"<!DOCTYPE D:multistatus [<!ENTITY e "x">]><D:multistatus xmlns:D="DAV:"/>"#, "XML error");
    err_with(r#"<!DOCTYPE multistatus><D:multistatus xmlns:D="DAV:"/>"#, "XML error");
}

// ---------------------------------------------------------------- hrefs etc.

#[test]
fn hrefs_trimmed_not_decoded() {
    let v = ok(&ms("<D:response><D:href>\r\n\t /a%20b/%C3%A9?q=1&amp;r \n</D:href>\
         <D:href><![CDATA[ /cdata ]]></D:href>\
         <D:href>\u{a0}/nbsp-kept\u{a0}</D:href>\
         <D:status>HTTP/1.1 200 OK</D:status></D:response>"));
    assert_eq!(v["responses"][0]["hrefs"], json!(["/a%20b/%C3%A9?q=1&r", "/cdata", "\u{a0}/nbsp-kept\u{a0}"]));
}

#[test]
fn href_with_nested_markup_uses_text_content() {
    let v = ok(&ms(
        r#"<D:response><D:href>/a<X:b xmlns:X="urn:x">/b</X:b><!--c-->/c </D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>"#,
    ));
    assert_eq!(v["responses"][0]["hrefs"], json!(["/a/b/c"]));
}

#[test]
fn empty_href_is_kept() {
    let v = ok(&ms("<D:response><D:href>  </D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>"));
    assert_eq!(v["responses"][0]["hrefs"], json!([""]));
}

#[test]
fn descriptions_untrimmed_and_sync_token_trimmed() {
    let v = ok(&ms("<D:sync-token>\n  <![CDATA[tok]]>&amp;1 \t</D:sync-token>\
         <D:response><D:href>/r</D:href><D:status>HTTP/1.1 200 OK</D:status>\
         <D:responsedescription>\n r <D:x>d</D:x> \n</D:responsedescription></D:response>\
         <D:responsedescription>\n m \n</D:responsedescription>"));
    assert_eq!(v["sync_token"], "tok&1");
    assert_eq!(v["description"], "\n m \n");
    assert_eq!(v["responses"][0]["description"], "\n r d \n");
}

#[test]
fn empty_description_and_token_are_strings_not_null() {
    let v = ok(&ms("<D:responsedescription/><D:sync-token/>"));
    assert_eq!(v["description"], "");
    assert_eq!(v["sync_token"], "");
}

#[test]
fn error_element_lists_direct_children_only() {
    let v = ok(&ms(r#"<D:response><D:href>/r</D:href><D:status>HTTP/1.1 403 Forbidden</D:status>
        <D:error>text<D:need-privileges><D:resource><D:href>/x</D:href></D:resource></D:need-privileges>
          <C:valid-calendar-data xmlns:C="urn:ietf:params:xml:ns:caldav"/><plain xmlns=""/><!--c--></D:error>
        </D:response>"#));
    assert_eq!(
        v["responses"][0]["error"],
        json!([
            {"ns": "DAV:", "name": "need-privileges"},
            {"ns": "urn:ietf:params:xml:ns:caldav", "name": "valid-calendar-data"},
            {"ns": "", "name": "plain"},
        ])
    );
}

#[test]
fn empty_error_element_is_empty_list() {
    let v =
        ok(&ms("<D:response><D:href>/r</D:href><D:status>HTTP/1.1 403 Forbidden</D:status><D:error/></D:response>"));
    assert_eq!(v["responses"][0]["error"], json!([]));
}

#[test]
fn location_takes_first_href() {
    let v = ok(&ms(r#"<D:response><D:href>/r</D:href><D:status>HTTP/1.1 302 Found</D:status>
        <D:location>junk<X:href xmlns:X="urn:x">/not-dav</X:href><D:other/><D:href> /first </D:href><D:href>/second</D:href></D:location>
        </D:response>"#));
    assert_eq!(v["responses"][0]["location"], "/first");
}

#[test]
fn location_allowed_in_propstat_response() {
    let v = ok(&ms(&format!(
        "<D:response><D:href>/r</D:href>{OK_PROPSTAT}<D:location><D:href>/l</D:href></D:location></D:response>"
    )));
    assert_eq!(v["responses"][0]["location"], "/l");
}

#[test]
fn status_response_may_have_many_hrefs() {
    let v = ok(&ms("<D:response><D:href>/a</D:href><D:href>/b</D:href><D:href>/c</D:href>\
         <D:status>HTTP/1.1 404 Not Found</D:status></D:response>"));
    assert_eq!(v["responses"][0]["hrefs"], json!(["/a", "/b", "/c"]));
}

// ---------------------------------------------------------------- status lines

#[test]
fn status_lines_that_parse() {
    for (line, code) in [
        ("HTTP/1.1 200 OK", 200),
        ("HTTP/1.0 404 Not Found", 404),
        ("HTTP/0.0 200 OK", 200),
        ("HTTP/1.1 200", 200),
        ("HTTP/1.1  404  Not  Found", 404),
        ("\n  HTTP/1.1 200 OK\n ", 200),
        ("http/1.1 424 failed dependency", 424),
        ("HtTp/2 507 Insufficient Storage", 507),
        ("HTTP/1.1\t201\tCreated", 201),
        ("HTTP/1.1 200 ", 200),
        ("HTTP/1.1 200 \u{c}", 200),
        ("\u{c}\t\r\nHTTP/1.1 999 weird", 999),
        ("HTTP/1.1 000", 0),
        ("HTTP/x.y-z 500 any text: with 123 digits", 500),
        ("HTTP/1.1 207 Multi-Status ünïcode", 207),
    ] {
        assert_eq!(parse_status_line(line), Ok(code), "{line:?}");
    }
}

#[test]
fn status_lines_that_fail() {
    for line in [
        "",
        "   ",
        "200 OK",
        "HTTP/1.1 20 OK",
        "HTTP/1.1 2000 OK",
        "HTTP/1.1 200OK",
        "HTTP/1.1",
        "HTTP/1.1 ",
        "HTTP/ 200 OK",
        "HTTP 200 OK",
        "HTTP1.1 200 OK",
        " XHTTP/1.1 200 OK",
        "HTTP/1.1 2OO OK",
        "HTTP/1.1 -20 OK",
        "HTTP/1.1\u{a0}200 OK",
        "HTTP/1.1 200\u{a0}OK",
        "HTTP/1.1 ２００ OK",
        "HTTPS/1.1 200 OK",
    ] {
        assert!(parse_status_line(line).is_err(), "{line:?} should fail");
    }
}

#[test]
fn status_element_uses_text_content() {
    let v = ok(&ms(
        "<D:response><D:href>/r</D:href><D:status>\r\n  HTTP/1.1 <![CDATA[409]]> Conflict<!--c-->\r\n</D:status></D:response>",
    ));
    assert_eq!(v["responses"][0]["status"], 409);
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:status>HTTP/1.1&#32;&#x32;01</D:status></D:response>"));
    assert_eq!(v["responses"][0]["status"], 201);
}

#[test]
fn bad_status_in_document_is_error() {
    err_with(&ms("<D:response><D:href>/r</D:href><D:status>200 OK</D:status></D:response>"), "unparsable status line");
    err_with(&ms("<D:response><D:href>/r</D:href><D:status/></D:response>"), "unparsable status line");
    err_with(&ms(
        "<D:response><D:href>/r</D:href><D:propstat><D:prop/><D:status>HTTP/1.1 20 OK</D:status></D:propstat></D:response>",
    ), "unparsable status line");
}

// ------------------------------------------------ RFC 4918 §14 deviations kept

/// The single response of a document.
fn first_response(v: &Value) -> &Value {
    &v["responses"][0]
}

#[test]
fn response_without_href_is_kept_with_no_hrefs() {
    let v = ok(&ms("<D:response><D:status>HTTP/1.1 200 OK</D:status></D:response>"));
    assert_eq!(first_response(&v)["hrefs"], json!([]));
    assert_eq!(first_response(&v)["status"], 200);
    let v = ok(&ms(&format!("<D:response>{OK_PROPSTAT}</D:response>")));
    assert_eq!(first_response(&v)["hrefs"], json!([]));
    assert_eq!(first_propstat(&v)["status"], 200);
}

#[test]
fn response_with_neither_status_nor_propstat_is_kept() {
    let v = ok(&ms("<D:response><D:href>/r</D:href></D:response>"));
    assert_eq!(first_response(&v)["hrefs"], json!(["/r"]));
    assert_eq!(first_response(&v)["status"], Value::Null);
    assert_eq!(first_response(&v)["propstats"], json!([]));
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:responsedescription>x</D:responsedescription></D:response>"));
    assert_eq!(first_response(&v)["description"], "x");
}

#[test]
fn response_with_status_and_propstat_keeps_both() {
    let v = ok(&ms(&format!(
        "<D:response><D:href>/r</D:href><D:status>HTTP/1.1 404 Not Found</D:status>{OK_PROPSTAT}</D:response>"
    )));
    assert_eq!(first_response(&v)["status"], 404);
    assert_eq!(first_propstat(&v)["status"], 200);
}

#[test]
fn propstat_response_with_two_hrefs_keeps_both() {
    let v = ok(&ms(&format!("<D:response><D:href>/a</D:href><D:href> /b </D:href>{OK_PROPSTAT}</D:response>")));
    assert_eq!(first_response(&v)["hrefs"], json!(["/a", "/b"]));
}

#[test]
fn propstat_without_prop_or_status_is_kept_without_it() {
    let v = ok(&ms(
        "<D:response><D:href>/r</D:href><D:propstat><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat></D:response>",
    ));
    assert_eq!(first_propstat(&v)["status"], 403);
    assert_eq!(first_propstat(&v)["props"], json!([]));
    let v =
        ok(&ms("<D:response><D:href>/r</D:href><D:propstat><D:prop><D:a>1</D:a></D:prop></D:propstat></D:response>"));
    assert_eq!(first_propstat(&v)["status"], Value::Null, "absent, not taken as 200");
    assert_eq!(first_propstat(&v)["props"], json!([prop("DAV:", "a", "1", 0)]));
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:propstat/></D:response>"));
    assert_eq!(first_propstat(&v), &json!({"status": null, "props": [], "error": null, "description": null}));
}

#[test]
fn several_props_in_a_propstat_are_merged_in_order() {
    let status = "<D:status>HTTP/1.1 200 OK</D:status>";
    let v = ok(&ms(&format!(
        "<D:response><D:href>/r</D:href><D:propstat><D:prop><D:a/></D:prop>{status}<D:prop><D:b/><D:c/></D:prop></D:propstat></D:response>"
    )));
    let names: Vec<&Value> = first_propstat(&v)["props"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn duplicate_singular_children_keep_the_first() {
    let v = ok(&ms(
        "<D:response><D:href>/r</D:href><D:status>HTTP/1.1 200 OK</D:status><D:status>HTTP/1.1 404 Not Found</D:status>\
         <D:error><D:a/></D:error><D:error><D:b/></D:error><D:responsedescription>1</D:responsedescription>\
         <D:responsedescription>2</D:responsedescription><D:location><D:href>/l1</D:href></D:location>\
         <D:location><D:href>/l2</D:href></D:location></D:response>",
    ));
    let response = first_response(&v);
    assert_eq!(response["status"], 200);
    assert_eq!(response["error"], json!([{"ns": "DAV:", "name": "a"}]));
    assert_eq!(response["description"], "1");
    assert_eq!(response["location"], "/l1");
    let v = ok(&ms(
        "<D:response><D:href>/r</D:href><D:propstat><D:prop/><D:status>HTTP/1.1 200 OK</D:status>\
         <D:status>HTTP/1.1 500 No</D:status><D:error/><D:error><D:x/></D:error>\
         <D:responsedescription>1</D:responsedescription><D:responsedescription>2</D:responsedescription></D:propstat></D:response>",
    ));
    assert_eq!(first_propstat(&v)["status"], 200);
    assert_eq!(first_propstat(&v)["error"], json!([]));
    assert_eq!(first_propstat(&v)["description"], "1");
    let v = ok(&ms("<D:sync-token> a </D:sync-token><D:sync-token>b</D:sync-token>\
        <D:responsedescription/><D:responsedescription>x</D:responsedescription>"));
    assert_eq!(v["sync_token"], "a");
    assert_eq!(v["description"], "");
    // Two responses are of course two responses.
    let resp = "<D:response><D:href>/r</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>";
    let v = ok(&ms(&format!("{resp}{resp}")));
    assert_eq!(v["responses"].as_array().unwrap().len(), 2);
}

#[test]
fn location_without_href_is_no_location() {
    let v = ok(&ms("<D:response><D:href>/r</D:href><D:status>HTTP/1.1 301 Moved</D:status><D:location>/x</D:location></D:response>"));
    assert_eq!(first_response(&v)["location"], Value::Null);
    assert_eq!(first_response(&v)["status"], 301);
}

#[test]
fn duplicates_only_count_in_dav_namespace() {
    let v = ok(&ms(
        r#"<D:response xmlns:X="urn:x"><D:href>/r</D:href><D:status>HTTP/1.1 200 OK</D:status><X:status>HTTP/1.1 500 no</X:status><X:error/><D:error/></D:response>"#,
    ));
    assert_eq!(v["responses"][0]["status"], 200);
    assert_eq!(v["responses"][0]["error"], json!([]));
}

#[test]
fn location_href_is_a_direct_dav_href() {
    // Only a direct DAV:href child counts; nested or foreign ones do not.
    let v = ok(&ms(
        r#"<D:response><D:href>/r</D:href><D:status>HTTP/1.1 302 Found</D:status><D:location><X:href xmlns:X="urn:x">/l</X:href><D:x><D:href>/deep</D:href></D:x></D:location></D:response>"#,
    ));
    assert_eq!(v["responses"][0]["location"], Value::Null);
}

#[test]
fn errors_inside_skipped_subtrees_are_ignored() {
    let v = ok(&ms(r#"<D:unknown><D:response/></D:unknown>
        <D:response><D:href>/r</D:href><D:status>HTTP/1.1 200 OK</D:status>
          <X:ext xmlns:X="urn:x"><D:status>bad</D:status><D:location/></X:ext></D:response>"#));
    assert_eq!(v["responses"][0]["status"], 200);
}

#[test]
fn malformed_xml_is_error() {
    err_with("", "XML error");
    err_with("not xml", "XML error");
    err_with(r#"<D:multistatus xmlns:D="DAV:">"#, "XML error");
    err_with(r#"<D:multistatus xmlns:D="DAV:"></D:response>"#, "XML error");
    err_with(r#"<D:multistatus xmlns:D="DAV:"/><D:multistatus xmlns:D="DAV:"/>"#, "XML error");
    // Form feed is not an XML character.
    err_with(&ms("<D:response><D:href>\u{c}</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>"), "XML error");
}

// ---------------------------------------------------------------- bytes

#[test]
fn extract_bytes_strips_one_bom() {
    let doc = ms("<D:sync-token>t</D:sync-token>");
    let plain = extract_bytes(doc.as_bytes()).unwrap();
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(doc.as_bytes());
    assert_eq!(extract_bytes(&with_bom).unwrap(), plain);
    assert_eq!(plain["sync_token"], "t");

    let mut two_boms = b"\xEF\xBB\xBF".to_vec();
    two_boms.extend_from_slice(&with_bom);
    assert!(extract_bytes(&two_boms).is_err());
}

#[test]
fn extract_bytes_requires_utf8() {
    let mut latin1 =
        br#"<?xml version="1.0" encoding="ISO-8859-1"?><D:multistatus xmlns:D="DAV:"><D:responsedescription>"#.to_vec();
    latin1.push(0xE9);
    latin1.extend_from_slice(b"</D:responsedescription></D:multistatus>");
    assert!(extract_bytes(&latin1).is_err());

    // UTF-16LE with BOM.
    let utf16: Vec<u8> = std::iter::once(0xFEFFu16).chain(ms("").encode_utf16()).flat_map(u16::to_le_bytes).collect();
    assert!(extract_bytes(&utf16).is_err());
}

#[test]
fn extract_bytes_crlf_document() {
    let doc = "<?xml version=\"1.0\"?>\r\n<D:multistatus xmlns:D=\"DAV:\">\r\n<D:response>\r\n\
               <D:href>/r</D:href>\r\n<D:propstat>\r\n<D:prop><D:a>x\r\ny</D:a></D:prop>\r\n\
               <D:status>HTTP/1.1 200 OK\r\n</D:status>\r\n</D:propstat>\r\n</D:response>\r\n</D:multistatus>\r\n";
    let v = extract_bytes(doc.as_bytes()).unwrap();
    assert_eq!(first_propstat(&v)["props"], json!([prop("DAV:", "a", "x\ny", 0)]));
    assert_eq!(first_propstat(&v)["status"], 200);
}
