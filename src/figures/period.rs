//! Time expressions in a sentence and the claim periods they name.
//!
//! Explicit forms ("năm 2022", "tháng 3/2023", "quý I/2023", "March 2023", "Q1 2023",
//! "FY2023", a bare 2022) resolve on their own; relative ones ("năm nay", "năm ngoái",
//! "đầu năm", "tháng trước", "last year", "this month") and months without a year
//! ("tháng 3", "in March") need the article date and resolve to nothing without one.
//! Durations ("3 năm trước", "two years ago" with a number) and spans ("2020-2022",
//! "kể từ 2019", "since 2019") are recognised so that they are never taken for a period.

use chrono::{Datelike, NaiveDate};

use super::lexicon::{Tok, TokKind};

/// What a time expression denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// A calendar year.
    Year(i32),
    /// A month of a year.
    Month(i32, u32),
    /// A quarter of a year.
    Quarter(i32, u32),
    /// A day.
    Date(NaiveDate),
    /// A month whose year the reader infers from the article date ("tháng 3", "in March").
    MonthOfArticleYear(u32),
    /// A quarter whose year the reader infers from the article date.
    QuarterOfArticleYear(u32),
    /// A day whose year the reader infers from the article date ("June 30", "ngày 30/6").
    DayOfArticleYear(u32, u32),
    /// A time expression that is no period (a span, a duration, or relative with no date).
    Nothing,
}

/// A time expression: tokens `first..end` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeExpr {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// What it denotes.
    pub when: When,
}

impl TimeExpr {
    /// The claim period (`2022`, `2023-03`, `2023-Q1`, `2023-03-15`), if any. Months
    /// without a year fall in the article's year when they are not after the article's
    /// month (news reports the past) or when the figure is a target (plans look ahead);
    /// otherwise in the year before.
    pub(crate) fn period(&self, date: Option<NaiveDate>, target: bool) -> Option<String> {
        match self.when {
            When::Year(y) => Some(format!("{y:04}")),
            When::Month(y, m) => Some(format!("{y:04}-{m:02}")),
            When::Quarter(y, q) => Some(format!("{y:04}-Q{q}")),
            When::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            When::MonthOfArticleYear(m) => {
                let d = date?;
                let y = if m <= d.month() || target { d.year() } else { d.year() - 1 };
                Some(format!("{y:04}-{m:02}"))
            }
            When::DayOfArticleYear(m, day) => {
                let d = date?;
                let past = (m, day) <= (d.month(), d.day());
                let y = if past || target { d.year() } else { d.year() - 1 };
                NaiveDate::from_ymd_opt(y, m, day).map(|x| x.format("%Y-%m-%d").to_string())
            }
            When::QuarterOfArticleYear(q) => {
                let d = date?;
                let current = (d.month() - 1) / 3 + 1;
                let y = if q <= current || target { d.year() } else { d.year() - 1 };
                Some(format!("{y:04}-Q{q}"))
            }
            When::Nothing => None,
        }
    }
}

