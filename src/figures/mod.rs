//! Money and quantity expressions in Vietnamese and English news text.
//!
//! Claim extraction (PRODUCT.md §5) needs every figure an article states: sums of money
//! ("hơn 10 tỷ đô la Mỹ", "US$10bn"), percentages, multiples ("100 lần"), counts
//! ("13 triệu lượt truy cập") and ranks ("thứ 18"). [`find_amounts`] tokenises a text once
//! (numbers, words, single symbols) and reads figures at number, currency-symbol and
//! "hàng"/"hundreds of" anchors, looking back a few words for a qualifier; [`parse_value`]
//! reads a curated claim's `value` string with the same grammar; [`format_amount`] renders
//! an [`Amount`] for pages so that `parse_value` reads it back unchanged.
//!
//! Invariants: no input makes these functions panic; spans are byte ranges on char
//! boundaries; the spans of one [`find_amounts`] call are sorted and disjoint.
//!
//! Ambiguity rules:
//! - A number's shape wins over the article language: several separators of one kind are
//!   thousands groups, both kinds mean "thousands then decimal", and a single separator
//!   not followed by exactly three digits (or after more than three digits, or after a
//!   lone `0`) is a decimal point. Only `1.200` / `1,200` is left to the convention, which
//!   is the article's language unless the figure is written English-style (a `$ € £ ¥`
//!   prefix or an English scale word), as in "$1,200" inside a Vietnamese article.
//! - A bare number is a figure only with a scale word (then it is a [`Unit::Count`]), a
//!   currency, `%`, a multiplier, a rank word or a counting noun. Years, dates (`10/4`),
//!   times, and numbers glued to letters (`H100`, `GPT-4`, `5G`) are never figures;
//!   `k`/`m`/`b` suffixes need a currency or a noun (`4K` and `100m` are not money).
//! - An explicit qualifier before a vague range wins: "ít nhất hàng trăm nghìn đô la" is
//!   `AtLeast` 100 000 with no maximum; "khoảng hàng triệu" stays a `Range`.
//! - Vietnamese "từ X đến Y" is a range; English "from X to Y" usually describes a change,
//!   so it gives two amounts, while "between X and Y" and "X-Y" are ranges.

use std::ops::Range;

use rust_decimal::Decimal;

pub use self::period::parse_date;
pub use crate::i18n::Lang;

pub mod lexicon;
pub mod period;

/// What a figure counts when it is not money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `20%`, `20 phần trăm`, `20 percent`.
    Percent,
    /// `100 lần`, `100x`, `100 times`: profit caps and growth factors.
    Multiple,
    /// Users, visits, subscribers ... and bare scaled numbers ("1 tỷ").
    Count,
    /// `thứ 18`, `hạng 18`, `18th`.
    Rank,
}

/// How the stated figure relates to the true one; names follow the claim schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// No hedge word.
    Exact,
    /// khoảng, chừng, xấp xỉ, gần; about, around, roughly, nearly ...
    Approximately,
    /// ít nhất, tối thiểu; at least.
    AtLeast,
    /// hơn, trên, ngoài, vượt (mốc); more than, over, above, topped, surpassed.
    MoreThan,
    /// dưới, chưa tới; less than, under, below.
    LessThan,
    /// lên tới, tới, đến, tối đa, trong vòng; up to, as much as, within.
    UpTo,
    /// `value ..= value_max`: "10-20 tỷ", "hàng trăm nghìn", "between 10 and 20 million".
    Range,
}

/// One money or quantity expression found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Byte range of the whole expression, qualifier, currency and scale words included;
    /// always on char boundaries of the scanned text.
    pub span: Range<usize>,
    /// The normalised figure ("35 triệu USD" -> 35000000); the lower bound of a range.
    pub value: Decimal,
    /// Upper bound when `qualifier` is [`Qualifier::Range`]; `None` otherwise.
    pub value_max: Option<Decimal>,
    /// ISO 4217 code for money; `None` for quantities and unknown currencies ("S$").
    pub currency: Option<&'static str>,
    /// What the figure counts; `None` for money (and for bare numbers in [`parse_value`]).
    pub unit: Option<Unit>,
    /// The hedge word in front of the figure.
    pub qualifier: Qualifier,
}

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

/// Every money or quantity expression in `text`, in order, with disjoint spans.
///
/// Use it on article bodies; `lang` is the article's language and only settles separators
/// whose shape is ambiguous (see the module docs).
pub fn find_amounts(text: &str, lang: Lang) -> Vec<Amount> {
    Scanner::new(text, lang, false).scan()
}

/// Reads a whole value string such as a curated claim's `value = "35 triệu USD"`.
///
/// Accepts everything [`find_amounts`] does plus plain numbers ("35000000", "1.2e9", "hơn
/// 500"), which come back with neither unit nor currency so that the caller can apply the
/// claim's own `currency`. Returns `None` unless one expression covers the trimmed text.
pub fn parse_value(text: &str, lang: Lang) -> Option<Amount> {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let whole = start..start + trimmed.len();
    if let Some(value) = parse_scientific(trimmed).map(|v| v.normalize()) {
        let (span, qualifier) = (whole, Qualifier::Exact);
        return Some(Amount {
            span,
            value,
            value_max: None,
            currency: None,
            unit: None,
            qualifier,
        });
    }
    let mut found = Scanner::new(text, lang, true).scan();
    match found.pop() {
        Some(a) if found.is_empty() && a.span == whole => Some(a),
        _ => None,
    }
}

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

/// The kebab-case name used by the claim schema (`qualifier = "more-than"`).
pub fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::Approximately => "approximately",
        Qualifier::AtLeast => "at-least",
        Qualifier::MoreThan => "more-than",
        Qualifier::LessThan => "less-than",
        Qualifier::UpTo => "up-to",
        Qualifier::Range => "range",
    }
}

