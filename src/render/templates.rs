//! The theme: Tera templates and static files embedded at compile time,
//! overridden by same-named files in the site's `templates/` and `static/`.
//!
//! A site's templates are source files like its content: a broken one is a
//! diagnostic at `templates/<name>:line:col`. Tera checks the whole set when
//! it loads (syntax, and filters, tests, functions, components and includes
//! that do not exist), so a broken template is reported before any page is
//! rendered, whichever pages use it; every problem of every override is
//! reported together.

use tera::{ErrorKind, Tera};

use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;

/// Default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("components.html", include_str!("../../templates/components.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    ("claim.html", include_str!("../../templates/claim.html")),
    ("claims.html", include_str!("../../templates/claims.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Default static files, by path under the output root.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("static/style.css", include_bytes!("../../static/style.css")),
    ("static/factbook.js", include_bytes!("../../static/factbook.js")),
    ("static/search.js", include_bytes!("../../static/search.js")),
];

/// Filters, tests and functions Tera has built in, for "did you mean" (Tera
/// does not list them; `builtin_names_are_known_to_tera` keeps this true).
const FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "capitalize",
    "title",
    "replace",
    "trim",
    "trim_start",
    "trim_end",
    "truncate",
    "newlines_to_br",
    "indent",
    "escape_html",
    "escape_xml",
    "pluralize",
    "int",
    "float",
    "str",
    "split",
    "abs",
    "round",
    "length",
    "reverse",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];
const TESTS: &[&str] = &[
    "string",
    "number",
    "map",
    "bool",
    "array",
    "integer",
    "float",
    "none",
    "iterable",
    "defined",
    "undefined",
    "odd",
    "even",
    "divisible_by",
    "starting_with",
    "ending_with",
    "containing",
];
const FUNCTIONS: &[&str] = &["range", "throw"];

/// Warnings for the site's templates that no page uses: a name that is
/// neither a default template's, nor `entity-<kind>.html` of a kind, nor
/// named by another template (`extends`, `include`, `import`) is most likely
/// misspelt (`artcle.html`), and would otherwise be ignored without a word.
pub fn unused_overrides(overrides: &[(String, SourceFile)], kinds: &[&str]) -> Vec<Diagnostic> {
    let mut known: Vec<String> = DEFAULT_TEMPLATES.iter().map(|(n, _)| (*n).to_string()).collect();
    known.extend(kinds.iter().map(|k| format!("entity-{k}.html")));
    let named_by_others = |name: &str| {
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        overrides
            .iter()
            .any(|(other, f)| other != name && quoted.iter().any(|q| f.text.contains(q.as_str())))
    };
    overrides
        .iter()
        .filter(|(name, _)| !known.contains(name) && !named_by_others(name))
        .map(|(name, file)| {
            let help = crate::diag::did_you_mean(name, &known).unwrap_or_else(|| {
                format!(
                    "templates override one of {}",
                    DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                )
            });
            Diagnostic::warning(
                "unknown-template",
                Some(Span::new(file.id, 0..0)),
                format!(
                    "templates/{name} is not a template factbook renders, and no template uses it"
                ),
            )
            .with_help(help)
        })
        .collect()
}

/// Builds the template set: defaults, then the site's overrides and
/// additions (`(name, file)`, the name relative to `templates/`). Every
/// problem found is returned, each located in its file.
pub fn build_tera(overrides: &[(String, SourceFile)]) -> Result<Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    // Tera stops at the first template that does not parse: report it, set
    // it aside (its default stands in) and load again, so that every broken
    // override is reported at once.
    let mut broken: Vec<&str> = Vec::new();
    loop {
        let mut tera = Tera::default();
        // `& < > " '` only: every attribute in the theme is double-quoted, so
        // `/` and `=` stay as written and URLs stay plain (see
        // `template_values_in_attributes_are_double_quoted`).
        tera.set_escape_fn(super::markdown::escape_to);
        let usable = overrides.iter().filter(|(n, _)| !broken.contains(&n.as_str()));
        let mut all: Vec<(&str, &str)> = DEFAULT_TEMPLATES
            .iter()
            .filter(|(name, _)| !usable.clone().any(|(n, _)| n == name))
            .copied()
            .collect();
        all.extend(usable.map(|(n, f)| (n.as_str(), &*f.text)));
        let Err(e) = tera.add_raw_templates(all) else {
            return if problems.is_empty() { Ok(tera) } else { Err(problems) };
        };
        let ErrorKind::SyntaxError(report) = e.kind() else {
            problems.extend(diagnostics(&e, overrides));
            return Err(problems);
        };
        problems.push(located(
            report.message(),
            report.filename(),
            &report.span().range,
            overrides,
        ));
        match overrides.iter().find(|(n, _)| n == report.filename()) {
            Some((name, _)) => broken.push(name),
            // A default template that does not parse: a bug of factbook itself.
            None => return Err(problems),
        }
    }
}