const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const ORDINAL_QUARTERS: &[(&str, u32)] =
    &[("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("final", 4), ("last", 4)];

struct Finder<'a> {
    toks: &'a [Tok],
    text: &'a str,
    date: Option<NaiveDate>,
}

/// Every time expression in `toks` (a sentence of `text`), in order, not overlapping.
/// `skip` marks tokens that belong to money or quantity figures.
pub(crate) fn find_times(
    toks: &[Tok],
    text: &str,
    date: Option<NaiveDate>,
    skip: &[bool],
) -> Vec<TimeExpr> {
    let f = Finder { toks, text, date };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if skip.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        match f.at(i) {
            Some((end, when)) => {
                let end = end.max(i + 1);
                out.push(TimeExpr { first: i, end, when });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

impl Finder<'_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is(w))
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.tok(i).is_some_and(|t| t.is_any(ws))
    }

    fn punct(&self, i: usize, cs: &[char]) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(cs))
    }

    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.glued)
    }

    /// A plain number (no separators) of at most `digits` digits.
    fn small(&self, i: usize, digits: usize) -> Option<u32> {
        let t = self.tok(i)?;
        (t.kind == TokKind::Num
            && t.lower.len() <= digits
            && t.lower.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.lower.parse().ok())
        .flatten()
    }

    /// A four-digit year between 1900 and 2100 that is not glued to letters after it.
    fn year(&self, i: usize) -> Option<i32> {
        let t = self.tok(i)?;
        if t.kind != TokKind::Num || t.lower.len() != 4 {
            return None;
        }
        let y: i32 = t.lower.parse().ok()?;
        let glued_word_after = self.tok(i + 1).is_some_and(|n| n.glued && n.kind == TokKind::Word);
        ((1900..=2100).contains(&y) && !glued_word_after).then_some(y)
    }

    fn month(&self, i: usize) -> Option<u32> {
        self.small(i, 2).filter(|m| (1..=12).contains(m))
    }

    /// `M/YYYY`, `M-YYYY`, `M.YYYY` glued at `i`: (end, year, month).
    fn month_slash_year(&self, i: usize) -> Option<(usize, i32, u32)> {
        let m = self.month(i)?;
        if self.punct(i + 1, &['/', '-', '.']) && self.glued(i + 1) && self.glued(i + 2) {
            let y = self.year(i + 2)?;
            return Some((i + 3, y, m));
        }
        None
    }

    /// The article year shifted by `delta`, or `Nothing` without a date.
    fn rel_year(&self, delta: i32) -> When {
        self.date.map_or(When::Nothing, |d| When::Year(d.year() + delta))
    }

    fn rel_month(&self, delta: i32) -> When {
        let Some(d) = self.date else { return When::Nothing };
        let index = d.year() * 12 + d.month() as i32 - 1 + delta;
        When::Month(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
    }

    fn rel_quarter(&self, delta: i32) -> When {
        let Some(d) = self.date else { return When::Nothing };
        let index = d.year() * 4 + (d.month() as i32 - 1) / 3 + delta;
        When::Quarter(index.div_euclid(4), (index.rem_euclid(4) + 1) as u32)
    }

    /// A year qualifier after a month or quarter: "/2023", "năm 2023", "năm nay",
    /// "of 2023", "2023", "this year" ... Returns (end, year) or (end, None) for
    /// "this year" without a date.
    fn year_suffix(&self, i: usize) -> Option<(usize, Option<i32>)> {
        if self.punct(i, &['/', '-', '.']) && self.glued(i) && self.glued(i + 1) {
            return self.year(i + 1).map(|y| (i + 2, Some(y)));
        }
        if self.is(i, "năm") {
            if let Some(y) = self.year(i + 1) {
                return Some((i + 2, Some(y)));
            }
            if let Some(delta) = self.relative_year_word(i + 1) {
                return Some((i + 2, self.date.map(|d| d.year() + delta)));
            }
            return None;
        }
        if self.is(i, "of") && self.year(i + 1).is_some() {
            return self.year(i + 1).map(|y| (i + 2, Some(y)));
        }
        if self.punct(i, &[',']) && self.year(i + 1).is_some() {
            return self.year(i + 1).map(|y| (i + 2, Some(y)));
        }
        if let Some(y) = self.year(i) {
            return Some((i + 1, Some(y)));
        }
        if self.is_any(i, &["this", "last", "next"]) && self.is(i + 1, "year") {
            let delta = match self.tok(i).map(|t| t.lower.as_str()) {
                Some("last") => -1,
                Some("next") => 1,
                _ => 0,
            };
            return Some((i + 2, self.date.map(|d| d.year() + delta)));
        }
        None
    }

    /// "nay"/"này" 0, "ngoái"/"trước"/"rồi" -1, "tới"/"sau" +1.
    fn relative_year_word(&self, i: usize) -> Option<i32> {
        match self.tok(i)?.lower.as_str() {
            "nay" | "này" => Some(0),
            "ngoái" | "trước" | "rồi" => Some(-1),
            "tới" | "sau" => Some(1),
            _ => None,
        }
    }

    /// A number right before `i` turns "năm trước" into "N years ago".
    fn after_number(&self, i: usize) -> bool {
        const NUMBER_WORDS: &[&str] = &[
            "một", "hai", "ba", "bốn", "năm", "vài", "mấy", "nhiều", "a", "two", "three", "few",
            "several",
        ];
        i > 0
            && (self.tok(i - 1).is_some_and(|t| t.kind == TokKind::Num)
                || self.is_any(i - 1, NUMBER_WORDS))
    }

    fn capitalized(&self, i: usize) -> bool {
        self.tok(i)
            .and_then(|t| self.text.get(t.range.clone()))
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }

    fn month_name(&self, i: usize) -> Option<u32> {
        let t = self.tok(i)?;
        if t.kind != TokKind::Word || !self.capitalized(i) {
            return None;
        }
        MONTH_NAMES.iter().find(|(n, _)| *n == t.lower).map(|(_, m)| *m)
    }

    fn quarter_number(&self, i: usize) -> Option<(usize, u32)> {
        if let Some(q) = self.small(i, 1).filter(|q| (1..=4).contains(q)) {
            return Some((i + 1, q));
        }
        let t = self.tok(i)?;
        let q = match t.lower.as_str() {
            "i" | "một" => 1,
            "ii" | "hai" => 2,
            "iii" | "ba" => 3,
            "iv" | "bốn" | "cuối" => 4,
            "đầu" if self.is(i + 1, "tiên") => return Some((i + 2, 1)),
            "đầu" => 1,
            _ => return None,
        };
        Some((i + 1, q))
    }

    fn at(&self, i: usize) -> Option<(usize, When)> {
        let t = self.tok(i)?;
        match t.kind {
            TokKind::Word => self.word_at(i),
            TokKind::Num => self.number_at(i),
            TokKind::Punct(_) => None,
        }
    }

    fn word_at(&self, i: usize) -> Option<(usize, When)> {
        let w = self.tok(i)?.lower.as_str();
        match w {
            "ngày" => {
                let d = self.small(i + 1, 2)?;
                if self.punct(i + 2, &['/', '-', '.']) && self.glued(i + 2) {
                    let m = self.month(i + 3)?;
                    if let Some((end, y)) = self.year_suffix(i + 4) {
                        return Some((end, y.and_then(|y| day(y, m, d)).unwrap_or(When::Nothing)));
                    }
                    return Some((i + 4, day_of_article_year(m, d)));
                }
                if self.is(i + 2, "tháng") {
                    let m = self.month(i + 3)?;
                    if let Some((end, y)) = self.year_suffix(i + 4) {
                        return Some((end, y.and_then(|y| day(y, m, d)).unwrap_or(When::Nothing)));
                    }
                    return Some((i + 4, day_of_article_year(m, d)));
                }
                None
            }
            "tháng" => {
                if let Some((end, y, m)) = self.month_slash_year(i + 1) {
                    return Some((end, When::Month(y, m)));
                }
                if let Some(m) = self.month(i + 1) {
                    return Some(match self.year_suffix(i + 2) {
                        Some((end, Some(y))) => (end, When::Month(y, m)),
                        Some((end, None)) => (end, When::Nothing),
                        None => (i + 2, When::MonthOfArticleYear(m)),
                    });
                }
                if self.after_number(i) {
                    return None;
                }
                match self.tok(i + 1)?.lower.as_str() {
                    "này" | "nay" => Some((i + 2, self.rel_month(0))),
                    "trước" | "qua" => Some((i + 2, self.rel_month(-1))),
                    "tới" | "sau" => Some((i + 2, self.rel_month(1))),
                    _ => None,
                }
            }
            "quý" => {
                if self.after_number(i) {
                    return None;
                }
                if let Some((k, q)) = self.quarter_number(i + 1) {
                    return Some(match self.year_suffix(k) {
                        Some((end, Some(y))) => (end, When::Quarter(y, q)),
                        Some((end, None)) => (end, When::Nothing),
                        None => (k, When::QuarterOfArticleYear(q)),
                    });
                }
                match self.tok(i + 1)?.lower.as_str() {
                    "này" | "nay" => Some((i + 2, self.rel_quarter(0))),
                    "trước" => Some((i + 2, self.rel_quarter(-1))),
                    "tới" | "sau" => Some((i + 2, self.rel_quarter(1))),
                    "tiếp" if self.is(i + 2, "theo") => Some((i + 3, self.rel_quarter(1))),
                    _ => None,
                }
            }
            "đầu" | "cuối" | "giữa" | "nửa" if self.is(i + 1, "năm") => {
                if let Some(y) = self.year(i + 2) {
                    return Some((i + 3, When::Year(y)));
                }
                if let Some(delta) = self.relative_year_word(i + 2) {
                    return Some((i + 3, self.rel_year(delta)));
                }
                Some((i + 2, self.rel_year(0)))
            }
            "nửa" if self.is_any(i + 1, &["đầu", "cuối", "sau"]) && self.is(i + 2, "năm") =>
            {
                if let Some(y) = self.year(i + 3) {
                    return Some((i + 4, When::Year(y)));
                }
                if let Some(delta) = self.relative_year_word(i + 3) {
                    return Some((i + 4, self.rel_year(delta)));
                }
                Some((i + 3, self.rel_year(0)))
            }
            "năm" => {
                if self.is_any(i + 1, &["tài"]) && self.is_any(i + 2, &["chính", "khóa", "khoá"])
                {
                    // "năm tài chính kết thúc ngày 30/6/2023": the year of its last day.
                    if self.is(i + 3, "kết") && self.is(i + 4, "thúc") {
                        let (end, when) = self.at(i + 5)?;
                        return match when {
                            When::Date(d) => Some((end, When::Year(d.year()))),
                            When::Month(y, _) => Some((end, When::Year(y))),
                            _ => None,
                        };
                    }
                    let y = self.year(i + 3)?;
                    return Some((i + 4, When::Year(y)));
                }
                if let Some(y) = self.year(i + 1) {
                    if self.punct(i + 2, &['-', '–']) && self.year(i + 3).is_some() {
                        return Some((i + 4, When::Nothing));
                    }
                    return Some((i + 2, When::Year(y)));
                }
                if self.after_number(i) {
                    return None;
                }
                let delta = self.relative_year_word(i + 1)?;
                Some((i + 2, self.rel_year(delta)))
            }
            "tài" if self.is_any(i + 1, &["khóa", "khoá"]) => {
                let y = self.year(i + 2)?;
                Some((i + 3, When::Year(y)))
            }
            "kể" if self.is(i + 1, "từ") => {
                let (end, _) = self.at(i + 2)?;
                Some((end, When::Nothing))
            }
            "since" => {
                let (end, _) = self.at(i + 1)?;
                Some((end, When::Nothing))
            }
            "fy" => {
                let n = self.tok(i + 1)?;
                if !n.glued && !self.is_any(i + 1, &[]) && self.year(i + 1).is_none() {
                    return None;
                }
                if let Some(y) = self.year(i + 1) {
                    return Some((i + 2, When::Year(y)));
                }
                let yy = self.small(i + 1, 2).filter(|_| n.glued)?;
                Some((i + 2, When::Year(2000 + yy as i32)))
            }
            "fiscal" => {
                let k = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
                // "the fiscal year ended June 30, 2023": the year of its last day.
                if self.is_any(k, &["ended", "ending", "ends"]) {
                    let (end, when) = self.at(k + 1)?;
                    return match when {
                        When::Date(d) => Some((end, When::Year(d.year()))),
                        When::Month(y, _) => Some((end, When::Year(y))),
                        _ => None,
                    };
                }
                let y = self.year(k)?;
                Some((k + 1, When::Year(y)))
            }
            "q" if self.glued(i + 1) => {
                let q = self.small(i + 1, 1).filter(|q| (1..=4).contains(q))?;
                Some(match self.year_suffix(i + 2) {
                    Some((end, Some(y))) => (end, When::Quarter(y, q)),
                    Some((end, None)) => (end, When::Nothing),
                    None => (i + 2, When::QuarterOfArticleYear(q)),
                })
            }
            "this" | "last" | "next" | "earlier" | "early" | "late" => {
                let (k, delta) = match w {
                    "earlier" | "early" | "late" if self.is(i + 1, "this") => (i + 2, 0),
                    "earlier" | "early" | "late" if self.is(i + 1, "last") => (i + 2, -1),
                    "this" => (i + 1, 0),
                    "last" => (i + 1, -1),
                    "next" => (i + 1, 1),
                    _ => return None,
                };
                match self.tok(k)?.lower.as_str() {
                    "year" => Some((k + 1, self.rel_year(delta))),
                    "month" => Some((k + 1, self.rel_month(delta))),
                    "quarter" => Some((k + 1, self.rel_quarter(delta))),
                    _ => None,
                }
            }
            // "triple a year earlier", "up 5% from a year ago": nearly always the
            // baseline of a comparison, so no period of its own.
            "a" | "one"
                if self.is(i + 1, "year") && self.is_any(i + 2, &["ago", "earlier", "before"]) =>
            {
                Some((i + 3, When::Nothing))
            }
            _ => {
                if let Some(&(_, q)) = ORDINAL_QUARTERS.iter().find(|(n, _)| *n == w) {
                    let k = if self.punct(i + 1, &['-']) { i + 2 } else { i + 1 };
                    if self.is(k, "quarter") {
                        return Some(match self.year_suffix(k + 1) {
                            Some((end, Some(y))) => (end, When::Quarter(y, q)),
                            Some((end, None)) => (end, When::Nothing),
                            None if w == "last" => (k + 1, self.rel_quarter(-1)),
                            None => (k + 1, When::QuarterOfArticleYear(q)),
                        });
                    }
                    return None;
                }
                let m = self.month_name(i)?;
                self.english_month(i, m)
            }
        }
    }

    /// "March 2023", "March of 2023", "March 10, 2023", "March", "March this year".
    fn english_month(&self, i: usize, m: u32) -> Option<(usize, When)> {
        let mut k = i + 1;
        if self.punct(k, &['.']) && self.glued(k) {
            k += 1;
        }
        if let Some(d) = self.small(k, 2).filter(|d| (1..=31).contains(d)) {
            if let Some((end, y)) = self.year_suffix(k + 1) {
                return Some((end, y.and_then(|y| day(y, m, d)).unwrap_or(When::Nothing)));
            }
            if self.year(k).is_none() {
                return Some((k + 1, day_of_article_year(m, d)));
            }
        }
        match self.year_suffix(k) {
            Some((end, Some(y))) => Some((end, When::Month(y, m))),
            Some((end, None)) => Some((end, When::Nothing)),
            None => {
                // "May" and "March" are words too; alone they need a preposition.
                let before = i.checked_sub(1).and_then(|p| self.tok(p)).map(|t| t.lower.as_str());
                let prepped = matches!(
                    before,
                    Some(
                        "in" | "since"
                            | "by"
                            | "during"
                            | "until"
                            | "early"
                            | "late"
                            | "mid"
                            | "last"
                            | "this"
                    )
                );
                (prepped || !matches!(m, 3 | 5)).then_some((k, When::MonthOfArticleYear(m)))
            }
        }
    }

    fn number_at(&self, i: usize) -> Option<(usize, When)> {
        // "10/4/2023", "10-4-2023": day/month/year (Vietnamese order).
        if let (Some(d), true) = (self.small(i, 2), self.punct(i + 1, &['/', '-', '.'])) {
            if self.glued(i + 1) && self.glued(i + 2) {
                if let (Some(m), true) = (self.month(i + 2), self.punct(i + 3, &['/', '-', '.']))
                    && self.glued(i + 3)
                    && self.glued(i + 4)
                {
                    let y = self.year(i + 4)?;
                    return Some((i + 5, day(y, m, d).unwrap_or(When::Nothing)));
                }
                if let Some((end, y, m)) = self.month_slash_year(i) {
                    return Some((end, When::Month(y, m)));
                }
            }
            return None;
        }
        // "10 March 2023".
        if let Some(d) = self.small(i, 2).filter(|d| (1..=31).contains(d)) {
            let m = self.month_name(i + 1)?;
            let (end, y) = self.year_suffix(i + 2)?;
            return Some((end, y.and_then(|y| day(y, m, d)).unwrap_or(When::Nothing)));
        }
        let y = self.year(i)?;
        if self.glued(i) && self.tok(i.checked_sub(1)?).is_some_and(|t| t.kind == TokKind::Word) {
            return None;
        }
        if self.punct(i + 1, &['-', '–']) && self.year(i + 2).is_some() {
            return Some((i + 3, When::Nothing));
        }
        Some((i + 1, When::Year(y)))
    }
}

