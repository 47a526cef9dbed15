//! The theme: Tera templates and static files embedded at compile time,
//! overridden by same-named files in the site's `templates/` and `static/`.
//!
//! A site's templates are source files like its content: a broken one is a
//! diagnostic at `templates/<name>:line:col`. Parse errors carry their line
//! and column; filters, tests and functions that do not exist are found when
//! the templates load (a walk over each override's syntax tree), not when a
//! page first needs them.

use tera::Tera;
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;

/// Default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
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

/// Escapes template output for HTML text and double-quoted attributes.
///
/// Tera's default also turns `/` into `&#x2F;`, which every URL is full of;
/// that protects nothing in a quoted attribute or in text, bloats pages and
/// breaks tools that read the HTML without decoding it. Every attribute in
/// the theme is double-quoted, so `& < > " '` are the characters that matter.
fn escape_output(s: &str) -> String {
    super::markdown::escape(s)
}

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
    for (name, file) in overrides {
        if let Err(e) = tera::Template::new(name, None, &file.text) {
            problems.push(parse_error(file, &e));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_output);
    let mut all: Vec<(&str, &str)> = DEFAULT_TEMPLATES
        .iter()
        .filter(|(name, _)| !overrides.iter().any(|(n, _)| n == name))
        .copied()
        .collect();
    all.extend(overrides.iter().map(|(n, f)| (n.as_str(), &*f.text)));
    if let Err(e) = tera.add_raw_templates(all) {
        return Err(vec![template_error(&e, overrides)]);
    }
    for (name, file) in overrides {
        if let Some(t) = tera.templates.get(name) {
            let mut missing = Vec::new();
            unknown_names(&tera, &t.ast, &mut missing);
            for t in t.macros.values() {
                unknown_names(&tera, &t.body, &mut missing);
            }
            problems.extend(missing.into_iter().map(|m| m.diagnostic(file)));
        }
    }
    if problems.is_empty() { Ok(tera) } else { Err(problems) }
}

/// A filter, test or function a template uses that Tera does not have.
struct Missing {
    what: &'static str,
    name: String,
    known: Vec<String>,
}

impl Missing {
    fn diagnostic(&self, file: &SourceFile) -> Diagnostic {
        // Not found in the text (written in an unusual way): the file's start.
        let range = find_use(&file.text, self.what, &self.name).unwrap_or(0..0);
        let d = Diagnostic::error(
            "template-error",
            Some(Span::new(file.id, range)),
            format!("unknown {} `{}` in template {}", self.what, self.name, file.rel_path),
        );
        let mut known = self.known.clone();
        known.sort();
        let help = crate::diag::did_you_mean(&self.name, &known)
            .unwrap_or_else(|| format!("see Tera's list of built-in {}s", self.what));
        d.with_help(help)
    }
}

/// Where `name` is used as a `what` in a template's text: after `|` for a
/// filter, after `is` for a test, before `(` for a function.
fn find_use(text: &str, what: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(name)).map(|i| i + from) {
        let end = i + name.len();
        from = end;
        let before = text[..i].trim_end();
        let after = text[end..].trim_start();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !boundary(text[..i].chars().next_back()) || !boundary(text[end..].chars().next()) {
            continue;
        }
        let fits = match what {
            "filter" => before.ends_with('|') || before.ends_with("filter"),
            "test" => before.ends_with(" is") || before.ends_with(" not"),
            _ => after.starts_with('('),
        };
        if fits {
            return Some(i..end);
        }
    }
    None
}

/// Collects every filter, test and function `nodes` use that `tera` lacks.
fn unknown_names(tera: &Tera, nodes: &[Node], out: &mut Vec<Missing>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => expr_names(tera, e, out),
            Node::MacroDefinition(_, m, _) => unknown_names(tera, &m.body, out),
            Node::Set(_, s) => expr_names(tera, &s.value, out),
            Node::FilterSection(_, f, _) => {
                filter_names(tera, std::slice::from_ref(&f.filter), out);
                unknown_names(tera, &f.body, out);
            }
            Node::Block(_, b, _) => unknown_names(tera, &b.body, out),
            Node::Forloop(_, f, _) => {
                expr_names(tera, &f.container, out);
                unknown_names(tera, &f.body, out);
                if let Some(body) = &f.empty_body {
                    unknown_names(tera, body, out);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    expr_names(tera, cond, out);
                    unknown_names(tera, body, out);
                }
                if let Some((_, body)) = &i.otherwise {
                    unknown_names(tera, body, out);
                }
            }
            _ => {}
        }
    }
}

