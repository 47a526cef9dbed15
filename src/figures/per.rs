//! Per-unit prices and rates after a money figure: "20 đồng/1.000 token", "99.000 đồng
//! mỗi tháng", "$0.03/1K tokens", "$1.25 per million input tokens", "$2.50 an hour",
//! "91 cents per share", "$180,000 each".
//!
//! A price is an amount with its unit, not a bare amount: [`per_unit`] reads the words
//! after the figure and returns the unit (canonical English singular, "token", "month",
//! "share" ...) and how many of them the price is for (1 000 tokens).
//!
//! Rules: "/", "per", "mỗi", "cho mỗi" may take any unit of [`UNITS`] with an optional
//! count before it; English "per" also takes any other word (its singular); "a"/"an"/
//! "một" take only time units and "share" ("$5bn a year earlier" is a comparison, so a
//! time unit followed by "earlier", "ago", "before" or "trước" is none).

use rust_decimal::Decimal;

/// Units a price may be for, as (words, canonical name).
#[rustfmt::skip]
const UNITS: &[(&[&str], &str)] = &[
    (&["tháng"], "month"), (&["month"], "month"), (&["months"], "month"),
    (&["năm"], "year"), (&["year"], "year"), (&["years"], "year"),
    (&["giờ"], "hour"), (&["hour"], "hour"), (&["hours"], "hour"),
    (&["ngày"], "day"), (&["day"], "day"), (&["days"], "day"),
    (&["tuần"], "week"), (&["week"], "week"), (&["weeks"], "week"),
    (&["cổ", "phiếu"], "share"), (&["cp"], "share"), (&["share"], "share"), (&["shares"], "share"),
    (&["token"], "token"), (&["tokens"], "token"),
    (&["giao", "dịch"], "transaction"), (&["transaction"], "transaction"),
    (&["transactions"], "transaction"),
    (&["người", "dùng"], "user"), (&["người"], "user"), (&["user"], "user"), (&["users"], "user"),
    (&["seat"], "seat"), (&["seats"], "seat"), (&["license"], "license"),
    (&["thuê", "bao"], "subscriber"), (&["subscriber"], "subscriber"),
    (&["tấn"], "tonne"), (&["tonne"], "tonne"), (&["ton"], "tonne"), (&["kwh"], "kWh"),
    (&["đơn", "vị"], "unit"), (&["chỗ"], "seat"), (&["chiếc"], "unit"), (&["sản", "phẩm"], "unit"), (&["unit"], "unit"), (&["units"], "unit"),
];

/// Vietnamese names of the canonical units, for display.
const VI_UNITS: &[(&str, &str)] = &[
    ("month", "tháng"),
    ("year", "năm"),
    ("hour", "giờ"),
    ("day", "ngày"),
    ("week", "tuần"),
    ("share", "cổ phiếu"),
    ("token", "token"),
    ("transaction", "giao dịch"),
    ("user", "người dùng"),
    ("seat", "chỗ"),
    ("subscriber", "thuê bao"),
    ("tonne", "tấn"),
    ("unit", "đơn vị"),
];

/// Units "a"/"an"/"một" may take: "$20 a month", "99.000 đồng một tháng", "€3 a share".
const ARTICLE_UNITS: &[&str] = &["month", "year", "hour", "day", "week", "share"];

/// Words after a time unit that make it a comparison ("a year earlier").
const COMPARISON: &[&str] = &["earlier", "ago", "before", "trước", "prior", "later"];

/// Words between the count and the unit: "per million input tokens".
const MODIFIERS: &[&str] = &["input", "output", "active", "additional", "new"];

/// The unit of a per-unit price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Per {
    /// How many units the price is for (1 unless stated: "1.000 token" -> 1000).
    pub count: Decimal,
    /// Canonical unit name ("token", "month", "share" ...).
    pub unit: String,
}

impl Per {
    /// The unit's name in `lang` ("tháng" for "month" in Vietnamese).
    pub fn unit_label(&self, lang: crate::i18n::Lang) -> &str {
        if lang == crate::i18n::Lang::En {
            return &self.unit;
        }
        VI_UNITS.iter().find(|(n, _)| *n == self.unit).map_or(&self.unit, |(_, vi)| vi)
    }

    /// "1000 token", "month": the count is written only when it is not 1.
    pub fn describe(&self) -> String {
        if self.count == Decimal::ONE {
            self.unit.clone()
        } else {
            format!("{} {}", self.count.normalize(), self.unit)
        }
    }
}

