//! Role inference: the subject, counterparty and source of a figure among the
//! sentence's mentions.
//!
//! Rules: the grammatical owner wins, else the nearest mention of the preferred kind
//! (companies, then products, then the rest), never a publication; a speaker only when
//! nobody else is named; money flowing between two parties makes the receiver the
//! subject and the giver the counterparty; the source is a publication after
//! "theo"/"according to" or before "cho biết"/"reported".

use super::Kind;
use super::sentence::{AUX, COMMON_ACRONYMS, SentMention, Sentence, trim_suffix};
use crate::figures::lexicon::{Hit, PERSON_METRICS, PRODUCT_METRICS, Role, TokKind};
use crate::model::EntityId;

impl Sentence {
    pub(super) fn rank(kind: Kind, metric: Option<&str>) -> u8 {
        let base = metric.map(|m| trim_suffix(m, "-target"));
        let products_first = base.is_some_and(|m| PRODUCT_METRICS.contains(&m));
        let people_first = base.is_some_and(|m| PERSON_METRICS.contains(&m));
        match kind {
            Kind::Person if people_first => 0,
            Kind::Product if products_first => 0,
            Kind::Company if products_first || people_first => 1,
            Kind::Company => 0,
            Kind::Product => 1,
            Kind::Person | Kind::Other => 2,
            Kind::Publication => u8::MAX,
        }
    }

    /// The best mention for a metric: preferred kind first, then nearest to `near`
    /// (token index) or first in the sentence.
    pub(super) fn preferred_mention(
        &self,
        near: Option<(usize, usize, Option<&str>)>,
    ) -> Option<&SentMention> {
        let metric = near.and_then(|n| n.2);
        self.mentions.iter().filter(|m| m.kind != Kind::Publication).min_by_key(|m| {
            let d = match near {
                Some((first, end, _)) => {
                    if m.end <= first {
                        first - m.end
                    } else {
                        m.first.saturating_sub(end)
                    }
                }
                None => m.first,
            };
            (self.is_speaker(m), self.demoted(m), Self::rank(m.kind, metric), d, m.first)
        })
    }

    /// "Amazon cho biết ...", "..., OpenAI said": the one who speaks is rarely the one
    /// the figure is about when the sentence names another.
    pub(super) fn is_speaker(&self, m: &SentMention) -> bool {
        self.hits.iter().any(|h| {
            h.roles.contains(&Role::SourceAfter) && h.first >= m.end && h.first - m.end <= 1
        })
    }

    /// A mention right after token `at` introduced by one of `words` (at most `gap`
    /// other tokens before the word).
    pub(super) fn mention_after(
        &self,
        at: usize,
        words: &[&str],
        gap: usize,
    ) -> Option<&SentMention> {
        (at..(at + gap + 1).min(self.toks.len())).find_map(|k| {
            if self.toks[k].is_any(words) {
                self.mentions.iter().find(|m| m.first == k + 1 && m.kind != Kind::Publication)
            } else {
                None
            }
        })
    }

    /// A mention that is the subject of the verb hit `h` (ends at most a few auxiliary
    /// words before it).
    pub(super) fn subject_of(&self, h: &Hit) -> Option<&SentMention> {
        self.subject_before(h.first)
    }

    /// The mention that is the subject of a verb at token `at`: right before it (a few
    /// auxiliaries apart), or before a relative clause or apposition that ends right
    /// before it ("Samsung, which first backed Lumen in 2022, invested ...").
    pub(super) fn subject_before(&self, at: usize) -> Option<&SentMention> {
        let aux_only = |from: usize, to: usize| (from..to).all(|k| self.toks[k].is_any(AUX));
        let direct = self.mentions.iter().rev().find(|m| {
            m.kind != Kind::Publication && m.end <= at && at - m.end <= 3 && aux_only(m.end, at)
        });
        if direct.is_some() {
            return direct;
        }
        // The comma closing the inserted clause, then only auxiliaries up to the verb.
        let close = (0..at).rev().take(4).find(|&k| self.toks[k].is_punct(&[',']))?;
        if !aux_only(close + 1, at) {
            return None;
        }
        self.mentions.iter().rev().find(|m| {
            m.kind != Kind::Publication
                && m.end < close
                && close - m.end <= 14
                && self.toks[m.end].is_punct(&[','])
                && (m.end + 1..close).all(|k| !self.toks[k].is_punct(&[',', ';']))
        })
    }