fn filter_names(tera: &Tera, filters: &[FunctionCall], out: &mut Vec<Missing>) {
    for f in filters {
        // `safe` is handled by the renderer itself, not registered as a filter.
        if f.name != "safe" && !tera.filters.contains_key(&f.name) {
            out.push(Missing {
                what: "filter",
                name: f.name.clone(),
                known: tera.filters.keys().cloned().collect(),
            });
        }
        for a in f.args.values() {
            expr_names(tera, a, out);
        }
    }
}

fn expr_names(tera: &Tera, e: &Expr, out: &mut Vec<Missing>) {
    filter_names(tera, &e.filters, out);
    match &e.val {
        ExprVal::Math(m) => {
            expr_names(tera, &m.lhs, out);
            expr_names(tera, &m.rhs, out);
        }
        ExprVal::Logic(l) => {
            expr_names(tera, &l.lhs, out);
            expr_names(tera, &l.rhs, out);
        }
        ExprVal::In(i) => {
            expr_names(tera, &i.lhs, out);
            expr_names(tera, &i.rhs, out);
        }
        ExprVal::Test(t) => {
            if !tera.testers.contains_key(&t.name) {
                out.push(Missing {
                    what: "test",
                    name: t.name.clone(),
                    known: tera.testers.keys().cloned().collect(),
                });
            }
            t.args.iter().for_each(|a| expr_names(tera, a, out));
        }
        ExprVal::FunctionCall(f) => {
            if !tera.functions.contains_key(&f.name) {
                out.push(Missing {
                    what: "function",
                    name: f.name.clone(),
                    known: tera.functions.keys().cloned().collect(),
                });
            }
            f.args.values().for_each(|a| expr_names(tera, a, out));
        }
        ExprVal::MacroCall(m) => m.args.values().for_each(|a| expr_names(tera, a, out)),
        ExprVal::Array(items) => items.iter().for_each(|a| expr_names(tera, a, out)),
        _ => {}
    }
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

/// A parse error of one override, at the line and column Tera's parser
/// reports (`--> 3:15` in its message), with the parser's expectation.
fn parse_error(file: &SourceFile, e: &tera::Error) -> Diagnostic {
    let msgs = chain(e);
    let detail = msgs.last().map_or("", String::as_str);
    let pos = detail.lines().find_map(|l| {
        let (line, col) = l.trim_start().strip_prefix("--> ")?.split_once(':')?;
        Some((line.trim().parse::<usize>().ok()?, col.trim().parse::<usize>().ok()?))
    });
    let expected = detail
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| detail.lines().next().unwrap_or("").to_string());
    let offset = pos.map_or(0, |(line, col)| offset_of(file, line, col));
    Diagnostic::error(
        "template-error",
        Some(Span::new(file.id, offset..offset)),
        format!("cannot parse template {}: {expected}", file.rel_path),
    )
    .with_help("fix the template syntax here (see Tera's documentation)")
}

/// Byte offset of a 1-based line and column (in characters).
fn offset_of(file: &SourceFile, line: usize, col: usize) -> usize {
    let start = file.line_start(line);
    let text = file.line_text(line);
    start + text.char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(i, _)| i)
}

/// A Tera error with its whole cause chain as one diagnostic, located in
/// the override it names when there is one (at the first use of the name
/// the innermost message quotes, else at its first line). Errors in the
/// embedded defaults have no file: they are bugs of factbook itself.
pub fn template_error(e: &tera::Error, overrides: &[(String, SourceFile)]) -> Diagnostic {
    let msgs = chain(e);
    let msg = msgs.join(": ");
    // The parts of a message between pairs of `quote`.
    let quoted = |m: &str, quote: char| -> Vec<String> {
        m.split(quote).skip(1).step_by(2).map(String::from).collect()
    };
    let names: Vec<String> = msgs.iter().flat_map(|m| quoted(m, '\'')).collect();
    let inner = msgs.last().map(|m| quoted(m, '`')).unwrap_or_default();
    let mut candidates: Vec<&(String, SourceFile)> =
        overrides.iter().filter(|(n, _)| names.iter().any(|q| q == n)).collect();
    // The innermost message names the template that failed last; look there first.
    candidates.reverse();
    let located = candidates.iter().find_map(|(_, f)| {
        inner.iter().find_map(|ident| {
            // The whole path first (`article.titel`), else its first part.
            let key = ident.split(['.', '[']).next().unwrap_or(ident);
            [ident.as_str(), key]
                .into_iter()
                .filter(|k| !k.is_empty())
                .find_map(|k| f.text.find(k).map(|i| Span::new(f.id, i..i + k.len())))
        })
    });
    let span = located.or_else(|| candidates.first().map(|(_, f)| Span::new(f.id, 0..0)));
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
