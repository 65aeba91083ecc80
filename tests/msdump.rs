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
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
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
        table.contains("    200  {http://ns.example.com/boxschema/}bigbox = <1 child elements> Box type A"),
        "{table}"
    );
    assert!(table.contains("    403  {http://ns.example.com/boxschema/}DingALing"), "{table}");
    assert!(table.ends_with("1 responses\n"), "{table}");
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
fn html_error_page_is_rejected() {
    let output = msdump(&["-"], Some(b"<html><body><h1>502 Bad Gateway</h1></body></html>"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("1:1: root element is `{}html`, expected `{DAV:}multistatus`"), "{stderr}");
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
