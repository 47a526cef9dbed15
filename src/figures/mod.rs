//! Money and quantity expressions in Vietnamese and English news text.
//!
//! Claim extraction (PRODUCT.md §5) needs every figure an article states: sums of money
//! ("hơn 10 tỷ đô la Mỹ", "US$10bn"), percentages, multiples ("100 lần"), counts
//! ("13 triệu lượt truy cập") and ranks ("thứ 18"). [`find_amounts`] tokenises a text once
//! (numbers, words, single symbols) and reads figures at number, currency-symbol and
//! "hàng"/"hundreds of" anchors, looking back a few words for a qualifier; [`parse_value`]
//! reads a curated claim's `value` string with the same grammar; [`format_amount`] renders
//! an [`Amount`] for pages so that `parse_value` reads it back unchanged.
//!
//! Invariants: no input makes these functions panic; spans are byte ranges on char
//! boundaries; the spans of one [`find_amounts`] call are sorted and disjoint.
//!
//! Ambiguity rules:
//! - A number's shape wins over the article language: several separators of one kind are
//!   thousands groups, both kinds mean "thousands then decimal", and a single separator
//!   not followed by exactly three digits (or after more than three digits, or after a
//!   lone `0`) is a decimal point. Only `1.200` / `1,200` is left to the convention, which
//!   is the article's language unless the figure is written English-style (a `$ € £ ¥`
//!   prefix or an English scale word), as in "$1,200" inside a Vietnamese article.
//! - A bare number is a figure only with a scale word (then it is a [`Unit::Count`]), a
//!   currency, `%`, a multiplier, a rank word or a counting noun. Years, dates (`10/4`),
//!   times, and numbers glued to letters (`H100`, `GPT-4`, `5G`) are never figures;
//!   `k`/`m`/`b` suffixes need a currency or a noun (`4K` and `100m` are not money).
//! - An explicit qualifier before a vague range wins: "ít nhất hàng trăm nghìn đô la" is
//!   `AtLeast` 100 000 with no maximum; "khoảng hàng triệu" stays a `Range`.
//! - Vietnamese "từ X đến Y" is a range; English "from X to Y" usually describes a change,
//!   so it gives two amounts, while "between X and Y" and "X-Y" are ranges.

mod currency;
mod format;
pub mod lexicon;
mod number;
pub mod period;
mod qualifier;
mod range;
mod scan;
#[cfg(test)]
mod tests;

pub use self::format::format_amount;
pub use self::period::parse_date;
pub use self::qualifier::{parse_qualifier, qualifier_name};
pub use crate::i18n::Lang;
use rust_decimal::Decimal;
use std::ops::Range;

use self::number::parse_scientific;
use self::scan::Scanner;

/// What a figure counts when it is not money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `20%`, `20 phần trăm`, `20 percent`.
    Percent,
    /// `100 lần`, `100x`, `100 times`: profit caps and growth factors.
    Multiple,
    /// Users, visits, subscribers ... and bare scaled numbers ("1 tỷ").
    Count,
    /// `thứ 18`, `hạng 18`, `18th`.
    Rank,
}

/// How the stated figure relates to the true one; names follow the claim schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// No hedge word.
    Exact,
    /// khoảng, chừng, xấp xỉ, gần; about, around, roughly, nearly ...
    Approximately,
    /// ít nhất, tối thiểu; at least.
    AtLeast,
    /// hơn, trên, ngoài, vượt (mốc); more than, over, above, topped, surpassed.
    MoreThan,
    /// dưới, chưa tới; less than, under, below.
    LessThan,
    /// lên tới, tới, đến, tối đa, trong vòng; up to, as much as, within.
    UpTo,
    /// `value ..= value_max`: "10-20 tỷ", "hàng trăm nghìn", "between 10 and 20 million".
    Range,
}

/// One money or quantity expression found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Byte range of the whole expression, qualifier, currency and scale words included;
    /// always on char boundaries of the scanned text.
    pub span: Range<usize>,
    /// The normalised figure ("35 triệu USD" -> 35000000); the lower bound of a range.
    pub value: Decimal,
    /// Upper bound when `qualifier` is [`Qualifier::Range`]; `None` otherwise.
    pub value_max: Option<Decimal>,
    /// ISO 4217 code for money; `None` for quantities and unknown currencies ("S$").
    pub currency: Option<&'static str>,
    /// What the figure counts; `None` for money (and for bare numbers in [`parse_value`]).
    pub unit: Option<Unit>,
    /// The hedge word in front of the figure.
    pub qualifier: Qualifier,
}

/// Every money or quantity expression in `text`, in order, with disjoint spans.
///
/// Use it on article bodies; `lang` is the article's language and only settles separators
/// whose shape is ambiguous (see the module docs).
pub fn find_amounts(text: &str, lang: Lang) -> Vec<Amount> {
    Scanner::new(text, lang, false).scan()
}

/// Reads a whole value string such as a curated claim's `value = "35 triệu USD"`.
///
/// Accepts everything [`find_amounts`] does plus plain numbers ("35000000", "1.2e9", "hơn
/// 500"), which come back with neither unit nor currency so that the caller can apply the
/// claim's own `currency`. Returns `None` unless one expression covers the trimmed text.
pub fn parse_value(text: &str, lang: Lang) -> Option<Amount> {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let whole = start..start + trimmed.len();
    if let Some(value) = parse_scientific(trimmed).map(|v| v.normalize()) {
        let (span, qualifier) = (whole, Qualifier::Exact);
        return Some(Amount {
            span,
            value,
            value_max: None,
            currency: None,
            unit: None,
            qualifier,
        });
    }
    let mut found = Scanner::new(text, lang, true).scan();
    match found.pop() {
        Some(a) if found.is_empty() && a.span == whole => Some(a),
        _ => None,
    }
}
