//! The test harness shared by the crates' integration tests: a private copy of
//! `examples/qingcloud` in a temporary folder, changed one fact at a time, removed when
//! dropped. Tests assert on real data with one deliberate difference.

pub mod http;
pub mod planted;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The example case's folder in the repository.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingcloud")
}

/// The fictional example's folder (虚构科技, every fact invented).
pub fn fictional_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/fictional")
}

/// The fictional example's SZSE twin (虚构股份, every fact invented).
pub fn fictional_szse_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/fictional-szse")
}

/// A private copy of the example case.
pub struct CaseCopy {
    /// The copy's folder.
    pub dir: PathBuf,
}

impl CaseCopy {
    /// Copies the example into a fresh temporary folder.
    pub fn new() -> CaseCopy {
        CaseCopy::of(&example_dir())
    }

    /// Copies the case in folder `source` into a fresh temporary folder.
    pub fn of(source: &Path) -> CaseCopy {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("dudao-case-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        copy_dir(source, &dir);
        CaseCopy { dir }
    }

    /// Replaces the one occurrence of `from` in case file `file` with `to`.
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &CaseCopy {
        let path = self.dir.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once in {file}");
        fs::write(&path, text.replace(from, to)).unwrap();
        self
    }

    /// Appends `text` to case file `file` (creating it if needed).
    pub fn append(&self, file: &str, text: &str) -> &CaseCopy {
        let path = self.dir.join(file);
        let mut content = fs::read_to_string(&path).unwrap_or_default();
        content.push('\n');
        content.push_str(text);
        fs::write(&path, content).unwrap();
        self
    }

    /// The path of case file `file`, as text.
    pub fn path(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    /// Loads the copy.
    pub fn load(&self) -> dudao_model::Case {
        dudao_model::load_case(&self.dir).unwrap_or_else(|e| panic!("the edited case loads: {e}"))
    }
}

impl Default for CaseCopy {
    fn default() -> Self {
        CaseCopy::new()
    }
}

impl Drop for CaseCopy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `len` bytes of noise from a fixed xorshift seeded with `seed`: the same "random" file on
/// every run, for tests of input that is not what it claims to be.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// A temporary folder of one test's own, removed when dropped (also when the test fails).
/// Derefs to its path.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// A new empty folder named after `test` and this process.
    pub fn new(test: &str) -> ScratchDir {
        let dir = std::env::temp_dir().join(format!("dudao-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
        ScratchDir(dir)
    }
}

impl std::ops::Deref for ScratchDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