    /// Mentions that act in another relation of the sentence ("led by X", "từ X", "do X
    /// dẫn dắt", "with X"): seldom what a one-party figure is about.
    pub(super) fn demoted(&self, m: &SentMention) -> bool {
        const AGENT: &[&str] = &["by", "từ", "from", "do", "with", "than", "cho", "to", "at"];
        (m.first > 0 && self.toks[m.first - 1].is_any(AGENT))
            || (m.first > 1
                && self.toks[m.first - 2].is_any(&["do", "by"])
                && self.toks[m.first - 1].is_any(&["quỹ", "the"]))
    }

    /// "led by X", "do X dẫn dắt": the lead investor of a round.
    pub(super) fn round_leader(&self) -> Option<&SentMention> {
        self.mentions.iter().find(|m| {
            m.kind != Kind::Publication
                && m.first >= 2
                && ((self.toks[m.first - 1].is("by") && self.toks[m.first - 2].is("led"))
                    || (self.toks[m.first - 1].is("do")
                        && (m.end..(m.end + 8).min(self.toks.len()))
                            .any(|k| self.toks[k].is("dẫn"))))
        })
    }

    /// The possessive owner: "X's" a few tokens before token `at`.
    pub(super) fn possessive_before(&self, at: usize) -> Option<&SentMention> {
        self.mentions.iter().rev().find(|m| {
            m.kind != Kind::Publication
                && m.end + 2 <= at
                && at - m.end <= 5
                && self.toks[m.end].is_punct(&['\'', '’'])
                && self.toks.get(m.end + 1).is_some_and(|t| t.is("s"))
        })
    }

    /// Subject and counterparty of figure `i`.
    pub(super) fn parties(
        &self,
        i: usize,
        metric: Option<&str>,
        hit: Option<usize>,
        giver: Option<EntityId>,
    ) -> (Option<EntityId>, Option<EntityId>) {
        let f = &self.figures[i];
        let base = metric.map(|m| trim_suffix(m, "-target"));
        let near = Some((f.first, f.end, metric));
        let hit = hit.and_then(|k| self.hits.get(k));
        if let Some(flow @ ("investment" | "funding" | "acquisition")) = base {
            return self.flow_parties(i, flow, hit, metric, giver);
        }
        // "bán được 235 triệu chiếc iPhone": what is sold follows the figure.
        if base == Some("units-sold")
            && let Some(m) = self
                .mentions
                .iter()
                .find(|m| m.kind == Kind::Product && m.first >= f.end && m.first - f.end <= 2)
        {
            return (Some(m.entity), None);
        }
        // The owner: "doanh thu (năm 2022) của X", "X's revenue", "revenue of X", "X revenue".
        let owner = hit.and_then(|h| {
            let after_kw = self.mention_after(h.end, &["của", "of"], 4);
            let after_fig = self.mention_after(f.end, &["của", "of"], 1);
            let possessive = self.possessive_before(h.first);
            let adjunct = self.subject_of(h);
            after_kw.or(after_fig).or(possessive).or(adjunct)
        });
        let subject = owner.or_else(|| self.preferred_mention(near)).map(|m| m.entity);
        let counterparty = self
            .mention_after(f.end, &["từ", "from"], 2)
            .or_else(|| hit.and_then(|h| self.mention_after(h.end, &["từ", "from"], 0)))
            .map(|m| m.entity)
            .filter(|e| Some(*e) != subject);
        (subject, counterparty)
    }

