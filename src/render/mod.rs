//! Render: the model becomes every output file, in memory.
//!
//! Invariant: pure. Input is the model, config and theme; output is a list of
//! [`Output`]s with relative paths, sorted, byte-identical for identical input.
//! Every internal link is relative to the page (via `root`), except on
//! `404.html`, which uses the site-url path.

mod chart;
mod data;
pub mod markdown;
mod pages;
pub mod templates;
pub mod urls;
pub mod view;

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{Lang, ui_strings};
use crate::model::{ArticleId, ClaimId, EntityId, Model};
use view::{Link, PageMeta, SiteView};

/// Items per page of any long list.
pub const PER_PAGE: usize = 50;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the build dir, `/`-separated, never escaping it.
    pub path: String,
    /// File contents.
    pub bytes: Vec<u8>,
}

/// The site's own theme files, read by `load` (overrides of the defaults).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`entity.html`).
    pub templates: Vec<(String, String)>,
    /// Static files by path under `static/` (`style.css`).
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// Shared state for rendering one site.
pub struct Renderer<'a> {
    model: &'a Model,
    config: &'a Config,
    tera: tera::Tera,
    base: tera::Context,
    lang: Lang,
    strings: BTreeMap<&'static str, &'static str>,
    claims_by_article: HashMap<ArticleId, Vec<ClaimId>>,
    claims_by_subject: HashMap<EntityId, Vec<ClaimId>>,
    /// Claims by (subject, metric, period), for "other claims on the same ...".
    claims_by_key: HashMap<pages::ClaimKey, Vec<ClaimId>>,
    /// Conflicting claims of each claim.
    conflicts_by_claim: HashMap<ClaimId, Vec<ClaimId>>,
    /// Article cards, indexed like `model.articles`.
    cards: Vec<view::ArticleCard>,
}

impl<'a> Renderer<'a> {
    /// Prepares templates and lookups; fails on a broken template.
    pub fn new(
        model: &'a Model,
        config: &'a Config,
        theme: &Theme,
    ) -> Result<Renderer<'a>, Diagnostic> {
        let tera = templates::build_tera(&theme.templates)?;
        let lang = config.language;
        let strings = ui_strings(lang);
        let mut nav =
            vec![Link { label: strings["articles"].into(), url: "articles/index.html".into() }];
        for k in &config.kinds {
            if model.entities.iter().any(|e| e.kind == k.folder) {
                nav.push(Link { label: k.plural.clone(), url: format!("{}/index.html", k.folder) });
            }
        }
        nav.push(Link { label: strings["claims"].into(), url: "claims/index.html".into() });
        nav.push(Link { label: strings["tags"].into(), url: "tags/index.html".into() });
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            lang: lang.code(),
            base_path: config.site_url.base_path.clone(),
            nav,
        };
        let mut base = tera::Context::new();
        base.insert("site", &site);
        base.insert("t", &strings);
        base.insert("lang", lang.code());
        let (claims_by_article, claims_by_subject) = pages::group_claims(&model.claims);
        let mut claims_by_key: HashMap<pages::ClaimKey, Vec<ClaimId>> = HashMap::new();
        for (i, c) in model.claims.iter().enumerate() {
            claims_by_key.entry(pages::claim_key(c)).or_default().push(ClaimId(i as u32));
        }
        let mut conflicts_by_claim: HashMap<ClaimId, Vec<ClaimId>> = HashMap::new();
        for &(a, b) in &model.conflicts {
            conflicts_by_claim.entry(a).or_default().push(b);
            conflicts_by_claim.entry(b).or_default().push(a);
        }
        Ok(Renderer {
            model,
            config,
            tera,
            base,
            lang,
            strings,
            claims_by_article,
            claims_by_subject,
            claims_by_key,
            conflicts_by_claim,
            cards: Vec::new(),
        })
        .map(|mut r| {
            use rayon::prelude::*;
            r.cards = model.articles.par_iter().map(|a| r.make_card(a)).collect();
            r
        })
    }

    /// Renders one template to an output at `path`.
    fn page(
        &self,
        template: &str,
        path: &str,
        meta: &PageMeta,
        extra: tera::Context,
    ) -> Result<Output, Diagnostic> {
        let mut ctx = self.base.clone();
        ctx.insert("page", meta);
        let root = match extra.get("root_override").and_then(|v| v.as_str()) {
            Some(abs) => abs.to_string(),
            None => urls::root_for(path),
        };
        ctx.insert("root", &root);
        ctx.extend(extra);
        let html = self.tera.render(template, &ctx).map_err(|e| templates::template_error(&e))?;
        Ok(Output { path: path.to_string(), bytes: html.into_bytes() })
    }
}

/// Renders the whole site. Template failures are reported as diagnostics.
pub fn render_site(
    model: &Model,
    config: &Config,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> Option<Vec<Output>> {
    let renderer = match Renderer::new(model, config, theme) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (a, (e, (c, i))) = rayon::join(
        || renderer.articles(),
        || {
            rayon::join(
                || renderer.entities(),
                || rayon::join(|| renderer.claims(), || renderer.indexes()),
            )
        },
    );
    let mut outputs = Vec::new();
    for part in [a, e, c, i] {
        match part {
            Ok(o) => outputs.extend(o),
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    }
    for single in [renderer.home(), renderer.not_found()] {
        match single {
            Ok(o) => outputs.push(o),
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    }
    outputs.extend(data::data_files(&renderer));
    outputs.extend(static_files(theme));
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs.dedup_by(|a, b| a.path == b.path);
    Some(outputs)
}

fn static_files(theme: &Theme) -> Vec<Output> {
    let mut out: Vec<Output> = templates::DEFAULT_STATIC
        .iter()
        .filter(|(path, _)| !theme.static_files.iter().any(|(p, _)| format!("static/{p}") == *path))
        .map(|(path, bytes)| Output { path: (*path).to_string(), bytes: bytes.to_vec() })
        .collect();
    out.extend(
        theme
            .static_files
            .iter()
            .map(|(p, b)| Output { path: format!("static/{p}"), bytes: b.clone() }),
    );
    out
}
