//! Numbers and scale words: tokens of a text, digit runs with `.`/`,` separators read
//! by shape before language, scientific notation, and scale words ("triệu", "tỷ",
//! "million", "35m").
//!
//! Rules: a number glued to letters (`H100`, `GPT-4`, `5G`) is no figure; a scale word
//! followed by a blocker ("tỷ lệ", "tỷ giá") is another noun; `k`/`m`/`b` suffixes
//! need a currency or a counting noun.

use super::Unit;
use super::scan::{
    MONTHS, NOUN_MODIFIERS, NOUNS, Noun, ORDINAL_BLOCKERS, PERCENT_WORDS, Part, Scanner,
};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// End of the digit run starting at `start` (an ASCII digit), taking in `.` and
/// `,` only between digits: `1.200,5` is one token. Shared with the claim
/// extractor's tokenizer so both see the same numbers.
pub(crate) fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    loop {
        match bytes.get(end) {
            Some(b) if b.is_ascii_digit() => end += 1,
            Some(b'.' | b',') if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => end += 2,
            _ => return end,
        }
    }
}

/// Scale words: (word, power of ten, full word?, English?). Non-full ones only count
/// glued to the number ("35m") and need a currency or noun to make a figure.
#[rustfmt::skip]
pub(super) const SCALES: &[(&str, u32, bool, bool)] = &[
    ("nghìn", 3, true, false), ("ngàn", 3, true, false), ("triệu", 6, true, false),
    ("tỷ", 9, true, false), ("tỉ", 9, true, false), ("thousand", 3, true, true),
    ("million", 6, true, true), ("billion", 9, true, true), ("trillion", 12, true, true),
    ("mn", 6, true, true), ("mln", 6, true, true), ("bn", 9, true, true), ("bln", 9, true, true),
    ("tn", 12, true, true), ("tr", 6, false, false), ("k", 3, false, true), ("m", 6, false, true),
    ("b", 9, false, true),
];

/// Words after a Vietnamese scale word that turn it into another noun: "tỷ lệ" (rate),
/// "tỷ giá" (exchange rate), "tỷ phú" (billionaire) ...
pub(super) const SCALE_BLOCKERS: &[&str] = &["lệ", "giá", "suất", "trọng", "phú"];

pub(super) const PLURAL_SCALES: &[(&str, u32)] =
    &[("thousands", 3), ("millions", 6), ("billions", 9), ("trillions", 12)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// ASCII digits with inner `.`/`,` each followed by a digit.
    Num,
    /// A run of alphabetic chars.
    Word,
    /// Any other non-space char.
    Sym(char),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let end = number_end(bytes, start);
            while chars.next_if(|&(p, _)| p < end).is_some() {}
            toks.push(Tok { kind: Kind::Num, start, end });
        } else if is_letter(c) {
            let mut end = start + c.len_utf8();
            while let Some((p, d)) = chars.next_if(|&(_, d)| is_letter(d)) {
                end = p + d.len_utf8();
            }
            toks.push(Tok { kind: Kind::Word, start, end });
        } else if !c.is_whitespace() {
            toks.push(Tok { kind: Kind::Sym(c), start, end: start + c.len_utf8() });
        }
    }
    toks
}

/// `char::is_alphabetic` with a fast path for ASCII and the Latin blocks Vietnamese uses.
pub(super) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7f}' | '×' | '÷' => false,
        'À'..='ɏ' | '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

