use super::*;

/// The kind covering every byte of the first `needle` in `code` (`None`: plain, or split).
fn kind(lang: &str, code: &str, needle: &str) -> Option<TokenKind> {
    let g = resolve(lang)
        .unwrap_or_else(|| panic!("{lang}: no name"))
        .grammar
        .unwrap_or_else(|| panic!("{lang}: no grammar"));
    let tokens = highlight(&g, code);
    let at = code
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in code")) as u32;
    let end = at + needle.len() as u32;
    tokens
        .iter()
        .find(|t| t.start <= at && end <= t.end)
        .map(|t| t.kind)
}

use TokenKind::*;

#[test]
fn ruby_keywords_strings_comments_and_numbers() {
    let code = "def greet(name)\n  puts \"Hello, #{name}\" # say it\n  x = 42\nend\n";
    assert_eq!(kind("ruby", code, "def"), Some(Keyword));
    assert_eq!(kind("rb", code, "greet"), Some(Function));
    assert_eq!(kind("ruby", code, "\"Hello, "), Some(String));
    assert_eq!(kind("ruby", code, "# say it"), Some(Comment));
    assert_eq!(kind("ruby", code, "42"), Some(Number));
    assert_eq!(kind("ruby", code, "end"), Some(Keyword));
}

#[test]
fn spans_are_sorted_disjoint_on_char_boundaries_and_never_cross_lines() {
    let code =
        "# 日本語のコメント\nlet s = \"文字列\\n\";\nfn main() { println!(\"{}\", 1_000); }\n";
    let g = resolve("rust").unwrap().grammar.unwrap();
    let tokens = highlight(&g, code);
    assert!(tokens.len() > 5);
    let mut last = 0;
    for t in &tokens {
        assert!(t.start >= last && t.end > t.start, "{t:?}");
        let s = &code[t.start as usize..t.end as usize];
        assert!(!s.contains('\n'), "{t:?} {s:?}");
        last = t.end;
    }
    assert_eq!(kind("rust", code, "fn"), Some(Keyword));
    assert_eq!(kind("rs", code, "\"文字列"), Some(String));
    assert_eq!(kind("rust", code, "\\n"), Some(Escape));
}