/// Inverse of [`qualifier_name`] for front matter; `None` for unknown names and for the
/// claim-level "target" and "estimate", which are not properties of a figure.
pub fn parse_qualifier(s: &str) -> Option<Qualifier> {
    const ALL: [Qualifier; 7] = [
        Qualifier::Exact,
        Qualifier::Approximately,
        Qualifier::AtLeast,
        Qualifier::MoreThan,
        Qualifier::LessThan,
        Qualifier::UpTo,
        Qualifier::Range,
    ];
    ALL.into_iter().find(|&q| qualifier_name(q) == s.trim())
}

// ---------------------------------------------------------------------------------------
// Lexicons (lowercase; matched case-insensitively word by word)
// ---------------------------------------------------------------------------------------

/// Scale words: (word, power of ten, full word?, English?). Non-full ones only count
/// glued to the number ("35m") and need a currency or noun to make a figure.
#[rustfmt::skip]
const SCALES: &[(&str, u32, bool, bool)] = &[
    ("nghìn", 3, true, false), ("ngàn", 3, true, false), ("triệu", 6, true, false),
    ("tỷ", 9, true, false), ("tỉ", 9, true, false), ("thousand", 3, true, true),
    ("million", 6, true, true), ("billion", 9, true, true), ("trillion", 12, true, true),
    ("mn", 6, true, true), ("mln", 6, true, true), ("bn", 9, true, true), ("bln", 9, true, true),
    ("tn", 12, true, true), ("tr", 6, false, false), ("k", 3, false, true), ("m", 6, false, true),
    ("b", 9, false, true),
];

/// Words after a Vietnamese scale word that turn it into another noun: "tỷ lệ" (rate),
/// "tỷ giá" (exchange rate), "tỷ phú" (billionaire) ...
const SCALE_BLOCKERS: &[&str] = &["lệ", "giá", "suất", "trọng", "phú"];

const PLURAL_SCALES: &[(&str, u32)] =
    &[("thousands", 3), ("millions", 6), ("billions", 9), ("trillions", 12)];

