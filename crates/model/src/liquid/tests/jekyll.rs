//! Jekyll's tags and unknown plugin tags.

use super::{file_name, line_of, site_with};
use serde_json::{json, Map, Value};

#[test]
fn include_passes_parameters_as_include_variables() {
    let s = site_with(&[(
        "_includes/dir/x.html",
        "[inc {{ include.k }}|{{ include.n }}]",
    )]);
    // Jekyll: [inc v|日本語のタイトル]
    assert_eq!(
        s.out("{% include dir/x.html k=\"v\" n=page.title %}"),
        "[inc v|日本語のタイトル]"
    );
}

#[test]
fn include_file_name_may_be_a_variable() {
    let s = site_with(&[("_includes/note.html", "NOTE")]);
    assert_eq!(
        s.out("{% assign f = 'note' %}{% include {{ f }}.html %}"),
        "NOTE"
    );
}

#[test]
fn nested_includes_see_their_own_parameters() {
    let s = site_with(&[
        (
            "_includes/outer.html",
            "<{% include inner.html a=include.a %}>",
        ),
        ("_includes/inner.html", "{{ include.a }}"),
    ]);
    assert_eq!(s.out("{% include outer.html a='x' %}"), "<x>");
}

#[test]
fn missing_include_is_an_error_at_the_tag_line() {
    let s = site_with(&[]);
    let (out, diags) = s.run("a\n{% include nothere.html %}b");
    assert_eq!(out.as_deref(), Some("a\nb"));
    let d = diags.first().expect("diagnostic");
    assert_eq!(
        (d.code, d.is_error(), line_of(d)),
        ("liquid-include", true, (6, 1))
    );
}

#[test]
fn include_escaping_includes_folder_is_refused() {
    let s = site_with(&[("secret.txt", "SECRET")]);
    let (out, diags) = s.run("{% include ../secret.txt %}");
    assert_eq!(out.as_deref(), Some(""));
    assert!(diags
        .iter()
        .any(|d| d.code == "liquid-include" && d.is_error()));
}

#[test]
fn self_including_include_stops_with_an_error() {
    let s = site_with(&[("_includes/loop.html", "x{% include loop.html %}")]);
    let (out, diags) = s.run("{% include loop.html %}");
    assert_eq!(out.as_deref(), Some("xxxxxxxxxx"));
    assert!(diags
        .iter()
        .any(|d| d.code == "liquid-include" && d.message.contains("nested")));
}

#[test]
fn include_relative_reads_next_to_the_post() {
    let s = site_with(&[("_posts/part.md", "部分{{ page.title }}")]);
    assert_eq!(
        s.out("{% include_relative part.md %}"),
        "部分日本語のタイトル"
    );
}

#[test]
fn problems_inside_includes_point_into_the_include_file() {
    let s = site_with(&[("_includes/g.html", "a\n{% gist 123 %}")]);
    let (_, diags) = s.run("{% include g.html %}");
    let d = diags
        .iter()
        .find(|d| d.code == "liquid-unknown-tag")
        .expect("warning");
    assert_eq!((file_name(d).as_str(), line_of(d)), ("g.html", (2, 1)));
}

#[test]
fn syntax_error_in_include_warns_in_the_include_and_keeps_the_post() {
    let s = site_with(&[("_includes/bad.html", "[{% if true %}x")]);
    let (out, diags) = s.run("{% include bad.html %}");
    assert_eq!(out.as_deref(), Some("[x"));
    assert!(diags
        .iter()
        .any(|d| file_name(d) == "bad.html" && d.code == "liquid-lax"));
}

#[test]
fn highlight_becomes_a_tilde_fence_with_language_and_linenos() {
    let s = site_with(&[]);
    assert_eq!(
        s.out("{% highlight ruby linenos %}\ndef x; end\n{% endhighlight %}"),
        "\n~~~ ruby linenos\ndef x; end\n~~~\n"
    );
    assert_eq!(
        s.out("{% highlight %}\nx\n{% endhighlight %}"),
        "\n~~~\nx\n~~~\n"
    );
}

#[test]
fn highlight_fence_is_longer_than_tildes_in_the_code() {
    let s = site_with(&[]);
    assert_eq!(
        s.out("{% highlight md %}\n~~~~\n{% endhighlight %}"),
        "\n~~~~~ md\n~~~~\n~~~~~\n"
    );
}

