//! Names resolve by namespace URI, never by prefix (Namespaces in XML 1.0,
//! RFC 4918 §8.2): every check runs through `Multistatus::parse` and through
//! a `ResponseReader` loop.

mod common;

use common::for_each_response;

fn for_each_response_count(xml: &str, check: impl FnMut(usize, &multistatus::Response<'_>)) -> usize {
    for_each_response(xml, check).responses
}
use std::borrow::Cow;

use multistatus::{ErrorKind, Multistatus, Response, ResponseReader, CALDAV, DAV};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Like [`for_each_response`], for a document with exactly one response.
fn one_response(xml: &str, mut check: impl FnMut(&Response<'_>)) {
    let count = for_each_response_count(xml, |_, response| check(response));
    assert_eq!(count, 1, "expected exactly one response");
}

/// (namespace, local name) of every property of every propstat, in order.
fn property_names(response: &Response<'_>) -> Vec<(String, String)> {
    response
        .propstats()
        .flat_map(|p| p.properties())
        .map(|p| (p.namespace().into_owned(), p.local_name().to_owned()))
        .collect()
}

fn names(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(ns, name)| (ns.to_string(), name.to_string())).collect()
}

// ---------------------------------------------------------------------------
// Any prefix, the default namespace, several prefixes at once.
// ---------------------------------------------------------------------------

#[test]
fn dav_elements_are_recognised_under_any_prefix() {
    for prefix in ["D", "d", "a", "lp1", "dav", "ns0", "X_y.z-1"] {
        let xml = format!(
            r#"<{p}:multistatus xmlns:{p}="DAV:">
  <{p}:response>
    <{p}:href>/r/</{p}:href>
    <{p}:propstat>
      <{p}:prop><{p}:getetag>"1"</{p}:getetag></{p}:prop>
      <{p}:status>HTTP/1.1 200 OK</{p}:status>
    </{p}:propstat>
  </{p}:response>
</{p}:multistatus>"#,
            p = prefix
        );
        one_response(&xml, |r| {
            assert_eq!(r.href().unwrap().as_str(), "/r/", "prefix {prefix}");
            assert_eq!(r.propstats().len(), 1, "prefix {prefix}");
            assert_eq!(r.propstats().next().unwrap().status().unwrap().code(), Some(200), "prefix {prefix}");
            let etag = r.property(DAV, "getetag").unwrap_or_else(|| panic!("prefix {prefix}: no getetag"));
            assert_eq!(etag.namespace(), DAV);
            assert_eq!(etag.local_name(), "getetag");
            assert_eq!(etag.prefix(), prefix);
            assert_eq!(etag.qualified_name(), format!("{prefix}:getetag"));
            assert!(etag.is(DAV, "getetag"));
            assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"1\"");
        });
    }
}

#[test]
fn dav_elements_are_recognised_in_the_default_namespace() {
    let xml = r#"<multistatus xmlns="DAV:">
  <response>
    <href>/r/</href>
    <propstat>
      <prop><displayname>Home</displayname><resourcetype><collection/></resourcetype></prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
  </response>
</multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.href().unwrap().as_str(), "/r/");
        let name = r.property(DAV, "displayname").unwrap();
        assert_eq!(name.namespace(), DAV);
        assert_eq!(name.prefix(), "");
        assert_eq!(name.qualified_name(), "displayname");
        assert_eq!(name.text(), "Home");
        assert!(r.resource_type().unwrap().is_collection());
    });
}

#[test]
fn a_prefix_means_nothing_without_its_uri() {
    // `D` is bound to something else, `X` to DAV:.
    let xml = r#"<X:multistatus xmlns:X="DAV:" xmlns:D="urn:not-dav">
  <D:response><X:href>/fake</X:href><X:status>HTTP/1.1 500 Nope</X:status></D:response>
  <X:response>
    <X:href>/real</X:href>
    <D:href>/not-an-href</D:href>
    <X:propstat>
      <X:prop><D:getetag>"not-dav"</D:getetag><X:getetag>"dav"</X:getetag></X:prop>
      <D:status>HTTP/1.1 500 Not DAV</D:status>
      <X:status>HTTP/1.1 200 OK</X:status>
    </X:propstat>
  </X:response>
</X:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.hrefs().map(|h| h.as_str().to_owned()).collect::<Vec<_>>(), ["/real"]);
        let propstat = r.propstats().next().unwrap();
        assert_eq!(propstat.status().unwrap().code(), Some(200));
        assert_eq!(property_names(r), names(&[("urn:not-dav", "getetag"), (DAV, "getetag")]));
        assert_eq!(r.property("urn:not-dav", "getetag").unwrap().text(), "\"not-dav\"");
        assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"dav\"");
    });
}

