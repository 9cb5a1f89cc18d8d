//! Inline images: sizes, clamping, side by side, line heights, placeholders.

use hanmoto_model::{Image, Length};

use super::*;
use crate::frame::Rect;

fn image(asset: AssetId, width: Option<f32>) -> Inline {
    Inline::Image(Image {
        asset,
        src: "https://connpass-tokyo.s3.amazonaws.com/thumbs/89/fe/89fe.png".into(),
        alt: "Docker Meetup Tokyo #4".into(),
        title: None,
        width: width.map(Length::Px),
        height: None,
    })
}

fn image_rects(line: &LineBox) -> Vec<Rect> {
    line.elements
        .iter()
        .filter_map(|e| match e {
            Element::Image { rect, .. } => Some(*rect),
            _ => None,
        })
        .collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn two_logos_sit_side_by_side_at_the_asked_sizes() {
    let mut f = Fixture::a4();
    let inlines = [
        image(COREOS, Some(200.0)),
        text(" "),
        image(KUBERNATES, Some(100.0)),
    ];
    let lines = f.body(&inlines, f.measure());
    assert_eq!(lines.len(), 1);
    let r = image_rects(&lines[0]);
    assert_eq!(r.len(), 2);
    assert!(
        close(r[0].width, 150.0) && close(r[0].height, 50.0),
        "{:?}",
        r[0]
    );
    assert!(
        close(r[1].width, 75.0) && close(r[1].height, 75.0),
        "{:?}",
        r[1]
    );
    // Bottoms on the baseline, the second after the first and a space that did not stretch.
    assert!(close(r[0].bottom(), 0.0) && close(r[1].bottom(), 0.0));
    let gap = r[1].x - r[0].right();
    assert!(gap > 0.0 && gap < 0.4 * SIZE, "gap {gap}");
    assert!(close(lines[0].ascent, 75.0));
    // A line of images only: a small gap below, not the text's descent.
    assert!(close(lines[0].descent, 0.25 * SIZE));
}

#[test]
fn wide_image_is_clamped_to_the_measure_keeping_its_aspect() {
    let mut f = Fixture::a6();
    let m = f.measure();
    let lines = f.body(&[image(ATOMIC, None)], m);
    let r = image_rects(&lines[0]);
    assert!(close(r[0].width, m), "{} vs {m}", r[0].width);
    assert!(close(r[0].height, m * 300.0 / 800.0));
    let lines = f.body(&[image(COREOS, Some(800.0))], m);
    let r = image_rects(&lines[0]);
    assert!(close(r[0].width, m) && close(r[0].height, m / 3.0));
}

#[test]
fn percent_width_is_a_share_of_the_measure() {
    let f = Fixture::a4();
    let img = Image {
        asset: KUBERNATES,
        src: String::new(),
        alt: String::new(),
        title: None,
        width: Some(Length::Percent(50.0)),
        height: Some(Length::Px(1000.0)),
    };
    let (w, h) = image_size(&img, Some((300, 300)), f.measure(), 700.0);
    // Both given: the largest square inside 50 % × 750 pt.
    assert!(close(w, f.measure() / 2.0) && h == Some(w));
}

#[test]
fn images_wrap_to_stacked_lines_without_text_leading() {
    let mut f = Fixture::a6();
    let inlines = [
        image(COREOS, Some(200.0)),
        text(" "),
        image(COREOS, Some(200.0)),
    ];
    let lines = f.body(&inlines, f.measure());
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert!(close(l.ascent, 50.0));
        assert!(close(l.descent, 0.25 * SIZE));
    }
}

#[test]
fn image_in_text_grows_the_line_and_keeps_the_text_descent() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[text("ロゴ"), image(KUBERNATES, Some(100.0)), text("です")],
        400.0,
    );
    assert_eq!(lines.len(), 1);
    assert!(close(lines[0].ascent, 75.0));
    assert!(close(
        lines[0].descent,
        SIZE * 1.75 - (0.88 * SIZE + 0.375 * SIZE)
    ));
    assert_eq!(extracted(&lines), "ロゴです");
}

#[test]
fn missing_image_is_a_framed_placeholder_with_alt_and_url() {
    let mut f = Fixture::a4();
    let lines = f.body(&[image(MISSING, Some(400.0))], f.measure());
    assert_eq!(lines.len(), 1);
    let frame = lines[0]
        .elements
        .iter()
        .find_map(|e| match e {
            Element::Rect {
                rect,
                stroke: Some(_),
                fill: None,
            } => Some(*rect),
            _ => None,
        })
        .expect("a frame");
    assert!(close(frame.width, 300.0));
    assert!(close(frame.bottom(), 0.0));
    assert!(close(lines[0].ascent, frame.height));
    let text = extracted(&lines);
    assert!(text.contains("Docker Meetup Tokyo #4"), "{text}");
    assert!(text.contains("https://connpass-tokyo.s3.amazonaws.com/thumbs/89/fe/89fe.png"));
    // The text is inside the frame.
    for t in text_lines(&lines[0]) {
        for g in t.segments.iter().flat_map(|s| &s.glyphs) {
            let x = t.origin.x + g.x;
            assert!(x >= frame.x && x + g.advance <= frame.right() + 0.01);
            assert!(t.origin.y > frame.y && t.origin.y < frame.bottom());
        }
    }
}

#[test]
fn missing_image_without_size_gets_a_default_width_within_the_measure() {
    let mut f = Fixture::a6();
    let m = f.measure();
    let lines = f.body(&[image(MISSING, None)], m);
    let has_frame = lines[0].elements.iter().any(|e| {
        matches!(e, Element::Rect { rect, stroke: Some(_), .. } if rect.width <= m + 0.01 && rect.width > m / 3.0)
    });
    assert!(has_frame);
}
