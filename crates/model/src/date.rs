//! Post dates in the forms Jekyll accepts (it hands them to Ruby's `Time.parse`), measured with
//! Jekyll 4.3.1: `2015-01-18`, `2015/01/18`, `2015.01.18`, `20150118`, `18/01/2015` (day first),
//! `Jan 18 2015`, `18 Jan 2015`, `January 18, 2015`, `Sun, 18 Jan 2015 10:00:00 +0900`, times
//! `10:00`, `10:00:00.5`, `10:00 PM`, ISO 8601 `T`, zones `Z`, `UTC`, `JST`, `EST`…, `+0900`,
//! `+09:00`, `-05`, `+9`. A three-digit offset (`-500`) is ignored by Ruby, and so here.
//! A date without a zone is a wall-clock time in the site's `timezone` (UTC when none is set, so
//! builds do not depend on the machine's zone). Forms Jekyll rejects (`01/18/2015`,
//! `2015年1月18日`) are rejected too.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Parses a front-matter date; `None` when it is not a date Jekyll would accept.
pub fn parse_date(text: &str, tz: Option<Tz>) -> Option<DateTime<FixedOffset>> {
    let s = skip_weekday(text.trim());
    let (date, rest) = take_date(s)?;
    let rest = rest.trim_start_matches([',', ' ', '\t']);
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest);
    let (time, rest) = if rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_digit()) {
        (NaiveTime::MIN, rest)
    } else {
        take_time(rest)?
    };
    let zone = rest.trim();
    let naive = NaiveDateTime::new(date, time);
    if zone.is_empty() || is_three_digit_offset(zone) {
        return Some(in_zone(naive, tz));
    }
    let offset = parse_offset(zone)?;
    let at = offset.from_local_datetime(&naive).single()?;
    // Jekyll sets TZ to the site's `timezone`, so every date is shown (and put in URLs) in that
    // zone: `2015-01-19T23:30:00Z` is 2015-01-20 08:30 +09:00 on a Tokyo blog.
    Some(match tz {
        Some(tz) => at.with_timezone(&tz).fixed_offset(),
        None => at,
    })
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org) when set and valid: the time every output that
/// would otherwise say "now" uses instead, so the same input gives the same bytes.
pub fn source_date_epoch() -> Option<DateTime<chrono::Utc>> {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse::<i64>()
        .ok()?;
    DateTime::from_timestamp(secs, 0)
}

/// The `YYYY-MM-DD` prefix of a post file name at midnight in the site's zone.
pub fn date_from_file_name(name: &str, tz: Option<Tz>) -> Option<(DateTime<FixedOffset>, &str)> {
    let (y, r) = take_number(name, 4, 4)?;
    let (m, r) = take_number(r.strip_prefix('-')?, 1, 2)?;
    let (d, r) = take_number(r.strip_prefix('-')?, 1, 2)?;
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    let slug = r.strip_prefix('-')?;
    Some((in_zone(NaiveDateTime::new(date, NaiveTime::MIN), tz), slug))
}

fn in_zone(naive: NaiveDateTime, tz: Option<Tz>) -> DateTime<FixedOffset> {
    match tz {
        Some(tz) => match tz.from_local_datetime(&naive).earliest() {
            Some(t) => t.fixed_offset(),
            // A wall-clock time skipped by a DST change: read it in the zone's standard offset.
            None => tz.from_utc_datetime(&naive).fixed_offset(),
        },
        None => naive.and_utc().fixed_offset(),
    }
}

fn take_number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `Sun, ` / `Sunday ` before the date (RFC 2822 style) carries no information.
fn skip_weekday(s: &str) -> &str {
    let word_len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = s[..word_len].to_ascii_lowercase();
    if word_len >= 3 && WEEKDAYS.iter().any(|w| word.starts_with(w)) {
        s[word_len..].trim_start_matches([',', ' ', '\t'])
    } else {
        s
    }
}

/// A month name (`Jan`, `January`, `Sept.`) at the start of `s`.
fn take_month_name(s: &str) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if n < 3 {
        return None;
    }
    let word = s[..n].to_ascii_lowercase();
    let m = MONTHS.iter().position(|m| word.starts_with(m))? as u32 + 1;
    Some((m, s[n..].strip_prefix('.').unwrap_or(&s[n..])))
}

