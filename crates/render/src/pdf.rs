//! PDF from the Word file, laid out by LibreOffice (`soffice --headless --convert-to pdf`),
//! the office suite a sponsor's reviewers open the file with: the PDF is what they would
//! print. This is render's one subprocess. Each conversion works in a private temporary
//! folder that is removed afterwards; the LibreOffice profile is kept between conversions
//! (a fresh one costs a sixth of the time) and used by one conversion at a time, under an
//! exclusive lock on a file beside it, so concurrent processes queue instead of clashing.

use std::path::PathBuf;
use std::process::Command;

use crate::RenderError;

/// The fonts a machine without Windows' Chinese fonts lays the document out in: 宋体 as
/// Noto Serif CJK SC and 黑体 as Noto Sans CJK SC (Debian's fonts-noto-cjk), the system's
/// own configuration otherwise. Without it LibreOffice falls back to a sans face for the
/// body text.
const FONTS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimHei</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
"#;

/// Converts the DOCX `bytes` to PDF.
pub(crate) fn from_docx(bytes: &[u8]) -> Result<Vec<u8>, RenderError> {
    let scratch = Scratch::new()?;
    let docx = scratch.0.join("document.docx");
    std::fs::write(&docx, bytes).map_err(|e| RenderError::Pdf(format!("无法写入临时文件（{e}）")))?;
    let shared = std::env::temp_dir().join(format!("dudao-libreoffice-{}", std::env::var("USER").unwrap_or_else(|_| "user".into())));
    std::fs::create_dir_all(&shared).map_err(|e| RenderError::Pdf(format!("无法创建 LibreOffice 配置目录（{e}）")))?;
    let lock = std::fs::File::create(shared.join("lock")).map_err(|e| RenderError::Pdf(format!("无法创建锁文件（{e}）")))?;
    lock.lock().map_err(|e| RenderError::Pdf(format!("无法锁定 LibreOffice 配置（{e}）")))?;
    let profile = format!("-env:UserInstallation=file://{}", shared.join("profile").display());
    let fonts = shared.join("fonts.conf");
    std::fs::write(&fonts, FONTS).map_err(|e| RenderError::Pdf(format!("无法写入字体配置（{e}）")))?;
    let output = Command::new("soffice")
        .env("FONTCONFIG_FILE", &fonts)
        .args([profile.as_str(), "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir"])
        .arg(&scratch.0)
        .arg(&docx)
        .output()
        .map_err(|e| {
            RenderError::Pdf(format!(
                "无法运行 LibreOffice（soffice：{e}）：PDF 由 LibreOffice 从 Word 文件转换，请安装 libreoffice-writer-nogui 与 fonts-noto-cjk"
            ))
        })?;
    let pdf = scratch.0.join("document.pdf");
    if !output.status.success() || !pdf.exists() {
        return Err(RenderError::Converter { status: output.status.to_string(), stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned() });
    }
    std::fs::read(&pdf).map_err(|e| RenderError::Pdf(format!("无法读取转换结果（{e}）")))
}

/// A temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, RenderError> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| RenderError::Pdf(e.to_string()))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("dudao-pdf-{name}"));
        std::fs::create_dir_all(&dir).map_err(|e| RenderError::Pdf(format!("无法创建临时目录（{e}）")))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
