//! Diagnostics: everything a user's files caused, collected across a whole build.
//!
//! Stages push [`Diagnostic`]s into a [`Diagnostics`] sink and keep going; the
//! command decides the exit code from `has_errors` once at the end. Spans are
//! byte ranges into a [`SourceFile`]; they become `line:col` only when printed.

use std::fmt::Write as _;
use std::ops::Range;

use crate::source::{FileId, SourceMap};

/// How bad a finding is: errors stop the build from writing output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce a trustworthy site.
    Error,
    /// The site builds, but something is probably wrong.
    Warning,
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

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Renders as `file:line:col: error[code]: message`, the source line with a
    /// caret under the span, and the help line.
    pub fn render(&self, sources: &SourceMap) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = String::new();
        match &self.span {
            Some(span) => {
                let file = sources.get(span.file);
                let (line, col) = file.line_col(span.range.start);
                let _ = writeln!(
                    out,
                    "{}:{line}:{col}: {level}[{}]: {}",
                    file.rel_path, self.code, self.message
                );
                let text = file.line_text(line);
                let width = file
                    .text
                    .get(span.range.clone())
                    .map_or(1, |s| s.lines().next().map_or(1, |l| l.chars().count().max(1)));
                let width = width.min(text.chars().count().saturating_sub(col - 1).max(1));
                let gutter = line.to_string().len();
                let _ = writeln!(out, "{:gutter$} |", "");
                let _ = writeln!(out, "{line} | {text}");
                let _ =
                    writeln!(out, "{:gutter$} | {}{}", "", " ".repeat(col - 1), "^".repeat(width));
            }
            None => {
                let _ = writeln!(out, "{level}[{}]: {}", self.code, self.message);
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  help: {help}");
        }
        out
    }
}

/// The sink every stage reports into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records every finding of another sink (e.g. from a parallel stage).
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
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
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by_key(|d| (d.span.as_ref().map(|s| (s.file, s.range.start)), d.severity, d.code));
        v
    }

    /// All findings rendered for a terminal, followed by a count line.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render(sources));
            out.push('\n');
        }
        out
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every finding in report order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
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
    fn suggestions_prefer_close_slugs() {
        let s = suggest("opnai", ["openai", "microsoft", "open"]);
        assert_eq!(s.first(), Some(&"openai"));
        assert!(suggest("zzzzzz", ["openai"]).is_empty());
    }
}
