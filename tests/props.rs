//! Property: the whole pipeline (load, analyse, render, write) never panics
//! on a random small site, and a site that builds has no broken internal
//! links — what `check` accepts, the output honours.

use proptest::prelude::*;

use crate::harness::{SiteTest, broken_links};

/// Markdown pieces: mostly valid (mentions, figures, links to pages that
/// exist in every generated site), sometimes broken, sometimes random text.
fn fragment() -> impl Strategy<Value = String> {
    let valid = prop::sample::select(vec![
        "Acme made $2 billion in 2023.",
        "Globex lỗ hơn 500 triệu USD năm ngoái.",
        "[[Acme]] and [[globex|the rival]].",
        "[x](/articles/a0.html) [y](@/articles/a0.md)",
        "## History\n\nSee [z](#history).",
        "[w](../articles/) [t](https://example.org) [e](mailto:a@b.org)",
        "## History",
        "# Trí Tuệ & Acme",
        "```\nAcme $5 billion in code [x](nowhere.md)\n```",
        "> Umbrella said **Acme Corp** grew 100x",
        "| a | b |\n|---|---|\n| Acme | $1 |",
        "Footnote[^1].\n\n[^1]: A note about Globex.",
        "<div>raw Acme</div>",
        "Acme: [**bold** link](../tags/index.html#main)",
    ]);
    let risky = prop::sample::select(vec![
        "[[Nobody]]",
        "[x](../companies/acme.md) [y](../products/globex.md#history)",
        "[v](a1.md#claim-acme-revenue-2023) [s](../companies/acme)",
        "[u](../../../x.md) [r](/nowhere.html)",
    ]);
    prop_oneof![
        40 => valid.prop_map(str::to_string),
        1 => risky.prop_map(str::to_string),
        4 => "\\PC{0,40}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..8).prop_map(|v| v.join("\n\n"))
}

fn claim() -> impl Strategy<Value = String> {
    (
        prop_oneof![20 => Just("acme"), 10 => Just("globex"), 1 => Just("nobody")],
        prop::sample::select(&["revenue", "net-loss", "investment"][..]),
        prop::sample::select(&["$2 billion", "35 triệu USD", "hơn 500 triệu USD", "100"][..]),
        prop::sample::select(&["2023", "2023-Q1", "2022", "2024-02"][..]),
        prop_oneof![
            10 => Just("Acme made $2 billion in 2023"),
            10 => Just(""),
            1 => Just("not in the body"),
        ],
        prop::bool::weighted(0.1),
    )
        .prop_map(|(subject, metric, value, period, quote, with_id)| {
            let id = if with_id { "id = \"acme-revenue-2023\"\n" } else { "" };
            let quote = if quote.is_empty() { String::new() } else { format!("quote = \"{quote}\"\n") };
            format!(
                "\n[[claims]]\n{id}subject = \"{subject}\"\nmetric = \"{metric}\"\nvalue = \"{value}\"\nperiod = \"{period}\"\n{quote}"
            )
        })
}

/// Acme and Globex always exist (as companies), plus some of the others.
fn entities() -> impl Strategy<Value = Vec<(String, String)>> {
    let others = prop::sample::subsequence(&["Trí Tuệ", "Umbrella", "Acme Corp"][..], 0..3);
    let one = |name: &str, kind: &str, target: Option<&str>, body: String| {
        let slug = factbook::model::slugify(name);
        let relation = target
            .map(|t| format!("relations = [{{ type = \"invests-in\", target = \"{t}\" }}]\n"))
            .unwrap_or_default();
        (
            format!("content/{kind}/{slug}.md"),
            format!("+++\nname = \"{name}\"\naliases = [\"{name} Inc\"]\n{relation}+++\n{body}\n"),
        )
    };
    (
        others,
        prop::collection::vec(prop::sample::select(&["products", "people", "publications"][..]), 3),
        prop::collection::vec(
            prop_oneof![
                10 => Just(None),
                5 => Just(Some("acme")),
                5 => Just(Some("globex")),
                1 => Just(Some("nobody")),
            ],
            5,
        ),
        prop::collection::vec(body(), 5),
    )
        .prop_map(move |(others, kinds, targets, bodies)| {
            let mut out = vec![
                one("Acme", "companies", targets[0].filter(|t| *t != "acme"), bodies[0].clone()),
                one(
                    "Globex",
                    "companies",
                    targets[1].filter(|t| *t != "globex"),
                    bodies[1].clone(),
                ),
            ];
            for (i, name) in others.iter().enumerate() {
                out.push(one(name, kinds[i], targets[i + 2], bodies[i + 2].clone()));
            }
            out
        })
}

fn article(draft: bool) -> impl Strategy<Value = String> {
    (prop::collection::vec(claim(), 0..3), body()).prop_map(move |(claims, body)| {
        format!(
            "+++\ntitle = \"A\"\ndate = 2024-01-31\ntags = [\"x\"]\ndraft = {draft}\n{}+++\nAcme made $2 billion in 2023.\n\n{body}\n",
            claims.concat()
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_small_sites_never_panic_and_clean_builds_have_no_broken_links(
        entities in entities(),
        first in article(false),
        more in prop::collection::vec(prop_oneof![4 => article(false), 1 => article(true)], 0..3),
    ) {
        let t = SiteTest::from_files(&[("book.toml", "[book]\ntitle = \"P\"\n")]);
        for (path, text) in &entities {
            t.write(path, text);
        }
        for (i, text) in std::iter::once(&first).chain(&more).enumerate() {
            t.write(&format!("content/articles/a{i}.md"), text);
        }
        let o = t.build();
        let errors = o.site.diagnostics.has_errors();
        prop_assert_eq!(o.written, !errors);
        if o.written {
            prop_assert_eq!(broken_links(&t.out(), "/"), Vec::<String>::new());
        }
    }
}
