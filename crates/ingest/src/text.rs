//! Bytes to text, files to digests, and dates to ISO 8601.

use crate::{FileDigest, IngestError};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Reads a whole file and its digest, naming it `display` in errors and in the digest.
pub(crate) fn read_bytes(path: &Path, display: &str) -> Result<(Vec<u8>, FileDigest), IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::file(display, cannot_read(&e)))?;
    let digest = FileDigest {
        path: display.to_string(),
        sha256: hex::encode(Sha256::digest(&bytes)),
    };
    Ok((bytes, digest))
}

/// Phrases an I/O error for a person.
pub(crate) fn cannot_read(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        _ => format!("cannot read it: {e}"),
    }
}

/// Decodes a text file: UTF-8 with or without a byte-order mark, UTF-16 with one, or
/// Windows-1252 when the file holds no UTF-8 at all (as Excel's "CSV" writes). A file that
/// mixes UTF-8 with bytes that are not is an error naming the line of the first bad byte.
pub(crate) fn decode(bytes: &[u8], display: &str) -> Result<String, IngestError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, display);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
        if had_errors {
            return Err(IngestError::file(
                display,
                "the file starts with a UTF-16 byte-order mark but is not valid UTF-16",
            ));
        }
        return Ok(text.into_owned());
    }
    decode_utf8(bytes, display)
}

fn decode_utf8(bytes: &[u8], display: &str) -> Result<String, IngestError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let any_utf8 = bytes.utf8_chunks().any(|c| !c.valid().is_ascii());
            if any_utf8 {
                let at = e.valid_up_to();
                let line = line_of(bytes, at);
                let bad: Vec<String> = bytes[at..]
                    .iter()
                    .take(e.error_len().unwrap_or(1))
                    .map(|b| format!("{b:#04x}"))
                    .collect();
                Err(IngestError::at(
                    display,
                    line,
                    format!(
                        "invalid UTF-8 (byte {} of the file is {}): the file mixes UTF-8 with \
                         another encoding; save it again as UTF-8",
                        at + 1,
                        bad.join(" ")
                    ),
                ))
            } else {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                Ok(text.into_owned())
            }
        }
    }
}

/// Where each line of a text starts, to turn byte offsets into lines as an editor counts them
/// (a line break is `\n`, `\r\n` or a lone `\r`).
pub(crate) struct LineIndex<'t> {
    text: &'t [u8],
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex { text: bytes, starts }
    }

    /// The 1-based line of the first character at or after `byte` that is not a line break:
    /// where a record that the CSV reader says starts at `byte` really starts.
    pub(crate) fn record_line(&self, byte: usize) -> u64 {
        let mut at = byte.min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        self.starts.partition_point(|&s| s <= at) as u64
    }
}

fn line_of(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Normalises a submission time to ISO 8601, or `None` when it is not one of the accepted forms:
/// ISO 8601 dates and date-times (with `T` or a space, with or without an offset), RFC 2822,
/// and UK day-first forms such as `03/04/2014`, `03/04/2014 09:15` and `3/4/14 09:15:30`.
///
/// A date-time without an offset becomes `2014-04-03T09:15:00`; with one, `…+01:00` (`Z` for
/// UTC); a date alone stays `2014-04-03`.
pub fn normalise_datetime(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let iso = if s.len() > 10 && s.as_bytes()[10] == b' ' && s.is_char_boundary(10) && s.is_char_boundary(11)
    {
        format!("{}T{}", &s[..10], s[11..].trim_start())
    } else {
        s.to_string()
    };
    let iso = iso.replace(" +", "+").replace(" -", "-");
    if let Ok(d) = DateTime::parse_from_rfc3339(&iso) {
        return Some(d.to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(d) = DateTime::parse_from_str(&iso, f) {
            return Some(d.to_rfc3339_opts(SecondsFormat::Secs, true));
        }
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&iso, f) {
            return Some(naive(d));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    day_first(s)
}

fn naive(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy` (or a two-digit year), then optionally `hh:mm`
/// or `hh:mm:ss`.
fn day_first(s: &str) -> Option<String> {
    let (date, time) = match s.split_once(char::is_whitespace) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) {
        return None;
    }
    let day: u32 = d.parse().ok()?;
    let month: u32 = m.parse().ok()?;
    let year: i32 = match y.len() {
        4 => y.parse().ok()?,
        2 => 2000 + y.parse::<i32>().ok()?,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let Some(time) = time else {
        return Some(date.format("%Y-%m-%d").to_string());
    };
    let time = ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(time, f).ok())?;
    Some(naive(date.and_time(time)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_datetime_forms_normalise_to_iso() {
        let n = |s: &str| normalise_datetime(s);
        assert_eq!(n("2014-04-03").as_deref(), Some("2014-04-03"));
        assert_eq!(n("2014-04-03T09:15:00").as_deref(), Some("2014-04-03T09:15:00"));
        assert_eq!(n("2014-04-03 09:15:00").as_deref(), Some("2014-04-03T09:15:00"));
        assert_eq!(n("2014-04-03 09:15").as_deref(), Some("2014-04-03T09:15:00"));
        assert_eq!(
            n("2014-04-03T09:15:00.123").as_deref(),
            Some("2014-04-03T09:15:00")
        );
        assert_eq!(n("2014-04-03T09:15:00Z").as_deref(), Some("2014-04-03T09:15:00Z"));
        assert_eq!(
            n("2014-04-03T09:15:00+01:00").as_deref(),
            Some("2014-04-03T09:15:00+01:00")
        );
        assert_eq!(
            n("2014-04-03 09:15:00 +0100").as_deref(),
            Some("2014-04-03T09:15:00+01:00")
        );
        assert_eq!(n("03/04/2014").as_deref(), Some("2014-04-03"));
        assert_eq!(n("03/04/2014 09:15").as_deref(), Some("2014-04-03T09:15:00"));
        assert_eq!(n("3/4/14 09:15:30").as_deref(), Some("2014-04-03T09:15:30"));
        assert_eq!(
            n("Thu, 03 Apr 2014 09:15:00 +0100").as_deref(),
            Some("2014-04-03T09:15:00+01:00")
        );
    }

    #[test]
    fn nonsense_and_impossible_dates_are_refused() {
        for s in [
            "",
            "yesterday",
            "31/02/2014",
            "2014-13-01",
            "13/13/2014 10:00",
            "03/04/2014 25:00",
            "1/2/3/4",
        ] {
            assert_eq!(normalise_datetime(s), None, "{s:?}");
        }
    }

    #[test]
    fn windows_1252_is_decoded_when_the_file_has_no_utf8() {
        let bytes = b"name\nCaf\xe9 \x93quoted\x94\n";
        assert_eq!(decode(bytes, "x.csv").unwrap(), "name\nCafé “quoted”\n");
    }

    #[test]
    fn a_bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n", "x.csv").unwrap(), "a,b\n");
    }

    #[test]
    fn mixed_encodings_name_the_line_of_the_bad_byte() {
        let bytes = "a\nCafé\nbad \u{2019}\n".as_bytes().to_vec();
        let mut bytes = bytes;
        bytes.extend_from_slice(b"x\xe9y\n");
        let e = decode(&bytes, "x.csv").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.to_string().contains("invalid UTF-8"), "{e}");
    }
}
