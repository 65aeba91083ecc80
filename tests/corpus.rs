//! Every corpus document against its committed golden JSON, and every golden
//! against an independent implementation (roxmltree, in `oracles/`); the
//! RFC 4918 §14 deviations of the whole corpus against `corpus/deviations.txt`;
//! the bodies only a lenient parse reads (`corpus/lenient/`) against theirs.
//!
//! `BLESS=1 cargo test --test corpus -- --test-threads=1` rewrites the goldens and
//! `deviations.txt` from this parser first (then checks them as usual).

use std::path::{Path, PathBuf};

use multistatus::{canonical, Config, Multistatus, ResponseReader};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

fn corpus_documents() -> Vec<PathBuf> {
    xml_files(&corpus_dir())
}

/// The `.xml` files of `dir`, sorted.
fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the corpus folder exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn golden(path: &Path) -> Value {
    if blessing() {
        let lenient = path.parent().is_some_and(|dir| dir.ends_with("lenient"));
        let config = if lenient { Config::lenient() } else { Config::default() };
        let input = std::fs::read(path).unwrap();
        let parsed = Multistatus::parse_bytes_with_config(&input, config);
        let json = canonical::to_json(&parsed.unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        std::fs::write(path.with_extension("json"), json).unwrap();
    }
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
    let index = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    for path in &documents {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(index.contains(&format!("`{name}`")), "{name} is not indexed in corpus/README.md");
    }
    for path in xml_files(&corpus_dir().join("lenient")) {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(index.contains(&format!("`lenient/{name}`")), "lenient/{name} is not indexed in corpus/README.md");
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

/// Every deviation a validating parse lists, a line each:
/// `NAME:LINE:COLUMN: RULE: what in PATH`.
fn deviations_of(name: &str, input: &[u8], mut config: Config) -> String {
    config.validate = true;
    let multistatus = Multistatus::parse_bytes_with_config(input, config).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut lines = String::new();
    for warning in multistatus.warnings() {
        let rule = warning.kind().rule().unwrap_or("-");
        let (line, column, path) = (warning.line(), warning.column(), warning.path());
        lines.push_str(&format!("{name}:{line}:{column}: {rule}: {} in {path}\n", warning.kind()));
    }
    lines
}

#[test]
fn the_corpus_deviates_exactly_as_deviations_txt_says() {
    let mut all = String::new();
    for path in corpus_documents() {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        all.push_str(&deviations_of(&name, &std::fs::read(&path).unwrap(), Config::default()));
    }
    for path in xml_files(&corpus_dir().join("lenient")) {
        let name = format!("lenient/{}", path.file_name().unwrap().to_str().unwrap());
        all.push_str(&deviations_of(&name, &std::fs::read(&path).unwrap(), Config::lenient()));
    }
    let file = corpus_dir().join("deviations.txt");
    if blessing() {
        std::fs::write(&file, &all).unwrap();
    }
    let expected = std::fs::read_to_string(&file).expect("corpus/deviations.txt");
    assert_eq!(all, expected, "the corpus's deviations changed: check, then BLESS=1");
    // A strict parse warns of deviations only (hrefs and status lines are validation's).
    for path in corpus_documents() {
        let input = std::fs::read(&path).unwrap();
        let strict = Multistatus::parse_bytes(&input).unwrap();
        assert!(strict.warnings().iter().all(|w| w.kind().is_deviation()), "{}", path.display());
    }
}

#[test]
fn lenient_documents_are_rejected_strictly_and_recovered_leniently() {
    let documents = xml_files(&corpus_dir().join("lenient"));
    assert!(documents.len() >= 3, "only {} lenient documents", documents.len());
    for path in documents {
        let input = std::fs::read(&path).unwrap();
        let error = Multistatus::parse_bytes(&input).expect_err("not namespace-well-formed");
        assert!(!error.is_truncated(), "{}: {error}", path.display());
        let lenient = Multistatus::parse_bytes_with_config(&input, Config::lenient()).unwrap();
        let recovered = lenient.warnings().iter().any(|w| !w.kind().is_deviation());
        assert!(recovered, "{}: no warning says what was recovered", path.display());
        let ours: Value = serde_json::from_str(&canonical::to_json(&lenient)).unwrap();
        assert_eq!(ours, golden(&path), "{}", path.display());
    }
}
