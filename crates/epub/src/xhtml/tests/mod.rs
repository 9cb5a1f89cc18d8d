//! One behaviour per test, on hand-made posts: the document frame here, blocks and inlines in
//! their files.

mod blocks;
mod inlines;

use super::{chapter_xhtml, ChapterContext, ImageRef};
use hanmoto_model::{
    AssetId, AssetStore, Block, Book, BookMeta, Image, Inline, Length, LinkTarget, Post, PostMeta,
};

pub(super) fn meta(id: &str, title: &str, lang: &str) -> PostMeta {
    PostMeta {
        id: id.into(),
        title: title.into(),
        date: chrono::DateTime::parse_from_rfc3339("2015-01-18T10:00:00+09:00").unwrap(),
        slug: id.into(),
        tags: vec!["docker".into(), "勉強会".into()],
        categories: vec![],
        author: None,
        description: None,
        lang: lang.into(),
        url: format!("/{id}.html"),
        draft: false,
        front_matter: Default::default(),
    }
}

pub(super) fn post(blocks: Vec<Block>) -> Post {
    Post {
        meta: meta("2015-01-18-a", "記事の題", "ja"),
        blocks,
        source: "_posts/2015-01-18-a.md".into(),
    }
}

pub(super) fn book(posts: Vec<Post>) -> Book {
    Book {
        meta: BookMeta {
            title: "本".into(),
            subtitle: None,
            authors: vec![],
            description: None,
            language: "ja".into(),
            publisher: None,
            site_url: None,
            slug: "book".into(),
            cover: None,
        },
        posts,
        assets: AssetStore::new(),
        stylesheet: None,
    }
}

/// The chapter of the book's first post; post `2015-01-19-b` is `chapter-002.xhtml`, asset 0 is
/// in the package, every other asset is missing.
pub(super) fn render_book(book: &Book, vertical: bool) -> String {
    let chapter_of = |id: &str| {
        book.posts
            .iter()
            .position(|p| p.meta.id == id)
            .map(crate::package::chapter_file)
    };
    let image = |id: AssetId| {
        (id == AssetId(0)).then(|| ImageRef {
            href: "images/a.png".into(),
            width: 400,
            height: 200,
        })
    };
    let ctx = ChapterContext {
        book,
        chapter_of: &chapter_of,
        image: &image,
        stylesheet: "style.css",
        vertical,
        tcy_digits: 2,
        math_image: &|_| None,
    };
    chapter_xhtml(&book.posts[0], &ctx)
}

pub(super) fn render(blocks: Vec<Block>) -> String {
    render_book(&book(vec![post(blocks)]), false)
}

pub(super) fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph { content: inlines }
}

pub(super) fn text(s: &str) -> Inline {
    Inline::text(s)
}

pub(super) fn heading(level: u8, id: &str, s: &str) -> Block {
    Block::Heading {
        level,
        id: id.into(),
        classes: vec![],
        content: vec![text(s)],
    }
}

pub(super) fn link(target: LinkTarget, s: &str) -> Inline {
    Inline::Link {
        target,
        title: None,
        content: vec![text(s)],
    }
}

pub(super) fn image(
    asset: u32,
    src: &str,
    width: Option<Length>,
    height: Option<Length>,
) -> Inline {
    Inline::Image(Image {
        asset: AssetId(asset),
        src: src.into(),
        alt: "青い点".into(),
        title: None,
        width,
        height,
    })
}

pub(super) fn note(label: &str, s: &str) -> Block {
    Block::FootnoteDefinition {
        label: label.into(),
        content: vec![para(vec![text(s)])],
    }
}

pub(super) fn note_ref(label: &str) -> Inline {
    Inline::FootnoteReference {
        label: label.into(),
    }
}

#[test]
fn document_starts_with_xml_declaration_and_doctype() {
    assert!(render(vec![]).starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""));
}

#[test]
fn html_carries_the_post_language_twice() {
    assert!(render(vec![]).contains(" lang=\"ja\" xml:lang=\"ja\">"));
}

#[test]
fn head_has_charset_title_and_stylesheet() {
    let x = render(vec![]);
    assert!(x.contains("<meta charset=\"UTF-8\"/>"));
    assert!(x.contains("<title>記事の題</title>"));
    assert!(x.contains("<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>"));
}

#[test]
fn vertical_book_marks_html_with_class() {
    let x = render_book(&book(vec![post(vec![])]), true);
    assert!(x.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" class=\"vrtl\""));
}

#[test]
fn title_is_h1_labelling_the_chapter_section() {
    let x = render(vec![]);
    assert!(x.contains(
        "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"post-title\">"
    ));
    assert!(x.contains("<h1 id=\"post-title\">記事の題</h1>"));
}

#[test]
fn date_reads_as_japanese_in_ja_posts() {
    assert!(render(vec![]).contains("<time datetime=\"2015-01-18\">2015年1月18日</time>"));
}

#[test]
fn date_reads_as_english_in_other_posts() {
    let mut p = post(vec![]);
    p.meta.lang = "en".into();
    let x = render_book(&book(vec![p]), false);
    assert!(x.contains("<time datetime=\"2015-01-18\">January 18, 2015</time>"));
}

#[test]
fn tags_are_listed_in_post_meta() {
    assert!(render(vec![])
        .contains("<span class=\"post-tag\">docker</span> <span class=\"post-tag\">勉強会</span>"));
}

#[test]
fn vertical_books_mark_tate_chu_yoko_and_full_width_latin_in_prose_only() {
    let blocks = vec![
        heading(2, "h", "第4回の話"),
        para(vec![
            text("Docker Meetup 第4回は2026年10月18日、ＡＢＣ社で。本当!?"),
            Inline::code("x = 12"),
            Inline::Ruby {
                base: "12月".into(),
                text: "じゅうにがつ".into(),
            },
        ]),
    ];
    let x = render_book(&book(vec![post(blocks.clone())]), true);
    assert!(
        x.contains("第<span class=\"tcy\">4</span>回の話</h2>"),
        "{x}"
    );
    assert!(x.contains(
        "Docker Meetup 第<span class=\"tcy\">4</span>回は2026年<span class=\"tcy\">10</span>月\
         <span class=\"tcy\">18</span>日、<span class=\"upright\">ＡＢＣ</span>社で。本当\
         <span class=\"tcy\">!?</span>"
    ));
    // Code keeps its characters as written; a ruby base is prose, its reading is not.
    assert!(x.contains("<code>x = 12</code>"));
    assert!(x.contains("<ruby><span class=\"tcy\">12</span>月<rp>"));
    // The post date in the header too (1月18日 of 2015).
    assert!(x.contains("2015年<span class=\"tcy\">1</span>月<span class=\"tcy\">18</span>日"));
    assert!(!x.contains("<span class=\"tcy\">2026</span>"));
    // Horizontal books are left alone.
    let h = render_book(&book(vec![post(blocks)]), false);
    assert!(!h.contains("class=\"tcy\"") && !h.contains("class=\"upright\""));
}
