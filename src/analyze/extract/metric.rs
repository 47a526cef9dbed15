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
