//! quick-xml's raw tokenizer, counting events: no namespace resolution, no
//! text decoding, no extraction. Nothing that parses the same bytes and
//! looks at what it parsed can be faster, so it is the speed ceiling the
//! benchmarks compare against.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The number of events quick-xml reads in `bytes`, with its default
/// configuration (end tag names checked, nothing trimmed), or its error.
pub fn count_events(bytes: &[u8]) -> Result<usize, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut count = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(count),
            Ok(_) => count += 1,
            Err(e) => return Err(format!("XML error at {}: {e}", reader.error_position())),
        }
    }
}
