//! Zero-copy, measured: visiting a listing response by response allocates a
//! fixed amount, whatever the number of responses.
//!
//! One test in this binary, so no other thread allocates while it counts.

use std::alloc::System;

use multistatus::{ResponseReader, DAV};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A depth-1 PROPFIND listing shaped like Apache mod_dav's.
fn listing(responses: usize) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\" xmlns:ns0=\"DAV:\">\n",
    );
    for i in 0..responses {
        body.push_str(&format!(
            "<D:response xmlns:lp1=\"DAV:\" xmlns:lp2=\"http://apache.org/dav/props/\">\n\
             <D:href>/dav/files/document-{i:06}.txt</D:href>\n<D:propstat>\n<D:prop>\n\
             <lp1:resourcetype/>\n<lp1:creationdate>2026-11-21T05:30:{s:02}Z</lp1:creationdate>\n\
             <lp1:getcontentlength>{len}</lp1:getcontentlength>\n\
             <lp1:getlastmodified>Sat, 21 Nov 2026 05:30:{s:02} GMT</lp1:getlastmodified>\n\
             <lp1:getetag>\"{i:x}-5f3a\"</lp1:getetag>\n<lp2:executable>F</lp2:executable>\n\
             <D:supportedlock>\n<D:lockentry>\n<D:lockscope><D:exclusive/></D:lockscope>\n\
             <D:locktype><D:write/></D:locktype>\n</D:lockentry>\n</D:supportedlock>\n\
             <D:getcontenttype>text/plain</D:getcontenttype>\n</D:prop>\n\
             <D:status>HTTP/1.1 200 OK</D:status>\n</D:propstat>\n</D:response>\n",
            s = i % 60,
            len = i * 7 % 100_000,
        ));
    }
    body.push_str("</D:multistatus>\n");
    body
}

/// Reads every field a file browser needs from every response.
fn visit_all(body: &str) -> usize {
    let mut reader = ResponseReader::new(body);
    let mut visited = 0;
    while let Some(response) = reader.next_response().unwrap() {
        visited += response.href().as_str().len();
        for propstat in response.propstats() {
            visited += usize::from(propstat.status().code());
            for property in propstat.properties() {
                if property.child_count() == 0 {
                    visited += property.namespace().len() + property.local_name().len() + property.text().len();
                }
            }
        }
        visited += response.content_length().unwrap().unwrap() as usize;
        visited += response.etag().unwrap().unwrap().as_str().len();
        visited += response.last_modified().unwrap().unwrap().second as usize;
        visited += response.creation_date().unwrap().unwrap().second as usize;
        visited += usize::from(response.resource_type().unwrap().is_collection());
        visited += response.property(DAV, "supportedlock").unwrap().child_count();
    }
    visited
}

#[test]
fn allocations_do_not_grow_with_the_number_of_responses() {
    let small = listing(10);
    let large = listing(100_000);

    let region = Region::new(GLOBAL);
    std::hint::black_box(visit_all(&small));
    let small_stats = region.change();

    let region = Region::new(GLOBAL);
    std::hint::black_box(visit_all(&large));
    let large_stats = region.change();

    println!(
        "10 responses ({} bytes): {} allocations, {} bytes; 100,000 responses ({} bytes): {} allocations, {} bytes",
        small.len(),
        small_stats.allocations + small_stats.reallocations,
        small_stats.bytes_allocated,
        large.len(),
        large_stats.allocations + large_stats.reallocations,
        large_stats.bytes_allocated
    );
    assert_eq!(
        large_stats.allocations + large_stats.reallocations,
        small_stats.allocations + small_stats.reallocations,
        "allocation count grew with the listing"
    );
    assert_eq!(large_stats.bytes_allocated, small_stats.bytes_allocated, "allocated bytes grew with the listing");
    assert!(
        small_stats.allocations + small_stats.reallocations < 64,
        "more than a small fixed amount: {small_stats:?}"
    );
}
