//! Writes a generated depth-1 PROPFIND listing (Apache mod_dav style) to
//! stdout, streamed, of a given number of bytes or responses:
//!
//! ```sh
//! cargo run --release --example listing -- 1GiB > /dev/null       # about 1,580,000 responses
//! cargo run --release --example listing -- 100000 > listing.xml   # 100,000 responses
//! ```
//!
//! With `msdump` it shows that streaming a huge body takes constant memory:
//!
//! ```sh
//! cargo build --release --bin msdump --example listing
//! target/release/examples/listing 1GiB | /usr/bin/time -v target/release/msdump --count -
//! ```

use std::io::{self, BufWriter, Write};

use multistatus_oracles::listing;

/// Reads `1GiB`, `512MiB`, `10KB` and plain numbers of responses.
fn responses_wanted(arg: &str) -> Option<usize> {
    let units =
        [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000)];
    for (suffix, unit) in units {
        if let Some(number) = arg.strip_suffix(suffix) {
            let bytes = number.parse::<usize>().ok()? * unit;
            let mut probe = Vec::new();
            listing::write_response(&mut probe, 500_000).ok()?;
            return Some(bytes / probe.len());
        }
    }
    arg.parse().ok()
}

fn main() -> io::Result<()> {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "1000".into());
    let Some(responses) = responses_wanted(&arg) else {
        eprintln!("usage: listing (RESPONSES | SIZE like 1GiB, 100MiB)");
        std::process::exit(2);
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match listing::write_listing(&mut out, responses).and_then(|()| out.flush()) {
        // A reader that stopped early (`| head`) is not an error here.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
