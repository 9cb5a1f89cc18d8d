//! The output-markup and delimiter forms of `LAX.md` (`{{{ x }}}`, `{{ - }}`, bad filter
//! arguments, unterminated `{{`), one test each; see `lax.rs` for the two helpers.

use super::lax::{jekyll_stops, renders_as_jekyll};
use super::{lax_page_run, line_of};

#[test]
fn unterminated_output_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {{ page.title\nb", "a {{ page.title\nb");
}

#[test]
fn unterminated_output_eof_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {{", "a {{");
}

#[test]
fn unterminated_tag_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% if true\nb", "a {% if true\nb");
}

#[test]
fn unterminated_tag_eof_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {%", "a {%");
}

#[test]
fn single_brace_close_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {{ page.title } b", "a {{ page.title } b");
}

#[test]
fn single_brace_close_later_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {{ page.title } b }} c", "a {{ page.title } b }} c");
}

#[test]
fn triple_brace_renders_as_jekyll() {
    renders_as_jekyll("a {{{ page.title }}} b", "a } b");
}

#[test]
fn triple_brace_lang_renders_as_jekyll() {
    renders_as_jekyll(
        "<language>{{{ \"{ lang \" }}}}</language>",
        "<language>}}</language>",
    );
}

#[test]
fn quad_brace_renders_as_jekyll() {
    renders_as_jekyll("a {{{{ page.title }}}} b", "a }} b");
}

#[test]
fn stray_tag_close_renders_as_jekyll() {
    renders_as_jekyll("a %} b", "a %} b");
}

#[test]
fn stray_output_close_renders_as_jekyll() {
    renders_as_jekyll("a }} b", "a }} b");
}

#[test]
fn stray_tag_open_jekyll_stops_hanmoto_warns() {
    jekyll_stops("50{% off", "50{% off");
}

#[test]
fn stray_tag_open_closed_later_jekyll_stops_hanmoto_warns() {
    jekyll_stops("a {% b c %} d", "a  d");
}

#[test]
fn empty_output_renders_as_jekyll() {
    renders_as_jekyll("a{{ }}b{{}}c", "abc");
}

#[test]
fn dash_output_renders_as_jekyll() {
    renders_as_jekyll("a{{ - }}b", "ab");
}

#[test]
fn dash_output_strip_renders_as_jekyll() {
    renders_as_jekyll("a {{-}} b {{--}} c", "abc");
}

#[test]
fn unknown_filter_renders_as_jekyll() {
    renders_as_jekyll(
        "[{{ \"x\" | nosuch }}][{{ \"x\" | nosuch: 1, \"b\" }}][{{ \"x\" | nosuch | upcase }}]",
        "[x][x][X]",
    );
}

#[test]
fn filter_on_missing_renders_as_jekyll() {
    renders_as_jekyll("[{{ missing | upcase }}][{{ missing | size }}][{{ missing | append: \"a\" }}][{{ missing.deep | join: \",\" }}]", "[][0][a][]");
}

#[test]
fn filter_no_arg_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{{ \"x\" | append: }}][{{ \"x\" | append }}]", "[][]");
}

#[test]
fn filter_arg_no_colon_jekyll_stops_hanmoto_warns() {
    jekyll_stops("[{{ \"x\" | append \"y\" }}]", "[]");
}

#[test]
fn filter_two_args_no_comma_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"x\" | append: \"y\" \"z\" }}]", "[xy]");
}

#[test]
fn filter_leading_comma_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"x\" | append: , \"y\" }}]", "[xy]");
}

#[test]
fn filter_double_pipe_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"x\" || upcase }}]", "[X]");
}

#[test]
fn filter_trailing_pipe_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"x\" | upcase | }}]", "[X]");
}

#[test]
fn filter_arg_bad_chars_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"x\" | append: @y }}]", "[x]");
}

#[test]
fn filter_arg_unquoted_string_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"x\" | append: y z }}]", "[x]");
}

