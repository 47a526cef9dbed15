//! The prose of an article body: what claim extraction reads.
//!
//! Markdown is parsed with the same options as mention scanning; everything that is not
//! running text (code, headings, URLs, HTML, image alt text, markup characters) is
//! overwritten with ASCII spaces of the same byte length, so every offset into
//! [`Prose::text`] is also an offset into the body. Block structure (paragraphs, list
//! items, table cells) is kept as [`Prose::blocks`]: sentences never cross a block.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// How to read an article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// CommonMark with the site's extensions (the default for articles).
    #[default]
    Markdown,
    /// Plain text: every line is a paragraph, nothing is markup.
    Plain,
}

/// Running text of a body, offsets preserved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prose {
    /// The body with non-prose bytes replaced by spaces; same length as the body.
    pub text: String,
    /// Blocks of running text, sorted and disjoint.
    pub blocks: Vec<Range<usize>>,
    /// For each block, whether it sits in a list item (and may continue the sentence
    /// that introduced the list: "Kết quả năm 2022 của OpenAI:").
    pub in_item: Vec<bool>,
    /// For each block, where it sits when it is a table cell.
    pub cells: Vec<Option<Cell>>,
    /// Verbatim text pieces (one per text event), sorted; quotes never cross one.
    pub pieces: Vec<Range<usize>>,
    /// Wikilinks: range of the whole link and its target as written.
    pub wikilinks: Vec<(Range<usize>, String)>,
    /// Text pieces inside ordinary links (mention scanning skips link text).
    pub link_pieces: Vec<Range<usize>>,
}

impl Prose {
    /// Reads `body` in the given format.
    pub(crate) fn new(body: &str, format: Format) -> Prose {
        match format {
            Format::Plain => plain(body),
            Format::Markdown => markdown(
                body,
                pulldown_cmark::Parser::new_ext(body, super::markdown_options()).into_offset_iter(),
            ),
        }
    }

    /// Reads a Markdown `body` from its parsed `events`.
    pub(crate) fn of_markdown(body: &str, events: &super::Events<'_>) -> Prose {
        markdown(body, events.iter())
    }
}

fn plain(body: &str) -> Prose {
    let mut blocks = Vec::new();
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            blocks.push(start..start + content.len());
        }
        start += line.len();
    }
    Prose {
        text: body.to_string(),
        pieces: blocks.clone(),
        in_item: vec![false; blocks.len()],
        cells: vec![None; blocks.len()],
        blocks,
        wikilinks: Vec::new(),
        link_pieces: Vec::new(),
    }
}

