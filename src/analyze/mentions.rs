//! Mentions: one Aho-Corasick automaton over every entity name and alias,
//! run over the prose of each article body (never code, links or headings).
//!
//! Cost per character scanned does not depend on the number of entities.
//! Matches are leftmost-longest ("Azure OpenAI" beats "Azure" and "OpenAI")
//! and must sit on Unicode word boundaries.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::config::LinkMentions;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Entity, EntityId, Mention};
use crate::text::Events;

/// The automaton over all surface forms, and which entity each pattern names.
pub struct Matcher {
    ac: Option<AhoCorasick>,
    owners: Vec<EntityId>,
    /// Lookup for wikilinks: exact surface form or slug -> entity.
    by_form: HashMap<String, EntityId>,
    /// Lowercased surface forms, for forgiving wikilink lookup.
    by_lower: HashMap<String, EntityId>,
    /// Every pattern of the automaton -> the entity it names.
    forms: HashMap<String, EntityId>,
}

impl Matcher {
    /// Builds the automaton; warns about a name or alias that two entities
    /// both claim (the first entity keeps it).
    pub fn new(entities: &[Entity], diags: &mut Diagnostics) -> Matcher {
        // Who claims each exact surface form, in entity order.
        let mut claims: HashMap<&str, Vec<(EntityId, bool, Span)>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            let id = EntityId(i as u32);
            let forms = std::iter::once((e.name.as_str(), true, e.name_span.clone()))
                .chain(e.aliases.iter().map(|a| (a.text.as_str(), false, a.span.clone())));
            for (form, is_name, span) in forms {
                let owners = claims.entry(form).or_default();
                if owners.is_empty() {
                    order.push(form);
                }
                if !owners.iter().any(|(o, _, _)| *o == id) {
                    owners.push((id, is_name, span));
                }
            }
        }
        // A form claimed by several entities goes to the one whose name it is;
        // otherwise it is ambiguous and links nowhere. Either way, say so.
        let mut seen: HashMap<String, EntityId> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<EntityId> = Vec::new();
        for form in &order {
            let claimants = &claims[form];
            let names: Vec<EntityId> = claimants.iter().filter(|c| c.1).map(|c| c.0).collect();
            let winner = match (claimants.len(), names.as_slice()) {
                (1, _) => Some(claimants[0].0),
                (_, [only]) => Some(*only),
                _ => None,
            };
            if claimants.len() > 1 {
                let slugs: Vec<&str> =
                    claimants.iter().map(|c| entities[c.0.0 as usize].slug.as_str()).collect();
                let (message, help) = match winner {
                    Some(w) => (
                        format!(
                            "\"{form}\" is the name of {} and also an alias of {}",
                            entities[w.0 as usize].slug,
                            slugs
                                .iter()
                                .filter(|s| **s != entities[w.0 as usize].slug.as_str())
                                .copied()
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "the name wins; remove the alias or make it more specific".to_string(),
                    ),
                    None => (
                        format!(
                            "\"{form}\" names {}; its mentions are not linked",
                            slugs.join(" and ")
                        ),
                        "remove it from all but one entity, or make each form more specific"
                            .to_string(),
                    ),
                };
                let span =
                    claimants.iter().rev().find(|c| Some(c.0) != winner).map(|c| c.2.clone());
                diags.push(Diagnostic::warning("duplicate-alias", span, message).with_help(help));
            }
            if let Some(id) = winner {
                seen.insert((*form).to_string(), id);
                patterns.push((*form).to_string());
                owners.push(id);
            }
        }
        // Case variants of aliases that opted out of case sensitivity never
        // override an exact form.
        for (i, e) in entities.iter().enumerate() {
            let id = EntityId(i as u32);
            let own: Vec<&str> = e
                .aliases
                .iter()
                .filter(|a| !a.case_sensitive && seen.get(&a.text) == Some(&id))
                .map(|a| a.text.as_str())
                .collect();
            for text in own {
                for variant in case_variants(text) {
                    if !seen.contains_key(&variant) && !claims.contains_key(variant.as_str()) {
                        seen.insert(variant.clone(), id);
                        patterns.push(variant);
                        owners.push(id);
                    }
                }
            }
        }
        let mut by_lower = HashMap::new();
        for (form, &id) in &seen {
            by_lower.entry(form.to_lowercase()).or_insert(id);
        }
        let mut by_form: HashMap<String, EntityId> = seen.clone();
        for (i, e) in entities.iter().enumerate() {
            by_form.entry(e.slug.as_str().to_string()).or_insert(EntityId(i as u32));
        }
        let forms = seen;
        let ac = if patterns.is_empty() {
            None
        } else {
            match AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&patterns)
            {
                Ok(ac) => Some(ac),
                Err(e) => {
                    // Only a pathological registry (gigabytes of names) gets here.
                    diags.push(
                        Diagnostic::error(
                            "too-many-names",
                            None,
                            format!("entity names and aliases are too large to match: {e}"),
                        )
                        .with_help("shorten or remove very long names and aliases"),
                    );
                    None
                }
            }
        };
        Matcher { ac, owners, by_form, by_lower, forms }
    }

    /// Surface forms that one of the two automata finds and the other does
    /// not, or that they attribute to different entities: only text
    /// containing one of them can be matched differently.
    pub fn changed_forms(&self, other: &Matcher) -> Vec<String> {
        let differs = |a: &Matcher, b: &Matcher| {
            a.forms
                .iter()
                .filter(|(form, id)| b.forms.get(*form) != Some(id))
                .map(|(form, _)| form.clone())
                .collect::<Vec<_>>()
        };
        let mut out = differs(self, other);
        out.extend(differs(other, self));
        out.sort();
        out.dedup();
        out
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find_in<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (Range<usize>, EntityId)> + 't {
        self.ac.iter().flat_map(move |ac| ac.find_iter(text)).filter_map(move |m| {
            let range = m.start()..m.end();
            on_word_boundary(text, &range).then(|| (range, self.owners[m.pattern().as_usize()]))
        })
    }

    /// "did you mean" help for a wikilink target that resolves to nothing.
    pub fn suggest(&self, target: &str) -> Option<String> {
        crate::diag::did_you_mean(target, self.by_form.keys())
    }

    /// Resolves a wikilink target by slug, name or alias (exact, then case-insensitive, then slugified).
    pub fn resolve(&self, target: &str) -> Option<EntityId> {
        let t = target.trim();
        self.by_form
            .get(t)
            .or_else(|| self.by_lower.get(&t.to_lowercase()))
            .or_else(|| self.by_form.get(&crate::model::slugify(t)))
            .copied()
    }
}

