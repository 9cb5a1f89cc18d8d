//! Layout tests on pure data: a fake monospace font (Japanese and full-width = 1 em, Latin letters
//! and digits ½ em, space ¼ em) at 10 pt.

use super::*;

const EM: f32 = 10.0;

fn fake_advance(c: char) -> f32 {
    if c == ' ' {
        0.25 * EM
    } else if (c as u32) < 0x2000 {
        0.5 * EM
    } else {
        EM
    }
}

fn items(text: &str) -> Vec<Item> {
    Item::from_text(text, &fake_advance)
}

fn chars(items: &[Item]) -> Vec<char> {
    items
        .iter()
        .map(|it| match it {
            Item::Char { ch, .. } => *ch,
            Item::Box { .. } => '□',
            Item::Formula { .. } => '∮',
            Item::ForcedBreak => '\n',
        })
        .collect()
}

/// The placed text of each line.
fn texts(items: &[Item], lines: &[Line]) -> Vec<String> {
    let cs = chars(items);
    lines
        .iter()
        .map(|l| cs[l.start..l.content_end].iter().collect())
        .collect()
}

fn set(text: &str, measure_em: f32) -> (Vec<Item>, Vec<Line>) {
    let items = items(text);
    let lines = break_paragraph(&items, measure_em * EM, EM);
    (items, lines)
}

/// As [`set`], with English hyphenation points (hyphen ½ em).
fn set_hyphenated(text: &str, measure_em: f32) -> (Vec<Item>, Vec<Line>) {
    let items = hyphenate(&items(text), 0.5 * EM);
    let lines = break_paragraph(&items, measure_em * EM, EM);
    (items, lines)
}

/// Every rule the breaker promises, as messages; empty when all hold.
fn violations(items: &[Item], lines: &[Line], measure: f32, em: f32) -> Vec<String> {
    let cs = chars(items);
    let bounds = boundaries(items);
    let mut out = Vec::new();
    let mut next = 0;
    for (n, line) in lines.iter().enumerate() {
        let last = n + 1 == lines.len();
        if line.start != next {
            out.push(format!("line {n} starts at {} not {next}", line.start));
        }
        next = line.end;
        if n > 0 && is_no_start(cs[line.start]) {
            out.push(format!("line {n} starts with {}", cs[line.start]));
        }
        if !last && line.content_end > line.start && is_no_end(cs[line.content_end - 1]) {
            out.push(format!("line {n} ends with {}", cs[line.content_end - 1]));
        }
        if !last && line.end > 0 && line.end < cs.len() {
            let (a, b) = (cs[line.end - 1], cs[line.end]);
            if a == b && matches!(a, '…' | '—') {
                out.push(format!("line {n} splits {a}{b}"));
            }
        }
        if line.width > measure.max(0.0) + 0.01 {
            let inner = (line.start + 1..line.content_end).any(|b| bounds[b].allows_break());
            if !line.overflow || inner {
                out.push(format!("line {n} overflows: {} > {measure}", line.width));
            }
        }
        if line.justified && !line.overflow && (line.width - measure).abs() > 0.01 {
            out.push(format!(
                "line {n} justified to {} not {measure}",
                line.width
            ));
        }
        if line.gap_stretch > MAX_GAP_STRETCH_EM * em + 1e-4 {
            out.push(format!("line {n} stretches gaps by {}", line.gap_stretch));
        }
    }
    if next != items.len() {
        out.push(format!("lines end at {next} of {}", items.len()));
    }
    out
}

fn assert_clean(items: &[Item], lines: &[Line], measure_em: f32) {
    let v = violations(items, lines, measure_em * EM, EM);
    assert!(v.is_empty(), "{v:?} in {:?}", texts(items, lines));
}

fn gap_before(items: &[Item], lines: &[Line], c: char) -> f32 {
    let cs = chars(items);
    lines
        .iter()
        .flat_map(|l| &l.glyphs)
        .find(|g| cs[g.index] == c)
        .map(|g| g.gap_before)
        .unwrap_or(f32::NAN)
}

const SAMPLE: &str = "Dockerはアプリケーションのポータビリティをもたらしてくれました。アプリケーションをデプロイし、それをサービスとして運用するにあたってはさらにオーケストレーションや死活監視といった周辺の整備が必要になってきます。このあたりを支える技術としてCoreOSやKubernates（通称：キュゥべえ）が紹介されていました。特に、KubernatesはGoogleのコンテナ運用の経験をふまえて作られているということが大きくて、Service, Replication Controller, Podといったコンセプトはデザインパターンとしてとらえた方がいいと思いました。CoreOSが新規に立ち上げてきているのに対し、RedhatのAtomic Hostでは既存のOSそれぞれ(Fedora, RHEL, CentOS）ベースにDockerのHostとしての基盤提供を目指しています。";

mod breaks;
mod hyphenation;
mod justification;
mod kinsoku;
mod properties;
mod sample_post;
mod spacing;
