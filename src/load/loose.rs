//! One article file read on its own, for `factbook extract`: it may sit anywhere,
//! have front matter or none, and be Markdown or plain text.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use toml::Value;

use super::front_matter::{self, parse_date};
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::model::Slug;
use crate::source::{FileId, SourceFile, normalize_with_offsets};
use crate::text::Format;

/// An article file as `extract` sees it.
#[derive(Debug, Clone)]
pub struct LooseArticle {
    /// The file.
    pub path: PathBuf,
    /// Normalised text (NFC, LF, no BOM).
    pub text: String,
    /// For each byte offset of `text` (and its end), the byte offset in the file.
    pub offsets: Vec<usize>,
    /// The body within `text` (after the front matter, if any).
    pub body: Range<usize>,
    /// Markdown for `.md`/`.markdown` files, plain text otherwise.
    pub format: Format,
    /// Slug of the file stem, for claim ids.
    pub slug: Slug,
    /// `language` from the front matter.
    pub language: Option<Lang>,
    /// `source.published`, else `date`, from the front matter.
    pub date: Option<NaiveDate>,
}

impl LooseArticle {
    /// The file byte offset of a body byte offset.
    pub fn file_offset(&self, body_offset: usize) -> usize {
        let at = (self.body.start + body_offset).min(self.text.len());
        self.offsets.get(at).copied().unwrap_or(at)
    }
}

/// Reads `path`. Front-matter problems are warnings (the body is still read);
/// only I/O and encoding failures are errors.
pub fn read_loose_article(path: &Path, diags: &mut Diagnostics) -> Result<LooseArticle> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let raw = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not valid UTF-8", path.display()))?;
    let (text, offsets) = normalize_with_offsets(&raw);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let format =
        if matches!(ext.as_str(), "md" | "markdown") { Format::Markdown } else { Format::Plain };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let slug = Slug::from_text(stem)
        .or_else(|| Slug::new("article"))
        .expect("\"article\" is a valid slug");
    let mut article = LooseArticle {
        path: path.to_path_buf(),
        body: 0..text.len(),
        text,
        offsets,
        format,
        slug,
        language: None,
        date: None,
    };
    let Ok(split) = front_matter::split(&article.text) else { return Ok(article) };
    article.body = split.body.clone();
    let file =
        SourceFile::new(FileId(0), path.to_path_buf(), path.display().to_string(), &article.text);
    match front_matter::parse_table(&file, &split) {
        Ok(table) => {
            let date_of = |v: &Value| match v {
                Value::Datetime(d) => parse_date(&d.to_string()),
                Value::String(s) => parse_date(s),
                _ => None,
            };
            let published = table
                .get("source")
                .and_then(Value::as_table)
                .and_then(|s| s.get("published"))
                .and_then(date_of);
            article.date = published.or_else(|| table.get("date").and_then(date_of));
            article.language = table.get("language").and_then(Value::as_str).and_then(Lang::parse);
        }
        Err(d) => diags.push(Diagnostic::warning(
            "invalid-front-matter",
            None,
            format!("{}: {}; reading the body anyway", path.display(), d.message),
        )),
    }
    Ok(article)
}

/// The nearest folder at or above `file`'s folder that holds a `book.toml`.
pub fn find_site_root(file: &Path) -> Option<PathBuf> {
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(file)
    };
    let abs = abs.canonicalize().unwrap_or(abs);
    abs.parent()?.ancestors().find(|dir| dir.join("book.toml").is_file()).map(Path::to_path_buf)
}

/// Guesses the language of a text with no declared one: Vietnamese when letters
/// only Vietnamese uses (đ, ơ, ư, ă and stacked tone marks) are common enough.
pub fn guess_language(text: &str) -> Lang {
    let mut letters = 0usize;
    let mut vietnamese = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        let lower = c.to_lowercase().next().unwrap_or(c);
        if matches!(lower, 'đ' | 'ơ' | 'ư' | 'ă' | 'ạ'..='ỹ') {
            vietnamese += 1;
        }
    }
    if letters > 0 && vietnamese * 100 >= letters * 5 { Lang::Vi } else { Lang::En }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_guessed_from_letters() {
        assert_eq!(guess_language("Doanh thu của công ty đạt 35 triệu USD."), Lang::Vi);
        assert_eq!(guess_language("Revenue reached $35 million, Nguyễn said."), Lang::En);
        assert_eq!(guess_language(""), Lang::En);
    }
}
