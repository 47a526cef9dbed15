//! Write: the only stage that writes files.
//!
//! A build renders into a staging folder beside the build dir and swaps it in
//! with two renames only after every file was written, so a failed or killed
//! build never leaves a half-written site where the old one was.
//! Invariant: every path written lies inside the staging or build dir.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::render::{Output, Sink};

/// The file every build writes at the root of its output. Its presence is how
/// a later build knows the folder is factbook's to replace.
pub const MARKER: &str = ".factbook-build";

const MARKER_TEXT: &str =
    "This folder is written by factbook; every build replaces it as a whole.\n";

/// What a build does with an existing build dir that it did not write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForeignDir {
    /// Refuse (the default): the folder may hold someone's files.
    #[default]
    Refuse,
    /// Replace it anyway (`--force`).
    Replace,
}

/// Refuses to replace a folder that is neither empty nor a factbook build:
/// the swap deletes the whole folder, so a mistyped `-d` must never reach it.
fn check_replaceable(build_dir: &Path, foreign: ForeignDir) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(build_dir) else { return Ok(()) };
    if !meta.is_dir() {
        bail!("refusing to build into {}: it exists and is not a folder", build_dir.display());
    }
    if foreign == ForeignDir::Replace || is_factbook_build(build_dir) {
        return Ok(());
    }
    let empty = std::fs::read_dir(build_dir)
        .with_context(|| format!("cannot read {}", build_dir.display()))?
        .next()
        .is_none();
    if !empty {
        bail!(
            "refusing to replace {}: the folder is not empty and was not written by factbook \
             (it has no {MARKER}); choose another --dest-dir, empty the folder, or pass --force \
             to replace it and everything in it",
            build_dir.display()
        );
    }
    Ok(())
}

/// A folder written by factbook: it has the marker, or (builds from before the
/// marker existed) the `.nojekyll` and `data/kb.json` every build writes.
fn is_factbook_build(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || (dir.join(".nojekyll").is_file() && dir.join("data/kb.json").is_file())
}

/// The staging and previous-output folders that belong to a build dir.
fn sibling(build_dir: &Path, suffix: &str) -> Result<PathBuf> {
    let name = build_dir
        .file_name()
        .with_context(|| format!("build dir {} has no name", build_dir.display()))?;
    let parent = build_dir.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.factbook-{suffix}", name.to_string_lossy())))
}

/// Rejects any output path that could leave the build dir.
pub fn check_path(path: &str) -> Result<()> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains(['\0', '\\'])
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        bail!("refusing to write outside the build dir: {path:?}");
    }
    Ok(())
}

/// A build in progress: files go into a staging folder beside the build dir
/// as they are rendered; `commit` swaps the folder in.
pub struct Staging {
    build_dir: PathBuf,
    staging: PathBuf,
    /// Folders made so far: a site has a few dozen folders and 80,000 files,
    /// so each folder is created once instead of checked per file.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Prepares an empty staging folder (clearing one left by a killed build),
    /// after making sure the build dir is factbook's to replace.
    pub fn new(build_dir: &Path, foreign: ForeignDir) -> Result<Staging> {
        let staging = sibling(build_dir, "staging")?;
        recover_interrupted_swap(build_dir, &sibling(build_dir, "old")?)?;
        check_replaceable(build_dir, foreign)?;
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear {}", staging.display()))?;
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        let marker = staging.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT)
            .with_context(|| format!("cannot write {}", marker.display()))?;
        Ok(Staging { build_dir: build_dir.to_path_buf(), staging, made: Default::default() })
    }

    /// Replaces the build dir with the staged site (two renames).
    pub fn commit(self) -> Result<()> {
        let old = sibling(&self.build_dir, "old")?;
        if self.build_dir.exists() {
            std::fs::rename(&self.build_dir, &old)
                .with_context(|| format!("cannot move {} aside", self.build_dir.display()))?;
        }
        std::fs::rename(&self.staging, &self.build_dir).with_context(|| {
            format!("cannot move the new site into {}", self.build_dir.display())
        })?;
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }

    /// Throws the staged files away (the build failed); the build dir is untouched.
    pub fn discard(self) -> Result<()> {
        std::fs::remove_dir_all(&self.staging)
            .with_context(|| format!("cannot remove {}", self.staging.display()))
    }
}

impl Staging {
    /// Where `path` goes in the staging folder, its folder made.
    fn prepare(&self, path: &str) -> Result<PathBuf> {
        check_path(path)?;
        let path = self.staging.join(path);
        if let Some(parent) = path.parent() {
            let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
            if !made.contains(parent) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
                made.insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }
}

impl Sink for Staging {
    fn put(&self, output: Output) -> Result<()> {
        let path = self.prepare(&output.path)?;
        crate::timings::time("write (staging)", || std::fs::write(&path, &output.bytes))
            .with_context(|| format!("cannot write {}", path.display()))
    }

