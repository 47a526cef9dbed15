//! The Markdown body of an article or entity, shared with its source file.

use std::ops::{Deref, Range};
use std::sync::Arc;

/// A body: a range of its source file's text, sharing that text instead of
/// copying it (a copy per article was a quarter of a 10k build's memory).
/// Reads as the `str` it covers.
#[derive(Clone, Default)]
pub struct Body {
    text: Arc<str>,
    range: Range<usize>,
}

impl Body {
    /// The part `range` of `text` (the whole text when the range does not fit).
    pub fn new(text: Arc<str>, range: Range<usize>) -> Body {
        let range = if text.get(range.clone()).is_some() { range } else { 0..text.len() };
        Body { text, range }
    }
}

impl From<&str> for Body {
    fn from(s: &str) -> Body {
        Body { range: 0..s.len(), text: Arc::from(s) }
    }
}

impl Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        // `new` checked the range against the text, which never changes.
        &self.text[self.range.clone()]
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        **self == **other
    }
}

impl Eq for Body {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_as_its_range_and_shares_the_text() {
        let text: Arc<str> = Arc::from("+++\ntitle = \"A\"\n+++\nHello.\n");
        let body = Body::new(text.clone(), 20..text.len());
        assert_eq!(&*body, "Hello.\n");
        assert_eq!(Arc::strong_count(&text), 2);
        assert_eq!(&*Body::new(text, 5..500), "+++\ntitle = \"A\"\n+++\nHello.\n");
        assert_eq!(Body::from("x"), Body::from("x"));
    }
}