/// A day without a year; February 29 and other impossible days are no period.
fn day_of_article_year(m: u32, d: u32) -> When {
    if NaiveDate::from_ymd_opt(2024, m, d).is_some() && !(m == 2 && d == 29) {
        When::DayOfArticleYear(m, d)
    } else {
        When::Nothing
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<When> {
    NaiveDate::from_ymd_opt(y, m, d).map(When::Date)
}

/// Parses `YYYY-MM-DD` or an RFC 3339 date-time (its date part).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(dt.date_naive());
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok().map(|dt| dt.date())
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tokenize;
    use super::*;

    fn periods(s: &str, date: Option<NaiveDate>) -> Vec<Option<String>> {
        let toks = tokenize(s, 0..s.len());
        let skip = vec![false; toks.len()];
        find_times(&toks, s, date, &skip).iter().map(|t| t.period(date, false)).collect()
    }

    fn some(v: &[&str]) -> Vec<Option<String>> {
        v.iter().map(|s| Some((*s).to_string())).collect()
    }

    #[test]
    fn explicit_periods() {
        let cases: &[(&str, &[&str])] = &[
            ("trong năm 2022", &["2022"]),
            ("vào năm 2023 và 2024", &["2023", "2024"]),
            ("tháng 3 năm 2023", &["2023-03"]),
            ("tháng 3/2023 và tháng 12-2022", &["2023-03", "2022-12"]),
            ("quý I/2023, quý 4 năm 2022", &["2023-Q1", "2022-Q4"]),
            ("ngày 10/4/2023", &["2023-04-10"]),
            ("năm tài chính 2024", &["2024"]),
            ("in 2022", &["2022"]),
            ("in March 2023", &["2023-03"]),
            ("Q1 2023 and the second quarter of 2022", &["2023-Q1", "2022-Q2"]),
            ("FY2023 and fiscal 2021", &["2023", "2021"]),
            ("in the fiscal year ended June 30, 2023", &["2023"]),
            ("năm tài chính kết thúc ngày 30/6/2023", &["2023"]),
            ("on March 10, 2023", &["2023-03-10"]),
            ("đầu năm 2023", &["2023"]),
        ];
        for (text, want) in cases {
            assert_eq!(periods(text, None), some(want), "{text}");
        }
    }

    #[test]
    fn relative_periods_need_the_article_date() {
        let date = NaiveDate::from_ymd_opt(2023, 4, 10);
        let cases: &[(&str, &[&str])] = &[
            ("năm nay", &["2023"]),
            ("năm ngoái", &["2022"]),
            ("năm tới", &["2024"]),
            ("tháng 3 năm nay", &["2023-03"]),
            ("tháng 6 năm ngoái", &["2022-06"]),
            ("vào tháng 3", &["2023-03"]),
            ("vào tháng 6", &["2022-06"]),
            ("đầu năm", &["2023"]),
            ("cuối năm ngoái", &["2022"]),
            ("tháng trước", &["2023-03"]),
            ("this year", &["2023"]),
            ("last year", &["2022"]),
            ("earlier this year", &["2023"]),
            ("in March", &["2023-03"]),
            ("last quarter", &["2023-Q1"]),
            ("quý tiếp theo", &["2023-Q3"]),
            ("the quarter ended June 30", &["2022-06-30"]),
            ("ngày 2/4", &["2023-04-02"]),
        ];
        for (text, want) in cases {
            assert_eq!(periods(text, date), some(want), "{text}");
        }
        assert_eq!(periods("năm ngoái", None), [None]);
        assert_eq!(periods("tháng 3", None), [None]);
    }

    #[test]
    fn durations_spans_and_lookalikes_are_no_periods() {
        let date = NaiveDate::from_ymd_opt(2023, 4, 10);
        assert_eq!(periods("3 năm trước, sau 2 tháng", date), Vec::<Option<String>>::new());
        assert_eq!(periods("giai đoạn 2020-2022", date), [None]);
        assert_eq!(periods("kể từ năm 2019", date), [None]);
        assert_eq!(periods("since 2019", date), [None]);
        assert_eq!(periods("GPT-4 và H100, 1500 GPU", date), Vec::<Option<String>>::new());
        assert_eq!(periods("it may rise", date), Vec::<Option<String>>::new());
        assert_eq!(periods("the May 2023 update", date), some(&["2023-05"]));
    }
}
