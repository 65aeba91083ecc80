//! The compatibility table stays true: every peer's outcome on every
//! document is compared with `compatibility.txt`, and the README's table
//! with the one these outcomes give. `BLESS=1` rewrites both.

use std::path::Path;

use multistatus_peers::compat;

fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn the_compatibility_table_is_true() {
    let rows = compat::rows();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listing_path = root.join("compatibility.txt");
    let readme_path = root.join("../README.md");
    let listing = compat::listing(&rows);
    let readme = std::fs::read_to_string(&readme_path).expect("the README");
    let table = compat::readme_table(&rows);
    let updated = compat::replace_between_markers(&readme, &table).expect("the README has the peers markers");
    if bless() {
        std::fs::write(&listing_path, &listing).unwrap();
        std::fs::write(&readme_path, &updated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&listing_path).unwrap_or_default();
    if committed != listing {
        let changed: Vec<String> = listing
            .lines()
            .filter(|l| !committed.lines().any(|c| c == *l))
            .take(20)
            .map(|l| format!("  now: {l}"))
            .chain(
                committed.lines().filter(|c| !listing.lines().any(|l| l == *c)).take(20).map(|l| format!("  was: {l}")),
            )
            .collect();
        panic!(
            "a peer's outcome changed (BLESS=1 cargo test --release --test compat rewrites the table):\n{}",
            changed.join("\n")
        );
    }
    assert!(readme == updated, "the README's compatibility table is stale: BLESS=1 cargo test --release --test compat");
}

#[test]
fn a_peer_that_panics_is_recorded_as_rejecting() {
    // webdav-xml's reader has `todo!()` for CDATA; no corpus document has any.
    let body = br#"<D:multistatus xmlns:D="DAV:"><D:response><D:href><![CDATA[/a]]></D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>"#;
    let golden = compat::golden(body).unwrap();
    let outcome = multistatus_peers::peers::WEBDAV_XML.outcome(body, &golden);
    assert!(
        matches!(&outcome, multistatus_peers::Outcome::Rejects { message, .. } if message.starts_with("panics")),
        "{outcome:?}"
    );
}

#[test]
fn kinds_leave_out_what_varies() {
    use multistatus_peers::error_kind;
    assert_eq!(error_kind("unknown namespace prefix 'x' at 3:14"), "unknown namespace prefix '…' at N:N");
    assert_eq!(error_kind("custom: missing field `propstat`"), "custom: missing field `propstat`");
}
