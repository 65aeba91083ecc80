//! The peers, each as `run` (its own entry point, its result as JSON) and
//! `expect` (the same JSON from the canonical model, by the rules the peer
//! documents), plus `timed` functions that call the entry point and return
//! its native result for the benchmarks.

use serde_json::{json, Value};

use multistatus_oracles::model::{self, Property};
use multistatus_oracles::roxml::parse_status_line;

use crate::Peer;

const DAV: &str = "DAV:";
const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";

/// A collection href no document lists: libdav's `ListResources` leaves the
/// collection's own entry out, and every response is compared here.
const NO_COLLECTION: &str = "\u{1}no-collection\u{1}";

/// The head of a `207 Multi-Status` HTTP response, which libdav's
/// `parse_response` takes beside the body.
fn multi_status_head() -> http::response::Parts {
    http::Response::builder().status(207).body(()).expect("a valid response head").into_parts().0
}

/// Every property of a response, all propstats in document order.
fn properties(response: &model::Response) -> impl Iterator<Item = &Property> {
    response.propstats.iter().flat_map(|p| &p.props)
}

/// The text of the first property `{ns}name` of a response.
fn first_text<'a>(response: &'a model::Response, ns: &str, name: &str) -> Option<&'a str> {
    properties(response).find(|p| p.ns == ns && p.name == name).map(|p| p.text.as_str())
}

/// Percent-decoding, lossy: libdav re-encodes hrefs ("only reserved
/// characters are percent-encoded"), so hrefs compare decoded.
fn percent_decoded(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))
}

/// A status line's code, as the canonical model reads it; the line itself
/// when it has none, so that a difference shows.
fn code_of(line: &str) -> Value {
    parse_status_line(line).map_or_else(|_| Value::from(line.trim()), Value::from)
}

// ---------------------------------------------------------------- libdav

/// libdav's `ListResources` on the body: its native result.
pub fn libdav_list_timed(bytes: &[u8]) -> Result<libdav::dav::ListResourcesResponse, String> {
    use libdav::requests::DavRequest;
    libdav::dav::ListResources::new(NO_COLLECTION)
        .parse_response(&multi_status_head(), bytes)
        .map_err(|e| e.to_string())
}

/// libdav's `GetCalendarResources` on the body: its native result.
pub fn libdav_calendar_timed(bytes: &[u8]) -> Result<libdav::caldav::GetCalendarResourcesResponse, String> {
    use libdav::requests::DavRequest;
    libdav::caldav::GetCalendarResources::new(NO_COLLECTION)
        .parse_response(&multi_status_head(), bytes)
        .map_err(|e| e.to_string())
}

fn libdav_list_run(bytes: &[u8]) -> Result<Value, String> {
    let listed = libdav_list_timed(bytes)?;
    Ok(json!({"responses": listed
        .resources
        .iter()
        .map(|r| {
            json!({
                "href": percent_decoded(&r.href),
                "status": r.status.map(|s| s.as_u16()),
                "etag": r.etag,
                "content_type": r.content_type,
            })
        })
        .collect::<Vec<_>>()}))
}

fn libdav_list_expect(golden: &model::Multistatus) -> Value {
    let non_empty = |text: Option<&str>| text.filter(|t| !t.is_empty()).map(str::to_owned);
    let responses: Vec<Value> = golden
        .responses
        .iter()
        .map(|r| {
            json!({
                "href": r.hrefs.first().map(|h| percent_decoded(h)),
                "status": r.status.or_else(|| r.propstats.iter().find_map(|p| p.status)),
                "etag": non_empty(first_text(r, DAV, "getetag")),
                "content_type": non_empty(first_text(r, DAV, "getcontenttype")),
            })
        })
        .collect();
    json!({ "responses": responses })
}

/// libdav's documented convention for calendar data: every line ends in CRLF.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn libdav_calendar_run(bytes: &[u8]) -> Result<Value, String> {
    let fetched = libdav_calendar_timed(bytes)?;
    let resources: Vec<Value> = fetched
        .resources
        .iter()
        .map(|r| match &r.content {
            Ok(content) => json!({"href": percent_decoded(&r.href), "etag": content.etag, "data": content.data}),
            Err(status) => json!({"href": percent_decoded(&r.href), "status": status.as_u16()}),
        })
        .collect();
    Ok(json!({ "resources": resources }))
}

fn libdav_calendar_expect(golden: &model::Multistatus) -> Value {
    let mut out = Vec::new();
    for r in &golden.responses {
        if r.propstats.is_empty() {
            for href in &r.hrefs {
                out.push(json!({"href": percent_decoded(href), "status": r.status}));
            }
        } else {
            out.push(json!({
                "href": r.hrefs.first().map(|h| percent_decoded(h)),
                "etag": first_text(r, DAV, "getetag"),
                "data": first_text(r, CALDAV, "calendar-data").map(crlf),
            }));
        }
    }
    json!({ "resources": out })
}

