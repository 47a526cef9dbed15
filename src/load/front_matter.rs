//! Front matter: splitting it from the body, parsing TOML or YAML into one
//! table shape, and typed field access that reports wrong types with spans.

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::NaiveDate;
use toml::{Table, Value};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::source::SourceFile;

pub use crate::figures::parse_date;

/// Front-matter syntax, chosen by the fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` fences.
    Toml,
    /// `---` fences.
    Yaml,
}

/// A file cut into front matter and body; offsets are file-absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Syntax of the front matter.
    pub format: Format,
    /// Range of the front-matter text (between the fences).
    pub front: Range<usize>,
    /// Range of the body (after the closing fence line).
    pub body: Range<usize>,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `+++` or `---`.
    Missing,
    /// The opening fence has no closing fence.
    Unclosed(Format),
}

/// Cuts `text` at its front-matter fences. Leading blank lines are allowed.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = text.len() - text.trim_start_matches(['\n', ' ', '\t']).len();
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[start..];
    let first_line = rest.split('\n').next().unwrap_or("");
    let format = match first_line.trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => return Err(SplitError::Missing),
    };
    let fence = if format == Format::Toml { "+++" } else { "---" };
    let front_start = start + first_line.len() + 1;
    if front_start > text.len() {
        return Err(SplitError::Unclosed(format));
    }
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let body_start = offset + line.len();
            return Ok(Split { format, front: front_start..offset, body: body_start..text.len() });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed(format))
}

/// Parses front-matter text of either format into a TOML table. YAML scalars
/// keep their YAML types; `null` values are dropped.
pub fn parse_table(file: &SourceFile, split: &Split) -> Result<Table, Diagnostic> {
    let text = &file.text[split.front.clone()];
    match split.format {
        Format::Toml => toml::from_str::<Table>(text).map_err(|e| {
            let range = e.span().map_or(split.front.start..split.front.start, |r| {
                split.front.start + r.start..split.front.start + r.end
            });
            Diagnostic::error(
                "invalid-front-matter",
                Some(Span::new(file.id, range)),
                format!("invalid TOML: {}", e.message().trim()),
            )
            .with_help("TOML front matter is `key = value` lines: quote strings (`title = \"...\"`), write dates bare (`date = 2024-01-31`)")
        }),
        Format::Yaml => {
            if text.trim().is_empty() {
                return Ok(Table::new());
            }
            if let Some(at) = yaml_flow_too_deep(text, YAML_MAX_DEPTH) {
                let at = split.front.start + at;
                return Err(Diagnostic::error(
                    "invalid-front-matter",
                    Some(Span::new(file.id, at..at + 1)),
                    format!("invalid YAML: nested more than {YAML_MAX_DEPTH} levels deep"),
                )
                .with_help("close the `[` and `{` brackets, or write the value as a quoted string"));
            }
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| {
                let at = e.location().map_or(split.front.start, |loc| {
                    let line_start = file.line_col(split.front.start).0 + loc.line() - 1;
                    file.line_start(line_start)
                        + file
                            .line_text(line_start)
                            .chars()
                            .take(loc.column().saturating_sub(1))
                            .map(char::len_utf8)
                            .sum::<usize>()
                });
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                Diagnostic::error(
                    "invalid-front-matter",
                    Some(Span::new(file.id, at..at + 1)),
                    format!("invalid YAML: {msg}"),
                )
                .with_help("YAML front matter is `key: value` lines; check the indentation and quote values that contain `:` or `#`")
            })?;
            match yaml_to_toml(value) {
                Some(Value::Table(t)) => Ok(t),
                _ => Err(Diagnostic::error(
                    "invalid-front-matter",
                    Some(Span::new(file.id, split.front.clone())),
                    "YAML front matter must be a mapping of keys to values",
                )
                .with_help("write one `key: value` per line, e.g. `title: My article`")),
            }
        }
    }
}

/// Deepest nesting the YAML reader accepts (the parser's own recursion limit).
const YAML_MAX_DEPTH: usize = 128;

/// Offset of the first `[` or `{` that nests flow collections deeper than
/// `limit`. The YAML parser would reject the text anyway, but only after
/// time quadratic in the depth; this scan is linear. Quotes and comments are
/// skipped; an apostrophe inside a plain word never opens a quote.
fn yaml_flow_too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    for (i, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            let token_start = prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':');
            match c {
                '"' | '\'' if token_start => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(i);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        prev = c;
    }
    None
}

