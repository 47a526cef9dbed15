//! Whitespace-folded view of a text: every run of whitespace becomes one space,
//! and each folded byte remembers the byte it came from. Quotes are looked up in
//! this view, so a quote matches across line wraps and doubled spaces; whether a
//! quote is the first of its text is answered by the same rule without building it.

use std::ops::Range;

/// A text with its whitespace folded, built once and searched many times
/// (folding per lookup made quote checks quadratic on a long article).
pub struct Folded<'a> {
    source: &'a str,
    text: String,
    /// Per folded byte, the byte offset in `source` it came from.
    map: Vec<usize>,
}

impl<'a> Folded<'a> {
    /// Folds `source` once.
    pub fn new(source: &'a str) -> Self {
        let (text, map) = fold(source);
        Self { source, text, map }
    }

    /// The source range of the first occurrence of `quote` (folded and trimmed).
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        let (needle, _) = fold(quote.trim());
        if needle.is_empty() {
            return None;
        }
        let at = self.text.find(&needle)?;
        Some(self.source_range(at..at + needle.len()))
    }

    fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        let start = self.map[folded.start];
        let last = self.map[folded.end - 1];
        let last_len = self.source[last..].chars().next().map_or(1, char::len_utf8);
        start..last + last_len
    }
}

/// Whether the text of `range` (a range of `source`) occurs nowhere before
/// `range.start` once whitespace is folded, so that [`Folded::find`] on it comes
/// back to this very place.
///
/// Looks for the quote's first word in the source itself and compares the rest of
/// the quote run by run only where that word occurs earlier: a figure's quote is
/// checked without folding the whole body (which cost more than extraction).
pub fn is_first_occurrence(source: &str, range: &Range<usize>) -> bool {
    let Some(quote) = source.get(range.clone()) else { return false };
    let trimmed = quote.trim();
    let Some(first_word) = trimmed.split(char::is_whitespace).next().filter(|w| !w.is_empty())
    else {
        return false;
    };
    let own_start = range.start + (quote.len() - quote.trim_start().len());
    let mut from = 0;
    // Occurrences may overlap ("aa" in "aaa"), so each search starts one character on.
    while let Some(at) = source.get(from..).and_then(|rest| rest.find(first_word)) {
        let at = from + at;
        if at >= own_start {
            return true;
        }
        let Some(text) = source.get(at..) else { return true };
        if starts_with_folded(text, trimmed) {
            return false;
        }
        from = at + text.chars().next().map_or(1, char::len_utf8);
    }
    true
}

/// Whether `text`, whitespace folded, starts with `quote` (trimmed), whitespace folded:
/// every run of whitespace in the quote stands for a run of any length in the text.
fn starts_with_folded(text: &str, quote: &str) -> bool {
    let mut t = text.chars().peekable();
    let mut q = quote.chars().peekable();
    while let Some(c) = q.next() {
        if c.is_whitespace() {
            while q.next_if(|c| c.is_whitespace()).is_some() {}
            if !t.next().is_some_and(char::is_whitespace) {
                return false;
            }
            while t.next_if(|c| c.is_whitespace()).is_some() {}
        } else if t.next() != Some(c) {
            return false;
        }
    }
    true
}

fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                map.push(i);
                in_space = true;
            }
        } else {
            in_space = false;
            out.push(c);
            map.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_match_across_wraps_and_map_back_to_the_source() {
        let body =
            "Doanh thu\n  năm 2022 là 35 triệu USD. Rồi: doanh thu năm 2022 là 35 triệu USD.";
        let f = Folded::new(body);
        let r = f.find("doanh thu   năm 2022 là 35 triệu USD.").unwrap();
        assert_eq!(&body[r.clone()], "doanh thu năm 2022 là 35 triệu USD.");
        assert!(f.find("Doanh thu năm 2022").is_some_and(|r| r.start == 0));
        assert!(f.find("   ").is_none());
        assert!(is_first_occurrence(body, &r), "the earlier one is capitalised");
        let figure = body.rfind("35 triệu").unwrap();
        assert!(
            !is_first_occurrence(body, &(figure..figure + "35 triệu USD".len())),
            "stated earlier too"
        );
        assert!(is_first_occurrence(body, &(0..body.find('.').unwrap())));
        let then = body.find(" Rồi").unwrap();
        assert!(
            is_first_occurrence(body, &(then..body.len())),
            "leading space is not part of the quote"
        );
    }

    #[test]
    fn first_occurrence_agrees_with_a_search_of_the_folded_text() {
        // Words repeated across wraps, inside longer words, overlapping and at the start.
        let body = "35 triệu USD năm\n 2022. Doanh thu  35 triệu\nUSD năm 2022; 135 triệu USD \
                    aaa aa\taa. Doanh thu 35 triệu USD năm 2022 \u{2003}aa aa.";
        let f = Folded::new(body);
        let starts: Vec<usize> = (0..=body.len()).filter(|&i| body.is_char_boundary(i)).collect();
        for (n, &a) in starts.iter().enumerate() {
            for &b in &starts[n..] {
                let quote = &body[a..b];
                let own = a + (quote.len() - quote.trim_start().len());
                let expected = f.find(quote).is_some_and(|r| r.start == own);
                assert_eq!(is_first_occurrence(body, &(a..b)), expected, "{quote:?}");
            }
        }
        assert!(!is_first_occurrence(body, &(body.len() + 1..body.len() + 2)));
    }

    proptest::proptest! {
        #[test]
        fn first_occurrence_is_a_search_of_the_folded_text(
            body in "(a|b|ab|ư| |  |\n|\t|\u{2003}){0,30}",
            a in 0usize..40,
            len in 0usize..20,
        ) {
            let a = a.min(body.len());
            let b = (a + len).min(body.len());
            let f = Folded::new(&body);
            let expected = body.get(a..b).is_some_and(|quote| {
                let own = a + (quote.len() - quote.trim_start().len());
                f.find(quote).is_some_and(|r| r.start == own)
            });
            proptest::prop_assert_eq!(is_first_occurrence(&body, &(a..b)), expected);
        }
    }
}
