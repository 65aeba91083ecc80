//! The slice front end: the whole body in memory, which is the machine's
//! one window; responses borrow it.

use crate::error::{Error, ErrorKind};
use crate::lexical::first_invalid_char;
use crate::read::machine::{PooledMachine, Stop};
use crate::read::scanner::Scanner;
use crate::Config;

/// The slice front end: the scanner over the whole input, which is the
/// machine's one window.
pub(crate) struct Parser<'a> {
    src: &'a str,
    scanner: Scanner,
    /// False when `src` stops before bytes that are not UTF-8: markup open
    /// there is broken, not cut by the end of the input.
    ends_input: bool,
    pub(crate) machine: PooledMachine,
}

impl<'a> Parser<'a> {
    /// A parser over `src`; `end_of_text` is where `src` was cut short of the
    /// input (bytes that are not UTF-8) and the error to report there.
    pub(crate) fn new(src: &'a str, config: Config, end_of_text: Option<(usize, ErrorKind)>, transcoded: bool) -> Self {
        let lenient = config.lenient;
        let mut machine = PooledMachine::new(config);
        if transcoded {
            machine.set_transcoded();
        }
        if let Some((at, c)) = first_invalid_char(src, lenient) {
            machine.set_cutoff(at, ErrorKind::InvalidChar(c));
        }
        let ends_input = !matches!(end_of_text, Some((_, ErrorKind::InvalidUtf8 | ErrorKind::InvalidEncoding(_))));
        if let Some((at, kind)) = end_of_text {
            machine.set_cutoff(at, kind);
        }
        Parser { src, scanner: Scanner::new(lenient), ends_input, machine }
    }

    pub(crate) fn src(&self) -> &'a str {
        self.src
    }

    /// Reads up to the end of the next response and leaves it in the
    /// machine; `Ok(false)` once the document has ended.
    pub(crate) fn next_response(&mut self) -> Result<bool, Error> {
        // The whole input is in the window: what follows an error is all there is.
        let stop = self.machine.run(&mut self.scanner, self.src, true, self.ends_input, false)?;
        Ok(stop == Stop::Response)
    }
}

/// Checks that `input` is UTF-8; on failure returns the valid prefix and
/// where it ends, with the error to report when parsing reaches it: a
/// sequence cut by the end of input is a truncation, any other is invalid.
pub(crate) fn utf8_prefix(input: &[u8]) -> (&str, Option<(usize, ErrorKind)>) {
    match std::str::from_utf8(input) {
        Ok(text) => (text, None),
        Err(e) => {
            let valid = e.valid_up_to();
            let kind = if e.error_len().is_none() { ErrorKind::UnexpectedEof } else { ErrorKind::InvalidUtf8 };
            (std::str::from_utf8(&input[..valid]).unwrap_or(""), Some((valid, kind)))
        }
    }
}
