//! One test per odd-but-accepted Liquid form of `LAX.md` (tags here, output markup and
//! delimiters in `lax_output.rs`). `renders_as_jekyll`: the text is
//! what Jekyll 4.3.1 printed for that body (measured on a one-post site, `.html` post, no
//! layout; page `title: t`, `n: 5`, `tags: [a, b]`, `site.data.h` = `{k1: v1, k2: v2}`).
//! `jekyll_stops`: Jekyll fails the build there; hanmoto warns and renders the best-effort text.

use super::{lax_page_run, run_in_page};

/// Jekyll renders `body` as `expected`; hanmoto too, with no error.
pub(super) fn renders_as_jekyll(body: &str, expected: &str) {
    let (out, diags) = lax_page_run(body);
    assert_eq!(out.as_deref(), Some(expected), "{diags:?}");
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
}

/// Jekyll stops the build at `body`; hanmoto renders `expected` with a warning.
pub(super) fn jekyll_stops(body: &str, expected: &str) {
    let (out, diags) = lax_page_run(body);
    assert_eq!(out.as_deref(), Some(expected), "{diags:?}");
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    assert!(
        diags
            .iter()
            .any(|d| d.code == "liquid-lax" || d.code == "liquid-unknown-tag"),
        "{diags:?}"
    );
}

#[test]
fn unknown_tag_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% nosuch x %} b", "a  b");
}

#[test]
fn unknown_block_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% nosuch %}c{% endnosuch %} b", "a c b");
}

#[test]
fn raw_unclosed_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% raw %} {{ page.title }} b", "a  {{ page.title }} b");
}

#[test]
fn tags_in_raw_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% raw %}{% if %}{{ x }}{% endif %}{% endraw %}]",
        "[{% if %}{{ x }}{% endif %}]",
    );
}

#[test]
fn raw_in_raw_jekyll_stops_hanmoto_warns() {
    jekyll_stops(
        "[{% raw %}{% raw %}x{% endraw %}y{% endraw %}]",
        "[{% raw %}xy]",
    );
}

#[test]
fn raw_ws_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[ {%- raw -%} {{ x }} {%- endraw -%} ]", "[ {{ x }}]");
}

#[test]
fn endraw_alone_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% endraw %} b", "a  b");
}

#[test]
fn endcomment_alone_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% endcomment %} b", "a  b");
}

#[test]
fn if_single_eq_jekyll_stops_hanmoto_warns() {
    jekyll_stops(
        "[{% if page.title = \"t\" %}y{% else %}n{% endif %}]",
        "[y]",
    );
}

#[test]
fn if_single_eq_false_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if 1 = 2 %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_empty_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_dangling_op_renders_as_jekyll() {
    renders_as_jekyll("[{% if page.title == %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_two_words_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if page.title page.x %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_triple_eq_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if 1 === 1 %}y{% else %}n{% endif %}]", "[y]");
}

#[test]
fn if_parens_renders_as_jekyll() {
    renders_as_jekyll("[{% if (true or false) %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_bad_char_renders_as_jekyll() {
    renders_as_jekyll("[{% if page.title @ %}y{% else %}n{% endif %}]", "[y]");
}

#[test]
fn if_unknown_word_op_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if 1 is 1 %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_and_dangling_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if true and %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn unless_empty_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% unless %}y{% else %}n{% endunless %}]", "[y]");
}

#[test]
fn elsif_empty_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if false %}a{% elsif %}b{% else %}c{% endif %}]", "[c]");
}

#[test]
fn for_missing_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in missing %}<{{ x }}>{% else %}E{% endfor %}]",
        "[E]",
    );
}

#[test]
fn for_string_renders_as_jekyll() {
    renders_as_jekyll("[{% for x in page.title %}<{{ x }}>{% endfor %}]", "[<t>]");
}

#[test]
fn for_number_renders_as_jekyll() {
    renders_as_jekyll("[{% for x in page.n %}<{{ x }}>{% endfor %}]", "[]");
}

#[test]
fn for_hash_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in site.data.h %}<{{ x[0] }}={{ x[1] }}>{% endfor %}]",
        "[<k1=v1><k2=v2>]",
    );
}

