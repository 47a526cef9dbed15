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
//!   "trần lợi nhuận"/profit cap ... (see `lexicon.rs`); a goal word ("mục tiêu", "hy
//!   vọng", "target", "expects") before the figure makes it a target (`revenue-target`);
//! - **period**: a time expression bound to the figure ("35 triệu USD trong năm 2022"),
//!   else one in the same clause, else the nearest one before it in the sentence, else
//!   the only period of the previous sentence when it speaks of the same subject;
//!   "lần lượt"/"respectively" pairs a list of figures with a list of periods (and of
//!   metrics) in order; relative periods resolve against the article date;
//! - **subject**: the grammatical owner ("doanh thu của OpenAI", "OpenAI's revenue"),
//!   else the nearest entity mention of the preferred kind (companies, then products,
//!   then the rest; products first for audiences and prices, people first for pay and
//!   wealth), never a publication, and a speaker ("X cho biết") only when nobody else
//!   is named; a person stands for their affiliation on company figures; money flowing
//!   between two parties ("khoản đầu tư 2 tỷ USD của Acme", "raised $1bn from X",
//!   "invest $2bn in Y") makes the receiver the subject and the giver the counterparty,
//!   and a receiver outside the registry leaves the figure without a subject; a
//!   sentence with no mention inherits the paragraph's subject when it points back to
//!   it ("công ty", "it") or names nobody unknown;
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

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use chrono::NaiveDate;

use super::claims::default_id;
use super::mentions::Matcher;
use crate::figures::lexicon::{
    ANAPHORS, COUNT, FORECAST_ONLY, Hit, MONEY, MULTIPLE, PER_UNITS, PERCENT, PERSON_METRICS,
    PRODUCT_METRICS, Role, Tok, TokKind, keywords, noun_metric, tokenize,
};
use crate::figures::period::{TimeExpr, When, find_times};
use crate::figures::{self, Amount, Qualifier, Unit};
use crate::i18n::Lang;
use crate::model::{Article, ArticleId, Candidate, Claim, Entity, EntityId, Model, Origin};
use crate::text::Format;
use crate::text::prose::{self, Prose, sentences};

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
    let prose = Prose::new(input.body, input.format);
    let mentions = collect_mentions(&prose, input.registry.as_ref(), input.mentions);
    let mut out = Vec::new();
    // A paragraph ending with a colon introduces the list after it: its items
    // start from what the paragraph said (subject, period).
    let mut intro: Option<BlockContext> = None;
    // The subject of the text before a table, for its cells.
    let mut paragraph_focus: Option<EntityId> = None;
    for (b, block) in prose.blocks.iter().enumerate() {
        let first_of_block = out.len();
        let item = prose.in_item.get(b).copied().unwrap_or(false);
        let mut ctx = match (&intro, item) {
            (Some(i), true) => i.carried(),
            _ => BlockContext::default(),
        };
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
            let sentence = Sentence::new(&prose, range, amounts, &mentions, input);
            let found = sentence.infer(input, &mut ctx);
            out.extend(found.into_iter().map(|(amount, f)| Candidate {
                quote_range: quote_range(&prose, &sentence.range, &amount.span),
                quote: String::new(),
                amount,
                subject: f.subject,
                metric: f.metric,
                period: f.period,
                counterparty: f.counterparty,
                according_to: f.according_to,
                qualifier: f.qualifier,
                equivalent: f.equivalent,
            }));
        }
        match prose.cells.get(b).copied().flatten() {
            Some(cell) => {
                let context = TableContext::new(&prose, cell, &mentions, input, paragraph_focus);
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
        c.quote = input
            .body
            .get(c.quote_range.clone())
            .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
    }
    out
}

/// The claims an article's candidates make, with stable ids
/// `<subject>-<metric>[-<period>]-<article>` (`-2`, `-3` ... for repeats in the article).
pub fn extracted_claims(
    article: &Article,
    article_id: ArticleId,
    candidates: &[Candidate],
    entities: &[Entity],
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
            amount: Some(c.amount.clone()),
            value_text: figures::format_amount(&c.amount, article.language),
            qualifier: c.qualifier.to_string(),
            period: c.period.clone(),
            counterparty: c.counterparty,
            according_to: c.according_to,
            article: article_id,
            quote: Some(c.quote.clone()),
            quote_range: Some(c.quote_range.clone()),
        });
    }
    out
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

// ---------------------------------------------------------------------------------------
// Mentions
// ---------------------------------------------------------------------------------------

/// An entity mention in the prose, with what inference needs to know about its entity.
#[derive(Debug, Clone)]
struct Mention {
    range: Range<usize>,
    entity: EntityId,
    kind: Kind,
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
    out.sort_by_key(|m| m.range.start);
    out
}

// ---------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------

/// What a table cell's column header and row label say about the figures in it.
struct TableContext {
    /// Metric keywords of the header and the label, header first.
    hits: Vec<&'static [Role]>,
    /// The header or label is a goal ("Mục tiêu 2024", "Target").
    target: bool,
    /// The first period the header or label names.
    period: Option<String>,
    /// An entity the header or label names, else the subject of the text before.
    subject: Option<EntityId>,
}

impl TableContext {
    fn new(
        prose: &Prose,
        cell: prose::Cell,
        mentions: &[Mention],
        input: &Input<'_>,
        paragraph_focus: Option<EntityId>,
    ) -> TableContext {
        let place = |row: usize, col: usize| {
            prose
                .cells
                .iter()
                .position(|c| *c == Some(prose::Cell { table: cell.table, row, col }))
                .and_then(|k| prose.blocks.get(k).cloned())
        };
        let mut context: Vec<Range<usize>> = Vec::new();
        if cell.row > 0 {
            context.extend(place(0, cell.col));
        }
        if cell.col > 0 {
            context.extend(place(cell.row, 0));
        }
        let mut hits = Vec::new();
        let mut target = false;
        let mut period = None;
        let mut subject = None;
        for range in context {
            let toks = tokenize(&prose.text, range.clone());
            for h in keywords(&toks) {
                target |= h.roles.contains(&Role::Target);
                hits.push(h.roles);
            }
            let skip = vec![false; toks.len()];
            period = period.or_else(|| {
                find_times(&toks, &prose.text, input.date, &skip)
                    .iter()
                    .find_map(|t| t.period(input.date, target))
            });
            subject = subject.or_else(|| {
                mentions
                    .iter()
                    .filter(|m| m.range.start >= range.start && m.range.end <= range.end)
                    .filter(|m| m.kind != Kind::Publication)
                    .min_by_key(|m| Sentence::rank(m.kind, None))
                    .map(|m| m.entity)
            });
        }
        TableContext { hits, target, period, subject: subject.or(paragraph_focus) }
    }

