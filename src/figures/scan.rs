//! The scanner: reads figures at number, currency-symbol and "hàng"/"hundreds of"
//! anchors over the tokens of one text, and decides what each counts (money, percent,
//! multiple, count, rank).
//!
//! Rules: a bare number is a figure only with a scale word, a currency, `%`, a
//! multiplier, a rank word or a counting noun; years, dates, times and weekdays
//! ("thứ 2" + day word) are never figures; spans come out sorted and disjoint.

use super::currency::Table;
use super::number::{self, Kind, Tok, eq_ci, tokenize};
use super::{Amount, Qualifier, Unit};
use super::{per, words};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// Words before "thứ N" that make it "the Nth time/day ...", not a ranking.
pub(super) const RANK_BLOCKERS: &[&str] =
    &["lần", "ngày", "tuần", "tháng", "năm", "quý", "vòng", "phiên", "đợt", "kỳ", "thế"];

/// Words before a number that rank: "thứ 18", "hạng 18".
pub(super) const RANK_WORDS: &[&str] = &["thứ", "hạng"];

/// Words after an English ordinal that make it a date or a period, not a ranking.
pub(super) const ORDINAL_BLOCKERS: &[&str] =
    &["century", "centuries", "quarter", "half", "anniversary", "generation", "edition"];

pub(super) const PERCENT_WORDS: &[&[&str]] =
    &[&["phần", "trăm"], &["percent"], &["per", "cent"], &["pct"]];

/// Counting nouns; `false` marks weak ones ("người", "people") that need a scale word.
#[rustfmt::skip]
pub(super) const NOUNS: Table<bool> = &[
    (&["lượt", "người", "truy", "cập"], true), (&["lượt", "người", "dùng"], true),
    (&["lượt", "truy", "cập"], true), (&["lượt", "tải", "xuống"], true), (&["lượt", "tải"], true),
    (&["lượt", "xem"], true), (&["lượt", "đăng", "ký"], true), (&["lượt"], false),
    (&["người", "dùng"], true), (&["người", "sử", "dụng"], true), (&["người", "truy", "cập"], true),
    (&["người", "đăng", "ký"], true), (&["người", "theo", "dõi"], true), (&["người", "xem"], true),
    (&["người"], false), (&["thuê", "bao"], true), (&["khách", "hàng"], true),
    (&["nhân", "viên"], true), (&["tài", "khoản"], true), (&["thiết", "bị"], true),
    (&["tham", "số"], true), (&["lập", "trình", "viên"], true), (&["nhà", "phát", "triển"], true),
    (&["doanh", "nghiệp"], false), (&["token"], true), (&["gpu"], true), (&["users"], true),
    (&["user"], true), (&["visits"], true), (&["visitors"], true), (&["views"], true),
    (&["pageviews"], true), (&["page", "views"], true), (&["downloads"], true),
    (&["installs"], true), (&["subscribers"], true), (&["customers"], true), (&["employees"], true),
    (&["members"], true), (&["accounts"], true), (&["devices"], true), (&["parameters"], true),
    (&["tokens"], true), (&["gpus"], true), (&["chips"], true), (&["developers"], true),
    (&["people"], false), (&["businesses"], false),
    (&["việc", "làm"], true), (&["nhân", "sự"], true), (&["kỹ", "sư"], true),
    (&["cửa", "hàng"], true), (&["cổ", "phiếu"], true), (&["chi", "nhánh"], true),
    (&["jobs"], true), (&["engineers"], true), (&["stores"], true), (&["shops"], true),
    (&["workers"], true), (&["staff"], true),
];

/// Verbs after which a weak counting noun counts: "employs 1,150 people".
const EMPLOY_VERBS: &[&str] =
    &["employs", "employ", "employed", "employing", "hired", "hires", "tuyển", "headcount"];

/// English words that may stand between a number and its counting noun.
pub(super) const NOUN_MODIFIERS: &[&str] =
    &["daily", "weekly", "monthly", "active", "unique", "paying", "registered", "new", "total"];

