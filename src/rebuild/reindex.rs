//! One article's claims replaced in the kept model and its lookups.
//!
//! The model keeps claims in a vector sorted by id and indexed by
//! `ClaimId`, so an article that gains or loses a claim shifts the index of
//! every claim sorting after it. Rather than re-assembling the model, the
//! vector is spliced in one pass that also yields the table from old to new
//! indexes, and the claim groups of the lookups are mapped through it
//! (linear in the number of claims: about a millisecond at 50,000).
//! Ids themselves (strings, which units and URLs use) never change.

use crate::model::{ArticleId, Claim, ClaimId, EntityId};
use crate::render::Lookups;
use crate::render::lists::{ClaimKey, claim_key, subject_groups};

/// In an index table: the claim was one of those replaced.
pub(super) const GONE: u32 = u32::MAX;

/// Replaces the claims at `old` (the edited article's, ascending) by `new`
/// (sorted by id, and no id used by any other claim), keeping `claims`
/// sorted by id. Returns the table old index -> new index ([`GONE`] for the
/// replaced claims) and the new indexes of `new`, in order.
pub(super) fn splice(
    claims: &mut Vec<Claim>,
    old: &[ClaimId],
    new: Vec<Claim>,
) -> (Vec<u32>, Vec<ClaimId>) {
    let before = std::mem::take(claims);
    let mut table = vec![GONE; before.len()];
    let mut out = Vec::with_capacity(before.len() - old.len() + new.len());
    let mut added = Vec::with_capacity(new.len());
    let mut new = new.into_iter().peekable();
    let mut replaced = old.iter().peekable();
    for (i, c) in before.into_iter().enumerate() {
        if replaced.next_if(|o| o.0 as usize == i).is_some() {
            continue;
        }
        while let Some(n) = new.next_if(|n| n.id < c.id) {
            added.push(ClaimId(out.len() as u32));
            out.push(n);
        }
        table[i] = out.len() as u32;
        out.push(c);
    }
    for n in new {
        added.push(ClaimId(out.len() as u32));
        out.push(n);
    }
    *claims = out;
    (table, added)
}

/// The groups of `Lookups` a claim is listed in.
pub(super) struct Places {
    article: ArticleId,
    subjects: Vec<EntityId>,
    /// Its counterparty, when not its subject (`claims_by_counterparty`).
    party: Option<EntityId>,
    pub(super) key: ClaimKey,
}

impl Places {
    pub(super) fn of(c: &Claim) -> Places {
        Places {
            article: c.article,
            subjects: subject_groups(c).collect(),
            party: party(c),
            key: claim_key(c),
        }
    }
}

/// The entity whose timeline lists a claim as its counterparty's (as
/// `Lookups::set_counterparties` indexes them).
fn party(c: &Claim) -> Option<EntityId> {
    c.counterparty.filter(|&p| p != c.subject)
}

/// Brings the claim groups (by article, subject, key and counterparty) and
/// the per-claim vectors of `look` in line with the spliced claims: `old`
/// (the replaced claims, with their places) leave their groups, every other
/// id is mapped through `table` (`None`: indexes did not move), and `new`
/// (new indexes, ascending, of the claims now in `claims`) join theirs.
/// Conflicts and provenance are the caller's (`conflicts.rs`).
pub(super) fn regroup(
    look: &mut Lookups,
    claims: &[Claim],
    old: &[(ClaimId, Places)],
    table: Option<&[u32]>,
    new: &[ClaimId],
) {
    for (id, p) in old {
        take_out(&mut look.claims_by_article, &p.article, *id);
        for e in &p.subjects {
            take_out(&mut look.claims_by_subject, e, *id);
        }
        take_out(&mut look.claims_by_key, &p.key, *id);
        if let Some(e) = &p.party {
            take_out(&mut look.claims_by_counterparty, e, *id);
        }
    }
    if let Some(table) = table {
        let map = |ids: &mut Vec<ClaimId>| {
            for c in ids.iter_mut() {
                debug_assert_ne!(table[c.0 as usize], GONE, "replaced claims left their groups");
                *c = ClaimId(table[c.0 as usize]);
            }
        };
        look.claims_by_article.values_mut().for_each(map);
        look.claims_by_subject.values_mut().for_each(map);
        look.claims_by_key.values_mut().for_each(map);
        look.claims_by_counterparty.values_mut().for_each(map);
        // New claims get placeholders; the caller computes theirs.
        if let Some(hashes) = look.claim_hashes.get_mut() {
            *hashes = moved(hashes, table, claims.len());
        }
        look.conflict_counts = moved(&look.conflict_counts, table, claims.len());
    }
    for &id in new {
        let c = &claims[id.0 as usize];
        put_in(look.claims_by_article.entry(c.article).or_default(), id);
        for e in subject_groups(c) {
            put_in(look.claims_by_subject.entry(e).or_default(), id);
        }
        put_in(look.claims_by_key.entry(claim_key(c)).or_default(), id);
        if let Some(e) = party(c) {
            put_in(look.claims_by_counterparty.entry(e).or_default(), id);
        }
    }
}

/// A per-claim vector mapped through `table` into one of `len` claims.
fn moved<T: Copy + Default>(v: &[T], table: &[u32], len: usize) -> Vec<T> {
    let mut out = vec![T::default(); len];
    for (&x, &n) in v.iter().zip(table) {
        if n != GONE {
            out[n as usize] = x;
        }
    }
    out
}

