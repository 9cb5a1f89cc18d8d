//! Document-level output: info, `/Lang`, header, outline, links, rects and rules, and the same
//! bytes every time.

use chrono::DateTime;
use hanmoto_model::AssetStore;
use lopdf::Object;

use super::*;
use crate::frame::{DocInfo, Element, LinkDest, OutlineItem, Rect, Stroke};

fn outline_item(title: &str, page: usize, y: f32, children: Vec<OutlineItem>) -> OutlineItem {
    OutlineItem {
        title: title.to_owned(),
        page,
        y,
        children,
    }
}

/// Three pages: text, a tinted box, a rule, links of every kind, a nested outline.
fn sample() -> Document {
    let body = |t| piece(Role::Body, t, 10.5);
    let link_rect = Rect {
        x: 72.0,
        y: 90.0,
        width: 120.0,
        height: 14.0,
    };
    let first = page(vec![
        Element::Rect {
            rect: Rect {
                x: 60.0,
                y: 60.0,
                width: 300.0,
                height: 60.0,
            },
            fill: Some(Color::rgb(0.95, 0.95, 0.9)),
            stroke: Some(Stroke {
                width: 0.5,
                color: Color::gray(0.6),
            }),
        },
        Element::Text(line(
            (72.0, 100.0),
            &[body("コンテナ技術の勉強会に参加しました")],
        )),
        Element::Rule {
            from: Point { x: 72.0, y: 130.0 },
            to: Point { x: 520.0, y: 130.0 },
            stroke: Stroke {
                width: 0.4,
                color: Color::BLACK,
            },
        },
        Element::Link {
            rect: link_rect,
            dest: LinkDest::Uri("https://coreos.com/".to_owned()),
        },
        Element::Link {
            rect: link_rect,
            dest: LinkDest::Uri("https://ja.wikipedia.org/wiki/コンテナ".to_owned()),
        },
        Element::Link {
            rect: link_rect,
            dest: LinkDest::Uri("https://en.wikipedia.org/wiki/Docker_(software)\\x".to_owned()),
        },
        Element::Link {
            rect: link_rect,
            dest: LinkDest::Page { page: 2, y: 300.0 },
        },
        // Unresolved: skipped.
        Element::Link {
            rect: link_rect,
            dest: LinkDest::Anchor("fn:1".to_owned()),
        },
        // Out of range: skipped.
        Element::Link {
            rect: link_rect,
            dest: LinkDest::Page { page: 9, y: 0.0 },
        },
    ]);
    let second = page(vec![Element::Text(line(
        (72.0, 100.0),
        &[body("二ページ目")],
    ))]);
    let third = page(vec![Element::Text(line((72.0, 300.0), &[body("注")]))]);
    Document {
        pages: vec![first, second, third],
        outline: vec![outline_item(
            "Docker と CoreOS の勉強会",
            0,
            80.0,
            vec![
                outline_item(
                    "概要",
                    0,
                    120.0,
                    vec![outline_item("詳細", 1, 90.0, vec![])],
                ),
                outline_item("リンク", 2, 290.0, vec![]),
            ],
        )],
        info: DocInfo {
            title: "Docker と CoreOS の勉強会".to_owned(),
            author: Some("山田 太郎".to_owned()),
            subject: Some("勉強会の報告".to_owned()),
            keywords: vec!["docker".to_owned(), "コンテナ".to_owned()],
            lang: "ja".to_owned(),
            right_to_left: false,
            date: Some(DateTime::parse_from_rfc3339("2015-01-18T21:30:00+09:00").unwrap()),
        },
    }
}

#[test]
fn painting_twice_gives_the_same_bytes() {
    let a = super::super::paint_to_vec(&sample(), fonts(), &AssetStore::new()).unwrap();
    let b = super::super::paint_to_vec(&sample(), fonts(), &AssetStore::new()).unwrap();
    assert!(
        a == b,
        "two paints differ ({} and {} bytes)",
        a.len(),
        b.len()
    );
    // A different document gets a different /ID.
    let mut other = sample();
    other.info.title.push('!');
    let c = super::super::paint_to_vec(&other, fonts(), &AssetStore::new()).unwrap();
    let id = |bytes: &[u8]| {
        let pdf = lopdf::Document::load_mem(bytes).unwrap();
        pdf.trailer.get(b"ID").unwrap().clone()
    };
    assert_ne!(id(&a), id(&c));
    assert!(a.starts_with(b"%PDF-1.7\n"));
}

