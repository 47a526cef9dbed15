//! Formatting: an [`Amount`] written for pages and `factbook extract`, per language.
//!
//! Rules: what is printed reads back unchanged through [`super::parse_value`]; Vietnamese
//! uses `,` decimals and scale words ("1,5 tỷ USD"), English `US$` and "million"; a count
//! below one thousand prints as a bare number.

use super::number::pow10;
use super::{Amount, Qualifier, Unit};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// Human display for pages and `factbook extract`, readable back by [`parse_value`].
///
/// Vi: "35 triệu USD", "1,5 tỷ USD", "hơn 500 triệu USD", "100 lần", "từ 10 tỷ USD đến 20
/// tỷ USD"; En: "US$35 million", "more than US$500 million", "100x". A count below one
/// thousand prints as a bare number, which reads back without a unit.
pub fn format_amount(a: &Amount, lang: Lang) -> String {
    if let Some(text) = format_vague(a, lang) {
        return text;
    }
    if let (Qualifier::Range, Some(max)) = (a.qualifier, a.value_max) {
        // A low end without a scale word borrows the high end's ("US$0.0005 million"), so
        // that "US$500 and US$2 million" cannot be read as 500 million; a Vietnamese
        // currency suffix already closes the low end ("500 USD").
        let hi_scale = pick_scale(max, a, lang);
        let suffixed = lang == Lang::Vi && a.currency.is_some();
        let lo_scale = pick_scale(a.value, a, lang).or(if suffixed { None } else { hi_scale });
        let (lo, hi) = (format_one(a.value, a, lang, lo_scale), format_one(max, a, lang, hi_scale));
        return match lang {
            Lang::Vi => format!("từ {lo} đến {hi}"),
            Lang::En => format!("between {lo} and {hi}"),
        };
    }
    let body = format_one(a.value, a, lang, pick_scale(a.value, a, lang));
    let word = match (lang, a.qualifier) {
        (_, Qualifier::Exact | Qualifier::Range) => return body,
        (Lang::Vi, Qualifier::Approximately) => "khoảng",
        (Lang::Vi, Qualifier::AtLeast) => "ít nhất",
        (Lang::Vi, Qualifier::MoreThan) => "hơn",
        (Lang::Vi, Qualifier::LessThan) => "dưới",
        (Lang::Vi, Qualifier::UpTo) => "lên tới",
        (Lang::En, Qualifier::Approximately) => "about",
        (Lang::En, Qualifier::AtLeast) => "at least",
        (Lang::En, Qualifier::MoreThan) => "more than",
        (Lang::En, Qualifier::LessThan) => "less than",
        (Lang::En, Qualifier::UpTo) => "up to",
    };
    format!("{word} {body}")
}

