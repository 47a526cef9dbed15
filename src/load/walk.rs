//! Walks `content/` and reads every Markdown file, classified by folder.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::config::{Config, RESERVED_DIRS};
use crate::diag::Severity;

/// What a content file is, by where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FileRole {
    /// Under `content/articles/`.
    Article,
    /// Under `content/<kind>/`.
    Entity(String),
}

/// Why a file found by the walk cannot be loaded; reported at the file.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// A content file's identity, and its bytes once read.
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
    /// Raw bytes (decoded later, so non-UTF-8 files are reported, not fatal);
    /// `None` until [`ContentFile::read`] reads them: the walk only finds files, so
    /// that they are read in parallel, each by the thread that parses it.
    pub bytes: Option<Vec<u8>>,
    /// Set when the file was found but cannot be loaded (a symlink loop, in no
    /// usable folder); it is then not read.
    pub problem: Option<Problem>,
}

impl ContentFile {
    /// The file's bytes (read now unless already given), or why it cannot be loaded.
    pub(super) fn read(&self) -> Result<std::borrow::Cow<'_, [u8]>, Problem> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        if let Some(bytes) = &self.bytes {
            return Ok(bytes.into());
        }
        std::fs::read(&self.abs_path).map(std::borrow::Cow::Owned).map_err(|e| Problem {
            severity: Severity::Error,
            code: "unreadable-file",
            message: format!("cannot read this file ({e})"),
            help: "check the file's permissions".into(),
        })
    }
}

/// Every Markdown file under the content folder, sorted by relative path,
/// plus an entry with a [`Problem`] for each path that cannot be loaded.
/// Hidden files, editor temp files and the build dir are skipped.
pub(super) fn walk_content(config: &Config) -> Result<Vec<ContentFile>> {
    let content = &config.content_dir;
    if !content.is_dir() {
        anyhow::bail!("content folder {} does not exist", content.display());
    }
    let build_dir = config.build_dir.canonicalize().ok();
    // Only a folder can be a build folder that is a folder: the other entries are
    // not resolved (one `realpath` per content file was most of the walk).
    let build_is_dir = build_dir.as_ref().is_some_and(|b| b.is_dir());
    let mut out = Vec::new();
    // Sorted by name, as `sort_by_file_name` would: siblings share their parent's
    // path, so comparing whole paths compares names, without splitting two paths
    // into components per comparison (which was most of the walk of a large folder).
    let walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter();
    let walker = walker.filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        let hidden = e.depth() > 0
            && (name.starts_with('.') || name.starts_with('_') && e.file_type().is_dir());
        let is_build = build_dir.as_ref().is_some_and(|b| {
            (e.file_type().is_dir() || !build_is_dir)
                && e.path().canonicalize().ok().as_ref() == Some(b)
        });
        !hidden && !is_build
    });
    let mut bad_kinds: Vec<String> = Vec::new();
    let dir = ContentDir { path: content, rel: rel(config, content) };
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let Some(path) = e.path() else { continue };
                let rel_path = rel(config, path);
                let is_md = rel_path.ends_with(".md");
                let problem = if e.loop_ancestor().is_some() {
                    Problem {
                        severity: Severity::Warning,
                        code: "unreadable-path",
                        message: "symbolic link loop skipped".into(),
                        help: "point the link somewhere outside its own folder, or remove it"
                            .into(),
                    }
                } else {
                    let why = e.io_error().map_or_else(
                        || e.to_string(),
                        |io| match io.kind() {
                            std::io::ErrorKind::NotFound => "broken symbolic link".into(),
                            _ => io.to_string(),
                        },
                    );
                    Problem {
                        severity: if is_md { Severity::Error } else { Severity::Warning },
                        code: if is_md { "unreadable-file" } else { "unreadable-path" },
                        message: format!("cannot read this path ({why}); it is skipped"),
                        help: "fix the link or the permissions, or remove the path".into(),
                    }
                };
                out.push(problem_file(path, rel_path, problem));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        out.extend(content_entry(&dir, entry.path(), &mut bad_kinds));
    }
    out.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(out)
}

/// The content folder as the walk sees it, and relative to the site root (how
/// the files under it are named): worked out once per walk, not per file.
struct ContentDir<'a> {
    path: &'a Path,
    rel: String,
}

/// One Markdown file under the content folder, not read yet; `None` for files that
/// are not content. `bad_kinds` makes an unusable kind folder reported once.
fn content_entry(
    content: &ContentDir<'_>,
    path: &Path,
    bad_kinds: &mut Vec<String>,
) -> Option<ContentFile> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    if !name.ends_with(".md")
        || name.starts_with('.')
        || name.starts_with('_')
        || name.ends_with('~')
    {
        return None;
    }
    let inner = path.strip_prefix(content.path).ok()?;
    let parts: Vec<String> =
        inner.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    // Relative to the site root through the configured content folder, so a
    // canonical path (from a file watcher) names the file as the walk does.
    let rel_path = format!("{}/{}", content.rel, parts.join("/"));
    if parts.len() < 2 {
        return Some(problem_file(
            path,
            rel_path,
            Problem {
                severity: Severity::Warning,
                code: "stray-file",
                message: "file is not in articles/ or a kind folder and is ignored".into(),
                help:
                    "move it into content/articles/ or an entity folder such as content/companies/"
                        .into(),
            },
        ));
    }
    if parts[..parts.len() - 1].iter().any(|p| p.starts_with('.') || p.starts_with('_')) {
        return None;
    }
    let top = parts[0].clone();
    let role = if top == "articles" { FileRole::Article } else { FileRole::Entity(top.clone()) };
    if role != FileRole::Article && !usable_kind(&top) {
        if bad_kinds.contains(&top) {
            return None;
        }
        bad_kinds.push(top.clone());
        return Some(problem_file(
            path,
            rel_path,
            Problem {
                severity: Severity::Error,
                code: "invalid-kind",
                message: format!(
                    "folder \"{top}\" cannot be an entity kind; its files are skipped"
                ),
                help: format!(
                    "kind folders are lowercase ASCII words (such as \"{}\") other than {}",
                    crate::model::slugify(&top),
                    RESERVED_DIRS.join(", ")
                ),
            },
        ));
    }
    let stem = name.trim_end_matches(".md").to_string();
    Some(ContentFile {
        abs_path: path.to_path_buf(),
        rel_path,
        stem,
        role,
        bytes: None,
        problem: None,
    })
}

/// One content file by absolute path (as a file watcher reports it).
pub(super) fn content_file(config: &Config, path: &Path) -> Result<Option<ContentFile>> {
    let content = config.content_dir.canonicalize().unwrap_or_else(|_| config.content_dir.clone());
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let build = config.build_dir.canonicalize().ok();
    if build.as_ref().is_some_and(|b| real.starts_with(b)) {
        return Ok(None);
    }
    let dir = ContentDir { path: &content, rel: rel(config, &config.content_dir) };
    Ok(content_entry(&dir, &real, &mut Vec::new()))
}

/// Whether a content folder name can be used as a kind (and so as an output folder).
fn usable_kind(folder: &str) -> bool {
    crate::model::Slug::new(folder).is_some() && !RESERVED_DIRS.contains(&folder)
}

fn problem_file(path: &Path, rel_path: String, problem: Problem) -> ContentFile {
    ContentFile {
        abs_path: path.to_path_buf(),
        rel_path,
        stem: String::new(),
        role: FileRole::Article,
        bytes: None,
        problem: Some(problem),
    }
}

fn rel(config: &Config, path: &Path) -> String {
    let r = path.strip_prefix(&config.root).unwrap_or(path);
    r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