#[test]
fn a_root_named_multistatus_in_another_namespace_is_rejected() {
    let xml = r#"<D:multistatus xmlns:D="urn:not-dav"><D:response/></D:multistatus>"#;
    let error = Multistatus::parse(xml).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::NotMultistatus("{urn:not-dav}multistatus".into()));
    let error = ResponseReader::new(xml).next_response().unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::NotMultistatus("{urn:not-dav}multistatus".into()));
}

#[test]
fn several_prefixes_bound_to_dav_mix_on_nested_elements() {
    // What Apache mod_dav sends: D and ns0 on the root, lp1 on each response.
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp2="http://apache.org/dav/props/" xmlns:lp1="DAV:">
<D:href>/dav/docs/</D:href>
<D:propstat>
<D:prop>
<lp1:resourcetype><D:collection/></lp1:resourcetype>
<lp1:getetag>W/"1000-660c2cf642e7e"</lp1:getetag>
<lp2:executable>F</lp2:executable>
<D:lockdiscovery/>
</D:prop>
<D:status>HTTP/1.1 200 OK</D:status>
</D:propstat>
<D:propstat>
<D:prop>
<ns0:displayname/>
</D:prop>
<D:status>HTTP/1.1 404 Not Found</D:status>
</D:propstat>
</D:response>
<ns0:response xmlns:lp1="DAV:">
<lp1:href>/dav/docs/a.txt</lp1:href>
<D:propstat>
<ns0:prop><lp1:getcontentlength>39</lp1:getcontentlength><ns0:resourcetype/></ns0:prop>
<lp1:status>HTTP/1.1 200 OK</lp1:status>
</D:propstat>
</ns0:response>
</D:multistatus>"#;
    let count = for_each_response_count(xml, |i, r| match i {
        0 => {
            assert_eq!(r.href().unwrap().as_str(), "/dav/docs/");
            let resourcetype = r.property(DAV, "resourcetype").unwrap();
            assert_eq!(resourcetype.prefix(), "lp1");
            let kinds: Vec<_> = resourcetype.children().map(|c| (c.namespace(), c.local_name(), c.prefix())).collect();
            assert_eq!(kinds, [(Cow::Borrowed(DAV), "collection", "D")]);
            assert!(r.resource_type().unwrap().is_collection());
            assert!(r.etag().unwrap().unwrap().is_weak());
            assert_eq!(r.property("http://apache.org/dav/props/", "executable").unwrap().text(), "F");
            assert!(r.property(DAV, "lockdiscovery").is_some());
            let missing = r.propstats().nth(1).unwrap();
            assert_eq!(missing.status().unwrap().code(), Some(404));
            let displayname = missing.property(DAV, "displayname").unwrap();
            assert_eq!(displayname.prefix(), "ns0");
            assert!(r.property(DAV, "displayname").is_none());
        }
        1 => {
            assert_eq!(r.href().unwrap().as_str(), "/dav/docs/a.txt");
            assert_eq!(r.content_length().unwrap().unwrap(), 39);
            assert!(!r.resource_type().unwrap().is_collection());
        }
        _ => unreachable!(),
    });
    assert_eq!(count, 2);
}

// ---------------------------------------------------------------------------
// Rebinding and undeclaring.
// ---------------------------------------------------------------------------

