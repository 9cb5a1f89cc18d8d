//! The whole ingestion pipeline (front matter, Liquid, Markdown, HTML, assets) never panics,
//! whatever a post contains: random posts are built from fragments real blogs (and attackers)
//! write, and every one must load or fail with diagnostics.

use hanmoto_model::load::{load_book, LoadOptions};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "---\n",
    "title: x\n",
    "date: 2015-01-18 10:00:00 +0900\n",
    "tags: [a, b\n",
    "date: -500\n",
    "published: no\n",
    "a: &a [*a]\n",
    "\u{feff}",
    "\r\n",
    "\n\n",
    "## 見出し\n",
    "##見出し\n",
    "{: .class}\n",
    "{:toc}\n",
    "* TOC\n",
    "*[HTML]: x\n",
    "<!--more-->",
    "{{ page.title }}",
    "{{ site.posts | size }}",
    "{% if %}",
    "{% if x %}a{% else %}b{% endif %}",
    "{% endif %}",
    "{% for p in site.posts %}{{ p.title }}{% endfor %}",
    "{% for i in (1..3) %}{{ i }}",
    "{% raw %}{{ x }}{% endraw %}",
    "{% raw %}",
    "{% comment %}x{% endcomment %}",
    "{% include nope.html %}",
    "{% include ../../etc/passwd %}",
    "{% gist 1 %}",
    "{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}",
    "{% post_url 2015-01-18-x %}",
    "{% link _posts/x.md %}",
    "{{ 'a' | nofilter }}",
    "{{ 1 | divided_by: 0 }}",
    "{% assign x = 'a' | append: 'b' %}",
    "{% capture c %}x",
    "{%- -%}",
    "{{",
    "}}",
    "{%",
    "<img src=\"/images/x.png\" width=\"200\">",
    "<img src=\"../../../../etc/passwd\">",
    "<img src=\"http://127.0.0.1:9/x.png\">",
    "<img>",
    "<img src=\"data:image/png;base64,AAAA\">",
    "<a href=\"javascript:alert(1)\" onclick=\"x\">a</a>",
    "<script>alert(1)</script>",
    "<style>p{}</style>",
    "<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>",
    "<rt>",
    "<figure><img src=\"/a.png\"><figcaption>c</figcaption></figure>",
    "</figure>",
    "</div>",
    "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>",
    "<table><tr><td>a",
    "<marquee>x</marquee>",
    "&amp;&#12354;&bogus;",
    "<!-- c",
    "-->",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
    "[^1]\n\n[^1]: note\n",
    "~~s~~",
    "- [x] t\n",
    "$a_b$",
    "$$\nE\n$$\n",
    "$$",
    "```rust\nx\n",
    "> q\n",
    "1. a\n   1. b\n",
    "![a](b){:width=\"300px\"}",
    "[l](/2015/01/18/x.html)",
    "。\n運良く",
    "、\nLatin",
    "\t",
    "    code\n",
    "\\",
    "`",
    "*",
    "_",
    "]",
    "[",
    "(",
    ")",
    "😀",
    "\u{0}",
];

fn site_with(body: &str, front: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let posts = t.path().join("_posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::create_dir_all(t.path().join("_includes")).unwrap();
    std::fs::write(t.path().join("_includes/a.html"), "{% include a.html %}").unwrap();
    std::fs::write(
        t.path().join("_config.yml"),
        "title: t\nurl: https://e.com\n",
    )
    .unwrap();
    std::fs::write(
        posts.join("2015-01-18-x.md"),
        format!("---\n{front}---\n{body}"),
    )
    .unwrap();
    std::fs::write(posts.join("2015-01-19-y.html"), body).unwrap();
    t
}

fn load(dir: &std::path::Path) {
    let mut config = hanmoto_model::config::BookConfig::default();
    config.book.source = dir.to_path_buf();
    config.images.cache_dir = dir.join(".cache");
    let opts = LoadOptions {
        config,
        base_dir: Default::default(),
        offline: true,
        drafts: None,
    };
    // Either a book with diagnostics or a list of diagnostics: both are fine, a panic is not.
    let _ = load_book(&opts);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_mix_of_fragments_loads_without_panicking(
        body in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40),
        front in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..4),
    ) {
        let t = site_with(&body.concat(), &front.concat());
        load(t.path());
    }

    #[test]
    fn arbitrary_text_loads_without_panicking(body in "\\PC{0,400}") {
        let t = site_with(&body, "title: x\n");
        load(t.path());
    }
}

#[test]
fn self_including_include_is_stopped() {
    let t = site_with("{% include a.html %}", "");
    load(t.path());
}