fn has_calendar_data(golden: &model::Multistatus) -> bool {
    golden.responses.iter().any(|r| properties(r).any(|p| p.ns == CALDAV && p.name == "calendar-data"))
}

// ----------------------------------------------------------- fast-dav-rs

/// fast-dav-rs's `parse_multistatus_bytes`: its native result.
pub fn fast_dav_timed(
    bytes: &[u8],
) -> Result<fast_dav_rs::webdav::streaming::ParseResult<Vec<fast_dav_rs::DavItem>>, String> {
    fast_dav_rs::webdav::streaming::parse_multistatus_bytes(bytes).map_err(|e| e.to_string())
}

fn fast_dav_run(bytes: &[u8]) -> Result<Value, String> {
    let parsed = fast_dav_timed(bytes)?;
    let items: Vec<Value> = parsed
        .items
        .iter()
        .map(|item| {
            json!({
                "href": item.href,
                "status": item.response_status.as_deref().map(code_of),
                "propstats": item.propstats.iter().map(|p| json!({
                    "status": p.status.as_deref().map(code_of),
                    "names": p.prop_names,
                })).collect::<Vec<_>>(),
                "displayname": item.displayname,
                "etag": item.etag,
                "calendar_data": item.calendar_data,
            })
        })
        .collect();
    Ok(json!({"responses": items, "sync_token": parsed.sync_token}))
}

fn fast_dav_expect(golden: &model::Multistatus) -> Value {
    // Values are trimmed and blank ones skipped; the etag loses its quotes
    // (`normalize_etag`); calendar data is kept as sent.
    let trimmed = |text: Option<&str>| text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let responses: Vec<Value> = golden
        .responses
        .iter()
        .map(|r| {
            let names = |p: &model::Propstat| {
                let mut names: Vec<String> = Vec::new();
                for property in &p.props {
                    if !names.contains(&property.name) {
                        names.push(property.name.clone());
                    }
                }
                names
            };
            json!({
                "href": r.hrefs.first().cloned().unwrap_or_default(),
                "status": r.status,
                "propstats": r.propstats.iter().map(|p| json!({"status": p.status, "names": names(p)})).collect::<Vec<_>>(),
                "displayname": trimmed(first_text(r, DAV, "displayname")),
                "etag": trimmed(first_text(r, DAV, "getetag")).map(|e| fast_dav_rs::normalize_etag(&e)),
                "calendar_data": first_text(r, CALDAV, "calendar-data").filter(|t| !t.is_empty()),
            })
        })
        .collect();
    json!({"responses": responses, "sync_token": golden.sync_token})
}

// ----------------------------------------------------------- reqwest_dav

/// What reqwest_dav's `list_rsp` does with the body: serde-xml-rs into
/// its public `ListMultiStatus`.
pub fn reqwest_dav_timed(bytes: &[u8]) -> Result<reqwest_dav::list_cmd::ListMultiStatus, String> {
    serde_xml_rs::from_str(utf8(bytes)?).map_err(|e| e.to_string())
}

