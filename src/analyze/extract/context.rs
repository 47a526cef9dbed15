//! Context a figure inherits from around its sentence: the column header and row
//! label of a Markdown table cell, and the paragraph's subject, periods and list intro.
//!
//! Rules: a table cell reads its column header and row label; a sentence that names
//! nobody inherits the paragraph's subject when it points back to it; list items
//! continue a paragraph ending with a colon.

use super::sentence::Sentence;
use super::{Input, Kind, Mention};
use crate::figures::lexicon::{
    COUNT, FORECAST_ONLY, MONEY, MULTIPLE, PERCENT, Role, keywords, tokenize,
};
use crate::figures::period::find_times;
use crate::figures::{Amount, Unit};
use crate::model::{Candidate, EntityId};
use crate::text::prose;
use crate::text::prose::Prose;
use std::collections::BTreeSet;
use std::ops::Range;

/// What a table cell's column header and row label say about the figures in it.
pub(super) struct TableContext {
    /// Metric keywords of the header and the label, header first.
    pub(super) hits: Vec<&'static [Role]>,
    /// The header or label is a goal ("Mục tiêu 2024", "Target").
    pub(super) target: bool,
    /// The first period the header or label names.
    pub(super) period: Option<String>,
    /// An entity the header or label names, else the subject of the text before.
    pub(super) subject: Option<EntityId>,
}

impl TableContext {
    pub(super) fn new(
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
    pub(super) fn fill(&self, c: &mut Candidate) {
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
pub(super) fn class_of(a: &Amount) -> u8 {
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
pub(super) struct BlockContext {
    /// The entity the paragraph is currently about.
    pub(super) focus: Option<EntityId>,
    /// The distinct periods of the previous sentence, and its focus.
    pub(super) previous_periods: BTreeSet<String>,
    pub(super) previous_focus: Option<EntityId>,
    /// The previous sentence had no figure; its periods are read only when needed.
    pub(super) pending: Option<Range<usize>>,
}

impl BlockContext {
    /// What a list item inherits from the paragraph that introduced its list.
    pub(super) fn carried(&self) -> BlockContext {
        BlockContext {
            focus: self.focus,
            previous_periods: self.previous_periods.clone(),
            previous_focus: self.previous_focus.or(self.focus),
            pending: self.pending.clone(),
        }
    }

    /// Bookkeeping for a sentence without figures: its first preferred mention
    /// becomes the focus; its periods are read later if the next sentence needs them.
    pub(super) fn note_figureless(&mut self, range: &Range<usize>, mentions: &[Mention]) {
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