#[test]
fn prefix_rebound_inside_a_property_value_wins_and_the_outer_binding_returns() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:outer">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop>
        <x:before/>
        <x:value xmlns:x="urn:inner"><x:child><x:grandchild/></x:child></x:value>
        <x:after/>
        <D:owner xmlns:D="urn:not-dav"><D:href>/not-dav-href</D:href></D:owner>
        <D:getetag>"restored"</D:getetag>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(
            property_names(r),
            names(&[
                ("urn:outer", "before"),
                ("urn:inner", "value"),
                ("urn:outer", "after"),
                ("urn:not-dav", "owner"),
                (DAV, "getetag"),
            ])
        );
        let value = r.property("urn:inner", "value").unwrap();
        let child = value.children().next().unwrap();
        assert_eq!((child.namespace(), child.local_name()), (Cow::Borrowed("urn:inner"), "child"));
        let grandchild = child.children().next().unwrap();
        assert_eq!(grandchild.namespace(), "urn:inner");
        let owner = r.property("urn:not-dav", "owner").unwrap();
        let href = owner.children().next().unwrap();
        assert_eq!((href.namespace(), href.local_name()), (Cow::Borrowed("urn:not-dav"), "href"));
        assert!(owner.child(DAV, "href").is_none());
        assert!(r.property(DAV, "owner").is_none());
        assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"restored\"");
        assert_eq!(r.hrefs().count(), 1);
    });
}

#[test]
fn prefix_rebound_on_a_response_applies_to_that_response_only() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:outer">
  <D:response xmlns:x="urn:first">
    <D:href>/a</D:href>
    <D:propstat><D:prop><x:p/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  </D:response>
  <D:response>
    <D:href>/b</D:href>
    <D:propstat><D:prop><x:p/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  </D:response>
  <D:response xmlns:D="urn:not-dav" xmlns:R="DAV:">
    <R:href>/c</R:href>
    <D:href>/not-an-href</D:href>
    <R:propstat>
      <R:prop><D:p/><x:p/></R:prop>
      <D:status>HTTP/1.1 500 Not DAV</D:status>
      <R:status>HTTP/1.1 200 OK</R:status>
    </R:propstat>
  </D:response>
  <D:response>
    <D:href>/d</D:href>
    <D:propstat><D:prop><D:p/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  </D:response>
</D:multistatus>"#;
    // The third `D:response` is in urn:not-dav, so it is not a response at all:
    // it is skipped, and with it everything it contains.
    let mut hrefs = Vec::new();
    let count = for_each_response_count(xml, |i, r| {
        hrefs.push(r.href().unwrap().as_str().to_owned());
        let expected: &[(&str, &str)] = match i {
            0 => &[("urn:first", "p")],
            1 => &[("urn:outer", "p")],
            2 => &[(DAV, "p")],
            _ => unreachable!(),
        };
        assert_eq!(property_names(r), names(expected));
    });
    assert_eq!(count, 3);
    assert_eq!(hrefs, ["/a", "/b", "/d", "/a", "/b", "/d"]);

    // The same rebinding with the DAV: URI kept on a response that stays a response.
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:outer">
  <D:response xmlns:R="DAV:" xmlns:D="urn:not-dav">
    <R:href>/c</R:href>
    <D:href>/not-an-href</D:href>
    <R:propstat>
      <R:prop><D:p/><x:p/></R:prop>
      <D:status>HTTP/1.1 500 Not DAV</D:status>
      <R:status>HTTP/1.1 200 OK</R:status>
    </R:propstat>
  </D:response>
</D:multistatus>"#;
    assert_eq!(for_each_response_count(xml, |_, _| {}), 0, "a response in urn:not-dav is not a response");

    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:outer">
  <R:response xmlns:R="DAV:" xmlns:D="urn:not-dav">
    <R:href>/c</R:href>
    <D:href>/not-an-href</D:href>
    <R:propstat>
      <R:prop><D:p/><x:p/></R:prop>
      <D:status>HTTP/1.1 500 Not DAV</D:status>
      <R:status>HTTP/1.1 200 OK</R:status>
    </R:propstat>
  </R:response>
  <D:response><D:href>/d</D:href><D:status>HTTP/1.1 204 No Content</D:status></D:response>
