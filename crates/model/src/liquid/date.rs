//! Dates for the `date` filters: reading front-matter date strings in the forms Jekyll
//! accepts, and Ruby's `strftime` (flags `-`, `_`, `0`, `^`, `#`, widths, `%:z`).
//!
//! A date keeps the offset it was written with (`page.date` arrives as RFC 3339). Jekyll
//! converts to the build machine's zone instead; a book should not depend on where it was
//! built. A date without an offset is read as UTC for the same reason.

use super::value::to_text;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use serde_json::Value;

pub(crate) fn parse(v: &Value) -> Option<DateTime<FixedOffset>> {
    match v {
        Value::Number(n) => {
            let secs = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            DateTime::from_timestamp(secs, 0).map(|d| d.fixed_offset())
        }
        Value::String(s) => parse_str(s.trim()),
        _ => None,
    }
}

fn parse_str(s: &str) -> Option<DateTime<FixedOffset>> {
    if s == "now" || s == "today" {
        return Some(chrono::Local::now().fixed_offset());
    }
    if let Some(n) = s.parse::<i64>().ok().filter(|_| s.len() > 8) {
        return DateTime::from_timestamp(n, 0).map(|d| d.fixed_offset());
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    let s = s.replace('T', " ");
    const ZONED: &[&str] = &[
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
    ];
    for f in ZONED {
        if let Ok(d) = DateTime::parse_from_str(&s, f) {
            return Some(d);
        }
    }
    let naive = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix('Z'))
        .unwrap_or(&s)
        .trim();
    const NAIVE: &[&str] = &[
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ];
    for f in NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(naive, f) {
            return Some(Utc.from_utc_datetime(&d).fixed_offset());
        }
    }
    const DAY: &[&str] = &[
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y年%m月%d日",
    ];
    for f in DAY {
        if let Ok(d) = NaiveDate::parse_from_str(naive, f) {
            return Some(
                Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?)
                    .fixed_offset(),
            );
        }
    }
    None
}

/// Liquid's `date`: an empty format or a value that is not a date gives the input back.
pub(crate) fn date_filter(input: &Value, format: &str) -> Value {
    if format.is_empty() || input.is_null() {
        return input.clone();
    }
    format_value(input, format)
}

pub(crate) fn format_value(input: &Value, format: &str) -> Value {
    match parse(input) {
        Some(d) => Value::String(strftime(&d, format)),
        None if input.is_null() => Value::Null,
        None => Value::String(to_text(input)),
    }
}

