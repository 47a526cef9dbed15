//! Source files as loaded from disk: the text every span points into.
//!
//! Text is normalised to Unicode NFC and CRLF is folded to LF on load, so byte
//! offsets computed by later stages are offsets into `SourceFile::text`.

use std::path::PathBuf;

/// Index of a file in [`SourceMap`]; spans carry it instead of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One input file (book.toml or a content file) with its normalised text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Position of the file in its [`SourceMap`].
    pub id: FileId,
    /// Absolute path, for I/O and watching.
    pub abs_path: PathBuf,
    /// Path relative to the site root with `/` separators, for messages.
    pub rel_path: String,
    /// NFC-normalised text with LF line endings and no BOM (shared: cheap to clone).
    pub text: std::sync::Arc<str>,
    /// Hash of `text`: what incremental rebuilds compare.
    pub hash: u64,
    line_starts: std::sync::Arc<[usize]>,
}

impl SourceFile {
    /// Builds a source file from raw text, normalising it.
    pub fn new(id: FileId, abs_path: PathBuf, rel_path: String, raw: &str) -> SourceFile {
        let text = normalize_text(raw);
        let line_starts = line_starts(&text);
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut h);
            h.finish()
        };
        SourceFile {
            id,
            abs_path,
            rel_path,
            text: text.into(),
            hash,
            line_starts: line_starts.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else { return "" };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches('\n')
    }

    /// Byte offset where a 1-based line starts (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(self.text.len())
    }
}

/// First [`FileId`] of the site's theme templates (`templates/*.html`). They
/// live in a range of their own because a long-running session hands out new
/// content ids as files are edited, and template ids must never collide.
pub const THEME_FILE_BASE: u32 = 1 << 31;

/// All files of one build, indexed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// Indexed by id; `None` for ids a long-running session retired.
    files: Vec<Option<SourceFile>>,
    /// Theme templates, indexed by id minus [`THEME_FILE_BASE`].
    theme: Vec<Option<SourceFile>>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, abs_path: PathBuf, rel_path: String, raw: &str) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        self.push(SourceFile::new(id, abs_path, rel_path, raw));
        id
    }

    /// Adds a file built elsewhere (in parallel) under its own id.
    pub fn push(&mut self, file: SourceFile) {
        let (slots, i) = match file.id.0.checked_sub(THEME_FILE_BASE) {
            Some(i) => (&mut self.theme, i as usize),
            None => (&mut self.files, file.id.0 as usize),
        };
        if slots.len() <= i {
            slots.resize(i + 1, None);
        }
        slots[i] = Some(file);
    }

    /// Replaces a retired file by its successor (an edited file gets a new id).
    pub fn replace(&mut self, retired: FileId, file: SourceFile) {
        if let Some(slot) = self.files.get_mut(retired.0 as usize) {
            *slot = None;
        }
        self.push(file);
    }

    /// The file behind an id handed out by this map.
    pub fn get(&self, id: FileId) -> &SourceFile {
        self.try_get(id).expect("ids in spans refer to files of this map")
    }

    /// The file behind an id, or `None` for an id from another map.
    pub fn try_get(&self, id: FileId) -> Option<&SourceFile> {
        match id.0.checked_sub(THEME_FILE_BASE) {
            Some(i) => self.theme.get(i as usize).and_then(Option::as_ref),
            None => self.files.get(id.0 as usize).and_then(Option::as_ref),
        }
    }

    /// A map holding one already-built file (tests and single-file tools).
    pub fn with(file: SourceFile) -> SourceMap {
        let mut map = SourceMap::default();
        map.push(file);
        map
    }

    /// Every content file (book.toml and `content/`), in id order; theme
    /// templates are left out.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().flatten()
    }
}

/// Strips a BOM, folds CRLF and lone CR to LF and normalises to NFC.
pub fn normalize_text(raw: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let folded: std::borrow::Cow<'_, str> = if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        raw.into()
    };
    if already_nfc(&folded) || is_nfc_quick(folded.chars()) == IsNormalized::Yes {
        folded.into_owned()
    } else {
        folded.nfc().collect()
    }
}

/// A sufficient test that `text` is in NFC: every character is a starter that
/// NFC leaves alone. Runs of ASCII are skipped by byte and other characters
/// looked up in a table, where the general quick check looks up two properties
/// per character (it was most of loading a Vietnamese site).
fn already_nfc(text: &str) -> bool {
    let mut rest = text;
    loop {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        rest = rest.get(ascii..).unwrap_or_default();
        let Some(c) = rest.chars().next() else { return true };
        if !nfc_inert(c) {
            return false;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
}

/// Whether NFC leaves `c` alone wherever it stands: a starter (canonical combining
/// class 0) whose NFC quick check is Yes. Answered from a table of the Basic
/// Multilingual Plane built once from the normalisation crate's own data; other
/// planes are left to the full check.
fn nfc_inert(c: char) -> bool {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for (cp, c) in (0..0x10000u32).filter_map(|cp| Some((cp as usize, char::from_u32(cp)?))) {
            if canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
            {
                bits[cp / 64] |= 1 << (cp % 64);
            }
        }
        bits
    });
    let cp = c as usize;
    table.get(cp / 64).is_some_and(|word| word & (1 << (cp % 64)) != 0)
}