fn yaml_to_toml(v: serde_yaml_ng::Value) -> Option<Value> {
    use serde_yaml_ng::Value as Y;
    Some(match v {
        Y::Null => return None,
        Y::Bool(b) => Value::Boolean(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().filter_map(yaml_to_toml).collect()),
        Y::Mapping(map) => {
            let mut t = Table::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => continue,
                };
                if let Some(v) = yaml_to_toml(v) {
                    t.insert(key, v);
                }
            }
            Value::Table(t)
        }
        Y::Tagged(t) => return yaml_to_toml(t.value),
    })
}

/// Typed access to one front-matter table that reports problems as it goes.
pub struct Fields<'a> {
    table: &'a Table,
    file: &'a SourceFile,
    /// Where to search for key positions (the table's part of the front matter).
    region: Range<usize>,
    used: BTreeSet<&'a str>,
    /// Findings so far.
    pub diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// Wraps a table whose text lies in `region` of `file`.
    pub fn new(
        table: &'a Table,
        file: &'a SourceFile,
        region: Range<usize>,
        diags: &'a mut Diagnostics,
    ) -> Fields<'a> {
        Fields { table, file, region, used: BTreeSet::new(), diags }
    }

    /// Span of `key` where it is assigned (`key = `, `key:`) or opens a table
    /// (`[key]`, `[[key]]`) in the region; falls back to the region start.
    pub fn key_span(&self, key: &str) -> Span {
        let region = self.file.text.get(self.region.clone()).unwrap_or_default();
        let mut offset = self.region.start;
        for line in region.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let unquoted = trimmed
                .strip_prefix('"')
                .and_then(|t| t.strip_prefix(key))
                .and_then(|t| t.strip_prefix('"'));
            let rest = trimmed.strip_prefix(key).or(unquoted);
            if rest.is_some_and(|r| {
                let r = r.trim_start();
                r.starts_with('=') || r.starts_with(':')
            }) {
                return Span::new(self.file.id, offset + indent..offset + indent + key.len());
            }
            let header = trimmed.trim_end();
            if header == format!("[[{key}]]") || header == format!("[{key}]") {
                let at = offset + indent + header.find(key).unwrap_or(0);
                return Span::new(self.file.id, at..at + key.len());
            }
            offset += line.len();
        }
        Span::new(self.file.id, self.region.start..self.region.start)
    }

    /// Span of the value written after `key = ` (or `key: `) on the key's line,
    /// without trailing blanks; the key's span when the value is on later lines.
    pub fn value_span_of(&self, key: &str) -> Span {
        let key_span = self.key_span(key);
        let text = &self.file.text;
        let line_end = text
            .get(key_span.range.end..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| key_span.range.end + i);
        let rest = text.get(key_span.range.end..line_end).unwrap_or_default();
        let after_quote = rest.strip_prefix('"').unwrap_or(rest);
        let skipped = rest.len() - after_quote.len();
        let Some(sep) = after_quote.find(['=', ':']) else { return key_span };
        let value = &after_quote[sep + 1..];
        let lead = value.len() - value.trim_start().len();
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return key_span;
        }
        let start = key_span.range.end + skipped + sep + 1 + lead;
        Span::new(self.file.id, start..start + trimmed.len())
    }

    /// Span of `needle` inside `key`'s value (e.g. a slug in a list), or of the key.
    /// A quoted occurrence (`"needle"`) wins over a bare one, so `"acm"` is not
    /// found inside `"acme"`.
    pub fn value_span(&self, key: &str, needle: &str) -> Span {
        let key_span = self.key_span(key);
        if needle.is_empty() {
            return key_span;
        }
        let from = key_span.range.start;
        let Some(hay) = self.file.text.get(from..self.region.end.max(from)) else {
            return key_span;
        };
        let quoted = ['"', '\'']
            .iter()
            .find_map(|q| hay.find(&format!("{q}{needle}{q}")).map(|i| i + q.len_utf8()));
        match quoted.or_else(|| hay.find(needle)) {
            Some(i) => Span::new(self.file.id, from + i..from + i + needle.len()),
            None => key_span,
        }
    }

    /// Where to report a key that is missing: the opening fence when this table
    /// is the whole front matter, else the start of the table.
    pub fn missing_span(&self) -> Span {
        let (line, _) = self.file.line_col(self.region.start);
        if line > 1 {
            let prev = self.file.line_text(line - 1);
            if prev.trim_end() == "+++" || prev.trim_end() == "---" {
                let start = self.file.line_start(line - 1);
                return Span::new(self.file.id, start..start + 3);
            }
        }
        Span::new(self.file.id, self.region.start..self.region.start)
    }

    fn get(&mut self, key: &'a str) -> Option<&'a Value> {
        self.used.insert(key);
        self.table.get(key)
    }

    fn wrong_type(&mut self, key: &str, expected: &str, v: &Value) {
        let span = self.value_span_of(key);
        let help = match (expected, v) {
            ("a string", Value::Array(_) | Value::Table(_)) | (_, Value::Table(_)) => {
                format!("write `{key}` as {expected}")
            }
            ("a string", v) => {
                format!("quote it: {key} = \"{}\"", display_value(v).unwrap_or_default())
            }
            _ => format!("write `{key}` as {expected}"),
        };
        self.diags.push(
            Diagnostic::error(
                "wrong-type",
                Some(span),
                format!("`{key}` must be {expected}, found {}", v.type_str()),
            )
            .with_help(help),
        );
    }

    /// A string; any other type is a `wrong-type` error at the value (spec
    /// section 7: `title = 42` is a mistake, not a title).
    pub fn text(&mut self, key: &'a str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            v => {
                self.wrong_type(key, "a string", v);
                None
            }
        }
    }

    /// A string, or a number, boolean or date shown as written: for values
    /// where a bare number reads naturally (`period = 2022`, `value = 35e6`).
    pub fn scalar_text(&mut self, key: &'a str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Boolean(b) => Some(b.to_string()),
            Value::Datetime(d) => Some(d.to_string()),
            v => {
                self.wrong_type(key, "a string", v);
                None
            }
        }
    }

    /// A required string; reports `missing-key` when absent (a value of the
    /// wrong type is reported as that, not as missing).
    pub fn required_text(&mut self, key: &'a str, what: &str) -> Option<String> {
        let v = self.text(key);
        if v.as_deref().is_none_or(str::is_empty) && self.table.get(key).is_none_or(Value::is_str) {
            self.diags.push(
                Diagnostic::error(
                    "missing-key",
                    Some(self.missing_span()),
                    format!("{what} needs `{key}`"),
                )
                .with_help(format!("add `{key} = \"...\"` to the front matter")),
            );
        }
        v.filter(|s| !s.is_empty())
    }

    /// A list of strings; a single string counts as a list of one. An item
    /// of another type is an error at that item (when it can be found on
    /// the key's line, else at the whole value); the strings still load.
    pub fn texts(&mut self, key: &'a str) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.trim().to_string()),
                        v => {
                            let whole = self.value_span_of(key);
                            let shown = display_value(v).unwrap_or_default();
                            let span = self
                                .file
                                .text
                                .get(whole.range.clone())
                                .and_then(|t| find_item(t, &shown))
                                .map_or(whole.clone(), |r| {
                                    Span::new(
                                        whole.file,
                                        whole.range.start + r.start..whole.range.start + r.end,
                                    )
                                });
                            self.diags.push(
                                Diagnostic::error(
                                    "wrong-type",
                                    Some(span),
                                    format!(
                                        "items of `{key}` must be strings, found {}",
                                        v.type_str()
                                    ),
                                )
                                .with_help(format!("quote it: \"{shown}\"")),
                            );
                        }
                    }
                }
                out
            }
            Some(v) => {
                self.wrong_type(key, "a list of strings", v);
                Vec::new()
            }
        }
    }

    /// A boolean.
    pub fn flag(&mut self, key: &'a str) -> Option<bool> {
        match self.get(key)? {
            Value::Boolean(b) => Some(*b),
            v => {
                self.wrong_type(key, "true or false", v);
                None
            }
        }
    }

    /// A date: TOML date, RFC 3339 string or `YYYY-MM-DD` string.
    pub fn date(&mut self, key: &'a str) -> Option<NaiveDate> {
        let v = self.get(key)?;
        let text = match v {
            Value::Datetime(d) => d.to_string(),
            Value::String(s) => s.trim().to_string(),
            v => {
                self.wrong_type(key, "a date (YYYY-MM-DD)", v);
                return None;
            }
        };
        let parsed = parse_date(&text);
        if parsed.is_none() {
            let span = self.value_span(key, &text);
            self.diags.push(
                Diagnostic::error(
                    "invalid-date",
                    Some(span),
                    format!("`{key}` = \"{text}\" is not a valid date"),
                )
                .with_help("write dates as YYYY-MM-DD (e.g. 2023-04-20) or RFC 3339"),
            );
        }
        parsed
    }

    /// An array of tables (`[[claims]]`, `relations = [{...}]`).
    pub fn tables(&mut self, key: &'a str) -> Vec<&'a Table> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_table) => {
                items.iter().filter_map(Value::as_table).collect()
            }
            Some(v) => {
                self.wrong_type(key, "a list of tables", v);
                Vec::new()
            }
        }
    }

    /// The raw value of a key, marking it used.
    pub fn raw(&mut self, key: &'a str) -> Option<&'a Value> {
        self.get(key)
    }

    /// Keys present in the table but not read, in table order.
    pub fn unused(&self) -> Vec<(&'a str, &'a Value)> {
        self.table
            .iter()
            .filter(|(k, _)| !self.used.contains(k.as_str()))
            .map(|(k, v)| (k.as_str(), v))
            .collect()
    }

    /// The file being read.
    pub fn file(&self) -> &'a SourceFile {
        self.file
    }
}