#[test]
fn for_no_in_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% for x %}<{{ x }}>{% endfor %}]", "[]");
}

#[test]
fn for_in_nothing_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% for x in %}<{{ x }}>{% endfor %}]", "[]");
}

#[test]
fn for_bad_range_renders_as_jekyll() {
    renders_as_jekyll("[{% for x in (1..a) %}<{{ x }}>{% endfor %}]", "[]");
}

#[test]
fn for_string_range_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in (\"a\"..\"c\") %}<{{ x }}>{% endfor %}]",
        "[<0>]",
    );
}

#[test]
fn for_bad_limit_jekyll_stops_hanmoto_warns() {
    jekyll_stops(
        "[{% for x in page.tags limit: \"z\" %}<{{ x }}>{% endfor %}]",
        "[<a><b>]",
    );
}

/// Found by fuzzing (`fuzz/`, site_load): the lenient reader cut the key `limit` inside the
/// three bytes of `。` before it and panicked. Jekyll 4.3.1 reads `limit: 1`.
#[test]
fn for_limit_after_wide_char_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in page.tags 。limit: 1 %}<{{ x }}>{% endfor %}]",
        "[<a>]",
    );
}

#[test]
fn for_trailing_junk_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in page.tags junk %}<{{ x }}>{% endfor %}]",
        "[<a><b>]",
    );
}

#[test]
fn assign_empty_rhs_renders_as_jekyll() {
    renders_as_jekyll("[{% assign x = %}<{{ x }}>]", "[<>]");
}

#[test]
fn assign_no_eq_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% assign x %}<{{ x }}>]", "[<>]");
}

#[test]
fn assign_no_name_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% assign = 1 %}]", "[]");
}

#[test]
fn assign_bad_rhs_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% assign x = @a %}<{{ x }}>][{% assign y = page.title bar %}<{{ y }}>]",
        "[<>][<t>]",
    );
}

#[test]
fn assign_unknown_filter_renders_as_jekyll() {
    renders_as_jekyll("[{% assign x = \"a\" | nosuch %}<{{ x }}>]", "[<a>]");
}

#[test]
fn assign_dotted_renders_as_jekyll() {
    renders_as_jekyll("[{% assign a.b = 1 %}<{{ a.b }}>]", "[<>]");
}

#[test]
fn capture_no_name_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% capture %}x{% endcapture %}]", "[]");
}

#[test]
fn comment_unclosed_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% comment %} b", "a ");
}

#[test]
fn comment_nested_renders_as_jekyll() {
    renders_as_jekyll(
        "a{% comment %}{% comment %}x{% endcomment %}y{% endcomment %}b",
        "ab",
    );
}

#[test]
fn ws_output_renders_as_jekyll() {
    renders_as_jekyll("[a  {{- \"x\" -}}  b]", "[axb]");
}

#[test]
fn ws_tag_renders_as_jekyll() {
    renders_as_jekyll("[a\n  {%- if true -%}\n  b\n  {%- endif -%}\n  c]", "[abc]");
}

#[test]
fn ws_no_space_renders_as_jekyll() {
    renders_as_jekyll(
        "[a {{-\"x\"-}} b][a {%-if true-%} y {%-endif-%} b]",
        "[axb][ayb]",
    );
}

#[test]
fn ws_assign_renders_as_jekyll() {
    renders_as_jekyll("[a {%- assign y = 1 -%} b{{ y }}]", "[ab1]");
}

#[test]
fn ws_empty_renders_as_jekyll() {
    renders_as_jekyll("[a {{- -}} b]", "[ab]");
}

#[test]
fn ws_dash_only_tag_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[a {%- -%} b]", "[a {%- -%} b]");
}

#[test]
fn case_odd_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% case %}{% when 1 %}a{% endcase %}]", "[]");
}

#[test]
fn case_when_empty_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% case 1 %}{% when %}a{% else %}b{% endcase %}]", "[b]");
}

#[test]
fn cycle_empty_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% cycle %}]", "[]");
}

