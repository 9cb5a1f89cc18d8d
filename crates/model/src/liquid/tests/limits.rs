//! Hostile bodies: deep nesting, huge values and outputs, runaway loops. Each must end in a
//! diagnostic at the right line, never in a crash or a machine out of memory.

use super::{line_of, site_with};
use crate::diagnostic::Diagnostic;

fn nested_ifs(n: usize) -> String {
    format!("{}x{}", "{% if true %}".repeat(n), "{% endif %}".repeat(n))
}

fn the_error(diags: &[Diagnostic]) -> &Diagnostic {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    errors[0]
}

#[test]
fn hundred_nested_blocks_render_like_jekyll() {
    let (out, diags) = site_with(&[]).run(&nested_ifs(100));
    assert_eq!(out.as_deref(), Some("x"), "{diags:?}");
}

#[test]
fn five_hundred_nested_blocks_are_an_error_not_a_crash() {
    let (out, diags) = site_with(&[]).run(&nested_ifs(500));
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert_eq!(d.code, "liquid");
    assert!(d.message.starts_with("nesting too deep"), "{}", d.message);
    // The 101st `if` (13 characters each) on the body's first line (file line 5).
    assert_eq!(line_of(d), (5, 100 * 13 + 1));
}

#[test]
fn five_thousand_nested_blocks_are_an_error_not_a_crash() {
    let (out, diags) = site_with(&[]).run(&nested_ifs(5000));
    assert_eq!(out, None);
    assert!(the_error(&diags).message.starts_with("nesting too deep"));
}

#[test]
fn nesting_error_points_at_the_line_of_the_tag_that_exceeded_it() {
    let body = format!(
        "text\n{}\n{{% for i in (1..2) %}}",
        "{% if true %}".repeat(100)
    );
    let (out, diags) = site_with(&[]).run(&body);
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert!(d.message.starts_with("nesting too deep"), "{}", d.message);
    assert_eq!(line_of(d), (7, 1));
}

#[test]
fn deeply_nested_liquid_tag_lines_are_an_error_not_a_crash() {
    let body = format!("{{% liquid\n{}echo 'x'\n %}}", "if true\n".repeat(5000));
    let (out, diags) = site_with(&[]).run(&body);
    assert_eq!(out, None);
    assert!(the_error(&diags).message.contains("nesting too deep"));
}

#[test]
fn deeply_nested_brackets_in_an_expression_are_an_error_not_a_crash() {
    let body = format!("{{{{ a{}0{} }}}}", "[a".repeat(5000), "]".repeat(5000));
    let (out, diags) = site_with(&[]).run(&body);
    assert_eq!(out, None);
    assert!(the_error(&diags).message.contains("nesting too deep"));
}

#[test]
fn deeply_nested_ranges_are_an_error_not_a_crash() {
    let body = format!("{{{{ {}1{} }}}}", "(".repeat(5000), "..2)".repeat(5000));
    let (out, diags) = site_with(&[]).run(&body);
    assert_eq!(out, None);
    assert!(the_error(&diags).message.contains("nesting too deep"));
}

#[test]
fn long_and_chains_are_an_error_not_a_crash() {
    let body = format!(
        "{{% if true{} %}}x{{% endif %}}",
        " and true".repeat(50_000)
    );
    let (out, diags) = site_with(&[]).run(&body);
    assert_eq!(out, None);
    assert!(the_error(&diags).message.contains("nesting too deep"));
}

#[test]
fn blocks_nested_deep_across_includes_are_an_error_not_a_crash() {
    // Each include opens 99 blocks and includes itself: 10 × 99 levels before the include cap.
    let inc = format!(
        "{}{{% include self.html %}}{}",
        "{% if true %}".repeat(99),
        "{% endif %}".repeat(99)
    );
    let s = site_with(&[("_includes/self.html", &inc)]);
    let (out, diags) = s.run("{% include self.html %}");
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert!(d.message.starts_with("nesting too deep"), "{}", d.message);
    assert_eq!(super::file_name(d), "self.html");
}

/// `s` doubled `n` times from ten bytes: 10 × 2ⁿ bytes.
fn doubled(n: usize) -> String {
    format!(
        "{{% assign s = \"xxxxxxxxxx\" %}}{{% for i in (1..{n}) %}}{{% assign s = s | append: s %}}{{% endfor %}}"
    )
}