/// Case-insensitive equality against a lowercase lexicon entry. Lowercasing keeps the
/// UTF-8 length of every Latin and Vietnamese letter, so a length mismatch rejects early.
pub(super) fn eq_ci(s: &str, lower: &str) -> bool {
    if s.len() != lower.len() {
        return false;
    }
    if let (Some(a), Some(b)) = (s.as_bytes().first(), lower.as_bytes().first())
        && a.is_ascii()
        && a.to_ascii_lowercase() != *b
    {
        return false;
    }
    if s.is_ascii() {
        return s.eq_ignore_ascii_case(lower);
    }
    s.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

pub(super) fn pow10(e: u32) -> Option<Decimal> {
    if e > 28 { None } else { Decimal::try_from_i128_with_scale(10i128.pow(e), 0).ok() }
}

/// Reads a number token's digits by shape, falling back on `conv` (see module docs).
pub(super) fn parse_number(s: &str, conv: Lang) -> Option<Decimal> {
    let b = s.as_bytes();
    let seps = || b.iter().enumerate().filter(|(_, c)| matches!(c, b'.' | b','));
    let grouped = |end: usize| {
        // `b[..end]` is digits in thousands groups split by any separator.
        let mut groups = b.get(..end)?.split(|c| !c.is_ascii_digit());
        let first = groups.next()?.len();
        Some((1..=3).contains(&first) && groups.all(|g| g.len() == 3))
    };
    let count = seps().count();
    let last = seps().next_back();
    let decimal_at = match last {
        None => None,
        Some((pos, &kind)) => {
            let same = seps().filter(|(_, c)| **c == kind).count();
            if same < count {
                // Both kinds: the last one is the decimal mark, once, after clean groups.
                if same != 1 || !grouped(pos)? {
                    return None;
                }
                Some(pos)
            } else if count > 1 {
                grouped(b.len())?.then_some(())?;
                None
            } else {
                let (int_len, frac_len) = (pos, b.len() - pos - 1);
                let could_group = frac_len == 3 && int_len <= 3 && b.first() != Some(&b'0');
                let thousands = match conv {
                    Lang::Vi => kind == b'.',
                    Lang::En => kind == b',',
                };
                if could_group && thousands { None } else { Some(pos) }
            }
        }
    };
    let mut mantissa: i128 = 0;
    let mut digits = 0u32;
    let mut scale = 0u32;
    for (i, c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits > 28 {
                return None;
            }
            mantissa = mantissa * 10 + i128::from(c - b'0');
            if decimal_at.is_some_and(|d| i > d) {
                scale += 1;
            }
        }
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// `1.2e9`, `3E6`: plain scientific notation, for [`parse_value`] only.
pub(super) fn parse_scientific(s: &str) -> Option<Decimal> {
    let (base, exp) = s.split_once(['e', 'E'])?;
    let ok = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    let (neg, exp) = match exp.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, exp.strip_prefix('+').unwrap_or(exp)),
    };
    if !ok(base) || exp.is_empty() || !exp.bytes().all(|c| c.is_ascii_digit()) || exp.len() > 2 {
        return None;
    }
    let base = parse_number(base, Lang::En)?;
    let p = pow10(exp.parse().ok()?)?;
    if neg { base.checked_div(p) } else { base.checked_mul(p) }
}

impl<'a> Scanner<'a> {
    pub(super) fn scale_word(&self, i: usize) -> Option<(u32, bool, bool)> {
        let w = self.word(i)?;
        SCALES.iter().find(|s| eq_ci(w, s.0)).map(|s| (s.1, s.2, s.3))
    }

    /// A number at `i` is not glued to letters, dates, times or model names.
    pub(super) fn num_context_ok(&self, i: usize) -> bool {
        if self.touches(i) {
            match self.kind(i - 1) {
                Some(Kind::Word) => return false,
                Some(Kind::Sym('/' | ':' | '.' | ',')) => return false,
                Some(Kind::Sym('-' | '–'))
                    if self.touches(i - 1) && self.kind(i - 2) == Some(Kind::Word) =>
                {
                    return false;
                }
                _ => {}
            }
        }
        if self.touches(i + 1) && self.touches(i + 2) {
            if self.is_sym(i + 1, &['/', ':', '.']) && self.is_num(i + 2) {
                return false;
            }
            if self.is_sym(i + 1, &['-', '–']) && self.kind(i + 2) == Some(Kind::Word) {
                return false;
            }
        }
        true
    }

