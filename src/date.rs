//! Dates in properties: `DAV:getlastmodified` is an HTTP-date (RFC 4918
//! §15.7, RFC 9110 §5.6.7) and `DAV:creationdate` is RFC 3339 (RFC 4918 §15.1).

use std::fmt;
use std::time::{Duration, SystemTime};

/// A calendar date and time with its UTC offset, as sent by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Year, such as 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60 (60 only for a leap second).
    pub second: u8,
    /// Fraction of a second, in nanoseconds.
    pub nanosecond: u32,
    /// Offset from UTC in minutes (0 for GMT/UTC).
    pub offset_minutes: i16,
}

impl DateTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_timestamp(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        let local = days * 86_400 + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        local - i64::from(self.offset_minutes) * 60
    }

    /// The same instant as a [`SystemTime`].
    pub fn to_system_time(&self) -> SystemTime {
        let seconds = self.unix_timestamp();
        let nanos = Duration::from_nanos(u64::from(self.nanosecond));
        if seconds >= 0 {
            SystemTime::UNIX_EPOCH + Duration::from_secs(seconds as u64) + nanos
        } else {
            SystemTime::UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs()) + nanos
        }
    }

    /// Parses an HTTP-date in any of its three forms (RFC 9110 §5.6.7:
    /// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
    /// `Sun Nov  6 08:49:37 1994`) and the variants servers send: no weekday,
    /// one-digit days, `UTC`/`Z`/`+0000` zones, any case. ASCII whitespace
    /// around the date is ignored.
    ///
    /// ```
    /// use multistatus::DateTime;
    /// let date = DateTime::parse_http_date("\n  Sun, 06 Nov 1994 08:49:37 GMT\n").unwrap();
    /// assert_eq!(date.unix_timestamp(), 784_111_777);
    /// ```
    pub fn parse_http_date(text: &str) -> Option<DateTime> {
        // The tokens never see the whitespace around a value, nor need the shortcut.
        let text = text.trim_ascii();
        // Nearly every server sends the preferred form: read it by position, the rest by token.
        parse_imf_fixdate(text.as_bytes()).or_else(|| Self::parse_http_date_tokens(text))
    }

    /// [`parse_http_date`](Self::parse_http_date) of any form, token by token.
    fn parse_http_date_tokens(text: &str) -> Option<DateTime> {
        let (mut day, mut month, mut year, mut time, mut offset) = (None, None, None, None, None);
        for token in text.split(|c: char| c.is_ascii_whitespace() || c == ',').filter(|t| !t.is_empty()) {
            if token.contains(':') && time.is_none() {
                time = Some(parse_time(token)?);
            } else if let Some(zone) = parse_zone(token) {
                offset = Some(zone);
            } else if token.contains('-') && token.bytes().any(|b| b.is_ascii_alphabetic()) {
                // RFC 850 date: 06-Nov-94
                let mut parts = token.split('-');
                day = Some(parts.next()?.parse::<u8>().ok()?);
                month = Some(parse_month(parts.next()?)?);
                year = Some(parse_year(parts.next()?)?);
                if parts.next().is_some() {
                    return None;
                }
            } else if let Some(m) = parse_month(token) {
                month = Some(m);
            } else if token.bytes().all(|b| b.is_ascii_digit()) {
                if day.is_none() && token.len() <= 2 && year.is_none() {
                    day = Some(token.parse().ok()?);
                } else if year.is_none() {
                    year = Some(parse_year(token)?);
                } else {
                    return None;
                }
            } else if !is_weekday(token) {
                return None;
            }
        }
        let (hour, minute, second) = time?;
        let date = DateTime {
            year: year?,
            month: month?,
            day: day?,
            hour,
            minute,
            second,
            nanosecond: 0,
            offset_minutes: offset.unwrap_or(0),
        };
        date.is_valid().then_some(date)
    }

    /// Parses an RFC 3339 `date-time` (`1997-12-01T17:42:21-08:00`,
    /// `2026-11-21T05:30:00.123Z`), also accepting a space or lowercase `t`
    /// between date and time, lowercase `z`, and a missing zone (taken as UTC).
    pub fn parse_rfc3339(text: &str) -> Option<DateTime> {
        let text = text.trim_ascii();
        let bytes = text.as_bytes();
        if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = text.get(range)?;
            digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok())?
        };
        // `get`: a non-ASCII character may straddle these byte positions.
        let (hour, minute, second) = parse_time(text.get(11..19)?)?;
        let mut rest = text.get(19..)?;
        let mut nanosecond = 0;
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let scaled: String = fraction[..digits].chars().chain(std::iter::repeat('0')).take(9).collect();
            nanosecond = scaled.parse().ok()?;
            rest = &fraction[digits..];
        }
        let offset_minutes = match rest {
            "" | "Z" | "z" => 0,
            zone => {
                let sign = match zone.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (h, m) = zone[1..].split_once(':')?;
                if h.len() != 2 || m.len() != 2 {
                    return None;
                }
                let (h, m): (i16, i16) = (h.parse().ok()?, m.parse().ok()?);
                if h > 23 || m > 59 {
                    return None;
                }
                sign * (h * 60 + m)
            }
        };
        let date = DateTime {
            year: number(0..4)? as i32,
            month: number(5..7)? as u8,
            day: number(8..10)? as u8,
            hour,
            minute,
            second,
            nanosecond,
            offset_minutes,
        };
        date.is_valid().then_some(date)
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second <= 60
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339, with the original offset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.nanosecond != 0 {
            write!(f, ".{:09}", self.nanosecond)?;
        }
        match self.offset_minutes {
            0 => f.write_str("Z"),
            m => {
                write!(f, "{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.unsigned_abs() / 60, m.unsigned_abs() % 60)
            }
        }
    }
}