/// One diagnostic per problem a Tera error reports. Load-time checks come
/// as one message of several reports (`error: ...` then ` --> name:line:col`).
fn diagnostics(e: &tera::Error, overrides: &[(String, SourceFile)]) -> Vec<Diagnostic> {
    if let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = e.kind() {
        return vec![located(r.message(), r.filename(), &r.span().range, overrides)];
    }
    let text = chain(e).join(": ");
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        let locus = lines.peek().and_then(|l| l.trim_start().strip_prefix("--> ")).and_then(|l| {
            let mut parts = l.rsplitn(3, ':');
            let col = parts.next()?.parse::<usize>().ok()?;
            let line = parts.next()?.parse::<usize>().ok()?;
            Some((parts.next()?.to_string(), line, col))
        });
        let d = match locus {
            Some((name, line, col)) => match overrides.iter().find(|(n, _)| *n == name) {
                Some((_, file)) => {
                    let at = offset_of(file, line, col);
                    located(message, &name, &(at..at + word_len(&file.text[at..])), overrides)
                }
                None => located(message, &name, &(0..0), overrides),
            },
            None => Diagnostic::error("template-error", None, message.to_string()),
        };
        out.push(d);
    }
    if out.is_empty() {
        out.push(template_error(e, overrides));
    }
    out
}

/// Length of the name that starts `text` (what an unknown-name report points at).
fn word_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(text.len())
}

/// A problem Tera found at `range` of template `name`: located in the
/// site's override of that name, with a "did you mean" for unknown names.
/// Problems in the embedded defaults have no file: they are bugs of factbook.
fn located(
    message: &str,
    name: &str,
    range: &std::ops::Range<usize>,
    overrides: &[(String, SourceFile)],
) -> Diagnostic {
    let file = overrides.iter().find(|(n, _)| n == name).map(|(_, f)| f);
    let unknown =
        ["filter", "test", "function", "component", "template"].into_iter().find_map(|what| {
            let rest = message.strip_prefix(&format!("Unknown {what} `"))?;
            Some((what, rest.strip_suffix('`')?))
        });
    let where_ = file.map_or_else(|| name.to_string(), |f| f.rel_path.clone());
    let (message, help) = match unknown {
        Some((what, wanted)) => {
            let known: &[&str] = match what {
                "filter" => FILTERS,
                "test" => TESTS,
                "function" => FUNCTIONS,
                _ => &[],
            };
            let help = crate::diag::did_you_mean(wanted, known)
                .unwrap_or_else(|| format!("see Tera's list of built-in {what}s"));
            (format!("unknown {what} `{wanted}` in template {where_}"), help)
        }
        None => (
            format!("{message} (template {where_})"),
            "fix the template named above (in the site's templates/ folder)".to_string(),
        ),
    };
    let span = file.map(|f| {
        let start = range.start.min(f.text.len());
        Span::new(f.id, start..range.end.clamp(start, f.text.len()))
    });
    Diagnostic::error("template-error", span, message).with_help(help)
}

/// Every message in a Tera error's cause chain, outermost first.
fn chain(e: &tera::Error) -> Vec<String> {
    let mut msgs = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msgs.push(s.to_string());
        source = s.source();
    }
    msgs
}

/// Byte offset of a 1-based line and column (in characters).
fn offset_of(file: &SourceFile, line: usize, col: usize) -> usize {
    let start = file.line_start(line);
    let text = file.line_text(line);
    start + text.char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(i, _)| i)
}