/// Where an unquoted list item written as `shown` sits in a one-line list
/// (`[1, "a"]`): the first occurrence between separators, outside quotes.
fn find_item(list: &str, shown: &str) -> Option<Range<usize>> {
    let mut in_quote = None;
    let mut start = None;
    for (i, c) in list.char_indices().chain(std::iter::once((list.len(), ','))) {
        match (in_quote, c) {
            (Some(q), c) if c == q => in_quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => in_quote = Some(c),
            (None, '[' | ',' | ']') => {
                if let Some(s) = start.take() {
                    let item: &str = &list[s..i];
                    let lead = item.len() - item.trim_start().len();
                    if item.trim() == shown {
                        return Some(s + lead..s + lead + shown.len());
                    }
                }
                start = Some(i + c.len_utf8());
            }
            (None, _) => {}
        }
    }
    None
}

/// A scalar value shown as text in an infobox; `None` for tables and arrays of tables.
pub fn display_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Boolean(b) => Some(b.to_string()),
        Value::Datetime(d) => Some(d.to_string()),
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items.iter().map(display_value).collect();
            parts.map(|p| p.join(", "))
        }
        Value::Table(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_toml_and_yaml() {
        let text = "+++\ntitle = \"a\"\n+++\nbody\n";
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(&text[s.front.clone()], "title = \"a\"\n");
        assert_eq!(&text[s.body.clone()], "body\n");
        let text = "---\ntitle: a\n---\n";
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(&text[s.body], "");
    }

    #[test]
    fn split_errors() {
        assert_eq!(split("no fences"), Err(SplitError::Missing));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unclosed(Format::Toml)));
        assert_eq!(split("---"), Err(SplitError::Unclosed(Format::Yaml)));
        assert_eq!(split(""), Err(SplitError::Missing));
    }

    #[test]
    fn dates_accept_both_forms() {
        assert_eq!(parse_date("2023-04-10"), NaiveDate::from_ymd_opt(2023, 4, 10));
        assert_eq!(parse_date("2023-04-10T08:00:00+07:00"), NaiveDate::from_ymd_opt(2023, 4, 10));
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("10/4/2023"), None);
    }

    proptest! {
        #[test]
        fn split_is_lossless(front in "[a-z =\"0-9\n]{0,40}", body in "\\PC{0,60}") {
            let front = front.replace("+++", "");
            let front = if front.is_empty() || front.ends_with('\n') { front } else { format!("{front}\n") };
            let front: String = front.lines().filter(|l| l.trim_end() != "+++").map(|l| format!("{l}\n")).collect();
            let text = format!("+++\n{front}+++\n{body}");
            let s = split(&text).unwrap();
            let rejoined = format!("+++\n{}+++\n{}", &text[s.front.clone()], &text[s.body.clone()]);
            prop_assert_eq!(rejoined, text);
        }

        #[test]
        fn yaml_depth_guard_ignores_quotes_and_comments(n in 0usize..300) {
            let deep = format!("x: {}", "[".repeat(n));
            prop_assert_eq!(yaml_flow_too_deep(&deep, 128).is_some(), n > 128);
            let quoted = format!("x: \"{}\" # {}", "[".repeat(n), "{".repeat(n));
            prop_assert_eq!(yaml_flow_too_deep(&quoted, 128), None);
        }

        #[test]
        fn split_never_panics(text in "\\PC{0,80}") {
            let _ = split(&text);
        }
    }
}
