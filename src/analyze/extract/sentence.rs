//! Clause segmentation: one sentence as tokens, keyword hits, time expressions,
//! figures and mentions, cut into scopes and clauses, and the per-sentence inference
//! that combines the metric, period and subject rules into [`Fields`].
//!
//! Rules: figures are read one sentence at a time; a clause break (";", "còn", "while"
//! ...) bounds what a keyword or mention may reach; coordinated figures share a goal
//! and a period; "10 tỷ USD (khoảng 235.000 tỷ đồng)" restates one figure.

use super::context::BlockContext;
use super::{Input, Kind, Mention, affiliation_of, kind_of};
use crate::figures;
use crate::figures::Amount;
use crate::figures::lexicon::{
    ANAPHORS, FORECAST_ONLY, Hit, MONEY, PERCENT, PERSON_METRICS, Role, Tok, TokKind, keywords,
    tokenize,
};
use crate::figures::period::{TimeExpr, find_times};
use crate::i18n::Lang;
use crate::model::EntityId;
use crate::text::prose::Prose;
use std::collections::BTreeSet;
use std::ops::Range;

/// A mention within one sentence.
#[derive(Debug, Clone)]
pub(super) struct SentMention {
    pub(super) entity: EntityId,
    pub(super) kind: Kind,
    /// Token range.
    pub(super) first: usize,
    pub(super) end: usize,
}

/// A figure within one sentence.
#[derive(Debug, Clone)]
pub(super) struct Figure {
    pub(super) amount: Amount,
    pub(super) first: usize,
    pub(super) end: usize,
    /// Index of the first figure of the list this one belongs to.
    pub(super) list: usize,
}

pub(super) struct Sentence {
    pub(super) range: Range<usize>,
    pub(super) toks: Vec<Tok>,
    pub(super) hits: Vec<Hit>,
    pub(super) times: Vec<TimeExpr>,
    pub(super) figures: Vec<Figure>,
    pub(super) mentions: Vec<SentMention>,
    /// The sentence may speak of the paragraph's subject without naming it: it
    /// points back ("công ty", "it") or names nothing the registry does not know.
    pub(super) leans: bool,
}

/// Capitalised words that name fields, not organisations ("đầu tư vào AI").
pub(super) const COMMON_ACRONYMS: &[&str] =
    &["ai", "it", "ev", "evs", "ar", "vr", "iot", "r", "ai's", "gpu", "gpus", "cloud"];

