//! The theme: Tera templates and static files embedded at compile time,
//! overridden by same-named files in the site's `templates/` and `static/`.

use tera::Tera;

use crate::diag::Diagnostic;

/// Default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    ("claim.html", include_str!("../../templates/claim.html")),
    ("claims.html", include_str!("../../templates/claims.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Default static files, by path under the output root.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("static/style.css", include_bytes!("../../static/style.css")),
    ("static/factbook.js", include_bytes!("../../static/factbook.js")),
];

/// Builds the template set: defaults, then the site's overrides and additions.
pub fn build_tera(overrides: &[(String, String)]) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    let mut all: Vec<(String, String)> = DEFAULT_TEMPLATES
        .iter()
        .filter(|(name, _)| !overrides.iter().any(|(n, _)| n == name))
        .map(|(n, s)| ((*n).to_string(), (*s).to_string()))
        .collect();
    all.extend(overrides.iter().cloned());
    tera.add_raw_templates(all).map_err(|e| template_error(&e))?;
    Ok(tera)
}

/// Warnings for the site's templates that no page uses: a name that is
/// neither a default template's, nor `entity-<kind>.html` of a kind, nor
/// named by another template (`extends`, `include`, `import`) is most likely
/// misspelt (`artcle.html`), and would otherwise be ignored without a word.
pub fn unused_overrides(overrides: &[(String, String)], kinds: &[&str]) -> Vec<Diagnostic> {
    let mut known: Vec<String> = DEFAULT_TEMPLATES.iter().map(|(n, _)| (*n).to_string()).collect();
    known.extend(kinds.iter().map(|k| format!("entity-{k}.html")));
    let named_by_others = |name: &str| {
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        overrides
            .iter()
            .any(|(other, text)| other != name && quoted.iter().any(|q| text.contains(q.as_str())))
    };
    overrides
        .iter()
        .filter(|(name, _)| !known.contains(name) && !named_by_others(name))
        .map(|(name, _)| {
            let help = crate::diag::did_you_mean(name, &known).unwrap_or_else(|| {
                format!(
                    "templates override one of {}",
                    DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                )
            });
            Diagnostic::warning(
                "unknown-template",
                None,
                format!(
                    "templates/{name} is not a template factbook renders, and no template uses it"
                ),
            )
            .with_help(help)
        })
        .collect()
}

/// A Tera error with its whole cause chain as one diagnostic.
pub fn template_error(e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error("template-error", None, msg)
        .with_help("fix the template named above (in the site's templates/ folder)")
}
