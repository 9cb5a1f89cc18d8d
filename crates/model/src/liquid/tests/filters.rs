//! Filters; expected values measured with Jekyll 4.3.1 unless noted.

use super::render;

#[test]
fn size_counts_characters() {
    assert_eq!(
        render(
            "{{ \"日本語\" | size }}|{{ page.title.size }}|{{ page.tags.size }}|{{ nil | size }}"
        ),
        "3|8|2|0"
    );
}

#[test]
fn string_filters_work_on_characters() {
    assert_eq!(render("{{ page.title | truncate: 4 }}|{{ \"日本語\" | slice: 1 }}|{{ \"日本語\" | slice: 1, 2 }}|{{ \"abc\" | slice: -2 }}"), "日...|本|本語|b");
}

#[test]
fn truncate_and_truncatewords_use_three_dots() {
    assert_eq!(render("{{ \"abc\" | truncate: 2 }}|{{ \"abcdefghijkl\" | truncate: 5 }}|{{ \"a b c d\" | truncatewords: 2 }}"), "...|ab...|a b...");
}

#[test]
fn split_and_join_follow_ruby() {
    assert_eq!(render("{{ \"a b  c\" | split: \" \" | size }}|{{ \"a,b,,\" | split: \",\" | join: \"-\" }}|{{ \"日本\" | split: \"\" | join: \"/\" }}"), "3|a-b|日/本");
}

#[test]
fn sort_is_case_sensitive_and_sort_natural_is_not() {
    assert_eq!(render("{% assign xs = \"b,a,C\" | split: \",\" %}{{ xs | sort | join: \"-\" }}|{{ xs | sort_natural | join: \"-\" }}"), "C-a-b|a-b-C");
}

#[test]
fn math_filters_follow_ruby_numbers() {
    assert_eq!(render("{{ 1.5 | plus: 1 }}|{{ 10 | divided_by: 3 }}|{{ 10 | divided_by: 3.0 }}|{{ \"3\" | times: 2 }}|{{ 7 | modulo: 3 }}"), "2.5|3|3.3333333333333335|6|1");
    assert_eq!(render("{{ 3.7 | round }}|{{ 2.5 | round }}|{{ -7 | modulo: 3 }}|{{ -7 | divided_by: 2 }}|{{ 4.2 | floor }}"), "4|3|2|-4|4");
    assert_eq!(
        render("{{ 3.0 }}|{{ 1.0 | times: 3 }}|{{ 12345678901234567.0 }}"),
        "3.0|3.0|1.2345678901234568e+16"
    );
}

#[test]
fn arrays_print_joined_with_nothing() {
    assert_eq!(
        render("{{ page.tags }}|{{ page.tags | first }}|{{ page.tags.last }}"),
        "ab|a|b"
    );
}

#[test]
fn unknown_filters_pass_the_input_through_with_a_warning() {
    let s = super::site_with(&[]);
    let (out, diags) = s.run("{{ \"a b\" | unknownfilter }}");
    assert_eq!(out.as_deref(), Some("a b"));
    assert!(diags
        .iter()
        .any(|d| !d.is_error() && d.message.contains("unknownfilter")));
}

