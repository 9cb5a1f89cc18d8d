//! Post dates in every form Jekyll accepts (it hands them to Ruby's `Time.parse`):
//! `2015-01-18`, `2015-01-18 10:00`, `2015-01-18 10:00:00 +0900`, `+09:00`, `-500`, ISO 8601 `T`/`Z`.
//! A date without a zone is a wall-clock time in the site's `timezone` (UTC when none is set, so
//! builds do not depend on the machine's zone).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Parses a front-matter date; `None` when it is not a date Jekyll would accept.
pub fn parse_date(text: &str, tz: Option<Tz>) -> Option<DateTime<FixedOffset>> {
    let s = text.trim();
    let (date, rest) = take_date(s)?;
    let rest = rest.trim_start_matches(['T', 't', ' ', '\t']);
    let (time, rest) = if rest.is_empty() {
        (NaiveTime::MIN, "")
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

/// The `YYYY-MM-DD` prefix of a post file name at midnight in the site's zone.
pub fn date_from_file_name(name: &str, tz: Option<Tz>) -> Option<(DateTime<FixedOffset>, &str)> {
    let (date, rest) = take_date(name)?;
    let slug = rest.strip_prefix('-')?;
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

fn take_date(s: &str) -> Option<(NaiveDate, &str)> {
    let (y, r) = take_number(s, 4, 4)?;
    let (m, r) = take_number(r.strip_prefix('-')?, 1, 2)?;
    let (d, r) = take_number(r.strip_prefix('-')?, 1, 2)?;
    Some((NaiveDate::from_ymd_opt(y as i32, m, d)?, r))
}

fn take_time(s: &str) -> Option<(NaiveTime, &str)> {
    let (h, r) = take_number(s, 1, 2)?;
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
    Some((NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?, r))
}

/// `-500`: some blogs write this, and Jekyll 4.3 accepts it, but Ruby's `Time.parse` ignores a
/// three-digit offset and reads the wall-clock time in the site's zone (measured with Jekyll
/// 4.3.1 on tests/fixtures/jekyll-site). We read it the same way so URLs and dates match the blog.
fn is_three_digit_offset(zone: &str) -> bool {
    let digits = zone.strip_prefix(['+', '-']).unwrap_or("");
    digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `Z`, `UTC`, `GMT`, `+0900`, `+09:00`, `+9`.
fn parse_offset(zone: &str) -> Option<FixedOffset> {
    if matches!(zone.to_ascii_uppercase().as_str(), "Z" | "UTC" | "GMT") {
        return FixedOffset::east_opt(0);
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