</D:multistatus>"#;
    let count = for_each_response_count(xml, |i, r| match i {
        0 => {
            assert_eq!(r.hrefs().map(|h| h.as_str().to_owned()).collect::<Vec<_>>(), ["/c"]);
            let propstat = r.propstats().next().unwrap();
            assert_eq!(propstat.status().unwrap().code(), Some(200));
            assert_eq!(property_names(r), names(&[("urn:not-dav", "p"), ("urn:outer", "p")]));
        }
        1 => {
            // D: is DAV: again after the rebinding response closed.
            assert_eq!(r.href().unwrap().as_str(), "/d");
            assert_eq!(r.status().unwrap().code(), Some(204));
        }
        _ => unreachable!(),
    });
    assert_eq!(count, 2);
}

#[test]
fn default_namespace_rebound_inside_a_property_value_wins_and_returns() {
    let xml = r#"<multistatus xmlns="DAV:">
  <response>
    <href>/r</href>
    <propstat>
      <prop>
        <calendar-color xmlns="http://apple.com/ns/ical/">#ff0000</calendar-color>
        <supported-calendar-component-set xmlns="urn:ietf:params:xml:ns:caldav"><comp name="VEVENT"/></supported-calendar-component-set>
        <getetag>"1"</getetag>
      </prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
  </response>
</multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(
            property_names(r),
            names(&[
                ("http://apple.com/ns/ical/", "calendar-color"),
                (CALDAV, "supported-calendar-component-set"),
                (DAV, "getetag"),
            ])
        );
        let set = r.property(CALDAV, "supported-calendar-component-set").unwrap();
        let comp = set.child(CALDAV, "comp").unwrap();
        assert_eq!(comp.attribute("", "name").unwrap().value(), "VEVENT");
        assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"1\"");
    });
}

#[test]
fn empty_default_namespace_declaration_puts_children_in_no_namespace() {
    let xml = r#"<multistatus xmlns="DAV:">
  <response>
    <href>/r</href>
    <propstat>
      <prop>
        <nonamespace xmlns=""><child>text</child></nonamespace>
        <getetag>"1"</getetag>
      </prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
  </response>
</multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(property_names(r), names(&[("", "nonamespace"), (DAV, "getetag")]));
        let property = r.property("", "nonamespace").unwrap();
        let child = property.children().next().unwrap();
        assert_eq!(child.namespace(), "");
        assert_eq!(child.local_name(), "child");
        assert!(child.is("", "child"));
        assert!(!child.is(DAV, "child"));
        assert_eq!(property.text(), "text");
        assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"1\"");
    });
}

#[test]
fn undeclared_default_namespace_makes_structural_names_unknown() {
    // `<response xmlns="">` is {}response, not {DAV:}response: skipped.
    let xml = r#"<multistatus xmlns="DAV:">
  <response xmlns=""><href>/skipped</href><status>HTTP/1.1 200 OK</status></response>
  <response><href>/kept</href><status>HTTP/1.1 200 OK</status></response>
</multistatus>"#;
    let mut seen = Vec::new();
    for_each_response_count(xml, |_, r| seen.push(r.href().unwrap().as_str().to_owned()));
    assert_eq!(seen, ["/kept", "/kept"]);
}

// ---------------------------------------------------------------------------
// Structural names in other namespaces, DAV: names inside property values.
// ---------------------------------------------------------------------------

#[test]
fn response_and_href_in_other_namespaces_are_not_structural() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:x">
  <x:response><D:href>/fake</D:href><D:status>HTTP/1.1 500 Fake</D:status></x:response>
  <D:response>
    <x:href>/fake-href</x:href>
    <D:href>/real</D:href>
    <x:status>HTTP/1.1 500 Fake</x:status>
    <x:propstat><D:prop><D:fake/></D:prop><D:status>HTTP/1.1 200 OK</D:status></x:propstat>
    <D:propstat>
      <x:prop><D:fake/></x:prop>
      <D:prop>
        <x:response>kept</x:response>
        <x:href>/value</x:href>
        <x:propstat><x:status>value</x:status></x:propstat>
      </D:prop>
      <x:status>HTTP/1.1 500 Fake</x:status>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.hrefs().map(|h| h.as_str().to_owned()).collect::<Vec<_>>(), ["/real"]);
        assert!(r.status().is_none());
        assert_eq!(r.propstats().len(), 1);
        let propstat = r.propstats().next().unwrap();
        assert_eq!(propstat.status().unwrap().code(), Some(200));
        assert_eq!(property_names(r), names(&[("urn:x", "response"), ("urn:x", "href"), ("urn:x", "propstat")]));
        assert_eq!(r.property("urn:x", "response").unwrap().text(), "kept");
        assert_eq!(r.property("urn:x", "href").unwrap().text(), "/value");
        let inner = r.property("urn:x", "propstat").unwrap();
        assert_eq!(inner.child("urn:x", "status").unwrap().text(), "value");
        assert!(r.property(DAV, "fake").is_none());
    });
}