    /// Reads `[prefix] number [suffix] [scale words] [currency | unit | noun]` at `i`.
    pub(super) fn numeric(&self, i: usize) -> Option<Part> {
        let mut p = Part::new(i);
        let mut j = i;
        let mut english = self.lang == Lang::En;
        if let Some((n, cur, en)) = self.prefix(i) {
            (p.money, p.currency, j) = (true, cur, i + n);
            english |= en;
        }
        if !self.is_num(j) || !self.num_context_ok(j) {
            return None;
        }
        let mut k = j + 1;
        if self.touches(k) {
            match self.kind(k) {
                Some(Kind::Word) => {
                    let w = self.str_at(k);
                    if let Some((e, full, en)) = self.scale_word(k) {
                        p.exp = p.exp.saturating_add(e);
                        (p.scaled, p.weak_scale) = (full, !full);
                        english |= en;
                    } else if eq_ci(w, "x") && !p.money {
                        p.unit = Some(Unit::Multiple);
                    } else if eq_ci(w, "đ") && !p.money {
                        (p.money, p.currency) = (true, Some("VND"));
                    } else if ["st", "nd", "rd", "th"].iter().any(|s| eq_ci(w, s)) && !p.money {
                        p.unit = Some(Unit::Rank);
                    } else {
                        return None;
                    }
                    k += 1;
                    if self.touches(k) && self.is_num(k) {
                        return None;
                    }
                }
                Some(Kind::Sym('%')) if !p.money => {
                    p.unit = Some(Unit::Percent);
                    k += 1;
                }
                _ => {}
            }
        }
        if p.unit.is_none() {
            while let Some((e, true, en)) = self.scale_word(k) {
                if !english && self.is_any(k + 1, SCALE_BLOCKERS) {
                    break;
                }
                p.exp = p.exp.saturating_add(e);
                p.scaled = true;
                english |= en;
                k += 1;
            }
        }
        let conv = if english { Lang::En } else { self.lang };
        p.value = parse_number(self.str_at(j), conv)?.checked_mul(pow10(p.exp)?)?;
        if p.unit == Some(Unit::Rank) {
            let dated = (j > 0 && self.is_any(j - 1, MONTHS))
                || self.is_any(k, MONTHS)
                || self.is_any(k, ORDINAL_BLOCKERS)
                || (self.is_word(k, "of") && self.is_any(k + 1, MONTHS));
            if dated || !p.value.is_integer() {
                return None;
            }
        }
        p.end = self.tail(k, &mut p, false);
        p.suffixed = p.end > j + 1;
        Some(p)
    }

    /// Currency, unit or counting noun after the number; returns the new end token.
    pub(super) fn tail(&self, k: usize, p: &mut Part, allow_of: bool) -> usize {
        if p.unit.is_some() || p.money {
            return k;
        }
        if allow_of && self.is_word(k, "of") {
            let end = self.tail(k + 1, p, false);
            return if end > k + 1 { end } else { k };
        }
        if let Some((n, cur)) = self.currency_after(k) {
            (p.money, p.currency) = (true, cur);
            return k + n;
        }
        if self.is_sym(k, &['%']) {
            p.unit = Some(Unit::Percent);
            return k + 1;
        }
        if let Some(w) = PERCENT_WORDS.iter().find(|w| self.seq(k, w)) {
            p.unit = Some(Unit::Percent);
            return k + w.len();
        }
        if (self.is_word(k, "lần") && !self.is_word(k + 1, "lượt")) || self.is_word(k, "times")
        {
            p.unit = Some(Unit::Multiple);
            return k + 1;
        }
        let mut m = k;
        while m < k + 3 && self.is_any(m, NOUN_MODIFIERS) {
            m += 1;
        }
        if let Some((n, strong)) = self.longest(m, NOUNS) {
            p.noun = if strong { Noun::Strong } else { Noun::Weak };
            return m + n;
        }
        k
    }
}
