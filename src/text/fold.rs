//! Whitespace-folded view of a text: every run of whitespace becomes one space,
//! and each folded byte remembers the byte it came from. Quotes are looked up in
//! this view, so a quote matches across line wraps and doubled spaces.

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

    /// Whether the text of `range` (a range of the source) occurs nowhere before
    /// `range.start`, so that [`Folded::find`] on it comes back to this very place.
    /// Searches only the prefix up to the range's end.
    pub fn is_first_occurrence(&self, range: &Range<usize>) -> bool {
        let Some(quote) = self.source.get(range.clone()) else { return false };
        let (needle, _) = fold(quote.trim());
        if needle.is_empty() {
            return false;
        }
        let own_start = range.start + (quote.len() - quote.trim_start().len());
        let end = self.map.partition_point(|&b| b < range.end);
        self.text
            .get(..end)
            .and_then(|prefix| prefix.find(&needle))
            .is_some_and(|at| self.source_range(at..at + needle.len()).start == own_start)
    }

    fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        let start = self.map[folded.start];
        let last = self.map[folded.end - 1];
        let last_len = self.source[last..].chars().next().map_or(1, char::len_utf8);
        start..last + last_len
    }
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
        assert!(f.is_first_occurrence(&r), "the earlier one is capitalised");
        let figure = body.rfind("35 triệu").unwrap();
        assert!(
            !f.is_first_occurrence(&(figure..figure + "35 triệu USD".len())),
            "stated earlier too"
        );
        assert!(f.is_first_occurrence(&(0..body.find('.').unwrap())));
        let then = body.find(" Rồi").unwrap();
        assert!(
            f.is_first_occurrence(&(then..body.len())),
            "leading space is not part of the quote"
        );
    }
}