#[test]
fn dav_href_inside_a_property_value_is_not_a_response_href() {
    let xml = r#"<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
  <d:response>
    <d:href>/principals/alice/</d:href>
    <d:propstat>
      <d:prop>
        <d:current-user-principal><d:href>/principals/alice/</d:href></d:current-user-principal>
        <d:owner><d:href>mailto:alice@example.com</d:href></d:owner>
        <d:resource-id><d:href>urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8</d:href></d:resource-id>
        <cal:calendar-home-set><d:href>/calendars/alice/</d:href><d:href>/shared/</d:href></cal:calendar-home-set>
        <d:acl><d:ace><d:principal><d:href>/principals/bob/</d:href></d:principal><d:grant><d:privilege><d:read/></d:privilege></d:grant></d:ace></d:acl>
      </d:prop>
      <d:status>HTTP/1.1 200 OK</d:status>
    </d:propstat>
  </d:response>
</d:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.hrefs().count(), 1);
        assert_eq!(r.href().unwrap().as_str(), "/principals/alice/");
        let cup = r.property(DAV, "current-user-principal").unwrap();
        assert_eq!(cup.child(DAV, "href").unwrap().text(), "/principals/alice/");
        assert_eq!(r.property(DAV, "owner").unwrap().child(DAV, "href").unwrap().text(), "mailto:alice@example.com");
        assert_eq!(r.property(DAV, "resource-id").unwrap().text(), "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8");
        let home: Vec<_> = r
            .property(CALDAV, "calendar-home-set")
            .unwrap()
            .children()
            .map(|c| (c.namespace().into_owned(), c.local_name(), c.text().into_owned()))
            .collect();
        assert_eq!(
            home,
            [(DAV.to_owned(), "href", "/calendars/alice/".to_owned()), (DAV.to_owned(), "href", "/shared/".to_owned())]
        );
        let acl = r.property(DAV, "acl").unwrap();
        let principal = acl.child(DAV, "ace").unwrap().child(DAV, "principal").unwrap();
        assert_eq!(principal.child(DAV, "href").unwrap().text(), "/principals/bob/");
    });
}

#[test]
fn dav_response_inside_a_property_value_stays_in_the_property() {
    // RFC 3253 §3.8 expand-property: whole responses nested in a property.
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>http://www.example.com/foo</D:href>
    <D:propstat>
      <D:prop>
        <D:version-history>
          <D:response>
            <D:href>http://repo.example.com/his/23</D:href>
            <D:propstat>
              <D:prop><D:creator-displayname>Fred</D:creator-displayname></D:prop>
              <D:status>HTTP/1.1 200 OK</D:status>
            </D:propstat>
          </D:response>
        </D:version-history>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.hrefs().count(), 1);
        assert_eq!(r.href().unwrap().as_str(), "http://www.example.com/foo");
        assert_eq!(r.propstats().len(), 1);
        assert_eq!(property_names(r), names(&[(DAV, "version-history")]));
        assert!(r.property(DAV, "creator-displayname").is_none());
        let history = r.property(DAV, "version-history").unwrap();
        assert_eq!(history.child_count(), 1);
        let nested = history.child(DAV, "response").unwrap();
        assert_eq!(nested.child(DAV, "href").unwrap().text(), "http://repo.example.com/his/23");
        let nested_prop = nested.child(DAV, "propstat").unwrap().child(DAV, "prop").unwrap();
        assert_eq!(nested_prop.child(DAV, "creator-displayname").unwrap().text(), "Fred");
    });
}

// ---------------------------------------------------------------------------
// Namespace URIs with references.
// ---------------------------------------------------------------------------

