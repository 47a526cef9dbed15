//! Walks `content/` and reads every Markdown file, classified by folder.

use std::path::PathBuf;

use anyhow::Result;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};

/// What a content file is, by where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FileRole {
    /// Under `content/articles/`.
    Article,
    /// Under `content/<kind>/`.
    Entity(String),
}

/// A content file's bytes and identity.
#[derive(Debug)]
pub(super) struct ContentFile {
    /// Absolute path.
    pub abs_path: PathBuf,
    /// Path relative to the site root, `/`-separated.
    pub rel_path: String,
    /// File name without `.md`.
    pub stem: String,
    /// Article or entity of a kind.
    pub role: FileRole,
    /// Raw bytes (decoded later, so non-UTF-8 files are reported, not fatal).
    pub bytes: Vec<u8>,
}

/// Every Markdown file under the content folder, sorted by relative path.
/// Hidden files, editor temp files and the build dir are skipped.
pub(super) fn walk_content(config: &Config, diags: &mut Diagnostics) -> Result<Vec<ContentFile>> {
    let content = &config.content_dir;
    if !content.is_dir() {
        anyhow::bail!("content folder {} does not exist", content.display());
    }
    let build_dir = config.build_dir.canonicalize().ok();
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(content).follow_links(true).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        let hidden = e.depth() > 0
            && (name.starts_with('.') || name.starts_with('_') && e.file_type().is_dir());
        let is_build =
            build_dir.as_ref().is_some_and(|b| e.path().canonicalize().ok().as_ref() == Some(b));
        !hidden && !is_build
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let what =
                    if e.loop_ancestor().is_some() { "symlink loop" } else { "unreadable entry" };
                let path = e.path().map(|p| rel(config, p)).unwrap_or_default();
                diags.push(
                    Diagnostic::warning("unreadable-path", None, format!("{what} skipped: {path}"))
                        .with_help("fix the link or its permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md")
            || name.starts_with('.')
            || name.starts_with('_')
            || name.ends_with('~')
        {
            continue;
        }
        let Ok(inner) = path.strip_prefix(content) else { continue };
        let mut parts = inner.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let top = parts.next().unwrap_or_default();
        if inner.components().count() < 2 {
            diags.push(Diagnostic::warning(
                "stray-file",
                None,
                format!(
                    "{} is not in articles/ or a kind folder and is ignored",
                    rel(config, path)
                ),
            ));
            continue;
        }
        let role = if top == "articles" { FileRole::Article } else { FileRole::Entity(top) };
        let rel_path = rel(config, path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "unreadable-file",
                        None,
                        format!("cannot read {rel_path}: {e}"),
                    )
                    .with_help("check the file's permissions"),
                );
                continue;
            }
        };
        let stem = name.trim_end_matches(".md").to_string();
        out.push(ContentFile { abs_path: path.to_path_buf(), rel_path, stem, role, bytes });
    }
    out.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(out)
}

fn rel(config: &Config, path: &std::path::Path) -> String {
    let r = path.strip_prefix(&config.root).unwrap_or(path);
    r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