#[test]
fn echo_lax_renders_as_jekyll() {
    renders_as_jekyll("[{% echo page.title bar %}]", "[t]");
}

#[test]
fn increment_odd_renders_as_jekyll() {
    renders_as_jekyll("[{% increment %}{% increment %}]", "[01]");
}

#[test]
fn highlight_unclosed_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% highlight ruby %} x", "a \n~~~ ruby\n x\n~~~\n");
}

#[test]
fn endif_alone_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% endif %} b", "a  b");
}

#[test]
fn else_alone_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% else %} b", "a  b");
}

#[test]
fn if_unclosed_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% if true %} b", "a  b");
}

#[test]
fn tag_name_dash_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {%- -%} b", "a {%- -%} b");
}

#[test]
fn tag_percent_only_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {%%} b", "a {%%} b");
}

#[test]
fn for_bool_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in true %}<{{ x }}>{% endfor %}][{% for x in 2.5 %}<{{ x }}>{% endfor %}]",
        "[][]",
    );
}

#[test]
fn raw_ws_open_renders_as_jekyll() {
    renders_as_jekyll("[ {%- raw %} {{ x }} {% endraw %} ]", "[ {{ x }}  ]");
}

#[test]
fn raw_ws_close_renders_as_jekyll() {
    renders_as_jekyll("[ {% raw -%} {{ x }} {% endraw -%} ]", "[  {{ x }} ]");
}

#[test]
fn if_unknown_op_true_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{% if 1 is 2 %}y{% else %}n{% endif %}]", "[n]");
}

#[test]
fn if_lax_and_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% if page.title @ and true %}y{% else %}n{% endif %}]",
        "[y]",
    );
}

#[test]
fn if_lax_or_contains_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% if page.x @ or page.tags contains \"a\" %}y{% else %}n{% endif %}]",
        "[y]",
    );
}

#[test]
fn assign_space_name_renders_as_jekyll() {
    renders_as_jekyll("[{% assign x y = 1 %}<{{ x }}|{{ y }}>]", "[<|1>]");
}

#[test]
fn comment_ws_renders_as_jekyll() {
    renders_as_jekyll("[a {%- comment -%} x {%- endcomment -%} b]", "[ab]");
}

#[test]
fn capture_lax_name_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% capture x y %}c{% endcapture %}<{{ x }}|{{ y }}>]",
        "[<c|>]",
    );
}

#[test]
fn capture_quoted_renders_as_jekyll() {
    renders_as_jekyll("[{% capture \"x\" %}c{% endcapture %}<{{ x }}>]", "[<c>]");
}

#[test]
fn when_lax_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% case 1 %}{% when 1 @ %}a{% else %}b{% endcase %}]",
        "[a]",
    );
}

#[test]
fn case_lax_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% case page.n @ %}{% when 5 %}a{% else %}b{% endcase %}]",
        "[a]",
    );
}

#[test]
fn for_lax_limit_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in page.tags @ limit:1 %}<{{ x }}>{% endfor %}]",
        "[<a>]",
    );
}

#[test]
fn for_lax_reversed_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in page.tags reversed junk %}<{{ x }}>{% endfor %}]",
        "[<b><a>]",
    );
}

#[test]
fn cycle_lax_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% cycle \"a\" @, \"b\" %}{% cycle \"a\" @, \"b\" %}]",
        "[ab]",
    );
}

#[test]
fn for_unknown_attr_renders_as_jekyll() {
    renders_as_jekyll(
        "[{% for x in page.tags sort:1 %}<{{ x }}>{% endfor %}]",
        "[<a><b>]",
    );
}

#[test]
fn liquid_in_front_matter_is_not_rendered_like_jekyll() {
    // Measured: `title: "{{ site.title }} と {% if true %}y{% endif %}"` prints as written.
    let title = "{{ site.title }} と {% if true %}y{% endif %}";
    let (out, diags) = run_in_page("[{{ page.title }}]", serde_json::json!({ "title": title }));
    assert_eq!(
        out.as_deref(),
        Some(format!("[{title}]").as_str()),
        "{diags:?}"
    );
}
