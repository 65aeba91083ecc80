//! `msdump`: print a WebDAV 207 Multi-Status body as a table, as canonical
//! JSON (`--json`), just count its responses (`--count`), or list every way
//! it deviates from RFC 4918 (`--validate`).

use std::io::{self, BufRead, BufReader, Write};
use std::process::ExitCode;

use multistatus::{canonical, Config, ErrorKind, Response, StreamReader};

const HELP: &str = "msdump: print a WebDAV 207 Multi-Status body, streaming it response by response

usage: msdump [--json | --count | --validate [--json]] [--lenient] FILE
       msdump --help

FILE is a path, or `-` for stdin.

modes (one at most):
  (none)      a table: each response's hrefs, then one line per property,
              `    CODE  {namespace}name = value` (CODE `---` for a propstat
              without status, values cut to one line), the conditions of
              `DAV:error`, location and descriptions; then the sync token,
              the document's description and the number of responses
  --json      the canonical JSON of the document: {\"responses\": [...],
              \"description\", \"sync_token\"}; on a parse error, the responses
              read so far and an \"error\" member instead (stdout is always one
              JSON document)
  --count     parse everything, print the number of responses
  --validate  list every deviation from RFC 4918 / RFC 6578 on stdout, with the
              rule it breaks, its position and element path; with --json, as
              one JSON document {\"deviations\", \"error\", \"count\"}

options:
  --lenient   recover from the broken XML real servers send (each recovery
              is a warning)
  -h, --help  print this help

Warnings (deviations whose data was kept, lenient recoveries) go to stderr.

exit status:
  0  done (--validate: no deviation)
  1  the body could not be read or parsed (--validate: deviations found)
  2  usage error";

const USAGE: &str =
    "usage: msdump [--json | --count | --validate [--json]] [--lenient] FILE   (msdump --help for more)";

/// What to do with the body.
enum Mode {
    /// Print or count its responses.
    Dump(Output),
    /// List its deviations, as text or as one JSON document.
    Validate { json: bool },
}

/// How `Mode::Dump` prints the responses.
enum Output {
    Table,
    Json,
    Count,
}

/// What the command line asks for.
struct Arguments {
    mode: Mode,
    config: Config,
    path: String,
}

/// Reads the command line; `Ok(None)` when `--help` was printed.
fn arguments() -> Result<Option<Arguments>, String> {
    use lexopt::prelude::*;
    let (mut json, mut count, mut validate) = (false, false, false);
    let mut path = None;
    let mut config = Config::default();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("json") => json = true,
            Long("count") => count = true,
            Long("validate") => validate = true,
            Long("lenient") => config.lenient = true,
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(None);
            }
            Value(value) if path.is_none() => path = Some(value.string().map_err(|e| e.to_string())?),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let mode = match (json, count, validate) {
        (_, true, true) => return Err("--count and --validate cannot be combined".into()),
        (true, true, _) => return Err("--json and --count cannot be combined".into()),
        (json, _, true) => Mode::Validate { json },
        (true, ..) => Mode::Dump(Output::Json),
        (_, true, _) => Mode::Dump(Output::Count),
        _ => Mode::Dump(Output::Table),
    };
    config.validate = validate;
    let path = path.ok_or("a FILE (or `-` for stdin) is required")?;
    Ok(Some(Arguments { mode, config, path }))
}

