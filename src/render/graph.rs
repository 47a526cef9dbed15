//! The relation graph of an entity page: an inline SVG ego-graph (the entity
//! in the middle, its relations, products, maker and people one hop away),
//! laid out at build time on a circle, each node a link.
//!
//! Invariant: pure and deterministic. Neighbours are placed in the order they
//! are given (the page's relation groups, in declaration order), so the same
//! model gives the same bytes; no JavaScript. The relation list next to the
//! graph on the page is its text equivalent.

use std::fmt::Write as _;

use super::view::RelationGroup;

/// Most neighbours drawn; the text list has them all.
pub(super) const MAX_NODES: usize = 16;

/// Side of the square view box; the SVG scales to its container.
const SIZE: f64 = 440.0;
/// Distance of the neighbours from the centre.
const RADIUS: f64 = 150.0;
/// Longest label drawn, in characters (the full name is in the node's title).
const LABEL_CHARS: usize = 14;

/// One neighbour of the graph.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    /// Display name.
    pub name: String,
    /// Link, already relative to the page.
    pub href: String,
    /// Kind folder, for the node's class.
    pub kind: String,
    /// How it relates to the centre ("invests in").
    pub relation: String,
}

/// Everything the graph shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ego {
    /// The centre's name.
    pub name: String,
    /// The centre's kind folder.
    pub kind: String,
    /// Accessible title ("Relations of Microsoft").
    pub title: String,
    /// Neighbours in drawing order.
    pub nodes: Vec<Node>,
}

/// The neighbours of a page's relation groups, once each (first group wins).
pub(super) fn nodes_of(groups: &[RelationGroup], root: &str) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    for g in groups {
        for item in &g.items {
            let href = format!("{root}{}", item.entity.url);
            if !out.iter().any(|n| n.href == href) {
                out.push(Node {
                    name: item.entity.name.to_string(),
                    href,
                    kind: item.entity.kind.to_string(),
                    relation: g.label.clone(),
                });
            }
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn short(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        s.to_string()
    } else {
        let cut: String = s.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Renders the graph; `None` without neighbours.
pub(super) fn ego_svg(ego: &Ego) -> Option<String> {
    if ego.nodes.is_empty() {
        return None;
    }
    let shown = &ego.nodes[..ego.nodes.len().min(MAX_NODES)];
    let c = SIZE / 2.0;
    let n = shown.len() as f64;
    let pos: Vec<(f64, f64, f64)> = (0..shown.len())
        .map(|i| {
            // Start at the top, clockwise.
            let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
            (c + RADIUS * a.cos(), c + RADIUS * a.sin(), a.sin())
        })
        .collect();
    let mut desc = format!("{}:", ego.name);
    for (i, node) in ego.nodes.iter().enumerate() {
        let _ = write!(desc, "{} {} ({})", if i == 0 { "" } else { ";" }, node.name, node.relation);
    }
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="graph" viewBox="0 0 {SIZE} {SIZE}" xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>"#,
        esc(&ego.title),
        esc(&desc)
    );
    s.push_str(r#"<g class="edges">"#);
    for &(x, y, _) in &pos {
        let _ = write!(s, r#"<line x1="{c:.1}" y1="{c:.1}" x2="{x:.1}" y2="{y:.1}"/>"#);
    }
    s.push_str("</g>");
    for (node, &(x, y, sin)) in shown.iter().zip(&pos) {
        // Labels go below the lower half's nodes and above the upper half's,
        // away from the centre.
        let (name_y, rel_y) = if sin < -0.2 { (y - 34.0, y - 17.0) } else { (y + 32.0, y + 49.0) };
        let _ = write!(
            s,
            r#"<a href="{}" class="node kind-{}"><title>{} ({})</title><circle cx="{x:.1}" cy="{y:.1}" r="12"/><text x="{x:.1}" y="{name_y:.1}" text-anchor="middle" class="name">{}</text><text x="{x:.1}" y="{rel_y:.1}" text-anchor="middle" class="rel">{}</text></a>"#,
            esc(&node.href),
            esc(&node.kind),
            esc(&node.name),
            esc(&node.relation),
            esc(&short(&node.name)),
            esc(&short(&node.relation)),
        );
    }
    let _ = write!(
        s,
        r#"<g class="center kind-{}"><circle cx="{c:.1}" cy="{c:.1}" r="22"/><text x="{c:.1}" y="{:.1}" text-anchor="middle" class="name">{}</text></g></svg>"#,
        esc(&ego.kind),
        c + 42.0,
        esc(&short(&ego.name)),
    );
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ego(n: usize) -> Ego {
        Ego {
            name: "Microsoft".into(),
            kind: "companies".into(),
            title: "Relations of Microsoft".into(),
            nodes: (0..n)
                .map(|i| Node {
                    name: format!("Entity <{i}> with a very long name"),
                    href: format!("../companies/e{i}.html"),
                    kind: "companies".into(),
                    relation: "invests in".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn no_neighbours_no_graph() {
        assert_eq!(ego_svg(&ego(0)), None);
    }

    #[test]
    fn every_node_is_an_escaped_link_and_layout_is_stable() {
        let svg = ego_svg(&ego(3)).unwrap();
        assert_eq!(svg.matches("<a href=").count(), 3);
        assert!(svg.contains("&lt;0&gt;") && !svg.contains("<0>"));
        assert_eq!(svg, ego_svg(&ego(3)).unwrap());
        // The first node sits straight above the centre.
        assert!(svg.contains(r#"<circle cx="220.0" cy="70.0" r="12"/>"#), "{svg}");
    }

    #[test]
    fn many_neighbours_are_capped_but_described() {
        let svg = ego_svg(&ego(MAX_NODES + 4)).unwrap();
        assert_eq!(svg.matches("<a href=").count(), MAX_NODES);
        assert!(svg.contains(&format!("Entity &lt;{}&gt;", MAX_NODES + 3)));
    }
}