/// Case variants for an alias that opted out of case sensitivity. Generating
/// them keeps one case-sensitive automaton with byte offsets intact.
fn case_variants(form: &str) -> Vec<String> {
    let lower = form.to_lowercase();
    let upper = form.to_uppercase();
    let title: String = lower
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut first_upper = lower.clone();
    if let Some(f) = lower.chars().next() {
        first_upper = f.to_uppercase().chain(lower.chars().skip(1)).collect();
    }
    let mut v = vec![lower, upper, title, first_upper];
    v.retain(|s| s != form);
    v.sort();
    v.dedup();
    v
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A match counts only when it does not continue a word on either side
/// (for patterns whose edge is itself a word character).
fn on_word_boundary(text: &str, r: &Range<usize>) -> bool {
    let first = text[r.clone()].chars().next();
    let last = text[r.clone()].chars().next_back();
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    let left_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let right_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    left_ok && right_ok
}

/// What scanning one article body found.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Mentions in body order.
    pub mentions: Vec<Mention>,
    /// Resolved wikilinks: body range of the link, entity.
    pub wikilinks: Vec<(Range<usize>, EntityId)>,
    /// Context snippet for the first mention of each entity.
    pub snippets: HashMap<EntityId, String>,
    /// Links, headings and footnotes, for link validation.
    pub links: super::validate::LinkCollector,
}

/// Finds mentions and wikilinks in a Markdown body. `span_at` turns body
/// ranges into file spans for broken-wikilink errors.
pub fn scan_body(
    body: &str,
    matcher: &Matcher,
    policy: LinkMentions,
    span_at: &dyn Fn(Range<usize>) -> Span,
    diags: &mut Diagnostics,
) -> Scan {
    scan_events(body, &Events::parse(body), matcher, policy, span_at, diags)
}

