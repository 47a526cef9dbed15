//! Parses an entity file (`content/<kind>/<slug>.md`) into [`Entity`].

use toml::Value;

use super::front_matter::{Fields, display_value};
#[cfg(test)]
use crate::diag::Diagnostics;
use crate::diag::{Diagnostic, Span};
use crate::model::{Alias, Entity, RelationSpec, Slug, SlugRef};
use crate::source::SourceFile;

/// Keys with a meaning of their own; every other key becomes an infobox row.
const KNOWN: &[&str] =
    &["name", "aliases", "maker", "affiliation", "role", "relations", "draft", "slug"];

/// Parses one entity; `None` when its required keys are missing or unusable.
pub(super) fn parse_entity(
    file: &SourceFile,
    kind: &str,
    slug: Slug,
    fields: &mut Fields<'_>,
    body: std::ops::Range<usize>,
) -> Option<Entity> {
    let name = fields.required_text("name", "an entity")?;
    let name_span = fields.value_span("name", &name);
    let aliases = parse_aliases(fields);
    let maker = slug_ref(fields, "maker");
    let affiliation = slug_ref(fields, "affiliation");
    let role = fields.text("role");
    let relations = parse_relations(fields);
    let mut facts = Vec::new();
    for (key, value) in fields.unused() {
        if KNOWN.contains(&key) {
            continue;
        }
        match display_value(value) {
            Some(text) => facts.push((key.to_string(), text)),
            None => {
                let span = fields.key_span(key);
                fields.diags.push(
                    Diagnostic::warning(
                        "ignored-key",
                        Some(span),
                        format!("`{key}` is a table and cannot be shown in the infobox"),
                    )
                    .with_help("use a string, number, date or list of them"),
                );
            }
        }
    }
    Some(Entity {
        kind: kind.to_string(),
        slug,
        name,
        aliases,
        facts,
        maker,
        affiliation,
        role,
        relations,
        body: crate::model::Body::new(file.text.clone(), body.clone()),
        body_offset: body.start,
        file: file.id,
        hash: file.hash,
        name_span,
    })
}

fn parse_aliases(fields: &mut Fields<'_>) -> Vec<Alias> {
    let Some(value) = fields.raw("aliases") else { return Vec::new() };
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::String(s) if !s.trim().is_empty() => {
                let span = fields.value_span("aliases", s.trim());
                out.push(Alias { text: s.trim().to_string(), case_sensitive: true, span })
            }
            Value::Table(t) => match t.get("name").and_then(Value::as_str) {
                Some(name) if !name.trim().is_empty() => {
                    let case_sensitive =
                        t.get("case-sensitive").and_then(Value::as_bool).unwrap_or(true);
                    let span = fields.value_span("aliases", name.trim());
                    out.push(Alias { text: name.trim().to_string(), case_sensitive, span });
                }
                _ => {
                    let span = fields.key_span("aliases");
                    fields.diags.push(
                        Diagnostic::error(
                            "wrong-type",
                            Some(span),
                            "an alias table needs a `name` string",
                        )
                        .with_help("write `{ name = \"openai\", case-sensitive = false }`"),
                    );
                }
            },
            other => {
                let span = fields.key_span("aliases");
                fields.diags.push(
                    Diagnostic::error("wrong-type", Some(span), format!("aliases must be strings or tables, found {}", other.type_str()))
                        .with_help("write `aliases = [\"Open AI\", { name = \"openai\", case-sensitive = false }]`"),
                );
            }
        }
    }
    out
}

/// A slug-valued key as an unresolved reference with its span.
pub(super) fn slug_ref(fields: &mut Fields<'_>, key: &'static str) -> Option<SlugRef> {
    let slug = fields.text(key)?;
    let span = fields.value_span(key, &slug);
    Some(SlugRef { slug, span })
}

fn parse_relations(fields: &mut Fields<'_>) -> Vec<RelationSpec> {
    let tables = fields.tables("relations");
    let mut out = Vec::new();
    for t in tables {
        let kind = t.get("type").and_then(Value::as_str).map(str::trim);
        let target = t.get("target").and_then(Value::as_str).map(str::trim);
        match (kind, target) {
            (Some(kind), Some(target)) if !kind.is_empty() && !target.is_empty() => {
                let span = fields.value_span("relations", target);
                let since = t.get("since").and_then(display_value);
                out.push(RelationSpec {
                    kind: crate::model::slugify(kind),
                    target: SlugRef { slug: target.to_string(), span },
                    since,
                });
            }
            _ => {
                let span: Span = fields.key_span("relations");
                fields.diags.push(
                    Diagnostic::error(
                        "invalid-relation",
                        Some(span),
                        "a relation needs `type` and `target` strings",
                    )
                    .with_help(
                        "write `{ type = \"invests-in\", target = \"openai\", since = 2019 }`",
                    ),
                );
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) fn parse_for_test(text: &str, kind: &str, slug: &str) -> (Option<Entity>, Diagnostics) {
    use super::front_matter::{parse_table, split};
    let file = SourceFile::new(
        crate::source::FileId(0),
        "/s/x.md".into(),
        format!("content/{kind}/{slug}.md"),
        text,
    );
    let mut diags = Diagnostics::default();
    let s = split(&file.text).expect("test input has front matter");
    let table = parse_table(&file, &s).expect("test input parses");
    let mut fields = Fields::new(&table, &file, s.front.clone(), &mut diags);
    let e = parse_entity(&file, kind, Slug::new(slug).expect("valid"), &mut fields, s.body.clone());
    (e, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_relations_and_facts() {
        let (e, d) = parse_for_test(
            "+++\nname = \"OpenAI\"\naliases = [\"OpenAI LP\", { name = \"open ai\", case-sensitive = false }]\nfounded = 2015\nrelations = [{ type = \"competes-with\", target = \"google\", since = 2023 }]\n+++\nLab.\n",
            "companies",
            "openai",
        );
        assert!(d.is_empty(), "{d:?}");
        let e = e.unwrap();
        assert_eq!(e.aliases.len(), 2);
        assert!(!e.aliases[1].case_sensitive);
        assert_eq!(e.facts, vec![("founded".to_string(), "2015".to_string())]);
        assert_eq!(e.relations[0].target.slug, "google");
        assert_eq!(e.relations[0].since.as_deref(), Some("2023"));
        assert_eq!(&*e.body, "Lab.\n");
    }

    #[test]
    fn missing_name_is_an_error() {
        let (e, d) = parse_for_test("+++\nwebsite = \"x\"\n+++\n", "companies", "x");
        assert!(e.is_none());
        assert!(d.has_errors());
    }
}