fn take_date(s: &str) -> Option<(NaiveDate, &str)> {
    let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d);
    // 2015-01-18, 2015/01/18, 2015.01.18
    if let Some((y, r)) = take_number(s, 4, 4) {
        if let Some(sep) = r.chars().next().filter(|c| matches!(c, '-' | '/' | '.')) {
            let (m, r) = take_number(&r[1..], 1, 2)?;
            let (d, r) = take_number(r.strip_prefix(sep)?, 1, 2)?;
            return Some((ymd(y, m, d)?, r));
        }
    }
    // 20150118
    if let Some((_, r)) = take_number(s, 8, 8) {
        let y = s[..4].parse().ok()?;
        let m = s[4..6].parse().ok()?;
        let d = s[6..8].parse().ok()?;
        return Some((ymd(y, m, d)?, r));
    }
    // 18/01/2015, 18-01-2015, 18.01.2015 (Ruby reads the day first)
    if let Some((d, r)) = take_number(s, 1, 2) {
        if let Some(sep) = r.chars().next().filter(|c| matches!(c, '-' | '/' | '.')) {
            let (m, r) = take_number(&r[1..], 1, 2)?;
            let (y, r) = take_number(r.strip_prefix(sep)?, 4, 4)?;
            return Some((ymd(y, m, d)?, r));
        }
        // 18 Jan 2015
        let (m, r) = take_month_name(r.trim_start_matches([' ', '\t']))?;
        let (y, r) = take_number(r.trim_start_matches([' ', '\t', ',']), 4, 4)?;
        return Some((ymd(y, m, d)?, r));
    }
    // Jan 18 2015, January 18, 2015
    let (m, r) = take_month_name(s)?;
    let r = r.trim_start_matches([' ', '\t']);
    let (d, r) = take_number(r, 1, 2)?;
    let r = r.trim_start_matches([',', ' ', '\t']);
    let (y, r) = take_number(r, 4, 4)?;
    Some((ymd(y, m, d)?, r))
}

fn take_time(s: &str) -> Option<(NaiveTime, &str)> {
    let (mut h, r) = take_number(s, 1, 2)?;
    let (m, mut r) = take_number(r.strip_prefix(':')?, 2, 2)?;
    let mut sec = 0;
    let mut nanos = 0;
    if let Some(x) = r.strip_prefix(':') {
        let (v, x) = take_number(x, 2, 2)?;
        sec = v;
        r = x;
        if let Some(frac) = r.strip_prefix(['.', ',']) {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            let digits = &frac[..n];
            let padded: String = digits
                .chars()
                .chain(std::iter::repeat('0'))
                .take(9)
                .collect();
            nanos = padded.parse().ok()?;
            r = &frac[n..];
        }
    }
    // 10:00 PM / 9:05 am
    let t = r.trim_start_matches([' ', '\t']);
    let word: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '.')
        .collect();
    match word.to_ascii_lowercase().replace('.', "").as_str() {
        "am" if h <= 12 => {
            h %= 12;
            r = &t[word.len()..];
        }
        "pm" if h <= 12 => {
            h = h % 12 + 12;
            r = &t[word.len()..];
        }
        _ => {}
    }
    Some((NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?, r))
}