type Table<T> = &'static [(&'static [&'static str], T)];

/// Currency words after a number. `None` marks money in a currency we do not code.
#[rustfmt::skip]
const CURRENCY_WORDS: Table<Option<&str>> = &[
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
const PREFIX_CODES: &[(&str, &str)] = &[
    ("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP"), ("jpy", "JPY"), ("cny", "CNY"), ("rmb", "CNY"),
    ("vnd", "VND"),
];

/// Words after "đồng" that make it another word: "đồng sáng lập" (co-founder) ...
const DONG_BLOCKERS: &[&str] = &[
    "sáng", "ý", "thời", "hành", "nghiệp", "minh", "hồ", "loạt", "đội", "phục", "chủ", "tác", "bộ",
    "điều", "cấp",
];

/// Words before "thứ N" that make it "the Nth time/day ...", not a ranking.
const RANK_BLOCKERS: &[&str] =
    &["lần", "ngày", "tuần", "tháng", "năm", "quý", "vòng", "phiên", "đợt", "kỳ", "thế"];

/// Words after an English ordinal that make it a date or a period, not a ranking.
const ORDINAL_BLOCKERS: &[&str] =
    &["century", "centuries", "quarter", "half", "anniversary", "generation", "edition"];

#[rustfmt::skip]
const QUALIFIERS: Table<Qualifier> = &[
    (&["khoảng"], Qualifier::Approximately), (&["chừng"], Qualifier::Approximately),
    (&["xấp", "xỉ"], Qualifier::Approximately), (&["gần"], Qualifier::Approximately),
    (&["hơn"], Qualifier::MoreThan), (&["trên"], Qualifier::MoreThan),
    (&["ngoài"], Qualifier::MoreThan), (&["vượt", "quá"], Qualifier::MoreThan),
    (&["vượt"], Qualifier::MoreThan), (&["vượt", "mốc"], Qualifier::MoreThan),
    (&["topped"], Qualifier::MoreThan), (&["surpassed"], Qualifier::MoreThan),
    (&["exceeded"], Qualifier::MoreThan),
    (&["ít", "nhất"], Qualifier::AtLeast), (&["tối", "thiểu"], Qualifier::AtLeast),
    (&["lên", "tới"], Qualifier::UpTo), (&["lên", "đến"], Qualifier::UpTo),
    (&["tới"], Qualifier::UpTo), (&["đến"], Qualifier::UpTo), (&["tối", "đa"], Qualifier::UpTo),
    (&["trong", "vòng"], Qualifier::UpTo), (&["within"], Qualifier::UpTo),
    (&["dưới"], Qualifier::LessThan), (&["chưa", "tới"], Qualifier::LessThan),
    (&["chưa", "đến"], Qualifier::LessThan), (&["không", "tới"], Qualifier::LessThan),
    (&["không", "đến"], Qualifier::LessThan), (&["about"], Qualifier::Approximately),
    (&["around"], Qualifier::Approximately), (&["approximately"], Qualifier::Approximately),
    (&["roughly"], Qualifier::Approximately), (&["nearly"], Qualifier::Approximately),
    (&["almost"], Qualifier::Approximately), (&["circa"], Qualifier::Approximately),
    (&["some"], Qualifier::Approximately), (&["close", "to"], Qualifier::Approximately),
    (&["an", "estimated"], Qualifier::Approximately), (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan), (&["more", "than"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan), (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast), (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["up", "to"], Qualifier::UpTo), (&["as", "much", "as"], Qualifier::UpTo),
    (&["as", "many", "as"], Qualifier::UpTo), (&["as", "high", "as"], Qualifier::UpTo),
    (&["less", "than"], Qualifier::LessThan), (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan), (&["below"], Qualifier::LessThan),
];

const PERCENT_WORDS: &[&[&str]] = &[&["phần", "trăm"], &["percent"], &["per", "cent"], &["pct"]];

/// Counting nouns; `false` marks weak ones ("người", "people") that need a scale word.
#[rustfmt::skip]
const NOUNS: Table<bool> = &[
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
];

/// English words that may stand between a number and its counting noun.
const NOUN_MODIFIERS: &[&str] =
    &["daily", "weekly", "monthly", "active", "unique", "paying", "registered", "new", "total"];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Words after "thứ 2".."thứ 7" that make it a weekday, not a rank.
const WEEKDAY_FOLLOWERS: &[&str] =
    &["ngày", "tuần", "này", "tới", "trước", "vừa", "sau", "hàng", "mỗi"];

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// ASCII digits with inner `.`/`,` each followed by a digit.
    Num,
    /// A run of alphabetic chars.
    Word,
    /// Any other non-space char.
    Sym(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Tok> {
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
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7f}' | '×' | '÷' => false,
        'À'..='ɏ' | '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

/// Case-insensitive equality against a lowercase lexicon entry. Lowercasing keeps the
/// UTF-8 length of every Latin and Vietnamese letter, so a length mismatch rejects early.
fn eq_ci(s: &str, lower: &str) -> bool {
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

fn pow10(e: u32) -> Option<Decimal> {
    if e > 28 { None } else { Decimal::try_from_i128_with_scale(10i128.pow(e), 0).ok() }
}

/// Reads a number token's digits by shape, falling back on `conv` (see module docs).
fn parse_number(s: &str, conv: Lang) -> Option<Decimal> {
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
fn parse_scientific(s: &str) -> Option<Decimal> {
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

// ---------------------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Noun {
    None,
    Weak,
    Strong,
}

/// A figure being read: token range, value and what was seen around the number.
#[derive(Debug, Clone)]
struct Part {
    first: usize,
    end: usize,
    value: Decimal,
    max: Option<Decimal>,
    exp: u32,
    scaled: bool,
    weak_scale: bool,
    money: bool,
    currency: Option<&'static str>,
    unit: Option<Unit>,
    noun: Noun,
    /// Something follows the number itself (a currency, unit or noun), so the figure is
    /// complete and does not borrow a range partner's scale word.
    suffixed: bool,
}

impl Part {
    fn new(first: usize) -> Self {
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

struct Scanner<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    lang: Lang,
    /// Reading a whole value string: bare numbers are figures too.
    whole: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, lang: Lang, whole: bool) -> Self {
        Scanner { text, toks: tokenize(text), lang, whole }
    }

    fn scan(&self) -> Vec<Amount> {
        let mut out = Vec::new();
        let (mut i, mut floor) = (0, 0);
        while i < self.toks.len() {
            match self.amount_at(i, floor) {
                Some((amount, next)) => {
                    out.push(amount);
                    i = next.max(i + 1);
                    floor = i;
                }
                None => i += 1,
            }
        }
        out
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn str_at(&self, i: usize) -> &'a str {
        self.toks.get(i).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        (self.kind(i)? == Kind::Word).then(|| self.str_at(i))
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|s| eq_ci(s, w))
    }

    fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|s| words.iter().any(|w| eq_ci(s, w)))
    }

    fn is_sym(&self, i: usize, chars: &[char]) -> bool {
        matches!(self.kind(i), Some(Kind::Sym(c)) if chars.contains(&c))
    }

    fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Num)
    }

    /// Token `i` starts where token `i - 1` ends (no space between).
    fn touches(&self, i: usize) -> bool {
        i > 0
            && matches!((self.toks.get(i - 1), self.toks.get(i)), (Some(a), Some(b)) if a.end == b.start)
    }

    fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.is_word(i + k, w))
    }

    /// Longest table entry starting at token `i`: (tokens used, payload).
    fn longest<T: Copy>(&self, i: usize, table: Table<T>) -> Option<(usize, T)> {
        let first = self.word(i)?.chars().next()?.to_lowercase().next()?;
        table
            .iter()
            .filter(|(w, _)| w.first().is_some_and(|w| w.starts_with(first)) && self.seq(i, w))
            .max_by_key(|(w, _)| w.len())
            .map(|(w, t)| (w.len(), *t))
    }

    /// Longest qualifier ending right before token `i` and starting at or after `floor`.
    fn qualifier_before(&self, i: usize, floor: usize) -> Option<(usize, Qualifier)> {
        QUALIFIERS
            .iter()
            .filter(|(w, _)| i >= floor + w.len() && self.seq(i - w.len(), w))
            .max_by_key(|(w, _)| w.len())
            .map(|(w, q)| (w.len(), *q))
    }

    fn scale_word(&self, i: usize) -> Option<(u32, bool, bool)> {
        let w = self.word(i)?;
        SCALES.iter().find(|s| eq_ci(w, s.0)).map(|s| (s.1, s.2, s.3))
    }

    /// A number at `i` is not glued to letters, dates, times or model names.
    fn num_context_ok(&self, i: usize) -> bool {
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

    /// A currency marker before a number: (tokens used, money currency, English style).
    fn prefix(&self, i: usize) -> Option<(usize, Option<&'static str>, bool)> {
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

    /// Reads `[prefix] number [suffix] [scale words] [currency | unit | noun]` at `i`.
    fn numeric(&self, i: usize) -> Option<Part> {
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
    fn tail(&self, k: usize, p: &mut Part, allow_of: bool) -> usize {
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

    fn currency_after(&self, k: usize) -> Option<(usize, Option<&'static str>)> {
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

    /// "hàng trăm nghìn", "hàng triệu", "hundreds of thousands", "millions of".
    fn vague(&self, i: usize) -> Option<Part> {
        let mut p = Part::new(i);
        let mut lead: Option<u32> = None;
        let mut k;
        let english;
        if self.is_word(i, "hàng") {
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
            if self.is_any(i, &["tens", "hundreds"]) && self.is_word(i + 1, "of") {
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
    fn range_after(&self, p: &Part, intro: Option<&str>) -> Option<Part> {
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

    /// "thứ 18", "hạng 18" (but not the weekdays "thứ 2".."thứ 7").
    fn rank_word(&self, i: usize) -> Option<Part> {
        if !self.is_any(i, &["thứ", "hạng"]) || !self.is_num(i + 1) || self.touches(i + 1) {
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
    fn classify(&self, p: &Part) -> Option<(Option<&'static str>, Option<Unit>)> {
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
    /// anchor word's first letter), so that most words cost one byte compare.
    fn may_start(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Kind::Num) => true,
            Some(Kind::Sym(c)) => matches!(c, '$' | '€' | '£' | '¥'),
            Some(Kind::Word) => {
                let first = self.str_at(i).as_bytes().first().map_or(0, |b| b | 0x20);
                b"thmbuegjcrv".contains(&first) || self.is_sym(i + 1, &['$'])
            }
            None => false,
        }
    }

    /// The word before a range that says how to read it: "từ", "between" or "from".
    fn intro(&self, i: usize, floor: usize) -> Option<&'static str> {
        (i > floor)
            .then(|| ["từ", "between", "from"].into_iter().find(|w| self.is_word(i - 1, w)))?
    }

    fn amount_at(&self, i: usize, floor: usize) -> Option<(Amount, usize)> {
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
        } else {
            (self.vague(i)?, false)
        };
        let (currency, unit) = self.classify(&p)?;
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
        };
        Some((amount, p.end))
    }
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

/// Digits with the language's separators: Vi "1.234,5", En "1,234.5".
fn format_number(v: Decimal, lang: Lang) -> String {
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

type Scale = Option<(u32, &'static str)>;

/// The scale word a figure prints with: the largest that leaves at most three decimals,
/// from a million up for money; counts also use "nghìn"/"thousand" (with any decimals)
/// so that they read back as counts. `None` for units and bare numbers, which print plain.
/// The vague ranges the parser reads from "hàng triệu", "hàng trăm nghìn USD",
/// "millions of users", "hundreds of thousands of dollars", written back that way.
fn format_vague(a: &Amount, lang: Lang) -> Option<String> {
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

fn pick_scale(v: Decimal, a: &Amount, lang: Lang) -> Scale {
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

fn format_one(v: Decimal, a: &Amount, lang: Lang, scale: Scale) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test decimal")
    }

    /// (span text, value, max, currency, unit, qualifier)
    type Want<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<Unit>, Qualifier);

    fn check(text: &str, lang: Lang, want: &[Want]) {
        let got = find_amounts(text, lang);
        let got: Vec<_> = got
            .iter()
            .map(|a| (&text[a.span.clone()], a.value, a.value_max, a.currency, a.unit, a.qualifier))
            .collect();
        let want: Vec<_> = want.iter().map(|w| (w.0, d(w.1), w.2.map(d), w.3, w.4, w.5)).collect();
        assert_eq!(got, want, "text: {text:?} ({lang:?})");
    }

    use Lang::{En, Vi};
    use Qualifier::*;
    const USD: Option<&str> = Some("USD");
    const VND: Option<&str> = Some("VND");
    const EUR: Option<&str> = Some("EUR");
    const PCT: Option<Unit> = Some(Unit::Percent);
    const MUL: Option<Unit> = Some(Unit::Multiple);
    const CNT: Option<Unit> = Some(Unit::Count);
    const RANK: Option<Unit> = Some(Unit::Rank);

    #[rustfmt::skip]
    const CASES: &[(&str, Lang, &[Want])] = &[
        ("OpenAI đã nhận hơn 10 tỷ đô la Mỹ từ Microsoft", Vi,
            &[("hơn 10 tỷ đô la Mỹ", "10000000000", None, USD, None, MoreThan)]),
        ("doanh thu năm 2022 chỉ khoảng 35 triệu đô la Mỹ và lỗ hơn 500 triệu đô la Mỹ", Vi, &[
            ("khoảng 35 triệu đô la Mỹ", "35000000", None, USD, None, Approximately),
            ("hơn 500 triệu đô la Mỹ", "500000000", None, USD, None, MoreThan)]),
        ("lần lượt là 200 triệu USD và 1 tỷ USD vào năm 2023 và 2024", Vi, &[
            ("200 triệu USD", "200000000", None, USD, None, Exact),
            ("1 tỷ USD", "1000000000", None, USD, None, Exact)]),
        ("tốn ít nhất hàng trăm nghìn đô la một lần", Vi,
            &[("ít nhất hàng trăm nghìn đô la", "100000", None, USD, None, AtLeast)]),
        // "Within 100 times": a cap, so an upper bound.
        ("trong vòng 100 lần", Vi, &[("trong vòng 100 lần", "100", None, None, MUL, UpTo)]),
        ("khoảng 13 triệu lượt người truy cập", Vi,
            &[("khoảng 13 triệu lượt người truy cập", "13000000", None, None, CNT, Approximately)]),
        ("tăng hơn 100% theo tháng", Vi, &[("hơn 100%", "100", None, None, PCT, MoreThan)]),
        ("đã tăng lên 1 tỷ vào tháng 3", Vi, &[("1 tỷ", "1000000000", None, None, CNT, Exact)]),
        ("trở thành trang web được truy cập nhiều thứ 18 trên thế giới", Vi,
            &[("thứ 18", "18", None, None, RANK, Exact)]),
        ("1.200 tỷ đồng", Vi, &[("1.200 tỷ đồng", "1200000000000", None, VND, None, Exact)]),
        ("1,5 tỷ USD", Vi, &[("1,5 tỷ USD", "1500000000", None, USD, None, Exact)]),
        ("$1.2 billion", En, &[("$1.2 billion", "1200000000", None, USD, None, Exact)]),
        ("US$10bn", En, &[("US$10bn", "10000000000", None, USD, None, Exact)]),
        ("35m USD", En, &[("35m USD", "35000000", None, USD, None, Exact)]),
        ("€5 million", En, &[("€5 million", "5000000", None, EUR, None, Exact)]),
        ("GPT-4", Vi, &[]),
        ("năm 2019", Vi, &[]),
        ("2 bên", Vi, &[]),
        ("tháng 3 năm 2023", Vi, &[]),
        ("Windows 11", En, &[]),
        // Numbers and separators.
        ("giá 2,5 triệu đồng", Vi, &[("2,5 triệu đồng", "2500000", None, VND, None, Exact)]),
        ("1.000 USD", Vi, &[("1.000 USD", "1000", None, USD, None, Exact)]),
        ("1,000.5 USD", En, &[("1,000.5 USD", "1000.5", None, USD, None, Exact)]),
        ("1,000 dollars", En, &[("1,000 dollars", "1000", None, USD, None, Exact)]),
        ("1.5 million users", En, &[("1.5 million users", "1500000", None, None, CNT, Exact)]),
        ("Microsoft chi $1.2 billion", Vi, &[("$1.2 billion", "1200000000", None, USD, None, Exact)]),
        ("khoản $1,200 phí", Vi, &[("$1,200", "1200", None, USD, None, Exact)]),
        ("1.25 tỷ USD", Vi, &[("1.25 tỷ USD", "1250000000", None, USD, None, Exact)]),
        ("1.234.567 đồng", Vi, &[("1.234.567 đồng", "1234567", None, VND, None, Exact)]),
        ("1.234,5 USD", Vi, &[("1.234,5 USD", "1234.5", None, USD, None, Exact)]),
        ("0,5%", Vi, &[("0,5%", "0.5", None, None, PCT, Exact)]),
        ("1.200 billion", En, &[("1.200 billion", "1200000000", None, None, CNT, Exact)]),
        // Scales.
        ("500 nghìn đồng", Vi, &[("500 nghìn đồng", "500000", None, VND, None, Exact)]),
        ("500 ngàn USD", Vi, &[("500 ngàn USD", "500000", None, USD, None, Exact)]),
        ("3 tỉ đồng", Vi, &[("3 tỉ đồng", "3000000000", None, VND, None, Exact)]),
        ("2 nghìn tỷ đồng", Vi, &[("2 nghìn tỷ đồng", "2000000000000", None, VND, None, Exact)]),
        ("3 ngàn tỷ USD", Vi, &[("3 ngàn tỷ USD", "3000000000000", None, USD, None, Exact)]),
        ("a $3 trillion market", En, &[("$3 trillion", "3000000000000", None, USD, None, Exact)]),
        ("$500k seed", En, &[("$500k", "500000", None, USD, None, Exact)]),
        ("raised $40mn and $2 bn", En, &[
            ("$40mn", "40000000", None, USD, None, Exact),
            ("$2 bn", "2000000000", None, USD, None, Exact)]),
        ("€1tn", En, &[("€1tn", "1000000000000", None, EUR, None, Exact)]),
        ("5 thousand dollars", En, &[("5 thousand dollars", "5000", None, USD, None, Exact)]),
        // Currencies.
        ("500 triệu đô", Vi, &[("500 triệu đô", "500000000", None, USD, None, Exact)]),
        ("500.000đ", Vi, &[("500.000đ", "500000", None, VND, None, Exact)]),
        ("20 tỷ VNĐ", Vi, &[("20 tỷ VNĐ", "20000000000", None, VND, None, Exact)]),
        ("20 tỷ VND", Vi, &[("20 tỷ VND", "20000000000", None, VND, None, Exact)]),
        ("10 triệu euro", Vi, &[("10 triệu euro", "10000000", None, EUR, None, Exact)]),
        ("10 triệu bảng Anh", Vi, &[("10 triệu bảng Anh", "10000000", None, Some("GBP"), None, Exact)]),
        ("£5m", En, &[("£5m", "5000000", None, Some("GBP"), None, Exact)]),
        ("¥100 billion", En, &[("¥100 billion", "100000000000", None, Some("JPY"), None, Exact)]),
        ("100 tỷ yên", Vi, &[("100 tỷ yên", "100000000000", None, Some("JPY"), None, Exact)]),
        ("5 tỷ nhân dân tệ", Vi, &[("5 tỷ nhân dân tệ", "5000000000", None, Some("CNY"), None, Exact)]),
        ("5 tỷ NDT", Vi, &[("5 tỷ NDT", "5000000000", None, Some("CNY"), None, Exact)]),
        ("5 billion yuan", En, &[("5 billion yuan", "5000000000", None, Some("CNY"), None, Exact)]),
        ("10 million dollars", En, &[("10 million dollars", "10000000", None, USD, None, Exact)]),
        ("USD 5 million", En, &[("USD 5 million", "5000000", None, USD, None, Exact)]),
        ("S$5 million", En, &[("S$5 million", "5000000", None, None, None, Exact)]),
        ("100$ mỗi tháng", Vi, &[("100$", "100", None, USD, None, Exact)]),
        // Qualifiers.
        ("chừng 5 triệu USD", Vi, &[("chừng 5 triệu USD", "5000000", None, USD, None, Approximately)]),
        ("xấp xỉ 5 triệu USD", Vi, &[("xấp xỉ 5 triệu USD", "5000000", None, USD, None, Approximately)]),
        ("gần 5 triệu USD", Vi, &[("gần 5 triệu USD", "5000000", None, USD, None, Approximately)]),
        ("trên 5 triệu USD", Vi, &[("trên 5 triệu USD", "5000000", None, USD, None, MoreThan)]),
        ("vượt mốc 2.000 tỷ USD", Vi, &[("vượt mốc 2.000 tỷ USD", "2000000000000", None, USD, None, MoreThan)]),
        ("vượt 100 triệu người dùng", Vi,
            &[("vượt 100 triệu người dùng", "100000000", None, None, CNT, MoreThan)]),
        ("topped $3 trillion", En, &[("topped $3 trillion", "3000000000000", None, USD, None, MoreThan)]),
        ("ngoài 50%", Vi, &[("ngoài 50%", "50", None, None, PCT, MoreThan)]),
        ("tối thiểu 5 triệu USD", Vi, &[("tối thiểu 5 triệu USD", "5000000", None, USD, None, AtLeast)]),
        ("lên tới 5 tỷ USD", Vi, &[("lên tới 5 tỷ USD", "5000000000", None, USD, None, UpTo)]),
        ("lên đến 5 tỷ USD", Vi, &[("lên đến 5 tỷ USD", "5000000000", None, USD, None, UpTo)]),
        ("giảm đến 50%", Vi, &[("đến 50%", "50", None, None, PCT, UpTo)]),
        ("dưới 1 triệu USD", Vi, &[("dưới 1 triệu USD", "1000000", None, USD, None, LessThan)]),
        ("capped within 100x", En, &[("within 100x", "100", None, None, MUL, UpTo)]),
        ("about $5 million", En, &[("about $5 million", "5000000", None, USD, None, Approximately)]),
        ("around 20%", En, &[("around 20%", "20", None, None, PCT, Approximately)]),
        ("roughly 3 billion users", En,
            &[("roughly 3 billion users", "3000000000", None, None, CNT, Approximately)]),
        ("nearly US$1 billion", En, &[("nearly US$1 billion", "1000000000", None, USD, None, Approximately)]),
        ("over $10 billion", En, &[("over $10 billion", "10000000000", None, USD, None, MoreThan)]),
        ("more than $10 billion", En, &[("more than $10 billion", "10000000000", None, USD, None, MoreThan)]),
        ("at least $1 million", En, &[("at least $1 million", "1000000", None, USD, None, AtLeast)]),
        ("up to 100x", En, &[("up to 100x", "100", None, None, MUL, UpTo)]),
        ("less than 5%", En, &[("less than 5%", "5", None, None, PCT, LessThan)]),
        ("under $1 million", En, &[("under $1 million", "1000000", None, USD, None, LessThan)]),
        // Ranges.
        ("hàng triệu người dùng", Vi,
            &[("hàng triệu người dùng", "1000000", Some("999999999"), None, CNT, Range)]),
        ("hàng tỷ USD", Vi, &[("hàng tỷ USD", "1000000000", Some("999999999999"), USD, None, Range)]),
        ("hàng chục triệu USD", Vi,
            &[("hàng chục triệu USD", "10000000", Some("99999999"), USD, None, Range)]),
        ("hàng trăm nghìn đô la", Vi,
            &[("hàng trăm nghìn đô la", "100000", Some("999999"), USD, None, Range)]),
        ("hundreds of thousands of dollars", En,
            &[("hundreds of thousands of dollars", "100000", Some("999999"), USD, None, Range)]),
        ("millions of users", En, &[("millions of users", "1000000", Some("999999999"), None, CNT, Range)]),
        ("10-20 tỷ USD", Vi, &[("10-20 tỷ USD", "10000000000", Some("20000000000"), USD, None, Range)]),
        ("từ 10 đến 20 triệu USD", Vi,
            &[("từ 10 đến 20 triệu USD", "10000000", Some("20000000"), USD, None, Range)]),
        ("between 10 and 20 million users", En,
            &[("between 10 and 20 million users", "10000000", Some("20000000"), None, CNT, Range)]),
        ("$10-$20 million", En, &[("$10-$20 million", "10000000", Some("20000000"), USD, None, Range)]),
        ("10-20%", En, &[("10-20%", "10", Some("20"), None, PCT, Range)]),
        ("from $10 million to $20 million", En, &[
            ("$10 million", "10000000", None, USD, None, Exact),
            ("$20 million", "20000000", None, USD, None, Exact)]),
        // Multiples, percent, counts, ranks.
        ("100x", En, &[("100x", "100", None, None, MUL, Exact)]),
        ("100 times", En, &[("100 times", "100", None, None, MUL, Exact)]),
        ("20 phần trăm", Vi, &[("20 phần trăm", "20", None, None, PCT, Exact)]),
        ("20 percent", En, &[("20 percent", "20", None, None, PCT, Exact)]),
        ("1 tỷ lượt truy cập", Vi, &[("1 tỷ lượt truy cập", "1000000000", None, None, CNT, Exact)]),
        ("100 triệu người dùng", Vi, &[("100 triệu người dùng", "100000000", None, None, CNT, Exact)]),
        ("13 million daily visitors", En,
            &[("13 million daily visitors", "13000000", None, None, CNT, Exact)]),
        ("1 billion visits", En, &[("1 billion visits", "1000000000", None, None, CNT, Exact)]),
        ("2 triệu thuê bao", Vi, &[("2 triệu thuê bao", "2000000", None, None, CNT, Exact)]),
        ("500 nhân viên", Vi, &[("500 nhân viên", "500", None, None, CNT, Exact)]),
        ("the 18th most visited", En, &[("18th", "18", None, None, RANK, Exact)]),
        ("xếp hạng 18", Vi, &[("hạng 18", "18", None, None, RANK, Exact)]),
        ("7B parameters", En, &[("7B parameters", "7000000000", None, None, CNT, Exact)]),
        // Not figures.
        ("năm 2023-2024", Vi, &[]),
        ("ngày 10/4/2023 lúc 10:30", Vi, &[]),
        ("B-end và C-end", Vi, &[]),
        ("GPU H100 và A100", Vi, &[]),
        ("hai công ty", Vi, &[]),
        ("9 bậc", Vi, &[]),
        ("mạng 5G và video 4K, chạy 100m", Vi, &[]),
        ("thứ 2 tuần trước", Vi, &[]),
        ("tỷ lệ năm 2023 tỷ lệ", Vi, &[]),
        ("20 tỷ phú", Vi, &[]),
        ("on March 3rd in the 21st century", En, &[]),
        ("COVID-19 and Llama 2 70B", En, &[]),
        ("version 1.2.3 of 192.168.1.1", En, &[]),
        ("1/3 người dùng", Vi, &[]),
        ("5 đồng sáng lập, lần thứ 2 gọi vốn", Vi, &[]),
        ("in the 1st quarter at 14h30", En, &[]),
        // Mixed sentences.
        ("rót 10 tỷ USD (khoảng 235.000 tỷ đồng) hồi tháng 1/2023", Vi, &[
            ("10 tỷ USD", "10000000000", None, USD, None, Exact),
            ("khoảng 235.000 tỷ đồng", "235000000000000", None, VND, None, Approximately)]),
        ("tăng 15%/năm, gấp 3,5 lần, trên 10.000 GPU", Vi, &[
            ("15%", "15", None, None, PCT, Exact),
            ("3,5 lần", "3.5", None, None, MUL, Exact),
            ("trên 10.000 GPU", "10000", None, None, CNT, MoreThan)]),
        ("between US$500 and US$2 million", En,
            &[("between US$500 and US$2 million", "500", Some("2000000"), USD, None, Range)]),
        ("revenue rose 20% to $1.3 billion", En, &[
            ("20%", "20", None, None, PCT, Exact),
            ("$1.3 billion", "1300000000", None, USD, None, Exact)]),
    ];

    #[test]
    fn table_cases_find_expected_amounts() {
        for (text, lang, want) in CASES {
            check(text, *lang, want);
        }
        assert!(CASES.len() >= 60);
    }

    #[test]
    fn parse_value_reads_claim_values() {
        let v = |s: &str, lang| {
            parse_value(s, lang).map(|a| (a.value, a.currency, a.unit, a.qualifier))
        };
        assert_eq!(v("35 triệu USD", Vi), Some((d("35000000"), USD, None, Exact)));
        assert_eq!(v(" hơn 500 triệu đô la Mỹ ", Vi), Some((d("500000000"), USD, None, MoreThan)));
        assert_eq!(v("100 lần", Vi), Some((d("100"), None, MUL, Exact)));
        assert_eq!(v("35000000", Vi), Some((d("35000000"), None, None, Exact)));
        assert_eq!(v("35.000.000", Vi), Some((d("35000000"), None, None, Exact)));
        assert_eq!(v("35,000,000", En), Some((d("35000000"), None, None, Exact)));
        assert_eq!(v("1.2e9", En), Some((d("1200000000"), None, None, Exact)));
        assert_eq!(v("hơn 500", Vi), Some((d("500"), None, None, MoreThan)));
        assert_eq!(v("13 triệu", Vi), Some((d("13000000"), None, CNT, Exact)));
        assert_eq!(v("35 triệu USD và 2 tỷ USD", Vi), None);
        assert_eq!(v("doanh thu", Vi), None);
        assert_eq!(v("", Vi), None);
    }

    #[test]
    fn format_amount_renders_both_languages() {
        let a = |s: &str, lang| parse_value(s, lang).expect("parses");
        let cases = [
            ("35 triệu USD", Vi, "35 triệu USD", "US$35 million"),
            ("1,5 tỷ USD", Vi, "1,5 tỷ USD", "US$1.5 billion"),
            ("hơn 500 triệu đô la Mỹ", Vi, "hơn 500 triệu USD", "more than US$500 million"),
            ("100 lần", Vi, "100 lần", "100x"),
            ("1.200 tỷ đồng", Vi, "1.200 tỷ đồng", "1.2 trillion VND"),
            ("€5 million", En, "5 triệu EUR", "€5 million"),
            (
                "10-20 tỷ USD",
                Vi,
                "từ 10 tỷ USD đến 20 tỷ USD",
                "between US$10 billion and US$20 billion",
            ),
            ("thứ 18", Vi, "thứ 18", "18th"),
            ("khoảng 13 triệu lượt truy cập", Vi, "khoảng 13 triệu", "about 13 million"),
            ("2,5%", Vi, "2,5%", "2.5%"),
            ("hàng triệu người dùng", Vi, "hàng triệu", "millions"),
            (
                "hàng trăm nghìn đô la",
                Vi,
                "hàng trăm nghìn USD",
                "hundreds of thousands of dollars",
            ),
            ("hàng tỷ đồng", Vi, "hàng tỷ đồng", "billions of dong"),
            ("tens of millions of euros", En, "hàng chục triệu EUR", "tens of millions of euros"),
            (
                "between $500 and $2 million",
                En,
                "từ 500 USD đến 2 triệu USD",
                "between US$0.0005 million and US$2 million",
            ),
        ];
        for (input, lang, vi, en) in cases {
            assert_eq!(format_amount(&a(input, lang), Vi), vi, "{input}");
            assert_eq!(format_amount(&a(input, lang), En), en, "{input}");
        }
    }

    #[test]
    fn vague_ranges_are_written_back_vaguely_and_read_back_the_same() {
        for (input, lang) in [
            ("hàng triệu người dùng", Vi),
            ("hàng trăm nghìn đô la", Vi),
            ("hàng chục triệu USD", Vi),
            ("hàng tỷ đồng", Vi),
            ("hàng nghìn tỷ đồng", Vi),
            ("millions of users", En),
            ("hundreds of thousands of dollars", En),
            ("tens of millions of euros", En),
        ] {
            let a = find_amounts(input, lang).pop().expect("a figure");
            for out in [Vi, En] {
                let text = format_amount(&a, out);
                let back = parse_value(&text, out).expect("reads back");
                assert_eq!(
                    (back.value, back.value_max, back.currency, back.unit, back.qualifier),
                    (a.value, a.value_max, a.currency, a.unit, a.qualifier),
                    "{input} -> {text}"
                );
            }
        }
    }

    #[test]
    fn qualifier_names_round_trip() {
        for q in [Exact, Approximately, AtLeast, MoreThan, LessThan, UpTo, Range] {
            assert_eq!(parse_qualifier(qualifier_name(q)), Some(q));
        }
        assert_eq!(qualifier_name(AtLeast), "at-least");
        assert_eq!(parse_qualifier("target"), None);
        assert_eq!(parse_qualifier("estimate"), None);
    }

    #[test]
    fn number_shapes_follow_the_rules() {
        let n = |s, lang| parse_number(s, lang);
        assert_eq!(n("1.200", Vi), Some(d("1200")));
        assert_eq!(n("1.200", En), Some(d("1.2")));
        assert_eq!(n("1,200", En), Some(d("1200")));
        assert_eq!(n("1,200", Vi), Some(d("1.2")));
        assert_eq!(n("1.2", Vi), Some(d("1.2")));
        assert_eq!(n("1234.567", Vi), Some(d("1234.567")));
        assert_eq!(n("0.500", Vi), Some(d("0.5")));
        assert_eq!(n("1.2.3", Vi), None);
        assert_eq!(n("1,00.5", En), None);
        assert_eq!(n("12345678901234567890123456789", En), None);
    }

    const WORDS: &[&str] = &[
        "tỷ", "triệu", "nghìn", "hàng", "trăm", "chục", "hơn", "khoảng", "ít", "nhất", "từ", "đến",
        "USD", "US", "$", "€", "%", "-", "–", "/", ":", ".", ",", "x", "m", "bn", "k", "đ", "lần",
        "thứ", "hạng", "th", "between", "and", "to", "of", "millions", "hundreds", "users", "đô",
        "la", "Mỹ", "lượt", "người", "dùng", "1", "10", "2023", "1.200", "2,5", "1,000.5", "0",
        "phần", "trăm", "percent", "times", "S", "é", "🦀", "\u{301}", " ", "  ", "\n",
    ];

    fn soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(WORDS).prop_map(str::to_owned),
            "[0-9.,]{1,8}",
            any::<char>().prop_map(String::from),
        ];
        let sep = prop::sample::select(&["", " ", "", " ", "\t"][..]);
        prop::collection::vec((piece, sep), 0..24)
            .prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
    }

    fn spans_ok(text: &str, amounts: &[Amount]) -> bool {
        let mut last = 0;
        amounts.iter().all(|a| {
            let ok = a.span.start >= last
                && a.span.start < a.span.end
                && a.span.end <= text.len()
                && text.is_char_boundary(a.span.start)
                && text.is_char_boundary(a.span.end);
            last = a.span.end;
            ok
        })
    }

    fn amount_strategy() -> impl Strategy<Value = Amount> {
        let unit = prop::sample::select(
            &[None, Some(Unit::Percent), Some(Unit::Multiple), Some(Unit::Count), Some(Unit::Rank)]
                [..],
        );
        let currency =
            prop::sample::select(&[None, USD, VND, EUR, Some("GBP"), Some("JPY"), Some("CNY")][..]);
        let qualifier = prop::sample::select(
            &[Exact, Approximately, AtLeast, MoreThan, LessThan, UpTo, Range][..],
        );
        (
            1u64..1_000_000,
            0u32..4,
            prop::sample::select(&[0u32, 3, 6, 9, 12][..]),
            unit,
            currency,
            qualifier,
            1u64..1000,
        )
            .prop_map(|(m, places, exp, unit, currency, qualifier, extra)| {
                let (value, currency, qualifier) = match unit {
                    Some(Unit::Rank) => (Decimal::from(m % 1000 + 1), None, Exact),
                    Some(Unit::Count) => {
                        let v = Decimal::new(m as i64, places)
                            * pow10(exp.max(3)).unwrap_or(Decimal::ONE);
                        (v.max(Decimal::from(1000)), None, qualifier)
                    }
                    Some(_) => (Decimal::new(m as i64, places), None, qualifier),
                    None => (
                        Decimal::new(m as i64, places) * pow10(exp).unwrap_or(Decimal::ONE),
                        currency,
                        qualifier,
                    ),
                };
                let value_max = (qualifier == Range)
                    .then(|| value + Decimal::from(extra) * value.max(Decimal::ONE));
                Amount { span: 0..0, value, value_max, currency, unit, qualifier }
            })
    }

    proptest! {
        #[test]
        fn find_amounts_never_panics_on_any_string(s in any::<String>()) {
            for lang in [Vi, En] {
                let found = find_amounts(&s, lang);
                prop_assert!(spans_ok(&s, &found));
                let _ = parse_value(&s, lang);
            }
        }

        #[test]
        fn find_amounts_spans_are_sorted_disjoint_boundaries(s in soup()) {
            for lang in [Vi, En] {
                let found = find_amounts(&s, lang);
                prop_assert!(spans_ok(&s, &found), "{:?} -> {:?}", s, found);
                let _ = parse_value(&s, lang);
            }
        }

        #[test]
        fn format_then_parse_round_trips(a in amount_strategy()) {
            for lang in [Vi, En] {
                let text = format_amount(&a, lang);
                let back = parse_value(&text, lang);
                let back = back.map(|b| (b.value, b.value_max, b.currency, b.unit, b.qualifier));
                prop_assert_eq!(back, Some((a.value, a.value_max, a.currency, a.unit, a.qualifier)), "{}", text);
            }
        }
    }
}