#[test]
fn the_bytes_do_not_depend_on_the_number_of_threads() {
    let paint_with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| super::super::paint_to_vec(&sample(), fonts(), &AssetStore::new()))
            .unwrap()
    };
    let one = paint_with(1);
    for threads in [2, 5] {
        assert!(
            one == paint_with(threads),
            "{threads} threads differ from one"
        );
    }
}

#[test]
fn every_object_written_is_referenced_and_there_is_no_output_intent() {
    let bytes = super::super::paint_to_vec(&sample(), fonts(), &AssetStore::new()).unwrap();
    let mut pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    assert!(!catalog.has(b"OutputIntents"), "{catalog:?}");
    assert!(!catalog.has(b"Metadata"), "{catalog:?}");
    let pages = pdf.get_pages().len();
    assert_eq!(pages, sample().pages.len(), "the glyph usage page is gone");
    let unreferenced = pdf.prune_objects();
    assert!(
        unreferenced.is_empty(),
        "unreferenced objects: {unreferenced:?}"
    );
}

#[test]
fn info_lang_and_version_are_written_and_pdfx_keys_are_not() {
    if !tools_present() {
        return;
    }
    let (_dir, path, bytes) = paint_checked(&sample(), &AssetStore::new());
    let info = run("pdfinfo", &[], &path);
    eprintln!("{info}");
    for want in [
        "Title:           Docker と CoreOS の勉強会",
        "Subject:         勉強会の報告",
        "Keywords:        docker, コンテナ",
        "Author:          山田 太郎",
        "Creator:         hanmoto",
        "Pages:           3",
        "PDF version:     1.7",
    ] {
        assert!(info.contains(want), "missing {want:?} in\n{info}");
    }
    assert!(!info.contains("PDF subtype"), "{info}");
    let dates = run("pdfinfo", &["-isodates"], &path);
    assert!(
        dates
            .lines()
            .any(|l| l.starts_with("CreationDate:") && l.ends_with("2015-01-18T21:30:00+09")),
        "{dates}"
    );

    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja");
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    let info_id = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = pdf.get_dictionary(info_id).unwrap();
    for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Trapped"] {
        assert!(!info.has(key), "{}", String::from_utf8_lossy(key));
    }
    // Streams are deflated.
    assert!(pdf.objects.values().any(|o| matches!(o, Object::Stream(s)
        if s.dict.get(b"Filter").ok() == Some(&Object::Name(b"FlateDecode".to_vec())))));
}

#[test]
fn links_are_clickable_without_a_border_and_unresolved_ones_skipped() {
    if !tools_present() {
        return;
    }
    let (_dir, path, bytes) = paint_checked(&sample(), &AssetStore::new());
    let urls = run("pdfinfo", &["-url"], &path);
    eprintln!("{urls}");
    assert!(urls.contains("https://coreos.com/"), "{urls}");
    assert!(
        urls.contains("https://ja.wikipedia.org/wiki/%E3%82%B3%E3%83%B3%E3%83%86%E3%83%8A"),
        "{urls}"
    );
    // Parentheses and backslashes survive the literal string.
    assert!(
        urls.contains("https://en.wikipedia.org/wiki/Docker_(software)\\x"),
        "{urls}"
    );
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<_> = pdf.get_pages().into_values().collect();
    let page = pdf.get_dictionary(pages[0]).unwrap();
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    assert_eq!(annots.len(), 4, "three URIs and one GoTo");
    // Each URI action is one object, shared by every link to that URI.
    let actions: std::collections::BTreeSet<_> = annots
        .iter()
        .filter_map(|a| a.as_dict().ok()?.get(b"A").ok()?.as_reference().ok())
        .collect();
    assert_eq!(actions.len(), 3, "{annots:?}");
    let goto = annots
        .iter()
        .map(|a| match a {
            Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        })
        .inspect(|a| {
            let border = a.get(b"Border").unwrap().as_array().unwrap();
            assert!(
                border.iter().all(|w| w.as_float().unwrap() == 0.0),
                "{border:?}"
            );
        })
        .find(|a| a.has(b"Dest"))
        .unwrap();
    let dest = goto.get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), pages[2]);
    assert!(
        (dest[3].as_float().unwrap() - (A4.1 - 300.0)).abs() < 0.01,
        "{dest:?}"
    );
}