    /// Fills what the cell's own text left open.
    fn fill(&self, c: &mut Candidate) {
        if c.metric.is_none() {
            let class = class_of(&c.amount);
            c.metric = self.hits.iter().find_map(|roles| {
                roles.iter().find_map(|r| match r {
                    Role::Metric(m, classes, _) if classes & class != 0 => Some(m.to_string()),
                    _ => None,
                })
            });
            if let Some(m) = &c.metric
                && self.target
                && !FORECAST_ONLY.contains(&m.as_str())
            {
                c.metric = Some(format!("{m}-target"));
                c.qualifier = "target";
            }
        }
        if c.period.is_none() {
            c.period = self.period.clone();
        }
        if c.subject.is_none() {
            c.subject = self.subject;
        }
    }
}

/// The class of a figure (see the lexicon's class bits); 0 for ranks.
fn class_of(a: &Amount) -> u8 {
    match a.unit {
        Some(Unit::Count) => COUNT,
        Some(Unit::Percent) => PERCENT,
        Some(Unit::Multiple) => MULTIPLE,
        Some(Unit::Rank) => 0,
        None => MONEY,
    }
}

/// What the paragraph so far says, for sentences that lean on the one before.
#[derive(Debug, Default)]
struct BlockContext {
    /// The entity the paragraph is currently about.
    focus: Option<EntityId>,
    /// The distinct periods of the previous sentence, and its focus.
    previous_periods: BTreeSet<String>,
    previous_focus: Option<EntityId>,
    /// The previous sentence had no figure; its periods are read only when needed.
    pending: Option<Range<usize>>,
}

impl BlockContext {
    /// What a list item inherits from the paragraph that introduced its list.
    fn carried(&self) -> BlockContext {
        BlockContext {
            focus: self.focus,
            previous_periods: self.previous_periods.clone(),
            previous_focus: self.previous_focus.or(self.focus),
            pending: self.pending.clone(),
        }
    }

    /// Bookkeeping for a sentence without figures: its first preferred mention
    /// becomes the focus; its periods are read later if the next sentence needs them.
    fn note_figureless(&mut self, range: &Range<usize>, mentions: &[Mention]) {
        let from = mentions.partition_point(|m| m.range.start < range.start);
        let focus = mentions[from..]
            .iter()
            .take_while(|m| m.range.start < range.end)
            .filter(|m| m.kind != Kind::Publication)
            .min_by_key(|m| (Sentence::rank(m.kind, None), m.range.start))
            .map(|m| m.entity);
        if focus.is_some() {
            self.focus = focus;
        }
        self.previous_focus = focus.or(self.focus);
        self.previous_periods.clear();
        self.pending = Some(range.clone());
    }
}

/// Cheap test that `text` may hold a figure: every figure [`figures::find_amounts`]
/// reads has a digit, except the vague "hàng triệu", "millions of", "hundreds of".
fn may_hold_figure(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || [
            "hàng", "Hàng", "HÀNG", "illions", "ILLIONS", "housands", "HOUSANDS", "undreds",
            "UNDREDS", "ens of", "ENS OF",
        ]
        .iter()
        .any(|w| text.contains(w))
}

/// The periods a sentence without figures names.
fn sentence_periods(text: &str, range: Range<usize>, date: Option<NaiveDate>) -> BTreeSet<String> {
    let toks = tokenize(text, range);
    let skip = vec![false; toks.len()];
    find_times(&toks, text, date, &skip).iter().filter_map(|t| t.period(date, false)).collect()
}

/// A mention within one sentence.
#[derive(Debug, Clone)]
struct SentMention {
    entity: EntityId,
    kind: Kind,
    /// Token range.
    first: usize,
    end: usize,
}

/// A figure within one sentence.
#[derive(Debug, Clone)]
struct Figure {
    amount: Amount,
    first: usize,
    end: usize,
    /// Index of the first figure of the list this one belongs to.
    list: usize,
}

struct Sentence {
    range: Range<usize>,
    toks: Vec<Tok>,
    hits: Vec<Hit>,
    times: Vec<TimeExpr>,
    figures: Vec<Figure>,
    mentions: Vec<SentMention>,
    /// The sentence may speak of the paragraph's subject without naming it: it
    /// points back ("công ty", "it") or names nothing the registry does not know.
    leans: bool,
}

/// Capitalised words that name fields, not organisations ("đầu tư vào AI").
const COMMON_ACRONYMS: &[&str] =
    &["ai", "it", "ev", "evs", "ar", "vr", "iot", "r", "ai's", "gpu", "gpus", "cloud"];

/// Common English sentence openers, so that a capitalised first word is not taken
/// for the name of an unknown company.
const EN_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "they",
    "their",
    "he",
    "she",
    "we",
    "in",
    "at",
    "on",
    "for",
    "by",
    "but",
    "and",
    "however",
    "meanwhile",
    "also",
    "last",
    "next",
    "revenue",
    "revenues",
    "sales",
    "profit",
    "profits",
    "net",
    "costs",
    "analysts",
    "shares",
    "as",
    "after",
    "before",
    "during",
    "since",
    "with",
    "while",
    "according",
    "overall",
    "total",
    "annual",
    "quarterly",
    "operating",
    "income",
    "earnings",
    "spending",
    "funding",
    "losses",
    "users",
    "subscribers",
    "traffic",
    "about",
    "nearly",
    "over",
    "more",
    "less",
    "roughly",
    "almost",
    "only",
    "still",
    "so",
    "then",
    "now",
    "today",
    "yesterday",
    "earlier",
    "later",
    "one",
    "two",
    "some",
    "many",
    "most",
    "each",
    "every",
];

/// What inference found for one figure.
#[derive(Debug, Default)]
struct Fields {
    subject: Option<EntityId>,
    metric: Option<String>,
    period: Option<String>,
    counterparty: Option<EntityId>,
    according_to: Option<EntityId>,
    qualifier: &'static str,
    equivalent: bool,
}

/// Words that may separate two figures of one list ("200 triệu USD và 1 tỷ USD").
const LIST_GAP: &[&str] = &[
    "và",
    "and",
    "cho",
    "vào",
    "trong",
    "in",
    "for",
    "during",
    "lần",
    "lượt",
    "respectively",
    "là",
    "hoặc",
    "or",
    "to",
    "then",
    "rồi",
    "tương",
    "ứng",
    "of",
    "với",
    "cùng",
];

