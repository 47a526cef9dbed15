//! Ranges and vague quantities: "10-20 tỷ", "từ X đến Y", "between X and Y",
//! "hàng trăm nghìn", "hundreds of millions".
//!
//! Rules: Vietnamese "từ X đến Y" is a range, English "from X to Y" two amounts; a
//! range joins two figures only when their currencies and units agree; an explicit
//! qualifier before a vague range wins over `Range`.

use super::Unit;
use super::number::{PLURAL_SCALES, SCALE_BLOCKERS, pow10};
use super::scan::{Part, Scanner};
use rust_decimal::Decimal;

/// The Vietnamese word that opens a vague quantity ("hàng triệu").
pub(super) const VAGUE_VI: &str = "hàng";

/// English words that lead a vague quantity before "of" ("tens of", "hundreds of").
pub(super) const VAGUE_LEADS: &[&str] = &["tens", "hundreds"];

impl<'a> Scanner<'a> {
    /// "hàng trăm nghìn", "hàng triệu", "hundreds of thousands", "millions of".
    pub(super) fn vague(&self, i: usize) -> Option<Part> {
        let mut p = Part::new(i);
        let mut lead: Option<u32> = None;
        let mut k;
        let english;
        if self.is_word(i, VAGUE_VI) {
            english = false;
            k = i + 1;
            if self.is_any(k, &["chục", "trăm"]) {
                lead = Some(if self.is_word(k, "chục") { 1 } else { 2 });
                k += 1;
            }
            while let Some((e, true, false)) = self.scale_word(k) {
                if self.is_any(k + 1, SCALE_BLOCKERS) {
                    break;
                }
                (p.exp, p.scaled) = (p.exp.saturating_add(e), true);
                k += 1;
            }
        } else {
            english = true;
            k = i;
            if self.is_any(i, VAGUE_LEADS) && self.is_word(i + 1, "of") {
                lead = Some(if self.is_word(i, "tens") { 1 } else { 2 });
                k = i + 2;
            }
            while let Some(&(_, e)) = PLURAL_SCALES.iter().find(|s| self.is_word(k, s.0)) {
                (p.exp, p.scaled) = (p.exp.saturating_add(e), true);
                k += 1;
                if self.is_word(k, "of") && PLURAL_SCALES.iter().any(|s| self.is_word(k + 1, s.0)) {
                    k += 1;
                }
            }
        }
        if !p.scaled && lead.is_none() {
            return None;
        }
        p.exp = p.exp.saturating_add(lead.unwrap_or(0));
        p.value = pow10(p.exp)?;
        let top = Decimal::from(if lead.is_some() { 10 } else { 1000 });
        p.max = Some(p.value.checked_mul(top)?.checked_sub(Decimal::ONE)?);
        p.end = self.tail(k, &mut p, english);
        (p.end > i).then_some(p)
    }

    /// "10-20 tỷ USD", "10 đến 20 triệu", "between 10 and 20 million": merges a second
    /// figure into `p` when the two fit together.
    pub(super) fn range_after(&self, p: &Part, intro: Option<&str>) -> Option<Part> {
        let k = p.end;
        let sep = self.is_sym(k, &['-', '–', '—'])
            || self.is_any(k, &["đến", "tới"])
            || (self.is_word(k, "to") && intro != Some("from"))
            || (self.is_word(k, "and") && intro == Some("between"));
        if !sep || p.unit == Some(Unit::Rank) {
            return None;
        }
        let q = self.numeric(k + 1)?;
        let units_fit = p.unit.is_none() || q.unit == p.unit;
        let clash = (p.money && q.money && p.currency != q.currency)
            || (p.money && q.unit.is_some())
            || (q.money && p.unit.is_some());
        if !units_fit || clash || q.unit == Some(Unit::Rank) || (p.exp > 0 && q.exp == 0) {
            return None;
        }
        // "10-20 tỷ": a bare low end borrows the high end's scale when that keeps lo < hi.
        let shared = pow10(q.exp).and_then(|s| p.value.checked_mul(s)).filter(|s| *s < q.value);
        let lo = match shared {
            Some(s) if p.exp == 0 && !p.suffixed => s,
            _ => p.value,
        };
        if lo >= q.value {
            return None;
        }
        Some(Part {
            first: p.first,
            end: q.end,
            value: lo,
            max: Some(q.value),
            exp: q.exp,
            scaled: p.scaled || q.scaled,
            weak_scale: p.weak_scale || q.weak_scale,
            money: p.money || q.money,
            currency: if p.money { p.currency } else { q.currency },
            unit: q.unit.or(p.unit),
            noun: p.noun.max(q.noun),
            suffixed: q.suffixed,
        })
    }
}
