//! The mention matcher: the first line lists entity names (`|`-separated),
//! the rest is a Markdown body. Scanning must never panic, and every mention
//! and wikilink range must lie on char boundaries of the body.
#![no_main]

use factbook::analyze::mentions::{Matcher, scan_body};
use factbook::config::LinkMentions;
use factbook::diag::{Diagnostics, Span};
use factbook::model::{Alias, Entity, Slug, slugify};
use factbook::source::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (names, body) = text.split_once('\n').unwrap_or((text, ""));
    let span = Span::new(FileId(0), 0..0);
    let entities: Vec<Entity> = names
        .split('|')
        .filter(|n| !n.trim().is_empty())
        .take(50)
        .enumerate()
        .filter_map(|(i, name)| {
            let slug =
                Slug::new(&format!("{}-{i}", slugify(name)).trim_start_matches('-').to_string())?;
            Some(Entity {
                kind: "companies".into(),
                slug,
                name: name.trim().to_string(),
                aliases: vec![Alias {
                    text: name.trim().to_lowercase(),
                    case_sensitive: i % 2 == 0,
                    span: span.clone(),
                }],
                facts: Vec::new(),
                maker: None,
                affiliation: None,
                role: None,
                relations: Vec::new(),
                body: String::new(),
                body_offset: 0,
                file: FileId(0),
                name_span: span.clone(),
            })
        })
        .collect();
    let mut diags = Diagnostics::default();
    let matcher = Matcher::new(&entities, &mut diags);
    for policy in [LinkMentions::First, LinkMentions::All] {
        let scan = scan_body(body, &matcher, policy, &|r| Span::new(FileId(0), r), &mut diags);
        for m in &scan.mentions {
            assert!(body.is_char_boundary(m.range.start) && body.is_char_boundary(m.range.end));
            assert!(m.range.start < m.range.end && m.range.end <= body.len());
        }
        for (r, _) in &scan.wikilinks {
            assert!(r.end <= body.len());
        }
    }
});
