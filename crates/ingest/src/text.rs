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

/// The text of a field that may hold markup: HTML (as public-comment sites and some hubs
/// export free text) becomes plain text, with entities decoded, tags and styles dropped and
/// paragraphs kept as blank-line breaks. Text without markup is returned as it is, so that a
/// respondent's own `<` or `&` survive.
pub(crate) fn plain_text(raw: &str) -> std::borrow::Cow<'_, str> {
    if !looks_like_markup(raw) {
        return std::borrow::Cow::Borrowed(raw);
    }
    // Line breaks in the source are not breaks in HTML, but exports mix both: keep them.
    let html = raw.replace("\r\n", "\n").replace('\n', "<br/>");
    // Wide enough that no paragraph is wrapped; html2text only reads `&str` as bytes.
    let text = html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .string_from_read(html.as_bytes(), 1_000_000)
        .unwrap_or_else(|_| raw.to_string());
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line.trim_start());
    }
    std::borrow::Cow::Owned(out)
}

/// Whether text carries HTML: a tag such as `<br/>`, `<p>`, `</span>` or `<span style=…>`, or a
/// named or numbered entity such as `&rsquo;` or `&#39;`.
fn looks_like_markup(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| match b[i] {
        b'<' => {
            let rest = &b[i + 1..];
            let name = rest.strip_prefix(b"/").unwrap_or(rest);
            let len = name.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            len > 0
                && name[0].is_ascii_alphabetic()
                && matches!(name.get(len), Some(b'>' | b' ' | b'/' | b'\n'))
        }
        b'&' => {
            let rest = &b[i + 1..];
            let (body, digits) = match rest.strip_prefix(b"#") {
                Some(r) => (r, true),
                None => (rest, false),
            };
            let len = body
                .iter()
                .take_while(|c| {
                    if digits {
                        c.is_ascii_digit()
                    } else {
                        c.is_ascii_alphabetic()
                    }
                })
                .count();
            (1..=10).contains(&len) && body.get(len) == Some(&b';')
        }
        _ => false,
    })
}

