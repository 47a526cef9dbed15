//! Conflicts and provenance redone for the claim keys an edit touched.
//!
//! Both group claims by (subject, metric, counterparty, period) and never
//! look across groups, so an article edit changes only the groups of the
//! keys its claims had or have. Recomputing every group (and formatting a
//! warning for every conflicting pair: 24,000 on the 10,000-article corpus)
//! cost most of an edit; here the other groups' pairs, warnings and reports
//! are kept (their claim indexes mapped through the splice table) and only
//! the touched groups are redone. The order stays what a full build gives:
//! pairs by key, then by index (`find_conflicts`).

use std::collections::{HashMap, HashSet};

use super::Kept;
use super::reindex::GONE;
use crate::analyze::conflicts::conflicts_among;
use crate::analyze::provenance::{group_reports, without_revisions};
use crate::analyze::report_conflicts;
use crate::diag::Diagnostics;
use crate::model::{Claim, ClaimId};
use crate::render::lists::ClaimKey;

/// The code of the warning `report_conflicts` gives each conflicting pair.
pub(super) const CODE: &str = "conflicting-claims";

/// What an edit changed about claims, for [`update`].
pub(super) struct Touched<'a> {
    /// Old claim index -> new one (`None`: indexes did not move).
    pub(super) table: Option<&'a [u32]>,
    /// The keys the edited article's claims had or have.
    pub(super) keys: &'a HashSet<ClaimKey>,
    /// The edited article's claims (new indexes).
    pub(super) own: &'a [ClaimId],
    /// The provenance group each key of the article's old claims had.
    pub(super) old_groups: &'a HashMap<ClaimKey, u32>,
}

/// Redoes the conflicts (pairs, warnings, lookups) and the provenance of
/// the claims under the touched keys, after the claims were patched and the
/// claim groups of the lookups regrouped (`reindex::regroup`).
pub(super) fn update(kept: &mut Kept, edit: &Touched<'_>) {
    let Touched { table, keys, own, old_groups } = *edit;
    let (m, look) = (&mut kept.model, &mut kept.look);
    let claims = &m.claims;
    let mut keys: Vec<&ClaimKey> = keys.iter().collect();
    keys.sort_by(|a, b| key_order(a).cmp(&key_order(b)));
    // Each touched key with its claims, in claim order.
    let groups: Vec<(&ClaimKey, Vec<ClaimId>)> = keys
        .into_iter()
        .map(|k| (k, look.claims_by_key.get(k).cloned().unwrap_or_default()))
        .collect();
    let mut touched = vec![false; claims.len()];
    for (_, members) in &groups {
        for &c in members {
            touched[c.0 as usize] = true;
        }
    }

    // Pairs of other groups stay in place (re-indexed), with their
    // warnings; each touched group's new block goes where its key sorts.
    let (pairs, diags) = (&mut m.conflicts, &mut kept.conflict_diags);
    if let Some(t) = table {
        let at = |c: &mut ClaimId| *c = ClaimId(t[c.0 as usize]);
        for (a, b) in pairs.iter_mut() {
            at(a);
            at(b);
        }
    }
    let stays = |&(a, b): &(ClaimId, ClaimId)| {
        a.0 != GONE && b.0 != GONE && !touched[a.0 as usize] && !touched[b.0 as usize]
    };
    let keep: Vec<bool> = pairs.iter().map(stays).collect();
    let mut n = 0;
    diags.retain(|_| {
        n += 1;
        keep[n - 1]
    });
    pairs.retain(stays);
    let mut fresh_pairs = Vec::new();
    for (k, members) in &groups {
        let mut found = Vec::new();
        conflicts_among(claims, members.iter().copied(), &mut found);
        let found = without_revisions(found, claims, &m.articles);
        let mut warnings = Diagnostics::default();
        report_conflicts(claims, &found, &m.articles, &m.entities, &mut warnings);
        let at = pairs.partition_point(|&(a, _)| claim_order(&claims[a.0 as usize]) < key_order(k));
        pairs.splice(at..at, found.iter().copied());
        diags.splice(at..at, warnings.extract(|_| true));
        fresh_pairs.extend(found);
    }
    if table.is_some() {
        look.set_conflicts(m);
    } else {
        // Indexes did not move: only the touched claims' conflicts change
        // (a pair never spans two groups), listed in pair order as
        // `set_conflicts` lists them.
        for (c, _) in touched.iter().enumerate().filter(|(_, t)| **t) {
            look.conflict_counts[c] = 0;
            look.conflicts_by_claim.remove(&ClaimId(c as u32));
        }
        for &(a, b) in &fresh_pairs {
            look.conflict_counts[a.0 as usize] += 1;
            look.conflict_counts[b.0 as usize] += 1;
            look.conflicts_by_claim.entry(a).or_default().push(b);
            look.conflicts_by_claim.entry(b).or_default().push(a);
        }
    }

    // Provenance: reports of other groups stay (re-indexed), touched groups
    // are redone, in the groups they had.
    let p = &mut look.provenance;
    if let Some(table) = table {
        let mut group_of = vec![u32::MAX; m.claims.len()];
        for (&g, &n) in p.group_of.iter().zip(table) {
            if n != GONE {
                group_of[n as usize] = g;
            }
        }
        p.group_of = group_of;
        for group in &mut p.groups {
            group.retain_mut(|r| {
                let n = table[r.claim.0 as usize];
                r.claim = ClaimId(n);
                n != GONE
            });
        }
    }
    // The edited article's claims may have kept their index but changed
    // key: they join whichever group their key has now.
    for &c in own {
        p.group_of[c.0 as usize] = u32::MAX;
    }
    for (k, now) in &groups {
        let g = now
            .iter()
            .map(|c| p.group_of[c.0 as usize])
            .find(|&g| g != u32::MAX)
            .or_else(|| old_groups.get(*k).copied());
        let g = match g {
            Some(g) => g,
            None if now.is_empty() => continue,
            None => {
                p.groups.push(Vec::new());
                (p.groups.len() - 1) as u32
            }
        };
        p.groups[g as usize] = group_reports(&m.claims, &m.articles, now);
        for &c in now {
            p.group_of[c.0 as usize] = g;
        }
    }
    debug_assert!(p.group_of.iter().all(|&g| g != u32::MAX), "every claim has a group");
    if cfg!(debug_assertions) && m.claims.len() < 5_000 {
        self_check(kept);
    }
}

