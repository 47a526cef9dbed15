//! Watching the site: file events are debounced, filtered (editor temp files,
//! hidden files, the build dir) and classified into [`Change`]s before anyone
//! acts on them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

pub use crate::rebuild::Change;

/// The watched folders of a site.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Site root.
    pub root: PathBuf,
    /// Content folder.
    pub content: PathBuf,
    /// Output folder (never watched).
    pub build: PathBuf,
}

impl Layout {
    fn templates(&self) -> PathBuf {
        self.root.join("templates")
    }

    fn statics(&self) -> PathBuf {
        self.root.join("static")
    }
}

/// True for files editors write while saving (swap, backup, temp files).
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim's write test
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crdownload", ".part"].iter().any(|s| name.ends_with(s))
}

/// Whether a path has the extension `ext`.
fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Sorts raw event paths into changes; drops noise, output files and files
/// the build never reads: under content/ only Markdown files and folders
/// (`is_dir` says which paths are folders; sed's `sedXhR037` is not), under
/// templates/ only `.html`. Everything under static/ is an asset.
pub fn classify(paths: &[PathBuf], layout: &Layout, is_dir: impl Fn(&Path) -> bool) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for p in paths {
        let hidden = p.strip_prefix(&layout.root).is_ok_and(|rel| {
            rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        });
        if p.starts_with(&layout.build) || is_noise(p) || hidden {
            continue;
        }
        let change = if p == &layout.root.join("book.toml") {
            Change::Config
        } else if p.starts_with(&layout.content) {
            if !has_ext(p, "md") && !is_dir(p) {
                continue;
            }
            Change::Content(p.clone())
        } else if p.starts_with(layout.templates()) {
            if !has_ext(p, "html") && !is_dir(p) {
                continue;
            }
            Change::Template(p.clone())
        } else if p.starts_with(layout.statics()) {
            Change::Static(p.clone())
        } else {
            continue;
        };
        if !out.contains(&change) {
            out.push(change);
        }
    }
    out.sort();
    out
}

/// How long the tree must be quiet before a batch of events is acted on:
/// long enough to coalesce an editor's save (temp file, rename, chmod).
const QUIET: Duration = Duration::from_millis(25);

/// A running watcher; dropping it stops watching.
pub struct Watching {
    _watcher: std::sync::Arc<std::sync::Mutex<notify::RecommendedWatcher>>,
}