fn main() -> ExitCode {
    let Arguments { mode, config, path } = match arguments() {
        Ok(Some(arguments)) => arguments,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("msdump: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let input: Box<dyn BufRead> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        match std::fs::File::open(&path) {
            Ok(file) => Box::new(BufReader::with_capacity(64 * 1024, file)),
            Err(e) => {
                eprintln!("msdump: cannot read {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    let result = match mode {
        Mode::Validate { json } => validate_body(input, config, &path, json),
        Mode::Dump(output) => dump(input, &output, config, &path),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Parse(e)) => {
            print_error(&path, &e);
            ExitCode::FAILURE
        }
        // A closed pipe (`msdump big.xml | head`) is not an error worth a message.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("msdump: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A parse error on stderr: with its line:column, except a failed read
/// (a directory, a device error), which has no place in the text.
fn print_error(path: &str, error: &multistatus::Error) {
    match error.kind() {
        ErrorKind::Io { message, .. } => eprintln!("msdump: cannot read {path}: {}", message.to_lowercase()),
        kind => eprintln!("msdump: {path}:{}:{}: {kind}", error.line(), error.column()),
    }
}

/// A parse error as a JSON object: message, offset, line, column.
fn error_json(out: &mut String, error: &multistatus::Error) {
    out.push_str("{\"message\": ");
    canonical::write_json_string(out, &error.kind().to_string());
    out.push_str(&format!(
        ", \"offset\": {}, \"line\": {}, \"column\": {}}}",
        error.offset(),
        error.line(),
        error.column()
    ));
}

enum Failure {
    Parse(multistatus::Error),
    Io(io::Error),
}

impl From<multistatus::Error> for Failure {
    fn from(e: multistatus::Error) -> Self {
        Failure::Parse(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Streams the body response by response: memory stays constant whatever its size.
///
/// With `--json`, a parse error still ends the document: the responses read
/// so far, then an `"error"` member, so that stdout is always valid JSON.
fn dump(input: impl BufRead, output: &Output, config: Config, path: &str) -> Result<ExitCode, Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut reader = StreamReader::with_config(input, config);
    let mut warned = 0;
    let mut line = String::new();
    let mut count = 0usize;
    if let Output::Json = output {
        line.push_str("{\"responses\": [");
    }
    let error = loop {
        let response = match reader.next_response() {
            Ok(Some(response)) => response,
            Ok(None) => break None,
            Err(error) => break Some(error),
        };
        match output {
            Output::Json => {
                line.push_str(if count > 0 { ",\n  " } else { "\n  " });
                canonical::write_response(&mut line, &response);
            }
            Output::Table => write_table_rows(&mut line, &response),
            Output::Count => visit(&response),
        }
        count += 1;
        out.write_all(line.as_bytes())?;
        line.clear();
        warned = print_warnings(reader.warnings(), warned, path);
    };
    print_warnings(reader.warnings(), warned, path);
    match (output, &error) {
        (Output::Json, Some(error)) => {
            line.push_str("],\n \"error\": ");
            error_json(&mut line, error);
            line.push_str("}\n");
        }
        (_, Some(_)) => {}
        (Output::Json, None) => {
            canonical::write_document_end(&mut line, reader.description().as_deref(), reader.sync_token().as_deref());
        }
        (Output::Table, None) => {
            if let Some(token) = reader.sync_token() {
                line.push_str(&format!("sync-token: {token}\n"));
            }
            if let Some(description) = reader.description() {
                line.push_str(&format!("description: {}\n", description.trim()));
            }
            line.push_str(&format!("{count} {}\n", plural(count, "response", "responses")));
        }
        (Output::Count, None) => line.push_str(&format!("{count}\n")),
    }
    out.write_all(line.as_bytes())?;
    out.flush()?;
    match error {
        Some(error) => Err(Failure::Parse(error)),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// `one` for a count of 1, `many` otherwise.
fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// `--validate`: every deviation as it is found, a line each (or one JSON
/// document), warnings taken from the reader after each response so that
/// memory stays bounded. An XML error ends the list.
fn validate_body(input: impl BufRead, config: Config, path: &str, json: bool) -> Result<ExitCode, Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut reader = StreamReader::with_config(input, config);
    let mut found = 0usize;
    let mut text = String::new();
    if json {
        out.write_all(b"{\"deviations\": [")?;
    }
    let error = loop {
        let outcome = reader.next_response().map(|response| response.is_some());
        let mut warnings = reader.take_warnings();
        // A response's deviations are found at different depths: list them in document order.
        warnings.sort_by_key(|warning| warning.offset());
        for warning in warnings {
            text.clear();
            if json {
                text.push_str(if found > 0 { ",\n  " } else { "\n  " });
                warning_json(&mut text, &warning);
            } else {
                let rule = warning.kind().rule().map(|rule| format!("{rule}: ")).unwrap_or_default();
                text.push_str(&format!("{path}:{}:{}: {rule}{warning}\n", warning.line(), warning.column()));
            }
            out.write_all(text.as_bytes())?;
            found += 1;
        }
        match outcome {
            Ok(true) => {}
            Ok(false) => break None,
            Err(error) => break Some(error),
        }
    };
    text.clear();
    if json {
        text.push_str("],\n \"error\": ");
        match &error {
            Some(e) => error_json(&mut text, e),
            None => text.push_str("null"),
        }
        text.push_str(&format!(",\n \"count\": {found}}}\n"));
    }
    out.write_all(text.as_bytes())?;
    out.flush()?;
    match error {
        Some(error) if !json => Err(Failure::Parse(error)),
        Some(_) => Ok(ExitCode::FAILURE),
        None if found > 0 => {
            eprintln!("msdump: {path}: {found} deviation{}", if found == 1 { "" } else { "s" });
            Ok(ExitCode::FAILURE)
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

/// One warning as a JSON object: rule, message, position, path, href.
fn warning_json(out: &mut String, warning: &multistatus::Warning) {
    out.push_str("{\"rule\": ");
    match warning.kind().rule() {
        Some(rule) => canonical::write_json_string(out, rule),
        None => out.push_str("null"),
    }
    out.push_str(", \"message\": ");
    canonical::write_json_string(out, &warning.kind().to_string());
    out.push_str(&format!(
        ", \"offset\": {}, \"line\": {}, \"column\": {}, \"path\": ",
        warning.offset(),
        warning.line(),
        warning.column()
    ));
    canonical::write_json_string(out, warning.path());
    out.push_str(", \"href\": ");
    match warning.href() {
        Some(href) => canonical::write_json_string(out, href),
        None => out.push_str("null"),
    }
    out.push('}');
}

/// Prints the warnings after the first `from` to stderr; returns how many there are.
fn print_warnings(warnings: &[multistatus::Warning], from: usize, path: &str) -> usize {
    for warning in warnings.iter().skip(from) {
        eprintln!("msdump: {path}:{}:{}: warning: {}", warning.line(), warning.column(), warning);
    }
    warnings.len()
}

/// Touches everything a library user could read, so `--count` times the
/// whole parse rather than just the tokenizer.
fn visit(response: &Response<'_>) {
    let mut touched = 0usize;
    for href in response.hrefs() {
        touched += href.as_str().len();
    }
    touched += response.status().and_then(|s| s.code()).map_or(0, usize::from);
    for propstat in response.propstats() {
        touched += propstat.status().and_then(|s| s.code()).map_or(0, usize::from);
        for property in propstat.properties() {
            touched += property.namespace().len() + property.local_name().len() + property.text().len();
        }
    }
    std::hint::black_box(touched);
}

/// Text values are cut to keep one property per line.
fn short(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(59).collect::<String>())
    } else {
        one_line
    }
}

/// `{namespace}local`, or `local` alone for a name in no namespace (Clark notation).
fn clark_name(namespace: &str, local_name: &str) -> String {
    if namespace.is_empty() {
        local_name.to_owned()
    } else {
        format!("{{{namespace}}}{local_name}")
    }
}

fn write_table_rows(out: &mut String, response: &Response<'_>) {
    for href in response.hrefs() {
        out.push_str(href.as_str());
        out.push('\n');
    }
    if let Some(status) = response.status() {
        out.push_str(&format!("    {status}\n"));
    }
    for propstat in response.propstats() {
        let code = propstat.status().and_then(|s| s.code()).map_or_else(|| "---".to_owned(), |code| code.to_string());
        for property in propstat.properties() {
            let name = clark_name(&property.namespace(), property.local_name());
            let children = property.child_count();
            let children = format!("<{children} child {}>", plural(children, "element", "elements"));
            let value = match (property.child_count(), short(&property.text())) {
                (0, text) if text.is_empty() => String::new(),
                (0, text) => format!(" = {text}"),
                (_, text) if text.is_empty() => format!(" = {children}"),
                (_, text) => format!(" = {children} {text}"),
            };
            out.push_str(&format!("    {code}  {name}{value}\n"));
        }
        if let Some(error) = propstat.dav_error() {
            for condition in error.children() {
                out.push_str(&format!(
                    "    {code}  error: {}\n",
                    clark_name(&condition.namespace(), condition.local_name())
                ));
            }
        }
        if let Some(description) = propstat.description() {
            out.push_str(&format!("    {code}  description: {}\n", short(&description)));
        }
    }
    if let Some(error) = response.dav_error() {
        for condition in error.children() {
            out.push_str(&format!("    error: {}\n", clark_name(&condition.namespace(), condition.local_name())));
        }
    }
    if let Some(location) = response.location() {
        out.push_str(&format!("    location: {location}\n"));
    }
    if let Some(description) = response.description() {
        out.push_str(&format!("    description: {}\n", short(&description)));
    }
}
