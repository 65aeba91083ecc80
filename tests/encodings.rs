//! Bodies in UTF-16 and legacy single-byte encodings are transcoded once to
//! UTF-8 and parse like their UTF-8 form, through every front end.

mod common;

use common::{assert_front_ends_agree, slice_outcome, Rng};
use multistatus::{ErrorKind, Multistatus, ResponseReader, StreamReader};

const DOCUMENT: &str = "<D:multistatus xmlns:D=\"DAV:\">\n\
  <D:response><D:href>/dav/caf%C3%A9/</D:href><D:propstat><D:prop>\
  <D:displayname>Café «Zoë» – naïve</D:displayname></D:prop>\
  <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n</D:multistatus>\n";

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = if bom {
        Some(0xFEFF).into_iter().chain(text.encode_utf16()).collect::<Vec<u16>>()
    } else {
        text.encode_utf16().collect()
    };
    for unit in units {
        bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| u8::try_from(u32::from(c)).expect("a latin-1 character")).collect()
}

/// The canonical JSON of the UTF-8 form, to compare the transcoded parses with.
fn expected(text: &str) -> String {
    slice_outcome(text.as_bytes()).expect("the utf-8 form parses")
}

fn check_all_front_ends(name: &str, bytes: &[u8], want: &str) {
    assert_eq!(slice_outcome(bytes).as_deref(), Ok(want), "{name}: ResponseReader::from_bytes");
    let multistatus = Multistatus::parse_bytes(bytes).unwrap();
    let mut json = String::from("{\"responses\": [");
    for (i, response) in multistatus.responses().enumerate() {
        if i > 0 {
            json.push(',');
        }
        multistatus::canonical::write_response(&mut json, &response);
    }
    multistatus::canonical::write_document_end(&mut json, None, None);
    assert_eq!(json, want, "{name}: Multistatus::parse_bytes");
    let mut rng = Rng::new(bytes.len() as u64);
    for _ in 0..20 {
        let mean = 1 + rng.below(9);
        let cuts = rng.cuts(bytes.len(), mean);
        assert_front_ends_agree(name, bytes, &cuts, &[1, 2, 3, 4096]);
    }
    for cut in 0..=bytes.len() {
        assert_front_ends_agree(name, bytes, &[cut], &[]);
    }
}

#[test]
fn utf16_with_byte_order_mark() {
    let want = expected(DOCUMENT);
    check_all_front_ends("utf-16le bom", &utf16(DOCUMENT, false, true), &want);
    check_all_front_ends("utf-16be bom", &utf16(DOCUMENT, true, true), &want);
}

#[test]
fn utf16_declared_without_byte_order_mark() {
    let text = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>{DOCUMENT}");
    let want = expected(&text.replace("UTF-16", "UTF-8"));
    check_all_front_ends("utf-16le", &utf16(&text, false, false), &want);
    check_all_front_ends("utf-16be", &utf16(&text, true, false), &want);
}

#[test]
fn iso_8859_1_and_windows_1252_declared() {
    for label in ["ISO-8859-1", "iso-8859-1", "latin1", "windows-1252"] {
        let text = format!("<?xml version=\"1.0\" encoding=\"{label}\"?>\n{DOCUMENT}");
        let want = expected(&text.replace(label, "UTF-8"));
        let bytes = latin1(&text.replace('–', "-"));
        let want = want.replace('–', "-");
        check_all_front_ends(label, &bytes, &want);
    }
    // windows-1252 has characters ISO-8859-1 lacks: 0x96 is an en dash.
    let bytes = [&b"<?xml version='1.0' encoding='windows-1252'?><D:multistatus xmlns:D='DAV:'><D:response><D:href>/a\x96b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>"[..]].concat();
    let multistatus = Multistatus::parse_bytes(&bytes).unwrap();
    assert_eq!(multistatus.responses().next().unwrap().href().unwrap().as_str(), "/a–b");
}

#[test]
fn unsupported_and_invalid_encodings_are_errors() {
    let unknown = b"<?xml version=\"1.0\" encoding=\"x-klingon\"?><D:multistatus xmlns:D=\"DAV:\"/>";
    for error in [
        Multistatus::parse_bytes(unknown).unwrap_err(),
        ResponseReader::from_bytes(unknown).next_response().unwrap_err(),
        StreamReader::new(&unknown[..]).next_response().unwrap_err(),
    ] {
        assert_eq!(error.kind(), &ErrorKind::UnsupportedEncoding("x-klingon".into()));
        assert_eq!(error.offset(), 0);
    }
    // An unpaired surrogate is not UTF-16.
    let mut broken = utf16("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/a", false, true);
    broken.extend_from_slice(&[0x00, 0xD8, b'x', 0]);
    for error in
        [Multistatus::parse_bytes(&broken).unwrap_err(), StreamReader::new(&broken[..]).next_response().unwrap_err()]
    {
        assert_eq!(error.kind(), &ErrorKind::InvalidEncoding("UTF-16LE".into()), "{error}");
    }
    assert_front_ends_agree("broken utf-16", &broken, &[7, 30], &[1, 64]);
}

#[test]
fn utf32_is_an_unsupported_encoding_not_utf16() {
    let utf32 = |big_endian: bool| -> Vec<u8> {
        let chars = std::iter::once('\u{FEFF}').chain(DOCUMENT.chars());
        chars.flat_map(|c| if big_endian { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() }).collect()
    };
    for (bytes, name) in
        [(utf32(false), "UTF-32LE"), (utf32(true), "UTF-32BE"), (utf32(true)[4..].to_vec(), "UTF-32BE")]
    {
        for error in [
            Multistatus::parse_bytes(&bytes).unwrap_err(),
            ResponseReader::from_bytes(&bytes).next_response().unwrap_err(),
            StreamReader::new(&bytes[..]).next_response().unwrap_err(),
        ] {
            assert_eq!(error.kind(), &ErrorKind::UnsupportedEncoding(name.into()), "{name}");
            assert_eq!(error.offset(), 0);
        }
        assert_front_ends_agree(name, &bytes, &[1, 2, 3, 5], &[1, 3, 64]);
    }
}

#[test]
fn a_utf16_body_declaring_another_encoding_is_an_error() {
    for label in ["UTF-8", "ISO-8859-1"] {
        let text = format!("<?xml version=\"1.0\" encoding=\"{label}\"?>{DOCUMENT}");
        for bytes in [utf16(&text, false, true), utf16(&text, true, true), utf16(&text, false, false)] {
            let error = Multistatus::parse_bytes(&bytes).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Syntax(m) if m.contains(label)), "{label}: {error}");
            assert_eq!(error.offset(), 0, "{label}");
            assert_front_ends_agree(label, &bytes, &[2, 9], &[1, 4096]);
        }
    }
    // UTF-16 by any of its labels agrees with the body.
    for label in ["UTF-16", "utf-16le", "UTF-16BE"] {
        let text = format!("<?xml version=\"1.0\" encoding=\"{label}\"?>{DOCUMENT}");
        assert!(Multistatus::parse_bytes(&utf16(&text, false, true)).is_ok(), "{label}");
    }
}
