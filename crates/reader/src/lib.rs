//! Reads a disclosure — PDF, HTML, Markdown or plain text, or text given as one JSON object
//! per page — into one document model: headings with their numbering, paragraphs, and
//! tables whose cells carry the figures they hold (value, printed decimals, sign, `%`,
//! `不适用`, dashes), the unit that applies, and where each was read (page and line).
//!
//! ```text
//! PDF ──pdftotext -bbox-layout──► words with positions ─┐
//! text, JSON pages, JSON lines ─► words by column ──────┼─layout──► Document
//! Markdown ── pipe tables ─────────────────────────────────┘
//! HTML ──tl (a real HTML parser)── tables with rowspan/colspan ─────► Document
//! JSON lines' table rows ──────────── the same grid as HTML's ──────► Document
//! ```
//!
//! Decisions:
//! - This crate knows nothing of rules, cases or metrics: it reads, it does not judge.
//! - Tables are found from geometry (figures aligned in columns) and cut where prose,
//!   headings or unit statements begin; a table that runs over a page break is one table,
//!   the running header and page number between dropped; wrapped labels are joined.
//! - Where a figure cannot be placed in its column with confidence the row says so
//!   (`Row::uncertain`), so a caller can stay silent rather than guess.
//! - The one subprocess, `pdftotext`, is in `pdf.rs`; everything else is pure. No input
//!   makes it panic; memory grows linearly with the input (a read text holds some 14 times
//!   its size; HTML, whose parser needs more, is refused past 32 MB).
//!
//! ```
//! use dudao_reader::{Block, Form, read_str};
//! let doc = read_str("单位：元\n项目  2023年  2022年\n营业收入  110.00  100.00\n", Form::Text).unwrap();
//! let Block::Table(table) = &doc.blocks[1] else { panic!() };
//! assert_eq!(table.rows[0].cells[1].value.number().unwrap().value.to_string(), "110.00");
//! ```

mod grid;
mod html;
mod json_lines;
mod layout;
mod model;
mod parts;
mod pdf;
mod text;
mod text_table;
mod value;

use std::path::Path;

pub use model::{Block, Cell, Column, Document, Heading, Location, Number, Paragraph, Role, Row, Table, Unit, Value, YearLayout};
pub use parts::{PART_BYTES, Part, Parts, Start, in_parts, parts};
pub use value::{compact, parse_number};

/// The form a disclosure is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Plain text, including text extracted from a PDF (`pdftotext -layout`).
    Text,
    /// Markdown, with pipe tables.
    Markdown,
    /// HTML.
    Html,
    /// One JSON object per line, `{"page": N, "text": "…"}`, a page each.
    JsonPages,
    /// One JSON object per line of a PDF's text, `{"page", "allrow", "type", "inside"}`, a
    /// table row's cells as a Python list (the SMP2023 annual-report dataset).
    JsonLines,
    /// PDF, read through `pdftotext -bbox-layout`.
    Pdf,
}

/// The file extensions of the forms read (`.jsonl.txt` is a `.txt`): what a folder of
/// disclosures is searched for.
pub const EXTENSIONS: &[&str] = &["pdf", "html", "htm", "md", "markdown", "txt", "jsonl"];

impl Form {
    /// The form a file's name suggests: `.pdf`, `.html`/`.htm`, `.md`, `.jsonl`, else text.
    /// A `.txt` whose first object line is a JSON page is read as JSON pages.
    pub fn of_path(path: &Path) -> Form {
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().to_lowercase());
        let extension = name.rsplit('.').next().unwrap_or("");
        match extension {
            "pdf" => Form::Pdf,
            "html" | "htm" => Form::Html,
            "md" | "markdown" => Form::Markdown,
            "jsonl" => Form::JsonPages,
            _ if name.ends_with(".jsonl.txt") => Form::JsonPages,
            _ => Form::Text,
        }
    }

    /// The form of the file at `path`: by its name, and for text and JSON lines by what its
    /// first object says (`"text"`: JSON pages; `"type"` and `"inside"`: JSON lines), so a
    /// dataset's `.txt` is known whatever it is called.
    pub fn of_file(path: &Path) -> Form {
        let form = Form::of_path(path);
        if !matches!(form, Form::Text | Form::JsonPages) {
            return form;
        }
        let mut head = Vec::new();
        let read = std::fs::File::open(path).and_then(|file| std::io::Read::read_to_end(&mut std::io::Read::take(file, 64 << 10), &mut head));
        if read.is_err() {
            return form;
        }
        form.sniffed(&String::from_utf8_lossy(&head))
    }

    /// This form, or the JSON form the first object line of `head` (the start of a file)
    /// shows; a file of text stays text.
    pub fn sniffed(self, head: &str) -> Form {
        let Some(first) = head.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('=')) else { return self };
        if !first.starts_with('{') {
            return self;
        }
        match serde_json::from_str::<serde_json::Value>(first) {
            Ok(object) if object.get("inside").is_some() && object.get("type").is_some() => Form::JsonLines,
            Ok(object) if object.get("text").is_some() => Form::JsonPages,
            _ => self,
        }
    }
}

