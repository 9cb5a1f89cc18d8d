//! The sample post, read as on the blog (checked against `jekyll build`).

use super::*;

const SEED: &str =
    include_str!("../../../../../content/_posts/2015-01-18-docker-meetup-tokyo-4.md");

/// The body after the front matter, and the file line it starts on.
fn seed_body() -> (&'static str, u32) {
    let after_open = SEED.strip_prefix("---\n").unwrap_or(SEED);
    let end = after_open.find("\n---\n").map_or(0, |i| i + 5);
    let body = &after_open[end..];
    let first_line = SEED[..SEED.len() - body.len()].matches('\n').count() as u32 + 1;
    (body, first_line)
}

fn seed() -> Run {
    let (body, first_line) = seed_body();
    run_with(body, first_line, false)
}

#[test]
fn seed_has_six_level_two_headings_with_blog_ids() {
    let h = headings(&seed().blocks);
    assert_eq!(h.len(), 6);
    assert!(h.iter().all(|(level, _, _)| *level == 2));
    assert_eq!(h[0].1, "アプリケーションからサービスへ");
    assert_eq!(h[1].1, "dockerを支えるホストos");
    assert_eq!(h[5].1, "まとめ");
}

#[test]
fn seed_images_keep_their_widths() {
    let imgs = images(&seed().blocks);
    let widths: Vec<Option<Length>> = imgs.iter().map(|i| i.width).collect();
    assert_eq!(
        widths,
        vec![
            Some(Length::Px(400.0)),
            Some(Length::Px(200.0)),
            Some(Length::Px(100.0)),
            None
        ]
    );
    assert_eq!(imgs[1].alt, "CoreOS");
    assert_eq!(imgs[3].src, "/images/2015/01/18/project-atomic.png");
}

#[test]
fn seed_image_requests_carry_file_lines() {
    let (body, first_line) = seed_body();
    let file = PathBuf::from("post.md");
    let assets = AssetStore::new();
    let links = SiteLinks::default();
    let diagnostics = Diagnostics::new();
    let ctx = BodyContext {
        file: &file,
        source: SEED,
        first_line,
        assets: &assets,
        links: &links,
        diagnostics: &diagnostics,
        kramdown: Default::default(),
        dollar_math: true,
    };
    parse_markdown(body, &ctx);
    assert_eq!(first_line, 6);
    let requests = assets.pending_requests();
    for needle in [
        "89fef31788a8303a59530c568d4bda7e.png",
        "coreos-horiz.png",
        "kubernates.png",
        "project-atomic.png",
    ] {
        let line = SEED
            .lines()
            .position(|l| l.contains(needle))
            .map_or(0, |i| i + 1);
        let req = requests
            .iter()
            .find(|r| r.src.contains(needle))
            .expect(needle);
        assert_eq!(req.span.line as usize, line, "{needle}");
    }
}

#[test]
fn seed_has_twenty_one_distinct_link_urls() {
    let mut urls = std::collections::BTreeSet::new();
    walk_inlines(&seed().blocks, &mut |i| {
        if let Inline::Link {
            target: LinkTarget::Url { url },
            ..
        } = i
        {
            urls.insert(url.clone());
        }
    });
    assert_eq!(urls.len(), 21, "{urls:#?}");
}

#[test]
fn seed_japanese_sentences_join_across_lines() {
    let blocks = seed().blocks;
    let Some(Block::Paragraph { content }) = blocks.first() else {
        panic!("first block is not a paragraph");
    };
    assert_eq!(
        content.get(1),
        Some(&text("に行ってきました。運良く補欠枠で参加することができましたのでレポートしたいと思います。"))
    );
}

#[test]
fn seed_comma_joins_with_latin_on_next_line() {
    let found = seed().blocks.iter().any(|b| {
        matches!(b, Block::Paragraph { content } if crate::document::plain_text(content)
            .contains("大きくて、Service, Replication Controller"))
    });
    assert!(found);
}

#[test]
fn seed_reads_without_diagnostics() {
    assert_eq!(seed().diagnostics, vec![]);
}
