//! Currencies: the words and symbols before or after a number that make it money, with
//! their ISO 4217 codes.
//!
//! Rules: `None` marks money in a currency we do not code ("S$"); "đồng" followed by a
//! blocker ("đồng sáng lập") is no currency; a `$ € £ ¥` prefix makes the figure
//! English-style for separator reading.

use super::number::{Kind, eq_ci};
use super::scan::Scanner;

pub(super) type Table<T> = &'static [(&'static [&'static str], T)];

/// Currency words after a number. `None` marks money in a currency we do not code.
#[rustfmt::skip]
pub(super) const CURRENCY_WORDS: Table<Option<&str>> = &[
    (&["đô", "la", "mỹ"], Some("USD")), (&["đô", "la"], Some("USD")),
    (&["đôla", "mỹ"], Some("USD")), (&["đôla"], Some("USD")), (&["đô"], Some("USD")),
    (&["usd"], Some("USD")), (&["us", "dollars"], Some("USD")), (&["dollars"], Some("USD")),
    (&["dollar"], Some("USD")), (&["đồng"], Some("VND")), (&["đ"], Some("VND")),
    (&["vnd"], Some("VND")), (&["vnđ"], Some("VND")), (&["dong"], Some("VND")),
    (&["euro"], Some("EUR")), (&["euros"], Some("EUR")), (&["eur"], Some("EUR")),
    (&["bảng", "anh"], Some("GBP")), (&["gbp"], Some("GBP")),
    (&["pounds", "sterling"], Some("GBP")), (&["yên"], Some("JPY")),
    (&["yên", "nhật"], Some("JPY")), (&["yen"], Some("JPY")), (&["jpy"], Some("JPY")),
    (&["nhân", "dân", "tệ"], Some("CNY")), (&["ndt"], Some("CNY")), (&["cny"], Some("CNY")),
    (&["rmb"], Some("CNY")), (&["yuan"], Some("CNY")), (&["renminbi"], Some("CNY")),
    (&["đô", "la", "úc"], None), (&["đô", "la", "canada"], None),
    (&["đô", "la", "singapore"], None), (&["đô", "la", "hồng", "kông"], None),
    (&["đô", "la", "đài", "loan"], None), (&["australian", "dollars"], None),
    (&["canadian", "dollars"], None), (&["singapore", "dollars"], None),
    (&["hong", "kong", "dollars"], None),
];

/// Codes accepted before a number ("USD 5 million"), with their ISO code.
#[rustfmt::skip]
pub(super) const PREFIX_CODES: &[(&str, &str)] = &[
    ("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP"), ("jpy", "JPY"), ("cny", "CNY"), ("rmb", "CNY"),
    ("vnd", "VND"),
];

/// Words after "đồng" that make it another word: "đồng sáng lập" (co-founder) ...
pub(super) const DONG_BLOCKERS: &[&str] = &[
    "sáng", "ý", "thời", "hành", "nghiệp", "minh", "hồ", "loạt", "đội", "phục", "chủ", "tác", "bộ",
    "điều", "cấp",
];

impl<'a> Scanner<'a> {
    /// A currency marker before a number: (tokens used, money currency, English style).
    pub(super) fn prefix(&self, i: usize) -> Option<(usize, Option<&'static str>, bool)> {
        match self.kind(i)? {
            Kind::Sym(c) => {
                let cur = match c {
                    '$' => "USD",
                    '€' => "EUR",
                    '£' => "GBP",
                    '¥' => "JPY",
                    _ => return None,
                };
                Some((1, Some(cur), true))
            }
            Kind::Word => {
                let w = self.str_at(i);
                if self.is_sym(i + 1, &['$']) && self.touches(i + 1) {
                    let short = w.len() <= 2 && w.bytes().all(|c| c.is_ascii_uppercase());
                    let us = eq_ci(w, "us");
                    return short.then_some((2, us.then_some("USD"), true));
                }
                let code = PREFIX_CODES.iter().find(|c| eq_ci(w, c.0))?.1;
                self.is_num(i + 1).then_some((1, Some(code), false))
            }
            Kind::Num => None,
        }
    }

    pub(super) fn currency_after(&self, k: usize) -> Option<(usize, Option<&'static str>)> {
        if let Some(Kind::Sym(c)) = self.kind(k) {
            let cur = match c {
                '$' => "USD",
                '€' => "EUR",
                '₫' => "VND",
                _ => return None,
            };
            let next_prefix = self.is_num(k + 1) && self.touches(k + 1);
            return (!next_prefix).then_some((1, Some(cur)));
        }
        let (n, cur) = self.longest(k, CURRENCY_WORDS)?;
        let blocked = (self.is_word(k, "đô") && self.is_word(k + 1, "thị"))
            || (self.is_word(k, "đồng") && self.is_any(k + 1, DONG_BLOCKERS));
        if n == 1 && blocked {
            return None;
        }
        Some((n, cur))
    }
}
