//! `msdump`: print a WebDAV 207 Multi-Status body as a table, as canonical
//! JSON (`--json`), or just count its responses (`--count`).

use std::io::{self, BufRead, BufReader, Write};
use std::process::ExitCode;

use multistatus::{canonical, Config, Response, StreamReader};

const USAGE: &str = "usage: msdump [--json | --count] [--lenient] FILE   (FILE `-` reads stdin)

  --json     print the canonical JSON of the document
  --count    parse everything, print the number of responses
  --lenient  recover from what real servers send; warnings go to stderr";

enum Mode {
    Table,
    Json,
    Count,
}

fn main() -> ExitCode {
    let mut mode = Mode::Table;
    let mut path = None;
    let mut config = Config::default();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => mode = Mode::Json,
            "--count" => mode = Mode::Count,
            "--lenient" => config.lenient = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() && (arg == "-" || !arg.starts_with('-')) => path = Some(arg),
            _ => {
                eprintln!("msdump: unexpected argument `{arg}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
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
    match dump(input, &mode, config, &path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Parse(e)) => {
            eprintln!("msdump: {path}:{}:{}: {}", e.line(), e.column(), e.kind());
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
fn dump(input: impl BufRead, mode: &Mode, config: Config, path: &str) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut reader = StreamReader::with_config(input, config);
    let mut warned = 0;
    let mut line = String::new();
    let mut count = 0usize;
    if let Mode::Json = mode {
        line.push_str("{\"responses\": [");
    }
    while let Some(response) = reader.next_response()? {
        match mode {
            Mode::Json => {
                line.push_str(if count > 0 { ",\n  " } else { "\n  " });
                canonical::write_response(&mut line, &response);
            }
            Mode::Table => write_table_rows(&mut line, &response),
            Mode::Count => visit(&response),
        }
        count += 1;
        out.write_all(line.as_bytes())?;
        line.clear();
        warned = print_warnings(reader.warnings(), warned, path);
    }
    print_warnings(reader.warnings(), warned, path);
    match mode {
        Mode::Json => {
            canonical::write_document_end(&mut line, reader.description().as_deref(), reader.sync_token().as_deref());
        }
        Mode::Table => {
            if let Some(token) = reader.sync_token() {
                line.push_str(&format!("sync-token: {token}\n"));
            }
            if let Some(description) = reader.description() {
                line.push_str(&format!("description: {}\n", description.trim()));
            }
            line.push_str(&format!("{count} responses\n"));
        }
        Mode::Count => line.push_str(&format!("{count}\n")),
    }
    out.write_all(line.as_bytes())?;
    out.flush()?;
    Ok(())
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
        touched += propstat.status().code().map_or(0, usize::from);
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

fn write_table_rows(out: &mut String, response: &Response<'_>) {
    for href in response.hrefs() {
        out.push_str(href.as_str());
        out.push('\n');
    }
    if let Some(status) = response.status() {
        out.push_str(&format!("    {status}\n"));
    }
    for propstat in response.propstats() {
        let code = propstat.status().code().map_or_else(|| "---".to_owned(), |code| code.to_string());
        for property in propstat.properties() {
            let name = format!("{{{}}}{}", property.namespace(), property.local_name());
            let value = match (property.child_count(), short(&property.text())) {
                (0, text) if text.is_empty() => String::new(),
                (0, text) => format!(" = {text}"),
                (children, text) if text.is_empty() => format!(" = <{children} child elements>"),
                (children, text) => format!(" = <{children} child elements> {text}"),
            };
            out.push_str(&format!("    {code}  {name}{value}\n"));
        }
        if let Some(error) = propstat.error() {
            for condition in error.children() {
                out.push_str(&format!("    {code}  error: {{{}}}{}\n", condition.namespace(), condition.local_name()));
            }
        }
    }
    if let Some(error) = response.error() {
        for condition in error.children() {
            out.push_str(&format!("    error: {{{}}}{}\n", condition.namespace(), condition.local_name()));
        }
    }
    if let Some(location) = response.location() {
        out.push_str(&format!("    location: {location}\n"));
    }
    if let Some(description) = response.description() {
        out.push_str(&format!("    description: {}\n", short(&description)));
    }
}
