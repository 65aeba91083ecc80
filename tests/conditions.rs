//! Typed `DAV:error` conditions on real documents, and truncated sync
//! results reported, never dropped.

use multistatus::{Condition, Multistatus, ResponseReader};

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name)).unwrap()
}

#[test]
fn truncated_sync_results_are_reported() {
    // RFC 6578 §3.10: the request URI's entry carries 507 and number-of-matches-within-limits.
    let body = corpus("rfc6578-3.10-sync-initial-truncated.xml");
    let mut reader = ResponseReader::from_bytes(&body);
    let mut truncated = Vec::new();
    let mut members = 0;
    while let Some(response) = reader.next_response().unwrap() {
        if response.is_truncated_results() {
            truncated.push(response.href().unwrap().as_str().to_owned());
        } else {
            members += 1;
        }
    }
    assert_eq!(
        truncated,
        ["http://webdav.example.com/home/cyrusdaboo/"],
        "the collection's own entry says: sync again"
    );
    assert!(members > 0, "the results before the cut are kept");
    assert!(reader.sync_token().is_some(), "with the token to continue from");
}

#[test]
fn addressbook_query_truncation_and_lock_errors() {
    let body = corpus("rfc6352-8.6.5-addressbook-query-truncated.xml");
    let multistatus = Multistatus::parse_bytes(&body).unwrap();
    assert_eq!(multistatus.responses().filter(|r| r.is_truncated_results()).count(), 1);

    let body = corpus("rfc4918-9.6.2-delete-locked-member.xml");
    let multistatus = Multistatus::parse_bytes(&body).unwrap();
    let conditions = multistatus.response(0).unwrap().conditions();
    // RFC 4918 §9.6.2 sends lock-token-submitted without hrefs.
    assert_eq!(conditions, [Condition::LockTokenSubmitted(Vec::new())]);
}

#[test]
fn sync_token_errors_and_unknown_conditions() {
    let body = corpus("rfc6578-3.13-sync-level-infinite.xml");
    let multistatus = Multistatus::parse_bytes(&body).unwrap();
    let all: Vec<Condition<'_>> = multistatus.responses().flat_map(|r| r.conditions()).collect();
    assert!(all.contains(&Condition::SyncTraversalSupported), "{all:?}");
}