#[test]
fn namespace_uris_with_references_are_decoded() {
    let xml = r#"<D:multistatus xmlns:D="DA&#86;:" xmlns:x="urn:a&amp;b" xmlns:y="urn:&#x63;&#100;">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop><x:p x:attr="1">v</x:p><y:q/></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.href().unwrap().as_str(), "/r");
        assert_eq!(property_names(r), names(&[("urn:a&b", "p"), ("urn:cd", "q")]));
        let p = r.property("urn:a&b", "p").unwrap();
        assert!(p.is("urn:a&b", "p"));
        assert!(!p.is("urn:a&amp;b", "p"));
        assert_eq!(p.text(), "v");
        let attr = p.attribute("urn:a&b", "attr").unwrap();
        assert_eq!(attr.namespace(), "urn:a&b");
        assert_eq!(attr.value(), "1");
        assert!(r.property("urn:cd", "q").is_some());
    });

    // The default namespace written with a reference is DAV: all the same.
    let xml = r#"<multistatus xmlns="DAV&#x3A;"><response><href>/d</href><status>HTTP/1.1 200 OK</status></response></multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.href().unwrap().as_str(), "/d");
        assert_eq!(r.status().unwrap().code(), Some(200));
    });
}

// ---------------------------------------------------------------------------
// Attributes.
// ---------------------------------------------------------------------------

#[test]
fn unprefixed_attributes_have_no_namespace_even_under_a_default_namespace() {
    let xml = r#"<multistatus xmlns="DAV:" xmlns:x="urn:x">
  <response>
    <href>/r</href>
    <propstat>
      <prop><x:p kind="plain" x:kind="prefixed" D:kind="dav" xmlns:D="DAV:"/></prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
  </response>
</multistatus>"#;
    one_response(xml, |r| {
        let p = r.property("urn:x", "p").unwrap();
        let attrs: Vec<_> = p
            .attributes()
            .map(|a| (a.namespace().into_owned(), a.local_name(), a.qualified_name(), a.value().into_owned()))
            .collect();
        assert_eq!(
            attrs,
            [
                (String::new(), "kind", "kind", "plain".to_owned()),
                ("urn:x".to_owned(), "kind", "x:kind", "prefixed".to_owned()),
                (DAV.to_owned(), "kind", "D:kind", "dav".to_owned()),
            ]
        );
        assert_eq!(p.attribute("", "kind").unwrap().value(), "plain");
        assert_eq!(p.attribute("urn:x", "kind").unwrap().value(), "prefixed");
        assert_eq!(p.attribute(DAV, "kind").unwrap().value(), "dav");
        assert!(p.attribute("urn:other", "kind").is_none());
    });
}

#[test]
fn xml_lang_resolves_to_the_xml_namespace() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop>
        <D:displayname xml:lang="en-US">Work</D:displayname>
        <D:comment xmlns:xml="http://www.w3.org/XML/1998/namespace" xml:lang="fr">Travail</D:comment>
        <D:getetag>"1"</D:getetag>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        let name = r.property(DAV, "displayname").unwrap();
        let lang = name.attributes().next().unwrap();
        assert_eq!(lang.namespace(), XML_NS);
        assert_eq!(lang.local_name(), "lang");
        assert_eq!(lang.qualified_name(), "xml:lang");
        assert_eq!(name.attribute(XML_NS, "lang").unwrap().value(), "en-US");
        assert!(name.attribute("", "lang").is_none());
        assert_eq!(name.lang().as_deref(), Some("en-US"));
        let comment = r.property(DAV, "comment").unwrap();
        assert_eq!(comment.attributes().count(), 1, "the xmlns:xml declaration is not an attribute");
        assert_eq!(comment.lang().as_deref(), Some("fr"));
        assert_eq!(r.property(DAV, "getetag").unwrap().lang(), None);
    });
}