/// [`normalize_text`] plus, for every byte offset of the result (and its end), the
/// byte offset in `raw` it came from, so that spans found in normalised text can be
/// reported against the file as it is on disk.
pub fn normalize_with_offsets(raw: &str) -> (String, Vec<usize>) {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::canonical_combining_class;
    let bom = if raw.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut out = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let rest = &raw[bom..];
    let mut chars = rest.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let at = bom + start;
        if c == '\r' {
            chars.next_if(|&(_, n)| n == '\n');
            out.push('\n');
            map.push(at);
            continue;
        }
        // A starter and the combining marks after it normalise together.
        let mut end = start + c.len_utf8();
        while let Some(&(p, n)) = chars.peek() {
            if canonical_combining_class(n) == 0 {
                break;
            }
            end = p + n.len_utf8();
            chars.next();
        }
        let segment = &rest[start..end];
        let normal: String = segment.nfc().collect();
        if normal == segment {
            map.extend((0..segment.len()).map(|i| at + i));
        } else {
            // Inside a recomposed character, offsets point past it (ends of spans
            // land there); its first byte points at its start.
            map.push(at);
            map.extend(std::iter::repeat_n(bom + end, normal.len().saturating_sub(1)));
        }
        out.push_str(&normal);
    }
    map.push(raw.len());
    if out != normalize_text(raw) {
        // Composition across starters (rare scripts): fall back to the plain result
        // with offsets clamped to the file.
        let text = normalize_text(raw);
        let map = (0..=text.len())
            .map(|i| {
                let mut at = (i + bom).min(raw.len());
                while !raw.is_char_boundary(at) {
                    at -= 1; // never below 0: offset 0 is a boundary
                }
                at
            })
            .collect();
        return (text, map);
    }
    (out, map)
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(FileId(0), PathBuf::from("/x"), "x".into(), text)
    }

    #[test]
    fn crlf_bom_and_nfd_are_normalised() {
        let f = file("\u{feff}Tri\u{0301} tue\u{0302}\u{0323}\r\nb\r");
        assert_eq!(&*f.text, "Trí tuệ\nb\n");
    }

    #[test]
    fn normalised_offsets_point_back_into_the_raw_text() {
        let raw = "\u{feff}Tri\u{0301}\r\nx 10 tỷ";
        let (text, map) = normalize_with_offsets(raw);
        assert_eq!(text, "Trí\nx 10 tỷ");
        assert_eq!(map.len(), text.len() + 1);
        let at = text.find("10").unwrap();
        assert_eq!(&raw[map[at]..map[text.len()]], "10 tỷ");
        assert_eq!(map[text.find('\n').unwrap()], raw.find('\r').unwrap());
    }

    #[test]
    fn composition_across_starters_keeps_offsets_on_char_boundaries() {
        // Tamil AU: two starters that compose (found by the property below).
        let raw = "\u{0bc6}\u{0bd7}0\u{0a35}";
        let (text, map) = normalize_with_offsets(raw);
        assert_eq!(text, normalize_text(raw));
        assert!(map.iter().all(|&m| raw.is_char_boundary(m)));
        assert!(map.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn text_of_inert_characters_is_already_nfc() {
        use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
        assert!(already_nfc("Doanh thu đạt 2,5 tỷ USD — “Trí tuệ” … ½ ﬁ"));
        assert!(!already_nfc("Tri\u{0301} tue\u{0302}"), "combining marks go to the full check");
        assert!(!already_nfc("\u{212b}"), "a singleton NFC replaces");
        for c in (0..0x11000u32).filter_map(char::from_u32).filter(|&c| nfc_inert(c)) {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            let pair = format!("{c}{c}a");
            assert_eq!(pair.nfc().collect::<String>(), pair, "{c:?}");
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let f = file("ab\nđầu tư x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 8));
        assert_eq!(f.line_text(2), "đầu tư x");
    }

    proptest! {
        #[test]
        fn normalised_offsets_are_monotonic_char_boundaries(raw in "\\PC{0,40}(\r\n|\r|\u{301}|\u{323})?\\PC{0,10}") {
            let (text, map) = normalize_with_offsets(&raw);
            prop_assert_eq!(&text, &normalize_text(&raw));
            prop_assert_eq!(map.len(), text.len() + 1);
            prop_assert!(map.windows(2).all(|w| w[0] <= w[1]));
            for (i, _) in text.char_indices() {
                prop_assert!(raw.is_char_boundary(map[i]));
            }
        }

        #[test]
        fn offset_to_line_col_round_trips(text in "\\PC{0,80}(\n\\PC{0,20}){0,5}", pick in 0usize..200) {
            let f = file(&text);
            let boundaries: Vec<usize> = f.text.char_indices().map(|(i, _)| i).chain([f.text.len()]).collect();
            let offset = boundaries[pick % boundaries.len()];
            let (line, col) = f.line_col(offset);
            let back = f.line_start(line) + f.line_text(line).chars().take(col - 1).map(char::len_utf8).sum::<usize>();
            prop_assert_eq!(back, offset);
        }
    }
}