    /// Money moving between two parties: the receiver is the subject, the giver the
    /// counterparty.
    pub(super) fn flow_parties(
        &self,
        i: usize,
        flow: &str,
        hit: Option<&Hit>,
        metric: Option<&str>,
        known_giver: Option<EntityId>,
    ) -> (Option<EntityId>, Option<EntityId>) {
        let f = &self.figures[i];
        let (start, end) = (self.scope_start(i), self.scope_end(i));
        // The end of the figure's list: "rót 3 tỷ USD và 1 tỷ USD vào C".
        let list_end =
            self.figures.iter().filter(|g| g.list == f.list).map(|g| g.end).max().unwrap_or(f.end);
        let in_scope = |m: &&SentMention| m.first >= start && m.first < end;
        let mut giver: Option<&SentMention> =
            known_giver.and_then(|g| self.mentions.iter().find(|m| m.entity == g));
        let mut receiver: Option<&SentMention> = None;
        // After the figure: "từ X"/"from X" gives, "vào X"/"in X"/"cho X" receives.
        for at in [f.end, list_end] {
            giver = giver.or(self.mention_after(at, &["từ", "from"], 2));
            receiver = receiver.or(self.mention_after(at, &["vào", "in", "into", "cho", "to"], 2));
        }
        // "khoản đầu tư (10 tỷ USD) của X": the investor; "vòng gọi vốn của X": the raiser.
        let of = hit
            .and_then(|h| self.mention_after(h.end, &["của", "by"], 1))
            .or_else(|| self.mention_after(f.end, &["của", "by"], 1));
        if let Some(m) = of {
            if flow == "investment" {
                giver = giver.or(Some(m));
            } else {
                receiver = receiver.or(Some(m));
            }
        }
        // "Y được X (, ...,) đầu tư thêm 25 triệu USD": X gives, Y receives.
        for h in self
            .hits
            .iter()
            .filter(|h| h.first >= start && h.first < end && h.roles.contains(&Role::Gives))
        {
            if let Some(k) =
                (h.first.saturating_sub(14)..h.first).rev().find(|&k| self.toks[k].is("được"))
                && let Some(m) =
                    self.mentions.iter().find(|m| m.first == k + 1 && m.kind != Kind::Publication)
            {
                giver = giver.or(Some(m));
                receiver = receiver.or(self.subject_before(k));
            }
        }
        if flow == "funding" {
            giver = giver.or(self.round_leader());
        }
        for h in self.hits.iter().filter(|h| h.first >= start && h.first < end) {
            if h.roles.contains(&Role::Gives) {
                giver = giver.or(self.subject_of(h));
                receiver = receiver.or(self.mention_after(h.end, &["vào", "in", "into", "cho"], 3));
            }
            if h.roles.contains(&Role::Gets) {
                receiver = receiver.or(self.subject_of(h));
                giver = giver.or(self.mention_after(h.end, &["từ", "from"], 3));
            }
            if h.roles.contains(&Role::Buys) {
                giver = giver.or(self.subject_of(h));
                receiver = receiver.or(self
                    .mentions
                    .iter()
                    .find(|m| m.first == h.end && m.kind != Kind::Publication));
            }
        }
        if let Some(h) = hit
            && let Some(m) = self.possessive_before(h.first)
        {
            if flow == "investment" {
                giver = giver.or(Some(m));
            } else {
                receiver = receiver.or(Some(m));
            }
        }
        let giver_id = giver.map(|m| m.entity);
        if receiver.is_none() && self.unknown_receiver(i) {
            // The money goes to someone the registry does not know: no subject, and
            // whoever acts in the sentence is the giver.
            let actor = giver_id.or_else(|| {
                self.mentions
                    .iter()
                    .filter(in_scope)
                    .filter(|m| m.kind != Kind::Publication)
                    .min_by_key(|m| Self::rank(m.kind, metric))
                    .map(|m| m.entity)
            });
            return (None, actor);
        }
        // "put $100 million into the round": the receiver is the one the text is about.
        let unnamed = receiver.is_none()
            && (f.end..(f.end + 2).min(self.toks.len())).any(|k| {
                self.toks[k].is_any(&["into", "in", "vào"])
                    && self.toks.get(k + 1).is_some_and(|t| t.is_any(&["the", "a", "vòng", "this"]))
            });
        if unnamed {
            return (None, giver_id);
        }
        let subject = receiver
            .map(|m| m.entity)
            .filter(|e| Some(*e) != giver_id)
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(in_scope)
                    .filter(|m| m.kind != Kind::Publication && Some(m.entity) != giver_id)
                    .min_by_key(|m| {
                        let d = if m.end <= f.first {
                            f.first - m.end
                        } else {
                            m.first.saturating_sub(f.end)
                        };
                        (Self::rank(m.kind, metric), d)
                    })
                    .map(|m| m.entity)
            })
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(|m| m.kind != Kind::Publication && Some(m.entity) != giver_id)
                    .min_by_key(|m| Self::rank(m.kind, metric))
                    .map(|m| m.entity)
            });
        // No receiver named: the caller may find one in the paragraph, else the
        // giver stands as the subject.
        let counterparty = giver_id.filter(|g| Some(*g) != subject);
        (subject, counterparty)
    }

    /// "invest $4 billion in Anthropic", "rót 4 tỷ USD vào Anthropic": a receiver is
    /// named right after the figure (or its list) but is no entity of the registry.
    pub(super) fn unknown_receiver(&self, i: usize) -> bool {
        let f = &self.figures[i];
        let list_end =
            self.figures.iter().filter(|g| g.list == f.list).map(|g| g.end).max().unwrap_or(f.end);
        let known = |k: usize| self.mentions.iter().any(|m| m.first <= k && k < m.end);
        let timed = |k: usize| self.times.iter().any(|t| t.first <= k && k < t.end);
        [f.end, list_end].into_iter().any(|at| {
            (at..(at + 3).min(self.toks.len())).any(|k| {
                self.toks[k].is_any(&["vào", "in", "into", "cho"])
                    && self.toks.get(k + 1).is_some_and(|n| {
                        n.kind == TokKind::Word
                            && n.capital
                            && !known(k + 1)
                            && !timed(k + 1)
                            && !n.is_any(COMMON_ACRONYMS)
                    })
            })
        })
    }

    /// The publication the sentence cites.
    pub(super) fn source(&self) -> Option<EntityId> {
        let pubs: Vec<&SentMention> =
            self.mentions.iter().filter(|m| m.kind == Kind::Publication).collect();
        let cued = pubs.iter().find(|m| {
            self.hits.iter().any(|h| {
                (h.roles.contains(&Role::SourceBefore) && h.end <= m.first && m.first - h.end <= 6)
                    || (h.roles.contains(&Role::SourceAfter)
                        && h.first >= m.end
                        && h.first - m.end <= 2)
            })
        });
        match (cued, pubs.as_slice()) {
            (Some(m), _) => Some(m.entity),
            (None, [only]) => Some(only.entity),
            (None, all) => {
                let first = all.first()?.entity;
                all.iter().all(|m| m.entity == first).then_some(first)
            }
        }
    }

    /// Holder and company of a stake figure `i` (PRODUCT.md §5: the subject holds a stake
    /// in the counterparty): "Sakura nắm 22% cổ phần của Tiền Nhanh", "sell 60% of its
    /// fibre unit, Tessera Fibre, to Orbis", "Northstar now owns about 18% of the company".
    pub(super) fn stake_parties(&self, i: usize) -> (Option<EntityId>, Option<EntityId>, bool) {
        let f = &self.figures[i];
        let near_after = |m: &&SentMention| m.first >= f.end && m.first <= f.end + 7;
        let buyer = self.mentions.iter().find(|m| {
            m.kind != Kind::Publication
                && m.first > f.end
                && m.first <= f.end + 12
                && self.toks[m.first - 1].is_any(&["to", "cho"])
                || (m.first >= 2
                    && m.first > f.end
                    && self.toks[m.first - 1].is("partners")
                    && self.toks[m.first - 2].is_any(&["cho", "to"]))
        });
        let buyer = buyer.or_else(|| {
            self.mentions.iter().find(|m| {
                m.kind != Kind::Publication
                    && m.first > f.end
                    && m.first <= f.end + 12
                    && m.first >= 2
                    && self.toks[m.first - 2].is_any(&["cho", "to"])
            })
        });
        let company = self
            .mentions
            .iter()
            .filter(near_after)
            .find(|m| m.kind != Kind::Publication && Some(m.entity) != buyer.map(|b| b.entity));
        // "of the company", "tại công ty con này": the company named before.
        let anaphoric = company.is_none()
            && (f.end..(f.end + 6).min(self.toks.len()))
                .any(|k| self.toks[k].is_any(&["company", "công", "group", "firm"]));
        let holder = buyer
            .or_else(|| {
                self.hits
                    .iter()
                    .filter(|h| h.end <= f.first && f.first - h.end <= 6)
                    .find_map(|h| self.subject_of(h))
            })
            .or_else(|| {
                // "ahead of Samsung with 9%".
                self.mentions.iter().find(|m| {
                    m.end < f.first
                        && f.first - m.end <= 2
                        && self.toks[m.end].is_any(&["with", "với"])
                })
            })
            .or_else(|| self.subject_before(f.first))
            .or_else(|| {
                self.mentions.iter().find(|m| {
                    m.kind != Kind::Publication && Some(m.entity) != company.map(|c| c.entity)
                })
            });
        (holder.map(|m| m.entity), company.map(|m| m.entity), anaphoric)
    }
}
