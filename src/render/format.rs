//! How pages write figures, plain numbers and periods for readers.
//!
//! [`figures::format_amount`] writes an amount so that `parse_value` reads it back;
//! pages need more: a range in one piece ("US$9.6–9.8 billion"), head counts as
//! digits ("1,200", not "1.2 thousand"), numbers grouped the way the site's
//! language groups them ("310,000,000" / "310.000.000") and claim periods in
//! words ("Q3 2024" / "quý 3/2024") instead of their keys (`2024-Q3`).

use rust_decimal::Decimal;

use crate::figures::{self, Amount, Qualifier, Unit};
use crate::i18n::{Lang, format_date};

/// Counts below this are written as digits ("1,200 employees"), above it with a
/// scale word ("13 million users").
const DIGITS_BELOW: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// A figure as its source states it: hedge word, both ends of a range.
pub(crate) fn amount(a: &Amount, lang: Lang) -> String {
    match (a.qualifier, a.value_max) {
        (Qualifier::Range, Some(max)) => {
            let whole = figures::format_amount(a, lang);
            // Vague ranges ("hàng trăm nghìn", "hundreds of thousands") read
            // better in words; only "between X and Y" becomes "X–Y".
            let spelled = whole.starts_with("between ") || whole.starts_with("từ ");
            if !spelled {
                return whole;
            }
            let end = |v: Decimal| {
                single(
                    &Amount { value: v, value_max: None, qualifier: Qualifier::Exact, ..a.clone() },
                    lang,
                )
            };
            join_range(&end(a.value), &end(max))
        }
        _ => single(a, lang),
    }
}

/// One figure (no range), with its hedge word.
fn single(a: &Amount, lang: Lang) -> String {
    if a.unit == Some(Unit::Count) && a.value.abs() < DIGITS_BELOW {
        let digits = number(a.value, lang);
        let exact = Amount { qualifier: Qualifier::Exact, ..a.clone() };
        // The hedge word is what `format_amount` puts before the figure.
        let full = figures::format_amount(a, lang);
        let bare = figures::format_amount(&exact, lang);
        return match full.strip_suffix(bare.as_str()) {
            Some(word) => format!("{word}{digits}"),
            None => digits,
        };
    }
    figures::format_amount(a, lang)
}

/// "US$9.6 billion" + "US$9.8 billion" -> "US$9.6–9.8 billion"; ends that differ
/// in more than the number stay whole ("US$500 million – US$1.2 billion").
fn join_range(lo: &str, hi: &str) -> String {
    let (lp, ln, ls) = split_number(lo);
    let (hp, hn, hs) = split_number(hi);
    if !ln.is_empty() && lp == hp && ls == hs {
        format!("{lp}{ln}–{hn}{hs}")
    } else {
        format!("{lo} – {hi}")
    }
}

/// Text before the first digit, the number, and the rest.
fn split_number(s: &str) -> (&str, &str, &str) {
    let start = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
    let len = s[start..]
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || ((c == '.' || c == ',')
                    && s[start + i + 1..].starts_with(|d: char| d.is_ascii_digit())))
        })
        .map_or(s.len() - start, |(i, _)| i);
    (&s[..start], &s[start..start + len], &s[start + len..])
}

/// A plain number grouped by thousands the way `lang` writes it:
/// "310,000,000" / "310.000.000", "2.5" / "2,5".
pub(crate) fn number(v: Decimal, lang: Lang) -> String {
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let raw = v.normalize().to_string();
    let (sign, raw) = match raw.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", raw.as_str()),
    };
    let (int, frac) = raw.split_once('.').unwrap_or((raw, ""));
    let mut out = String::with_capacity(raw.len() + raw.len() / 3 + 2);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A claim period in words: `2024-Q3` -> "Q3 2024" / "quý 3/2024", `2024-H1` ->