/// A Tera error met while rendering, as one diagnostic located in the
/// override it names (errors in the embedded defaults have no file).
pub fn template_error(e: &tera::Error, overrides: &[(String, SourceFile)]) -> Diagnostic {
    if let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = e.kind() {
        return located(r.message(), r.filename(), &r.span().range, overrides);
    }
    let msg = chain(e).join(": ");
    let span = overrides
        .iter()
        .find(|(n, _)| msg.contains(&format!("'{n}'")) || msg.contains(&format!("`{n}`")))
        .map(|(_, f)| Span::new(f.id, 0..0));
    Diagnostic::error("template-error", span, msg)
        .with_help("fix the template named above (in the site's templates/ folder)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, SourceMap, THEME_FILE_BASE};

    fn file(name: &str, text: &str) -> (String, SourceFile) {
        let f = SourceFile::new(
            FileId(THEME_FILE_BASE),
            format!("/site/templates/{name}").into(),
            format!("templates/{name}"),
            text,
        );
        (name.to_string(), f)
    }

    fn rendered(overrides: &[(String, SourceFile)]) -> String {
        let sources = SourceMap::with(overrides[0].1.clone());
        match build_tera(overrides) {
            Ok(_) => String::new(),
            Err(ds) => ds.iter().map(|d| d.render(&sources)).collect(),
        }
    }

    #[test]
    fn parse_error_in_override_is_located_with_its_line() {
        let o = [file(
            "article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }</h1>\n{% endblock content %}\n",
        )];
        let out = rendered(&o);
        assert!(out.starts_with("templates/article.html:3:"), "{out}");
        assert!(out.contains("<h1>{{ article.title }</h1>"), "{out}");
    }

    #[test]
    fn unknown_filter_is_found_at_load() {
        let o = [file(
            "article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title | uper }}</h1>\n{% endblock content %}\n",
        )];
        let out = rendered(&o);
        assert!(out.starts_with("templates/article.html:3:24: error[template-error]"), "{out}");
        assert!(out.contains("unknown filter `uper`"), "{out}");
        assert!(out.contains("upper"), "suggests the near name: {out}");
    }

    #[test]
    fn unknown_test_and_function_are_found() {
        let o = [file("list.html", "{% if x is nonsense %}{{ nofunc(a=1) }}{% endif %}")];
        let out = rendered(&o);
        assert!(out.contains("unknown test `nonsense`"), "{out}");
        assert!(out.contains("unknown function `nofunc`"), "{out}");
    }

    #[test]
    fn every_broken_override_is_reported_at_once() {
        let o = [
            file(
                "article.html",
                "{% extends \"base.html\" %}\n{% block content %}{{ x }{% endblock content %}",
            ),
            file(
                "entity.html",
                "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}",
            ),
            file(
                "list.html",
                "{% extends \"base.html\" %}\n{% block content %}{{ x | nope }}{% endblock content %}",
            ),
        ];
        let Err(ds) = build_tera(&o) else { panic!("three broken templates load") };
        let files: Vec<_> = ds.iter().map(|d| d.span.as_ref().map(|s| s.file)).collect();
        assert_eq!(ds.len(), 3, "{ds:?}");
        assert!(files.iter().all(Option::is_some), "each located: {ds:?}");
    }

    #[test]
    fn builtin_names_are_known_to_tera() {
        for f in FILTERS {
            let mut t = Tera::default();
            assert!(t.add_raw_template("t.html", &format!("{{{{ x | {f} }}}}")).is_ok(), "{f}");
        }
        for name in TESTS {
            let mut t = Tera::default();
            let src = format!("{{% if x is {name} %}}{{% endif %}}");
            assert!(t.add_raw_template("t.html", &src).is_ok(), "{name}");
        }
        for f in FUNCTIONS {
            let mut t = Tera::default();
            assert!(t.add_raw_template("t.html", &format!("{{{{ {f}() }}}}")).is_ok(), "{f}");
        }
    }

    /// The escaper leaves `/`, `=` and spaces alone, which is safe only inside
    /// double-quoted attributes: no default template writes a value any other way.
    #[test]
    fn template_values_in_attributes_are_double_quoted() {
        for (name, text) in DEFAULT_TEMPLATES {
            assert!(!text.contains("={{") && !text.contains("= {{"), "{name}: unquoted attribute");
            assert!(!text.contains("='"), "{name}: single-quoted attribute");
        }
    }

    #[test]
    fn urls_are_not_entity_escaped() {
        let mut tera = build_tera(&[]).expect("defaults compile");
        tera.add_raw_template("t.html", "<a href=\"{{ u }}\">{{ s }}</a>").expect("parses");
        let mut ctx = tera::Context::new();
        ctx.insert("u", "../companies/a.html?x=1&y=2");
        ctx.insert("s", "<b>\"q\" 'a'</b>");
        let out = tera.render("t.html", &ctx).expect("renders");
        assert_eq!(
            out,
            "<a href=\"../companies/a.html?x=1&amp;y=2\">&lt;b&gt;&quot;q&quot; &#39;a&#39;&lt;/b&gt;</a>"
        );
    }
}