#[test]
fn attribute_value_decodes_and_normalises_while_raw_value_is_raw() {
    let raw = "a&amp;b&lt;c&#x41;&#66;\td\ne\r\nf&#10;g&#9;h&quot;&apos;";
    let xml = format!(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/r</D:href><D:propstat>
<D:prop><D:p v="{raw}" plain="as is" single='say "hi"'/></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#
    );
    one_response(&xml, |r| {
        let p = r.property(DAV, "p").unwrap();
        let v = p.attribute("", "v").unwrap();
        // CR LF is one line end, so one space; references to tab and LF are kept.
        assert_eq!(v.value(), "a&b<cAB d e f\ng\th\"'");
        assert_eq!(v.raw_value(), raw);
        let plain = p.attribute("", "plain").unwrap();
        assert!(matches!(plain.value(), Cow::Borrowed("as is")));
        assert_eq!(plain.raw_value(), "as is");
        assert_eq!(p.attribute("", "single").unwrap().value(), "say \"hi\"");
    });
}

#[test]
fn namespace_declarations_are_not_listed_as_attributes() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop>
        <x:p xmlns:x="urn:x" xmlns:y="urn:y" y:a="1" xmlns="urn:default" b="2" xmlnsish="3"/>
        <q xmlns="urn:q"/>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        let p = r.property("urn:x", "p").unwrap();
        let attrs: Vec<_> = p.attributes().map(|a| a.qualified_name()).collect();
        // `xmlnsish` only starts with the letters of `xmlns`: a plain attribute.
        assert_eq!(attrs, ["y:a", "b", "xmlnsish"]);
        assert_eq!(p.attribute("", "xmlnsish").unwrap().value(), "3");
        assert_eq!(p.attribute("urn:y", "a").unwrap().value(), "1");
        assert!(p.attribute("", "xmlns").is_none());
        let q = r.property("urn:q", "q").unwrap();
        assert_eq!(q.attributes().count(), 0);
    });
}

#[test]
fn bindings_on_propstat_prop_and_href_are_scoped_to_them() {
    let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:outer">
  <D:response>
    <D:href xmlns:D="DAV:" xmlns:x="urn:on-href">/r</D:href>
    <D:propstat xmlns:x="urn:on-propstat">
      <D:prop><x:a/></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop xmlns:x="urn:on-prop"><x:b/></D:prop>
      <D:prop-sibling-unknown/>
      <D:status>HTTP/1.1 404 Not Found</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop><x:c y:attr="late" xmlns:y="urn:declared-after-use"/></D:prop>
      <D:status>HTTP/1.1 403 Forbidden</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    one_response(xml, |r| {
        assert_eq!(r.href().unwrap().as_str(), "/r");
        assert_eq!(property_names(r), names(&[("urn:on-propstat", "a"), ("urn:on-prop", "b"), ("urn:outer", "c")]));
        let codes: Vec<_> = r.propstats().map(|p| p.status().unwrap().code().unwrap()).collect();
        assert_eq!(codes, [200, 404, 403]);
        let c = r.propstats().nth(2).unwrap().property("urn:outer", "c").unwrap();
        let attr = c.attributes().next().unwrap();
        assert_eq!((attr.namespace(), attr.local_name()), (Cow::Borrowed("urn:declared-after-use"), "attr"));
    });
}

// ---------------------------------------------------------------------------
// Past the few: many attributes on a tag, many bindings in scope (issue 11).
// ---------------------------------------------------------------------------

/// The error of `Multistatus::parse` and of a `ResponseReader` loop, which must agree.
fn error_of(xml: &str) -> multistatus::Error {
    let whole = Multistatus::parse(xml).expect_err("accepted");
    let mut reader = ResponseReader::new(xml);
    let streamed = loop {
        match reader.next_response() {
            Ok(Some(_)) => {}
            Ok(None) => panic!("the reader accepted what parse refused"),
            Err(error) => break error,
        }
    };
    assert_eq!(whole, streamed);
    whole
}

/// A document whose one property is `<x …attributes…/>`.
fn with_attributes(attributes: &str) -> String {
    format!(
        "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/r</D:href><D:propstat><D:prop>\
         <x xmlns:p=\"urn:same\" xmlns:q=\"urn:same\" xmlns:o=\"urn:other\" {attributes}/>\
         </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"
    )
}