/// Words that may stand between a figure and the period that belongs to it.
const BIND_GAP: &[&str] = &[
    "vào", "trong", "cho", "của", "in", "for", "during", "of", "hồi", "tính", "đến", "by", "as",
    "at",
];

/// Words that may stand between an entity and the verb it is the subject of.
const AUX: &[&str] = &[
    "đã",
    "sẽ",
    "vừa",
    "mới",
    "đang",
    "cũng",
    "vẫn",
    "còn",
    "được",
    "cam",
    "kết",
    "chỉ",
    "has",
    "have",
    "had",
    "will",
    "would",
    "just",
    "also",
    "recently",
    "reportedly",
    "is",
    "was",
    "to",
    "plans",
    "agreed",
    "lần",
    "lượt",
    "respectively",
];

impl Sentence {
    fn new(
        prose: &Prose,
        range: Range<usize>,
        amounts: Vec<Amount>,
        mentions: &[Mention],
        input: &Input<'_>,
    ) -> Sentence {
        let toks = tokenize(&prose.text, range.clone());
        let tok_at = |offset: usize| toks.partition_point(|t| t.range.start < offset);
        let mut figures: Vec<Figure> = amounts
            .into_iter()
            .map(|amount| {
                let first = tok_at(amount.span.start);
                let end = tok_at(amount.span.end).max(first + 1).min(toks.len());
                Figure { amount, first, end, list: 0 }
            })
            .collect();
        let mut skip = vec![false; toks.len()];
        for f in &figures {
            for s in skip.iter_mut().take(f.end).skip(f.first) {
                *s = true;
            }
        }
        let times = find_times(&toks, &prose.text, input.date, &skip);
        let hits = keywords(&toks);
        let from = mentions.partition_point(|m| m.range.start < range.start);
        let sent_mentions: Vec<SentMention> = mentions[from..]
            .iter()
            .take_while(|m| m.range.start < range.end)
            .filter_map(|m| {
                let first = tok_at(m.range.start);
                let end = tok_at(m.range.end).max(first + 1);
                (first < toks.len()).then_some(SentMention {
                    entity: m.entity,
                    kind: m.kind,
                    first,
                    end: end.min(toks.len()),
                })
            })
            .collect();
        // Lists: consecutive figures separated only by list words and periods.
        for i in 0..figures.len() {
            figures[i].list = i;
            if i > 0 {
                let (prev_end, first) = (figures[i - 1].end, figures[i].first);
                let gap_ok = first >= prev_end
                    && first - prev_end <= 8
                    && (prev_end..first).all(|k| {
                        let t = &toks[k];
                        t.is_any(LIST_GAP)
                            || t.is_punct(&[',', '/', '&'])
                            || times.iter().any(|x| x.first <= k && k < x.end)
                    });
                if gap_ok {
                    figures[i].list = figures[i - 1].list;
                }
            }
        }
        let leans = leans_on_context(&prose.text, &toks, input.lang, |k| {
            sent_mentions.iter().any(|m| m.first <= k && k < m.end)
                || figures.iter().any(|f| f.first <= k && k < f.end)
                || times.iter().any(|t| t.first <= k && k < t.end)
        });
        Sentence { range, toks, hits, times, figures, mentions: sent_mentions, leans }
    }

    /// Token index where the stretch of text that may describe figure `i` begins: just
    /// after the previous figure that is not in the same list.
    fn scope_start(&self, i: usize) -> usize {
        let list = self.figures[i].list;
        if list == 0 { 0 } else { self.figures[list - 1].end }
    }

    /// Token index where the stretch after figure `i` ends: the next figure.
    fn scope_end(&self, i: usize) -> usize {
        self.figures.get(i + 1).map_or(self.toks.len(), |f| f.first)
    }

    /// The first token of figure `i`'s list.
    fn list_first(&self, i: usize) -> usize {
        self.figures[self.figures[i].list].first
    }

    fn clause_break(&self, from: usize, to: usize) -> bool {
        (from.min(to)..from.max(to)).any(|k| {
            let t = &self.toks[k];
            t.is_punct(&[',', ';', ':', '(', ')', '—', '–']) || t.is_any(&["nhưng", "but", "while"])
        })
    }

