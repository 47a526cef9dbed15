//! Fiscal periods turned into calendar periods (PRODUCT.md §5 "Periods").
//!
//! An entity declares the last day of its fiscal year (`fiscal-year-end = "06-30"`);
//! fiscal year N is the twelve months that end then in calendar year N, so Microsoft's
//! fiscal 2026 runs from July 2025 to June 2026 and its fiscal Q1 2026 is 2025-Q3. A
//! fiscal quarter that straddles calendar quarters (a year ending on 31 January) is the
//! calendar quarter holding its middle month.

/// A part of a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiscalPart {
    /// The whole year.
    Year,
    /// Quarter 1..=4.
    Quarter(u32),
    /// Half 1..=2.
    Half(u32),
    /// The first `n` quarters (a range), "the first nine months of fiscal 2026".
    FirstQuarters(u32),
}

/// Parses `fiscal-year-end = "MM-DD"` (or "--MM-DD", "MM/DD"); the month is what matters.
pub fn parse_year_end(s: &str) -> Option<u32> {
    let s = s.trim().trim_start_matches('-');
    let month: u32 = s.split(['-', '/']).next()?.parse().ok()?;
    (1..=12).contains(&month).then_some(month)
}

/// Calendar (year, quarter) holding month `m` (1-based, may run past 12 or below 1) of
/// calendar year `y`.
fn quarter_of(y: i32, m: i32) -> (i32, i32) {
    let (y, m) = (y + (m - 1).div_euclid(12), (m - 1).rem_euclid(12) + 1);
    (y, (m - 1) / 3 + 1)
}

/// The calendar period of a fiscal period: `fy` is the fiscal year's number, `end_month`
/// the month its fiscal year ends in (12 = calendar year).
pub fn calendar_period(fy: i32, part: FiscalPart, end_month: u32) -> String {
    let end = end_month.clamp(1, 12) as i32;
    // First month of the fiscal year, in months counted from January of year fy.
    let start = end - 11;
    // (year, quarter) of the fiscal quarter q, by its middle month.
    let quarter = |q: i32| quarter_of(fy, start + (q - 1) * 3 + 1);
    let q_str = |(y, q): (i32, i32)| format!("{y}-Q{q}");
    match part {
        FiscalPart::Year if end == 12 => fy.to_string(),
        FiscalPart::Year => format!("{}..{}", q_str(quarter(1)), q_str(quarter(4))),
        FiscalPart::Quarter(q) => q_str(quarter(q.clamp(1, 4) as i32)),
        FiscalPart::Half(h) => {
            let h = h.clamp(1, 2) as i32;
            let (a, b) = (quarter(2 * h - 1), quarter(2 * h));
            if a.0 == b.0 && b.1 == a.1 + 1 && a.1 % 2 == 1 {
                format!("{}-H{}", a.0, (a.1 + 1) / 2)
            } else {
                format!("{}..{}", q_str(a), q_str(b))
            }
        }
        FiscalPart::FirstQuarters(n) => {
            let n = n.clamp(1, 4) as i32;
            if n == 1 {
                q_str(quarter(1))
            } else {
                format!("{}..{}", q_str(quarter(1)), q_str(quarter(n)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_periods_become_calendar_periods() {
        let june = parse_year_end("06-30").expect("month");
        assert_eq!(calendar_period(2026, FiscalPart::Quarter(1), june), "2025-Q3");
        assert_eq!(calendar_period(2026, FiscalPart::Quarter(2), june), "2025-Q4");
        assert_eq!(calendar_period(2026, FiscalPart::Quarter(4), june), "2026-Q2");
        assert_eq!(calendar_period(2026, FiscalPart::Half(1), june), "2025-H2");
        assert_eq!(calendar_period(2026, FiscalPart::Year, june), "2025-Q3..2026-Q2");
        assert_eq!(calendar_period(2026, FiscalPart::FirstQuarters(3), june), "2025-Q3..2026-Q1");
        assert_eq!(calendar_period(2024, FiscalPart::Year, 12), "2024");
        assert_eq!(calendar_period(2024, FiscalPart::Quarter(3), 12), "2024-Q3");
        // A year ending on 31 January: fiscal Q3 2026 is August to October 2025.
        assert_eq!(calendar_period(2026, FiscalPart::Quarter(3), 1), "2025-Q3");
        assert_eq!(parse_year_end("--01-31"), Some(1));
        assert_eq!(parse_year_end("13-01"), None);
    }
}
