//! Identifiers: index newtypes and checked slugs.

use std::fmt;

/// Index of an entity in `Model::entities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub u32);

/// Index of an article in `Model::articles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleId(pub u32);

/// Index of a claim in `Model::claims`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimId(pub u32);

/// A URL- and file-name-safe identifier: ASCII lowercase letters, digits and
/// single inner hyphens. Checked when built, so it can never escape the build
/// dir (`..`, `/`, NUL and absolute paths are impossible by construction).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// Accepts an already-slug-shaped string.
    pub fn new(s: &str) -> Option<Slug> {
        let ok = !s.is_empty()
            && s.len() <= 120
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| Slug(s.to_string()))
    }

    /// Turns any text into a slug: `Trí tuệ nhân tạo` -> `tri-tue-nhan-tao`.
    /// `None` when nothing slug-worthy is left (e.g. only punctuation).
    pub fn from_text(text: &str) -> Option<Slug> {
        Slug::new(&slugify(text))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// ASCII, lowercase, hyphen-separated form of `text`; idempotent.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(120);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Slugs the output layout uses for its own pages.
pub const RESERVED_SLUGS: &[&str] = &["index", "page"];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_slugifies_to_ascii() {
        assert_eq!(slugify("Trí tuệ"), "tri-tue");
        assert_eq!(slugify("Đầu tư & định giá"), "dau-tu-dinh-gia");
        assert_eq!(slugify("DALL·E"), "dall-e");
        assert_eq!(slugify("../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn escaping_slugs_are_rejected() {
        for bad in ["../x", "/abs", "a\0b", "A", "a b", "", "-a", "a--b", "a/b"] {
            assert!(Slug::new(bad).is_none(), "{bad:?}");
        }
        assert!(Slug::new("gpt-4").is_some());
    }

    proptest! {
        #[test]
        fn slugify_is_idempotent_and_valid(s in "\\PC{0,40}") {
            let once = slugify(&s);
            prop_assert_eq!(slugify(&once), once.clone());
            prop_assert!(once.is_empty() || Slug::new(&once).is_some());
        }
    }
}
