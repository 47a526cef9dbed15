//! Diagnostics: everything a user's files caused, collected across a whole build.
//!
//! Stages push [`Diagnostic`]s into a [`Diagnostics`] sink and keep going; the
//! command decides the exit code from `has_errors` once at the end. Spans are
//! byte ranges into a [`SourceFile`]; they become `line:col` only when printed.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use crate::source::{FileId, SourceMap};

/// How bad a finding is: errors stop the build from writing output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce a trustworthy site.
    Error,
    /// The site builds, but something is probably wrong.
    Warning,
    /// A suggestion (`check` only): never fails a build, not even with
    /// `--deny-warnings`.
    Note,
}

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The file the range points into.
    pub file: FileId,
    /// Byte range into the file's normalised text (file-absolute).
    pub range: Range<usize>,
}

impl Span {
    /// A span covering `range` of `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span { file, range }
    }
}

/// One finding about the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `unknown-entity`.
    pub code: &'static str,
    /// Where; `None` for findings about the site as a whole.
    pub span: Option<Span>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A likely fix, when there is one.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: &'static str, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, span, message: message.into(), help: None }
    }

    /// A warning at `span`.
    pub fn warning(
        code: &'static str,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, code, span, message: message.into(), help: None }
    }

    /// A note at `span` (suggestions that never fail a build).
    pub fn note(code: &'static str, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Note, code, span, message: message.into(), help: None }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Renders as `file:line:col: error[code]: message`, the source line with a
    /// caret under the span, and the help line (no colour).
    pub fn render(&self, sources: &SourceMap) -> String {
        self.render_styled(sources, false)
    }

    /// Like [`Diagnostic::render`], with ANSI colours when `color` is set
    /// (callers decide: only on a terminal, and never when `NO_COLOR` is set).
    pub fn render_styled(&self, sources: &SourceMap, color: bool) -> String {
        let paint = |code: &str, text: &str| -> String {
            if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
        };
        let (level, level_color) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Note => ("note", "1;32"),
        };
        let head = paint(level_color, &format!("{level}[{}]", self.code));
        let mut out = String::new();
        match self.span.as_ref().and_then(|s| sources.try_get(s.file).map(|f| (s, f))) {
            Some((span, file)) => {
                let (line, col) = file.line_col(span.range.start);
                let _ = writeln!(
                    out,
                    "{}: {head}: {}",
                    paint("1", &format!("{}:{line}:{col}", file.rel_path)),
                    paint("1", &self.message)
                );
                if !file.text.is_empty() {
                    let text = file.line_text(line);
                    let span_chars = file
                        .text
                        .get(span.range.clone())
                        .map_or(1, |s| s.split('\n').next().map_or(1, |l| l.chars().count()));
                    let (shown, caret_at, width) = excerpt(text, col - 1, span_chars.max(1));
                    let gutter = line.to_string().len();
                    let bar = paint("1;34", "|");
                    let _ = writeln!(out, "{:gutter$} {bar}", "");
                    let _ = writeln!(out, "{} {bar} {shown}", paint("1;34", &line.to_string()));
                    let _ = writeln!(
                        out,
                        "{:gutter$} {bar} {}{}",
                        "",
                        " ".repeat(caret_at),
                        paint(level_color, &"^".repeat(width))
                    );
                }
            }
            None => {
                let _ = writeln!(out, "{head}: {}", paint("1", &self.message));
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  {}: {help}", paint("1;36", "help"));
        }
        out
    }

    /// One JSON object for `--message-format json`: `severity`, `code`,
    /// `message`, `file` (site-relative), 1-based `line`/`column` of the span
    /// start, `end_line`/`end_column` of the position just after it, and
    /// `help`. Location fields are `null` for findings about the whole site.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let located = self.span.as_ref().and_then(|s| sources.try_get(s.file).map(|f| (s, f)));
        let (file, line, column, end_line, end_column) = match located {
            Some((span, file)) => {
                let (line, col) = file.line_col(span.range.start);
                let (end_line, end_col) = file.line_col(span.range.end.max(span.range.start));
                (Some(file.rel_path.as_str()), Some(line), Some(col), Some(end_line), Some(end_col))
            }
            None => (None, None, None, None, None),
        };
        serde_json::json!({
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" },
            "code": self.code,
            "message": self.message,
            "file": file,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "help": self.help,
        })
    }
}

/// Longest source excerpt shown under a diagnostic, in characters.
const MAX_EXCERPT: usize = 120;