fn assert_too_large(body: &str, at: (u32, u32)) {
    let t = std::time::Instant::now();
    let (out, diags) = site_with(&[]).run(body);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert_eq!(d.code, "liquid");
    assert!(d.message.contains("would exceed 16 MiB"), "{}", d.message);
    assert_eq!(line_of(d), at);
}

#[test]
fn doubling_a_string_stops_at_the_size_cap_at_the_assign_that_crossed_it() {
    let body = format!(
        "text\n{}",
        doubled(40).replace("{% assign s = s", "\n{% assign s = s")
    );
    assert_too_large(&body, (7, 1));
}

#[test]
fn replace_that_would_multiply_a_string_is_refused_before_allocating() {
    // 1.3 MB with every byte replaced by the whole string: 1.7 TB if allocated.
    let body = format!("{}\n{{{{ s | replace: 'x', s }}}}", doubled(17));
    assert_too_large(&body, (6, 1));
}

#[test]
fn concat_doubling_an_array_stops_at_the_size_cap() {
    let body = "{% assign a = 'x,y' | split: ',' %}{% for i in (1..40) %}\n{% assign a = a | concat: a %}{% endfor %}";
    assert_too_large(body, (6, 1));
}

#[test]
fn push_nesting_an_array_into_itself_stops_at_the_size_cap() {
    let body = "{% assign a = 'x,y' | split: ',' %}{% for i in (1..40) %}\n{% assign a = a | push: a %}{% endfor %}";
    assert_too_large(body, (6, 1));
}

#[test]
fn capture_doubling_a_string_stops_at_the_size_cap() {
    let body = "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% capture s %}{{ s }}\n{{ s }}{% endcapture %}{% endfor %}";
    assert_too_large(body, (6, 1));
}

#[test]
fn total_output_is_capped_at_the_output_tag_that_crossed_it() {
    // 1.3 MB printed 20 times: 26 MB.
    let body = format!(
        "{}{{% for i in (1..20) %}}\n{{{{ s }}}}{{% endfor %}}",
        doubled(17)
    );
    assert_too_large(&body, (6, 1));
}

#[test]
fn output_just_under_the_cap_renders() {
    // 1.3 MB printed 12 times: 15.7 MB.
    let body = format!(
        "{}{{% for i in (1..12) %}}{{{{ s }}}}{{% endfor %}}",
        doubled(17)
    );
    let (out, diags) = site_with(&[]).run(&body);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(out.map(|o| o.len()), Some(12 * (10 << 17)));
}

#[test]
fn truncated_range_warns_at_its_line() {
    let (out, diags) =
        site_with(&[]).run("a\n{% for i in (1..100000000) limit: 2 %}{{ i }}{% endfor %}");
    assert_eq!(out.as_deref(), Some("a\n12"));
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert!(!d.is_error());
    assert!(d.message.contains("(1..100000000) is cut"), "{}", d.message);
    assert_eq!(line_of(d), (6, 1));
}

#[test]
fn runaway_loop_error_points_at_the_loop_that_ran_out_of_budget() {
    let (out, diags) = site_with(&[])
        .run("a\nb\n{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}");
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert!(d.message.contains("too much work"), "{}", d.message);
    assert_eq!(line_of(d), (7, 27));
}

#[test]
fn runaway_loop_in_an_include_is_reported_in_the_include() {
    let s = site_with(&[(
        "_includes/spin.html",
        "\n{% for b in (1..100000) %}{% for c in (1..100000) %}x{% endfor %}{% endfor %}",
    )]);
    let (out, diags) = s.run("{% include spin.html %}");
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert_eq!(super::file_name(d), "spin.html");
    assert_eq!(line_of(d), (2, 27));
}

#[test]
fn reading_a_big_value_in_a_long_loop_counts_as_work() {
    // 1.3 MB copied 100 000 times would be 130 GB of copying.
    let body = format!(
        "{}{{% for i in (1..100000) %}}\n{{% assign t = s | size %}}{{% endfor %}}",
        doubled(17)
    );
    let t = std::time::Instant::now();
    let (out, diags) = site_with(&[]).run(&body);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(out, None);
    let d = the_error(&diags);
    assert!(d.message.contains("too much work"), "{}", d.message);
    // Blamed on the loop.
    let col = body.find("{% for i in (1..100000)").map_or(0, |c| c + 1);
    assert_eq!(line_of(d), (5, u32::try_from(col).unwrap_or(0)));
}