    fn put_streamed(&self, path: &str, write: crate::render::Streamer<'_>) -> Result<()> {
        let path = self.prepare(path)?;
        let mut file = std::fs::File::create(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        write(&mut file).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// Writes a complete site to `build_dir`, atomically replacing what was there.
pub fn write_site(build_dir: &Path, outputs: &[Output], foreign: ForeignDir) -> Result<()> {
    let staging = Staging::new(build_dir, foreign)?;
    outputs.par_iter().try_for_each(|o| staging.put(o.clone()))?;
    staging.commit()
}

/// What the build dir holds: a hash per file, kept by `serve` between rebuilds
/// so that only files whose bytes changed are written.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    files: std::collections::HashMap<String, u64>,
}

impl Manifest {
    /// The manifest of a complete set of outputs (e.g. after `write_site`).
    pub fn of(outputs: &[Output]) -> Manifest {
        Manifest { files: outputs.iter().map(|o| (o.path.clone(), hash(&o.bytes))).collect() }
    }
}

impl Manifest {
    /// Forgets a file that was deleted.
    pub fn forget(&mut self, path: &str) {
        self.files.remove(path);
    }
}

/// Counts of one incremental write.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncStats {
    /// Files created or rewritten.
    pub written: usize,
    /// Stale files deleted.
    pub removed: usize,
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Brings `build_dir` in line with `outputs`, touching only files whose bytes
/// changed and deleting files no longer produced. `outputs` may be a complete
/// site (`complete = true`, stale files are pruned) or only the changed part.
pub fn sync_outputs(
    build_dir: &Path,
    outputs: &[Output],
    manifest: &mut Manifest,
    complete: bool,
) -> Result<SyncStats> {
    let mut stats = SyncStats::default();
    for o in outputs {
        check_path(&o.path)?;
        let h = hash(&o.bytes);
        if manifest.files.get(&o.path) == Some(&h) {
            continue;
        }
        let path = build_dir.join(&o.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &o.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        manifest.files.insert(o.path.clone(), h);
        stats.written += 1;
    }
    if complete {
        let current: std::collections::HashSet<&str> =
            outputs.iter().map(|o| o.path.as_str()).collect();
        let stale: Vec<String> =
            manifest.files.keys().filter(|p| !current.contains(p.as_str())).cloned().collect();
        for p in stale {
            remove_output(build_dir, &p)?;
            manifest.files.remove(&p);
            stats.removed += 1;
        }
    }
    Ok(stats)
}

/// Deletes one output file (and its folder when it becomes empty).
pub fn remove_output(build_dir: &Path, rel: &str) -> Result<()> {
    check_path(rel)?;
    let path = build_dir.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
    if let Some(parent) = path.parent()
        && parent != build_dir
    {
        let _ = std::fs::remove_dir(parent); // only succeeds when empty
    }
    Ok(())
}

/// A build killed between the two renames leaves only the previous site,
/// under its old name; put it back before anything else.
fn recover_interrupted_swap(build_dir: &Path, old: &Path) -> Result<()> {
    if old.exists() {
        if build_dir.exists() {
            std::fs::remove_dir_all(old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        } else {
            std::fs::rename(old, build_dir)
                .with_context(|| format!("cannot restore {}", build_dir.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_paths_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "a\0b", "", "a\\b", "./a"] {
            assert!(check_path(bad).is_err(), "{bad:?}");
        }
        assert!(check_path("companies/openai.html").is_ok());
    }

    #[test]
    fn sync_writes_only_changed_files_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        let a = Output { path: "a.html".into(), bytes: b"1".to_vec() };
        let b = Output { path: "x/b.html".into(), bytes: b"2".to_vec() };
        write_site(&book, &[a.clone(), b.clone()], ForeignDir::Refuse).unwrap();
        let mut m = Manifest::of(&[a.clone(), b.clone()]);
        let a2 = Output { path: "a.html".into(), bytes: b"changed".to_vec() };
        let stats = sync_outputs(&book, &[a2, b.clone()], &mut m, true).unwrap();
        assert_eq!(stats, SyncStats { written: 1, removed: 0 });
        let stats = sync_outputs(&book, &[b], &mut m, true).unwrap();
        assert_eq!(stats, SyncStats { written: 0, removed: 1 });
        assert!(!book.join("a.html").exists());
    }

    #[test]
    fn a_folder_factbook_did_not_write_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mine = dir.path().join("important");
        std::fs::create_dir(&mine).unwrap();
        std::fs::write(mine.join("file.txt"), "x").unwrap();
        let out = [Output { path: "a.html".into(), bytes: b"1".to_vec() }];
        let err = write_site(&mine, &out, ForeignDir::Refuse).unwrap_err().to_string();
        assert!(err.contains("important") && err.contains("--force"), "{err}");
        assert_eq!(std::fs::read(mine.join("file.txt")).unwrap(), b"x");
        assert!(!sibling(&mine, "staging").unwrap().exists(), "staging left behind");

        // A plain file in the way is refused even with --force.
        let file = dir.path().join("plain");
        std::fs::write(&file, "y").unwrap();
        assert!(write_site(&file, &out, ForeignDir::Replace).is_err());
        assert_eq!(std::fs::read(&file).unwrap(), b"y");

        // An empty folder, and with --force a foreign one, are replaced.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_site(&empty, &out, ForeignDir::Refuse).unwrap();
        assert!(empty.join(MARKER).is_file());
        write_site(&mine, &out, ForeignDir::Replace).unwrap();
        assert!(!mine.join("file.txt").exists());
        // Once written by factbook, the folder is factbook's to replace.
        write_site(&mine, &out, ForeignDir::Refuse).unwrap();
    }

    #[test]
    fn swap_replaces_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        let one = Output { path: "a.html".into(), bytes: b"1".to_vec() };
        write_site(&book, &[one], ForeignDir::Refuse).unwrap();
        write_site(
            &book,
            &[Output { path: "b/c.html".into(), bytes: b"2".to_vec() }],
            ForeignDir::Refuse,
        )
        .unwrap();
        assert!(!book.join("a.html").exists());
        assert_eq!(std::fs::read(book.join("b/c.html")).unwrap(), b"2");
        // Simulate a kill between the renames.
        std::fs::rename(&book, sibling(&book, "old").unwrap()).unwrap();
        write_site(
            &book,
            &[Output { path: "d.html".into(), bytes: b"3".to_vec() }],
            ForeignDir::Refuse,
        )
        .unwrap();
        assert!(book.join("d.html").exists());
        assert!(!sibling(&book, "old").unwrap().exists());
    }
}
