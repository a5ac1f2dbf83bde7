//! ARCHITECTURE.md's code map names every crate and every module that exists, so a
//! newcomer's map is never missing a room: each `crates/NAME` has its `### \`crates/NAME\``
//! section, and each source file or module folder is named in backticks in that section.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The modules of a crate's `src/`: files other than lib.rs and main.rs as `name.rs`, and
/// folders as `name/` (their files are that module's own business).
fn modules(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            out.push(format!("{name}/"));
        } else if name.ends_with(".rs") && name != "lib.rs" && name != "main.rs" {
            out.push(name);
        }
    }
    out.sort();
    out
}

#[test]
fn the_code_map_names_every_crate_and_module() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    let mut crates: Vec<String> = std::fs::read_dir(root().join("crates")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    crates.sort();
    for name in &crates {
        let heading = format!("### `crates/{name}`");
        let Some(start) = map.find(&heading) else {
            missing.push(format!("crates/{name}: no section `{heading}`"));
            continue;
        };
        let section = &map[start + heading.len()..];
        let section = &section[..section.find("\n### ").or_else(|| section.find("\n## ")).unwrap_or(section.len())];
        for module in modules(&root().join("crates").join(name).join("src")) {
            if !section.contains(&format!("`{module}`")) && !section.contains(&format!("`{}", module.trim_end_matches('/'))) {
                missing.push(format!("crates/{name}/src/{module}: not named in its section"));
            }
        }
    }
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map misses:\n{}", missing.join("\n"));
    assert!(crates.len() >= 10, "{crates:?}");
}
