//! Parses an article file (`content/articles/**/*.md`) into [`Article`].

use std::ops::Range;

use toml::Value;

use super::entity::slug_ref;
use super::front_matter::{Fields, parse_date};
#[cfg(test)]
use crate::diag::Diagnostics;
use crate::diag::{Diagnostic, Span};
use crate::i18n::Lang;
use crate::model::{Article, Attribution, ClaimSpec, Slug, SlugRef};
use crate::source::SourceFile;

const KNOWN: &[&str] = &[
    "title",
    "date",
    "summary",
    "language",
    "authors",
    "tags",
    "draft",
    "source",
    "claims",
    "slug",
    "description",
];
const CLAIM_KEYS: &[&str] = &[
    "id",
    "subject",
    "metric",
    "value",
    "currency",
    "qualifier",
    "period",
    "counterparty",
    "metric-detail",
    "according-to",
    "quote",
    "note",
];

/// What parsing an article produced.
pub enum Parsed {
    /// A publishable article.
    Article(Box<Article>),
    /// `draft = true`: valid but not published.
    Draft,
    /// Unusable; errors were reported.
    Invalid,
}

/// Parses one article; `site_lang` is the default for `language`.
pub(super) fn parse_article(
    file: &SourceFile,
    slug: Slug,
    fields: &mut Fields<'_>,
    front: Range<usize>,
    body: Range<usize>,
    site_lang: Lang,
) -> Parsed {
    let title = fields.required_text("title", "an article");
    let date = fields.date("date");
    if date.is_none() && fields.raw("date").is_none() {
        let span = fields.missing_span();
        fields.diags.push(
            Diagnostic::error("missing-key", Some(span), "an article needs `date`")
                .with_help("add `date = 2023-04-20` to the front matter"),
        );
    }
    let summary = fields.text("summary").or_else(|| fields.text("description"));
    let language = match fields.text("language") {
        None => site_lang,
        Some(code) => Lang::parse(&code).unwrap_or_else(|| {
            let span = fields.value_span("language", &code);
            fields.diags.push(
                Diagnostic::warning(
                    "unknown-language",
                    Some(span),
                    format!("unsupported language \"{code}\""),
                )
                .with_help("use \"vi\" or \"en\""),
            );
            site_lang
        }),
    };
    let authors = fields.texts("authors");
    let tags = fields.texts("tags");
    let draft = fields.flag("draft").unwrap_or(false);
    let source = parse_source(fields);
    let claims = parse_claims(fields, file, front.clone());
    for (key, _) in fields.unused() {
        if !KNOWN.contains(&key) {
            let span = fields.key_span(key);
            let help = crate::diag::did_you_mean(key, KNOWN)
                .unwrap_or_else(|| "remove it or move it into the body".into());
            fields.diags.push(
                Diagnostic::warning(
                    "unknown-key",
                    Some(span),
                    format!("unknown article key `{key}`"),
                )
                .with_help(help),
            );
        }
    }
    let (Some(title), Some(date)) = (title, date) else { return Parsed::Invalid };
    if draft {
        return Parsed::Draft;
    }
    Parsed::Article(Box::new(Article {
        slug,
        title,
        date,
        summary,
        language,
        authors,
        tags,
        source,
        claims,
        body: crate::model::Body::new(file.text.clone(), body.clone()),
        body_offset: body.start,
        file: file.id,
        hash: file.hash,
    }))
}