fn line_of(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Normalises a submission time to ISO 8601, or `None` when it is not one of the accepted forms:
/// - ISO 8601 dates and date-times, with `T` or a space, with or without seconds, with an
///   offset, `Z` or neither (regulations.gov's `2023-04-30T04:00Z`);
/// - year first with slashes (the Commission's `2021/05/04 10:15:01`);
/// - RFC 2822 (e-mail headers);
/// - UK day-first forms such as `03/04/2014`, `03/04/2014 09:15` and `3/4/14 09:15:30`;
/// - written months: `3 April 2014`, `3 Apr 2014`, `April 3, 2014`;
/// - a spreadsheet's date serial (days since 1899-12-30, as Excel and LibreOffice count), with
///   a fraction for the time of day, between 1990 and 2100.
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
    let mut iso = iso.replace(" +", "+").replace(" -", "-");
    // Year first is ISO order whatever the separator; a day-first date is read below.
    let year_first = iso.len() >= 10
        && iso.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && matches!(iso.as_bytes()[4], b'-' | b'/');
    if !year_first {
        return day_first(s)
            .or_else(|| {
                DateTime::parse_from_rfc2822(s)
                    .ok()
                    .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
            })
            .or_else(|| written_month(s))
            .or_else(|| spreadsheet_serial(s));
    }
    iso = iso.replacen('/', "-", 2);
    // Reduced precision, as regulations.gov writes some times: `2022-11-09T05Z` is 05:00.
    if let Some(t) = iso.find('T') {
        let time = &iso[t + 1..];
        let digits = time.find(|c: char| !c.is_ascii_digit()).unwrap_or(time.len());
        if digits == 2 && !time[2..].starts_with([':', '.', ',']) {
            iso.insert_str(t + 3, ":00");
        }
    }
    if iso.contains('T') && (iso.ends_with('Z') || iso.ends_with('z')) {
        iso.truncate(iso.len() - 1);
        iso.push_str("+00:00");
    }
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
    NaiveDate::parse_from_str(&iso, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// `3 April 2014`, `3 Apr 2014`, `April 3, 2014` or `Apr 3 2014`.
fn written_month(s: &str) -> Option<String> {
    let s = s.replace(',', " ");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    ["%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&s, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A spreadsheet's date serial: days since 1899-12-30 (Excel's and LibreOffice's epoch for
/// dates after February 1900), the fraction being the time of day. Only serials of years
/// 1990 to 2100 are taken, so that an id or a count is never read as a date.
fn spreadsheet_serial(s: &str) -> Option<String> {
    let v: f64 = s.parse().ok()?;
    if !(32_874.0..=73_051.0).contains(&v) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (v * 86_400.0).round() as i64;
    let at = epoch + chrono::Duration::seconds(seconds);
    if v.fract() == 0.0 {
        Some(at.date().format("%Y-%m-%d").to_string())
    } else {
        Some(naive(at))
    }
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
    fn markup_in_docket_comments_becomes_plain_text_with_paragraphs() {
        let raw = "Hello,\n\n<span style='padding-left: 30px'></span>Thank you for the \
                   opportunity. I&#39;ve read the rule &amp; I don&rsquo;t agree.<br/>Second \
                   line.<br/><br/><p>New paragraph with <b>bold</b> and a \
                   <a href=\"https://example.org\">link</a>.</p>";
        let text = plain_text(raw);
        assert_eq!(
            text,
            "Hello,\n\nThank you for the opportunity. I've read the rule & I don\u{2019}t agree.\n\
             Second line.\n\nNew paragraph with bold and a link."
        );
        for bad in ["<", "&#", "&amp", "style", "padding"] {
            assert!(!text.contains(bad), "{bad} in {text:?}");
        }
    }

    #[test]
    fn text_without_markup_is_kept_as_written() {
        for s in [
            "Rents < wages & costs > income; 3<4",
            "Health Care Providers & Services",
            "a <= b, and x & y;",
            "line one\nline two",
        ] {
            assert!(matches!(plain_text(s), std::borrow::Cow::Borrowed(_)), "{s:?}");
        }
    }

    #[test]
    fn the_dates_real_exports_carry_are_read() {
        let n = |s: &str| normalise_datetime(s);
        // regulations.gov: ISO 8601 in UTC to the minute.
        assert_eq!(n("2022-10-07T04:00Z").as_deref(), Some("2022-10-07T04:00:00Z"));
        assert_eq!(n("2022-11-09T05Z").as_deref(), Some("2022-11-09T05:00:00Z"));
        assert_eq!(n("2023-04-30T04:00:00Z").as_deref(), Some("2023-04-30T04:00:00Z"));
        assert_eq!(
            n("2023-04-30T04:00:00.000+0000").as_deref(),
            Some("2023-04-30T04:00:00Z")
        );
        // The Commission's Have Your Say export: year first, with slashes.
        assert_eq!(n("2021/05/04 10:15:01").as_deref(), Some("2021-05-04T10:15:01"));
        assert_eq!(n("2021/05/04").as_deref(), Some("2021-05-04"));
        // Written months.
        assert_eq!(n("3 April 2014").as_deref(), Some("2014-04-03"));
        assert_eq!(n("3 Apr 2014").as_deref(), Some("2014-04-03"));
        assert_eq!(n("April 3, 2014").as_deref(), Some("2014-04-03"));
        // A spreadsheet serial: 41732 is 2014-04-03, and .5 is noon.
        assert_eq!(n("41732").as_deref(), Some("2014-04-03"));
        assert_eq!(n("41732.5").as_deref(), Some("2014-04-03T12:00:00"));
        // Numbers that are not plausible serials stay refused.
        assert_eq!(n("12"), None);
        assert_eq!(n("9999999"), None);
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