/// RFC 9110 §5.6.7 IMF-fixdate exactly as the grammar writes it
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), or `None` for anything else, which
/// the general parse then reads: where this returns a date, that parse
/// returns the same one.
fn parse_imf_fixdate(bytes: &[u8]) -> Option<DateTime> {
    let bytes: &[u8; 29] = bytes.try_into().ok()?;
    let separators = bytes[3] == b','
        && [4, 7, 11, 16, 25].iter().all(|&i| bytes[i] == b' ')
        && bytes[19] == b':'
        && bytes[22] == b':'
        && &bytes[26..] == b"GMT";
    if !separators || !IMF_WEEKDAYS.contains(&[bytes[0], bytes[1], bytes[2]]) {
        return None;
    }
    let month = IMF_MONTHS.iter().position(|m| *m == [bytes[8], bytes[9], bytes[10]])? as u8 + 1;
    let digits = |at: usize, len: usize| -> Option<u32> {
        bytes[at..at + len].iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let date = DateTime {
        year: digits(12, 4)? as i32,
        month,
        day: digits(5, 2)? as u8,
        hour: digits(17, 2)? as u8,
        minute: digits(20, 2)? as u8,
        second: digits(23, 2)? as u8,
        nanosecond: 0,
        offset_minutes: 0,
    };
    date.is_valid().then_some(date)
}

/// The day and month names of IMF-fixdate, in the case its grammar gives them.
const IMF_WEEKDAYS: [[u8; 3]; 7] = [*b"Mon", *b"Tue", *b"Wed", *b"Thu", *b"Fri", *b"Sat", *b"Sun"];
const IMF_MONTHS: [[u8; 3]; 12] =
    [*b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct", *b"Nov", *b"Dec"];

fn parse_time(token: &str) -> Option<(u8, u8, u8)> {
    let mut parts = token.split(':');
    let mut next = || -> Option<u8> {
        let part = parts.next()?;
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let time = (next()?, next()?, next()?);
    parts.next().is_none().then_some(time)
}

fn parse_zone(token: &str) -> Option<i16> {
    if ["GMT", "UTC", "UT", "Z"].iter().any(|z| token.eq_ignore_ascii_case(z)) {
        return Some(0);
    }
    let sign = match token.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &token[1..];
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i16, i16) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    Some(sign * (h * 60 + m))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn parse_month(token: &str) -> Option<u8> {
    let prefix = token.get(..3)?;
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(prefix)).map(|i| i as u8 + 1)
}

fn is_weekday(token: &str) -> bool {
    token.get(..3).is_some_and(|prefix| WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(prefix)))
}

/// Two-digit years (RFC 850) are read as RFC 9110 §5.6.7 says: a year that
/// would be more than 50 years ahead is in the previous century.
fn parse_year(token: &str) -> Option<i32> {
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = token.parse().ok()?;
    match token.len() {
        2 => Some(if year < 70 { 2000 + year } else { 1900 + year }),
        4 => Some(year),
        _ => None,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_imf_fixdate_shortcut_reads_what_the_token_parse_reads() {
        let (mut read, mut exact) = (0, 0);
        for weekday in ["Sun", "Thu", "sun", "Xyz"] {
            for day in ["00", "01", "06", "28", "29", "30", "31", "32", "6 ", "a1"] {
                for month in ["Jan", "Feb", "Apr", "Dec", "feb", "Foo"] {
                    for year in ["1994", "2000", "2024", "2100", "0000", "19x4"] {
                        for time in ["08:49:37", "00:00:00", "23:59:60", "23:59:61", "24:00:00", "12:60:00", "1:02:033"]
                        {
                            for zone in ["GMT", "UTC", "gmt", "+00"] {
                                let text = format!("{weekday}, {day} {month} {year} {time} {zone}");
                                let general = DateTime::parse_http_date_tokens(&text);
                                let as_the_grammar_writes_it = ["Sun", "Thu"].contains(&weekday)
                                    && day != "6 "
                                    && ["Jan", "Feb", "Apr", "Dec"].contains(&month)
                                    && zone == "GMT";
                                exact += usize::from(general.is_some() && as_the_grammar_writes_it);
                                match parse_imf_fixdate(text.as_bytes()) {
                                    Some(date) => {
                                        assert_eq!(Some(date), general, "{text}");
                                        read += 1;
                                    }
                                    None => assert_eq!(DateTime::parse_http_date(&text), general, "{text}"),
                                }
                                // A value on a line of its own reads as the same date.
                                let indented = format!("\n   {text}\n  ");
                                assert_eq!(DateTime::parse_http_date(&indented), general, "{indented:?}");
                            }
                        }
                    }
                }
            }
        }
        // Every valid date written exactly as the grammar writes it takes the shortcut.
        assert_eq!((read, exact), (618, 618));
    }

    const NOV_6_1994: i64 = 784_111_777;

    #[test]
    fn non_ascii_where_the_time_should_be_is_no_date() {
        // Found by fuzzing: a character straddling byte 19 made the parser slice inside it.
        assert_eq!(DateTime::parse_rfc3339("2026-11-21T05:41:2\u{36c}"), None);
        assert_eq!(DateTime::parse_rfc3339("2026-11-21T05:4\u{e9}:20Z"), None);
    }

    #[test]
    fn http_date_forms() {
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 UTC",
            "sun, 06 nov 1994 08:49:37 gmt",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "  Sun, 06 Nov 1994 08:49:37 GMT\n",
        ] {
            let date = DateTime::parse_http_date(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(date.unix_timestamp(), NOV_6_1994, "{text:?}");
        }
        let eastern = DateTime::parse_http_date("Sun, 06 Nov 1994 03:49:37 -0500").unwrap();
        assert_eq!(eastern.unix_timestamp(), NOV_6_1994);
    }

    #[test]
    fn http_date_rejects() {
        for text in [
            "",
            "yesterday",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994",
            "06 Nov 1994 08:49:37 GMT extra",
        ] {
            assert_eq!(DateTime::parse_http_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn rfc3339() {
        let date = DateTime::parse_rfc3339("1997-12-01T17:42:21-08:00").unwrap();
        assert_eq!(date.unix_timestamp(), 881_026_941);
        assert_eq!(date.to_string(), "1997-12-01T17:42:21-08:00");
        let fraction = DateTime::parse_rfc3339("2026-11-21T05:30:00.5Z").unwrap();
        assert_eq!(fraction.nanosecond, 500_000_000);
        assert_eq!(DateTime::parse_rfc3339("2026-11-21 05:30:00z").unwrap().unix_timestamp(), 1_795_239_000);
        for bad in ["", "2026-13-01T00:00:00Z", "2026-11-21T05:30Z", "2026-11-21T05:30:00+5:00", "2026-11-21T05:30:00."]
        {
            assert_eq!(DateTime::parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn epoch_and_before() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }
}