fn decode_text(o: &Object) -> String {
    let raw = o.as_str().unwrap();
    match raw.strip_prefix(&[0xFE, 0xFF][..]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8(raw.to_vec()).unwrap(),
    }
}

/// The outline as text: `title@page:top (count)` per item, children indented.
fn read_outline(
    pdf: &lopdf::Document,
    first: Option<lopdf::ObjectId>,
    depth: usize,
    out: &mut Vec<String>,
) {
    let pages: Vec<_> = pdf.get_pages().into_values().collect();
    let mut at = first;
    let mut prev = None;
    while let Some(id) = at {
        let item = pdf.get_dictionary(id).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        let page = pages
            .iter()
            .position(|p| *p == dest[0].as_reference().unwrap())
            .unwrap();
        let count = item.get(b"Count").map(|c| c.as_i64().unwrap()).unwrap_or(0);
        out.push(format!(
            "{}{}@{page}:{} ({count})",
            "  ".repeat(depth),
            decode_text(item.get(b"Title").unwrap()),
            dest[3].as_float().unwrap()
        ));
        assert_eq!(
            item.get(b"Prev").ok().map(|p| p.as_reference().unwrap()),
            prev
        );
        let child = item.get(b"First").ok().map(|f| f.as_reference().unwrap());
        if let Some(child) = child {
            let parent = pdf.get_dictionary(child).unwrap().get(b"Parent").unwrap();
            assert_eq!(parent.as_reference().unwrap(), id);
        }
        read_outline(pdf, child, depth + 1, out);
        prev = Some(id);
        at = item.get(b"Next").ok().map(|n| n.as_reference().unwrap());
    }
}

#[test]
fn outline_is_nested_with_japanese_titles_and_counts() {
    let bytes = super::super::paint_to_vec(&sample(), fonts(), &AssetStore::new()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap(),
        &Object::Name(b"UseOutlines".to_vec())
    );
    let root = pdf
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(root.get(b"Count").unwrap().as_i64().unwrap(), 4);
    let mut lines = Vec::new();
    let first = root.get(b"First").unwrap().as_reference().unwrap();
    read_outline(&pdf, Some(first), 0, &mut lines);
    let h = A4.1;
    assert_eq!(
        lines,
        vec![
            format!("Docker と CoreOS の勉強会@0:{} (3)", h - 80.0),
            format!("  概要@0:{} (1)", h - 120.0),
            format!("    詳細@1:{} (0)", h - 90.0),
            format!("  リンク@2:{} (0)", h - 290.0),
        ]
    );
    // The last child is /Last of its parent.
    let top = pdf.get_dictionary(first).unwrap();
    let last = pdf
        .get_dictionary(top.get(b"Last").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(decode_text(last.get(b"Title").unwrap()), "リンク");
}

#[test]
fn document_without_outline_has_none() {
    let mut doc = sample();
    doc.outline.clear();
    let bytes = super::super::paint_to_vec(&doc, fonts(), &AssetStore::new()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    assert!(!pdf.catalog().unwrap().has(b"Outlines"));
}

#[test]
fn a_glyph_the_face_does_not_have_is_an_error_not_a_panic() {
    let mut doc = sample();
    let Element::Text(line) = &mut doc.pages[1].elements[0] else {
        unreachable!("page 2 starts with text")
    };
    line.segments[0].glyphs[0].gid = u16::MAX;
    let mut out = Vec::new();
    let err = super::super::paint(
        doc,
        fonts(),
        &AssetStore::new(),
        super::super::ImageOptions::default(),
        &hanmoto_model::Diagnostics::new(),
        &mut out,
        &|_| {},
    )
    .unwrap_err();
    assert_eq!(err.code, "font-subset", "{err:?}");
    // The file is written as it is made (the command line renames a temporary file only on
    // success): what was written is never a finished PDF.
    assert!(
        !out.windows(5).any(|w| w == b"%%EOF"),
        "no finished file on error"
    );
}