#[test]
fn escape_filters_match_ruby() {
    assert_eq!(
        render("{{ \"<a href='x'>&</a>\" | xml_escape }}"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
    );
    assert_eq!(
        render("{{ \"日本 a&b/c?\" | cgi_escape }}"),
        "%E6%97%A5%E6%9C%AC+a%26b%2Fc%3F"
    );
    assert_eq!(
        render("{{ \"日本 a&b/c?[x]\" | uri_escape }}"),
        "%E6%97%A5%E6%9C%AC%20a&b/c?[x]"
    );
    assert_eq!(
        render("{{ \"&amp; <\" | escape_once }}|{{ \"a+b%21\" | url_decode }}"),
        "&amp; &lt;|a b!"
    );
}

#[test]
fn slugify_keeps_japanese() {
    assert_eq!(render("{{ page.title | slugify }}|{{ \"Hello World! 日本\" | slugify }}|{{ \"Hello World! 日本\" | slugify: 'ascii' }}"), "日本語のタイトル|hello-world-日本|hello-world");
}

#[test]
fn jsonify_writes_compact_json() {
    assert_eq!(
        render("{{ page.title | jsonify }}|{{ page.tags | jsonify }}"),
        "\"日本語のタイトル\"|[\"a\",\"b\"]"
    );
}

#[test]
fn number_of_words_splits_at_whitespace_or_counts_cjk() {
    assert_eq!(render("{{ \"日本語の 文章 です\" | number_of_words }}|{{ \"日本語 ok\" | number_of_words: 'cjk' }}"), "3|4");
}

#[test]
fn url_filters_add_baseurl_and_site_url() {
    assert_eq!(render("{{ \"/x/y.html\" | relative_url }}|{{ \"/x/y.html\" | absolute_url }}|{{ \"x\" | relative_url }}|{{ \"https://a.org/\" | relative_url }}"), "/blog/x/y.html|https://example.com/blog/x/y.html|/blog/x|https://a.org/");
}

#[test]
fn date_formats_like_ruby_strftime_keeping_the_written_offset() {
    assert_eq!(render("{{ page.date | date: \"%Y年%-m月%-d日 %a %b %e %j %H:%M:%S %z %p %I %y %A %B %U %u %w\" }}"), "2015年1月18日 Sun Jan 18 018 10:00:00 +0900 AM 10 15 Sunday January 03 7 0");
}

#[test]
fn jekyll_date_filters() {
    assert_eq!(render("{{ page.date | date_to_xmlschema }}|{{ page.date | date_to_string }}|{{ page.date | date_to_long_string }}|{{ page.date | date_to_string: 'ordinal', 'US' }}"), "2015-01-18T10:00:00+09:00|18 Jan 2015|18 January 2015|Jan 18th, 2015");
}

#[test]
fn date_reads_the_usual_front_matter_forms() {
    assert_eq!(render("{{ \"2015-01-18\" | date: \"%Y/%m/%d %H\" }}|{{ \"2015-01-18 10:00:00 +0900\" | date: \"%s\" }}|{{ \"now\" | date: \"%Y\" | size }}"), "2015/01/18 00|1421542800|4");
}

#[test]
fn date_leaves_non_dates_alone() {
    assert_eq!(
        render("{{ \"someday\" | date: \"%Y\" }}|{{ page.date | date: \"\" }}"),
        "someday|2015-01-18T10:00:00+09:00"
    );
}

#[test]
fn where_and_where_exp_select_items() {
    assert_eq!(render("{{ site.data.members | where: 'role', 'dev' | map: 'name' | join: ',' }}|{{ site.posts | where: 'tags', 'a' | map: 'title' | join }}"), "花子,次郎|古い");
    assert_eq!(
        render(
            "{{ site.data.members | where_exp: 'm', \"m.role != 'dev'\" | map: 'name' | join }}"
        ),
        "太郎"
    );
}

#[test]
fn group_by_lists_groups_in_order() {
    assert_eq!(render("{% assign g = site.data.members | group_by: 'role' %}{% for x in g %}{{ x.name }}={{ x.size }}:{{ x.items | map: 'name' | join: '/' }};{% endfor %}"), "lead=1:太郎;dev=2:花子/次郎;");
}

#[test]
fn sort_by_property_puts_nils_first() {
    assert_eq!(render("{{ site.posts | sort: 'image' | map: 'title' | join: '' }}|{{ site.posts | sort: 'date' | map: 'title' | join: '' }}"), "新しい古い|古い新しい");
}

#[test]
fn default_respects_allow_false() {
    assert_eq!(render("{{ false | default: 'd' }}|{{ false | default: 'd', allow_false: true }}|{{ '' | default: 'd' }}"), "d|false|d");
}

#[test]
fn markdownify_gives_html_like_jekyll() {
    // Jekyll 4.3.1: `{{ '**強調**' | markdownify }}` → `<p><strong>強調</strong></p>` and a newline.
    assert_eq!(
        render("{{ '**強調**' | markdownify }}"),
        "<p><strong>強調</strong></p>\n"
    );
    assert_eq!(
        render("{{ '> [a](https://example.com/)' | markdownify }}"),
        "<blockquote>\n<p><a href=\"https://example.com/\">a</a></p>\n</blockquote>\n"
    );
    assert_eq!(render("{{ nothing | markdownify }}"), "");
}

#[test]
fn array_filters() {
    assert_eq!(render("{{ page.tags | push: 'c' | reverse | join: '' }}|{{ 'a,a,b' | split: ',' | uniq | join: '' }}|{{ page.tags | concat: page.tags | size }}|{{ page.tags | array_to_sentence_string }}"), "cba|ab|4|a and b");
}
