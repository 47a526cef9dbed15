//! `factbook init`: a new site skeleton with one example of each kind.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

const FILES: &[(&str, &str)] = &[
    (
        "book.toml",
        "[book]\ntitle = \"My knowledge base\"\ndescription = \"Companies, products and the figures behind them.\"\nauthors = []\nlanguage = \"en\"\n\n[output.html]\n# The address the site is published at. Canonical links, sitemap.xml and the\n# feed's ids need it; without it they are left out or written relatively.\n# site-url = \"https://me.github.io/my-repo/\"\n\n[kb]\n# true publishes the figures factbook finds in article text as unreviewed\n# claims (marked \"extracted\", kept out of search engines); false keeps\n# only the [[claims]] you write. `factbook check` lists the figures either way.\nauto-claims = false\nlink-mentions = \"first\"\n",
    ),
    (
        "content/articles/example-funding.md",
        "+++\ntitle = \"Example Co raises money for Widget\"\ndate = 2024-01-15\nsummary = \"An example article: mentions become links, figures become claims.\"\ntags = [\"example\"]\nsource = { name = \"Example Times\", url = \"https://example.org/news\", published = 2024-01-14 }\n\n[[claims]]\nsubject = \"example-co\"\nmetric = \"funding\"\nvalue = \"$20 million\"\nperiod = \"2024\"\naccording-to = \"example-times\"\nquote = \"Example Co raised $20 million\"\n+++\nExample Co raised $20 million this month, according to the Example Times.\nJane Doe said the money goes into Widget. See also [[Example Co]].\n",
    ),
    (
        "content/companies/example-co.md",
        "+++\nname = \"Example Co\"\naliases = [\"ExampleCo\"]\nwebsite = \"https://example.org\"\nfounded = 2020\n+++\nA company that exists to be an example.\n",
    ),
    (
        "content/products/widget.md",
        "+++\nname = \"Widget\"\nmaker = \"example-co\"\n+++\nExample Co's main product.\n",
    ),
    (
        "content/people/jane-doe.md",
        "+++\nname = \"Jane Doe\"\naffiliation = \"example-co\"\nrole = \"Chief executive\"\n+++\nFounder of Example Co.\n",
    ),
    (
        "content/publications/example-times.md",
        "+++\nname = \"Example Times\"\nwebsite = \"https://example.org/news\"\n+++\nA newspaper.\n",
    ),
    (".gitignore", "/book\n"),
];

/// Writes the skeleton; refuses to touch a folder that already has a book.toml.
pub(super) fn init(dir: &Path) -> Result<ExitCode> {
    if dir.join("book.toml").exists() {
        bail!("{} already holds a site (book.toml exists)", dir.display());
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    println!(
        "created a new site in {}; run `factbook serve {}` or `factbook build {}`",
        dir.display(),
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