fn parse_source(fields: &mut Fields<'_>) -> Option<Attribution> {
    match fields.raw("source")? {
        Value::String(name) => Some(Attribution { name: name.clone(), url: None, published: None }),
        Value::Table(t) => {
            for key in ["name", "url"] {
                if let Some(v) = t.get(key).filter(|v| !v.is_str()) {
                    let shown = super::front_matter::display_value(v).unwrap_or_default();
                    let span = fields.value_span("source", &shown);
                    fields.diags.push(
                        Diagnostic::error(
                            "wrong-type",
                            Some(span),
                            format!("`source.{key}` must be a string, found {}", v.type_str()),
                        )
                        .with_help(format!("quote it: {key} = \"{shown}\"")),
                    );
                }
            }
            let name = t.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            let url = t.get("url").and_then(Value::as_str).map(str::to_string);
            let published = t.get("published").and_then(|v| match v {
                Value::Datetime(d) => parse_date(&d.to_string()),
                Value::String(s) => parse_date(s),
                _ => None,
            });
            if let Some(raw) = t.get("published")
                && published.is_none()
            {
                let span = match raw {
                    Value::String(s) => fields.value_span("source", s),
                    _ => fields.value_span_of("source"),
                };
                fields.diags.push(
                    Diagnostic::error(
                        "invalid-date",
                        Some(span),
                        "`source.published` is not a valid date",
                    )
                    .with_help("write dates as YYYY-MM-DD"),
                );
            }
            if let Some(url) = &url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                let span = fields.value_span("source", url);
                fields.diags.push(
                    Diagnostic::warning(
                        "invalid-url",
                        Some(span),
                        format!("source url \"{url}\" is not an http(s) URL"),
                    )
                    .with_help("use the full address, starting with https://"),
                );
            }
            Some(Attribution { name, url, published })
        }
        other => {
            let span = fields.key_span("source");
            fields.diags.push(
                Diagnostic::error("wrong-type", Some(span), format!("`source` must be a table, found {}", other.type_str()))
                    .with_help("write `source = { name = \"Fortune\", url = \"https://...\", published = 2023-04-10 }`"),
            );
            None
        }
    }
}

fn parse_claims(fields: &mut Fields<'_>, file: &SourceFile, front: Range<usize>) -> Vec<ClaimSpec> {
    let tables = fields.tables("claims");
    let headers = claim_starts(file, front.clone(), fields.key_span("claims").range.start);
    let mut out = Vec::new();
    for (i, table) in tables.into_iter().enumerate() {
        let (region, span) = match headers.get(i) {
            Some(&(start, len)) => (
                start..headers.get(i + 1).map_or(front.end, |&(next, _)| next),
                Span::new(file.id, start..start + len),
            ),
            None => (front.clone(), fields.key_span("claims")),
        };
        let mut f = Fields::new(table, file, region, fields.diags);
        let subject = slug_ref(&mut f, "subject");
        let metric = f.text("metric");
        let value = f.scalar_text("value");
        let mut missing = Vec::new();
        if subject.is_none() {
            missing.push("subject");
        }
        if metric.is_none() {
            missing.push("metric");
        }
        if value.is_none() {
            missing.push("value");
        }
        let spec = ClaimSpec {
            id: f.text("id"),
            subject: subject.unwrap_or(SlugRef { slug: String::new(), span: span.clone() }),
            metric: metric.map(|m| crate::model::slugify(&m)).unwrap_or_default(),
            value: value.unwrap_or_default(),
            currency: f.text("currency"),
            qualifier: f.text("qualifier"),
            period: f.scalar_text("period"),
            counterparty: slug_ref(&mut f, "counterparty"),
            metric_detail: f.text("metric-detail"),
            according_to: slug_ref(&mut f, "according-to"),
            quote: f.text("quote"),
            span: span.clone(),
            key_spans: CLAIM_KEYS
                .iter()
                .filter(|k| table.contains_key(**k))
                .map(|k| (*k, f.value_span_of(k)))
                .collect(),
        };
        for (key, _) in f.unused() {
            if !CLAIM_KEYS.contains(&key) {
                let kspan = f.key_span(key);
                let help = crate::diag::did_you_mean(key, CLAIM_KEYS)
                    .unwrap_or_else(|| "remove it".into());
                f.diags.push(
                    Diagnostic::warning(
                        "unknown-key",
                        Some(kspan),
                        format!("unknown claim key `{key}`"),
                    )
                    .with_help(help),
                );
            }
        }
        if !missing.is_empty() {
            f.diags.push(
                Diagnostic::error(
                    "invalid-claim",
                    Some(span),
                    format!("claim is missing {}", missing.join(", ")),
                )
                .with_help("a claim needs at least subject, metric and value"),
            );
            continue;
        }
        out.push(spec);
    }
    out
}

