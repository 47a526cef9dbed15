//! Claim extraction: every money or quantity figure of an article body, with the
//! subject, metric, period, counterparty and source the sentence gives it.
//!
//! Pipeline role: pure analysis (no I/O). Input is one article body (Markdown or plain
//! text), its language and date, and optionally the site's entity registry; output is
//! one [`Candidate`] per figure that [`figures::find_amounts`] finds in the body's prose
//! (code, headings, URLs and markup are skipped). Candidates with a subject and a
//! metric become claims ([`extracted_claims`]); the rest stay available to `check`
//! ("money figures that no claim covers").
//!
//! Inference is local and rule-based, in this order for each figure:
//! - **sentence**: figures are read one sentence at a time; sentences never cross a
//!   paragraph, list item or table cell;
//! - **metric**: the figure's kind (money, count, percent, multiple, rank) and the
//!   nearest keyword of a Vietnamese + English lexicon before it (or right after it) in
//!   the same stretch of the sentence: "doanh thu"/revenue, "lỗ"/loss, "đầu tư"/invest,
//!   "trần lợi nhuận"/profit cap ... (see `figures::lexicon`); a goal word ("mục tiêu", "hy
//!   vọng", "target", "expects") before the figure makes it a target (`revenue-target`);
//! - **metric**: only names of the vocabulary (`i18n::METRICS`); none rather than a guess;
//! - **period**: a time expression bound to the figure ("35 triệu USD trong năm 2022"),
//!   else one in the same clause, else the nearest one before it in the sentence, else
//!   the only period of the previous sentence when it speaks of the same subject;
//!   "lần lượt"/"respectively" pairs a list of figures with a list of periods (and of
//!   metrics) in order; relative periods resolve against the article date; then
//!   (`Sentence::settle_periods`) cumulative figures get none, states (valuation, stake,
//!   users ...) their clause's date or the article's month, results without a date the
//!   period of the report the article is about, and fiscal periods the calendar
//!   periods of the subject's `fiscal-year-end`;
//! - **subject**: the grammatical owner ("doanh thu của OpenAI", "OpenAI's revenue"),
//!   else the nearest entity mention of the preferred kind (companies, then products,
//!   then the rest; products first for audiences and prices, people first for pay and
//!   wealth), never a publication, and a speaker ("X cho biết") only when nobody else
//!   is named; a person stands for their affiliation on company figures; two-party
//!   metrics follow the roles of PRODUCT.md §5 (an `investment` reads investor →
//!   investee, `funding` raiser ← investor, a `stake` holder → company), read from the
//!   grammar: active and passive ("Y được X đầu tư"), "từ X"/"from X", "led by X",
//!   possessives and relative clauses ("X, which has invested ... in Y"); a party the
//!   sentence leaves out comes from the paragraph's last pair; a sentence with no
//!   mention, or an anaphor ("công ty", "the company"), speaks of the paragraph's
//!   subject, else of the company the article is about (the first its prose names);
//! - **source**: a publication after "theo"/"according to" or before "cho biết"/
//!   "reported", else the only publication the sentence names.
//!
//! Around these: a baseline after "so với"/"up from" measures what the figure before it
//! measures and its period is no period of the news; "10 tỷ USD (khoảng 235.000 tỷ
//! đồng)" restates one figure ([`Candidate::equivalent`]); coordinated figures share a
//! goal and a period; list items continue a paragraph ending with a colon; a figure in
//! a Markdown table cell reads its column header and row label.
//!
//! Invariants: no input makes these functions panic; every span and range is a byte
//! range on char boundaries of the body; candidates come in body order.

mod context;
mod metric;
mod period;
mod sentence;
mod subject;

use super::claims::default_id;
use super::mentions::Matcher;
use crate::figures;
use crate::figures::Amount;
use crate::i18n::Lang;
use crate::model::{Article, ArticleId, Candidate, Claim, Entity, EntityId, Model, Origin};
use crate::text::Format;
use crate::text::fold::is_first_occurrence;
use crate::text::prose::{Prose, sentences};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;

use self::context::{BlockContext, TableContext};
use self::period::sentence_periods;
use self::sentence::{Sentence, quote_range};