/// One token after the figure, as the scanner sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    /// Lowercase text.
    pub(super) lower: &'a str,
    /// A number token (digits with inner separators).
    pub(super) num: bool,
}

fn count_number(digits: &str) -> Option<Decimal> {
    // Counts are whole: "1.000", "1,000" and "1000" are one thousand.
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    if digits.contains(['.', ',']) {
        let last = digits.rsplit(['.', ',']).next().unwrap_or("");
        if last.len() != 3 {
            return digits.replace(',', ".").parse().ok();
        }
    }
    plain.parse().ok()
}

fn scale_word(w: &str) -> Option<Decimal> {
    let e = match w {
        "k" | "nghìn" | "ngàn" | "thousand" => 3,
        "m" | "mn" | "triệu" | "million" => 6,
        "bn" | "tỷ" | "billion" => 9,
        _ => return None,
    };
    Some(Decimal::from(10u64.pow(e)))
}

/// Reads a per-unit tail at the start of `words`: the unit and the number of tokens used.
pub(super) fn per_unit(words: &[Word<'_>]) -> Option<(Per, usize)> {
    let first = words.first()?;
    let (marker, generic, article) = match first.lower {
        "/" | "per" | "mỗi" => (1, first.lower != "mỗi", false),
        "cho" if words.get(1).is_some_and(|w| w.lower == "mỗi") => (2, false, false),
        "a" | "an" | "một" => (1, false, true),
        "each" => return Some((Per { count: Decimal::ONE, unit: "unit".into() }, 1)),
        _ => return None,
    };
    let mut k = marker;
    let mut count = Decimal::ONE;
    if !article {
        if let Some(n) = words.get(k).filter(|w| w.num).and_then(|w| count_number(w.lower)) {
            count = n;
            k += 1;
            if let Some(s) = words.get(k).and_then(|w| scale_word(w.lower)) {
                count *= s;
                k += 1;
            }
        } else if let Some(s) = words.get(k).and_then(|w| scale_word(w.lower)) {
            // "per million tokens", "cho mỗi triệu token".
            if words.get(k).is_some_and(|w| w.lower.len() > 2) {
                count = s;
                k += 1;
            }
        }
        if words.get(k).is_some_and(|w| MODIFIERS.contains(&w.lower)) && k + 1 < words.len() {
            k += 1;
        }
    }
    let unit = UNITS
        .iter()
        .filter(|(ws, _)| {
            ws.iter().enumerate().all(|(j, w)| words.get(k + j).is_some_and(|t| t.lower == *w))
        })
        .max_by_key(|(ws, _)| ws.len());
    let (unit, len) = match unit {
        Some((ws, name)) => ((*name).to_string(), ws.len()),
        None if generic => {
            let w = words.get(k).filter(|w| {
                !w.num && w.lower != "cent" && w.lower.chars().all(char::is_alphabetic)
            })?;
            let singular = w.lower.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w.lower);
            (singular.to_string(), 1)
        }
        None => return None,
    };
    if article && !ARTICLE_UNITS.contains(&unit.as_str()) {
        return None;
    }
    let after = words.get(k + len).map(|w| w.lower);
    if ARTICLE_UNITS[..5].contains(&unit.as_str()) && after.is_some_and(|a| COMPARISON.contains(&a))
    {
        return None;
    }
    Some((Per { count, unit }, k + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(String, usize)> {
        let toks: Vec<&str> = s.split(' ').collect();
        let words: Vec<Word<'_>> = toks
            .iter()
            .map(|t| Word { lower: t, num: t.starts_with(|c: char| c.is_ascii_digit()) })
            .collect();
        per_unit(&words).map(|(p, n)| (p.describe(), n))
    }

    #[test]
    fn per_unit_tails() {
        for (text, per, used) in [
            ("/ 1.000 token", "1000 token", 3),
            ("cho mỗi 1.000 token", "1000 token", 4),
            ("mỗi tháng", "month", 2),
            ("/ tháng", "month", 2),
            ("/ cổ phiếu", "share", 3),
            ("/ 1 k tokens", "1000 token", 4),
            ("per million input tokens", "1000000 token", 4),
            ("a month", "month", 2),
            ("an hour", "hour", 2),
            ("per share", "share", 2),
            ("per filing", "filing", 2),
            ("cho mỗi triệu token", "1000000 token", 4),
            ("each", "unit", 1),
            ("cho mỗi giao dịch", "transaction", 4),
        ] {
            assert_eq!(read(text), Some((per.to_string(), used)), "{text}");
        }
        for text in ["a year earlier", "a deal", "per cent", "mỗi năm trước", "an investor"] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