/// Appends `body[from..to]` blanked: spaces of the same byte length, line breaks kept,
/// and the placeholder byte where a wikilink starts.
fn blank(
    text: &mut String,
    body: &str,
    from: usize,
    to: usize,
    wikilinks: &[(Range<usize>, String)],
) {
    let Some(gap) = body.get(from..to) else { return };
    for (i, c) in gap.char_indices() {
        if c == '\n' {
            text.push('\n');
        } else if c == '[' && wikilinks.iter().any(|(r, _)| r.start == from + i) {
            text.push(char::from(WIKILINK));
        } else {
            text.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
}

fn markdown<'a>(body: &str, events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> Prose {
    let mut text = String::with_capacity(body.len());
    let mut cursor = 0usize; // `text` holds the blanked or copied body up to here
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut link_pieces: Vec<Range<usize>> = Vec::new();
    let mut spans: Vec<(usize, Range<usize>, bool, Option<Cell>)> = Vec::new();
    let mut items = 0usize; // depth inside list items
    let (mut tables, mut row, mut col, mut in_cell) = (0usize, 0usize, 0usize, false);
    let mut wikilinks: Vec<(Range<usize>, String)> = Vec::new();
    let mut links: Vec<bool> = Vec::new(); // open links: is it a wikilink?
    let mut block = 0usize; // changes whenever a block starts or ends
    let mut blocked = 0usize; // depth inside headings, code, images, wikilinks, metadata
    for (event, range) in pulldown_cmark::utils::TextMergeWithOffset::new(events) {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::Image { .. }
                    | Tag::MetadataBlock(_)
                    | Tag::HtmlBlock => blocked += 1,
                    Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. } => {
                        links.push(true);
                        if blocked == 0 {
                            let cell = in_cell.then_some(Cell { table: tables, row, col });
                            spans.push((block, range.clone(), items > 0, cell));
                            // The link stands for its target: its text is blanked, and a
                            // placeholder byte makes it one word of its sentence.
                            wikilinks.push((range.clone(), dest_url.to_string()));
                        }
                        blocked += 1;
                    }
                    Tag::Link { .. } => links.push(false),
                    _ => {}
                }
                if is_block(&tag) {
                    block += 1;
                }
                match tag {
                    Tag::Item => items += 1,
                    Tag::Table(_) => (tables, row) = (tables + 1, 0),
                    Tag::TableHead => (row, col) = (0, 0),
                    Tag::TableRow => (row, col) = (row + 1, 0),
                    Tag::TableCell => in_cell = true,
                    _ => {}
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::Image
                    | TagEnd::MetadataBlock(_)
                    | TagEnd::HtmlBlock => blocked = blocked.saturating_sub(1),
                    TagEnd::Link if links.pop() == Some(true) => {
                        blocked = blocked.saturating_sub(1);
                    }
                    _ => {}
                }
                if is_block_end(end) {
                    block += 1;
                }
                match end {
                    TagEnd::Item => items = items.saturating_sub(1),
                    TagEnd::TableCell => (in_cell, col) = (false, col + 1),
                    _ => {}
                }
            }
            Event::Text(t) if blocked == 0 && range.start >= cursor => {
                let Some(source) = body.get(range.clone()) else { continue };
                blank(&mut text, body, cursor, range.start, &wikilinks);
                if source == &*t {
                    text.push_str(source);
                } else {
                    // Escapes or entities: keep the source, minus backslashes.
                    text.extend(source.chars().map(|c| if c == '\\' { ' ' } else { c }));
                }
                cursor = range.end;
                let cell = in_cell.then_some(Cell { table: tables, row, col });
                spans.push((block, range.clone(), items > 0, cell));
                if links.last() == Some(&false) {
                    link_pieces.push(range.clone());
                }
                // Lines of one paragraph (soft breaks) make one piece.
                match pieces.last_mut() {
                    Some(last)
                        if last.end <= range.start
                            && body[last.end..range.start].chars().all(char::is_whitespace)
                            && body[last.end..range.start].matches('\n').count() <= 1 =>
                    {
                        last.end = range.end
                    }
                    _ => pieces.push(range),
                }
            }
            _ => {}
        }
    }
    blank(&mut text, body, cursor, body.len(), &wikilinks);
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut in_item: Vec<bool> = Vec::new();
    let mut cells: Vec<Option<Cell>> = Vec::new();
    let mut last_block = usize::MAX;
    for (b, r, item, cell) in &spans {
        match blocks.last_mut() {
            Some(cur) if *b == last_block => cur.end = r.end,
            _ => {
                blocks.push(r.clone());
                in_item.push(*item);
                cells.push(*cell);
            }
        }
        last_block = *b;
    }
    Prose { text, blocks, in_item, cells, pieces, wikilinks, link_pieces }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::HtmlBlock
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
    )
}

fn is_block_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
    )
}

/// A table cell's place: which table of the body, which row (0 is the header row) and
/// which column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    /// Table number within the body.
    pub table: usize,
    /// Row, 0 for the header.
    pub row: usize,
    /// Column.
    pub col: usize,
}

/// Stands in the prose text for a wikilink (whose own text is blanked), so that the
/// link is one word of the sentence it sits in.
pub(crate) const WIKILINK: u8 = 0x01;

/// Abbreviations whose final period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "inc", "corp", "co", "ltd", "jr", "sr", "st", "vs", "etc",
    "no", "tp", "ts", "ths", "gs", "pgs", "e.g", "i.e", "u.s", "u.k", "approx", "est",
];

/// Splits a block into sentence ranges (trimmed, non-empty).
///
/// A sentence ends at `.`, `!`, `?` or `…` (plus closing quotes and brackets) followed
/// by whitespace and a character that can open a sentence (an uppercase letter, a
/// digit, a quote or a bracket), unless the period closes an abbreviation or an
/// initial. Decimal points never qualify (no whitespace follows them).
pub(crate) fn sentences(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    Sentences::new(text, block).collect()
}

/// The sentences of a block one at a time, as [`sentences`] splits it, for a
/// caller that needs only the one around a place.
pub(crate) struct Sentences<'a> {
    /// The block's text.
    slice: &'a str,
    /// Offset of the block in the text.
    base: usize,
    /// Start of the sentence being read, in `slice`.
    start: usize,
    /// Where to look for the next end mark, in `slice`.
    from: usize,
    done: bool,
}

