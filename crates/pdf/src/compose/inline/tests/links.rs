//! Links, link notes and footnote references.

use super::*;

const URL: &str = "http://connpass.com/event/10318/";

fn note_glyphs(lines: &[LineBox]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| {
            text_lines(l)
                .flat_map(|t| t.segments.iter())
                .filter(|s| s.rise > 0.0)
                .map(|s| s.glyphs.iter().map(|g| g.text.clone()).collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn link_gets_a_superscript_note_number_that_is_not_text() {
    let mut f = Fixture::a4();
    let inlines = [
        url_link(URL, vec![text("Docker Meetup Tokyo #4")]),
        text("に行ってきました。"),
    ];
    let lines = f.body(&inlines, 400.0);
    assert_eq!(f.notes.links, vec![URL.to_owned()]);
    assert_eq!(lines[0].notes, vec![NoteRef::Link(0)]);
    assert_eq!(note_glyphs(&lines), vec!["1"]);
    assert_eq!(
        extracted(&lines),
        "Docker Meetup Tokyo #4に行ってきました。"
    );
    let l = links(&lines[0]);
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].1, &LinkDest::Uri(URL.to_owned()));
    assert_eq!(l[1].1, &LinkDest::Anchor("note:1".into()));
    // The URL's rect covers the link text; the number's rect follows it, before `に`.
    let g = main_glyphs(&lines[0]);
    let ni = g.iter().position(|g| g.text == "に").unwrap();
    let four = g.iter().position(|g| g.text == "4").unwrap();
    assert!(l[0].0.x <= g[0].x && l[0].0.right() >= g[four].x + g[four].advance - 0.001);
    assert!(l[1].0.x >= l[0].0.right() - 0.001);
    assert!(l[1].0.right() <= g[ni].x + 0.001);
}

#[test]
fn link_split_over_two_lines_gives_two_rects_and_one_number() {
    let mut f = Fixture::a6();
    let inlines = [
        text("全体の内容や資料については"),
        url_link(
            "http://d4-1977.hatenablog.com/entry/2015/01/17/232517",
            vec![text(
                "d4-1977さんのDocker Meetup Tokyo 第4回に参加しました #dockerjp",
            )],
        ),
        text("が詳しいので、ここでは自分が思ったことをまとめたいと思います。"),
    ];
    let lines = f.body(&inlines, 150.0);
    let rects: Vec<usize> = lines
        .iter()
        .map(|l| {
            links(l)
                .iter()
                .filter(|(_, d)| matches!(d, LinkDest::Uri(_)))
                .count()
        })
        .collect();
    assert!(
        rects.iter().all(|&n| n <= 1),
        "one rect per line: {rects:?}"
    );
    assert!(rects.iter().sum::<usize>() >= 2, "spans lines: {rects:?}");
    let notes: Vec<NoteRef> = lines.iter().flat_map(|l| l.notes.clone()).collect();
    assert_eq!(notes, vec![NoteRef::Link(0)]);
    assert_eq!(note_glyphs(&lines), vec!["1"]);
    assert_kinsoku(&lines);
}

#[test]
fn same_url_twice_keeps_its_number() {
    let mut f = Fixture::a4();
    let inlines = [
        url_link(URL, vec![text("イベント")]),
        text("と"),
        url_link("https://twitter.com/deeeet", vec![text("@deeeet")]),
        text("と"),
        url_link(URL, vec![text("connpass")]),
    ];
    let lines = f.body(&inlines, 400.0);
    assert_eq!(f.notes.links.len(), 2);
    assert_eq!(note_glyphs(&lines), vec!["1", "2", "1"]);
    let uris = links(&lines[0])
        .iter()
        .filter(|(_, d)| matches!(d, LinkDest::Uri(_)))
        .count();
    assert_eq!(uris, 3, "one rect per link occurrence");
}

#[test]
fn link_whose_text_is_its_url_gets_no_note() {
    let mut f = Fixture::a4();
    let inlines = [
        url_link("https://example.com/", vec![text("example.com")]),
        text(" "),
        url_link(
            "http://www.projectatomic.io/",
            vec![text("http://www.projectatomic.io")],
        ),
    ];
    let lines = f.body(&inlines, 400.0);
    assert!(f.notes.links.is_empty());
    assert!(lines[0].notes.is_empty());
    assert_eq!(links(&lines[0]).len(), 2);
}

#[test]
fn internal_links_have_anchors_and_no_note() {
    let mut f = Fixture::a4();
    let inlines = [
        Inline::Link {
            target: LinkTarget::Fragment { id: "intro".into() },
            title: None,
            content: vec![text("はじめに")],
        },
        Inline::Link {
            target: LinkTarget::Post {
                post: "2015-01-18-x".into(),
                fragment: Some("a".into()),
            },
            title: None,
            content: vec![text("前の記事")],
        },
    ];
    let lines = f.body(&inlines, 400.0);
    assert!(f.notes.links.is_empty());
    let dests: Vec<&LinkDest> = links(&lines[0]).into_iter().map(|(_, d)| d).collect();
    assert_eq!(
        dests,
        vec![
            &LinkDest::Anchor("intro".into()),
            &LinkDest::Anchor("post:2015-01-18-x#a".into())
        ]
    );
}

#[test]
fn links_none_prints_no_numbers() {
    let mut f = Fixture::paper(210.0, 297.0, LinkStyle::None);
    let lines = f.body(&[url_link(URL, vec![text("イベント")])], 400.0);
    assert!(note_glyphs(&lines).is_empty());
    assert_eq!(links(&lines[0]).len(), 1);
}

/// A note number and the `、` after it stay on the line of the link's last character, at every
/// measure.
#[test]
fn note_numbers_obey_kinsoku_at_every_measure() {
    for width in (60..=260).step_by(3) {
        let mut f = Fixture::a4();
        let inlines = [
            text("このあたりを支える技術として"),
            url_link("https://coreos.com/", vec![text("CoreOS")]),
            text("、"),
            url_link("https://kubernetes.io/", vec![text("キュゥべえ")]),
            text("、さらに"),
            url_link("https://aws.amazon.com/ecs/", vec![text("ECS")]),
            text("が紹介されていました。"),
        ];
        let lines = f.body(&inlines, width as f32);
        assert_kinsoku(&lines);
        assert_eq!(
            extracted(&lines),
            "このあたりを支える技術としてCoreOS、キュゥべえ、さらにECSが紹介されていました。"
        );
    }
}

#[test]
fn footnote_reference_is_a_linked_number_that_is_text() {
    let mut f = Fixture::a4();
    let inlines = [
        text("本文"),
        Inline::FootnoteReference { label: "x".into() },
        text("です。"),
    ];
    let lines = f.body(&inlines, 400.0);
    assert_eq!(lines[0].notes, vec![NoteRef::Footnote(0)]);
    assert_eq!(lines[0].anchors, vec!["fnref:x".to_owned()]);
    assert_eq!(extracted(&lines), "本文*1です。");
    let l = links(&lines[0]);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].1, &LinkDest::Anchor("fn:x".into()));
}