#[test]
fn duplicates_among_many_attributes_are_found_at_the_second_one() {
    for count in [3, 8, 9, 40] {
        let distinct: Vec<String> = (0..count).map(|i| format!("a{i}=\"\"")).collect();
        let xml = with_attributes(&distinct.join(" "));
        one_response(&xml, |r| assert_eq!(r.property("", "x").unwrap().attributes().count(), count));
        // The first repeated name is reported, at its second occurrence.
        let repeated = format!("{} a1=\"again\" a0=\"again\"", distinct.join(" "));
        let xml = with_attributes(&repeated);
        let error = error_of(&xml);
        assert_eq!(error.kind(), &ErrorKind::DuplicateAttribute("a1".into()), "{count} attributes");
        assert_eq!(error.offset(), xml.find("a1=\"again\"").unwrap(), "{count} attributes");
    }
}

#[test]
fn namespaced_duplicates_among_many_attributes_are_found_by_uri() {
    for count in [2, 8, 9, 40] {
        // `o:` and `q:` differ by namespace: never duplicates of each other.
        let distinct: Vec<String> = (0..count).map(|i| format!("o:a{i}=\"\" p:a{i}=\"\"")).collect();
        let xml = with_attributes(&distinct.join(" "));
        one_response(&xml, |r| assert_eq!(r.property("", "x").unwrap().attributes().count(), 2 * count));
        // `q:` is bound to the same URI as `p:`: `q:a1` repeats `p:a1`.
        let xml = with_attributes(&format!("{} a1=\"\" q:a1=\"\"", distinct.join(" ")));
        let error = error_of(&xml);
        assert_eq!(error.kind(), &ErrorKind::DuplicateAttribute("q:a1".into()), "{count} pairs");
        assert_eq!(error.offset(), xml.find("q:a1").unwrap(), "{count} pairs");
    }
}

#[test]
fn prefixes_resolve_through_deep_stacks_of_bindings_and_come_back() {
    // Each level declares 20 prefixes (more than are searched one by one)
    // and rebinds `p`, then long prefixes; the innermost binding wins and
    // each end tag restores the one it hid.
    let long = "a_prefix_longer_than_seven_bytes";
    let mut xml = format!(
        "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/r</D:href><D:propstat>\
         <D:prop xmlns:p=\"urn:p0\" xmlns:{long}=\"urn:long0\">"
    );
    let levels = 6;
    for level in 1..=levels {
        xml.push_str("<v");
        for i in 0..20 {
            xml.push_str(&format!(" xmlns:n{i}=\"urn:n{level}\""));
        }
        if level % 2 == 0 {
            xml.push_str(&format!(" xmlns:p=\"urn:p{level}\" xmlns:{long}=\"urn:long{level}\""));
        }
        xml.push('>');
        xml.push_str(&format!("<p:in{level}/><{long}:in{level}/><n3:in{level}/>"));
    }
    for level in (1..=levels).rev() {
        xml.push_str(&format!("</v><p:out{level}/><{long}:out{level}/>"));
    }
    xml.push_str("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>");
    one_response(&xml, |r| {
        let mut element = r.propstats().next().unwrap().properties().next().unwrap();
        let nearest_even = |level: usize| level / 2 * 2;
        for level in 1..=levels {
            let names: Vec<_> =
                element.children().map(|c| (c.namespace().into_owned(), c.local_name().to_owned())).collect();
            let p = format!("urn:p{}", nearest_even(level));
            let long_ns = format!("urn:long{}", nearest_even(level));
            let n = format!("urn:n{level}");
            let expected_first =
                [(p, format!("in{level}")), (long_ns, format!("in{level}")), (n, format!("in{level}"))];
            assert_eq!(names[..3], expected_first, "level {level}");
            if level < levels {
                element = element.children().nth(3).unwrap();
            }
        }
        // After `</v>` of level L, the bindings of level L-1 are back.
        let outs: Vec<_> = r
            .propstats()
            .next()
            .unwrap()
            .properties()
            .filter(|c| c.local_name().starts_with("out"))
            .map(|c| (c.namespace().into_owned(), c.local_name().to_owned()))
            .collect();
        assert_eq!(outs[0..2], [("urn:p0".to_owned(), "out1".to_owned()), ("urn:long0".to_owned(), "out1".to_owned())]);
    });
}
