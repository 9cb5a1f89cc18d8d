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
fn includes_nested_ten_deep_inside_deep_blocks_do_not_crash() {
    // Each include opens 99 blocks and includes itself: 10 × 99 levels before the include cap.
    let inc = format!(
        "{}{{% include self.html %}}{}",
        "{% if true %}".repeat(99),
        "{% endif %}".repeat(99)
    );
    let s = site_with(&[("_includes/self.html", &inc)]);
    let (out, diags) = s.run("{% include self.html %}");
    assert!(out.is_some(), "{diags:?}");
    assert!(diags
        .iter()
        .any(|d| d.message.contains("nested more than 10")));
}
