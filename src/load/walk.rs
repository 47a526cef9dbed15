//! Walks `content/` and reads every Markdown file, classified by folder.

use std::path::{Path, PathBuf};

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
        if let Some(cf) = read_entry(config, content, entry.path(), diags) {
            out.push(cf);
        }
    }
    out.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(out)
}

/// Reads one file found under `content` (its canonical or configured path);
/// `None` for files that are not content (with a diagnostic when it matters).
fn read_entry(
    config: &Config,
    content: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<ContentFile> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    if !name.ends_with(".md")
        || name.starts_with('.')
        || name.starts_with('_')
        || name.ends_with('~')
    {
        return None;
    }
    let inner = path.strip_prefix(content).ok()?;
    let parts: Vec<String> =
        inner.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let rel_path = format!("{}/{}", rel(config, &config.content_dir), parts.join("/"));
    if parts.len() < 2 {
        diags.push(Diagnostic::warning(
            "stray-file",
            None,
            format!("{rel_path} is not in articles/ or a kind folder and is ignored"),
        ));
        return None;
    }
    if parts[..parts.len() - 1].iter().any(|p| p.starts_with('.') || p.starts_with('_')) {
        return None;
    }
    let role =
        if parts[0] == "articles" { FileRole::Article } else { FileRole::Entity(parts[0].clone()) };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error("unreadable-file", None, format!("cannot read {rel_path}: {e}"))
                    .with_help("check the file's permissions"),
            );
            return None;
        }
    };
    let stem = name.trim_end_matches(".md").to_string();
    Some(ContentFile { abs_path: path.to_path_buf(), rel_path, stem, role, bytes })
}

/// One content file by absolute path (as a file watcher reports it).
pub(super) fn content_file(config: &Config, path: &Path) -> Result<Option<ContentFile>> {
    let content = config.content_dir.canonicalize().unwrap_or_else(|_| config.content_dir.clone());
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let build = config.build_dir.canonicalize().ok();
    if build.as_ref().is_some_and(|b| real.starts_with(b)) {
        return Ok(None);
    }
    let mut ignored = Diagnostics::default();
    Ok(read_entry(config, &content, &real, &mut ignored))
}

fn rel(config: &Config, path: &std::path::Path) -> String {
    let r = path.strip_prefix(&config.root).unwrap_or(path);
    r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
