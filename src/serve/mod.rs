//! `serve` and `watch`: orchestration only. Build once, then on every batch of
//! changes rebuild in memory, write only the files whose bytes changed, and
//! tell open tabs to reload. A broken edit keeps the last good site on disk
//! and shows its diagnostics in the terminal and the browser.

pub mod http;
pub mod watch;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::rebuild::Incremental;
use crate::{BuildOptions, Site};
use watch::{Change, Layout};

/// How long the tree must be quiet after a rebuild before the data files
/// (kb.json, claims.csv, the search index) are written: a save that follows
/// soon after is rebuilt first. They are also given up for any save that
/// arrives while they are made, so no edit waits for them.
const SETTLE: Duration = Duration::from_millis(100);

/// Options of `factbook serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build.
    pub build: BuildOptions,
    /// Interface to bind (loopback by default).
    pub hostname: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// The rebuild loop's state between batches of changes.
pub struct Session {
    build: Incremental,
    layout: Layout,
    base_path: String,
    changes: mpsc::Receiver<Vec<Change>>,
    /// Set after a batch is sent on `changes`: tells the data files a newer
    /// edit is waiting (the receiver itself is not shared with them).
    waiting: Arc<AtomicBool>,
    _watcher: watch::Watching,
}

/// How one rebuild went, for the report line and the browser.
#[derive(Debug)]
pub enum Rebuilt {
    /// New output is on disk.
    Ok {
        /// Files written.
        written: usize,
        /// Files removed.
        removed: usize,
        /// Only stylesheets changed.
        css_only: bool,
        /// Warnings in files this batch did not change (printed when they
        /// first appeared, counted after that).
        elsewhere: usize,
    },
    /// The edit broke the build; the previous output stays.
    Failed(String),
}

impl Session {
    /// Runs the first full build; errors in content are reported, not fatal.
    pub fn start(opts: BuildOptions) -> Result<(Session, Site)> {
        // Watch before the first build reads anything, so that an edit made
        // while it runs is not lost.
        let mut diags = crate::diag::Diagnostics::default();
        let mut sources = crate::source::SourceMap::default();
        let config =
            crate::load::load_config(&opts.root, &mut sources, &mut diags)?.with_context(|| {
                format!("book.toml has errors; fix them and run again:\n{}", diags.render(&sources))
            })?;
        // Watchers report absolute, resolved paths; compare like with like.
        let absolute = |p: &std::path::Path| {
            p.canonicalize().or_else(|_| std::path::absolute(p)).unwrap_or_else(|_| p.to_path_buf())
        };
        let build_dir = match &opts.dest_dir {
            Some(d) => absolute(d),
            None => absolute(&config.build_dir),
        };
        let layout = Layout {
            root: absolute(&config.root),
            content: absolute(&config.content_dir),
            build: build_dir,
        };
        let (tx, batches) = mpsc::channel::<Vec<Change>>();
        let watcher = watch::start(&layout, tx)?;
        // Relayed, so that the flag goes up only once a batch can be received.
        let (relay, changes) = mpsc::channel();
        let waiting = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&waiting);
        std::thread::spawn(move || {
            for batch in batches {
                if relay.send(batch).is_err() {
                    break;
                }
                flag.store(true, Ordering::SeqCst);
            }
        });
        let (build, site, _) = Incremental::start(opts)?;
        let base_path = site
            .config
            .as_ref()
            .map_or(config.site_url.base_path.clone(), |c| c.site_url.base_path.clone());
        Ok((Session { build, layout, base_path, changes, waiting, _watcher: watcher }, site))
    }

    /// Rebuilds after `changes` and writes what changed.
    pub fn rebuild(&mut self, changes: &[Change]) -> Result<(Rebuilt, Site)> {
        let (site, written) = self.build.apply(changes)?;
        let Some(w) = written else {
            let text = if site.diagnostics.is_empty() {
                "the build failed".to_string()
            } else {
                site.diagnostics.render(&site.sources)
            };
            return Ok((Rebuilt::Failed(text), site));
        };
        let css_only = !changes.is_empty()
            && changes.iter().all(
                |c| matches!(c, Change::Static(p) if p.extension().is_some_and(|e| e == "css")),
            );
        let mut site = site;
        let elsewhere = keep_findings_in(&mut site, changes);
        Ok((Rebuilt::Ok { written: w.written, removed: w.removed, css_only, elsewhere }, site))
    }

    /// The next batch of changes, with any that follow at once (editors
    /// write several events per save); `None` once the watcher is gone.
    fn next_changes(&mut self, first: Option<Vec<Change>>) -> Option<Vec<Change>> {
        // Lowered before the channel is drained: a batch sent after this
        // raises it again.
        self.waiting.store(false, Ordering::SeqCst);
        let mut changes = match first {
            Some(c) => c,
            None => self.changes.recv().ok()?,
        };
        while let Ok(more) = self.changes.try_recv() {
            changes.extend(more);
        }
        changes.sort();
        changes.dedup();
        Some(changes)
    }

    /// Writes the data files of the last rebuild (after the browser
    /// reloaded) once the tree has been quiet for [`SETTLE`], giving up as
    /// soon as a newer batch of changes arrives, which it returns.
    fn finish_or_next(&mut self) -> Result<Option<Vec<Change>>> {
        loop {
            match self.changes.recv_timeout(SETTLE) {
                Ok(batch) => return Ok(Some(batch)),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    self.build.finish()?;
                    return Ok(None);
                }
            }
            self.waiting.store(false, Ordering::SeqCst);
            if let Ok(batch) = self.changes.try_recv() {
                return Ok(Some(batch));
            }
            let waiting = &self.waiting;
            if self.build.finish_unless(&|| waiting.load(Ordering::SeqCst))?.is_some() {
                return Ok(None);
            }
            // Stopped: the batch that stopped it is received above.
        }
    }

    /// The watched layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The served folder.
    pub fn build_dir(&self) -> &std::path::Path {
        self.build.build_dir()
    }

    /// The site-url path prefix.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