    fn infer(&self, input: &Input<'_>, ctx: &mut BlockContext) -> Vec<(Amount, Fields)> {
        let n = self.figures.len();
        let mut fields: Vec<Fields> = (0..n).map(|_| Fields::default()).collect();
        let mut targets = vec![false; n];
        let mut estimates = vec![false; n];
        let mut metric_hits: Vec<Option<usize>> = vec![None; n];
        for i in 0..n {
            let (metric, hit) = self.metric(i);
            fields[i].metric = metric;
            metric_hits[i] = hit;
            targets[i] = self.has_cue(i, Role::Target);
            estimates[i] = self.has_cue(i, Role::Estimate);
        }
        // "tăng so với mức 28 triệu USD", "up from $28 million": a baseline figure with no
        // keyword of its own measures what the figure before it measures.
        for i in 0..n {
            if fields[i].metric.is_none()
                && self.hits_before(i).any(|(k, _)| self.hits[k].roles.contains(&Role::Compare))
                && let Some(prev) = (0..i)
                    .rev()
                    .find(|&j| self.class(j) == self.class(i) && fields[j].metric.is_some())
            {
                fields[i].metric = fields[prev]
                    .metric
                    .as_deref()
                    .map(|m| m.trim_end_matches("-target").to_string());
            }
        }
        let paired = self.respectively(&mut fields, input.date, &targets);
        let bound = self.bound_times();
        let according_to = self.source();
        let has_subject_mention = self.mentions.iter().any(|m| m.kind != Kind::Publication);
        for i in 0..n {
            let f = &mut fields[i];
            // Nobody aims for a loss: a goal word makes it a forecast (an estimate).
            let looks_ahead = targets[i];
            if targets[i] && f.metric.as_deref().is_some_and(|m| FORECAST_ONLY.contains(&m)) {
                targets[i] = false;
                estimates[i] = true;
            }
            let target = targets[i];
            if let Some(m) = &f.metric
                && target
                && !m.ends_with("-target")
                && !matches!(m.as_str(), "profit-cap" | "rank")
            {
                f.metric = Some(format!("{m}-target"));
            }
            if f.period.is_none() && !paired.contains(&i) {
                f.period = self.period_of(i, &bound).and_then(|t| t.period(input.date, target));
            }
            if f.subject.is_none() {
                let (subject, counterparty) =
                    self.parties(i, f.metric.as_deref(), metric_hits[i], f.counterparty);
                f.subject = subject;
                f.counterparty = f.counterparty.or(counterparty);
            }
            // A person is rarely what a company figure is about: "Sam Altman cho biết
            // công ty kỳ vọng ..." speaks of his company.
            if let (Some(reg), Some(s)) = (input.registry.as_ref(), f.subject)
                && kind_of(reg, s) == Kind::Person
                && !f
                    .metric
                    .as_deref()
                    .is_some_and(|m| PERSON_METRICS.contains(&m.trim_end_matches("-target")))
            {
                let focus = ctx.focus.filter(|&e| kind_of(reg, e) != Kind::Person);
                f.subject = affiliation_of(reg, s).or(focus).or(f.subject);
            }
            if f.subject.is_none() && !has_subject_mention && self.leans {
                f.subject = ctx.focus;
            }
            // Money given with no receiver named ("Acme cam kết đầu tư 2 tỷ USD")
            // goes to the paragraph's subject, else the giver is the subject; a receiver
            // named but unknown to the registry leaves the figure without a subject.
            if f.subject.is_none()
                && !self.unknown_receiver(i)
                && let Some(giver) = f.counterparty
            {
                let to = ctx.focus.filter(|&e| e != giver);
                f.subject = to.or(Some(giver));
            }
            if f.counterparty == f.subject {
                f.counterparty = None;
            }
            if f.period.is_none()
                && !looks_ahead
                && ctx.previous_periods.len() == 1
                && f.subject.is_some()
                && f.subject == ctx.previous_focus
            {
                f.period = ctx.previous_periods.iter().next().cloned();
            }
            f.according_to = according_to;
            let a = &self.figures[i].amount;
            f.qualifier = if target {
                "target"
            } else if estimates[i] && a.qualifier == Qualifier::Exact {
                "estimate"
            } else {
                figures::qualifier_name(a.qualifier)
            };
        }
        // "10 tỷ USD (khoảng 235.000 tỷ đồng)", "$10 billion, or about €9 billion": the
        // same figure in another currency.
        for i in 1..n {
            let (prev, cur) = (&self.figures[i - 1], &self.figures[i]);
            let (Some(a), Some(b)) = (prev.amount.currency, cur.amount.currency) else { continue };
            let gap_ok = cur.first >= prev.end
                && cur.first - prev.end <= 3
                && (prev.end..cur.first).all(|k| {
                    let t = &self.toks[k];
                    t.is_punct(&['(', ',', '~', '≈', '=', '['])
                        || t.is_any(&[
                            "tương",
                            "đương",
                            "equivalent",
                            "to",
                            "or",
                            "hay",
                            "hoặc",
                            "tức",
                            "là",
                        ])
                })
                && (prev.end..cur.first).any(|k| {
                    self.toks[k].is_punct(&['(', '~', '≈', '=', '['])
                        || self.toks[k].is_any(&["đương", "equivalent", "or", "hay", "tức"])
                });
            if a != b && gap_ok {
                let base = &fields[i - 1];
                let copy = Fields {
                    subject: base.subject,
                    metric: base.metric.clone(),
                    period: base.period.clone(),
                    counterparty: base.counterparty,
                    according_to: base.according_to,
                    qualifier: fields[i].qualifier,
                    equivalent: true,
                };
                fields[i] = copy;
            }
        }
        // A change ("tăng 33%") happens over the period of the figure it follows.
        for i in 0..n {
            let change = fields[i]
                .metric
                .as_deref()
                .is_some_and(|m| m.ends_with("growth") || m.ends_with("decline"));
            if change && fields[i].period.is_none() && i > 0 {
                // Only when no other subject is named in between ("..., and Apple shares
                // rose 2%" is news of its own).
                let named = self.mentions.iter().any(|m| {
                    m.kind != Kind::Publication
                        && m.first >= self.figures[i - 1].end
                        && m.end <= self.figures[i].first
                });
                if !named {
                    fields[i].period = fields[i - 1].period.clone();
                }
            }
        }
        // "doanh thu X và lợi nhuận Y cho năm 2024": coordinated figures share a period.
        for i in (0..n.saturating_sub(1)).rev() {
            if fields[i].period.is_none() && self.coordinated(i) && !paired.contains(&i) {
                fields[i].period = fields[i + 1].period.clone();
            }
        }
        for i in 1..n {
            if fields[i].period.is_none() && self.coordinated(i - 1) {
                fields[i].period = fields[i - 1].period.clone();
            }
        }
        // What the next sentence of the paragraph may lean on.
        let mut periods: BTreeSet<String> =
            fields.iter().filter_map(|f| f.period.clone()).collect();
        for t in &self.times {
            if !self.figures.iter().any(|f| f.first <= t.first && t.first < f.end)
                && !self.is_baseline(t)
                && let Some(p) = t.period(input.date, false)
            {
                periods.insert(p);
            }
        }
        let focus = fields
            .iter()
            .rev()
            .find_map(|f| f.subject)
            .or_else(|| self.preferred_mention(None).map(|m| m.entity));
        if focus.is_some() {
            ctx.focus = focus;
        }
        ctx.previous_periods = periods;
        ctx.previous_focus = focus.or(ctx.focus);
        self.figures.iter().map(|f| f.amount.clone()).zip(fields).collect()
    }

    // -- metric ---------------------------------------------------------------------------

    fn class(&self, i: usize) -> u8 {
        class_of(&self.figures[i].amount)
    }