/// The part of a source line to show: control characters made visible, and a
/// window around the span when the line is long. Returns the text, the caret
/// column within it (in characters) and the caret width.
fn excerpt(line: &str, col: usize, span_chars: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = col.min(chars.len());
    let (from, to) = if chars.len() <= MAX_EXCERPT {
        (0, chars.len())
    } else {
        let from = col.saturating_sub(MAX_EXCERPT / 3);
        let to = (from + MAX_EXCERPT).min(chars.len());
        (to.saturating_sub(MAX_EXCERPT).min(from), to)
    };
    let mut shown = String::new();
    let mut caret_at = col - from;
    if from > 0 {
        shown.push('…');
        caret_at += 1;
    }
    for &c in &chars[from..to] {
        shown.push(match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        });
    }
    if to < chars.len() {
        shown.push('…');
    }
    let width = span_chars.min(to.saturating_sub(col)).max(1);
    (shown, caret_at, width)
}

/// The sink every stage reports into.
///
/// Findings are shared, so a copy is cheap: a rebuild hands every finding
/// to its caller after each edit, and a 10,000-article site has 24,000
/// (9 MB of messages) that a deep copy duplicated each time.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Arc<Diagnostic>>,
}

impl Diagnostics {
    /// Records a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(Arc::new(d));
    }

    /// Records a finding another sink holds too.
    pub fn push_shared(&mut self, d: Arc<Diagnostic>) {
        self.items.push(d);
    }

    /// Records every finding of another sink (e.g. from a parallel stage).
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Keeps only the findings `keep` accepts (a rebuild replacing the
    /// findings of one file).
    pub fn retain(&mut self, mut keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(|d| keep(d));
    }

    /// Removes the findings `pick` selects and returns them, in order.
    pub fn extract(&mut self, mut pick: impl FnMut(&Diagnostic) -> bool) -> Vec<Arc<Diagnostic>> {
        let (picked, kept) = std::mem::take(&mut self.items).into_iter().partition(|d| pick(d));
        self.items = kept;
        picked
    }

    /// True when the build must not write output.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Findings sorted by file and position, so reports are stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.iter().collect();
        v.sort_by_key(|d| (d.span.as_ref().map(|s| (s.file, s.range.start)), d.severity, d.code));
        v
    }

    /// All findings rendered for a terminal, in report order, without colour.
    pub fn render(&self, sources: &SourceMap) -> String {
        self.render_styled(sources, false)
    }

    /// All findings rendered for a terminal, in report order.
    pub fn render_styled(&self, sources: &SourceMap, color: bool) -> String {
        self.render_styled_capped(sources, color, usize::MAX)
    }

    /// Like [`Diagnostics::render_styled`], but past the first `per_code`
    /// warnings (or notes) of one code only their number is printed: a
    /// generated 10,000-article site has 24,000 conflicting figures, and a
    /// build that prints them all buries its errors. Errors are all shown.
    pub fn render_styled_capped(
        &self,
        sources: &SourceMap,
        color: bool,
        per_code: usize,
    ) -> String {
        let mut out = String::new();
        let mut shown: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
        for d in self.sorted() {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let n = shown.entry((level, d.code)).or_default();
            *n += 1;
            if d.severity == Severity::Error || *n <= per_code {
                out.push_str(&d.render_styled(sources, color));
                out.push('\n');
            }
        }
        for ((level, code), n) in shown {
            if level != "error" && n > per_code {
                let plural = if level == "note" { "notes" } else { "warnings" };
                let _ = writeln!(
                    out,
                    "{level}[{code}]: {} more {plural} like these not shown; `factbook check` lists them all\n",
                    n - per_code
                );
            }
        }
        out
    }

    /// All findings as JSON lines (see [`Diagnostic::to_json`]), in report order.
    pub fn render_json(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.to_json(sources).to_string());
            out.push('\n');
        }
        out
    }

    /// Turns every warning into an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Warning {
                Arc::make_mut(d).severity = Severity::Error;
            }
        }
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every finding in report order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().map(|d| &**d)
    }
}

/// The closest candidates to a misspelt name, for "did you mean" help.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, c)| {
            *d <= (wanted.chars().count().max(c.chars().count()) / 3).max(2) || c.contains(wanted)
        })
        .collect();
    scored.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
            out.push(c);
        }
    }
    out.truncate(3);
    out
}

