//! The names bloggers give languages (fence info strings, `{% highlight %}`, `language-x`
//! classes) normalised as Rouge does, and the grammar each one is highlighted with.

/// What a language name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grammar {
    /// Highlighted with the syntect grammar of this name.
    Syntax(&'static str),
    /// A found grammar by syntect's own lookup (extension or name), kept by its name.
    Found(String),
    /// A shell session: prompts, commands (as shell) and output.
    Console,
    /// `plaintext`, `text`, `nohighlight`: plain on purpose, no warning.
    Plain,
}

/// A language as written, lower-cased and without kramdown's decorations (`{.ruby}`,
/// `language-ruby`, `ruby:`), or none for an empty name.
pub fn clean(raw: &str) -> Option<String> {
    let s = raw
        .trim()
        .trim_start_matches(['{', '.'])
        .trim_end_matches(['}', ':', ','])
        .trim();
    let s = s.strip_prefix("language-").unwrap_or(s);
    let s = s.to_ascii_lowercase();
    (!s.is_empty()).then_some(s)
}

/// The alias table's entry for a cleaned name: Rouge's lexer tag (`rb` → `ruby`, `c++` → `cpp`,
/// `shell-session` → `console`) and the grammar that reads it.
pub fn lookup(name: &str) -> Option<(&'static str, &'static Grammar)> {
    ALIASES
        .iter()
        .find(|(aliases, _, _)| aliases.contains(&name))
        .map(|(_, tag, grammar)| (*tag, grammar))
}

/// Rouge's lexer tag for a cleaned name, or the name itself. The tag is what the EPUB writes as
/// `language-…`, as Jekyll does.
pub fn canonical(name: &str) -> &str {
    lookup(name).map_or(name, |(tag, _)| tag)
}

use Grammar::{Console, Plain, Syntax};