/// Common English sentence openers, so that a capitalised first word is not taken
/// for the name of an unknown company.
pub(super) const EN_OPENERS: &[&str] = &[
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
pub(super) struct Fields {
    pub(super) subject: Option<EntityId>,
    pub(super) metric: Option<String>,
    pub(super) period: Option<String>,
    pub(super) counterparty: Option<EntityId>,
    pub(super) according_to: Option<EntityId>,
    pub(super) qualifier: &'static str,
    pub(super) equivalent: bool,
}

/// Words that may separate two figures of one list ("200 triệu USD và 1 tỷ USD").
pub(super) const LIST_GAP: &[&str] = &[
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
pub(super) const BIND_GAP: &[&str] = &[
    "vào", "trong", "cho", "của", "in", "for", "during", "of", "hồi", "tính", "đến", "by", "as",
    "at",
];

/// Words that may stand between an entity and the verb it is the subject of.
pub(super) const AUX: &[&str] = &[
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
    pub(super) fn new(
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

    /// Amounts whose currency the paragraph implies: a bare scaled number ("118 triệu",
    /// "4.8bn") after money, unless a counting word names what it counts; cents and "xu"
    /// of the currency the sentence or paragraph uses (euro cents in a euro story).
    pub(super) fn imply_currency(&mut self, paragraph: Option<&'static str>) {
        const SCALES: &[&str] = &[
            "triệu", "tỷ", "tỉ", "nghìn", "ngàn", "million", "billion", "trillion", "thousand",
            "bn", "mn", "m", "k", "tn", "b",
        ];
        for i in 0..self.figures.len() {
            let f = &self.figures[i];
            let before = self.figures[..i].iter().rev().find_map(|g| g.amount.currency);
            let last = self.toks.get(f.end.saturating_sub(1)).map(|t| t.lower.as_str());
            let bare = f.amount.unit == Some(figures::Unit::Count)
                && f.amount.per.is_none()
                && last.is_some_and(|w| SCALES.contains(&w));
            if bare
                && let Some(currency) = before.or(paragraph)
                && self.metric(i).0.is_none()
            {
                let a = &mut self.figures[i].amount;
                (a.currency, a.unit, a.currency_implied) = (Some(currency), None, true);
                continue;
            }
            let cents = f.amount.currency == Some("USD")
                && self.toks[f.first..f.end.min(self.toks.len())]
                    .iter()
                    .any(|t| t.is_any(&["cents", "cent", "xu"]));
            let other = self
                .figures
                .iter()
                .find_map(|g| g.amount.currency.filter(|c| *c != "USD" && matches!(*c, "EUR")));
            if cents && let Some(c) = other.or(paragraph.filter(|c| *c == "EUR")) {
                let a = &mut self.figures[i].amount;
                (a.currency, a.currency_implied) = (Some(c), true);
            }
        }
    }

    /// Token index where the stretch of text that may describe figure `i` begins: just
    /// after the previous figure that is not in the same list.
    pub(super) fn scope_start(&self, i: usize) -> usize {
        let list = self.figures[i].list;
        if list == 0 { 0 } else { self.figures[list - 1].end }
    }

    /// Token index where the stretch after figure `i` ends: the next figure.
    pub(super) fn scope_end(&self, i: usize) -> usize {
        self.figures.get(i + 1).map_or(self.toks.len(), |f| f.first)
    }

    /// The first token of figure `i`'s list.
    pub(super) fn list_first(&self, i: usize) -> usize {
        self.figures[self.figures[i].list].first
    }

    pub(super) fn clause_break(&self, from: usize, to: usize) -> bool {
        (from.min(to)..from.max(to)).any(|k| {
            let t = &self.toks[k];
            t.is_punct(&[',', ';', ':', '(', ')', '—', '–']) || t.is_any(&["nhưng", "but", "while"])
        })
    }

    pub(super) fn infer(&self, input: &Input<'_>, ctx: &mut BlockContext) -> Vec<(Amount, Fields)> {
        let n = self.figures.len();
        let mut fields: Vec<Fields> = (0..n).map(|_| Fields::default()).collect();
        let mut targets = vec![false; n];
        let mut estimates = vec![false; n];
        let mut metric_hits: Vec<Option<usize>> = vec![None; n];
        let mut forecasts = vec![false; n];
        for i in 0..n {
            let (metric, hit) = self.metric(i);
            let mut metric = self.refine_metric(i, metric, hit);
            if metric.as_deref() == Some("previous-rate") {
                metric = ctx.last_percent_metric.clone();
            }
            fields[i].metric = metric;
            metric_hits[i] = hit;
            targets[i] = self.has_cue(i, Role::Target);
            estimates[i] = self.has_cue(i, Role::Estimate);
            forecasts[i] = self.has_cue(i, Role::Forecast) && !targets[i];
            estimates[i] |= forecasts[i];
        }
        for i in 1..n {
            if fields[i].metric.is_none() {
                let metrics: Vec<Option<String>> =
                    fields.iter().map(|f| f.metric.clone()).collect();
                fields[i].metric = self.continued_metric(i, &metrics);
                if fields[i].metric.is_some() && targets[i - 1] {
                    targets[i] = true;
                }
            }
        }
        // "Analysts had expected $75.3 billion": a forecast of what the paragraph reports.
        for i in 0..n {
            if forecasts[i] && fields[i].metric.is_none() && self.class(i) == MONEY {
                fields[i].metric = ctx.last_money_metric.clone();
            }
            let revenue = fields[i].metric.as_deref() == Some("revenue");
            // "expects revenue of $9 million, up from $2 million": the baseline is history.
            let baseline = self
                .hits_before(i)
                .any(|(k, d)| d <= 3 && self.hits[k].roles.contains(&Role::Compare));
            if revenue && !baseline && (forecasts[i] || (estimates[i] && !targets[i])) {
                fields[i].metric = Some("revenue-projection".into());
            }
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
                    .map(|m| trim_suffix(trim_suffix(m, "-target"), "-projection").to_string());
            }
        }
        let paired = self.respectively(&mut fields, input.date, &targets);
        // A fiscal period is the calendar period of the fiscal year of whoever the
        // sentence (else the paragraph) is about.
        let fiscal_end = input.registry.as_ref().and_then(|reg| {
            let named = self.mentions.iter().map(|m| m.entity);
            named.chain(ctx.focus).find_map(|e| fiscal_year_end(reg, e))
        });
        let bound = self.bound_times();
        let according_to = self.source();
        let has_subject_mention = self.mentions.iter().any(|m| m.kind != Kind::Publication);
        for i in 0..n {
            let f = &mut fields[i];
            // Nobody aims for a loss: a goal word makes it a forecast (an estimate).
            let looks_ahead = targets[i] || forecasts[i];
            if targets[i] && f.metric.as_deref().is_some_and(|m| FORECAST_ONLY.contains(&m)) {
                targets[i] = false;
                estimates[i] = true;
            }
            let target = targets[i];
            if let Some(m) = &f.metric
                && target
                && m == "revenue"
            {
                f.metric = Some(format!("{m}-target"));
            }
            if f.period.is_none() && !paired.contains(&i) {
                f.period = self
                    .period_of(i, &bound)
                    .and_then(|t| t.period_with(input.date, target, fiscal_end));
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
                    .is_some_and(|m| PERSON_METRICS.contains(&trim_suffix(m, "-target")))
            {
                let focus = ctx.focus.filter(|&e| kind_of(reg, e) != Kind::Person);
                f.subject = affiliation_of(reg, s).or(focus).or(f.subject);
            }
            if f.subject.is_none() && !has_subject_mention && self.leans {
                // A change with no owner ("The market grew 5%") is nobody's unless a
                // figure of the sentence owns it (below).
                let change = f
                    .metric
                    .as_deref()
                    .is_some_and(|m| m.ends_with("growth") || m.ends_with("decline"));
                f.subject = if change { ctx.focus } else { ctx.focus.or(ctx.article_focus) };
            }
            // Money given with no receiver named ("Acme cam kết đầu tư 2 tỷ USD")
            // goes to the paragraph's subject, else the giver is the subject; a receiver
            // named but unknown to the registry leaves the figure without a subject.
            if f.subject.is_none()
                && !self.unknown_receiver(i)
                && let Some(giver) = f.counterparty
            {
                let to = ctx.focus.or(ctx.article_focus).filter(|&e| e != giver);
                f.subject = to.or(Some(giver));
            }
            self.settle_parties(i, f, input, ctx);
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
            } else if estimates[i] {
                // The figure keeps its own hedge ("about", a range) in its
                // amount: a forecast of about $2 billion is both.
                "estimate"
            } else {
                figures::qualifier_name(a.qualifier)
            };
        }
        self.settle_periods(&mut fields, &forecasts, &targets, input, ctx, fiscal_end);
        // "fell 3% to €1.92 billion": a change belongs to the figure it describes.
        for i in 0..n {
            let change = fields[i]
                .metric
                .as_deref()
                .is_some_and(|m| m.ends_with("growth") || m.ends_with("decline"));
            if change && fields[i].subject.is_none() {
                let owner = fields.iter().filter_map(|f| f.subject).next();
                fields[i].subject = owner;
            }
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
                && let Some(p) = t.period_with(input.date, false, fiscal_end)
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
        for (i, f) in fields.iter().enumerate() {
            let base = f
                .metric
                .as_deref()
                .map(|m| trim_suffix(trim_suffix(m, "-target"), "-projection").to_string());
            match self.class(i) {
                MONEY if base.is_some() => ctx.last_money_metric = base,
                PERCENT if base.is_some() => ctx.last_percent_metric = base,
                _ => {}
            }
        }
        ctx.previous_periods = periods;
        ctx.previous_focus = focus.or(ctx.focus);
        self.figures.iter().map(|f| f.amount.clone()).zip(fields).collect()
    }
}

/// The month a registry entity's fiscal year ends in (`fiscal-year-end = "06-30"`).
fn fiscal_year_end(reg: &super::Registry<'_>, e: EntityId) -> Option<u32> {
    let entity = reg.entities.get(e.0 as usize)?;
    let (_, v) = entity.facts.iter().find(|(k, _)| k == "fiscal-year-end")?;
    figures::fiscal::parse_year_end(v)
}

/// Metrics that state how things stand (PRODUCT.md §5): dated to the article's month
/// unless their own clause dates them.
const STATE_METRICS: &[&str] = &[
    "valuation",
    "market-cap",
    "stake",
    "stake-value",
    "users",
    "employees",
    "price",
    "cash-burn",
];

/// Metrics of a period's results: with no period of their own they belong to the report
/// the article is about ("trong quý", "in the quarter").
const FLOW_METRICS: &[&str] = &[
    "revenue",
    "net-income",
    "net-loss",
    "operating-loss",
    "cost",
    "spending",
    "growth",
    "decline",
    "buyback",
    "dividend",
    "revenue-share-received",
    "investment-loss",
];

/// Terms of an agreement: they hold over its life, not for a period.
const TERMS: &[&str] = &["profit-share", "revenue-share-rate", "recoup-threshold"];

/// Words of commitments that run ahead: no report period for their sums.
const COMMITMENTS: &[&str] = &["next", "committed", "contract", "deal", "tới", "hợp"];

/// Words that make a figure cumulative: no period of its own ("since 2019").
const CUMULATIVE: &[&str] = &["since", "kể", "tính"];

/// Words that make money flows news of the day: a round, "vừa".
const NEWS: &[&str] = &["round", "vòng", "vừa", "series"];

impl Sentence {
    /// The roles of PRODUCT.md §5 once the first pass named the parties: an anaphor as
    /// the clause's subject ("the company has committed ...") is the article's company;
    /// a stake reads holder → company; `investment` reads investor → investee; a
    /// two-party figure with one party named takes the other from the paragraph.
    fn settle_parties(&self, i: usize, f: &mut Fields, input: &Input<'_>, ctx: &mut BlockContext) {
        let fig = &self.figures[i];
        if f.counterparty == f.subject {
            f.counterparty = None;
        }
        let metric = f.metric.clone().unwrap_or_default();
        let base = trim_suffix(&metric, "-target");
        let (start, end) = (self.clause_start(i), self.clause_end(i));
        let mentioned = |from: usize, to: usize| {
            self.mentions.iter().any(|m| {
                m.kind != Kind::Publication
                    && m.first >= from
                    && m.first < to
                    && !self.is_speaker(m)
            })
        };
        let in_mention = |k: usize| self.mentions.iter().any(|m| m.first <= k && k < m.end);
        // "the company has committed to $1.4tn", "công ty nhận từ ...", "valuing the
        // company at $4.2 billion": the company the text is about.
        let _ = end;
        let anaphor = (start..(fig.end + 4).min(self.toks.len())).any(|k| {
            !in_mention(k)
                && (self.toks[k].is("it") && k < fig.first
                    || (self.toks[k].is("company") && k > 0 && self.toks[k - 1].is("the"))
                    || (self.toks[k].is("công")
                        && self.toks.get(k + 1).is_some_and(|t| t.is("ty"))
                        && !self.toks.get(k + 2).is_some_and(|t| t.is("con"))))
        });
        if anaphor && !mentioned(start, fig.first) && !matches!(base, "stake" | "stake-value") {
            let company = ctx.article_focus.or(ctx.focus);
            if base == "investment" {
                f.counterparty = f.counterparty.or(company);
            } else if company.is_some() {
                f.subject = company;
            }
        }
        // A listed company's value is its market capitalisation, not a valuation: the
        // registry says it is listed (`ticker`, `exchange`) or the sentence trades shares.
        if base == "valuation" {
            let listed = input.registry.as_ref().zip(f.subject).is_some_and(|(reg, e)| {
                reg.entities.get(e.0 as usize).is_some_and(|en| {
                    en.facts
                        .iter()
                        .any(|(k, _)| matches!(k.as_str(), "ticker" | "exchange" | "listed"))
                })
            });
            let trading = self.toks.iter().any(|t| t.is_any(&["shares", "stock", "cổ", "sàn"]));
            if listed || trading {
                f.metric = Some("market-cap".into());
            }
        }
        // A one-party figure whose only candidate acts in another relation ("Analysts at
        // Bernstein ... forecasting revenue of $125bn"): the company the text is about.
        if !crate::i18n::is_two_party(base)
            && let Some(s) = f.subject
            && self.mentions.iter().filter(|m| m.entity == s).all(|m| self.demoted(m))
            && self.mentions.iter().any(|m| m.entity == s)
            && let Some(focus) = ctx.focus.or(ctx.article_focus).filter(|&e| e != s)
        {
            f.subject = Some(focus);
        }
        if !crate::i18n::is_two_party(base) && base != "cost" {
            f.counterparty = None;
        }
        // "including a $300bn contract with Oracle": part of the figure before.
        let including = (fig.first.saturating_sub(3)..fig.first)
            .any(|k| self.toks[k].is_any(&["including", "gồm", "bao"]));
        if including && i > 0 {
            f.subject = ctx.last_subject.or(f.subject);
        }
        if base == "cost"
            && let Some(m) = self.mention_after(fig.end, &["with", "với", "cho"], 2)
        {
            f.counterparty = Some(m.entity);
        }
        if matches!(base, "stake" | "stake-value") {
            let same_sentence = self.figures[..i]
                .iter()
                .any(|g| g.amount.unit == Some(crate::figures::Unit::Percent))
                && base == "stake-value";
            if same_sentence && let Some((s, c)) = ctx.last_pair {
                (f.subject, f.counterparty) = (Some(s), Some(c));
            } else {
                let (holder, company, anaphoric) = self.stake_parties(i);
                let company = company.or_else(|| {
                    if anaphoric { ctx.last_pair.map(|p| p.1).or(ctx.article_focus) } else { None }
                });
                if holder.is_some() || company.is_some() {
                    f.subject = holder.or(f.subject);
                    f.counterparty = company.filter(|c| Some(*c) != f.subject);
                }
            }
        }
        // Roles: the flow inference names the receiver first; an investment reads from
        // the investor.
        if base == "investment" && f.counterparty.is_some() {
            std::mem::swap(&mut f.subject, &mut f.counterparty);
        }
        if crate::i18n::is_two_party(base) && f.subject.is_some() && f.counterparty.is_none() {
            let s = f.subject;
            let from_pair = ctx.last_pair.and_then(|(a, b)| {
                if Some(a) == s {
                    Some(b)
                } else if Some(b) == s {
                    Some(a)
                } else {
                    None
                }
            });
            let other = self
                .mentions
                .iter()
                .filter(|m| m.kind == Kind::Company && Some(m.entity) != s)
                .map(|m| m.entity)
                .next();
            let maker = input.registry.as_ref().and_then(|reg| {
                self.mentions
                    .iter()
                    .filter(|m| m.kind == Kind::Product)
                    .find_map(|m| super::maker_of(reg, m.entity))
                    .filter(|e| Some(*e) != s)
            });
            f.counterparty = from_pair.or(other).or(maker);
        }
        if crate::i18n::is_two_party(base)
            && let (Some(a), Some(b)) = (f.subject, f.counterparty)
            && a != b
        {
            ctx.last_pair = Some((a, b));
        }
        if f.subject.is_some() {
            ctx.last_subject = f.subject;
        }
    }

    /// One past the last token of figure `i`'s clause.
    fn clause_end(&self, i: usize) -> usize {
        let end = self.figures[i].end;
        (end..self.toks.len())
            .find(|&k| {
                let t = &self.toks[k];
                t.is_punct(&[',', ';', ':', '(', ')', '—', '–'])
                    || t.is_any(&["nhưng", "but", "while", "còn", "against", "whereas"])
            })
            .unwrap_or(self.toks.len())
    }

    /// The clause → sentence → report rule of PRODUCT.md §5 for what the first pass
    /// could not tell: cumulative figures get no year, states the article's month, flows
    /// the report's period, baselines "a year earlier" the year before.
    fn settle_periods(
        &self,
        fields: &mut [Fields],
        forecasts: &[bool],
        targets: &[bool],
        input: &Input<'_>,
        ctx: &mut BlockContext,
        fiscal_end: Option<u32>,
    ) {
        let month = input.date.map(|d| d.format("%Y-%m").to_string());
        let news_here = self.toks.iter().any(|t| t.is_any(NEWS));
        if news_here {
            ctx.news = true;
        }
        let has_times = self.times.iter().any(|t| t.when != figures::period::When::Nothing);
        for i in 0..fields.len() {
            let (start, end) = (self.clause_start(i), self.clause_end(i));
            // The clause, up to the next figure.
            let end =
                self.figures.get(i + 1).map_or(end, |g| end.min(g.first.max(self.figures[i].end)));
            let clause_time = self
                .times
                .iter()
                .filter(|t| t.first >= start && t.end <= end && !self.is_baseline(t))
                .find_map(|t| t.period_with(input.date, targets[i], fiscal_end));
            let cumulative = (start..end).any(|k| {
                let t = &self.toks[k];
                t.is("since")
                    || (t.is_any(CUMULATIVE) && self.toks.get(k + 1).is_some_and(|n| n.is("từ")))
                    || (t.is("to") && self.toks.get(k + 1).is_some_and(|n| n.is("date")))
            }) || (start..end).any(|k| {
                self.toks[k].is("tổng")
                    && self.toks.get(k + 1).is_some_and(|n| n.is_any(&["số", "cộng"]))
            });
            let metric = fields[i].metric.clone().unwrap_or_default();
            let base = trim_suffix(&metric, "-target");
            let f = &mut fields[i];
            if cumulative {
                f.period = None;
                continue;
            }
            // Terms of a deal and figures no metric names are dated by their clause only.
            if base.is_empty() || TERMS.contains(&base) {
                f.period = clause_time.clone();
                continue;
            }
            // A time in a clause of its own dates the sentence ("Vào tháng 3 năm nay,
            // Widget có ...", "Tháng 7/2019, Microsoft rót ..."); one inside another
            // figure's clause or in a relative clause ("which first backed Lumen in
            // 2022") does not.
            let free = self
                .times
                .iter()
                .filter(|t| !self.is_baseline(t) && !self.in_relative_clause(t.first))
                .filter(|t| {
                    (0..self.figures.len()).all(|j| {
                        j == i || !(self.clause_start(j) <= t.first && t.end <= self.clause_end(j))
                    })
                })
                .find_map(|t| t.period_with(input.date, false, fiscal_end));
            let f = &mut fields[i];
            if STATE_METRICS.contains(&base) && !targets[i] {
                f.period = clause_time.clone().or(free).or_else(|| month.clone());
            } else if matches!(base, "investment" | "funding") {
                f.period = clause_time
                    .clone()
                    .or(free)
                    .or_else(|| (news_here || ctx.news).then(|| month.clone()).flatten());
            } else if f.period.is_none()
                && FLOW_METRICS.contains(&base)
                && !forecasts[i]
                && !targets[i]
                && (!has_times || (start..end).any(|k| self.toks[k].is_any(&["quý", "quarter"])))
                && !self.toks.iter().any(|t| t.is_any(COMMITMENTS))
            {
                f.period = ctx.report_period.clone();
            }
            // "over the same period", "cùng kỳ": the period of the figure before.
            let same = (start..end).any(|k| {
                self.toks[k].is("same") && self.toks.get(k + 1).is_some_and(|n| n.is("period"))
            });
            if same && i > 0 {
                let prev = fields[i - 1].period.clone();
                fields[i].period = prev;
            }
        }
        // "up from $34 million a year earlier": the period before the figure it follows.
        for i in 1..fields.len() {
            let f = &self.figures[i];
            let year_before = (f.end..(f.end + 2).min(self.toks.len())).any(|k| {
                self.toks[k].is_any(&["a", "one"])
                    && self.toks.get(k + 1).is_some_and(|n| n.is("year"))
                    && self.toks.get(k + 2).is_some_and(|n| n.is_any(&["earlier", "ago", "before"]))
            });
            let baseline = self
                .hits_before(i)
                .any(|(k, d)| d <= 3 && self.hits[k].roles.contains(&Role::Compare));
            if year_before
                && baseline
                && let Some(p) = fields[i - 1].period.clone()
            {
                fields[i].period = Some(shift_year(&p, -1));
            }
        }
        if ctx.report_period.is_none() {
            ctx.report_period = fields
                .iter()
                .filter_map(|f| f.period.clone())
                .find(|p| p.contains('Q') || p.contains('H'));
        }
    }

    /// Token `k` lies in a relative clause: ", which ...", ", vốn ...".
    fn in_relative_clause(&self, k: usize) -> bool {
        (0..k).rev().find(|&j| self.toks[j].is_punct(&[','])).is_some_and(|j| {
            self.toks.get(j + 1).is_some_and(|t| t.is_any(&["which", "that", "who", "vốn", "mà"]))
        })
    }
}

/// A period moved by `delta` years: "2025-H1" -> "2024-H1", "2025-Q1..2025-Q3" -> ...
fn shift_year(p: &str, delta: i32) -> String {
    p.split("..")
        .map(|part| match part.get(..4).and_then(|y| y.parse::<i32>().ok()) {
            Some(y) => format!("{:04}{}", y + delta, &part[4..]),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("..")
}

/// Whether a sentence without a known mention may take the paragraph's subject: it
/// points back to it, or it names nothing the registry does not know (a capitalised
/// word that is no acronym, not the usual first word, not part of a figure or date).
pub(super) fn leans_on_context(
    text: &str,
    toks: &[Tok],
    lang: Lang,
    known: impl Fn(usize) -> bool,
) -> bool {
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

/// `text` without any number of `suffix`es at its end, as `str::trim_end_matches`
/// gives it, without building a string searcher per call (metric names are read
/// this way for every figure).
pub(super) fn trim_suffix<'t>(text: &'t str, suffix: &str) -> &'t str {
    let mut text = text;
    while let Some(rest) = text.strip_suffix(suffix).filter(|_| !suffix.is_empty()) {
        text = rest;
    }
    text
}

/// The quote for a figure: its sentence, clipped to the verbatim text piece the figure
/// starts in (so the quote never holds Markdown markup and occurs in the body as is).
pub(super) fn quote_range(
    prose: &Prose,
    sentence: &Range<usize>,
    span: &Range<usize>,
) -> Range<usize> {
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
