//! Front matter: split any text into fences and body, parse what is between
//! the fences as TOML or YAML, and read typed fields. Must never panic, and
//! every span it reports must lie inside the file.
#![no_main]

use factbook::diag::Diagnostics;
use factbook::load::front_matter::{Fields, parse_table, split};
use factbook::source::{FileId, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let file =
        SourceFile::new(FileId(0), "/fuzz/a.md".into(), "content/articles/a.md".into(), &raw);
    let Ok(s) = split(&file.text) else { return };
    assert!(s.front.end <= s.body.start && s.body.end == file.text.len());
    let table = match parse_table(&file, &s) {
        Ok(t) => t,
        Err(d) => {
            let span = d.span.expect("front-matter errors have a span");
            assert!(span.range.end <= file.text.len());
            return;
        }
    };
    let mut diags = Diagnostics::default();
    let mut fields = Fields::new(&table, &file, s.front.clone(), &mut diags);
    let _ = fields.required_text("title", "an article");
    let _ = fields.date("date");
    let _ = fields.texts("tags");
    let _ = fields.flag("draft");
    let _ = fields.tables("claims");
    for key in ["title", "date", "claims", "source"] {
        let _ = fields.value_span_of(key);
        let _ = fields.missing_span();
    }
    for d in diags.iter() {
        if let Some(span) = &d.span {
            assert!(span.range.start <= span.range.end && span.range.end <= file.text.len());
        }
    }
});
