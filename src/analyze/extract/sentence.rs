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
    ANAPHORS, FORECAST_ONLY, Hit, PERSON_METRICS, Role, Tok, TokKind, keywords, tokenize,
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
            } else if estimates[i] {
                // The figure keeps its own hedge ("about", a range) in its
                // amount: a forecast of about $2 billion is both.
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