/// `-500`: some blogs write this, and Jekyll 4.3 accepts it, but Ruby's `Time.parse` ignores a
/// three-digit offset and reads the wall-clock time in the site's zone (measured with Jekyll
/// 4.3.1 on tests/fixtures/jekyll-site). We read it the same way so URLs and dates match the blog.
fn is_three_digit_offset(zone: &str) -> bool {
    let digits = zone.strip_prefix(['+', '-']).unwrap_or("");
    digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Zone abbreviations Ruby's `Date._parse` knows that blogs use, in minutes east of UTC.
const ZONES: &[(&str, i32)] = &[
    ("z", 0),
    ("ut", 0),
    ("utc", 0),
    ("gmt", 0),
    ("wet", 0),
    ("west", 60),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
    ("ist", 330),
    ("ict", 420),
    ("wib", 420),
    ("hkt", 480),
    ("sgt", 480),
    ("pht", 480),
    ("awst", 480),
    ("jst", 540),
    ("kst", 540),
    ("acst", 570),
    ("aest", 600),
    ("aedt", 660),
    ("nzst", 720),
    ("nzdt", 780),
    ("hst", -600),
    ("akst", -540),
    ("akdt", -480),
    ("pst", -480),
    ("pdt", -420),
    ("mst", -420),
    ("mdt", -360),
    ("cst", -360),
    ("cdt", -300),
    ("est", -300),
    ("edt", -240),
    ("ast", -240),
    ("adt", -180),
];

/// `Z`, `UTC`, `JST`, `+0900`, `+09:00`, `-05`, `+9`.
fn parse_offset(zone: &str) -> Option<FixedOffset> {
    let lower = zone.to_ascii_lowercase();
    if let Some((_, minutes)) = ZONES.iter().find(|(name, _)| *name == lower) {
        return FixedOffset::east_opt(minutes * 60);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let (h, m) = if let Some((h, m)) = digits.split_once(':') {
        (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
    } else {
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match digits.len() {
            1 | 2 => (digits.parse().ok()?, 0),
            4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
            _ => return None,
        }
    };
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        parse_date(s, None)
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn every_jekyll_form_parses() {
        assert_eq!(p("2015-01-18"), "2015-01-18T00:00:00+00:00");
        assert_eq!(p("2015-01-18 10:00"), "2015-01-18T10:00:00+00:00");
        assert_eq!(p("2015-01-18 10:00:00 +0900"), "2015-01-18T10:00:00+09:00");
        assert_eq!(p("2015-01-18 10:00:00 +09:00"), "2015-01-18T10:00:00+09:00");
        // Like Jekyll (Ruby's Time.parse): a three-digit offset is ignored.
        assert_eq!(p("2015-01-18 10:00:00 -500"), "2015-01-18T10:00:00+00:00");
        assert_eq!(p("2015-01-18T10:00:00Z"), "2015-01-18T10:00:00+00:00");
        assert_eq!(
            p("2015-01-18T10:00:00.250+09:00"),
            "2015-01-18T10:00:00.250+09:00"
        );
        assert_eq!(p("2015-1-8 9:05"), "2015-01-08T09:05:00+00:00");
    }

    #[test]
    fn forms_ruby_time_parse_reads_like_jekyll() {
        // Each measured with Jekyll 4.3.1 (timezone unset here: UTC).
        assert_eq!(p("2015/01/18"), "2015-01-18T00:00:00+00:00");
        assert_eq!(p("2015.01.18"), "2015-01-18T00:00:00+00:00");
        assert_eq!(p("20150118"), "2015-01-18T00:00:00+00:00");
        assert_eq!(p("18/01/2015"), "2015-01-18T00:00:00+00:00");
        assert_eq!(p("Jan 18 2015 10:00"), "2015-01-18T10:00:00+00:00");
        assert_eq!(p("18 Jan 2015"), "2015-01-18T00:00:00+00:00");
        assert_eq!(p("January 18, 2015"), "2015-01-18T00:00:00+00:00");
        assert_eq!(
            p("Sun, 18 Jan 2015 10:00:00 +0900"),
            "2015-01-18T10:00:00+09:00"
        );
        assert_eq!(p("2015-01-18 10:00 PM"), "2015-01-18T22:00:00+00:00");
        assert_eq!(p("2015-01-18 9:05 am"), "2015-01-18T09:05:00+00:00");
        assert_eq!(p("2015-01-18 12:30 am"), "2015-01-18T00:30:00+00:00");
        assert_eq!(p("2015-01-18 10:00:00 JST"), "2015-01-18T10:00:00+09:00");
        assert_eq!(p("2015-01-18 10:00:00 EST"), "2015-01-18T10:00:00-05:00");
        assert_eq!(p("2015-01-18 10:00:00 -05"), "2015-01-18T10:00:00-05:00");
        assert_eq!(p("2015-01-18 10:00:00 +9"), "2015-01-18T10:00:00+09:00");
        assert_eq!(p("2015-01-18 10:00:00 UTC"), "2015-01-18T10:00:00+00:00");
        assert_eq!(p("2015-01-18T10:00"), "2015-01-18T10:00:00+00:00");
    }

    #[test]
    fn forms_jekyll_rejects_are_rejected() {
        for s in ["01/18/2015", "2015年1月18日"] {
            assert_eq!(p(s), "none", "{s}");
        }
    }

    #[test]
    fn nonsense_is_not_a_date() {
        for s in [
            "yesterday",
            "2015-13-01",
            "2015-01-18 25:00",
            "2015-01-18 10:00 +99",
            "",
        ] {
            assert_eq!(p(s), "none", "{s}");
        }
    }

    #[test]
    fn zoneless_dates_use_the_site_timezone() {
        let d = parse_date("2015-01-18 10:00", Some(chrono_tz::Asia::Tokyo)).unwrap();
        assert_eq!(d.to_rfc3339(), "2015-01-18T10:00:00+09:00");
    }

    #[test]
    fn dates_with_a_zone_are_shown_in_the_site_timezone() {
        let d = parse_date("2015-01-19T23:30:00Z", Some(chrono_tz::Asia::Tokyo)).unwrap();
        assert_eq!(d.to_rfc3339(), "2015-01-20T08:30:00+09:00");
    }

    #[test]
    fn file_name_gives_date_and_slug() {
        let (d, slug) = date_from_file_name("2015-01-18-docker-meetup-tokyo-4", None).unwrap();
        assert_eq!(d.date_naive().to_string(), "2015-01-18");
        assert_eq!(slug, "docker-meetup-tokyo-4");
        assert!(date_from_file_name("about", None).is_none());
    }
}