    /// Hits before figure `i` within its scope: (hit index, distance in tokens).
    fn hits_before(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let start = self.scope_start(i);
        let first = self.list_first(i);
        self.hits
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.first >= start && h.end <= first)
            .map(move |(k, h)| (k, first - h.end))
    }

    /// Hits after figure `i` and before the next figure: (hit index, distance).
    fn hits_after(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let f = &self.figures[i];
        let end = self.scope_end(i);
        let after = f.end;
        self.hits
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.first >= after && h.first < end)
            .map(move |(k, h)| (k, h.first - after))
    }

    fn metric(&self, i: usize) -> (Option<String>, Option<usize>) {
        let class = self.class(i);
        let f = &self.figures[i];
        if class == 0 {
            return (Some("rank".into()), None);
        }
        if class == COUNT
            && let Some(m) = (f.first..f.end).find_map(|k| noun_metric(&self.toks, k))
        {
            return (Some(m.to_string()), None);
        }
        if class == PERCENT
            && let Some(m) = self.change_metric(i)
        {
            return (Some(m), None);
        }
        if class == MULTIPLE {
            let near = self.hits.iter().enumerate().find(|(_, h)| {
                metric_role(h, MULTIPLE).is_some_and(|(_, reach)| {
                    let d = if h.end <= f.first {
                        f.first - h.end
                    } else {
                        h.first.saturating_sub(f.end)
                    };
                    d <= usize::from(reach)
                })
            });
            return match near {
                Some((k, h)) => (metric_role(h, MULTIPLE).map(|(m, _)| m.to_string()), Some(k)),
                None => (None, None),
            };
        }
        let mut best: Option<((bool, usize), usize, &'static str)> = None;
        for (k, d) in self.hits_before(i) {
            if let Some((m, reach)) = metric_role(&self.hits[k], class)
                && d <= usize::from(reach)
            {
                let key = (m == "price", d);
                if best.is_none_or(|(b, _, _)| key < b) {
                    best = Some((key, k, m));
                }
            }
        }
        // "a $157 billion valuation", "35 triệu USD doanh thu": a keyword right after
        // the figure names it unless one stands right before it too.
        let right_after = self.hits_after(i).find_map(|(k, d)| {
            (d == 0).then(|| metric_role(&self.hits[k], class).map(|(m, _)| (k, m))).flatten()
        });
        if let Some((k, m)) = right_after
            && best.is_none_or(|((_, d), _, _)| d >= 1)
        {
            best = Some(((false, 0), k, m));
        }
        if best.is_none() {
            for (k, d) in self.hits_after(i) {
                if let Some((m, _)) = metric_role(&self.hits[k], class)
                    && d <= 3
                    && best.is_none_or(|(b, _, _)| (false, d) < b)
                {
                    best = Some(((false, d), k, m));
                }
            }
        }
        // "20 USD/tháng", "$20 a month", "$30 per user": a price.
        let per_unit = class == MONEY
            && (self
                .toks
                .get(f.end)
                .is_some_and(|t| t.is_punct(&['/']) || t.is_any(&["a", "per", "mỗi", "một"])))
            && self.toks.get(f.end + 1).is_some_and(|t| t.is_any(PER_UNITS))
            // "a year earlier" is a comparison, not a price per year.
            && !self.toks.get(f.end + 2).is_some_and(|t| t.is_any(&["earlier", "ago", "before", "trước"]));
        if per_unit && best.is_none_or(|(_, _, m)| m == "cost") {
            return (Some("price".into()), best.map(|(_, k, _)| k));
        }
        if let Some((_, k, m)) = best {
            return (Some(m.to_string()), Some(k));
        }
        // "nhận 3 tỷ USD từ Acme", "received $1bn from X": money given by someone.
        if class == MONEY
            && self.hits_before(i).any(|(k, d)| d <= 6 && self.hits[k].roles.contains(&Role::Gets))
            && self.mention_after(f.end, &["từ", "from"], 2).is_some()
        {
            return (Some("investment".into()), None);
        }
        (None, None)
    }

    /// "tăng trưởng hơn 100%", "doanh thu tăng 20%", "revenue fell 5%".
    fn change_metric(&self, i: usize) -> Option<String> {
        let is_change = |h: &Hit| h.roles.iter().any(|r| matches!(r, Role::Growth | Role::Decline));
        // "up"/"down" count only right before the figure ("up 33%").
        let loose = |k: usize| self.toks[self.hits[k].first].is_any(&["up", "down"]);
        let cue = self
            .hits_before(i)
            .filter(|(k, d)| *d <= 6 && is_change(&self.hits[*k]) && (*d == 0 || !loose(*k)))
            .min_by_key(|(_, d)| *d)
            .or_else(|| {
                self.hits_after(i)
                    .filter(|(k, d)| *d <= 1 && is_change(&self.hits[*k]))
                    .min_by_key(|(_, d)| *d)
            })
            .map(|(k, _)| k)?;
        let decline = self.hits[cue].roles.contains(&Role::Decline);
        // The quantity that changes sits next to a change word somewhere in the sentence.
        let base = self.hits.iter().enumerate().find_map(|(k, h)| {
            let base = h.roles.iter().find_map(|r| match r {
                Role::Base(b) => Some(*b),
                _ => None,
            })?;
            // Next to each other, or apart only by whose it is ("cổ phiếu của Acme tăng",
            // "shares of Acme rose").
            let owner_gap = |from: usize, to: usize| {
                to - from <= 2
                    || (to - from <= 10
                        && (from..to).all(|t| {
                            self.toks[t].is_any(&["của", "of", "at"])
                                || self.mentions.iter().any(|m| m.first <= t && t < m.end)
                        }))
            };
            let adjacent = self.hits.iter().enumerate().any(|(c, ch)| {
                c != k
                    && is_change(ch)
                    && ((ch.end <= h.first && owner_gap(ch.end, h.first))
                        || (h.end <= ch.first && owner_gap(h.end, ch.first)))
            });
            adjacent.then_some(base)
        });
        let change = if decline { "decline" } else { "growth" };
        Some(match base {
            Some("users" | "visits") if !decline => "user-growth".to_string(),
            Some(b) => format!("{b}-{change}"),
            None => change.to_string(),
        })
    }

    /// A cue of the given role before figure `i` in its scope, or right after it
    /// ("1 tỷ USD mục tiêu", "a $1 billion target"); a goal reaches the figures
    /// coordinated with the one it introduces ("kế hoạch doanh thu X và lợi nhuận Y").
    fn has_cue(&self, i: usize, role: Role) -> bool {
        self.hits_before(i).any(|(k, _)| self.hits[k].roles.contains(&role))
            || self.hits_after(i).any(|(k, d)| d == 0 && self.hits[k].roles.contains(&role))
            || (role == Role::Target
                && i > 0
                && self.coordinated(i - 1)
                && self.has_cue(i - 1, role))
    }

    /// Figures `i` and `i + 1` are coordinated: only "và"/"and", commas and the second
    /// figure's metric words stand between them ("X và lợi nhuận trước thuế Y").
    fn coordinated(&self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.figures.get(i), self.figures.get(i + 1)) else {
            return false;
        };
        let in_metric = |k: usize| {
            self.hits.iter().any(|h| {
                h.first <= k && k < h.end && h.roles.iter().any(|r| matches!(r, Role::Metric(..)))
            })
        };
        b.first > a.end
            && b.first - a.end <= 8
            && (a.end..b.first).any(|k| self.toks[k].is_any(&["và", "and", "cùng"]))
            && (a.end..b.first).all(|k| {
                let t = &self.toks[k];
                t.is_any(&["và", "and", "cùng", "với", "of", "là", "đạt", "at"])
                    || t.is_punct(&[','])
                    || in_metric(k)
            })
    }

    // -- lists ----------------------------------------------------------------------------

    /// "lần lượt là A và B vào năm 2023 và 2024", "A and B in 2023 and 2024, respectively":
    /// pairs the figures of a list with a run of periods, metrics or subjects of the same
    /// length. Returns the figures whose period was set this way.
    fn respectively(
        &self,
        fields: &mut [Fields],
        date: Option<NaiveDate>,
        targets: &[bool],
    ) -> Vec<usize> {
        let mut paired = Vec::new();
        if !self.hits.iter().any(|h| h.roles.contains(&Role::Respectively)) {
            return paired;
        }
        let mut lists: Vec<Vec<usize>> = Vec::new();
        for (i, f) in self.figures.iter().enumerate() {
            match lists.last_mut() {
                Some(l) if self.figures[l[0]].list == f.list => l.push(i),
                _ => lists.push(vec![i]),
            }
        }
        for list in lists.into_iter().filter(|l| l.len() >= 2) {
            let Some(&first) = list.first() else { continue };
            let Some(&last) = list.last() else { continue };
            let (lo, hi) = (self.scope_start(first), self.scope_end(last));
            // Periods.
            let runs = self.runs(
                self.times
                    .iter()
                    .filter(|t| t.first >= lo && t.end <= hi && t.when != When::Nothing)
                    .map(|t| (t.first, t.end))
                    .collect(),
            );
            if let Some(run) = runs.iter().find(|r| r.len() == list.len()) {
                for (&i, &(first, _)) in list.iter().zip(run) {
                    if let Some(t) = self.times.iter().find(|t| t.first == first) {
                        fields[i].period = t.period(date, targets[i]);
                        if fields[i].period.is_some() {
                            paired.push(i);
                        }
                    }
                }
            }
            // Metrics.
            let metric_hits: Vec<(usize, usize)> = self
                .hits
                .iter()
                .filter(|h| h.first >= lo && h.end <= self.figures[first].first)
                .filter(|h| metric_role(h, self.class(first)).is_some())
                .map(|h| (h.first, h.end))
                .collect();
            if let Some(run) = self.runs(metric_hits).into_iter().find(|r| r.len() == list.len()) {
                let class = self.class(first);
                for (&i, &(first, _)) in list.iter().zip(&run) {
                    if let Some(h) = self.hits.iter().find(|h| h.first == first) {
                        fields[i].metric = metric_role(h, class).map(|(m, _)| m.to_string());
                    }
                }
            }
            // Subjects.
            let subjects: Vec<(usize, usize)> = self
                .mentions
                .iter()
                .filter(|m| {
                    m.kind != Kind::Publication
                        && m.first >= lo
                        && m.end <= self.figures[first].first
                })
                .map(|m| (m.first, m.end))
                .collect();
            if let Some(run) = self.runs(subjects).into_iter().find(|r| r.len() == list.len()) {
                // "A và B lần lượt rót X và Y vào C": the run gives the money.
                let gives = run.last().is_some_and(|&(_, end)| {
                    self.hits.iter().any(|h| {
                        h.roles.iter().any(|r| matches!(r, Role::Gives | Role::Buys))
                            && h.first >= end
                            && h.first - end <= 3
                            && (end..h.first).all(|k| self.toks[k].is_any(AUX))
                    })
                });
                for (&i, &(first, _)) in list.iter().zip(&run) {
                    let entity = self.mentions.iter().find(|m| m.first == first).map(|m| m.entity);
                    if gives {
                        fields[i].counterparty = entity;
                    } else {
                        fields[i].subject = entity;
                    }
                }
            }
        }
        paired
    }

    /// Groups token spans into runs joined only by "và", "and", commas or "năm".
    fn runs(&self, spans: Vec<(usize, usize)>) -> Vec<Vec<(usize, usize)>> {
        let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
        for s in spans {
            let joined = runs.last().and_then(|r| r.last()).is_some_and(|&(_, end)| {
                s.0 >= end
                    && s.0 - end <= 2
                    && (end..s.0).all(|k| {
                        self.toks[k].is_any(&["và", "and", "năm", "or", "hoặc"])
                            || self.toks[k].is_punct(&[','])
                    })
            });
            match runs.last_mut() {
                Some(r) if joined => r.push(s),
                _ => runs.push(vec![s]),
            }
        }
        runs
    }

    // -- periods --------------------------------------------------------------------------

    /// Time expressions that sit right after a figure ("35 triệu USD trong năm 2022"):
    /// time index -> figure index.
    fn bound_times(&self) -> Vec<Option<usize>> {
        self.times
            .iter()
            .map(|t| {
                self.figures.iter().position(|f| {
                    t.first >= f.end
                        && t.first - f.end <= 2
                        && (f.end..t.first).all(|k| self.toks[k].is_any(BIND_GAP))
                })
            })
            .collect()
    }

    /// "so với cùng kỳ năm ngoái", "from a year earlier": a period compared against.
    fn is_baseline(&self, t: &TimeExpr) -> bool {
        let right_after = t.first > 0 && self.toks[t.first - 1].is_any(&["from", "than", "over"]);
        right_after
            || self.hits.iter().any(|h| {
                h.roles.contains(&Role::Compare) && h.end <= t.first && t.first - h.end <= 3
            })
    }

    fn period_of<'t>(&'t self, i: usize, bound: &[Option<usize>]) -> Option<&'t TimeExpr> {
        if let Some(k) = bound.iter().position(|b| *b == Some(i)) {
            return self.times.get(k);
        }
        let f = &self.figures[i];
        let free: Vec<(usize, &TimeExpr)> = self
            .times
            .iter()
            .enumerate()
            .filter(|(k, t)| {
                bound[*k].is_none()
                    && !self.figures.iter().any(|g| g.first <= t.first && t.first < g.end)
                    && !self.is_baseline(t)
            })
            .collect();
        let distance = |t: &TimeExpr| {
            if t.end <= f.first { f.first - t.end } else { t.first.saturating_sub(f.end) }
        };
        let same_clause = free
            .iter()
            .filter(|(_, t)| {
                let (a, b) = if t.end <= f.first { (t.end, f.first) } else { (f.end, t.first) };
                !self.clause_break(a, b)
            })
            .min_by_key(|(_, t)| (distance(t), t.first > f.first));
        let before = free.iter().filter(|(_, t)| t.end <= f.first).min_by_key(|(_, t)| distance(t));
        let after = free.iter().filter(|(_, t)| t.first >= f.end).min_by_key(|(_, t)| distance(t));
        same_clause.or(before).or(after).map(|(_, t)| *t)
    }

    // -- parties --------------------------------------------------------------------------

    fn rank(kind: Kind, metric: Option<&str>) -> u8 {
        let base = metric.map(|m| m.trim_end_matches("-target"));
        let products_first = base.is_some_and(|m| PRODUCT_METRICS.contains(&m));
        let people_first = base.is_some_and(|m| PERSON_METRICS.contains(&m));
        match kind {
            Kind::Person if people_first => 0,
            Kind::Product if products_first => 0,
            Kind::Company if products_first || people_first => 1,
            Kind::Company => 0,
            Kind::Product => 1,
            Kind::Person | Kind::Other => 2,
            Kind::Publication => u8::MAX,
        }
    }

    /// The best mention for a metric: preferred kind first, then nearest to `near`
    /// (token index) or first in the sentence.
    fn preferred_mention(
        &self,
        near: Option<(usize, usize, Option<&str>)>,
    ) -> Option<&SentMention> {
        let metric = near.and_then(|n| n.2);
        self.mentions.iter().filter(|m| m.kind != Kind::Publication).min_by_key(|m| {
            let d = match near {
                Some((first, end, _)) => {
                    if m.end <= first {
                        first - m.end
                    } else {
                        m.first.saturating_sub(end)
                    }
                }
                None => m.first,
            };
            (self.is_speaker(m), Self::rank(m.kind, metric), d, m.first)
        })
    }

    /// "Amazon cho biết ...", "..., OpenAI said": the one who speaks is rarely the one
    /// the figure is about when the sentence names another.
    fn is_speaker(&self, m: &SentMention) -> bool {
        self.hits.iter().any(|h| {
            h.roles.contains(&Role::SourceAfter) && h.first >= m.end && h.first - m.end <= 1
        })
    }

    /// A mention right after token `at` introduced by one of `words` (at most `gap`
    /// other tokens before the word).
    fn mention_after(&self, at: usize, words: &[&str], gap: usize) -> Option<&SentMention> {
        (at..(at + gap + 1).min(self.toks.len())).find_map(|k| {
            if self.toks[k].is_any(words) {
                self.mentions.iter().find(|m| m.first == k + 1 && m.kind != Kind::Publication)
            } else {
                None
            }
        })
    }

    /// A mention that is the subject of the verb hit `h` (ends at most a few auxiliary
    /// words before it).
    fn subject_of(&self, h: &Hit) -> Option<&SentMention> {
        self.mentions.iter().rev().find(|m| {
            m.kind != Kind::Publication
                && m.end <= h.first
                && h.first - m.end <= 3
                && (m.end..h.first).all(|k| self.toks[k].is_any(AUX))
        })
    }

    /// The possessive owner: "X's" a few tokens before token `at`.
    fn possessive_before(&self, at: usize) -> Option<&SentMention> {
        self.mentions.iter().rev().find(|m| {
            m.kind != Kind::Publication
                && m.end + 2 <= at
                && at - m.end <= 5
                && self.toks[m.end].is_punct(&['\'', '’'])
                && self.toks.get(m.end + 1).is_some_and(|t| t.is("s"))
        })
    }

    /// Subject and counterparty of figure `i`.
    fn parties(
        &self,
        i: usize,
        metric: Option<&str>,
        hit: Option<usize>,
        giver: Option<EntityId>,
    ) -> (Option<EntityId>, Option<EntityId>) {
        let f = &self.figures[i];
        let base = metric.map(|m| m.trim_end_matches("-target"));
        let near = Some((f.first, f.end, metric));
        let hit = hit.and_then(|k| self.hits.get(k));
        if let Some(flow @ ("investment" | "funding" | "acquisition")) = base {
            return self.flow_parties(i, flow, hit, metric, giver);
        }
        // "bán được 235 triệu chiếc iPhone": what is sold follows the figure.
        if base == Some("units-sold")
            && let Some(m) = self
                .mentions
                .iter()
                .find(|m| m.kind == Kind::Product && m.first >= f.end && m.first - f.end <= 2)
        {
            return (Some(m.entity), None);
        }
        // The owner: "doanh thu (năm 2022) của X", "X's revenue", "revenue of X", "X revenue".
        let owner = hit.and_then(|h| {
            let after_kw = self.mention_after(h.end, &["của", "of"], 4);
            let after_fig = self.mention_after(f.end, &["của", "of"], 1);
            let possessive = self.possessive_before(h.first);
            let adjunct = self.subject_of(h);
            after_kw.or(after_fig).or(possessive).or(adjunct)
        });
        let subject = owner.or_else(|| self.preferred_mention(near)).map(|m| m.entity);
        let counterparty = self
            .mention_after(f.end, &["từ", "from"], 2)
            .or_else(|| hit.and_then(|h| self.mention_after(h.end, &["từ", "from"], 0)))
            .map(|m| m.entity)
            .filter(|e| Some(*e) != subject);
        (subject, counterparty)
    }

    /// Money moving between two parties: the receiver is the subject, the giver the
    /// counterparty.
    fn flow_parties(
        &self,
        i: usize,
        flow: &str,
        hit: Option<&Hit>,
        metric: Option<&str>,
        known_giver: Option<EntityId>,
    ) -> (Option<EntityId>, Option<EntityId>) {
        let f = &self.figures[i];
        let (start, end) = (self.scope_start(i), self.scope_end(i));
        // The end of the figure's list: "rót 3 tỷ USD và 1 tỷ USD vào C".
        let list_end =
            self.figures.iter().filter(|g| g.list == f.list).map(|g| g.end).max().unwrap_or(f.end);
        let in_scope = |m: &&SentMention| m.first >= start && m.first < end;
        let mut giver: Option<&SentMention> =
            known_giver.and_then(|g| self.mentions.iter().find(|m| m.entity == g));
        let mut receiver: Option<&SentMention> = None;
        // After the figure: "từ X"/"from X" gives, "vào X"/"in X"/"cho X" receives.
        for at in [f.end, list_end] {
            giver = giver.or(self.mention_after(at, &["từ", "from"], 2));
            receiver = receiver.or(self.mention_after(at, &["vào", "in", "into", "cho", "to"], 2));
        }
        // "khoản đầu tư (10 tỷ USD) của X": the investor; "vòng gọi vốn của X": the raiser.
        let of = hit
            .and_then(|h| self.mention_after(h.end, &["của", "by"], 1))
            .or_else(|| self.mention_after(f.end, &["của", "by"], 1));
        if let Some(m) = of {
            if flow == "investment" {
                giver = giver.or(Some(m));
            } else {
                receiver = receiver.or(Some(m));
            }
        }
        for h in self.hits.iter().filter(|h| h.first >= start && h.first < end) {
            if h.roles.contains(&Role::Gives) {
                giver = giver.or(self.subject_of(h));
                receiver = receiver.or(self.mention_after(h.end, &["vào", "in", "into", "cho"], 3));
            }
            if h.roles.contains(&Role::Gets) {
                receiver = receiver.or(self.subject_of(h));
                giver = giver.or(self.mention_after(h.end, &["từ", "from"], 3));
            }
            if h.roles.contains(&Role::Buys) {
                giver = giver.or(self.subject_of(h));
                receiver = receiver.or(self
                    .mentions
                    .iter()
                    .find(|m| m.first == h.end && m.kind != Kind::Publication));
            }
        }
        if let Some(h) = hit
            && let Some(m) = self.possessive_before(h.first)
        {
            if flow == "investment" {
                giver = giver.or(Some(m));
            } else {
                receiver = receiver.or(Some(m));
            }
        }
        let giver_id = giver.map(|m| m.entity);
        if receiver.is_none() && self.unknown_receiver(i) {
            // The money goes to someone the registry does not know: no subject, and
            // whoever acts in the sentence is the giver.
            let actor = giver_id.or_else(|| {
                self.mentions
                    .iter()
                    .filter(in_scope)
                    .filter(|m| m.kind != Kind::Publication)
                    .min_by_key(|m| Self::rank(m.kind, metric))
                    .map(|m| m.entity)
            });
            return (None, actor);
        }
        let subject = receiver
            .map(|m| m.entity)
            .filter(|e| Some(*e) != giver_id)
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(in_scope)
                    .filter(|m| m.kind != Kind::Publication && Some(m.entity) != giver_id)
                    .min_by_key(|m| {
                        let d = if m.end <= f.first {
                            f.first - m.end
                        } else {
                            m.first.saturating_sub(f.end)
                        };
                        (Self::rank(m.kind, metric), d)
                    })
                    .map(|m| m.entity)
            })
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(|m| m.kind != Kind::Publication && Some(m.entity) != giver_id)
                    .min_by_key(|m| Self::rank(m.kind, metric))
                    .map(|m| m.entity)
            });
        // No receiver named: the caller may find one in the paragraph, else the
        // giver stands as the subject.
        let counterparty = giver_id.filter(|g| Some(*g) != subject);
        (subject, counterparty)
    }

    /// "invest $4 billion in Anthropic", "rót 4 tỷ USD vào Anthropic": a receiver is
    /// named right after the figure (or its list) but is no entity of the registry.
    fn unknown_receiver(&self, i: usize) -> bool {
        let f = &self.figures[i];
        let list_end =
            self.figures.iter().filter(|g| g.list == f.list).map(|g| g.end).max().unwrap_or(f.end);
        let known = |k: usize| self.mentions.iter().any(|m| m.first <= k && k < m.end);
        let timed = |k: usize| self.times.iter().any(|t| t.first <= k && k < t.end);
        [f.end, list_end].into_iter().any(|at| {
            (at..(at + 3).min(self.toks.len())).any(|k| {
                self.toks[k].is_any(&["vào", "in", "into", "cho"])
                    && self.toks.get(k + 1).is_some_and(|n| {
                        n.kind == TokKind::Word
                            && n.capital
                            && !known(k + 1)
                            && !timed(k + 1)
                            && !n.is_any(COMMON_ACRONYMS)
                    })
            })
        })
    }

    /// The publication the sentence cites.
    fn source(&self) -> Option<EntityId> {
        let pubs: Vec<&SentMention> =
            self.mentions.iter().filter(|m| m.kind == Kind::Publication).collect();
        let cued = pubs.iter().find(|m| {
            self.hits.iter().any(|h| {
                (h.roles.contains(&Role::SourceBefore) && h.end <= m.first && m.first - h.end <= 6)
                    || (h.roles.contains(&Role::SourceAfter)
                        && h.first >= m.end
                        && h.first - m.end <= 2)
            })
        });
        match (cued, pubs.as_slice()) {
            (Some(m), _) => Some(m.entity),
            (None, [only]) => Some(only.entity),
            (None, all) => {
                let first = all.first()?.entity;
                all.iter().all(|m| m.entity == first).then_some(first)
            }
        }
    }
}

