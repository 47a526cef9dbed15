//! Qualifiers: the hedge words before a figure ("khoảng", "hơn", "at least", "up to")
//! and their claim-schema names.
//!
//! Rules: the longest qualifier ending right before the figure wins; names are
//! kebab-case and round-trip through [`parse_qualifier`].

use super::Qualifier;
use super::currency::Table;
use super::scan::Scanner;

/// The kebab-case name used by the claim schema (`qualifier = "more-than"`).
pub fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::Approximately => "approximately",
        Qualifier::AtLeast => "at-least",
        Qualifier::MoreThan => "more-than",
        Qualifier::LessThan => "less-than",
        Qualifier::UpTo => "up-to",
        Qualifier::Range => "range",
    }
}

/// Inverse of [`qualifier_name`] for front matter; `None` for unknown names and for the
/// claim-level "target" and "estimate", which are not properties of a figure.
pub fn parse_qualifier(s: &str) -> Option<Qualifier> {
    const ALL: [Qualifier; 7] = [
        Qualifier::Exact,
        Qualifier::Approximately,
        Qualifier::AtLeast,
        Qualifier::MoreThan,
        Qualifier::LessThan,
        Qualifier::UpTo,
        Qualifier::Range,
    ];
    ALL.into_iter().find(|&q| qualifier_name(q) == s.trim())
}

#[rustfmt::skip]
pub(super) const QUALIFIERS: Table<Qualifier> = &[
    (&["khoảng"], Qualifier::Approximately), (&["chừng"], Qualifier::Approximately),
    (&["xấp", "xỉ"], Qualifier::Approximately), (&["gần"], Qualifier::Approximately),
    (&["hơn"], Qualifier::MoreThan), (&["trên"], Qualifier::MoreThan),
    (&["ngoài"], Qualifier::MoreThan), (&["vượt", "quá"], Qualifier::MoreThan),
    (&["vượt"], Qualifier::MoreThan), (&["vượt", "mốc"], Qualifier::MoreThan),
    (&["topped"], Qualifier::MoreThan), (&["surpassed"], Qualifier::MoreThan),
    (&["exceeded"], Qualifier::MoreThan),
    (&["ít", "nhất"], Qualifier::AtLeast), (&["tối", "thiểu"], Qualifier::AtLeast),
    (&["lên", "tới"], Qualifier::UpTo), (&["lên", "đến"], Qualifier::UpTo),
    (&["tới"], Qualifier::UpTo), (&["đến"], Qualifier::UpTo), (&["tối", "đa"], Qualifier::UpTo),
    (&["trong", "vòng"], Qualifier::UpTo), (&["within"], Qualifier::UpTo),
    (&["dưới"], Qualifier::LessThan), (&["chưa", "tới"], Qualifier::LessThan),
    (&["chưa", "đến"], Qualifier::LessThan), (&["không", "tới"], Qualifier::LessThan),
    (&["không", "đến"], Qualifier::LessThan), (&["about"], Qualifier::Approximately),
    (&["around"], Qualifier::Approximately), (&["approximately"], Qualifier::Approximately),
    (&["roughly"], Qualifier::Approximately), (&["nearly"], Qualifier::Approximately),
    (&["almost"], Qualifier::Approximately), (&["circa"], Qualifier::Approximately),
    (&["some"], Qualifier::Approximately), (&["close", "to"], Qualifier::Approximately),
    (&["an", "estimated"], Qualifier::Approximately), (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan), (&["more", "than"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan), (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast), (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["up", "to"], Qualifier::UpTo), (&["as", "much", "as"], Qualifier::UpTo),
    (&["as", "many", "as"], Qualifier::UpTo), (&["as", "high", "as"], Qualifier::UpTo),
    (&["less", "than"], Qualifier::LessThan), (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan), (&["below"], Qualifier::LessThan),
];

impl<'a> Scanner<'a> {
    /// Longest qualifier ending right before token `i` and starting at or after `floor`.
    pub(super) fn qualifier_before(&self, i: usize, floor: usize) -> Option<(usize, Qualifier)> {
        QUALIFIERS
            .iter()
            .filter(|(w, _)| i >= floor + w.len() && self.seq(i - w.len(), w))
            .max_by_key(|(w, _)| w.len())
            .map(|(w, q)| (w.len(), *q))
    }
}
