//! Text classes both backends need the same answer for: which runs of a vertical line stand
//! upright (tate-chu-yoko, 縦中横, JLREQ 3.2.3; full-width Latin). The PDF sets them in its
//! vertical layout, the EPUB marks them with `<span class="tcy">` / `<span class="upright">`;
//! the same rule decides both, so the ebook and the printed book agree.

use std::ops::Range;

/// Byte ranges of `text` set tate-chu-yoko in vertical text: runs of 1 to `max_digits` ASCII
/// digits (`第4回`, `10月`) and runs of two capitals (`AIの`, `PCで`), and the pairs `!!`,
/// `!?`, `?!`, `??`, none of them touching another Latin letter, digit or a `.`/`,` between
/// digits (`2023年`, `v1.2`, `x86`, `3.14`, `1,000`, `ABC`, `iOS` are turned like words).
pub fn tcy_runs(text: &str, max_digits: u8) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let latinish = |c: char| c.is_ascii_alphanumeric();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let ch = chars[k].1;
        let class = |c: char| {
            if c.is_ascii_digit() {
                1
            } else if c.is_ascii_uppercase() {
                2
            } else if c.is_ascii_lowercase() {
                3
            } else if c == '!' || c == '?' {
                4
            } else {
                0
            }
        };
        let cls = class(ch);
        if cls == 0 {
            k += 1;
            continue;
        }
        // The whole run of Latin letters and digits (or of ! and ?) from here.
        let mut j = k;
        while j < chars.len() {
            let c = chars[j].1;
            let same = if cls == 4 { class(c) == 4 } else { latinish(c) };
            if !same {
                break;
            }
            j += 1;
        }
        let run = &chars[k..j];
        let before = k.checked_sub(1).map(|i| chars[i].1);
        let after = chars.get(j).map(|c| c.1);
        // `3.14`, `1,000`, `v1.2`: a point or comma joining digits makes one number.
        let joined = |c: Option<char>, next: Option<char>| {
            matches!(c, Some('.' | ',')) && next.is_some_and(|n| n.is_ascii_alphanumeric())
        };
        let n = run.len();
        // Part of a Latin phrase (`Tokyo #4`, `1/2`, `v 2`): the nearest character past ASCII
        // spaces and punctuation is a Latin letter or digit.
        let skip = |c: &char| *c == ' ' || c.is_ascii_punctuation();
        let phrase_before = chars[..k]
            .iter()
            .rev()
            .map(|c| c.1)
            .find(|c| !skip(c))
            .is_some_and(latinish);
        let phrase_after = chars[j..]
            .iter()
            .map(|c| c.1)
            .find(|c| !skip(c))
            .is_some_and(latinish);
        let isolated = !joined(after, chars.get(j + 1).map(|c| c.1))
            && !joined(before, k.checked_sub(2).map(|i| chars[i].1))
            && (cls == 4 || !(phrase_before || phrase_after));
        let all = |f: fn(&char) -> bool| run.iter().all(|(_, c)| f(c));
        let take = isolated
            && match cls {
                1 => all(char::is_ascii_digit) && n <= usize::from(max_digits),
                2 => all(char::is_ascii_uppercase) && n == 2,
                4 => n == 2,
                _ => false,
            };
        if take {
            out.push(chars[k].0..end_of(j));
        }
        k = j.max(k + 1);
    }
    out
}

/// Byte ranges of `text` that are full-width Latin letters and digits (`ＡＢＣ`, `１２３`, U+FF10–FF19,
/// U+FF21–FF3A, U+FF41–FF5A): upright in vertical text, one em each (JLREQ 3.1.7: full-width
/// alphanumerics are set like kanji).
pub fn full_width_latin_runs(text: &str) -> Vec<Range<usize>> {
    let full = |c: char| matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}');
    let mut out: Vec<Range<usize>> = Vec::new();
    for (b, c) in text.char_indices() {
        if !full(c) {
            continue;
        }
        let end = b + c.len_utf8();
        match out.last_mut() {
            Some(last) if last.end == b => last.end = end,
            _ => out.push(b..end),
        }
    }
    out
}

/// The pieces of `text` in a vertical line, in order, each with whether it is tate-chu-yoko
/// ([`tcy_runs`]), full-width Latin ([`full_width_latin_runs`]) or plain; empty pieces are left
/// out, so concatenating the pieces gives `text` back.
pub fn vertical_pieces(text: &str, max_digits: u8) -> Vec<(&str, Upright)> {
    let mut marks: Vec<(Range<usize>, Upright)> = tcy_runs(text, max_digits)
        .into_iter()
        .map(|r| (r, Upright::Combined))
        .chain(
            full_width_latin_runs(text)
                .into_iter()
                .map(|r| (r, Upright::FullWidth)),
        )
        .collect();
    marks.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    for (range, kind) in marks {
        if range.start > at {
            out.push((&text[at..range.start], Upright::No));
        }
        out.push((&text[range.clone()], kind));
        at = range.end;
    }
    if at < text.len() {
        out.push((&text[at..], Upright::No));
    }
    out
}

/// How a piece of a vertical line stands ([`vertical_pieces`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upright {
    /// As the writing mode sets it (Japanese upright, Latin turned).
    No,
    /// Tate-chu-yoko: the run side by side in one em.
    Combined,
    /// Full-width Latin: each character upright in its own em.
    FullWidth,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcy(text: &str) -> Vec<&str> {
        tcy_runs(text, 2).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn short_numbers_and_abbreviations_stand_upright() {
        assert_eq!(tcy("第4回"), ["4"]);
        assert_eq!(tcy("10月18日"), ["10", "18"]);
        assert_eq!(tcy("AIの話"), ["AI"]);
        assert_eq!(tcy("本当!?"), ["!?"]);
        assert_eq!(tcy("4"), ["4"]);
        assert_eq!(tcy("第4回（2回目）"), ["4", "2"]);
    }

    #[test]
    fn longer_numbers_and_words_are_turned() {
        for text in [
            "2023年",
            "v1.2",
            "x86",
            "3.14",
            "1,000円",
            "ABCの",
            "iOSで",
            "Docker",
            "第4.5回",
            "A4判",
            "!!!",
            "Tokyo #4 に",
            "1/2",
            "Web 2 の",
        ] {
            assert!(tcy(text).is_empty(), "{text}: {:?}", tcy(text));
        }
        assert_eq!(tcy_runs("2023年", 4), vec![(0..4)]);
        assert!(tcy_runs("第4回", 0).is_empty(), "0: never");
    }

    #[test]
    fn full_width_latin_and_the_pieces_of_a_line() {
        let text = "ＡＢＣ社の第4回、2026年。";
        let runs: Vec<&str> = full_width_latin_runs(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(runs, ["ＡＢＣ"]);
        let pieces = vertical_pieces(text, 2);
        assert_eq!(
            pieces,
            [
                ("ＡＢＣ", Upright::FullWidth),
                ("社の第", Upright::No),
                ("4", Upright::Combined),
                ("回、2026年。", Upright::No),
            ]
        );
        assert_eq!(pieces.iter().map(|p| p.0).collect::<String>(), text);
        assert_eq!(vertical_pieces("", 2), []);
        assert_eq!(vertical_pieces("4", 2), [("4", Upright::Combined)]);
    }
}