/// The site's entities and the automaton that finds their names.
#[derive(Clone, Copy)]
pub struct Registry<'a> {
    /// Every entity, indexed by [`EntityId`].
    pub entities: &'a [Entity],
    /// The mention automaton built over them.
    pub matcher: &'a Matcher,
}

/// One body to read.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The article body (Markdown or plain text); all offsets point into it.
    pub body: &'a str,
    /// How to read it.
    pub format: Format,
    /// Its language (settles ambiguous number separators).
    pub lang: Lang,
    /// The date relative periods resolve against ("năm nay", "last year").
    pub date: Option<NaiveDate>,
    /// The entity registry; without one no figure gets a subject.
    pub registry: Option<Registry<'a>>,
    /// Mentions [`super::mentions::scan_body`] already found in this body (all prose but
    /// link text); when given, only link text is scanned again.
    pub mentions: Option<&'a [crate::model::Mention]>,
}

/// Every figure in the body, in order, with its inferred fields.
pub fn candidates(input: &Input<'_>) -> Vec<Candidate> {
    candidates_in(input, &Prose::new(input.body, input.format))
}

/// [`candidates`] from the body's prose, read by the caller (an article's analysis
/// parses its Markdown once for every reader).
pub(crate) fn candidates_in(input: &Input<'_>, prose: &Prose) -> Vec<Candidate> {
    let mentions = collect_mentions(prose, input.registry.as_ref(), input.mentions);
    let mut out = Vec::new();
    // A paragraph ending with a colon introduces the list after it: its items
    // start from what the paragraph said (subject, period).
    let mut intro: Option<BlockContext> = None;
    // The subject of the text before a table, for its cells.
    let mut paragraph_focus: Option<EntityId> = None;
    // The period of the report the article is about, once a figure names one.
    let mut report_period: Option<String> = None;
    // Text before the article names its company speaks of no one in particular.
    let first_company = mentions.iter().find(|m| m.kind == Kind::Company);
    let article_focus = first_company.map(|m| (m.range.start, m.entity));
    for (b, block) in prose.blocks.iter().enumerate() {
        let first_of_block = out.len();
        let item = prose.in_item.get(b).copied().unwrap_or(false);
        let mut ctx = match (&intro, item) {
            (Some(i), true) => i.carried(),
            _ => BlockContext::default(),
        };
        ctx.report_period = ctx.report_period.take().or_else(|| report_period.clone());
        ctx.article_focus = article_focus.filter(|(at, _)| *at < block.end).map(|(_, e)| e);
        if !item {
            intro = None;
        }
        for range in sentences(&prose.text, block.clone()) {
            let Some(text) = prose.text.get(range.clone()) else { continue };
            let mut amounts = if may_hold_figure(text) {
                figures::find_amounts(text, input.lang)
            } else {
                Vec::new()
            };
            if amounts.is_empty() {
                // Most sentences hold no figure: note only what the next one may need.
                ctx.note_figureless(&range, &mentions);
                continue;
            }
            if let Some(previous) = ctx.pending.take() {
                ctx.previous_periods = sentence_periods(&prose.text, previous, input.date);
            }
            for a in &mut amounts {
                a.span = a.span.start + range.start..a.span.end + range.start;
            }
            let mut sentence = Sentence::new(prose, range, amounts, &mentions, input);
            sentence.imply_currency(ctx.currency);
            if let Some(c) = sentence.figures.iter().rev().find_map(|f| f.amount.currency) {
                ctx.currency = Some(c);
            }
            let found = sentence.infer(input, &mut ctx);
            out.extend(found.into_iter().map(|(amount, f)| Candidate {
                quote_range: quote_range(prose, &sentence.range, &amount.span),
                quote: String::new(),
                amount,
                subject: f.subject,
                metric: f.metric.as_deref().and_then(metric::vocabulary_name).map(str::to_string),
                period: f.period,
                counterparty: f.counterparty,
                according_to: f.according_to,
                qualifier: f.qualifier,
                equivalent: f.equivalent,
            }));
        }
        report_period = report_period.or(ctx.report_period.clone());
        match prose.cells.get(b).copied().flatten() {
            Some(cell) => {
                let context = TableContext::new(prose, cell, &mentions, input, paragraph_focus);
                for c in &mut out[first_of_block..] {
                    context.fill(c);
                }
            }
            None => paragraph_focus = ctx.focus.or(paragraph_focus),
        }
        let introduces = prose.text.get(block.clone()).is_some_and(|t| t.trim_end().ends_with(':'));
        if !item && introduces {
            intro = Some(ctx);
        }
    }
    for c in &mut out {
        c.quote_range = unique_quote(input.body, c.quote_range.clone());
        c.quote = input
            .body
            .get(c.quote_range.clone())
            .map(crate::text::collapse_whitespace)
            .unwrap_or_default();
    }
    out
}