/// Digits with the language's separators: Vi "1.234,5", En "1,234.5".
pub(super) fn format_number(v: Decimal, lang: Lang) -> String {
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
    let mut out = String::with_capacity(raw.len() + raw.len() / 3 + 1);
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

pub(super) type Scale = Option<(u32, &'static str)>;

/// The scale word a figure prints with: the largest that leaves at most three decimals,
/// from a million up for money; counts also use "nghìn"/"thousand" (with any decimals)
/// so that they read back as counts. `None` for units and bare numbers, which print plain.
/// The vague ranges the parser reads from "hàng triệu", "hàng trăm nghìn USD",
/// "millions of users", "hundreds of thousands of dollars", written back that way.
pub(super) fn format_vague(a: &Amount, lang: Lang) -> Option<String> {
    let (Qualifier::Range, Some(max)) = (a.qualifier, a.value_max) else { return None };
    let e = (3..=14).find(|&e| pow10(e) == Some(a.value))?;
    let lead = if max.checked_add(Decimal::ONE)? == a.value.checked_mul(Decimal::from(1000))? {
        0
    } else if max.checked_add(Decimal::ONE)? == a.value.checked_mul(Decimal::from(10))?
        && e % 3 != 0
    {
        e % 3
    } else {
        return None;
    };
    let scale_exp = e - lead;
    let vi_scale = match scale_exp {
        3 => "nghìn",
        6 => "triệu",
        9 => "tỷ",
        12 => "nghìn tỷ",
        _ => return None,
    };
    let en_scale = match scale_exp {
        3 => "thousands",
        6 => "millions",
        9 => "billions",
        12 => "trillions",
        _ => return None,
    };
    match lang {
        Lang::Vi => {
            let lead = ["", "chục ", "trăm "][lead as usize];
            let unit = match (a.unit, a.currency) {
                (Some(Unit::Count), _) => String::new(),
                (None, Some("VND")) => " đồng".into(),
                (None, Some(code)) => format!(" {code}"),
                _ => return None,
            };
            Some(format!("hàng {lead}{vi_scale}{unit}"))
        }
        Lang::En => {
            let lead = ["", "tens of ", "hundreds of "][lead as usize];
            let unit = match (a.unit, a.currency) {
                (Some(Unit::Count), _) => "",
                (None, Some("USD")) => " of dollars",
                (None, Some("EUR")) => " of euros",
                (None, Some("VND")) => " of dong",
                (None, Some("JPY")) => " of yen",
                (None, Some("CNY")) => " of yuan",
                _ => return None,
            };
            Some(format!("{lead}{en_scale}{unit}"))
        }
    }
}

pub(super) fn pick_scale(v: Decimal, a: &Amount, lang: Lang) -> Scale {
    let count = match (a.unit, a.currency) {
        (Some(Unit::Count), _) => true,
        (None, Some(_)) => false,
        _ => return None,
    };
    let scales: &[(u32, &str)] = match lang {
        Lang::Vi => &[(9, "tỷ"), (6, "triệu"), (3, "nghìn")],
        Lang::En => &[(12, "trillion"), (9, "billion"), (6, "million"), (3, "thousand")],
    };
    let fits = |e: u32, any: bool| {
        let s = pow10(e)?;
        Some(v >= s && (any || v.checked_div(s)?.normalize().scale() <= 3))
    };
    let mut usable = scales.iter().copied().filter(|&(e, _)| e > 3 || count);
    usable
        .clone()
        .find(|&(e, _)| fits(e, false) == Some(true))
        .or_else(|| usable.find(|&(e, _)| e == 3 && fits(e, true) == Some(true)))
}

pub(super) fn format_one(v: Decimal, a: &Amount, lang: Lang, scale: Scale) -> String {
    let n = || format_number(v, lang);
    let scaled = || match scale.and_then(|(e, w)| Some((v.checked_div(pow10(e)?)?, w))) {
        Some((m, w)) => format!("{} {w}", format_number(m, lang)),
        None => n(),
    };
    match (a.unit, lang) {
        (Some(Unit::Percent), _) => format!("{}%", n()),
        (Some(Unit::Multiple), Lang::Vi) => format!("{} lần", n()),
        (Some(Unit::Multiple), Lang::En) => format!("{}x", n()),
        (Some(Unit::Rank), Lang::Vi) => format!("thứ {}", v.normalize()),
        (Some(Unit::Rank), Lang::En) => {
            let r = v.normalize().to_string();
            let suffix = match (r.bytes().rev().nth(1), r.bytes().last()) {
                (Some(b'1'), _) => "th",
                (_, Some(b'1')) => "st",
                (_, Some(b'2')) => "nd",
                (_, Some(b'3')) => "rd",
                _ => "th",
            };
            format!("{r}{suffix}")
        }
        (Some(Unit::Count), _) => scaled(),
        (None, _) => {
            let Some(cur) = a.currency else { return n() };
            let body = scaled();
            match (lang, cur) {
                (Lang::Vi, "VND") => format!("{body} đồng"),
                (Lang::En, "USD") => format!("US${body}"),
                (Lang::En, "EUR") => format!("€{body}"),
                (Lang::En, "GBP") => format!("£{body}"),
                (Lang::En, "JPY") => format!("¥{body}"),
                (Lang::En, "CNY") => format!("{body} yuan"),
                _ => format!("{body} {cur}"),
            }
        }
    }
}