/// Where each claim table starts in the front matter, with the length of the
/// text to underline: `[[claims]]` headers in TOML, `- ` list items under
/// `claims:` in YAML. Empty when the claims are written inline.
fn claim_starts(file: &SourceFile, front: Range<usize>, key_at: usize) -> Vec<(usize, usize)> {
    let text = file.text.get(front.clone()).unwrap_or_default();
    let yaml = file.text.get(..front.start).unwrap_or_default().trim_end().ends_with("---");
    let mut out = Vec::new();
    let mut offset = front.start;
    // YAML: indentation of the items of the `claims:` list, once seen.
    let mut items: Option<usize> = None;
    let mut list_ended = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let at = offset;
        offset += line.len();
        if !yaml {
            if trimmed.trim_end() == "[[claims]]" {
                out.push((at + indent, "[[claims]]".len()));
            }
            continue;
        }
        if at <= key_at || list_ended || trimmed.trim().is_empty() {
            continue;
        }
        let is_item = trimmed.starts_with("- ") || trimmed.trim_end() == "-";
        match items {
            None if is_item => {
                items = Some(indent);
                out.push((at + indent, 1));
            }
            Some(i) if is_item && indent == i => out.push((at + indent, 1)),
            Some(i) if indent <= i => list_ended = true,
            None => list_ended = true,
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
pub(crate) fn parse_for_test(text: &str) -> (Parsed, Diagnostics) {
    use super::front_matter::{parse_table, split};
    let file = SourceFile::new(
        crate::source::FileId(0),
        "/s/a.md".into(),
        "content/articles/a.md".into(),
        text,
    );
    let mut diags = Diagnostics::default();
    let s = split(&file.text).expect("test input has front matter");
    let table = parse_table(&file, &s).expect("test input parses");
    let mut fields = Fields::new(&table, &file, s.front.clone(), &mut diags);
    let p = parse_article(
        &file,
        Slug::new("a").expect("valid"),
        &mut fields,
        s.front.clone(),
        s.body.clone(),
        Lang::Vi,
    );
    (p, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_article_with_claims() {
        let (p, d) = parse_for_test(
            "+++\ntitle = \"T\"\ndate = 2023-04-20\ntags = [\"ai\"]\nsource = { name = \"Fortune\", url = \"https://fortune.com\", published = 2023-04-10 }\n\n[[claims]]\nsubject = \"openai\"\nmetric = \"revenue\"\nvalue = \"35 triệu USD\"\nperiod = 2022\n+++\nBody\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let Parsed::Article(a) = p else { panic!("expected an article") };
        assert_eq!(a.claims.len(), 1);
        assert_eq!(a.claims[0].period.as_deref(), Some("2022"));
        assert_eq!(a.source.unwrap().published, chrono::NaiveDate::from_ymd_opt(2023, 4, 10));
    }

    #[test]
    fn yaml_article() {
        let (p, d) = parse_for_test(
            "---\ntitle: T\ndate: 2023-04-20\nauthors: [A, B]\ndraft: false\n---\nBody\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let Parsed::Article(a) = p else { panic!("expected an article") };
        assert_eq!(a.authors, ["A", "B"]);
    }

    #[test]
    fn drafts_are_not_published() {
        let (p, _) = parse_for_test("+++\ntitle = \"T\"\ndate = 2023-04-20\ndraft = true\n+++\n");
        assert!(matches!(p, Parsed::Draft));
    }

    #[test]
    fn claim_missing_metric_is_reported_and_skipped() {
        let (p, d) = parse_for_test(
            "+++\ntitle = \"T\"\ndate = 2023-04-20\n[[claims]]\nsubject = \"x\"\nvalue = \"1\"\n+++\n",
        );
        assert!(d.has_errors());
        let Parsed::Article(a) = p else { panic!("the article still loads") };
        assert!(a.claims.is_empty());
    }
}