/// Drops the warnings of files that `changes` did not touch (a config or
/// theme change touches every file); returns how many were dropped.
fn keep_findings_in(site: &mut Site, changes: &[Change]) -> usize {
    if changes.iter().any(|c| !matches!(c, Change::Content(_))) {
        return 0;
    }
    let touched = |abs: &std::path::Path| {
        changes.iter().any(|c| matches!(c, Change::Content(p) if abs.starts_with(p)))
    };
    let before = site.diagnostics.count(crate::diag::Severity::Warning);
    let sources = &site.sources;
    site.diagnostics.retain(|d| {
        d.severity == crate::diag::Severity::Error
            || d.span
                .as_ref()
                .and_then(|s| sources.try_get(s.file))
                .is_none_or(|f| touched(&f.abs_path))
    });
    before - site.diagnostics.count(crate::diag::Severity::Warning)
}

/// Describes a batch of changes for the report line.
pub fn describe(changes: &[Change], root: &std::path::Path) -> String {
    let names: Vec<String> = changes
        .iter()
        .map(|c| match c {
            Change::Config => "book.toml".to_string(),
            Change::Template(p) | Change::Static(p) | Change::Content(p) => {
                p.strip_prefix(root).unwrap_or(p).to_string_lossy().into_owned()
            }
        })
        .collect();
    if names.len() > 3 {
        format!("{}, … ({} files)", names[..3].join(", "), names.len())
    } else {
        names.join(", ")
    }
}

/// Callbacks the command layer supplies for reporting.
pub trait Reporter: Send {
    /// After the first build.
    fn built(&mut self, site: &Site, elapsed_ms: u128);
    /// After each rebuild.
    fn rebuilt(&mut self, what: &str, result: &Rebuilt, site: &Site, elapsed_ms: u128);
}

/// Builds, then rebuilds on every change until the process ends. With
/// `server`, open tabs are told to reload (or shown the error).
pub fn watch_loop(
    mut session: Session,
    server: Option<Arc<http::Shared>>,
    reporter: &mut dyn Reporter,
) -> Result<()> {
    let mut next = None;
    while let Some(changes) = session.next_changes(next.take()) {
        let start = Instant::now();
        let (result, site) = session.rebuild(&changes)?;
        let elapsed = start.elapsed().as_millis();
        // Tabs reload first; the terminal report can wait.
        if let Some(shared) = &server {
            match &result {
                Rebuilt::Ok { css_only: true, .. } => {
                    shared.set_error(None);
                    shared.broadcast("css", "");
                }
                Rebuilt::Ok { .. } => {
                    shared.set_error(None);
                    shared.broadcast("reload", "");
                }
                Rebuilt::Failed(text) => shared.set_error(Some(text.clone())),
            }
        }
        let what = describe(&changes, &session.layout().root);
        reporter.rebuilt(&what, &result, &site, elapsed);
        next = session.finish_or_next()?;
    }
    Ok(())
}

/// Binds the server socket (before building, so a busy port fails fast).
pub fn bind(hostname: &str, port: u16) -> Result<TcpListener> {
    TcpListener::bind((hostname, port))
        .with_context(|| format!("cannot listen on {hostname}:{port} (is another server running?)"))
}

/// Starts serving `session`'s build dir on `listener` in the background.
pub fn spawn_server(listener: TcpListener, session: &Session) -> Arc<http::Shared> {
    let shared =
        http::Shared::new(session.build_dir().to_path_buf(), session.base_path().to_string());
    let for_thread = Arc::clone(&shared);
    std::thread::spawn(move || http::run(listener, for_thread));
    shared
}
