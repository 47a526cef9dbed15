//! Conflicts: claims on the same subject, metric and period whose values
//! cannot both be true given their qualifiers.

use rust_decimal::Decimal;

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
    let a = c.amount.as_ref()?;
    let v = a.value;
    let closed =
        |lo: Decimal, hi: Option<Decimal>| Interval { lo, lo_open: false, hi, hi_open: false };
    Some(match c.qualifier.as_str() {
        "approximately" | "estimate" | "target" => {
            closed(v * (Decimal::ONE - APPROX), Some(v * (Decimal::ONE + APPROX)))
        }
        "at-least" => closed(v, None),
        "more-than" => Interval { lo: v, lo_open: true, hi: None, hi_open: false },
        "less-than" => Interval { lo: Decimal::ZERO, lo_open: false, hi: Some(v), hi_open: true },
        "up-to" => closed(Decimal::ZERO, Some(v)),
        "range" => closed(v, Some(a.value_max.unwrap_or(v))),
        _ => closed(v * (Decimal::ONE - EXACT), Some(v * (Decimal::ONE + EXACT))),
    })
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
    let mut groups: std::collections::BTreeMap<(u32, &str, &str), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        if let Some(p) = c.period.as_deref() {
            groups.entry((c.subject.0, c.metric.as_str(), p)).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for members in groups.values() {
        for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                let (a, b) = (&claims[i], &claims[j]);
                if comparable(a, b)
                    && let (Some(x), Some(y)) = (interval(a), interval(b))
                    && !overlap(x, y)
                {
                    out.push((ClaimId(i as u32), ClaimId(j as u32)));
                }
            }
        }
    }
    out
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
            amount: Some(Amount {
                span: 0..0,
                value: Decimal::from(value),
                value_max: None,
                currency: Some("USD"),
                unit: None,
                qualifier: Qualifier::Exact,
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

    #[test]
    fn different_periods_never_conflict() {
        let mut b = claim(50, "exact");
        b.period = Some("2023".into());
        assert!(find_conflicts(&[claim(35, "exact"), b]).is_empty());
    }
}