fn reqwest_dav_run(bytes: &[u8]) -> Result<Value, String> {
    let parsed = reqwest_dav_timed(bytes)?;
    let responses: Vec<Value> = parsed
        .responses
        .iter()
        .map(|r| {
            json!({
                "href": r.href,
                "propstats": r.prop_stat.iter().map(|p| json!({
                    "status": code_of(&p.status),
                    "etag": p.prop.tag,
                    "content_type": p.prop.content_type,
                    "content_length": p.prop.content_length,
                    "calendar_data": p.prop.calendar_data,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({ "responses": responses }))
}

fn reqwest_dav_expect(golden: &model::Multistatus) -> Value {
    let responses: Vec<Value> = golden
        .responses
        .iter()
        .map(|r| {
            json!({
                "href": r.hrefs.first(),
                "propstats": r.propstats.iter().map(|p| {
                    let text = |name: &str, ns: &str| p.props.iter().find(|q| q.ns == ns && q.name == name).map(|q| q.text.clone());
                    json!({
                        "status": p.status,
                        "etag": text("getetag", DAV),
                        "content_type": text("getcontenttype", DAV),
                        "content_length": text("getcontentlength", DAV).and_then(|t| t.trim().parse::<i64>().ok()),
                        "calendar_data": text("calendar-data", CALDAV),
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "responses": responses })
}

// ------------------------------------------------------------- io-webdav

/// io-webdav's `rfc4918::parse_multistatus`: its native result (it takes
/// text, so the body is checked as UTF-8 first, as a caller must).
pub fn io_webdav_timed(bytes: &[u8]) -> Result<io_webdav::rfc4918::WebdavMultistatus, String> {
    Ok(io_webdav::rfc4918::parse_multistatus(utf8(bytes)?))
}

fn io_webdav_run(bytes: &[u8]) -> Result<Value, String> {
    let parsed = io_webdav_timed(bytes)?;
    let responses: Vec<Value> = parsed
        .responses
        .iter()
        .map(|r| {
            json!({
                "href": r.href,
                "status": r.status,
                "props": r.props.iter().map(|p| json!([p.local, p.text, p.children.len()])).collect::<Vec<_>>(),
                "failures": r.failures.iter().map(|f| json!([f.status, f.property])).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({"responses": responses, "sync_token": parsed.sync_token}))
}

fn io_webdav_expect(golden: &model::Multistatus) -> Value {
    // Properties of 2xx propstats by local name, text and child count; the
    // others as failures with their status; a propstat without a status is
    // neither (the peer drops it by design).
    let responses: Vec<Value> = golden
        .responses
        .iter()
        .map(|r| {
            let ok = |p: &&model::Propstat| p.status.is_some_and(|s| s / 100 == 2);
            let failed = |p: &&model::Propstat| p.status.is_some_and(|s| s / 100 != 2);
            json!({
                "href": r.hrefs.first().cloned().unwrap_or_default(),
                "status": r.status,
                "props": r.propstats.iter().filter(ok).flat_map(|p| &p.props)
                    .map(|p| json!([p.name, p.text, p.children])).collect::<Vec<_>>(),
                "failures": r.propstats.iter().filter(failed)
                    .flat_map(|p| p.props.iter().map(move |q| json!([p.status, q.name]))).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"responses": responses, "sync_token": golden.sync_token.as_deref().filter(|t| !t.is_empty())})
}

// ------------------------------------------------------------ webdav-xml

/// webdav-xml's `Multistatus::from_xml`: its native result. `Bytes` is what
/// an HTTP client hands over; the benchmark builds it once, untimed.
pub fn webdav_xml_timed(body: bytes::Bytes) -> Result<webdav_xml::elements::Multistatus, String> {
    use webdav_xml::FromXml;
    webdav_xml::elements::Multistatus::from_xml(body).map_err(|e| e.to_string())
}

/// webdav-xml's first stage alone, `Value::from_xml`: the generic tree.
pub fn webdav_xml_value_timed(body: bytes::Bytes) -> Result<webdav_xml::Value, String> {
    use webdav_xml::FromXml;
    webdav_xml::Value::from_xml(body).map_err(|e| e.to_string())
}

fn webdav_xml_run(bytes: &[u8]) -> Result<Value, String> {
    use webdav_xml::elements::Response;
    let parsed = webdav_xml_timed(bytes::Bytes::copy_from_slice(bytes))?;
    let text = |d: &Option<webdav_xml::elements::ResponseDescription>| d.as_ref().map(|d| d.0.to_string());
    let responses: Vec<Value> = parsed
        .response
        .iter()
        .map(|r| match r {
            Response::Propstat { href, propstat, responsedescription } => json!({
                "hrefs": [href.0.to_string()],
                "propstats": propstat.iter().map(|p| json!({
                    "status": p.status.0.as_u16(),
                    "names": p.prop.names().map(|n| json!([n.namespace.as_deref().unwrap_or(""), &*n.local_name])).collect::<Vec<_>>(),
                    "description": text(&p.responsedescription),
                })).collect::<Vec<_>>(),
                "description": text(responsedescription),
            }),
            Response::Status { href, status, responsedescription } => json!({
                "hrefs": href.iter().map(|h| h.0.to_string()).collect::<Vec<_>>(),
                "status": status.0.as_u16(),
                "description": text(responsedescription),
            }),
        })
        .collect();
    Ok(json!({"responses": responses, "description": text(&parsed.responsedescription)}))
}

fn webdav_xml_expect(golden: &model::Multistatus) -> Value {
    // A response is one of RFC 4918's two forms; properties by namespace
    // and name, a name repeated in one prop counted once (a map).
    let responses: Vec<Value> = golden
        .responses
        .iter()
        .map(|r| {
            if r.propstats.is_empty() {
                json!({"hrefs": r.hrefs, "status": r.status, "description": r.description})
            } else {
                let names = |p: &model::Propstat| {
                    let mut names: Vec<Value> = Vec::new();
                    for q in &p.props {
                        let name = json!([q.ns, q.name]);
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                    names
                };
                json!({
                    "hrefs": r.hrefs.first().map(|h| vec![h]).unwrap_or_default(),
                    "propstats": r.propstats.iter().map(|p| json!({
                        "status": p.status, "names": names(p), "description": p.description,
                    })).collect::<Vec<_>>(),
                    "description": r.description,
                })
            }
        })
        .collect();
    json!({"responses": responses, "description": golden.description})
}

// ------------------------------------------------------------------ list

/// libdav's listing request.
pub const LIBDAV_LIST: Peer = Peer {
    name: "libdav `ListResources`",
    krate: "libdav 0.11.2",
    entry_point: "`ListResources::new(collection).parse_response(&head, body)` through the public `DavRequest` trait",
    fields: "per response: the first href (compared percent-decoded: libdav re-encodes hrefs), the status \
             (the response's, else the first propstat's), the text of the first `DAV:getetag` and \
             `DAV:getcontenttype` (empty as absent)",
    scope: None,
    run: libdav_list_run,
    expect: libdav_list_expect,
};

/// libdav's calendar fetch (calendar-multiget or calendar-query answers).
pub const LIBDAV_CALENDAR: Peer = Peer {
    name: "libdav `GetCalendarResources`",
    krate: "libdav 0.11.2",
    entry_point: "`GetCalendarResources::new(collection).parse_response(&head, body)` through `DavRequest`",
    fields: "per response with propstats: the first href (percent-decoded), the first `DAV:getetag` text and \
             the first `C:calendar-data` text with CRLF line ends (libdav's documented convention); per href \
             of a response without propstats: the response status",
    scope: Some(("documents with `C:calendar-data`", has_calendar_data)),
    run: libdav_calendar_run,
    expect: libdav_calendar_expect,
};

/// fast-dav-rs's streaming parser on a whole body.
pub const FAST_DAV: Peer = Peer {
    name: "fast-dav-rs `parse_multistatus_bytes`",
    krate: "fast-dav-rs 0.19.0",
    entry_point: "`webdav::streaming::parse_multistatus_bytes(body)`",
    fields: "per response: the first href, the response status, per propstat the status and the local names \
             of its properties (each once), the trimmed text of the first `DAV:displayname` and \
             `DAV:getetag` (through its own `normalize_etag`), the `C:calendar-data` text; the sync token",
    scope: None,
    run: fast_dav_run,
    expect: fast_dav_expect,
};

/// reqwest_dav's listing types.
pub const REQWEST_DAV: Peer = Peer {
    name: "reqwest_dav `ListMultiStatus`",
    krate: "reqwest_dav 0.3.3 (serde-xml-rs 0.6.0)",
    entry_point: "`serde_xml_rs::from_str::<list_cmd::ListMultiStatus>(body)`, what its `list_rsp` does",
    fields: "per response: the href; per propstat: the status and the texts of `DAV:getetag`, \
             `DAV:getcontenttype`, `C:calendar-data`, and `DAV:getcontentlength` as a number",
    scope: None,
    run: reqwest_dav_run,
    expect: reqwest_dav_expect,
};

/// io-webdav's multistatus reader.
pub const IO_WEBDAV: Peer = Peer {
    name: "io-webdav `parse_multistatus`",
    krate: "io-webdav 0.5.1",
    entry_point: "`rfc4918::parse_multistatus(text)` (after a UTF-8 check: it takes `&str`)",
    fields: "per response: the first href, the status, the properties of its 2xx propstats (local name, \
             text, child count), the local names of the others with their status; the sync token",
    scope: None,
    run: io_webdav_run,
    expect: io_webdav_expect,
};

/// webdav-xml's typed elements.
pub const WEBDAV_XML: Peer = Peer {
    name: "webdav-xml `Multistatus::from_xml`",
    krate: "webdav-xml 0.1.0",
    entry_point: "`elements::Multistatus::from_xml(bytes)` (`FromXml`)",
    fields: "per response: its hrefs, the status or per propstat the status, the properties' namespaces and \
             names, the descriptions; the multistatus description",
    scope: None,
    run: webdav_xml_run,
    expect: webdav_xml_expect,
};

/// Every peer, in the order of the table.
pub const ALL: [Peer; 6] = [LIBDAV_LIST, LIBDAV_CALENDAR, FAST_DAV, REQWEST_DAV, IO_WEBDAV, WEBDAV_XML];

// ------------------------------------------------- XML-level references

/// xmlparser's tokenizer (roxmltree's) counting tokens: an XML-level
/// reference beside quick-xml's, no WebDAV extraction.
pub fn xmlparser_tokens(bytes: &[u8]) -> Result<usize, String> {
    let mut count = 0;
    for token in xmlparser::Tokenizer::from(utf8(bytes)?) {
        token.map_err(|e| e.to_string())?;
        count += 1;
    }
    Ok(count)
}

/// robinson's DOM: the document, for its element count (dropped untimed).
pub fn robinson_document(bytes: &[u8]) -> Result<robinson::Document<'_>, String> {
    robinson::Document::parse(utf8(bytes)?).map_err(|e| e.to_string())
}