/// Starts watching; each debounced batch of changes is sent on `tx`.
pub fn start(layout: &Layout, tx: Sender<Vec<Change>>) -> Result<Watching> {
    let (raw_tx, raw_rx) = std::sync::mpsc::channel::<notify::Event>();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reads (our own rebuild opens every file) must never trigger a rebuild.
        if let Ok(event) = res
            && !matches!(event.kind, EventKind::Access(_) | EventKind::Other)
        {
            let _ = raw_tx.send(event);
        }
    })
    .context("cannot start the file watcher")?;
    let watcher = std::sync::Arc::new(std::sync::Mutex::new(watcher));
    {
        let mut w = watcher.lock().unwrap_or_else(|p| p.into_inner());
        // The root itself, so that templates/ or static/ created later are noticed.
        w.watch(&layout.root, RecursiveMode::NonRecursive).context("cannot watch the site root")?;
        for dir in [layout.content.clone(), layout.templates(), layout.statics()] {
            if dir.is_dir() {
                w.watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch {}", dir.display()))?;
            }
        }
    }
    let layout = layout.clone();
    let shared = std::sync::Arc::clone(&watcher);
    std::thread::spawn(move || {
        while let Ok(first) = raw_rx.recv() {
            // What the events themselves say about folders and files: a
            // folder removed or renamed away no longer exists to ask.
            let mut folders: Vec<PathBuf> = Vec::new();
            let mut files: Vec<PathBuf> = Vec::new();
            let mut note = |e: &notify::Event| {
                use notify::event::{CreateKind, RemoveKind};
                match e.kind {
                    EventKind::Create(CreateKind::Folder)
                    | EventKind::Remove(RemoveKind::Folder) => {
                        folders.extend(e.paths.iter().cloned());
                    }
                    EventKind::Create(CreateKind::File) | EventKind::Remove(RemoveKind::File) => {
                        files.extend(e.paths.iter().cloned());
                    }
                    _ => {}
                }
            };
            note(&first);
            let mut paths = first.paths;
            loop {
                match raw_rx.recv_timeout(QUIET) {
                    Ok(more) => {
                        note(&more);
                        paths.extend(more.paths);
                    }
                    // An editor that truncates before writing leaves an empty
                    // file for a moment: give it a little longer.
                    Err(_)
                        if paths.iter().any(|p| {
                            p.starts_with(&layout.content)
                                && std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0)
                        }) =>
                    {
                        match raw_rx.recv_timeout(SETTLE) {
                            Ok(more) => {
                                note(&more);
                                paths.extend(more.paths);
                            }
                            Err(_) => break,
                        }
                    }
                    Err(_) => break,
                }
            }
            for dir in [layout.templates(), layout.statics(), layout.content.clone()] {
                if paths.iter().any(|p| p == &dir) && dir.is_dir() {
                    let mut w = shared.lock().unwrap_or_else(|p| p.into_inner());
                    let _ = w.watch(&dir, RecursiveMode::Recursive);
                }
            }
            // A path gone without a word about its kind counts as a folder
            // when it has no extension (a moved-away kind folder).
            let is_dir = |p: &Path| {
                folders.iter().any(|f| f == p)
                    || p.is_dir()
                    || (!p.exists() && p.extension().is_none() && !files.iter().any(|f| f == p))
            };
            let changes = classify(&paths, &layout, is_dir);
            if !changes.is_empty() && tx.send(changes).is_err() {
                break;
            }
        }
    });
    Ok(Watching { _watcher: watcher })
}

/// Extra wait when a changed content file is momentarily empty.
const SETTLE: Duration = Duration::from_millis(150);

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout { root: "/s".into(), content: "/s/content".into(), build: "/s/book".into() }
    }

    #[test]
    fn classifies_and_drops_noise() {
        let paths: Vec<PathBuf> = [
            "/s/content/articles/a.md",
            "/s/content/articles/.a.md.swp",
            "/s/content/articles/a.md~",
            "/s/content/articles/4913",
            "/s/content/articles/a.md",
            "/s/book/index.html",
            "/s/templates/entity.html",
            "/s/static/style.css",
            "/s/book.toml",
            "/s/README.md",
            "/s/content/.git/x",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            classify(&paths, &layout(), |_| false),
            [
                Change::Config,
                Change::Template("/s/templates/entity.html".into()),
                Change::Static("/s/static/style.css".into()),
                Change::Content("/s/content/articles/a.md".into()),
            ]
        );
    }

    /// Issue 15: editor and tool temp files are not content or templates
    /// (`sed -i` writes `sedXhR037` beside the file it edits).
    #[test]
    fn issue_15_temp_files_without_a_content_extension_are_ignored() {
        let paths: Vec<PathBuf> = [
            "/s/content/articles/sedXhR037",
            "/s/content/articles/notes.txt",
            "/s/content/articles/a.md.orig",
            "/s/content/articles/.#a.md",
            "/s/templates/sedAb12Cd",
            "/s/templates/entity.html.swp",
            "/s/templates/partials",
            "/s/content/funds",
            "/s/content/articles/b.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let dirs = |p: &Path| p.ends_with("partials") || p.ends_with("funds");
        assert_eq!(
            classify(&paths, &layout(), dirs),
            [
                Change::Template("/s/templates/partials".into()),
                Change::Content("/s/content/articles/b.md".into()),
                Change::Content("/s/content/funds".into()),
            ]
        );
    }
}