#[rustfmt::skip]
pub(super) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Words after "thứ 2".."thứ 7" that make it a weekday, not a rank.
pub(super) const WEEKDAY_FOLLOWERS: &[&str] =
    &["ngày", "tuần", "này", "tới", "trước", "vừa", "sau", "hàng", "mỗi"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Noun {
    None,
    Weak,
    Strong,
}

/// A figure being read: token range, value and what was seen around the number.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) first: usize,
    pub(super) end: usize,
    pub(super) value: Decimal,
    pub(super) max: Option<Decimal>,
    pub(super) exp: u32,
    pub(super) scaled: bool,
    pub(super) weak_scale: bool,
    pub(super) money: bool,
    pub(super) currency: Option<&'static str>,
    pub(super) unit: Option<Unit>,
    pub(super) noun: Noun,
    /// Something follows the number itself (a currency, unit or noun), so the figure is
    /// complete and does not borrow a range partner's scale word.
    pub(super) suffixed: bool,
}

impl Part {
    pub(super) fn new(first: usize) -> Self {
        Part {
            first,
            end: first,
            value: Decimal::ZERO,
            max: None,
            exp: 0,
            scaled: false,
            weak_scale: false,
            money: false,
            currency: None,
            unit: None,
            noun: Noun::None,
            suffixed: false,
        }
    }
}

/// The first letters of the anchor words ("mười", "half" ...), a bit per letter
/// (a test per word token of every sentence).
const INITIALS: u32 = {
    let letters = b"thmbuegjcrvnasofc";
    let (mut bits, mut i) = (0u32, 0);
    while i < letters.len() {
        bits |= 1 << (letters[i] - b'a');
        i += 1;
    }
    bits
};

/// Whether a figure can start at `word` (any case): a rank word, a currency code, a
/// word opening a vague quantity or a number in words. Every reading of a figure at a
/// word token ([`Scanner::amount_at`]) starts with one of these (or before a `$`), so
/// the scanner tries none of them at other words.
fn is_anchor(word: &str) -> bool {
    static ANCHORS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    let anchors = ANCHORS.get_or_init(|| {
        RANK_WORDS
            .iter()
            .copied()
            .chain(super::currency::PREFIX_CODES.iter().map(|c| c.0))
            .chain([super::range::VAGUE_VI])
            .chain(super::range::VAGUE_LEADS.iter().copied())
            .chain(super::number::PLURAL_SCALES.iter().map(|s| s.0))
            .chain(words::openers())
            .collect()
    });
    // Most words are lowercase already: they are looked up without a copy.
    let lower = |c: char| c.to_lowercase().eq(std::iter::once(c));
    if word.chars().all(lower) {
        anchors.contains(word)
    } else {
        anchors.contains(word.to_lowercase().as_str())
    }
}

