//! Typed decoders of well-known properties (`multistatus::props`, `DateTime`):
//! what servers send, and that a bad value fails alone. Every check runs
//! through `Multistatus::parse` and a `ResponseReader` loop.

mod common;

use common::for_each_response;

fn for_each_response_count(xml: &str, check: impl FnMut(usize, &multistatus::Response<'_>)) -> usize {
    for_each_response(xml, check).responses
}
use std::borrow::Cow;

use multistatus::props::{self, Principal};
use multistatus::{DateTime, DecodeError, Etag, Multistatus, Response, CALDAV, CALENDARSERVER, DAV};

/// One response whose 200 propstat holds `props` (prefixes D, C, CS, x bound).
fn with_props(props: &str) -> String {
    format!(
        r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:x="urn:x">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop>{props}</D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#
    )
}

/// Runs `check` on the single response of `with_props(props)`, both ways.
fn check_props(props: &str, mut check: impl FnMut(&Response<'_>, &str)) {
    let xml = with_props(props);
    let count = for_each_response_count(&xml, |_, r| check(r, &xml));
    assert_eq!(count, 1);
}

const NOV_6_1994: i64 = 784_111_777;

// ---------------------------------------------------------------------------
// getetag
// ---------------------------------------------------------------------------

#[test]
fn getetag_strong_weak_and_unquoted() {
    // (element text, as_str, opaque, weak)
    let cases: &[(&str, &str, &str, bool)] = &[
        ("\"abc\"", "\"abc\"", "abc", false),
        ("W/\"1000-660c2cf642e7e\"", "W/\"1000-660c2cf642e7e\"", "1000-660c2cf642e7e", true),
        ("unquoted-42", "unquoted-42", "unquoted-42", false),
        ("\n   \"padded\"  \n", "\"padded\"", "padded", false),
        ("&quot;escaped&quot;", "\"escaped\"", "escaped", false),
        ("\"\"", "\"\"", "", false),
    ];
    for &(text, as_str, opaque, weak) in cases {
        check_props(&format!("<D:getetag>{text}</D:getetag>"), |r, _| {
            let etag = r.etag().unwrap().unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(etag.as_str(), as_str, "{text:?}");
            assert_eq!(etag.opaque(), opaque, "{text:?}");
            assert_eq!(etag.is_weak(), weak, "{text:?}");
            // The free function gives the same.
            let direct = props::etag(&r.property(DAV, "getetag").unwrap()).unwrap();
            assert_eq!(direct, etag);
        });
    }
}

#[test]
fn empty_getetag_fails_alone() {
    check_props("<D:getetag>  </D:getetag><D:displayname>ok</D:displayname>", |r, _| {
        let error = r.etag().unwrap().unwrap_err();
        assert_eq!(error.property(), "getetag");
        assert_eq!(r.display_name().as_deref(), Some("ok"));
    });
}

// ---------------------------------------------------------------------------
// getcontentlength
// ---------------------------------------------------------------------------

#[test]
fn getcontentlength_tolerates_surrounding_whitespace() {
    for (text, expected) in [("39", 39u64), ("  39\n", 39), ("\n\t0\n", 0), ("18446744073709551615", u64::MAX)] {
        check_props(&format!("<D:getcontentlength>{text}</D:getcontentlength>"), |r, _| {
            assert_eq!(r.content_length(), Some(Ok(expected)), "{text:?}");
        });
    }
}

#[test]
fn invalid_getcontentlength_fails_alone() {
    for bad in ["12a", "", "-1", "+1", "1 2", "0x10", "1.5", "18446744073709551616", "\u{661}\u{662}"] {
        let props = format!(
            "<D:getetag>\"1\"</D:getetag><D:getcontentlength>{bad}</D:getcontentlength><D:displayname>name</D:displayname>"
        );
        check_props(&props, |r, xml| {
            let error = r.content_length().unwrap().unwrap_err();
            assert_eq!(error.property(), "getcontentlength", "{bad:?}");
            assert_eq!(error.value(), bad, "{bad:?}");
            assert!(xml[error.offset()..].starts_with("<D:getcontentlength>"), "{bad:?}");
            // The rest of the response still decodes.
            assert_eq!(r.etag().unwrap().unwrap().as_str(), "\"1\"");
            assert_eq!(r.display_name().as_deref(), Some("name"));
            assert_eq!(r.propstats().next().unwrap().properties().count(), 3);
        });
    }
}

// ---------------------------------------------------------------------------
// getlastmodified and creationdate
// ---------------------------------------------------------------------------

#[test]
fn getlastmodified_reads_every_http_date_form() {
    for text in [
        "Sun, 06 Nov 1994 08:49:37 GMT",       // RFC 1123
        "Sunday, 06-Nov-94 08:49:37 GMT",      // RFC 850
        "Sun Nov  6 08:49:37 1994",            // asctime
        "06 Nov 1994 08:49:37 GMT",            // no weekday
        "Sun, 06 Nov 1994 08:49:37 UTC",       // UTC zone
        "Sun, 06 Nov 1994 08:49:37 +0000",     // numeric zone
        "Sun, 6 Nov 1994 08:49:37 GMT",        // one-digit day
        "\n  Sun, 06 Nov 1994 08:49:37 GMT\n", // surrounding whitespace
    ] {
        check_props(&format!("<D:getlastmodified>{text}</D:getlastmodified>"), |r, _| {
            let date = r.last_modified().unwrap().unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(date.unix_timestamp(), NOV_6_1994, "{text:?}");
            assert_eq!((date.year, date.month, date.day), (1994, 11, 6), "{text:?}");
            assert_eq!((date.hour, date.minute, date.second), (8, 49, 37), "{text:?}");
            assert_eq!(date.offset_minutes, 0, "{text:?}");
        });
    }
}

#[test]
fn http_dates_read_as_an_independent_implementation_writes_and_reads_them() {
    // hyper's httpdate writes IMF-fixdate, the form servers send: 1970 to 9999, one instant about every 40 days, at varied times of day.
    let (mut seconds, mut compared) = (0u64, 0);
    while seconds < 253_402_300_799 {
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        let text = httpdate::fmt_http_date(time);
        let date = DateTime::parse_http_date(&text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(date.unix_timestamp(), seconds as i64, "{text}");
        assert_eq!(date.to_system_time(), time, "{text}");
        // Each change of one character it still reads must be read as httpdate reads it.
        for (i, replacement) in [(5, b'3'), (6, b'9'), (8, b'F'), (17, b'2'), (20, b'5'), (24, b'0')] {
            let mut changed = text.clone().into_bytes();
            changed[i] = replacement;
            let changed = String::from_utf8(changed).unwrap();
            let ours = DateTime::parse_http_date(&changed).map(|d| d.unix_timestamp());
            if let Ok(theirs) = httpdate::parse_http_date(&changed) {
                let theirs = theirs.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
                assert_eq!(ours, Some(theirs), "{changed}");
                compared += 1;
            }
        }
        seconds += 3_456_007 + seconds % 7_919;
    }
    assert!(compared > 150_000, "{compared} changed dates both read");
}

#[test]
fn getlastmodified_with_a_numeric_offset_keeps_the_offset() {
    check_props("<D:getlastmodified>Sun, 06 Nov 1994 03:49:37 -0500</D:getlastmodified>", |r, _| {
        let date = r.last_modified().unwrap().unwrap();
        assert_eq!(date.offset_minutes, -300);
        assert_eq!(date.unix_timestamp(), NOV_6_1994);
    });
}

#[test]
fn invalid_getlastmodified_fails_alone() {
    check_props(
        "<D:getlastmodified>yesterday</D:getlastmodified><D:getcontentlength>5</D:getcontentlength>",
        |r, xml| {
            let error = r.last_modified().unwrap().unwrap_err();
            assert_eq!(error.property(), "getlastmodified");
            assert_eq!(error.value(), "yesterday");
            assert!(xml[error.offset()..].starts_with("<D:getlastmodified>"));
            assert_eq!(r.content_length(), Some(Ok(5)));
        },
    );
}

#[test]
fn creationdate_reads_rfc3339() {
    // (text, unix timestamp, nanoseconds, offset minutes, Display)
    let cases: &[(&str, i64, u32, i16, &str)] = &[
        ("1997-12-01T17:42:21-08:00", 881_026_941, 0, -480, "1997-12-01T17:42:21-08:00"),
        ("1997-12-02T01:42:21Z", 881_026_941, 0, 0, "1997-12-02T01:42:21Z"),
        ("1997-12-02T07:12:21+05:30", 881_026_941, 0, 330, "1997-12-02T07:12:21+05:30"),
        ("2026-11-21T05:30:00.123Z", 1_795_239_000, 123_000_000, 0, "2026-11-21T05:30:00.123000000Z"),
        ("2026-11-21T05:30:00.5+00:00", 1_795_239_000, 500_000_000, 0, "2026-11-21T05:30:00.500000000Z"),
        ("\n 2026-11-21T05:41:19Z \n", 1_795_239_679, 0, 0, "2026-11-21T05:41:19Z"),
    ];
    for &(text, timestamp, nanosecond, offset, display) in cases {
        check_props(&format!("<lp1:creationdate xmlns:lp1=\"DAV:\">{text}</lp1:creationdate>"), |r, _| {
            let date = r.creation_date().unwrap().unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(date.unix_timestamp(), timestamp, "{text:?}");
            assert_eq!(date.nanosecond, nanosecond, "{text:?}");
            assert_eq!(date.offset_minutes, offset, "{text:?}");
            assert_eq!(date.to_string(), display, "{text:?}");
        });
    }
}

#[test]
fn invalid_creationdate_fails_alone() {
    check_props(
        "<D:creationdate>Sun, 06 Nov 1994 08:49:37 GMT</D:creationdate><D:displayname>n</D:displayname>",
        |r, _| {
            let error = r.creation_date().unwrap().unwrap_err();
            assert_eq!(error.property(), "creationdate");
            assert_eq!(r.display_name().as_deref(), Some("n"));
        },
    );
}

#[test]
fn date_time_converts_to_system_time() {
    let date = DateTime::parse_rfc3339("2026-11-21T05:30:00.25Z").unwrap();
    let since = date.to_system_time().duration_since(std::time::UNIX_EPOCH).unwrap();
    assert_eq!(since.as_secs(), 1_795_239_000);
    assert_eq!(since.subsec_nanos(), 250_000_000);
}

// ---------------------------------------------------------------------------
// resourcetype, displayname, getcontenttype
// ---------------------------------------------------------------------------

#[test]
fn resourcetype_reports_every_kind() {
    // (markup, collection, calendar, addressbook, principal, kinds)
    type Case<'a> = (&'a str, bool, bool, bool, bool, &'a [(&'a str, &'a str)]);
    let cases: &[Case<'_>] = &[
        ("<D:resourcetype/>", false, false, false, false, &[]),
        ("<D:resourcetype>\n</D:resourcetype>", false, false, false, false, &[]),
        ("<D:resourcetype><D:collection/></D:resourcetype>", true, false, false, false, &[(DAV, "collection")]),
        (
            "<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>",
            true,
            true,
            false,
            false,
            &[(DAV, "collection"), (CALDAV, "calendar")],
        ),
        (
            "<D:resourcetype>\n  <CR:addressbook/>\n  <D:collection/>\n</D:resourcetype>",
            true,
            false,
            true,
            false,
            &[("urn:ietf:params:xml:ns:carddav", "addressbook"), (DAV, "collection")],
        ),
        ("<D:resourcetype><D:principal/></D:resourcetype>", false, false, false, true, &[(DAV, "principal")]),
        (
            "<D:resourcetype><D:collection/><CS:calendar-proxy-read/><CS:shared-owner/></D:resourcetype>",
            true,
            false,
            false,
            false,
            &[(DAV, "collection"), (CALENDARSERVER, "calendar-proxy-read"), (CALENDARSERVER, "shared-owner")],
        ),
        // A calendar element in the wrong namespace is not a calendar.
        (
            "<D:resourcetype><D:calendar/><x:collection/></D:resourcetype>",
            false,
            false,
            false,
            false,
            &[(DAV, "calendar"), ("urn:x", "collection")],
        ),
    ];
    for &(markup, collection, calendar, addressbook, principal, kinds) in cases {
        check_props(markup, |r, _| {
            let rt = r.resource_type().unwrap();
            assert_eq!(rt.is_collection(), collection, "{markup}");
            assert_eq!(rt.is_calendar(), calendar, "{markup}");
            assert_eq!(rt.is_addressbook(), addressbook, "{markup}");
            assert_eq!(rt.is_principal(), principal, "{markup}");
            let seen: Vec<(String, &str)> = rt.kinds().map(|(ns, name)| (ns.into_owned(), name)).collect();
            let expected: Vec<(String, &str)> = kinds.iter().map(|(ns, name)| (ns.to_string(), *name)).collect();
            assert_eq!(seen, expected, "{markup}");
            for (ns, name) in kinds {
                assert!(rt.has(ns, name), "{markup}: has({ns}, {name})");
            }
        });
    }
}

#[test]
fn displayname_is_untrimmed_decoded_text() {
    check_props("<D:displayname> Alice &amp; Bob&#x27;s <![CDATA[<cal>]]> </D:displayname>", |r, _| {
        assert_eq!(r.display_name().as_deref(), Some(" Alice & Bob's <cal> "));
    });
    check_props("<D:displayname/>", |r, _| assert_eq!(r.display_name().as_deref(), Some("")));
}

#[test]
fn getcontenttype_is_trimmed() {
    check_props(
        "<D:getcontenttype>\n  text/calendar; charset=utf-8; component=vevent \n</D:getcontenttype>",
        |r, _| {
            assert_eq!(r.content_type().as_deref(), Some("text/calendar; charset=utf-8; component=vevent"));
        },
    );
    check_props("<D:getcontenttype>httpd/unix-directory</D:getcontenttype>", |r, _| {
        assert!(matches!(r.content_type(), Some(Cow::Borrowed("httpd/unix-directory"))));
    });
}

// ---------------------------------------------------------------------------
// Quota (RFC 4331)
// ---------------------------------------------------------------------------

#[test]
fn quota_bytes_are_signed() {
    // ownCloud / Nextcloud send -3 for "unlimited", -2 for "not computed".
    for (used, available) in [("1024", "-3"), (" 0 ", "-2"), ("9223372036854775807", "-1"), ("7", "5368709120")] {
        let props = format!(
            "<D:quota-used-bytes>{used}</D:quota-used-bytes><D:quota-available-bytes>{available}</D:quota-available-bytes>"
        );
        check_props(&props, |r, _| {
            assert_eq!(r.quota_used_bytes(), Some(Ok(used.trim().parse::<i64>().unwrap())), "{used:?}");
            assert_eq!(r.quota_available_bytes(), Some(Ok(available.parse::<i64>().unwrap())), "{available:?}");
        });
    }
}

#[test]
fn invalid_quota_bytes_fail_alone_and_name_their_property() {
    for bad in ["", "-", "--3", "+3", "1e3", "9223372036854775808", "unlimited"] {
        let props = format!(
            "<D:quota-used-bytes>{bad}</D:quota-used-bytes><D:quota-available-bytes>{bad}</D:quota-available-bytes><D:getcontentlength>1</D:getcontentlength>"
        );
        check_props(&props, |r, xml| {
            let used = r.quota_used_bytes().unwrap().unwrap_err();
            assert_eq!(used.property(), "quota-used-bytes", "{bad:?}");
            assert!(xml[used.offset()..].starts_with("<D:quota-used-bytes>"));
            let available = r.quota_available_bytes().unwrap().unwrap_err();
            assert_eq!(available.property(), "quota-available-bytes", "{bad:?}");
            assert!(xml[available.offset()..].starts_with("<D:quota-available-bytes>"));
            assert_eq!(r.content_length(), Some(Ok(1)));
        });
    }
}

// ---------------------------------------------------------------------------
// current-user-principal (RFC 5397)
// ---------------------------------------------------------------------------

#[test]
fn current_user_principal_as_href() {
    check_props(
        "<D:current-user-principal>\n  <D:href> /principals/users/alice/ </D:href>\n</D:current-user-principal>",
        |r, _| {
            let Some(Ok(Principal::Href(href))) = r.current_user_principal() else {
                panic!("expected an href, got {:?}", r.current_user_principal());
            };
            assert_eq!(href.as_str(), "/principals/users/alice/");
            assert_eq!(r.hrefs().count(), 1, "the principal href is not a response href");
            assert_eq!(r.href().unwrap().as_str(), "/r");
        },
    );
}

#[test]
fn current_user_principal_unauthenticated() {
    check_props("<D:current-user-principal><D:unauthenticated/></D:current-user-principal>", |r, _| {
        assert_eq!(r.current_user_principal(), Some(Ok(Principal::Unauthenticated)));
    });
}

#[test]
fn invalid_current_user_principal_fails_alone() {
    for markup in [
        "<D:current-user-principal/>",
        "<D:current-user-principal>/principals/alice/</D:current-user-principal>",
        "<D:current-user-principal><x:href>/p/</x:href><x:unauthenticated/></D:current-user-principal>",
    ] {
        check_props(&format!("{markup}<D:displayname>d</D:displayname>"), |r, xml| {
            let error = r.current_user_principal().unwrap().unwrap_err();
            assert_eq!(error.property(), "current-user-principal", "{markup}");
            assert!(xml[error.offset()..].starts_with("<D:current-user-principal"), "{markup}");
            assert_eq!(r.display_name().as_deref(), Some("d"));
        });
    }
}

// ---------------------------------------------------------------------------
// sync-token property (RFC 6578 §4)
// ---------------------------------------------------------------------------

#[test]
fn sync_token_property_is_trimmed_and_distinct_from_the_document_token() {
    let xml = r#"<d:multistatus xmlns:d="DAV:">
  <d:response>
    <d:href>/cal/</d:href>
    <d:propstat>
      <d:prop><d:sync-token>
        http://example.com/ns/sync/1234
      </d:sync-token></d:prop>
      <d:status>HTTP/1.1 200 OK</d:status>
    </d:propstat>
  </d:response>
</d:multistatus>"#;
    let count = for_each_response_count(xml, |_, r| {
        assert_eq!(r.collection_sync_token().as_deref(), Some("http://example.com/ns/sync/1234"));
    });
    assert_eq!(count, 1);
    assert_eq!(Multistatus::parse(xml).unwrap().sync_token(), None);
}

// ---------------------------------------------------------------------------
// Refused properties, DecodeError.
// ---------------------------------------------------------------------------

#[test]
fn typed_accessors_ignore_properties_of_non_2xx_propstats() {
    let xml = r#"<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>/r</D:href>
    <D:propstat>
      <D:prop><D:displayname>shown</D:displayname></D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop>
        <D:getetag>"1"</D:getetag><D:getcontentlength>5</D:getcontentlength>
        <D:getlastmodified>Sun, 06 Nov 1994 08:49:37 GMT</D:getlastmodified>
        <D:creationdate>1997-12-01T17:42:21-08:00</D:creationdate>
        <D:resourcetype><D:collection/></D:resourcetype>
        <D:getcontenttype>text/plain</D:getcontenttype>
        <D:quota-used-bytes>1</D:quota-used-bytes><D:quota-available-bytes>2</D:quota-available-bytes>
        <D:current-user-principal><D:href>/p/</D:href></D:current-user-principal>
        <D:sync-token>t</D:sync-token>
      </D:prop>
      <D:status>HTTP/1.1 404 Not Found</D:status>
    </D:propstat>
  </D:response>
</D:multistatus>"#;
    let count = for_each_response_count(xml, |_, r| {
        assert!(r.etag().is_none());
        assert!(r.content_length().is_none());
        assert!(r.last_modified().is_none());
        assert!(r.creation_date().is_none());
        assert!(r.resource_type().is_none());
        assert!(r.content_type().is_none());
        assert!(r.quota_used_bytes().is_none());
        assert!(r.quota_available_bytes().is_none());
        assert!(r.current_user_principal().is_none());
        assert!(r.collection_sync_token().is_none());
        assert_eq!(r.display_name().as_deref(), Some("shown"));
        // The free decoders still read the refused element when asked directly.
        let refused = r.propstats().nth(1).unwrap();
        assert_eq!(props::content_length(&refused.property(DAV, "getcontentlength").unwrap()), Ok(5));
    });
    assert_eq!(count, 1);
}

#[test]
fn decode_error_reports_property_value_and_offset() {
    let long = "x".repeat(100);
    let props =
        format!("<D:getcontentlength>\n  12 bytes\n</D:getcontentlength><D:getlastmodified>{long}</D:getlastmodified>");
    check_props(&props, |r, xml| {
        let error: DecodeError = r.content_length().unwrap().unwrap_err();
        let offset = xml.find("<D:getcontentlength>").unwrap();
        assert_eq!(error.property(), "getcontentlength");
        assert_eq!(error.value(), "12 bytes");
        assert_eq!(error.offset(), offset);
        assert_eq!(error.to_string(), format!("invalid getcontentlength value `12 bytes` at byte {offset}"));
        let boxed: Box<dyn std::error::Error> = Box::new(error.clone());
        assert_eq!(boxed.to_string(), error.to_string());

        let error = r.last_modified().unwrap().unwrap_err();
        assert_eq!(error.value(), "x".repeat(80), "values are cut at 80 characters");
        assert_eq!(error.offset(), xml.find("<D:getlastmodified>").unwrap());
    });
}

#[test]
fn etag_into_owned_outlives_the_input() {
    let owned: Etag<'static> = {
        let xml = with_props("<D:getetag>W/\"abc\"</D:getetag>");
        let multistatus = Multistatus::parse(&xml).unwrap();
        let etag = multistatus.response(0).unwrap().etag().unwrap().unwrap();
        etag.into_owned()
    };
    assert_eq!(owned.as_str(), "W/\"abc\"");
    assert_eq!(owned.opaque(), "abc");
    assert!(owned.is_weak());
}