/// Widens `range` word by word (left, then right) until the text it covers
/// occurs first at its own place in `body`, so that a pasted quote (which
/// `find_quote` looks up from the start) anchors this very figure: a table
/// cell "$2.5 billion" also stated in the prose above takes in its row.
/// Gives the range back unchanged when no widening makes it unique.
///
/// Being first is monotone along the widenings (a wider text found earlier
/// puts the narrower one earlier too), so a binary search over at most 64
/// widenings asks the folded body about seven times, not 64; most quotes are
/// first as they stand, and a repeated passage fails at the widest, in one ask each.
fn unique_quote(body: &str, range: Range<usize>) -> Range<usize> {
    if is_first_occurrence(body, &range) {
        return range;
    }
    let mut chain = vec![range.clone()];
    let mut left = true;
    while chain.len() <= 64 {
        let r = chain[chain.len() - 1].clone();
        let (wider_left, wider_right) = (widen_left(body, r.start), widen_right(body, r.end));
        if wider_left == r.start && wider_right == r.end {
            break;
        }
        chain.push(if (left && wider_left < r.start) || wider_right == r.end {
            wider_left..r.end
        } else {
            r.start..wider_right
        });
        left = !left;
    }
    if !chain.last().is_some_and(|widest| is_first_occurrence(body, widest)) {
        return range;
    }
    let first = chain.partition_point(|r| !is_first_occurrence(body, r));
    chain.get(first).cloned().unwrap_or(range)
}

/// Start of the word before `at` (with the whitespace between).
fn widen_left(body: &str, at: usize) -> usize {
    let before = body.get(..at).unwrap_or_default();
    let trimmed = before.trim_end();
    // Past the whole whitespace character: U+2028 and friends take three bytes.
    let space = trimmed.char_indices().rev().find(|(_, c)| c.is_whitespace());
    space.map_or(0, |(i, c)| i + c.len_utf8()).min(at)
}

/// End of the word after `at` (with the whitespace between).
fn widen_right(body: &str, at: usize) -> usize {
    let after = body.get(at..).unwrap_or_default();
    let lead = after.len() - after.trim_start().len();
    let word = after[lead..].find(char::is_whitespace).unwrap_or(after.len() - lead);
    at + lead + word
}

/// The claims an article's candidates make, with stable ids
/// `<subject>-<metric>[-<period>]-<article>` (`-2`, `-3` ... for repeats in the article).
pub fn extracted_claims(
    article: &Article,
    article_id: ArticleId,
    candidates: &[Candidate],
    entities: &[Entity],
    source: Option<EntityId>,
) -> Vec<Claim> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for c in candidates.iter().filter(|c| c.is_claim()) {
        let (Some(subject), Some(metric)) = (c.subject, c.metric.as_deref()) else { continue };
        let Some(entity) = entities.get(subject.0 as usize) else { continue };
        let base = default_id(&entity.slug, metric, c.period.as_deref(), Some(&article.slug));
        let n = seen.entry(base.as_str().to_string()).or_insert(0);
        *n += 1;
        let id = if *n == 1 {
            base
        } else {
            crate::model::Slug::new(&format!("{base}-{n}")).unwrap_or(base)
        };
        out.push(Claim {
            id,
            origin: Origin::Extracted,
            subject,
            metric: metric.to_string(),
            metric_detail: None,
            amount: Some(c.amount.clone()),
            value_text: figures::format_amount(&c.amount, article.language),
            qualifier: c.qualifier.to_string(),
            period: c.period.clone(),
            counterparty: c.counterparty,
            // Who says so: the publication named in the sentence, else the
            // article's own source when the registry knows it.
            according_to: c.according_to.or(source),
            article: article_id,
            quote: Some(c.quote.clone()),
            quote_range: Some(c.quote_range.clone()),
        });
    }
    out
}

