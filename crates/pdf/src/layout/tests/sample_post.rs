//! The sample post's real paragraphs at page measures.

use super::*;

/// The prose of the sample post: paragraphs and list items, links reduced to their text, soft
/// breaks between Japanese characters removed (as the model does).
fn sample_post_paragraphs() -> Vec<String> {
    let post = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/_posts/2015-01-18-docker-meetup-tokyo-4.md"
    ));
    let body = post.splitn(3, "---").nth(2).unwrap_or("");
    let mut out = Vec::new();
    for block in body.split("\n\n") {
        let mut para = String::new();
        for line in block.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('<') || line.starts_with('#') {
                continue;
            }
            let line = line.strip_prefix("- ").unwrap_or(line);
            if line.len() != block.trim().len() && block.trim_start().starts_with("- ") {
                out.push(strip_links(line));
                continue;
            }
            let joined = para.chars().last().is_some_and(|c| !c.is_ascii())
                && line.chars().next().is_some_and(|c| !c.is_ascii());
            if !para.is_empty() && !joined {
                para.push(' ');
            }
            para.push_str(&strip_links(line));
        }
        if !para.is_empty() {
            out.push(para);
        }
    }
    out
}

/// `[text](url)` → `text`.
fn strip_links(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The whole sample post at the text widths of A4, A5 and A6 pages set in 10.5 pt (43.2, 31.9
/// and 22.9 em) and at round measures: every rule holds; the counts are the measured results.
#[test]
fn sample_post_sets_cleanly_at_a4_a5_a6_measures() {
    let paragraphs = sample_post_paragraphs();
    assert!(paragraphs.len() > 25, "{}", paragraphs.len());
    for (measure, hyphenated) in [43.2, 31.9, 22.9, 40.0, 30.0, 20.0]
        .iter()
        .flat_map(|&m| [(m, false), (m, true)])
    {
        let (mut lines_total, mut loose, mut ragged, mut max) = (0, 0, 0, 0.0f32);
        for p in &paragraphs {
            let (items, lines) = if hyphenated {
                set_hyphenated(p, measure)
            } else {
                set(p, measure)
            };
            assert_clean(&items, &lines, measure);
            for (l, t) in lines.iter().zip(texts(&items, &lines)) {
                if l.ragged || l.gap_stretch > 0.05 * EM || std::env::var("DUMP").is_ok() {
                    eprintln!(
                        "   {measure} {hyphenated} {:6.2}/{:6.2} gap {:.3} ragged {} |{t}|",
                        l.natural_width,
                        l.width,
                        l.gap_stretch / EM,
                        l.ragged
                    );
                }
            }
            lines_total += lines.len();
            loose += lines.iter().filter(|l| l.gap_stretch > 0.05 * EM).count();
            ragged += lines.iter().filter(|l| l.ragged).count();
            max = lines.iter().map(|l| l.gap_stretch / EM).fold(max, f32::max);
        }
        eprintln!("sample post at {measure} em, hyphenation {hyphenated}: {lines_total} lines, {loose} with gaps over 0.05 em (max {max:.3} em), {ragged} ragged");
    }
}

/// Pruning the total-fit search changes nothing: the sample post breaks into the same lines, bit
/// for bit, as with every candidate tried, at page measures and narrow and wide ones.
#[test]
fn pruned_search_gives_the_same_lines_as_the_full_search() {
    use crate::layout::linebreak::break_paragraph_unpruned;
    for measure in [43.2, 31.9, 22.9, 40.0, 30.0, 20.0, 7.5, 3.0, 1.0, 80.0] {
        for p in sample_post_paragraphs() {
            for items in [items(&p), hyphenate(&items(&p), 0.5 * EM)] {
                assert_eq!(
                    break_paragraph(&items, measure * EM, EM),
                    break_paragraph_unpruned(&items, measure * EM, EM),
                    "{measure} em: {p}"
                );
            }
        }
    }
}
