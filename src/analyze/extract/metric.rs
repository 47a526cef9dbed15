//! Metric inference: the figure's kind (money, count, percent, multiple, rank) and the
//! nearest lexicon keyword before it (or right after it) in the same stretch of the
//! sentence.
//!
//! Rules: a goal word before the figure makes it a target (`revenue-target`); a
//! baseline after "so với"/"up from" measures what the figure before it measures;
//! "lần lượt"/"respectively" pairs a list of figures with a list of metrics and periods.

use super::Kind;
use super::context::class_of;
use super::sentence::{AUX, Fields, Sentence};
use crate::figures::lexicon::{COUNT, Hit, MONEY, MULTIPLE, PER_UNITS, PERCENT, Role, noun_metric};
use crate::figures::period::When;
use chrono::NaiveDate;

impl Sentence {
    pub(super) fn class(&self, i: usize) -> u8 {
        class_of(&self.figures[i].amount)
    }

    /// Hits before figure `i` within its scope: (hit index, distance in tokens).
    pub(super) fn hits_before(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let start = self.scope_start(i);
        let first = self.list_first(i);
        self.hits
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.first >= start && h.end <= first)
            .map(move |(k, h)| (k, first - h.end))
    }

    /// Hits after figure `i` and before the next figure: (hit index, distance).
    pub(super) fn hits_after(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let f = &self.figures[i];
        let end = self.scope_end(i);
        let after = f.end;
        self.hits
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.first >= after && h.first < end)
            .map(move |(k, h)| (k, h.first - after))
    }

    pub(super) fn metric(&self, i: usize) -> (Option<String>, Option<usize>) {
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
        // "gấp rưỡi mức 8.300 tỷ đồng", "up from $28 million": a baseline measures what
        // the figure before it measures, whatever follows it.
        if best.is_none()
            && self
                .hits_before(i)
                .any(|(k, d)| d <= 3 && self.hits[k].roles.contains(&Role::Compare))
        {
            return (None, None);
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
    pub(super) fn change_metric(&self, i: usize) -> Option<String> {
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
    pub(super) fn has_cue(&self, i: usize, role: Role) -> bool {
        self.hits_before(i).any(|(k, _)| self.hits[k].roles.contains(&role))
            || self.hits_after(i).any(|(k, d)| d == 0 && self.hits[k].roles.contains(&role))
            || (role == Role::Target
                && i > 0
                && self.coordinated(i - 1)
                && self.has_cue(i - 1, role))
    }

    /// Figures `i` and `i + 1` are coordinated: only "và"/"and", commas and the second
    /// figure's metric words stand between them ("X và lợi nhuận trước thuế Y").
    pub(super) fn coordinated(&self, i: usize) -> bool {
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

    /// "lần lượt là A và B vào năm 2023 và 2024", "A and B in 2023 and 2024, respectively":
    /// pairs the figures of a list with a run of periods, metrics or subjects of the same
    /// length. Returns the figures whose period was set this way.
    pub(super) fn respectively(
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
    pub(super) fn runs(&self, spans: Vec<(usize, usize)>) -> Vec<Vec<(usize, usize)>> {
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
}

/// The metric a hit names for figures of `class`, with its reach.
pub(super) fn metric_role(h: &Hit, class: u8) -> Option<(&'static str, u8)> {
    h.roles.iter().find_map(|r| match r {
        Role::Metric(m, classes, reach) if classes & class != 0 => Some((*m, *reach)),
        _ => None,
    })
}

/// Words that name things bought or built, not parties invested in: money "đầu tư hạ
/// tầng" or going "into a second factory" is spending (`cost`).
const THINGS: &[&str] = &[
    "hạ",
    "tầng",
    "trung",
    "tâm",
    "nhà",
    "máy",
    "factory",
    "factories",
    "plant",
    "infrastructure",
    "computing",
    "compute",
    "gpu",
    "gpus",
    "data",
    "dữ",
    "liệu",
    "nghiên",
    "cứu",
    "r",
    "research",
];

/// Words of share prices: a small sum next to them is a price per share.
const SHARE_WORDS: &[&str] = &["cổ", "phiếu", "shares", "share", "stock"];

impl Sentence {
    /// Token index where figure `i`'s clause begins: after the last clause break before it.
    pub(super) fn clause_start(&self, i: usize) -> usize {
        let first = self.figures[i].first;
        (0..first)
            .rev()
            .find(|&k| {
                let t = &self.toks[k];
                t.is_punct(&[',', ';', ':', '(', ')', '—', '–'])
                    || t.is_any(&["nhưng", "but", "while", "còn", "against", "whereas"])
            })
            .map_or(0, |k| k + 1)
    }

    fn hit_has(&self, k: usize, role: Role) -> bool {
        self.hits.get(k).is_some_and(|h| h.roles.contains(&role))
    }

    fn metric_hit_named(&self, k: usize, name: &str) -> bool {
        self.hits.get(k).is_some_and(|h| {
            h.roles.iter().any(|r| matches!(r, Role::Metric(m, _, _) if *m == name))
        })
    }

    /// The metric of figure `i` read closer to the clause than the nearest keyword
    /// (PRODUCT.md §5 vocabulary): what the loss is on, whose revenue is shared, what
    /// money is spent on, a price per share.
    pub(super) fn refine_metric(
        &self,
        i: usize,
        metric: Option<String>,
        hit: Option<usize>,
    ) -> Option<String> {
        let f = &self.figures[i];
        let class = self.class(i);
        let clause = self.clause_start(i);
        let in_clause = |k: &usize| self.hits[*k].first >= clause && self.hits[*k].end <= f.first;
        let before: Vec<usize> = (0..self.hits.len()).filter(in_clause).collect();
        let after = |d: usize| {
            self.hits_after(i)
                .filter(move |(_, dist)| *dist <= d)
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        // Getting one's money back: "cho tới khi thu hồi đủ 2.000 tỷ đồng".
        if class == MONEY
            && self.hits_before(i).any(|(k, d)| d <= 4 && self.hit_has(k, Role::Recoups))
        {
            return Some("recoup-threshold".into());
        }
        if class == PERCENT {
            // "được hưởng 30% doanh thu", "passes 20% of its revenue to", "entitled to 49%
            // of the profits".
            let shares = self.hits_before(i).any(|(k, d)| d <= 4 && self.hit_has(k, Role::Shares));
            if shares {
                let near = after(4);
                let names = |m: &str| {
                    near.iter().any(|&k| self.metric_hit_named(k, m))
                        || before.iter().any(|&k| self.metric_hit_named(k, m))
                };
                if names("revenue") {
                    return Some("revenue-share-rate".into());
                }
                if names("net-income") {
                    return Some("profit-share".into());
                }
            }
            // "Tỷ lệ này sẽ giảm xuống 15%": the rate named before.
            let rate_ref = (clause..f.first).any(|k| {
                self.toks[k].is_any(&["tỷ", "tỉ", "rate"])
                    && self.toks.get(k + 1).is_some_and(|t| t.is_any(&["lệ", "này"]))
            });
            if rate_ref && metric.as_deref().is_none_or(|m| m == "decline" || m == "growth") {
                return Some("previous-rate".into());
            }
        }
        if class == MULTIPLE
            && metric.is_none()
            && self.hits_before(i).any(|(k, d)| {
                d <= 2 && self.hits[k].roles.iter().any(|r| matches!(r, Role::Growth))
            })
        {
            return Some("growth".into());
        }
        let mut metric = metric;
        if class == MONEY {
            // A loss on an investment: "a $3.1 billion loss on its investment in OpenAI",
            // "khoản lỗ 85 tỷ đồng từ khoản đầu tư vào Tiền Nhanh".
            if metric.as_deref() == Some("net-loss") {
                let from = hit.map_or(f.first, |h| self.hits[h].end);
                let to = (from + 12).min(self.toks.len());
                let on_investment = self.hits.iter().enumerate().any(|(k, h)| {
                    h.first >= from
                        && h.first < to
                        && self.metric_hit_named(k, "investment")
                        && (h.first.saturating_sub(3)..h.first)
                            .any(|t| self.toks[t].is_any(&["on", "từ", "from", "in"]))
                });
                if on_investment {
                    return Some("investment-loss".into());
                }
            }
            // Money given for things, not to a party: "đầu tư hạ tầng tính toán",
            // "will go into a second factory".
            if metric.as_deref() == Some("investment") {
                let kw_end = hit.map_or(f.end, |h| self.hits[h].end.max(f.end));
                let named_after =
                    self.mentions.iter().any(|m| m.first >= f.end && m.first <= kw_end + 4);
                let thing = (kw_end..(kw_end + 4).min(self.toks.len()))
                    .any(|k| self.toks[k].is_any(THINGS));
                if thing && !named_after {
                    metric = Some("cost".into());
                }
            }
            // A stake's worth: "a stake of 27% ..., worth about $135 billion", "chuyển
            // nhượng 35% cổ phần X ... với giá 4.200 tỷ đồng", "its holding is worth".
            let stake_word = (0..f.first).any(|k| {
                self.toks[k].is_any(&["stake", "holding", "cổ"])
                    && (!self.toks[k].is("cổ")
                        || self.toks.get(k + 1).is_some_and(|t| t.is("phần")))
            });
            let stake_figure = self.figures[..i]
                .iter()
                .any(|g| g.amount.unit == Some(crate::figures::Unit::Percent));
            let valued = matches!(metric.as_deref(), None | Some("valuation" | "price"));
            if valued && stake_word {
                let priced = (f.first.saturating_sub(4)..f.first)
                    .any(|k| self.toks[k].is_any(&["worth", "giá", "for", "valued", "trị"]));
                if priced || stake_figure || metric.is_some() {
                    return Some("stake-value".into());
                }
            }
            // A share price: a small sum next to "cổ phiếu" / "shares".
            let small = f.amount.value
                < rust_decimal::Decimal::from(if f.amount.currency == Some("VND") {
                    10_000_000
                } else {
                    10_000
                });
            let per_share = f.amount.per.as_ref().is_some_and(|p| p.unit == "share");
            let share_ctx = (clause.min(f.first.saturating_sub(8))..f.first)
                .any(|k| self.toks[k].is_any(SHARE_WORDS));
            if small
                && !per_share
                && share_ctx
                && matches!(metric.as_deref(), None | Some("market-cap" | "valuation"))
            {
                return Some("price".into());
            }
            // "$20 a month": a per-unit price unless the sentence says what it is.
            // A cost per day or month is a running cost, not a price.
            let per_time = f.amount.per.as_ref().is_some_and(|p| {
                matches!(p.unit.as_str(), "day" | "month" | "year" | "hour" | "week")
            });
            let costed = matches!(metric.as_deref(), Some("cost" | "spending"));
            // "Widget costs $20 a month": what a buyer pays.
            let costs_verb = hit
                .is_some_and(|h| self.toks[self.hits[h].first].is_any(&["costs", "cost"]))
                && costed;
            let per_time = per_time && !costs_verb;
            if f.amount.per.is_some()
                && (metric.is_none()
                    || metric.as_deref() == Some("revenue")
                    || (costed && !per_time))
            {
                return Some("price".into());
            }
            // "khoảng 35 triệu USD, công ty nhận từ một số nhà đầu tư": money received.
            if metric.is_none() && after(3).iter().any(|&k| self.hit_has(k, Role::Gets)) {
                return Some("funding".into());
            }
        }
        metric
    }

    /// Figures with no keyword of their own that continue the one before: "X và mảng
    /// khác Y", "riêng thị trường Nhật Bản đóng góp 118 triệu", "trước khi vượt mốc Y",
    /// "ahead of Samsung with 9%", "tương đương 1.000 đồng/cổ phiếu".
    pub(super) fn continued_metric(&self, i: usize, metrics: &[Option<String>]) -> Option<String> {
        let j = i.checked_sub(1)?;
        let prev = metrics[j].as_deref()?;
        let (a, b) = (self.figures[j].end, self.figures[i].first);
        if b < a || b - a > 18 {
            return None;
        }
        let gap = &self.toks[a..b];
        let metric_between = self.hits.iter().any(|h| {
            h.first >= a && h.end <= b && h.roles.iter().any(|r| matches!(r, Role::Metric(..)))
        });
        if metric_between {
            return None;
        }
        let equivalent = gap.iter().any(|t| t.is_any(&["đương", "equivalent"]));
        if equivalent {
            return Some(prev.to_string());
        }
        if self.class(i) != self.class(j) {
            return None;
        }
        let joined = gap.iter().any(|t| {
            t.is_any(&[
                "và",
                "and",
                "riêng",
                "another",
                "trước",
                "before",
                "then",
                "rồi",
                "with",
                "đóng",
                "contributed",
                "góp",
                "lên",
                "reaching",
                "còn",
                "while",
                "ahead",
            ])
        });
        joined.then(|| prev.to_string())
    }
}

/// The vocabulary name of an inferred metric (PRODUCT.md §5): growth and decline of
/// anything but a share price are `growth-rate`, spending is `cost`, subscribers are
/// `users`; anything the vocabulary does not hold is no metric rather than a guess.
pub(super) fn vocabulary_name(metric: &str) -> Option<&'static str> {
    let name = match metric {
        "growth" | "decline" | "user-growth" => "growth-rate",
        m if m.starts_with("share-price-") => return None,
        m if m.ends_with("-growth") || m.ends_with("-decline") => "growth-rate",
        "spending" => "cost",
        "subscribers" => "users",
        "buybacks" => "buyback",
        "dividends" => "dividend",
        m => m,
    };
    crate::i18n::metric(name).map(|m| m.name)
}