#[test]
fn highlight_body_is_liquid() {
    assert_eq!(
        site_with(&[]).out("{% highlight text %}{{ page.tags | size }}{% endhighlight %}"),
        "\n~~~ text\n2\n~~~\n"
    );
}

#[test]
fn post_url_gives_the_url_with_baseurl() {
    let s = site_with(&[]);
    // Jekyll 4.3: /blog/2015/01/18/name.html (baseurl included)
    assert_eq!(
        s.out("{% post_url 2015-01-18-name %}"),
        "/blog/2015/01/18/name.html"
    );
    assert_eq!(
        s.out("{% post_url event/2016-02-01-other %}"),
        "/blog/event/2016/02/01/other.html"
    );
}

#[test]
fn link_to_a_post_file_gives_its_url() {
    assert_eq!(
        site_with(&[]).out("[x]({% link _posts/2015-01-18-name.md %})"),
        "[x](/blog/2015/01/18/name.html)"
    );
}

#[test]
fn link_to_a_static_file_gives_its_path() {
    let s = site_with(&[("assets/a.svg", "<svg/>")]);
    assert_eq!(
        s.out("{% assign d = 'assets' %}{% link {{ d }}/a.svg %}"),
        "/blog/assets/a.svg"
    );
}

#[test]
fn unknown_link_targets_warn_and_render_empty() {
    let (out, diags) =
        site_with(&[]).run("x\n({% post_url 2099-01-01-none %})({% link _posts/none.md %})");
    assert_eq!(out.as_deref(), Some("x\n()()"));
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.code == "liquid-link" && !d.is_error())
            .count(),
        2
    );
    assert!(diags.iter().all(|d| line_of(d).0 == 6));
}

#[test]
fn unknown_tags_warn_with_name_line_and_column_and_vanish() {
    let (out, diags) = site_with(&[]).run("本文\n前 {% gist 12345 %} 後\n{% youtube abc %}");
    assert_eq!(out.as_deref(), Some("本文\n前  後\n"));
    let found: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.code,
                line_of(d),
                d.message.contains("'gist'") || d.message.contains("'youtube'"),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("liquid-unknown-tag", (6, 3), true),
            ("liquid-unknown-tag", (7, 1), true)
        ]
    );
}

#[test]
fn unknown_block_tags_keep_their_content() {
    let (out, diags) = site_with(&[])
        .run("{% blockquote 著者 %}\n引用 {{ page.tags | size }}\n{% endblockquote %}");
    assert_eq!(out.as_deref(), Some("\n引用 2\n"));
    assert_eq!(diags.len(), 1);
}

#[test]
fn unknown_tags_are_listed_up_front() {
    let s = site_with(&[]);
    let e = super::super::LiquidEngine::new(
        super::super::LiquidSite {
            root: s.dir.path().to_owned(),
            site: Default::default(),
            links: Default::default(),
        },
        &["{% gist 1 %}{% footnotes %}{% endfootnotes %}{% if true %}{% endif %}"],
    );
    assert_eq!(e.unknown_tags(), ["footnotes", "gist"]);
}

#[test]
fn engine_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<super::super::LiquidEngine>();
}

#[test]
fn site_time_as_rfc3339_works_with_the_date_filter() {
    use super::super::{LiquidEngine, LiquidInput, LiquidSite};
    use crate::diagnostic::Diagnostics;
    // The form `chrono::DateTime::to_rfc3339` gives, which is what a caller fills in.
    let Value::Object(site) = json!({"time": "2024-03-05T10:20:30.123456789+09:00"}) else {
        unreachable!()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = LiquidEngine::new(
        LiquidSite {
            root: dir.path().to_owned(),
            site,
            links: crate::site::links::SiteLinks::new(None, String::new()),
        },
        &[],
    );
    let body = "{{ site.time | date: '%Y-%m-%d %H:%M:%S %z' }}|{{ site.time | date_to_xmlschema }}";
    let page = Map::new();
    let diags = Diagnostics::new();
    let out = engine.render(
        &LiquidInput {
            body,
            page: &page,
            file: &dir.path().join("post.md"),
            source: body,
            first_line: 1,
        },
        &diags,
    );
    assert!(diags.into_sorted().is_empty());
    assert_eq!(
        out.as_deref(),
        Some("2024-03-05 10:20:30 +0900|2024-03-05T10:20:30+09:00")
    );
}
