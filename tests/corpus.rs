//! Every corpus document against its committed golden JSON, and every golden
//! against an independent implementation (roxmltree, in `oracles/`).

use std::path::{Path, PathBuf};

use multistatus::{canonical, Multistatus, ResponseReader};
use serde_json::Value;

fn corpus_documents() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn golden(path: &Path) -> Value {
    let json = std::fs::read_to_string(path.with_extension("json")).expect("golden json beside the document");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: golden is not json: {e}", path.display()))
}

/// The canonical JSON through the response-at-a-time reader, as msdump writes it.
fn reader_json(input: &[u8]) -> String {
    let mut reader = ResponseReader::from_bytes(input);
    let mut out = String::from("{\"responses\": [");
    let mut first = true;
    while let Some(response) = reader.next_response().expect("corpus documents parse") {
        if !first {
            out.push(',');
        }
        first = false;
        canonical::write_response(&mut out, &response);
    }
    canonical::write_document_end(&mut out, reader.description().as_deref(), reader.sync_token().as_deref());
    out
}

#[test]
fn corpus_has_at_least_40_indexed_documents() {
    let documents = corpus_documents();
    assert!(documents.len() >= 40, "only {} documents", documents.len());
    let index = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/README.md")).unwrap();
    for path in &documents {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(index.contains(&format!("`{name}`")), "{name} is not indexed in corpus/README.md");
    }
}

#[test]
fn goldens_agree_with_the_roxmltree_oracle() {
    for path in corpus_documents() {
        let input = std::fs::read(&path).unwrap();
        let oracle = multistatus_oracles::roxml::extract_bytes(&input)
            .unwrap_or_else(|e| panic!("{}: oracle rejects: {e}", path.display()));
        assert_eq!(oracle, golden(&path), "{}: oracle disagrees with the golden", path.display());
    }
}

#[test]
fn slice_parser_matches_the_goldens() {
    for path in corpus_documents() {
        let input = std::fs::read(&path).unwrap();
        let multistatus = Multistatus::parse_bytes(&input).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let ours: Value = serde_json::from_str(&canonical::to_json(&multistatus)).unwrap();
        assert_eq!(ours, golden(&path), "{}", path.display());
    }
}

#[test]
fn response_reader_matches_the_goldens() {
    for path in corpus_documents() {
        let input = std::fs::read(&path).unwrap();
        let ours: Value = serde_json::from_str(&reader_json(&input)).unwrap();
        assert_eq!(ours, golden(&path), "{}", path.display());
    }
}