/// Who an article's `source` is: entities by name, alias or slug, any case,
/// publications first. Built once per registry; looking an entity up by
/// scanning the registry per article cost more than extracting the figures.
#[derive(Debug, Default)]
pub struct SourceNames(HashMap<String, EntityId>);

impl SourceNames {
    /// Indexes every entity's name, slug and aliases, lowercased.
    pub fn new(entities: &[Entity]) -> Self {
        let mut names = HashMap::new();
        for publications in [true, false] {
            for (i, e) in entities.iter().enumerate() {
                if (e.kind == "publications") != publications {
                    continue;
                }
                let forms = [e.name.as_str(), e.slug.as_str()]
                    .into_iter()
                    .chain(e.aliases.iter().map(|a| a.text.as_str()));
                for form in forms {
                    names.entry(form.trim().to_lowercase()).or_insert(EntityId(i as u32));
                }
            }
        }
        Self(names)
    }

    /// The entity `article.source.name` names, if any.
    pub fn of(&self, article: &Article) -> Option<EntityId> {
        let name = article.source.as_ref()?.name.trim();
        if name.is_empty() {
            return None;
        }
        self.0.get(&name.to_lowercase()).copied()
    }
}

/// Drops the extracted claims that a curated claim of the same article already states.
///
/// An extracted claim merges into a curated one when they agree on subject, metric,
/// period and value, or when the curated quote covers the extracted figure and they
/// agree on the value or on subject, metric and period (the editor reviewed that very
/// figure and may have corrected its metric, period or value).
pub fn merge_into_curated(curated: &[Claim], extracted: Vec<Claim>) -> Vec<Claim> {
    extracted
        .into_iter()
        .filter(|e| {
            !curated.iter().any(|c| {
                c.article == e.article && {
                    let same_fields =
                        c.subject == e.subject && c.metric == e.metric && c.period == e.period;
                    let same_value = match (&c.amount, &e.amount) {
                        (Some(x), Some(y)) => same_value(x, y),
                        _ => false,
                    };
                    let covers = match (&c.quote_range, &e.amount) {
                        (Some(q), Some(a)) => q.start < a.span.end && a.span.start < q.end,
                        _ => false,
                    };
                    (same_fields && same_value) || (covers && (same_value || same_fields))
                }
            })
        })
        .collect()
}

/// The figures no published claim covers, article by article: what `check` reports as
/// "money figures that no claim covers".
///
/// A figure is covered by a claim of its own article that states the same value and
/// either quotes the sentence holding the figure or quotes nothing; an extracted claim
/// covers the figure it was made from. A restatement in another currency is covered
/// when the figure it restates is.
pub fn uncovered(model: &Model) -> Vec<(ArticleId, &Candidate)> {
    let mut by_article: HashMap<ArticleId, Vec<&Claim>> = HashMap::new();
    for c in &model.claims {
        by_article.entry(c.article).or_default().push(c);
    }
    let mut out = Vec::new();
    for (i, figures) in model.figures.iter().enumerate() {
        let id = ArticleId(i as u32);
        let claims = by_article.get(&id).map_or(&[][..], Vec::as_slice);
        let mut previous_covered = false;
        for f in figures {
            let covered = if f.equivalent {
                previous_covered
            } else {
                claims.iter().any(|c| {
                    let from_it = c.origin == Origin::Extracted
                        && c.amount.as_ref().is_some_and(|a| a.span == f.amount.span);
                    let quoted = c.quote_range.as_ref().is_none_or(|q| {
                        q.start <= f.amount.span.start && f.amount.span.end <= q.end
                    });
                    let same = c.amount.as_ref().is_some_and(|a| same_value(a, &f.amount));
                    from_it || (c.origin == Origin::Curated && quoted && same)
                })
            };
            if !covered {
                out.push((id, f));
            }
            previous_covered = covered;
        }
    }
    out
}

/// Whether two figures state the same value: equal numbers (and upper bounds, when both
/// have one) in the same currency when both name one.
pub fn same_value(a: &Amount, b: &Amount) -> bool {
    let compatible = |x: Option<&str>, y: Option<&str>| x.is_none() || y.is_none() || x == y;
    a.value == b.value
        && compatible(a.currency, b.currency)
        && (a.value_max.is_none() || b.value_max.is_none() || a.value_max == b.value_max)
}

