//! The canonical JSON form of a multistatus, as printed by `msdump --json`:
//! a fixed shape that any other implementation can produce and compare.
//!
//! ```text
//! {"responses": [{"hrefs": [str], "status": int|null,
//!                 "propstats": [{"status": int|null,
//!                                "props": [{"ns": str, "name": str, "text": str, "children": int}],
//!                                "error": [{"ns": str, "name": str}]|null,
//!                                "description": str|null}],
//!                 "error": [...]|null, "description": str|null, "location": str|null}],
//!  "description": str|null, "sync_token": str|null}
//! ```
//! Hrefs, location and sync token are trimmed of ASCII whitespace; texts and
//! descriptions are untrimmed DOM `textContent`.

use std::fmt::Write;

use crate::response::Response;
use crate::tree::Element;

/// Appends `text` as a JSON string literal (RFC 8259 §7).
pub fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A status code, `null` when absent (or, after a lenient parse, unreadable).
fn write_code(out: &mut String, code: Option<u16>) {
    match code {
        Some(code) => {
            let _ = write!(out, "{code}");
        }
        None => out.push_str("null"),
    }
}

fn write_optional_string(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => write_json_string(out, text),
        None => out.push_str("null"),
    }
}

fn write_error(out: &mut String, error: Option<Element<'_>>) {
    let Some(error) = error else {
        out.push_str("null");
        return;
    };
    out.push('[');
    for (i, condition) in error.children().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("{\"ns\": ");
        write_json_string(out, &condition.namespace());
        out.push_str(", \"name\": ");
        write_json_string(out, condition.local_name());
        out.push('}');
    }
    out.push(']');
}

/// Appends one response object.
pub fn write_response(out: &mut String, response: &Response<'_>) {
    out.push_str("{\"hrefs\": [");
    for (i, href) in response.hrefs().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_json_string(out, href.as_str());
    }
    out.push_str("], \"status\": ");
    write_code(out, response.status().and_then(|s| s.code()));
    out.push_str(", \"propstats\": [");
    for (i, propstat) in response.propstats().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("{\"status\": ");
        write_code(out, propstat.status().and_then(|s| s.code()));
        out.push_str(", \"props\": [");
        for (j, property) in propstat.properties().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            out.push_str("{\"ns\": ");
            write_json_string(out, &property.namespace());
            out.push_str(", \"name\": ");
            write_json_string(out, property.local_name());
            out.push_str(", \"text\": ");
            write_json_string(out, &property.text());
            let _ = write!(out, ", \"children\": {}}}", property.child_count());
        }
        out.push_str("], \"error\": ");
        write_error(out, propstat.dav_error());
        out.push_str(", \"description\": ");
        write_optional_string(out, propstat.description().as_deref());
        out.push('}');
    }
    out.push_str("], \"error\": ");
    write_error(out, response.dav_error());
    out.push_str(", \"description\": ");
    write_optional_string(out, response.description().as_deref());
    out.push_str(", \"location\": ");
    write_optional_string(out, response.location().as_ref().map(|h| h.as_str()));
    out.push('}');
}

/// Appends the closing document-level fields, after the responses array.
pub fn write_document_end(out: &mut String, description: Option<&str>, sync_token: Option<&str>) {
    out.push_str("],\n \"description\": ");
    write_optional_string(out, description);
    out.push_str(",\n \"sync_token\": ");
    write_optional_string(out, sync_token);
    out.push_str("}\n");
}

/// The canonical JSON of a whole document.
pub fn to_json(multistatus: &crate::Multistatus<'_>) -> String {
    let mut out = String::from("{\"responses\": [");
    for (i, response) in multistatus.responses().enumerate() {
        out.push_str(if i > 0 { ",\n  " } else { "\n  " });
        write_response(&mut out, &response);
    }
    write_document_end(&mut out, multistatus.description().as_deref(), multistatus.sync_token().as_deref());
    out
}
