//! A text file too large to hold read whole is read in parts: whole pages where the file
//! has pages (form feeds, or one JSON page a line), else whole paragraphs (cut at a blank
//! line), each of about `PART_BYTES`. The file is read as it goes, so memory is bounded by
//! the parts in flight, not by the file; each part is read with the lines and pages before
//! it, so every location is the one in the whole file.
//!
//! What is lost: a claim whose figures lie in different parts is not compared. A real
//! annual report (1–5 MB of text) is always read whole.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::{Document, Form, ReadError, text};

/// Files (of text, Markdown or JSON pages) larger than this are read in parts of about
/// this size.
pub const PART_BYTES: usize = 8 << 20;

/// Where a part begins in its file: the lines and pages before it, and whether the file
/// has pages (`None`: decide from the text itself, for a whole file).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Start {
    /// Lines of the file before the part.
    pub lines: u32,
    /// Pages of the file before the part.
    pub pages: u32,
    /// Whether the file is paged by form feeds (text only).
    pub paged: Option<bool>,
}

impl Start {
    /// A whole file.
    pub const WHOLE: Start = Start { lines: 0, pages: 0, paged: None };
}

/// One part of a file: its text and where it begins.
#[derive(Debug)]
pub struct Part {
    /// The text of the part.
    pub text: String,
    /// Where it begins.
    pub start: Start,
}

impl Part {
    /// Reads the part, as `read_str` reads a whole file.
    pub fn read(&self, form: Form) -> Result<Document, ReadError> {
        match form {
            Form::Markdown => Ok(text::read_markdown(&self.text, self.start)),
            Form::JsonPages => text::read_json_pages(&self.text, self.start),
            Form::JsonLines => crate::json_lines::read_json_lines(&self.text, self.start),
            _ => Ok(text::read_text(&self.text, self.start)),
        }
    }
}

/// Whether the file at `path` is read in parts of `part_bytes`: text, Markdown, JSON pages
/// or JSON lines larger than that.
pub fn in_parts(path: &Path, part_bytes: usize) -> bool {
    // The size first: only a file large enough is opened to see its form.
    std::fs::metadata(path).is_ok_and(|m| m.len() > part_bytes as u64)
        && matches!(Form::of_file(path), Form::Text | Form::Markdown | Form::JsonPages | Form::JsonLines)
}

/// The parts of about `part_bytes` (`PART_BYTES` but in tests) of the file at `path`, read
/// as they are asked for.
pub fn parts(path: &Path, part_bytes: usize) -> Result<Parts, ReadError> {
    let form = Form::of_file(path);
    let open = || File::open(path).map_err(|e| ReadError { at: None, message: format!("无法读取（{e}）") });
    // Whether a text is paged decides how every line is numbered, so it is known first.
    let paged = form == Form::Text && has_form_feed(open()?)?;
    Ok(Parts {
        input: BufReader::new(open()?),
        form,
        paged,
        part_bytes,
        start: Start { lines: 0, pages: 0, paged: Some(paged) },
        bytes_read: 0,
        carry: String::new(),
        done: false,
    })
}

fn has_form_feed(file: File) -> Result<bool, ReadError> {
    let mut input = BufReader::with_capacity(1 << 20, file);
    loop {
        let block = input.fill_buf().map_err(|e| ReadError { at: None, message: format!("无法读取（{e}）") })?;
        if block.is_empty() {
            return Ok(false);
        }
        if block.contains(&0x0c) {
            return Ok(true);
        }
        let len = block.len();
        input.consume(len);
    }
}

/// The parts of one file, in order.
pub struct Parts {
    input: BufReader<File>,
    form: Form,
    paged: bool,
    part_bytes: usize,
    /// Where the next part begins.
    start: Start,
    bytes_read: usize,
    /// Text read past the end of the previous part (the rest of a line cut at a form feed).
    carry: String,
    done: bool,
}