/// Removes `id` from the group at `key`, and the group when it empties.
fn take_out<K: std::hash::Hash + Eq + Clone>(
    groups: &mut std::collections::HashMap<K, Vec<ClaimId>>,
    key: &K,
    id: ClaimId,
) {
    if let Some(ids) = groups.get_mut(key) {
        ids.retain(|&c| c != id);
        if ids.is_empty() {
            groups.remove(key);
        }
    }
}

/// Inserts `id` into a group kept in claim order.
fn put_in(ids: &mut Vec<ClaimId>, id: ClaimId) {
    if let Err(at) = ids.binary_search(&id) {
        ids.insert(at, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Slug};

    fn claim(id: &str, article: u32) -> Claim {
        Claim {
            id: Slug::new(id).expect("a slug"),
            origin: Origin::Extracted,
            subject: EntityId(0),
            metric: "revenue".into(),
            metric_detail: None,
            amount: None,
            value_text: String::new(),
            qualifier: "exact".into(),
            period: None,
            counterparty: None,
            according_to: None,
            article: ArticleId(article),
            quote: None,
            quote_range: None,
        }
    }

    fn article(day: u32) -> crate::model::Article {
        crate::model::Article {
            slug: Slug::new(&format!("a{day}")).expect("a slug"),
            title: String::new(),
            date: chrono::NaiveDate::from_ymd_opt(2023, 1, day).expect("a date"),
            summary: None,
            language: crate::i18n::Lang::En,
            authors: Vec::new(),
            tags: Vec::new(),
            source: None,
            claims: Vec::new(),
            body: "".into(),
            body_offset: 0,
            file: crate::source::FileId(0),
            hash: 0,
        }
    }

    /// A claim of `article` about `subject` (with `counterparty`), keyed by `metric`.
    fn about(id: &str, article: u32, subject: u32, party: Option<u32>, metric: &str) -> Claim {
        Claim {
            subject: EntityId(subject),
            counterparty: party.map(EntityId),
            metric: metric.into(),
            period: Some("2022".into()),
            ..claim(id, article)
        }
    }

    fn sorted(mut claims: Vec<Claim>) -> Vec<Claim> {
        claims.sort_by(|a, b| a.id.cmp(&b.id));
        claims
    }

    /// Splicing and regrouping gives the lookups a fresh build of the new
    /// model has: claims added, removed, and kept with a new subject, party
    /// or key, while other articles' claims move.
    #[test]
    fn regrouped_lookups_equal_fresh_ones() {
        let others = vec![
            about("a", 0, 0, None, "revenue"),
            about("d", 2, 1, Some(0), "investment"),
            about("f", 0, 0, None, "revenue"),
            about("h", 2, 2, None, "users"),
        ];
        let before = sorted(
            [
                others.clone(),
                vec![
                    about("c", 1, 0, None, "revenue"),
                    about("e", 1, 1, Some(2), "investment"),
                    about("g", 1, 2, None, "users"),
                ],
            ]
            .concat(),
        );
        let after = vec![
            about("b", 1, 2, Some(1), "investment"),
            about("e", 1, 1, None, "revenue"),
            about("i", 1, 0, None, "revenue"),
        ];
        let model = |claims: Vec<Claim>| crate::model::Model {
            articles: vec![article(1), article(2), article(3)],
            claims,
            ..Default::default()
        };
        let mut m = model(before);
        let mut look = Lookups::new(&m);
        let fresh = Lookups::new(&model(sorted([others, after.clone()].concat())));
        let old_ids = look.claims_by_article[&ArticleId(1)].clone();
        let old: Vec<(ClaimId, Places)> =
            old_ids.iter().map(|&c| (c, Places::of(m.claim(c)))).collect();
        let (table, new_ids) = splice(&mut m.claims, &old_ids, after);
        regroup(&mut look, &m.claims, &old, Some(&table), &new_ids);
        let ids = |claims: &[Claim]| claims.iter().map(|c| c.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&m.claims), ["a", "b", "d", "e", "f", "h", "i"]);
        assert_eq!(look.claims_by_article, fresh.claims_by_article);
        assert_eq!(look.claims_by_subject, fresh.claims_by_subject);
        assert_eq!(look.claims_by_key, fresh.claims_by_key);
        assert_eq!(look.claims_by_counterparty, fresh.claims_by_counterparty);
        assert_eq!(look.conflict_counts.len(), m.claims.len());
    }

    #[test]
    fn splicing_keeps_claims_sorted_and_maps_every_kept_index() {
        let mut claims: Vec<Claim> = ["a", "c", "e", "g"]
            .iter()
            .enumerate()
            .map(|(i, id)| claim(id, i as u32 % 2))
            .collect();
        // Article 1 had "c" and "g"; now it has "b", "c" and "h".
        let new = vec![claim("b", 1), claim("c", 1), claim("h", 1)];
        let (table, added) = splice(&mut claims, &[ClaimId(1), ClaimId(3)], new);
        let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "e", "h"]);
        assert_eq!(table, [0, GONE, 3, GONE]);
        assert_eq!(added, [ClaimId(1), ClaimId(2), ClaimId(4)]);
    }
}