#[test]
fn the_listed_languages_have_their_keywords_and_strings() {
    // (language as written, code, a keyword-ish span, its kind, a string-ish span, its kind)
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str, TokenKind, &str, TokenKind)] = &[
        ("python", "import os\nprint('hi')  # c\n", "import", Keyword, "'hi'", String),
        ("javascript", "const x = 'a';\n// c\n", "const", Keyword, "'a'", String),
        ("ts", "let n: number = 1;\n", "let", Keyword, "1", Number),
        ("json", "{\"key\": \"value\", \"n\": 3}\n", "\"key\"", Attribute, "\"value\"", String),
        ("yml", "title: \"My blog\" # c\nn: 3\n", "title", Attribute, "\"My blog\"", String),
        ("toml", "[package]\nname = \"hanmoto\"\n", "name", Attribute, "\"hanmoto\"", String),
        ("sh", "if [ -f x ]; then echo \"hi\"; fi # c\n", "if", Keyword, "\"hi\"", String),
        ("zsh", "for f in *.md; do echo $f; done\n", "for", Keyword, "$f", Variable),
        ("c", "#include <stdio.h>\nint main(void) { return 0; }\n", "return", Keyword, "<stdio.h>", String),
        ("c++", "std::string s = \"x\"; // c\n", "// c", Comment, "\"x\"", String),
        ("go", "func main() { fmt.Println(\"hi\") }\n", "func", Keyword, "\"hi\"", String),
        ("java", "public class A { String s = \"x\"; }\n", "public", Keyword, "\"x\"", String),
        ("kotlin", "fun main() { val s = \"x\" }\n", "fun", Keyword, "\"x\"", String),
        ("swift", "let s = \"x\"\nfunc f() {}\n", "func", Keyword, "\"x\"", String),
        ("cs", "public class A { string s = \"x\"; }\n", "class", Keyword, "\"x\"", String),
        ("php", "<?php\necho \"hi\"; // c\n", "echo", Keyword, "\"hi\"", String),
        ("sql", "SELECT name FROM users WHERE id = 'x';\n", "SELECT", Keyword, "'x'", String),
        ("html", "<a href=\"/x\">link</a>\n", "href", Attribute, "\"/x\"", String),
        ("xml", "<item id=\"1\">x</item>\n", "item", Tag, "\"1\"", String),
        ("css", "a { color: red; } /* c */\n", "/* c */", Comment, "a", Tag),
        ("scss", "$main: #333;\n.a { color: $main; }\n", "color", Attribute, "333", Constant),
        ("markdown", "# Title\n\nsome `code`\n", "Title", Heading, "`code`", String),
        ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n", "-old", Deleted, "+new", Inserted),
        ("dockerfile", "FROM ruby:3.2\nRUN echo \"hi\"\n", "FROM", Keyword, "\"hi\"", String),
        ("makefile", "all: build\n\techo \"hi\" # c\n", "# c", Comment, "\"hi\"", String),
        ("nginx", "server {\n  listen 80; # c\n}\n", "server", Keyword, "# c", Comment),
        ("ini", "[core]\neditor = vim ; c\n", "; c", Comment, "; c", Comment),
        ("haskell", "main :: IO ()\nmain = putStrLn \"hi\"\n", "main", Function, "\"hi\"", String),
        ("scheme", "(define (f x) \"s\") ; c\n", "; c", Comment, "\"s\"", String),
        ("lua", "local x = \"s\" -- c\n", "local", Keyword, "\"s\"", String),
        ("elixir", "defmodule A do\n  def f, do: \"s\"\nend\n", "defmodule", Keyword, "\"s\"", String),
        ("perl", "my $x = \"s\"; # c\n", "my", Keyword, "\"s\"", String),
        ("nasm", "mov eax, 1 ; c\n", "; c", Comment, "1", Number),
        ("slim", "h1 Title\n/ comment\n", "/ comment", Comment, "h1", Tag),
        ("haml", "%h1 Title\n-# comment\n", "comment", Comment, "h1", Tag),
        ("liquid", "{% if page.title %}{{ page.title }}{% endif %}\n", "if", Keyword, "endif", Keyword),
        ("erb", "<p><%= @user.name %></p>\n", "p", Tag, "@user", Variable),
        ("html+erb", "<% if x %>y<% end %>\n", "if", Keyword, "end", Keyword),
        ("objc", "@interface A : NSObject\n@end\n", "interface", Keyword, "NSObject", Type),
        ("docker", "FROM alpine\n# c\n", "FROM", Keyword, "# c", Comment),
    ];
    let mut failed = Vec::new();
    for (lang, code, a, ak, b, bk) in cases {
        let (ga, gb) = (kind(lang, code, a), kind(lang, code, b));
        if ga != Some(*ak) || gb != Some(*bk) {
            failed.push(format!(
                "{lang}: {a:?} {ga:?} (want {ak:?}), {b:?} {gb:?} (want {bk:?})"
            ));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn console_sessions_tell_prompts_commands_and_output_apart() {
    let code = "$ bundle exec jekyll serve \\\n    --livereload\nServer address: http://127.0.0.1:4000\nuser@host:~/blog$ ls -l\n# apt-get install ruby\ntotal 8\n";
    assert_eq!(kind("console", code, "$ "), Some(Prompt));
    assert_eq!(kind("shell-session", code, "Server address"), Some(Output));
    assert_eq!(kind("console", code, "user@host:~/blog$ "), Some(Prompt));
    assert_eq!(kind("console", code, "# "), Some(Prompt));
    assert_eq!(kind("console", code, "total 8"), Some(Output));
    // The command itself and its continuation are neither prompt nor output.
    for cmd in ["bundle", "--livereload", "ls -l", "apt-get"] {
        assert!(
            !matches!(kind("console", code, cmd), Some(Prompt | Output)),
            "{cmd}"
        );
    }
}

#[test]
fn plain_and_unknown_names_have_no_tokens() {
    assert_eq!(resolve("text").unwrap().grammar, Some(Grammar::Plain));
    assert_eq!(resolve("plaintext").unwrap().name, "plaintext");
    let unknown = resolve("no-such-language").unwrap();
    assert_eq!(unknown.grammar, None);
    assert_eq!(resolve("{.numberLines}").unwrap().name, "numberlines");
    // Found by syntect's own lookup, not in the alias table.
    assert!(matches!(
        resolve("zig").unwrap().grammar,
        Some(Grammar::Found(_))
    ));
}

#[test]
fn segments_cut_a_line_at_its_tokens_and_keep_every_byte() {
    let t = |start, end, kind| Token { start, end, kind };
    // "ab\ncd ef": a token over `cd`, one over `f`; the second line starts at byte 3.
    let tokens = [t(0, 1, Keyword), t(3, 5, String), t(7, 8, Number)];
    let line = "cd ef";
    assert_eq!(
        segments(line, 3, &tokens),
        [("cd", Some(String)), (" e", None), ("f", Some(Number))]
    );
    assert_eq!(
        segments("ab", 0, &tokens),
        [("a", Some(Keyword)), ("b", None)]
    );
    assert_eq!(segments("plain", 0, &[]), [("plain", None)]);
}