impl Parts {
    /// The next line with its ending (or the next `part_bytes` of an endless one, ending on
    /// a whole character), or `None` at the end of the file.
    fn line(&mut self) -> Result<Option<String>, ReadError> {
        let failed = |e: std::io::Error| ReadError { at: None, message: format!("无法读取（{e}）") };
        let mut bytes = Vec::new();
        let read = (&mut self.input).take(self.part_bytes as u64).read_until(b'\n', &mut bytes).map_err(failed)?;
        if read == 0 {
            return Ok(None);
        }
        // A line cut at the limit may end inside a character: take the rest of it.
        while let Err(e) = std::str::from_utf8(&bytes) {
            if e.error_len().is_some() || bytes.len() - e.valid_up_to() >= 4 {
                break;
            }
            let mut byte = [0u8];
            if self.input.read(&mut byte).map_err(failed)? == 0 {
                break;
            }
            bytes.push(byte[0]);
        }
        let offset = self.bytes_read;
        self.bytes_read += bytes.len();
        String::from_utf8(bytes).map(Some).map_err(|e| ReadError {
            at: None,
            message: format!("第 {} 字节处不是有效的 UTF-8 文本：应为 UTF-8 编码的文本、Markdown 或 JSON 分页文本", offset + e.utf8_error().valid_up_to() + 1),
        })
    }

    /// The page a JSON page line gives (its `"page"` field, else the one after the last).
    fn json_page(line: &str, last: u32) -> u32 {
        let number = line.find("\"page\"").and_then(|at| {
            let rest = line[at + 6..].trim_start().strip_prefix(':')?.trim_start();
            rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())].parse().ok()
        });
        number.unwrap_or(last + 1)
    }
}

impl Iterator for Parts {
    type Item = Result<Part, ReadError>;

    fn next(&mut self) -> Option<Result<Part, ReadError>> {
        if self.done {
            return None;
        }
        let start = self.start;
        let mut text = std::mem::take(&mut self.carry);
        let (mut lines, mut pages) = (0u32, 0u32);
        let mut last_json_page = start.pages;
        // A JSON line carried over from the part before begins this one: the first of its page.
        if self.form == Form::JsonLines && !text.is_empty() {
            lines = 1;
            last_json_page = Self::json_page(text.trim(), last_json_page);
        }
        loop {
            let line = match self.line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let (limit, full) = (self.part_bytes, text.len() >= self.part_bytes);
            match self.form {
                // Pages: cut at the form feed that begins one, once the part is full.
                Form::Text if self.paged => {
                    let mut rest = line.as_str();
                    while let Some(at) = rest.find('\u{c}') {
                        if text.len() + at >= limit {
                            text.push_str(&rest[..at]);
                            self.carry = rest[at + 1..].to_owned();
                            self.start = Start { pages: start.pages + pages + 1, ..start };
                            return Some(Ok(Part { text, start }));
                        }
                        text.push_str(&rest[..=at]);
                        pages += 1;
                        rest = &rest[at + 1..];
                    }
                    text.push_str(rest);
                }
                Form::JsonPages => {
                    let trimmed = line.trim();
                    if trimmed.starts_with('{') {
                        last_json_page = Self::json_page(trimmed, last_json_page);
                    }
                    text.push_str(&line);
                    lines += 1;
                    if full {
                        break;
                    }
                }
                // Lines of pages: cut before the first line of a new page, once the part is full.
                Form::JsonLines => {
                    let trimmed = line.trim();
                    let page = if trimmed.starts_with('{') { Self::json_page(trimmed, last_json_page) } else { last_json_page };
                    if full && page != last_json_page {
                        self.carry = line;
                        break;
                    }
                    last_json_page = page;
                    text.push_str(&line);
                    lines += 1;
                }
                // Paragraphs: cut after a blank line once the part is full (or at twice the
                // size, for text without blank lines).
                _ => {
                    let blank = line.trim().is_empty();
                    text.push_str(&line);
                    lines += 1;
                    if (full && blank) || text.len() >= 2 * limit {
                        break;
                    }
                }
            }
        }
        let pages = if matches!(self.form, Form::JsonPages | Form::JsonLines) { last_json_page } else { start.pages + pages };
        self.start = Start { lines: start.lines + lines, pages, paged: start.paged };
        if text.is_empty() && self.done { None } else { Some(Ok(Part { text, start })) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_page_line_gives_its_page_or_the_next() {
        assert_eq!(Parts::json_page("{\"page\": 17, \"text\": \"x\"}", 3), 17);
        assert_eq!(Parts::json_page("{\"text\": \"x\"}", 3), 4);
    }
}