/// "H1 2024" / "6 tháng đầu năm 2024", `2024-03` -> "March 2024" / "tháng 3/2024",
/// a date as the site writes dates, `2023..2024` -> "2023–2024". Anything else
/// is shown as written.
pub(crate) fn period(p: &str, lang: Lang) -> String {
    if let Some((a, b)) = p.split_once("..") {
        return format!("{}–{}", period(a, lang), period(b, lang));
    }
    let parts: Vec<&str> = p.split('-').collect();
    let year = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if year(y) => (*y).to_string(),
        [y, q] if year(y) && q.len() == 2 && q.starts_with(['Q', 'q']) => match lang {
            Lang::Vi => format!("quý {}/{y}", &q[1..]),
            Lang::En => format!("Q{} {y}", &q[1..]),
        },
        [y, h] if year(y) && (*h == "H1" || *h == "H2") => match (lang, *h) {
            (Lang::Vi, "H1") => format!("6 tháng đầu năm {y}"),
            (Lang::Vi, _) => format!("6 tháng cuối năm {y}"),
            (Lang::En, _) => format!("{h} {y}"),
        },
        [y, m] if year(y) => match m.parse::<u32>() {
            Ok(month @ 1..=12) => match lang {
                Lang::Vi => format!("tháng {month}/{y}"),
                Lang::En => format!("{} {y}", MONTHS[month as usize - 1]),
            },
            _ => p.to_string(),
        },
        [_, _, _] => match chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d") {
            Ok(d) => format_date(d, lang),
            Err(_) => p.to_string(),
        },
        _ => p.to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How finely a period cuts time: charts compare like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Granularity {
    /// `2024`.
    Year,
    /// `2024-H1`.
    Half,
    /// `2024-Q3`.
    Quarter,
    /// `2024-03`.
    Month,
    /// `2024-03-15`, ranges and anything else.
    Other,
}

/// The granularity of a period key.
pub(crate) fn granularity(p: &str) -> Granularity {
    let parts: Vec<&str> = p.split('-').collect();
    match parts.as_slice() {
        _ if p.contains("..") => Granularity::Other,
        [_] => Granularity::Year,
        [_, x] if x.starts_with(['Q', 'q']) => Granularity::Quarter,
        [_, x] if x.starts_with(['H', 'h']) => Granularity::Half,
        [_, _] => Granularity::Month,
        _ => Granularity::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(number(dec("310000000"), Lang::En), "310,000,000");
        assert_eq!(number(dec("310000000"), Lang::Vi), "310.000.000");
        assert_eq!(number(dec("2.5"), Lang::Vi), "2,5");
        assert_eq!(number(dec("-1200"), Lang::En), "-1,200");
        assert_eq!(number(dec("999"), Lang::En), "999");
    }

    #[test]
    fn periods_are_written_in_words() {
        let cases = [
            ("2024", "2024", "2024"),
            ("2024-Q3", "Q3 2024", "quý 3/2024"),
            ("2024-H1", "H1 2024", "6 tháng đầu năm 2024"),
            ("2024-H2", "H2 2024", "6 tháng cuối năm 2024"),
            ("2024-03", "March 2024", "tháng 3/2024"),
            ("2024-03-15", "March 15, 2024", "15/03/2024"),
            ("2023..2024", "2023–2024", "2023–2024"),
            ("2023-Q4..2024-Q1", "Q4 2023–Q1 2024", "quý 4/2023–quý 1/2024"),
            ("FY24", "FY24", "FY24"),
        ];
        for (key, en, vi) in cases {
            assert_eq!(period(key, Lang::En), en, "{key}");
            assert_eq!(period(key, Lang::Vi), vi, "{key}");
        }
    }

    #[test]
    fn granularity_separates_years_from_quarters() {
        assert_eq!(granularity("2025"), Granularity::Year);
        assert_eq!(granularity("2024-Q3"), Granularity::Quarter);
        assert_eq!(granularity("2024-H1"), Granularity::Half);
        assert_eq!(granularity("2024-03"), Granularity::Month);
        assert_eq!(granularity("2024-03-15"), Granularity::Other);
    }

    #[test]
    fn ranges_and_hedges_are_kept() {
        let range = figures::parse_value("$9.6 billion to $9.8 billion", Lang::En);
        let range = range
            .or_else(|| figures::parse_value("between $9.6 billion and $9.8 billion", Lang::En));
        let range = range.expect("a range");
        assert_eq!(amount(&range, Lang::En), "US$9.6–9.8 billion");
        assert_eq!(amount(&range, Lang::Vi), "9,6–9,8 tỷ USD");
        let about = figures::parse_value("about $2.8 billion", Lang::En).expect("figure");
        assert_eq!(amount(&about, Lang::En), "about US$2.8 billion");
        let wide = figures::parse_value("between $500 million and $1.2 billion", Lang::En);
        assert_eq!(amount(&wide.expect("range"), Lang::En), "US$500 million – US$1.2 billion");
    }

    #[test]
    fn head_counts_are_digits() {
        let staff = figures::parse_value("1,200 employees", Lang::En).expect("count");
        assert_eq!(amount(&staff, Lang::En), "1,200");
        let more = figures::parse_value("more than 1,200 employees", Lang::En).expect("count");
        assert_eq!(amount(&more, Lang::En), "more than 1,200");
        let users = figures::parse_value("13 million users", Lang::En).expect("count");
        assert_eq!(amount(&users, Lang::En), "13 million");
    }
}