#[test]
fn output_trailing_words_renders_as_jekyll() {
    renders_as_jekyll("[{{ page.title bar baz }}]", "[t]");
}

#[test]
fn output_unterminated_string_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"abc }}]", "[]");
}

#[test]
fn deep_on_string_renders_as_jekyll() {
    renders_as_jekyll("[{{ page.title.b.c }}][{{ page.title.size }}][{{ page.title.first }}][{{ page.title[0] }}]", "[][1][][]");
}

#[test]
fn deep_on_number_renders_as_jekyll() {
    renders_as_jekyll("[{{ page.n.b }}][{{ page.n.size }}]", "[][8]");
}

#[test]
fn deep_on_array_renders_as_jekyll() {
    renders_as_jekyll(
        "[{{ page.tags.b }}][{{ page.tags.first.x }}][{{ page.tags.size.z }}]",
        "[][][]",
    );
}

#[test]
fn output_only_pipe_renders_as_jekyll() {
    renders_as_jekyll("[{{ | upcase }}]", "[]");
}

#[test]
fn output_number_dot_renders_as_jekyll() {
    renders_as_jekyll("[{{ 1.2.3 }}][{{ 1. }}][{{ .5 }}]", "[1.2][1.0][]");
}

#[test]
fn output_range_renders_as_jekyll() {
    renders_as_jekyll(
        "[{{ (1..3) }}][{{ (1..3) | join: \",\" }}]",
        "[1..3][1,2,3]",
    );
}

#[test]
fn output_quotes_inside_renders_as_jekyll() {
    renders_as_jekyll("[{{ \"a\"b }}][{{ 'it's' }}]", "[a][it]");
}

#[test]
fn size_on_numbers_renders_as_jekyll() {
    renders_as_jekyll("[{{ 5 | size }}][{{ 2.5 | size }}][{{ true | size }}][{{ page.n.size }}][{{ page.n.first }}]", "[8][0][0][8][]");
}

#[test]
fn output_page_renders_as_jekyll() {
    renders_as_jekyll("[{{ page.title | @ }}]", "[t]");
}

#[test]
fn output_lax_quoted_name_renders_as_jekyll() {
    renders_as_jekyll(
        "[{{ 'a b' c }}][{{ \"a\" \"b\" }}][{{ a\"b c\"d }}]",
        "[a b][a][]",
    );
}

#[test]
fn output_lax_int_renders_as_jekyll() {
    renders_as_jekyll(
        "[{{ 12abc }}][{{ -3 @ }}][{{ 1..2 @ }}][{{ (1..3) @ }}]",
        "[][-3][1.0][1..3]",
    );
}

#[test]
fn output_lax_dyn_renders_as_jekyll() {
    renders_as_jekyll(
        "[{{ [page.title] @ }}][{{ page[page.k] @ }}][{{ page.tags[1] @ }}]",
        "[][][b]",
    );
}

#[test]
fn lax_warning_points_at_the_file_line_of_the_odd_output() {
    // Body line 3; the body starts on line 6 of the file.
    let (out, diags) = lax_page_run("a\n\n<language>{{{ \"{ lang \" }}}}</language>\n");
    assert_eq!(out.as_deref(), Some("a\n\n<language>}}</language>\n"));
    let d = diags.first().expect("a warning");
    assert_eq!((d.code, line_of(d)), ("liquid-lax", (8, 11)));
}

#[test]
fn unterminated_output_warning_points_at_its_line() {
    let (_, diags) = lax_page_run("a\nb {{ x\n");
    let d = diags.first().expect("a warning");
    assert_eq!((d.code, line_of(d)), ("liquid-lax", (7, 3)));
}

#[test]
fn output_lax_filter_args_jekyll_stops_hanmoto_warns() {
    // Jekyll fails the build on one of the three (a filter argument it cannot use).
    jekyll_stops(
        "[{{ \"abc\" | @ | upcase }}][{{ \"abc\" | slice: 1 2 @ }}][{{ \"x\" | append:\"y\",  \"z\" @ }}]",
        "[ABC][b][xy]",
    );
}
