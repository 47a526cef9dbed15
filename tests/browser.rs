//! The headless-Chromium tests in `tests/browser/` (node's test runner with
//! playwright-core driving Debian's Chromium), run against the binary cargo
//! just built. They need `npm ci` in `tests/browser/`, `node` and
//! `/usr/bin/chromium`; without them the test passes with a note, except in
//! CI (`CI` set), where it fails: CI must run them. `audit.test.mjs` builds
//! the sample and `init` sites under a sub-path and audits them (html-validate,
//! axe-core, console and network errors); its screenshots go to
//! `target/tmp/audit-screenshots/`, printed with the audit's counts.

use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn browser_tests_pass_in_headless_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!dir.join("node_modules/playwright-core").is_dir())
            .then_some("tests/browser/node_modules (run `npm ci` in tests/browser)"),
        (!Path::new(CHROMIUM).exists()).then_some(CHROMIUM),
        (!node).then_some("node"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        let missing = missing.join(", ");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests, but this machine lacks {missing}"
        );
        eprintln!("note: skipping the browser tests: no {missing}");
        return;
    }
    // The audit's screenshots (375 and 1280 px of every page type) stay here.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        // No path: the runner finds *.test.mjs under the current folder
        // (skipping node_modules) on every node version.
        .current_dir(&dir)
        .env("FACTBOOK_BIN", assert_cmd::cargo::cargo_bin("factbook"))
        .env("CHROMIUM_BIN", CHROMIUM)
        .env("AUDIT_SCREENSHOTS", &shots)
        .output()
        .expect("run node --test");
    let report =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "node --test tests/browser/ failed:\n{report}");
    // A runner that found no test file exits 0 too; make sure they ran.
    assert!(report.contains("serve reloads on edit"), "no browser test ran:\n{report}");
    assert!(report.contains("audit: init site"), "the audit did not run:\n{report}");
    let audit_lines = ["audit screenshots:", "audit sample:", "audit init:"];
    for line in report.lines().filter(|l| audit_lines.iter().any(|a| l.contains(a))) {
        eprintln!("{}", line.trim_start_matches(['#', ' ', 'ℹ']));
    }
}
