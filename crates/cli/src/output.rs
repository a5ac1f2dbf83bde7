//! Writing results: whole files or nothing.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::Failure;

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk,
/// and a rename, so a reader never sees a half-written file and a failure leaves nothing
/// behind. Only a new file or a regular one is written: a symlink, a device, a directory or
/// a pipe at `path` is refused (a rename would replace it), as is a folder that does not
/// exist; every refusal names the path (exit 2).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    writable(path)?;
    let refuse = |why: String| Failure::BadInput(format!("{}：{why}", path.display()));
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| refuse("不是文件路径：应写明文件名，如 report.docx".to_owned()))?;
    let temporary = folder.join(format!(".{}.dudao-{}.tmp", name.to_string_lossy(), std::process::id()));
    let written =
        fs::File::create_new(&temporary).and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all())).and_then(|()| fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(refuse(format!("无法写入（{e}）：请检查该目录的写权限与剩余空间")));
    }
    Ok(())
}

/// Whether `path` is a place `write_atomically` writes (checked again when it writes):
/// commands check their `--out` before the work, so a wrong path costs nothing.
pub fn writable(path: &Path) -> Result<(), Failure> {
    let refuse = |why: String| Failure::BadInput(format!("{}：{why}", path.display()));
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if path.file_name().is_none() {
        return Err(refuse("不是文件路径：应写明文件名，如 report.docx".to_owned()));
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(refuse("是符号链接：只写入新文件或普通文件，请指定其他文件名".to_owned())),
        Ok(meta) if meta.is_dir() => return Err(refuse("是目录：请写明目录中的文件名，如 report.docx".to_owned())),
        Ok(meta) if !meta.is_file() => return Err(refuse("不是普通文件（设备或管道）：只写入新文件或普通文件".to_owned())),
        _ => {}
    }
    if !folder.is_dir() {
        return Err(refuse(format!("所在目录 {} 不存在：请先建立该目录", folder.display())));
    }
    Ok(())
}

/// Writes `bytes` to standard output.
pub fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| format!("无法写到标准输出：{e}"))
}