/// Whether a sentence without a known mention may take the paragraph's subject: it
/// points back to it, or it names nothing the registry does not know (a capitalised
/// word that is no acronym, not the usual first word, not part of a figure or date).
fn leans_on_context(text: &str, toks: &[Tok], lang: Lang, known: impl Fn(usize) -> bool) -> bool {
    let anaphor = (0..toks.len()).any(|k| {
        ANAPHORS
            .iter()
            .any(|a| a.iter().enumerate().all(|(j, w)| toks.get(k + j).is_some_and(|t| t.is(w))))
    });
    if anaphor {
        return true;
    }
    let name = toks.iter().enumerate().any(|(k, t)| {
        let raw = text.get(t.range.clone()).unwrap_or("");
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let acronym = raw.chars().all(|c| !c.is_lowercase());
        let after_mark = k > 0 && toks[k - 1].is_punct(&['"', '“', '\'', '‘', ':', '(', '-', '–']);
        if t.kind != TokKind::Word || !capital || acronym || known(k) || after_mark {
            return false;
        }
        if k > 0 {
            return true;
        }
        match lang {
            Lang::En => !EN_OPENERS.contains(&t.lower.as_str()),
            // Vietnamese syllables rarely run to six ASCII letters; foreign names do.
            Lang::Vi => raw.is_ascii() && raw.len() >= 6,
        }
    });
    !name
}

/// The metric a hit names for figures of `class`, with its reach.
fn metric_role(h: &Hit, class: u8) -> Option<(&'static str, u8)> {
    h.roles.iter().find_map(|r| match r {
        Role::Metric(m, classes, reach) if classes & class != 0 => Some((*m, *reach)),
        _ => None,
    })
}

/// The quote for a figure: its sentence, clipped to the verbatim text piece the figure
/// starts in (so the quote never holds Markdown markup and occurs in the body as is).
fn quote_range(prose: &Prose, sentence: &Range<usize>, span: &Range<usize>) -> Range<usize> {
    let k = prose.pieces.partition_point(|p| p.end <= span.start);
    let piece = prose.pieces.get(k).filter(|p| p.start <= span.start).cloned();
    let (mut start, mut end) = match piece {
        Some(p) => (sentence.start.max(p.start), sentence.end.min(p.end)),
        None => (sentence.start, sentence.end),
    };
    if start > span.start || end < span.end {
        (start, end) = (span.start, span.end);
    }
    let text = prose.text.get(start..end).unwrap_or("");
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    if start + lead <= span.start && end - trail >= span.end {
        start += lead;
        end -= trail;
    }
    start..end
}

#[cfg(test)]
mod tests;