/// [`scan_body`] of a body already parsed into `events`.
pub fn scan_events(
    body: &str,
    events: &Events<'_>,
    matcher: &Matcher,
    policy: LinkMentions,
    span_at: &dyn Fn(Range<usize>) -> Span,
    diags: &mut Diagnostics,
) -> Scan {
    let mut scan = Scan::default();
    let mut linked_in_section: HashSet<EntityId> = HashSet::new();
    let mut blocked = 0usize; // depth inside headings, links, images, code blocks
    for (event, range) in pulldown_cmark::utils::TextMergeWithOffset::new(events.iter()) {
        scan.links.event(&event, &range);
        match event {
            Event::Start(Tag::Heading { .. }) => {
                linked_in_section.clear();
                blocked += 1;
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                blocked += 1;
                match matcher.resolve(&dest_url) {
                    Some(id) => {
                        scan.wikilinks.push((range.clone(), id));
                        scan.mentions.push(Mention {
                            entity: id,
                            range: range.clone(),
                            linked: true,
                        });
                        linked_in_section.insert(id);
                    }
                    None => {
                        let help = matcher.suggest(&dest_url).unwrap_or_else(|| {
                            "create the entity, or link to an existing name, alias or slug".into()
                        });
                        diags.push(
                            Diagnostic::error(
                                "broken-wikilink",
                                Some(span_at(range.clone())),
                                format!("wikilink [[{dest_url}]] names no entity"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_),
            ) => blocked += 1,
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::CodeBlock
                | TagEnd::MetadataBlock(_),
            ) => {
                blocked = blocked.saturating_sub(1);
            }
            Event::Text(text) if blocked == 0 => {
                // Only text that appears verbatim in the source can be mapped back
                // to body offsets (escapes and entities change lengths).
                if body.get(range.clone()) != Some(&*text) {
                    continue;
                }
                for (r, id) in matcher.find_in(&text) {
                    let abs = range.start + r.start..range.start + r.end;
                    let linked = match policy {
                        LinkMentions::All => true,
                        LinkMentions::None => false,
                        LinkMentions::First => linked_in_section.insert(id),
                    };
                    scan.snippets.entry(id).or_insert_with(|| snippet(body, abs.clone()));
                    scan.mentions.push(Mention { entity: id, range: abs, linked });
                }
            }
            _ => {}
        }
    }
    scan
}

/// The sentence around `hit` (body offsets) as plain text, trimmed to about
/// 200 characters. Sentences are the product's one splitter's
/// ([`crate::text::prose::sentences`]: decimals and line wraps end none),
/// taken within the paragraph of the hit.
pub fn snippet(body: &str, hit: Range<usize>) -> String {
    let (Some(before), Some(after)) = (body.get(..hit.start), body.get(hit.end..)) else {
        return String::new();
    };
    let para_start = before.rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = after.find("\n\n").map_or(body.len(), |i| hit.end + i);
    let sentence = crate::text::prose::Sentences::new(body, para_start..para_end)
        .find(|r| r.start <= hit.start && hit.start < r.end)
        .unwrap_or(para_start..para_end);
    let joined = crate::text::plain_text(body.get(sentence).unwrap_or_default(), usize::MAX / 8);
    if joined.chars().count() <= 220 {
        return joined;
    }
    // Keep the words around the hit.
    let hit_text = &body[hit];
    let pos = joined.find(hit_text).unwrap_or(0);
    let from = joined[..pos].char_indices().rev().nth(100).map_or(0, |(i, _)| i);
    let from = joined[from..].find(' ').map_or(from, |i| from + i + 1).min(pos);
    let tail: String = joined[from..].chars().take(200).collect();
    let tail = tail.rfind(' ').map_or(tail.as_str(), |i| &tail[..i]).to_string();
    format!("{}{}…", if from > 0 { "…" } else { "" }, tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::entity_for_test;
    use proptest::prelude::*;

    fn entities() -> Vec<Entity> {
        vec![
            entity_for_test("companies", "microsoft", "Microsoft", &[]),
            entity_for_test("companies", "openai", "OpenAI", &["OpenAI LP"]),
            entity_for_test("products", "azure", "Azure", &[]),
            entity_for_test("products", "azure-openai", "Azure OpenAI", &["Auzre OpenAI"]),
            entity_for_test("products", "chatgpt", "ChatGPT", &[]),
            entity_for_test("companies", "snap", "Snap", &[]),
        ]
    }

    fn scan(body: &str, policy: LinkMentions) -> (Scan, Diagnostics) {
        let mut d = Diagnostics::default();
        let m = Matcher::new(&entities(), &mut d);
        let s = scan_body(body, &m, policy, &|r| Span::new(crate::source::FileId(0), r), &mut d);
        (s, d)
    }

    fn names(body: &str, s: &Scan) -> Vec<String> {
        s.mentions.iter().map(|m| body[m.range.clone()].to_string()).collect()
    }

    #[test]
    fn longest_match_wins() {
        let body = "Azure OpenAI và Auzre OpenAI khác Azure và OpenAI.";
        let (s, _) = scan(body, LinkMentions::All);
        assert_eq!(names(body, &s), ["Azure OpenAI", "Auzre OpenAI", "Azure", "OpenAI"]);
        assert_eq!(s.mentions[0].entity, EntityId(3));
    }

    #[test]
    fn word_boundaries_are_unicode_aware() {
        let body = "Snapchat, ChatGPTs và Snapđ không phải Snap.";
        let (s, _) = scan(body, LinkMentions::All);
        assert_eq!(names(body, &s), ["Snap"]);
    }

    #[test]
    fn never_in_code_links_or_headings() {
        let body = "# OpenAI\n\n`OpenAI` [OpenAI](https://x) ![OpenAI](x.png)\n\n```\nOpenAI\n```\n\nOpenAI here.\n";
        let (s, _) = scan(body, LinkMentions::All);
        assert_eq!(s.mentions.len(), 1);
        assert_eq!(&body[s.mentions[0].range.clone()], "OpenAI");
        assert!(body[s.mentions[0].range.end..].starts_with(" here"));
    }

    #[test]
    fn first_policy_links_once_per_section() {
        let body = "OpenAI và OpenAI.\n\n## Phần hai\n\nOpenAI nữa.\n";
        let (s, _) = scan(body, LinkMentions::First);
        let linked: Vec<bool> = s.mentions.iter().map(|m| m.linked).collect();
        assert_eq!(linked, [true, false, true]);
        let (s, _) = scan(body, LinkMentions::None);
        assert!(s.mentions.iter().all(|m| !m.linked));
    }

    #[test]
    fn wikilinks_resolve_by_name_alias_or_slug() {
        let body = "[[Microsoft]], [[openai|phòng lab]], [[OpenAI LP]] và [[azure openai]].";
        let (s, d) = scan(body, LinkMentions::First);
        assert!(d.is_empty());
        let ids: Vec<u32> = s.wikilinks.iter().map(|(_, id)| id.0).collect();
        assert_eq!(ids, [0, 1, 1, 3]);
    }

    #[test]
    fn broken_wikilink_suggests() {
        let (_, d) = scan("See [[Microsft]].", LinkMentions::First);
        let diag = d.iter().next().unwrap();
        assert_eq!(diag.code, "broken-wikilink");
        assert_eq!(diag.help.as_deref(), Some("did you mean \"Microsoft\"?"));
    }

    #[test]
    fn ambiguous_alias_is_a_warning_and_links_nowhere() {
        let mut d = Diagnostics::default();
        let mut es = entities();
        es.push(entity_for_test("companies", "openai-2", "Open", &["OpenAI LP"]));
        let m = Matcher::new(&es, &mut d);
        let diag = d.iter().next().unwrap();
        assert_eq!((diag.code, diag.severity), ("duplicate-alias", crate::diag::Severity::Warning));
        let hits: Vec<_> = m.find_in("OpenAI LP").collect();
        assert_eq!(
            hits,
            [(0..6, EntityId(1))],
            "the ambiguous alias links nowhere; the name inside it still does"
        );
        assert_eq!(m.find_in("Open").count(), 1);
    }

    #[test]
    fn case_insensitive_alias_opt_out() {
        let mut e = entity_for_test("products", "gpt-4", "GPT-4", &[]);
        e.aliases.push(crate::model::Alias {
            text: "gpt4".into(),
            case_sensitive: false,
            span: Span::new(crate::source::FileId(0), 0..0),
        });
        let mut d = Diagnostics::default();
        let m = Matcher::new(&[e], &mut d);
        let hits: Vec<_> = m.find_in("GPT4 và Gpt4 và gpt4").collect();
        assert_eq!(hits.len(), 3);
    }

    #[test]
    fn snippet_is_the_sentence() {
        let text = "Câu một. OpenAI có doanh thu lớn! Câu ba.";
        let at = text.find("OpenAI").unwrap();
        assert_eq!(snippet(text, at..at + 6), "OpenAI có doanh thu lớn!");
    }

    /// Issue 15: decimals and line wraps end no sentence; Markdown is dropped.
    #[test]
    fn issue_15_snippets_survive_decimals_and_line_wraps() {
        let text = "Intro.\n\nAcme Robotics reported **$2.5 billion** in\nrevenue, up 4.5%. Next one.\n\nOther.";
        let at = text.find("Acme").unwrap();
        assert_eq!(
            snippet(text, at..at + 4),
            "Acme Robotics reported $2.5 billion in revenue, up 4.5%."
        );
    }

    proptest! {
        #[test]
        fn scanning_never_panics_and_spans_are_char_boundaries(body in "(\\PC|OpenAI|Azure OpenAI|\\[\\[|\\]\\]|`|#|\n){0,60}") {
            let (s, _) = scan(&body, LinkMentions::First);
            for m in &s.mentions {
                prop_assert!(body.is_char_boundary(m.range.start) && body.is_char_boundary(m.range.end));
                prop_assert!(m.range.start < m.range.end && m.range.end <= body.len());
            }
        }
    }
}
