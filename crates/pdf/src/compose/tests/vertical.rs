//! Vertical pages (縦組み): what the turned layout puts where, read from the frame.

use std::path::Path;
use std::sync::OnceLock;

use hanmoto_model::config::book_toml::LinkStyle;
use hanmoto_model::{Block, Diagnostics, Inline};

use super::{book, line_text, para, text};
use crate::compose::{handout, Env, Settings, Vertical};
use crate::fonts::FontSet;
use crate::frame::{Document, Element, TextLine, COLUMN_CENTRE_EM};

fn vertical_fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::builtin().with_vertical().expect("twins"))
}

fn a5_vertical() -> Settings {
    let mut s = Settings::for_paper(148.0, 210.0, LinkStyle::None);
    s.vertical = Some(Vertical { tcy_digits: 2 });
    s
}

fn vertical_handout(blocks: Vec<Block>) -> Document {
    let b = book(blocks);
    let settings = a5_vertical();
    let diagnostics = Diagnostics::new();
    let env = Env {
        fonts: vertical_fonts(),
        assets: &b.assets,
        settings: &settings,
        diagnostics: &diagnostics,
        source: Path::new("_posts/post.md"),
        lang: "ja",
    };
    handout(env, &b, 0)
}

fn lines(doc: &Document) -> Vec<&TextLine> {
    doc.pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The body line holding `needle`.
fn line_with<'d>(doc: &'d Document, needle: &str) -> &'d TextLine {
    lines(doc)
        .into_iter()
        .find(|t| line_text(t).contains(needle))
        .unwrap_or_else(|| panic!("no line holds {needle}"))
}

#[test]
fn a_vertical_page_is_portrait_with_columns_from_the_right() {
    let doc = vertical_handout(vec![para("一つ目の段落です。"), para("二つ目の段落です。")]);
    let s = a5_vertical();
    let page = &doc.pages[0];
    assert_eq!((page.width, page.height), (s.page_width, s.page_height));
    assert!(doc.info.right_to_left);
    let first = line_with(&doc, "一つ目");
    let second = line_with(&doc, "二つ目");
    assert!(first.vertical && second.vertical);
    assert!(
        first.origin.x > second.origin.x,
        "columns run right to left: {} then {}",
        first.origin.x,
        second.origin.x
    );
    // Both start at the top margin and stay inside the text area.
    assert!(
        (first.origin.y - s.margin_top).abs() < 0.5,
        "{}",
        first.origin.y
    );
    assert!(first.origin.x < s.page_width - s.margin_outer);
}

#[test]
fn japanese_is_upright_from_the_twin_latin_is_turned_and_short_numbers_stand_across() {
    let doc = vertical_handout(vec![para("Dockerの第4回に参加しました。")]);
    let f = vertical_fonts();
    let line = line_with(&doc, "Docker");
    let seg_of = |s: &str| {
        line.segments
            .iter()
            .find(|seg| seg.glyphs.iter().any(|g| g.text == s))
            .unwrap_or_else(|| panic!("no glyph {s}"))
    };
    // "Docker": a horizontal face, no tate-chu-yoko: the painter turns it 90° clockwise.
    let docker = seg_of("D");
    assert!(!f.is_vertical(docker.face) && docker.tcy.is_none());
    // Kana and kanji: the vertical twin (Identity-V).
    assert!(f.is_vertical(seg_of("参").face));
    assert!(f.is_vertical(seg_of("。").face));
    // "4" of 第4回: upright across the column in one em, with no quarter em either side.
    let four = seg_of("4");
    let tcy = four.tcy.expect("4 is tate-chu-yoko");
    assert!((tcy.length - four.size).abs() < 0.01);
    let x_of = |s: &str| {
        let g = line
            .segments
            .iter()
            .flat_map(|seg| &seg.glyphs)
            .find(|g| g.text == s)
            .unwrap();
        (g.x, g.advance)
    };
    let (dai, dai_adv) = x_of("第");
    let (kai, _) = x_of("回");
    assert!(
        (tcy.start - (dai + dai_adv)).abs() < 0.01,
        "the cell follows 第 directly"
    );
    assert!(
        (kai - (tcy.start + tcy.length)).abs() < 0.01,
        "回 follows the cell directly: {kai} vs {}",
        tcy.start + tcy.length
    );
}

#[test]
fn a_ruby_reading_is_to_the_right_of_its_base() {
    let doc = vertical_handout(vec![Block::Paragraph {
        content: vec![
            text("今日は"),
            Inline::Ruby {
                base: "勉強会".into(),
                text: "べんきょうかい".into(),
            },
            text("に行きました。"),
        ],
    }]);
    let base = line_with(&doc, "勉強会");
    let reading = lines(&doc)
        .into_iter()
        .find(|t| {
            t.segments
                .iter()
                .any(|s| s.glyphs.iter().any(|g| g.text == "べ"))
        })
        .expect("the reading's line");
    assert!(reading.vertical);
    assert!(
        reading.origin.x > base.origin.x + COLUMN_CENTRE_EM * 9.0,
        "reading at x {} right of the base's column at {}",
        reading.origin.x,
        base.origin.x
    );
    // Along the column it sits beside its base.
    let y_of = |t: &TextLine, s: &str| {
        t.origin.y
            + t.segments
                .iter()
                .flat_map(|seg| &seg.glyphs)
                .find(|g| g.text == s)
                .unwrap()
                .x
    };
    let (b0, r0) = (y_of(base, "勉"), y_of(reading, "べ"));
    assert!(
        (r0 - b0).abs() < 9.5,
        "reading starts beside the base: {r0} vs {b0}"
    );
}

#[test]
fn code_stays_horizontal_in_an_upright_box() {
    let code = "fn main() {\n    println!(\"縦組み\");\n}\n";
    let doc = vertical_handout(vec![
        para("次のコードを見てください。"),
        Block::CodeBlock {
            language: Some("rust".into()),
            text: code.into(),
            line_numbers: false,
            tokens: Vec::new(),
        },
    ]);
    let f = vertical_fonts();
    let main = lines(&doc)
        .into_iter()
        .find(|t| line_text(t).contains("fn main"))
        .expect("the code line");
    assert!(!main.vertical, "code lines are horizontal");
    let println = line_with(&doc, "println");
    assert!(println.origin.y > main.origin.y, "code lines stack down");
    // Japanese inside code keeps its horizontal face.
    assert!(println.segments.iter().all(|s| !f.is_vertical(s.face)));
    // The box is left of the paragraph's column (the flow goes right to left).
    let text_line = line_with(&doc, "次のコード");
    assert!(main.origin.x < text_line.origin.x);
}
