//! End-to-end checks of the `oracle-dump` binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(name: &str, body: &[u8]) -> Output {
    let dir = std::env::temp_dir().join(format!("oracle-dump-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, body).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_oracle-dump")).arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    out
}

#[test]
fn prints_pretty_json() {
    let out = run(
        "ok.xml",
        b"\xEF\xBB\xBF<multistatus xmlns=\"DAV:\"><response><href>/a</href>\
          <status>HTTP/1.1 404 Not Found</status></response></multistatus>",
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains('\n'), "pretty printed");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "responses": [{"hrefs": ["/a"], "status": 404, "propstats": [],
                           "error": null, "description": null, "location": null}],
            "description": null, "sync_token": null
        })
    );
}

#[test]
fn rejected_body_exits_1() {
    let out = run("bad.xml", b"<multistatus xmlns=\"urn:not-dav\"/>");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
}

#[test]
fn missing_file_exits_1_and_no_args_exits_2() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_oracle-dump")).arg("/nonexistent/definitely/missing.xml").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = Command::new(env!("CARGO_BIN_EXE_oracle-dump")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