/// `date_to_string` / `date_to_long_string` with Jekyll's `"ordinal"` and `"US"` options.
pub(crate) fn date_to_string(input: &Value, month: &str, kind: &str, style: &str) -> Value {
    let Some(d) = parse(input) else {
        return format_value(input, "");
    };
    if kind != "ordinal" {
        return Value::String(strftime(&d, &format!("%d {month} %Y")));
    }
    let day = d.day();
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    let m = strftime(&d, month);
    Value::String(if style == "US" {
        format!("{m} {day}{suffix}, {}", d.year())
    } else {
        format!("{day}{suffix} {m} {}", d.year())
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Ruby's `Time#strftime`. Unknown directives are copied as written, as Ruby does.
pub(crate) fn strftime(d: &DateTime<FixedOffset>, fmt: &str) -> String {
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut it = fmt.chars().peekable();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::from("%");
        let mut flag = None;
        while let Some(&f) = it.peek() {
            if matches!(f, '-' | '_' | '0' | '^' | '#') {
                flag = Some(f);
                spec.push(f);
                it.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&w) = it.peek().filter(|w| w.is_ascii_digit()) {
            width.push(w);
            spec.push(w);
            it.next();
        }
        let width: Option<usize> = width.parse().ok().map(|w: usize| w.min(64));
        let colon = it.peek() == Some(&':');
        if colon {
            it.next();
            spec.push(':');
        }
        let Some(conv) = it.next() else {
            out.push_str(&spec);
            break;
        };
        let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("");
        let day = DAYS
            .get(d.weekday().num_days_from_sunday() as usize)
            .copied()
            .unwrap_or("");
        let hour12 = match d.hour() % 12 {
            0 => 12,
            h => h,
        };
        let off = d.offset().local_minus_utc();
        let (sign, off_abs) = if off < 0 { ('-', -off) } else { ('+', off) };
        // (text, default pad char, default width) — numbers pad, words do not.
        let (text, pad, w): (String, char, usize) = match conv {
            'Y' => (d.year().to_string(), '0', 1),
            'C' => ((d.year() / 100).to_string(), '0', 2),
            'y' => ((d.year() % 100).to_string(), '0', 2),
            'm' => (d.month().to_string(), '0', 2),
            'd' => (d.day().to_string(), '0', 2),
            'e' => (d.day().to_string(), ' ', 2),
            'j' => (d.ordinal().to_string(), '0', 3),
            'H' => (d.hour().to_string(), '0', 2),
            'k' => (d.hour().to_string(), ' ', 2),
            'I' => (hour12.to_string(), '0', 2),
            'l' => (hour12.to_string(), ' ', 2),
            'M' => (d.minute().to_string(), '0', 2),
            'S' => (d.second().to_string(), '0', 2),
            'L' => (
                format!("{:03}", d.timestamp_subsec_millis().min(999)),
                '0',
                3,
            ),
            'N' => (
                format!("{:09}", d.timestamp_subsec_nanos().min(999_999_999)),
                '0',
                9,
            ),
            's' => (d.timestamp().to_string(), '0', 1),
            'u' => (d.weekday().number_from_monday().to_string(), '0', 1),
            'w' => (d.weekday().num_days_from_sunday().to_string(), '0', 1),
            'U' => (
                ((d.ordinal0() + 7 - d.weekday().num_days_from_sunday()) / 7).to_string(),
                '0',
                2,
            ),
            'W' => (
                ((d.ordinal0() + 7 - d.weekday().num_days_from_monday()) / 7).to_string(),
                '0',
                2,
            ),
            'G' => (d.iso_week().year().to_string(), '0', 1),
            'V' => (d.iso_week().week().to_string(), '0', 2),
            'B' => (month.to_owned(), ' ', 0),
            'b' | 'h' => (month.get(..3).unwrap_or(month).to_owned(), ' ', 0),
            'A' => (day.to_owned(), ' ', 0),
            'a' => (day.get(..3).unwrap_or(day).to_owned(), ' ', 0),
            'p' => ((if d.hour() < 12 { "AM" } else { "PM" }).to_owned(), ' ', 0),
            'P' => ((if d.hour() < 12 { "am" } else { "pm" }).to_owned(), ' ', 0),
            'z' if colon => (
                format!("{sign}{:02}:{:02}", off_abs / 3600, off_abs / 60 % 60),
                ' ',
                0,
            ),
            'z' => (
                format!("{sign}{:02}{:02}", off_abs / 3600, off_abs / 60 % 60),
                ' ',
                0,
            ),
            'Z' => ((if off == 0 { "UTC" } else { "" }).to_owned(), ' ', 0),
            'F' => (strftime(d, "%Y-%m-%d"), ' ', 0),
            'D' | 'x' => (strftime(d, "%m/%d/%y"), ' ', 0),
            'T' | 'X' => (strftime(d, "%H:%M:%S"), ' ', 0),
            'R' => (strftime(d, "%H:%M"), ' ', 0),
            'r' => (strftime(d, "%I:%M:%S %p"), ' ', 0),
            'c' => (strftime(d, "%a %b %e %H:%M:%S %Y"), ' ', 0),
            'v' => (strftime(d, "%e-%^b-%Y"), ' ', 0),
            'n' => ("\n".into(), ' ', 0),
            't' => ("\t".into(), ' ', 0),
            '%' => ("%".into(), ' ', 0),
            other => {
                out.push_str(&spec);
                out.push(other);
                continue;
            }
        };
        let text = match flag {
            Some('^') => text.to_uppercase(),
            Some('#') => text
                .chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect(),
            _ => text,
        };
        let (pad, w) = match flag {
            Some('-') => (pad, 0),
            Some('_') => (' ', w),
            Some('0') => ('0', w),
            _ => (pad, w),
        };
        let w = width.unwrap_or(w);
        let len = text.chars().count();
        if len < w {
            let fill: String = std::iter::repeat_n(pad, w - len).collect();
            if pad == '0' && text.starts_with('-') {
                out.push('-');
                out.push_str(&fill);
                out.push_str(text.get(1..).unwrap_or(""));
                continue;
            }
            out.push_str(&fill);
        }
        out.push_str(&text);
    }
    out
}