/// Why a disclosure could not be read, in Chinese, with where if known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Where in the input, if the fault has a place.
    pub at: Option<Location>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "{at}：{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// A report as HTML, text, Markdown or JSON larger than this is refused: no disclosure is
/// (annual reports run to 5 MB), the HTML parser's memory grows with the markup (up to some
/// 60 times the input for a file of unclosed tags), and reading 60 MB of text took a
/// debug build 26 s and 580 MB.
const MAX_TEXT_BYTES: usize = 32 << 20;

fn text_too_large(bytes: u64) -> ReadError {
    ReadError {
        at: None, message: format!("文件过大（{} MB）：应不超过 {} MB，年度报告通常在 5 MB 以内", bytes >> 20, MAX_TEXT_BYTES >> 20)
    }
}

/// Reads `input`, written in `form` (a PDF as the word boxes `pdftotext -bbox-layout`
/// writes).
pub fn read_str(input: &str, form: Form) -> Result<Document, ReadError> {
    match form {
        Form::Html | Form::Text | Form::Markdown | Form::JsonPages | Form::JsonLines if input.len() > MAX_TEXT_BYTES => Err(text_too_large(input.len() as u64)),
        Form::Text => Ok(text::read_text(input, Start::WHOLE)),
        Form::Markdown => Ok(text::read_markdown(input, Start::WHOLE)),
        Form::JsonPages => text::read_json_pages(input, Start::WHOLE),
        Form::JsonLines => json_lines::read_json_lines(input, Start::WHOLE),
        Form::Html => Ok(html::read_html(input)),
        Form::Pdf => pdf::read_bbox(input),
    }
}

/// The largest file read: a periodic report with its financial statements is some tens of
/// MB as a PDF, a few as text.
pub const MAX_FILE: u64 = 256 << 20;

/// Reads the file at `path` in its form (`Form::of_file`); PDF through `pdftotext`.
pub fn read_file(path: &Path) -> Result<Document, ReadError> {
    let refuse = |message: String| ReadError { at: None, message };
    // Only a regular file is read, and only so much of it: a device (/dev/zero) would be
    // read until memory ran out, a pipe would be waited on for ever.
    // Looked at before it is opened: opening a pipe waits for a writer.
    let meta = std::fs::metadata(path).map_err(|e| refuse(format!("无法读取（{e}）")))?;
    if !meta.is_file() {
        return Err(refuse("不是普通文件（设备、管道或目录）：只读取普通文件".to_owned()));
    }
    if meta.len() > MAX_FILE {
        return Err(refuse(format!("超过 {} MB：定期报告与公告不会如此之大", MAX_FILE >> 20)));
    }
    let form = Form::of_file(path);
    if form == Form::Pdf {
        return pdf::read_pdf(path);
    }
    if meta.len() > MAX_TEXT_BYTES as u64 {
        return Err(text_too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| refuse(format!("无法读取（{e}）")))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_FILE + 1), &mut bytes).map_err(|e| refuse(format!("无法读取（{e}）")))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(refuse(format!("超过 {} MB：定期报告与公告不会如此之大", MAX_FILE >> 20)));
    }
    let text = String::from_utf8(bytes).map_err(|e| ReadError {
        at: None,
        message: format!(
            "第 {} 字节处不是有效的 UTF-8 文本：应为 UTF-8 编码的文本、Markdown、HTML 或 JSON 分页文本（PDF 请用 .pdf 扩展名）",
            e.utf8_error().valid_up_to() + 1
        ),
    })?;
    read_str(&text, form)
}