/// Debug builds (tests) check the patched lookups against fresh ones.
fn self_check(kept: &Kept) {
    let m = &kept.model;
    let conflicts = without_revisions(
        crate::analyze::conflicts::find_conflicts(&m.claims),
        &m.claims,
        &m.articles,
    );
    assert_eq!(m.conflicts, conflicts, "patched conflicts");
    assert_eq!(kept.conflict_diags.len(), m.conflicts.len(), "one warning per pair");
    let (look, fresh) = (&kept.look, crate::render::Lookups::new(m));
    assert_eq!(look.claims_by_article, fresh.claims_by_article);
    assert_eq!(look.claims_by_subject, fresh.claims_by_subject);
    assert_eq!(look.claims_by_key, fresh.claims_by_key);
    assert_eq!(look.claims_by_counterparty, fresh.claims_by_counterparty);
    assert_eq!(look.conflict_counts, fresh.conflict_counts);
    assert_eq!(look.conflicts_by_claim, fresh.conflicts_by_claim);
    for c in 0..m.claims.len() {
        let c = ClaimId(c as u32);
        assert_eq!(look.provenance.of(c), fresh.provenance.of(c), "provenance of {c:?}");
    }
}

/// The order of conflict groups in `find_conflicts`: by key.
fn key_order(k: &ClaimKey) -> (u32, &str, Option<u32>, Option<&str>) {
    (k.0.0, k.1.as_str(), k.2.map(|e| e.0), k.3.as_deref())
}

/// The key order of a claim's group.
fn claim_order(c: &Claim) -> (u32, &str, Option<u32>, Option<&str>) {
    (c.subject.0, c.metric.as_str(), c.counterparty.map(|e| e.0), c.period.as_deref())
}
