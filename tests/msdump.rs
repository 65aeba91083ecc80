//! The `msdump` command line, run as a user runs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn msdump(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_msdump"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("msdump runs");
    // Written from a thread: msdump prints while it reads, so a large body
    // would fill both pipes at once.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name)
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("msdump --json prints json")
}

#[test]
fn json_output_is_the_golden() {
    let document = corpus("radicale-report-sync-collection-delta-with-404.xml");
    let output = msdump(&["--json", document.to_str().unwrap()], None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let golden = std::fs::read(document.with_extension("json")).unwrap();
    assert_eq!(json(&output.stdout), json(&golden));
}

#[test]
fn dash_reads_stdin() {
    let document = std::fs::read(corpus("rfc4918-9.2.2-proppatch.xml")).unwrap();
    let output = msdump(&["--json", "-"], Some(&document));
    assert!(output.status.success());
    let golden = std::fs::read(corpus("rfc4918-9.2.2-proppatch.json")).unwrap();
    assert_eq!(json(&output.stdout), json(&golden));
}

#[test]
fn table_lists_hrefs_statuses_and_properties() {
    let output = msdump(&["corpus/rfc4918-9.1.3-propfind-named-props.xml"], None);
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("http://www.example.com/file\n"), "{table}");
    assert!(
        table.contains("    200  {http://ns.example.com/boxschema/}bigbox = <1 child element> Box type A"),
        "{table}"
    );
    assert!(table.contains("    403  {http://ns.example.com/boxschema/}DingALing"), "{table}");
    assert!(
        table.contains("    403  description: The user does not have access to the DingALing property.\n"),
        "a propstat's own description is shown with it: {table}"
    );
    assert!(table.ends_with("1 response\n"), "{table}");
}

#[test]
fn count_prints_the_number_of_responses() {
    let output = msdump(&["--count", "corpus/apache-propfind-depth1-2000-members.xml"], None);
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "2001\n");
}

#[test]
fn errors_print_line_and_column_and_exit_1() {
    let output = msdump(&["--json", "-"], Some(b"<D:multistatus xmlns:D=\"DAV:\">\n  <D:response>\n</D:multistatus>"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "msdump: -:3:1: end tag `</D:multistatus>` does not match open element `<D:response>`\n");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn json_on_an_error_is_still_one_document() {
    let body = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a</D:href>\
        <D:status>HTTP/1.1 200 OK</D:status></D:response>\n<D:response>";
    let output = msdump(&["--json", "-"], Some(body));
    assert_eq!(output.status.code(), Some(1));
    let document = json(&output.stdout);
    assert_eq!(document["responses"][0]["hrefs"][0], "/a", "the responses read so far: {document}");
    assert!(document["error"]["message"].as_str().unwrap().contains("truncated"), "{document}");
    assert_eq!(document["error"]["line"], 2);
}

#[test]
fn html_error_page_is_rejected() {
    let pages: [&[u8]; 2] =
        [b"<html><body><h1>502 Bad Gateway</h1></body></html>", b"<!DOCTYPE html>\n<html><body>Login</body></html>"];
    for page in pages {
        let output = msdump(&["-"], Some(page));
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr, "msdump: -:1:1: this is an HTML page, not a 207 body\n");
    }
}

#[test]
fn a_name_in_no_namespace_is_printed_without_braces() {
    let output = msdump(&["-"], Some(b"<multistatus/>"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("root element is `multistatus` in no namespace"), "{stderr}");
}

#[test]
fn a_directory_is_a_read_error_without_a_position() {
    let output = msdump(&["corpus"], None);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("msdump: cannot read corpus: "), "{stderr}");
}

#[test]
fn conflicting_modes_are_usage_errors() {
    for args in [["--json", "--count"], ["--count", "--validate"]] {
        let output = msdump(&[args[0], args[1], "corpus/rfc4918-9.2.2-proppatch.xml"], None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be combined"));
    }
}

#[test]
fn help_documents_every_mode_option_and_exit_code() {
    let output = msdump(&["--help"], None);
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for item in ["--json", "--count", "--validate", "--lenient", "(none)", "  0  ", "  1  ", "  2  "] {
        assert!(help.contains(item), "{item} in {help}");
    }
}

#[test]
fn missing_file_and_bad_usage() {
    let missing = msdump(&["corpus/no-such-file.xml"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("msdump: cannot read corpus/no-such-file.xml"));
    let usage = msdump(&["--frobnicate"], None);
    assert_eq!(usage.status.code(), Some(2));
    let none = msdump(&[], None);
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn deviations_are_warnings_on_stderr_and_the_data_is_printed() {
    let document = corpus("pywebdav3-propfind-depth1-propname.xml");
    let output = msdump(&["--json", document.to_str().unwrap()], None);
    assert!(output.status.success(), "a deviation is no failure");
    let golden = std::fs::read(document.with_extension("json")).unwrap();
    assert_eq!(json(&output.stdout), json(&golden));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("warning: propstat has no status").count(), 4, "{stderr}");
    assert_eq!(stderr.matches("warning: propstat has several props").count(), 4, "{stderr}");
}

#[test]
fn validate_lists_every_deviation_with_its_rule_and_fails() {
    let output = msdump(&["--validate", "corpus/wsgidav-propfind-depth1-propname-href-only.xml"], None);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with(
            "corpus/wsgidav-propfind-depth1-propname-href-only.xml:2:35: RFC 4918 §14.24: response has neither status nor propstat"
        ),
        "{stdout}"
    );
    assert!(lines[3].ends_with("in multistatus/response[4] (href /docs/sub/)"), "{stdout}");
    assert!(String::from_utf8(output.stderr).unwrap().contains("4 deviations"));
}

#[test]
fn validate_passes_a_conforming_body() {
    let output = msdump(&["--validate", "corpus/rfc4918-9.1.3-propfind-named-props.xml"], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stdout.is_empty());
}

#[test]
fn validate_json_is_one_document_for_ci() {
    let input = b"<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a b</D:href><D:propstat><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response><D:response><D:href>/x</D:href><D:status>bogus</D:status></D:response></D:multistatus>";
    let output = msdump(&["--validate", "--json", "-"], Some(input));
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output.stdout);
    let rules: Vec<&str> =
        report["deviations"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["RFC 4918 §8.3", "RFC 4918 §14.22", "RFC 4918 §14.28"], "{report}");
    assert_eq!(report["deviations"][1]["path"], "multistatus/response[1]/propstat[1]");
    assert_eq!(report["deviations"][1]["href"], "/a b");
    assert_eq!(report["error"], serde_json::Value::Null);
    assert_eq!(report["count"], 3);
    // An XML error ends the list, still as one JSON document.
    let output =
        msdump(&["--validate", "--json", "-"], Some(b"<D:multistatus xmlns:D=\"DAV:\"><D:response></D:multistatus>"));
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output.stdout);
    assert_eq!(report["deviations"], serde_json::json!([]));
    assert!(report["error"]["message"].as_str().unwrap().contains("end tag"), "{report}");
}

#[test]
fn validate_streams_a_large_body_in_bounded_memory() {
    // Every response of a generated listing deviates (no status): the list is
    // printed as it is found, not gathered, so no warning budget runs out.
    let mut body = String::from("<D:multistatus xmlns:D=\"DAV:\">");
    for i in 0..20_000 {
        body.push_str(&format!("<D:response><D:href>/f{i}</D:href></D:response>"));
    }
    body.push_str("</D:multistatus>");
    let output = msdump(&["--validate", "-"], Some(body.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 20_000);
}