/// An entity mention in the prose, with what inference needs to know about its entity.
#[derive(Debug, Clone)]
struct Mention {
    pub(super) range: Range<usize>,
    pub(super) entity: EntityId,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Company,
    Product,
    Person,
    Publication,
    Other,
}

fn kind_of(reg: &Registry<'_>, id: EntityId) -> Kind {
    match reg.entities.get(id.0 as usize).map(|e| e.kind.as_str()) {
        Some("companies") => Kind::Company,
        Some("products") => Kind::Product,
        Some("people") => Kind::Person,
        Some("publications") => Kind::Publication,
        _ => Kind::Other,
    }
}

/// The company a product entity declares (`maker = "openai"`).
fn maker_of(reg: &Registry<'_>, id: EntityId) -> Option<EntityId> {
    let slug = &reg.entities.get(id.0 as usize)?.maker.as_ref()?.slug;
    reg.entities.iter().position(|e| e.slug.as_str() == slug).map(|i| EntityId(i as u32))
}

/// The organisation a person entity declares (`affiliation = "openai"`).
fn affiliation_of(reg: &Registry<'_>, id: EntityId) -> Option<EntityId> {
    let slug = &reg.entities.get(id.0 as usize)?.affiliation.as_ref()?.slug;
    reg.entities.iter().position(|e| e.slug.as_str() == slug).map(|i| EntityId(i as u32))
}

fn collect_mentions(
    prose: &Prose,
    registry: Option<&Registry<'_>>,
    known: Option<&[crate::model::Mention]>,
) -> Vec<Mention> {
    let Some(reg) = registry else { return Vec::new() };
    let kind_of = |id: EntityId| kind_of(reg, id);
    let scan = |range: Range<usize>| {
        let text = prose.text.get(range.clone()).unwrap_or("");
        reg.matcher
            .find_in(text)
            .map(|(r, entity)| Mention {
                range: range.start + r.start..range.start + r.end,
                entity,
                kind: kind_of(entity),
            })
            .collect::<Vec<_>>()
    };
    let mut out: Vec<Mention> = match known {
        None => scan(0..prose.text.len()),
        Some(known) => {
            let is_wikilink =
                |r: &Range<usize>| prose.wikilinks.iter().any(|(w, _)| w.start == r.start);
            let mut out: Vec<Mention> = known
                .iter()
                .filter(|m| !is_wikilink(&m.range))
                .map(|m| Mention {
                    range: m.range.clone(),
                    entity: m.entity,
                    kind: kind_of(m.entity),
                })
                .collect();
            for piece in &prose.link_pieces {
                out.extend(scan(piece.clone()));
            }
            out
        }
    };
    for (range, target) in &prose.wikilinks {
        if let Some(entity) = reg.matcher.resolve(target) {
            // The placeholder byte stands for the whole link in the prose.
            let at = range.start..range.start + 1;
            out.push(Mention { range: at, entity, kind: kind_of(entity) });
        }
    }
    // "the ChatGPT maker": the product's maker.
    for m in &mut out {
        let after = prose.text.get(m.range.end..).unwrap_or("");
        let makes = after.starts_with(" maker") || after.starts_with("'s maker");
        if makes
            && m.kind == Kind::Product
            && let Some(maker) = maker_of(reg, m.entity)
        {
            (m.entity, m.kind) = (maker, kind_of(maker));
        }
    }
    out.sort_by_key(|m| m.range.start);
    out
}

/// Cheap test that `text` may hold a figure: every figure [`figures::find_amounts`]
/// reads has a digit, except the vague "hàng triệu", "millions of", "hundreds of".
fn may_hold_figure(text: &str) -> bool {
    // One automaton over the words, built once: a search per word and sentence
    // cost more than reading the figures.
    static WORDS: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::new([
            "hàng", "Hàng", "HÀNG", "illion", "ILLION", "housand", "HOUSAND", "undreds", "UNDREDS",
            "ens of", "ENS OF", "tỷ", "tỉ", "triệu", "nghìn", "ngàn",
        ])
        .ok()
    });
    text.bytes().any(|b| b.is_ascii_digit()) || words.as_ref().is_none_or(|w| w.is_match(text))
}

#[cfg(test)]
mod tests;