pub(super) struct Scanner<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) lang: Lang,
    /// Reading a whole value string: bare numbers are figures too.
    pub(super) whole: bool,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str, lang: Lang, whole: bool) -> Self {
        Scanner { text, toks: tokenize(text), lang, whole }
    }

    pub(super) fn scan(&self) -> Vec<Amount> {
        let mut out: Vec<Amount> = Vec::new();
        let (mut i, mut floor) = (0, 0);
        let mut last_end_tok = 0;
        while i < self.toks.len() {
            match self.amount_at(i, floor) {
                Some((amount, next)) => {
                    out.push(amount);
                    i = next.max(i + 1);
                    floor = i;
                    last_end_tok = i;
                }
                None => {
                    if let Some(a) = self.baseline_at(i, out.last(), last_end_tok) {
                        out.push(a);
                        floor = i + 1;
                        last_end_tok = i + 1;
                    }
                    i += 1
                }
            }
        }
        out
    }

    /// "1,150 people, up from 700 a year ago", "$5.2bn from 4.8bn": a bare number right
    /// after "from"/"từ"/"so với" that follows a figure measures the same thing; money
    /// keeps the currency, marked as implied.
    fn baseline_at(&self, i: usize, prev: Option<&Amount>, prev_end: usize) -> Option<Amount> {
        let prev = prev?;
        if self.whole || !self.is_num(i) || !self.num_context_ok(i) || i < 1 || prev_end > i {
            return None;
        }
        let cue = self.is_any(i - 1, &["from", "từ"])
            || (i >= 2 && self.seq(i - 2, &["so", "với"]))
            || (i >= 2 && self.seq(i - 2, &["từ", "mức"]));
        if !cue || i - prev_end > 6 || self.touches(i + 1) {
            return None;
        }
        if prev.unit.is_some_and(|u| u != Unit::Count) || prev.per.is_some() {
            return None;
        }
        let digits = self.str_at(i);
        let value = number::parse_number(digits, self.lang)?;
        // A year is a date, not a baseline ("from 2019").
        let year = digits.len() == 4 && (1900..=2100).contains(&value.trunc().mantissa());
        if year || value.is_zero() {
            return None;
        }
        let tok = self.toks.get(i)?;
        Some(Amount {
            span: tok.start..tok.end,
            value: value.normalize(),
            value_max: None,
            currency: prev.currency,
            unit: prev.unit,
            qualifier: Qualifier::Exact,
            per: None,
            currency_implied: prev.currency.is_some(),
        })
    }

    /// A number written in words at `i` ("mười tỷ đô la", "half a billion dollars",
    /// "two million users"): a figure only with a currency or a counting noun after it.
    fn worded(&self, i: usize) -> Option<Part> {
        // Most words open no number: lowercase the ten words after one only when it does.
        if !self.word(i).is_some_and(|w| words::opens_number(&w.to_lowercase())) {
            return None;
        }
        let mut lowers: Vec<String> = Vec::new();
        for k in i..(i + 10).min(self.toks.len()) {
            match self.kind(k) {
                Some(Kind::Word) => lowers.push(self.str_at(k).to_lowercase()),
                Some(Kind::Sym('-')) => lowers.push("-".into()),
                _ => break,
            }
        }
        let words: Vec<&str> = lowers.iter().map(String::as_str).collect();
        let (value, n) = words::number_words(&words)?;
        let mut p = Part::new(i);
        (p.value, p.scaled) = (value, true);
        p.end = self.tail(i + n, &mut p, false);
        (p.money || p.noun != Noun::None).then_some(p)
    }

    /// The unit of a per-unit price after a money figure ending at token `end`.
    fn per_after(&self, end: usize) -> Option<(per::Per, usize)> {
        let mut lowers: Vec<(String, bool)> = Vec::new();
        for k in end..(end + 6).min(self.toks.len()) {
            // "per Reuters" names a source, not a unit.
            if k > end
                && self.is_word(k - 1, "per")
                && self.str_at(k).starts_with(char::is_uppercase)
            {
                break;
            }
            lowers.push((self.str_at(k).to_lowercase(), self.is_num(k)));
        }
        let words: Vec<per::Word<'_>> =
            lowers.iter().map(|(l, num)| per::Word { lower: l, num: *num }).collect();
        per::per_unit(&words)
    }

    pub(super) fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub(super) fn str_at(&self, i: usize) -> &'a str {
        self.toks.get(i).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
    }

    pub(super) fn word(&self, i: usize) -> Option<&'a str> {
        (self.kind(i)? == Kind::Word).then(|| self.str_at(i))
    }

    pub(super) fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|s| eq_ci(s, w))
    }

    pub(super) fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|s| words.iter().any(|w| eq_ci(s, w)))
    }

    pub(super) fn is_sym(&self, i: usize, chars: &[char]) -> bool {
        matches!(self.kind(i), Some(Kind::Sym(c)) if chars.contains(&c))
    }

    pub(super) fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Num)
    }

    /// Token `i` starts where token `i - 1` ends (no space between).
    pub(super) fn touches(&self, i: usize) -> bool {
        i > 0
            && matches!((self.toks.get(i - 1), self.toks.get(i)), (Some(a), Some(b)) if a.end == b.start)
    }

    pub(super) fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.is_word(i + k, w))
    }

    /// Longest table entry starting at token `i`: (tokens used, payload).
    pub(super) fn longest<T: Copy>(&self, i: usize, table: Table<T>) -> Option<(usize, T)> {
        let first = self.word(i)?.chars().next()?.to_lowercase().next()?;
        table
            .iter()
            .filter(|(w, _)| w.first().is_some_and(|w| w.starts_with(first)) && self.seq(i, w))
            .max_by_key(|(w, _)| w.len())
            .map(|(w, t)| (w.len(), *t))
    }

    /// "thứ 18", "hạng 18" (but not the weekdays "thứ 2".."thứ 7").
    pub(super) fn rank_word(&self, i: usize) -> Option<Part> {
        if !self.is_any(i, RANK_WORDS) || !self.is_num(i + 1) || self.touches(i + 1) {
            return None;
        }
        if i > 0 && self.is_any(i - 1, RANK_BLOCKERS) {
            return None;
        }
        let digits = self.str_at(i + 1);
        if digits.len() > 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if !self.num_context_ok(i + 1) || self.touches(i + 2) || self.scale_word(i + 2).is_some() {
            return None;
        }
        let value: u32 = digits.parse().ok()?;
        let weekday_follows = self.is_sym(i + 2, &[',', '(']) || self.is_num(i + 2);
        if self.is_word(i, "thứ")
            && (2..=7).contains(&value)
            && !self.whole
            && (weekday_follows
                || self.is_any(i + 2, WEEKDAY_FOLLOWERS)
                || i + 2 >= self.toks.len())
        {
            return None;
        }
        let mut p = Part::new(i);
        (p.end, p.value, p.unit) = (i + 2, Decimal::from(value), Some(Unit::Rank));
        Some(p)
    }

    /// What a finished part reports as: (currency, unit), or `None` if it is no figure.
    pub(super) fn classify(&self, p: &Part) -> Option<(Option<&'static str>, Option<Unit>)> {
        if p.money {
            return Some((p.currency, None));
        }
        if let Some(u) = p.unit {
            return Some((None, Some(u)));
        }
        let counted = match p.noun {
            Noun::Strong => true,
            Noun::Weak => p.scaled || p.weak_scale,
            Noun::None => p.scaled || (self.whole && p.weak_scale),
        };
        if counted { Some((None, Some(Unit::Count))) } else { self.whole.then_some((None, None)) }
    }

    /// Cheap test that token `i` may begin a figure (a number, a currency marker, or an
    /// anchor word), so that most words cost a byte compare or one lookup.
    pub(super) fn may_start(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Kind::Num) => true,
            Some(Kind::Sym(c)) => matches!(c, '$' | '€' | '£' | '¥'),
            Some(Kind::Word) => {
                let word = self.str_at(i);
                let first = word.as_bytes().first().map_or(0, |b| b | 0x20);
                let initial = first.is_ascii_lowercase() && INITIALS & (1 << (first - b'a')) != 0;
                (initial && is_anchor(word)) || self.is_sym(i + 1, &['$'])
            }
            None => false,
        }
    }

    /// The word before a range that says how to read it: "từ", "between" or "from".
    pub(super) fn intro(&self, i: usize, floor: usize) -> Option<&'static str> {
        (i > floor)
            .then(|| ["từ", "between", "from"].into_iter().find(|w| self.is_word(i - 1, w)))?
    }

    pub(super) fn amount_at(&self, i: usize, floor: usize) -> Option<(Amount, usize)> {
        if !self.may_start(i) {
            return None;
        }
        let (mut p, numeric_range) = if let Some(p) = self.rank_word(i) {
            (p, false)
        } else if let Some(p) = self.numeric(i) {
            match self.range_after(&p, self.intro(i, floor)) {
                Some(r) => (r, true),
                None => (p, false),
            }
        } else if let Some(p) = self.vague(i) {
            (p, false)
        } else {
            (self.worded(i)?, false)
        };
        if p.noun == Noun::Weak
            && !p.scaled
            && (1..=2).any(|d| p.first >= d && self.is_any(p.first - d, EMPLOY_VERBS))
        {
            p.noun = Noun::Strong;
        }
        let (currency, unit) = self.classify(&p)?;
        // "employs about 5,600 people" in a Vietnamese article: nobody counts 5.6
        // people, so a counted noun reads "5,600" as thousands whatever the language.
        if unit == Some(Unit::Count) && !p.scaled && p.noun != Noun::None && !p.value.is_integer() {
            let digits = self.str_at(p.first);
            let other = if self.lang == Lang::Vi { Lang::En } else { Lang::Vi };
            if let Some(v) = number::parse_number(digits, other).filter(|v| v.is_integer()) {
                p.value = v;
            }
        }
        let mut per = None;
        if currency.is_some()
            && let Some((unit, n)) = self.per_after(p.end)
        {
            per = Some(unit);
            p.end += n;
        }
        let mut qualifier = if p.max.is_some() { Qualifier::Range } else { Qualifier::Exact };
        let mut first = p.first;
        if numeric_range && matches!(self.intro(i, floor), Some("từ" | "between")) {
            first -= 1;
        } else if unit != Some(Unit::Rank)
            && let Some((n, q)) = self.qualifier_before(first, floor)
        {
            first -= n;
            if p.max.is_none() || (!numeric_range && q != Qualifier::Approximately) {
                (qualifier, p.max) = (q, None);
            }
        }
        let start = self.toks.get(first)?.start;
        let end = self.toks.get(p.end.checked_sub(1)?)?.end;
        let amount = Amount {
            span: start..end,
            value: p.value.normalize(),
            value_max: p.max.map(|m| m.normalize()),
            currency,
            unit,
            qualifier,
            per,
            currency_implied: false,
        };
        Some((amount, p.end))
    }
}
