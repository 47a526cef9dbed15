//! Conflicts: claims on the same subject, metric and period whose values
//! cannot both be true given their qualifiers.

use rust_decimal::Decimal;

use crate::figures::Qualifier;
use crate::model::{Claim, ClaimId};

/// The values a claim allows, as a closed-or-open interval.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Interval {
    lo: Decimal,
    lo_open: bool,
    hi: Option<Decimal>,
    hi_open: bool,
}

/// Relative slack for `approximately`, `estimate` and `target`: news rounds.
const APPROX: Decimal = Decimal::from_parts(15, 0, 0, false, 2);
/// Relative slack for exact figures (rounding in reporting).
const EXACT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

fn interval(c: &Claim) -> Option<Interval> {
    let a = super::claims::stated_amount(c)?;
    let v = a.value;
    let closed =
        |lo: Decimal, hi: Option<Decimal>| Interval { lo, lo_open: false, hi, hi_open: false };
    let forward = matches!(c.qualifier.as_str(), "target" | "estimate");
    let slack = |lo: Decimal, hi: Option<Decimal>, s: Decimal| {
        closed(lo * (Decimal::ONE - s), hi.map(|h| h * (Decimal::ONE + s)))
    };
    let mut iv = match a.qualifier {
        Qualifier::Approximately => slack(v, Some(v), APPROX),
        Qualifier::Exact if forward => slack(v, Some(v), APPROX),
        Qualifier::AtLeast => closed(v, None),
        Qualifier::MoreThan => Interval { lo: v, lo_open: true, hi: None, hi_open: false },
        Qualifier::LessThan => {
            Interval { lo: Decimal::ZERO, lo_open: false, hi: Some(v), hi_open: true }
        }
        Qualifier::UpTo => closed(Decimal::ZERO, Some(v)),
        Qualifier::Range => closed(v, Some(a.value_max.unwrap_or(v))),
        Qualifier::Exact => slack(v, Some(v), EXACT),
    };
    // A goal or forecast is hedged on top of what its figure says: a target
    // range of $9.6-9.8 billion is not contradicted by $10 billion reached.
    if forward && a.qualifier != Qualifier::Exact {
        iv.lo *= Decimal::ONE - APPROX;
        iv.hi = iv.hi.map(|h| h * (Decimal::ONE + APPROX));
    }
    Some(iv)
}

fn overlap(a: Interval, b: Interval) -> bool {
    let below = |x: Interval, y: Interval| match x.hi {
        // x lies entirely below y
        Some(hi) => hi < y.lo || (hi == y.lo && (x.hi_open || y.lo_open)),
        None => false,
    };
    !below(a, b) && !below(b, a)
}

fn comparable(a: &Claim, b: &Claim) -> bool {
    let (Some(x), Some(y)) = (&a.amount, &b.amount) else { return false };
    a.subject == b.subject
        && a.metric == b.metric
        && a.counterparty == b.counterparty
        && a.period.is_some()
        && a.period == b.period
        && x.currency == y.currency
        && x.unit == y.unit
}

/// Whether two claims' values can both be true given their qualifiers
/// (intervals overlap); `None` when they cannot be compared (a value that did
/// not parse, or a different currency or unit). Ignores subject, metric and
/// period: callers group first. Provenance uses it to tell repeats apart.
pub fn agree(a: &Claim, b: &Claim) -> Option<bool> {
    let (x, y) = (a.amount.as_ref()?, b.amount.as_ref()?);
    if x.currency != y.currency || x.unit != y.unit {
        return None;
    }
    Some(overlap(interval(a)?, interval(b)?))
}

/// Every conflicting pair (by position in `claims`), lower index first.
pub fn find_conflicts(claims: &[Claim]) -> Vec<(ClaimId, ClaimId)> {
    // Conflicts compare the same (subject, metric, counterparty, period).
    let mut groups: std::collections::BTreeMap<(u32, &str, Option<u32>, &str), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        if let Some(p) = c.period.as_deref() {
            let key = (c.subject.0, c.metric.as_str(), c.counterparty.map(|e| e.0), p);
            groups.entry(key).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for members in groups.values() {
        conflicts_among(claims, members.iter().map(|&i| ClaimId(i as u32)), &mut out);
    }
    out
}

/// The conflicting pairs among `members` (one group of claims with the same
/// subject, metric, counterparty and period, in claim order), lower index
/// first, in the order [`find_conflicts`] lists them; appended to `out`.
/// Rebuilds use it to recompute the groups an edit touched.
pub fn conflicts_among(
    claims: &[Claim],
    members: impl Iterator<Item = ClaimId> + Clone,
    out: &mut Vec<(ClaimId, ClaimId)>,
) {
    // Every member meets every other: work out each one's interval once.
    let intervals: Vec<Option<Interval>> =
        members.clone().map(|i| interval(&claims[i.0 as usize])).collect();
    for (n, i) in members.clone().enumerate() {
        for (m, j) in members.clone().enumerate().skip(n + 1) {
            if comparable(&claims[i.0 as usize], &claims[j.0 as usize])
                && let (Some(x), Some(y)) = (intervals[n], intervals[m])
                && !overlap(x, y)
            {
                out.push((i, j));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Amount, Qualifier};
    use crate::model::{ArticleId, EntityId, Origin, Slug};

    fn claim(value: i64, qualifier: &str) -> Claim {
        Claim {
            id: Slug::new("x").unwrap(),
            origin: Origin::Curated,
            subject: EntityId(0),
            metric: "revenue".into(),
            metric_detail: None,
            amount: Some(Amount {
                span: 0..0,
                value: Decimal::from(value),
                value_max: None,
                currency: Some("USD"),
                unit: None,
                qualifier: Qualifier::Exact,
                per: None,
                currency_implied: false,
            }),
            value_text: String::new(),
            qualifier: qualifier.into(),
            period: Some("2022".into()),
            counterparty: None,
            according_to: None,
            article: ArticleId(0),
            quote: None,
            quote_range: None,
        }
    }

    #[test]
    fn qualifiers_decide_conflicts() {
        let cases = [
            (35, "approximately", 36, "exact", false),
            (35, "exact", 50, "exact", true),
            (500, "more-than", 600, "exact", false),
            (500, "more-than", 400, "approximately", true),
            (500, "more-than", 500, "exact", false),
            (100, "up-to", 80, "exact", false),
            (100, "less-than", 120, "exact", true),
        ];
        for (a, qa, b, qb, conflict) in cases {
            let found = !find_conflicts(&[claim(a, qa), claim(b, qb)]).is_empty();
            assert_eq!(found, conflict, "{a} {qa} vs {b} {qb}");
        }
    }

    /// Issue 15: a target stated as a range keeps its range ($9.6-9.8 billion):
    /// $11.3 billion reached is within the hedge of the top end, not a conflict.
    #[test]
    fn issue_15_target_ranges_keep_their_top_end() {
        let mut target = claim(9_600, "target");
        if let Some(a) = target.amount.as_mut() {
            a.qualifier = Qualifier::Range;
            a.value_max = Some(Decimal::from(9_800));
        }
        assert!(find_conflicts(&[target.clone(), claim(11_300, "exact")]).is_empty());
        assert!(!find_conflicts(&[target, claim(12_000, "exact")]).is_empty());
        // "approximately" on the claim hedges an exact figure.
        assert!(find_conflicts(&[claim(100, "approximately"), claim(112, "exact")]).is_empty());
    }

    #[test]
    fn different_periods_never_conflict() {
        let mut b = claim(50, "exact");
        b.period = Some("2023".into());
        assert!(find_conflicts(&[claim(35, "exact"), b]).is_empty());
    }
}
