//! Generated inputs for tests, examples and benchmarks: depth-1 PROPFIND
//! listings shaped like the ones Apache mod_dav sends, of any length,
//! written as a stream so that even a 1 GiB listing takes no memory.

use std::io::{self, Write};

/// The text before the first response.
pub const HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\" xmlns:ns0=\"DAV:\">\n";
/// The text after the last response.
pub const TAIL: &str = "</D:multistatus>\n";

/// Writes response number `i` of a listing (about 680 bytes).
pub fn write_response(out: &mut impl Write, i: usize) -> io::Result<()> {
    let second = i % 60;
    write!(
        out,
        "<D:response xmlns:lp1=\"DAV:\" xmlns:lp2=\"http://apache.org/dav/props/\">\n\
         <D:href>/dav/files/document-{i:06}.txt</D:href>\n<D:propstat>\n<D:prop>\n\
         <lp1:resourcetype/>\n<lp1:creationdate>2026-11-21T05:30:{second:02}Z</lp1:creationdate>\n\
         <lp1:getcontentlength>{length}</lp1:getcontentlength>\n\
         <lp1:getlastmodified>Sat, 21 Nov 2026 05:30:{second:02} GMT</lp1:getlastmodified>\n\
         <lp1:getetag>\"{i:x}-5f3a\"</lp1:getetag>\n<lp2:executable>F</lp2:executable>\n\
         <D:supportedlock>\n<D:lockentry>\n<D:lockscope><D:exclusive/></D:lockscope>\n\
         <D:locktype><D:write/></D:locktype>\n</D:lockentry>\n</D:supportedlock>\n\
         <D:getcontenttype>text/plain</D:getcontenttype>\n</D:prop>\n\
         <D:status>HTTP/1.1 200 OK</D:status>\n</D:propstat>\n</D:response>\n",
        length = i * 7 % 100_000,
    )
}

/// Writes a whole listing of `responses` responses.
pub fn write_listing(out: &mut impl Write, responses: usize) -> io::Result<()> {
    out.write_all(HEAD.as_bytes())?;
    for i in 0..responses {
        write_response(out, i)?;
    }
    out.write_all(TAIL.as_bytes())
}

/// A listing of `responses` responses in memory.
pub fn listing(responses: usize) -> String {
    let mut out = Vec::with_capacity(HEAD.len() + responses * 700 + TAIL.len());
    write_listing(&mut out, responses).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the listing is UTF-8")
}

#[cfg(test)]
mod tests {
    #[test]
    fn listing_is_a_multistatus_with_every_response() {
        let text = super::listing(3);
        let json = crate::roxml::extract(&text).unwrap();
        let hrefs: Vec<_> = json["responses"].as_array().unwrap().iter().map(|r| r["hrefs"][0].clone()).collect();
        assert_eq!(
            hrefs,
            ["/dav/files/document-000000.txt", "/dav/files/document-000001.txt", "/dav/files/document-000002.txt"]
        );
    }
}