impl<'a> Sentences<'a> {
    /// The sentences of `text[block]`; none when `block` is not a range of it.
    pub(crate) fn new(text: &'a str, block: Range<usize>) -> Sentences<'a> {
        let slice = text.get(block.clone());
        let done = slice.is_none();
        Sentences { slice: slice.unwrap_or_default(), base: block.start, start: 0, from: 0, done }
    }
}

impl Iterator for Sentences<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let slice = self.slice;
        while !self.done {
            let Some(pos) = next_end_mark(slice, self.from) else {
                self.done = true;
                return trimmed(slice, self.base, self.start..slice.len());
            };
            let rest = slice.get(pos..).unwrap_or_default();
            let mut iter = rest.char_indices().map(|(i, c)| (pos + i, c)).peekable();
            let Some((_, c)) = iter.next() else { break };
            let mut marks = 1;
            while iter.next_if(|&(_, n)| matches!(n, '.' | '!' | '?' | '…')).is_some() {
                marks += 1;
            }
            while iter
                .next_if(|&(_, n)| matches!(n, '"' | '\'' | '”' | '’' | ')' | ']' | '»'))
                .is_some()
            {}
            let end = iter.peek().map_or(slice.len(), |&(p, _)| p);
            let mut spaced = iter.peek().is_none();
            while iter.next_if(|&(_, n)| n.is_whitespace()).is_some() {
                spaced = true;
            }
            let opens = iter.peek().is_none_or(|&(_, n)| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(
                        n,
                        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '-' | '–' | '*' | '\u{1}'
                    )
            });
            // The next mark is looked for from the first character not read here.
            self.from = iter.peek().map_or(slice.len(), |&(p, _)| p);
            if spaced && opens && !(c == '.' && marks == 1 && is_abbreviation(&slice[..pos])) {
                let sentence = trimmed(slice, self.base, self.start..end);
                self.start = end;
                if sentence.is_some() {
                    return sentence;
                }
            }
        }
        None
    }
}

/// Byte offset of the first end mark (`.`, `!`, `?`, `…`) at or after `from`.
/// Sentences are long and marks rare, so they are looked for with `memchr`: the
/// ASCII marks first, then `…` (the one mark outside ASCII) only before the first
/// of those, so a block is read about once however many sentences it has.
fn next_end_mark(s: &str, from: usize) -> Option<usize> {
    let rest = s.as_bytes().get(from..)?;
    let ascii = memchr::memchr3(b'.', b'!', b'?', rest);
    let before = rest.get(..ascii.unwrap_or(rest.len())).unwrap_or_default();
    const ELLIPSIS: &[u8] = "…".as_bytes();
    let ellipsis = memchr::memchr_iter(ELLIPSIS[0], before)
        .find(|&at| before.get(at..at + ELLIPSIS.len()) == Some(ELLIPSIS));
    ellipsis.or(ascii).map(|at| from + at)
}

/// The word before a period is an abbreviation or a single-letter initial.
fn is_abbreviation(before: &str) -> bool {
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[start..];
    let mut chars = word.chars();
    // A single Latin capital is an initial ("J. Dyett"); "Á" ends "Đông Nam Á.".
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_ascii_uppercase();
    }
    word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// `r` (a range of `slice`) without its surrounding whitespace, offset by `base`;