/// Rouge's aliases (its lexers' `tag` and `aliases`) for the languages technical blogs use,
/// with the syntect grammar that reads each. Names not listed here fall back to syntect's own
/// lookup by file extension or grammar name (`scala`, `zig`, `vim`, …).
#[rustfmt::skip]
const ALIASES: &[(&[&str], &str, Grammar)] = &[
    (&["ruby", "rb", "irb", "gemfile", "rake", "podfile", "jruby"], "ruby", Syntax("Ruby")),
    (&["python", "py", "python3", "py3", "gyp", "bazel", "starlark"], "python", Syntax("Python")),
    (&["javascript", "js", "node", "nodejs", "mjs", "cjs", "ecmascript"], "javascript", Syntax("JavaScript")),
    (&["jsx", "react"], "jsx", Syntax("JavaScript (Babel)")),
    (&["typescript", "ts", "mts", "cts"], "typescript", Syntax("TypeScript")),
    (&["tsx"], "tsx", Syntax("TypeScriptReact")),
    (&["json", "jsonc", "json5", "geojson", "ipynb"], "json", Syntax("JSON")),
    (&["yaml", "yml"], "yaml", Syntax("YAML")),
    (&["toml"], "toml", Syntax("TOML")),
    (&["shell", "sh", "bash", "zsh", "ksh", "ash", "dash", "shellscript", "shell-script"], "shell", Syntax("Bourne Again Shell (bash)")),
    (&["console", "shell-session", "shellsession", "shell_session", "sh-session", "terminal", "bash-session", "zsh-session"], "console", Console),
    (&["c", "h"], "c", Syntax("C")),
    (&["cpp", "c++", "cxx", "cc", "hpp", "hxx", "arduino", "ino"], "cpp", Syntax("C++")),
    (&["objective_c", "objc", "obj-c", "obj_c", "objectivec", "objective-c"], "objective_c", Syntax("Objective-C")),
    (&["objective_cpp", "objcpp", "obj-cpp", "objective-c++", "objc++"], "objective_cpp", Syntax("Objective-C++")),
    (&["rust", "rs"], "rust", Syntax("Rust")),
    (&["go", "golang"], "go", Syntax("Go")),
    (&["java"], "java", Syntax("Java")),
    (&["kotlin", "kt", "kts"], "kotlin", Syntax("Kotlin")),
    (&["swift"], "swift", Syntax("Swift")),
    (&["csharp", "c#", "cs"], "csharp", Syntax("C#")),
    (&["php", "php3", "php4", "php5", "php7", "php8"], "php", Syntax("PHP Source")),
    (&["sql", "mysql", "postgresql", "postgres", "psql", "plsql", "sqlite", "tsql", "pgsql"], "sql", Syntax("SQL")),
    (&["html", "xhtml", "htm"], "html", Syntax("HTML")),
    (&["xml", "xsl", "xslt", "svg", "rss", "atom", "plist", "xaml", "wsdl"], "xml", Syntax("XML")),
    (&["css"], "css", Syntax("CSS")),
    (&["scss"], "scss", Syntax("SCSS")),
    (&["sass"], "sass", Syntax("Sass")),
    (&["less"], "less", Syntax("Less")),
    (&["markdown", "md", "mkd", "mkdn", "mdown"], "markdown", Syntax("Markdown")),
    (&["diff", "patch", "udiff"], "diff", Syntax("Diff")),
    (&["docker", "dockerfile", "containerfile"], "docker", Syntax("Dockerfile")),
    (&["make", "makefile", "mf", "gnumake", "bsdmake", "mk"], "make", Syntax("Makefile")),
    (&["nginx"], "nginx", Syntax("nginx")),
    (&["ini", "cfg", "conf", "config", "dosini", "editorconfig", "desktop"], "ini", Syntax("INI")),
    (&["properties", "java-properties"], "properties", Syntax("Java Properties")),
    (&["haskell", "hs"], "haskell", Syntax("Haskell")),
    (&["scheme", "scm", "lisp", "common_lisp", "common-lisp", "cl", "elisp", "emacs-lisp", "emacs_lisp", "el"], "scheme", Syntax("Lisp")),
    (&["racket", "rkt"], "racket", Syntax("Racket")),
    (&["clojure", "clj", "cljs", "edn"], "clojure", Syntax("Clojure")),
    (&["lua"], "lua", Syntax("Lua")),
    (&["elixir", "exs", "ex"], "elixir", Syntax("Elixir")),
    (&["erlang", "erl"], "erlang", Syntax("Erlang")),
    (&["perl", "pl", "pm"], "perl", Syntax("Perl")),
    (&["nasm", "asm", "x86asm", "gas", "x86", "yasm", "assembly"], "nasm", Syntax("x86_64 Assembly")),
    (&["armasm", "arm"], "armasm", Syntax("ARM Assembly")),
    (&["slim"], "slim", Syntax("Ruby Slim")),
    (&["haml"], "haml", Syntax("Ruby Haml")),
    // Liquid's `{% tag %}` and `{{ output }}` are Jinja's; no Liquid grammar is maintained.
    (&["liquid", "jekyll"], "liquid", Syntax("HTML (Jinja2)")),
    (&["jinja", "jinja2", "django", "twig", "nunjucks"], "jinja", Syntax("HTML (Jinja2)")),
    (&["erb", "eruby", "rhtml", "html+erb", "html.erb"], "erb", Syntax("HTML (Rails)")),
    (&["powershell", "posh", "ps1", "psm1", "pwsh"], "powershell", Syntax("PowerShell")),
    (&["coffeescript", "coffee", "coffee-script"], "coffeescript", Syntax("CoffeeScript")),
    (&["r", "rlang", "splus"], "r", Syntax("R")),
    (&["ocaml", "ml"], "ocaml", Syntax("OCaml")),
    (&["fsharp", "f#", "fs"], "fsharp", Syntax("F#")),
    (&["viml", "vim", "vimscript", "vimrc"], "viml", Syntax("VimL")),
    (&["tex", "latex", "context"], "tex", Syntax("LaTeX")),
    (&["matlab", "octave"], "matlab", Syntax("MATLAB")),
    (&["apache", "apacheconf", "htaccess"], "apache", Syntax("Apache Conf")),
    (&["protobuf", "proto"], "protobuf", Syntax("Protocol Buffer")),
    (&["terraform", "tf", "hcl"], "terraform", Syntax("Terraform")),
    (&["gradle", "groovy", "jenkinsfile"], "groovy", Syntax("Groovy")),
    (&["vue", "vuejs"], "vue", Syntax("Vue Component")),
    (&["graphql", "gql"], "graphql", Syntax("GraphQL")),
    (&["http"], "http", Syntax("HTTP Request and Response")),
    (&["plaintext", "text", "plain", "txt", "none", "nohighlight", "no-highlight", "output", "raw", "log"], "plaintext", Plain),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decorations_and_aliases_normalise_as_rouge_names_them() {
        assert_eq!(clean("{.ruby}").as_deref(), Some("ruby"));
        assert_eq!(clean("language-Ruby").as_deref(), Some("ruby"));
        assert_eq!(clean("  C++ ").as_deref(), Some("c++"));
        assert_eq!(clean("{}"), None);
        for (alias, tag) in [
            ("rb", "ruby"),
            ("js", "javascript"),
            ("yml", "yaml"),
            ("c++", "cpp"),
            ("sh", "shell"),
            ("shell-session", "console"),
            ("objc", "objective_c"),
            ("docker", "docker"),
            ("html+erb", "erb"),
            ("text", "plaintext"),
            ("zig", "zig"),
        ] {
            assert_eq!(canonical(alias), tag, "{alias}");
        }
    }

    #[test]
    fn every_listed_grammar_exists_in_the_syntax_set() {
        let set = super::super::syntaxes();
        for (aliases, _, g) in ALIASES {
            if let Syntax(name) = g {
                assert!(
                    set.find_syntax_by_name(name).is_some(),
                    "{aliases:?}: no grammar named {name}"
                );
            }
        }
    }
}
