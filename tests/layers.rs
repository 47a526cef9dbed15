//! The stage layering of ARCHITECTURE.md, checked on the source text: every
//! `crate::<module>` path in `src/**/*.rs` (in `use` lines, brace groups and code)
//! must name a module of a lower layer than the file's own, or the file's own module.
//!
//! Rules: a module may use only modules of strictly lower layers (two modules of the
//! same layer may not use each other); a `crate::` name that is no module (a crate-root
//! item) counts as the top layer. Comments are skipped.

use std::path::Path;

/// Layer of each top-level module; lower layers never use higher ones. `lib` is the
/// crate root (the pipeline `compile_site`/`build_site`, `Site`, `BuildOptions`), which
/// `rebuild` and `serve` build on; the binary's modules (`cli`, `cmd`, `main`) sit on top.
const LAYERS: &[(&str, u8)] = &[
    ("source", 0),
    ("i18n", 0),
    ("timings", 0),
    ("diag", 1),
    ("text", 1),
    ("figures", 1),
    ("model", 2),
    ("config", 3),
    ("load", 4),
    ("analyze", 5),
    ("render", 6),
    ("write", 7),
    ("lib", 8),
    ("rebuild", 9),
    ("serve", 10),
    ("cli", 11),
    ("cmd", 12),
    ("main", 13),
];

/// Layer of a `crate::` name that is no module: an item of the library's root.
const ROOT: u8 = 8;

fn layer(module: &str) -> u8 {
    LAYERS.iter().find(|(m, _)| *m == module).map_or(ROOT, |&(_, l)| l)
}

/// The top-level module a file under `src/` belongs to (`analyze/extract/mod.rs` →
/// `analyze`, `lib.rs` → `lib`).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().expect("non-empty path");
    let first = first.as_os_str().to_string_lossy();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The top-level modules named by `crate::` paths in `src`, comments removed.
fn crate_paths(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in src.lines() {
        let code = line.find("//").map_or(line, |i| &line[..i]);
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| is_ident(c) && c != '$') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a::x, b}`: the first name of each top-level item.
                let mut depth = 0usize;
                let mut item_start = true;
                for (j, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && is_ident(c) => {
                            let name: String =
                                group[j..].chars().take_while(|&c| is_ident(c)).collect();
                            out.push(name);
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Upward or sideways imports of a file of `module` with text `src`.
fn violations(module: &str, src: &str) -> Vec<String> {
    crate_paths(src)
        .into_iter()
        .filter(|used| used != module && used != "self" && layer(used) >= layer(module))
        .map(|used| {
            format!("{module} (layer {}) uses {used} (layer {})", layer(module), layer(&used))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 40, "found only {} files under src/", files.len());
    let mut found = Vec::new();
    let mut modules = std::collections::BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let module = module_of(rel);
        assert!(
            LAYERS.iter().any(|(m, _)| *m == module),
            "{} has no layer in LAYERS",
            rel.display()
        );
        modules.insert(module.clone());
        let text = std::fs::read_to_string(file).expect("readable source");
        found.extend(
            violations(&module, &text).into_iter().map(|v| format!("{}: {v}", rel.display())),
        );
    }
    assert!(modules.contains("figures") && modules.contains("text"), "{modules:?}");
    assert!(found.is_empty(), "imports against the layering:\n{}", found.join("\n"));
}

#[test]
fn the_checker_flags_upward_and_sideways_imports() {
    assert_eq!(
        violations("model", "use crate::analyze::money::Amount;\n"),
        ["model (layer 2) uses analyze (layer 5)"]
    );
    assert_eq!(violations("load", "use crate::{diag::Span, render::Theme};").len(), 1);
    assert_eq!(violations("load", "    let t = crate::render::Theme::default();").len(), 1);
    assert_eq!(violations("figures", "use crate::text::markdown_options;").len(), 1, "sideways");
    assert_eq!(violations("render", "crate::compile_site(root);").len(), 1, "crate-root item");
}

#[test]
fn the_checker_accepts_downward_imports_and_ignores_comments() {
    assert!(violations("render", "use crate::{figures, model::{Claim, Entity}};").is_empty());
    assert!(
        violations("analyze", "use crate::analyze::claims;\nuse crate::load::Loaded;").is_empty()
    );
    assert!(
        violations("model", "// see crate::render::Theme\nuse crate::figures::Amount;").is_empty()
    );
    assert!(violations("model", "use factbook_crate::render;").is_empty());
}
