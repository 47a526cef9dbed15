//! Period inference: which time expression of the sentence a figure belongs to.
//!
//! Rules: a time expression bound to the figure, else one in the same clause, else the
//! nearest one before it in the sentence; a baseline's period is no period of the news;
//! relative periods resolve against the article date.

use super::sentence::{BIND_GAP, Sentence};
use crate::figures::lexicon::{Role, tokenize};
use crate::figures::period::{TimeExpr, find_times};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::ops::Range;

/// The periods a sentence without figures names.
pub(super) fn sentence_periods(
    text: &str,
    range: Range<usize>,
    date: Option<NaiveDate>,
) -> BTreeSet<String> {
    let toks = tokenize(text, range);
    let skip = vec![false; toks.len()];
    find_times(&toks, text, date, &skip).iter().filter_map(|t| t.period(date, false)).collect()
}

impl Sentence {
    /// Time expressions that sit right after a figure ("35 triệu USD trong năm 2022"):
    /// time index -> figure index.
    pub(super) fn bound_times(&self) -> Vec<Option<usize>> {
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
    pub(super) fn is_baseline(&self, t: &TimeExpr) -> bool {
        let right_after = t.first > 0 && self.toks[t.first - 1].is_any(&["from", "than", "over"]);
        right_after
            || self.hits.iter().any(|h| {
                h.roles.contains(&Role::Compare) && h.end <= t.first && t.first - h.end <= 3
            })
    }

    pub(super) fn period_of<'t>(
        &'t self,
        i: usize,
        bound: &[Option<usize>],
    ) -> Option<&'t TimeExpr> {
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
}