/// `None` when nothing is left.
fn trimmed(slice: &str, base: usize, r: Range<usize>) -> Option<Range<usize>> {
    let s = slice.get(r.clone())?;
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    (!trimmed.is_empty()).then(|| base + r.start + lead..base + r.start + lead + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        sentences(text, 0..text.len()).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_split_on_end_marks_before_capitals() {
        assert_eq!(
            sents("Doanh thu đạt 2,5 tỷ USD. Lợi nhuận giảm! Vì sao? Không rõ"),
            ["Doanh thu đạt 2,5 tỷ USD.", "Lợi nhuận giảm!", "Vì sao?", "Không rõ"]
        );
        assert_eq!(
            sents("Mr. Smith of Acme Inc. said revenue was $1.5 billion. It grew."),
            ["Mr. Smith of Acme Inc. said revenue was $1.5 billion.", "It grew."]
        );
        assert_eq!(
            sents("He said \"it works.\" Then left."),
            ["He said \"it works.\"", "Then left."]
        );
        assert_eq!(
            sents("DALL.E và GPT-4 v.v. chạy trên Azure."),
            ["DALL.E và GPT-4 v.v. chạy trên Azure."]
        );
        assert_eq!(sents("J. Dyett joined. Good"), ["J. Dyett joined.", "Good"]);
        assert_eq!(sents("Ở Đông Nam Á. The deal"), ["Ở Đông Nam Á.", "The deal"]);
        assert_eq!(
            sents("Chờ đã… Rồi sao?! “Được.” (Hết) — xong… tiếp"),
            ["Chờ đã…", "Rồi sao?!", "“Được.”", "(Hết) — xong… tiếp"]
        );
    }

    fn push_trimmed(out: &mut Vec<Range<usize>>, slice: &str, base: usize, r: Range<usize>) {
        out.extend(trimmed(slice, base, r));
    }

    /// The splitter as it read every character, before it jumped from mark to mark.
    fn sentences_char_by_char(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
        let Some(slice) = text.get(block.clone()) else { return Vec::new() };
        let mut out = Vec::new();
        let mut start = 0usize;
        let mut iter = slice.char_indices().peekable();
        while let Some((pos, c)) = iter.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            let mut marks = 1;
            while iter.next_if(|&(_, n)| matches!(n, '.' | '!' | '?' | '…')).is_some() {
                marks += 1;
            }
            while iter
                .next_if(|&(_, n)| matches!(n, '"' | '\'' | '”' | '’' | ')' | ']' | '»'))
                .is_some()
            {}
            let end = iter.peek().map_or(slice.len(), |&(p, _)| p);
            let mut spaced = iter.peek().is_none();
            while iter.next_if(|&(_, n)| n.is_whitespace()).is_some() {
                spaced = true;
            }
            let opens = iter.peek().is_none_or(|&(_, n)| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(
                        n,
                        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '-' | '–' | '*' | '\u{1}'
                    )
            });
            if spaced && opens && !(c == '.' && marks == 1 && is_abbreviation(&slice[..pos])) {
                push_trimmed(&mut out, slice, block.start, start..end);
                start = end;
            }
        }
        push_trimmed(&mut out, slice, block.start, start..slice.len());
        out
    }

    proptest::proptest! {
        #[test]
        fn jumping_between_marks_splits_as_reading_every_character(
            text in "([a-zA-Zđâ0-9 ]|Mr|Inc|\\.|!|\\?|…|\u{2025}|\u{2026}|\u{1}|[\"'”’)\\]»“‘(\\[«*–-]|\n| {2}|Ở|Á){0,40}",
            cut in 0usize..4,
        ) {
            let start = text.char_indices().nth(cut).map_or(0, |(i, _)| i);
            let block = start..text.len();
            proptest::prop_assert_eq!(
                sentences(&text, block.clone()),
                sentences_char_by_char(&text, block)
            );
        }
    }

    #[test]
    fn markdown_blanks_non_prose_and_keeps_offsets() {
        let body = "# Doanh thu 5 tỷ USD\n\nAcme có `10 tỷ USD` và [link](https://x.io/20-tỷ) **lãi 3 triệu USD**.\n\n```\n99 triệu USD\n```\n\n| Năm | Doanh thu |\n|---|---|\n| 2022 | 7 triệu USD |\n";
        let p = Prose::new(body, Format::Markdown);
        assert_eq!(p.text.len(), body.len());
        assert!(!p.text.contains("5 tỷ"));
        assert!(!p.text.contains("10 tỷ"));
        assert!(!p.text.contains("20-tỷ"));
        assert!(!p.text.contains("99 triệu"));
        let at = body.find("lãi 3").unwrap();
        assert_eq!(&p.text[at..at + "lãi 3 triệu USD".len()], "lãi 3 triệu USD");
        // Table cells are blocks of their own, with their place in the table.
        let cells: Vec<(&str, Option<(usize, usize)>)> = p
            .blocks
            .iter()
            .zip(&p.cells)
            .map(|(r, c)| (p.text[r.clone()].trim(), c.map(|c| (c.row, c.col))))
            .collect();
        assert!(cells.contains(&("Doanh thu", Some((0, 1)))), "{cells:?}");
        assert!(cells.contains(&("2022", Some((1, 0)))), "{cells:?}");
        assert!(cells.contains(&("7 triệu USD", Some((1, 1)))), "{cells:?}");
    }

    #[test]
    fn wikilinks_are_recorded_and_blanked() {
        let body = "Vốn từ [[microsoft|tập đoàn Redmond]] đổ vào [[OpenAI]].";
        let p = Prose::new(body, Format::Markdown);
        assert_eq!(p.wikilinks.len(), 2);
        assert_eq!(p.wikilinks[0].1, "microsoft");
        assert!(!p.text.contains("Redmond"));
        assert_eq!(p.blocks.len(), 1);
    }

    #[test]
    fn plain_text_lines_are_blocks() {
        let p = Prose::new("Tiêu đề\n\nCâu một. Câu hai\nDòng ba\n", Format::Plain);
        let blocks: Vec<&str> = p.blocks.iter().map(|r| &p.text[r.clone()]).collect();
        assert_eq!(blocks, ["Tiêu đề", "Câu một. Câu hai", "Dòng ba"]);
    }
}