/// "did you mean" help text for [`suggest`] results, if there are any.
pub fn did_you_mean(
    wanted: &str,
    candidates: impl IntoIterator<Item = impl AsRef<str>>,
) -> Option<String> {
    let owned: Vec<String> = candidates.into_iter().map(|c| c.as_ref().to_string()).collect();
    let found = suggest(wanted, owned.iter().map(String::as_str));
    match found.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean \"{one}\"?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Prints a stage's duration to stderr when `FACTBOOK_TRACE` is set (for
/// profiling builds; not part of the normal output), and records it as a
/// phase for `--timings`.
pub fn trace(stage: &str, since: std::time::Instant) {
    if crate::timings::enabled() {
        crate::timings::record(stage, since.elapsed());
    }
    if std::env::var_os("FACTBOOK_TRACE").is_some() {
        eprintln!("[trace] {stage}: {} ms{}", since.elapsed().as_millis(), memory());
    }
}

/// Resident and peak memory of the process, where the system tells
/// (Linux): what a stage holds shows next to what it took.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key)?.trim().strip_suffix(" kB")?.parse::<u64>().ok())
    };
    match (kib("VmRSS:"), kib("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(", rss {} MiB, peak {} MiB", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn renders_clickable_location_caret_and_help() {
        let mut map = SourceMap::default();
        let id = map.add(
            PathBuf::from("/s/a.md"),
            "content/people/ada.md".into(),
            "+++\nmaker = \"opnai\"\n+++\n",
        );
        let d =
            Diagnostic::error("unknown-entity", Some(Span::new(id, 13..18)), "no entity \"opnai\"")
                .with_help("did you mean \"openai\"?");
        assert_eq!(
            d.render(&map),
            "content/people/ada.md:2:10: error[unknown-entity]: no entity \"opnai\"\n  |\n2 | maker = \"opnai\"\n  |          ^^^^^\n  help: did you mean \"openai\"?\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let mut map = SourceMap::default();
        let line = format!("{}XYZ{}", "a".repeat(5000), "b".repeat(5000));
        let id = map.add(PathBuf::from("/s/a.md"), "a.md".into(), &line);
        let d = Diagnostic::warning("w", Some(Span::new(id, 5000..5003)), "here");
        let out = d.render(&map);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "a.md:1:5001: warning[w]: here");
        assert!(lines[2].chars().count() < 140, "{}", lines[2]);
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        let under: String = lines[2].chars().skip(caret).take(3).collect();
        assert_eq!(under, "XYZ");
        assert!(lines[3].ends_with("^^^"));
    }

    #[test]
    fn control_characters_are_not_printed_raw() {
        let mut map = SourceMap::default();
        let id = map.add(PathBuf::from("/s/a.md"), "a.md".into(), "a\u{1b}[31mb\u{0}c\td");
        let d = Diagnostic::error("e", Some(Span::new(id, 0..1)), "m");
        let out = d.render(&map);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{0}') && !out.contains('\t'),
            "{out:?}"
        );
        assert!(out.contains("1 | a\u{fffd}[31mb\u{fffd}c d"), "{out}");
    }

    #[test]
    fn empty_files_render_without_an_excerpt() {
        let mut map = SourceMap::default();
        let id = map.add(PathBuf::from("/s/a.md"), "content/a.md".into(), "");
        let d = Diagnostic::error("missing-front-matter", Some(Span::new(id, 0..0)), "m")
            .with_help("h");
        assert_eq!(d.render(&map), "content/a.md:1:1: error[missing-front-matter]: m\n  help: h\n");
    }

    #[test]
    fn colour_only_when_asked() {
        let mut map = SourceMap::default();
        let id = map.add(PathBuf::from("/s/a.md"), "a.md".into(), "x\n");
        let d = Diagnostic::error("e", Some(Span::new(id, 0..1)), "m").with_help("h");
        assert!(!d.render_styled(&map, false).contains('\u{1b}'));
        let coloured = d.render_styled(&map, true);
        assert!(coloured.contains("\u{1b}[1;31merror[e]\u{1b}[0m"), "{coloured:?}");
    }

    #[test]
    fn json_has_every_field() {
        let mut map = SourceMap::default();
        let id = map.add(PathBuf::from("/s/a.md"), "content/a.md".into(), "ab\ncdé f\n");
        let d = Diagnostic::warning("w", Some(Span::new(id, 5..9)), "m");
        assert_eq!(
            d.to_json(&map).to_string(),
            r#"{"code":"w","column":3,"end_column":6,"end_line":2,"file":"content/a.md","help":null,"line":2,"message":"m","severity":"warning"}"#
        );
        let site = Diagnostic::error("e", None, "m").with_help("h");
        assert_eq!(
            site.to_json(&map).to_string(),
            r#"{"code":"e","column":null,"end_column":null,"end_line":null,"file":null,"help":"h","line":null,"message":"m","severity":"error"}"#
        );
    }

    #[test]
    fn deny_warnings_turns_warnings_into_errors() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::warning("w", None, "m"));
        assert!(!d.has_errors());
        d.deny_warnings();
        assert!(d.has_errors());
    }

    #[test]
    fn suggestions_prefer_close_slugs() {
        let s = suggest("opnai", ["openai", "microsoft", "open"]);
        assert_eq!(s.first(), Some(&"openai"));
        assert!(suggest("zzzzzz", ["openai"]).is_empty());
    }
}
