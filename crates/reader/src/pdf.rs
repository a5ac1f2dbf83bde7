//! PDF: the one place dudao runs another program. `pdftotext -bbox-layout` (poppler)
//! gives every word with its box; words are put back into lines by their vertical
//! position, page by page, and laid out by the same geometry as text — with exact
//! positions, so short rows find their columns.

use std::path::Path;
use std::process::Command;

use crate::ReadError;
use crate::layout::{Geometry, Item, Line, Word, drop_running_lines, lay_out};
use crate::model::{Document, Location};

/// Positions in points: a gap of 5 pt (two spaces of body text) separates cells.
const PDF: Geometry = Geometry { cell_gap: 5.0, slack: 2.0, exact: true };

/// Reads the PDF at `path` through `pdftotext`.
pub(crate) fn read_pdf(path: &Path) -> Result<Document, ReadError> {
    let failed = |message: String| ReadError { at: None, message };
    let output = Command::new("pdftotext").args(["-bbox-layout", "-enc", "UTF-8"]).arg(path).arg("-").output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            failed("读取 PDF 需要 pdftotext，但未找到该程序：请安装 poppler-utils（如 apt-get install poppler-utils）".into())
        } else {
            failed(format!("无法运行 pdftotext（{e}）"))
        }
    })?;
    if !output.status.success() {
        // poppler warns before it fails: its error line says why.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr.lines().find(|l| l.contains("Error")).or_else(|| stderr.lines().last()).unwrap_or("").trim();
        return Err(failed(format!("无法从 PDF 提取文本，文件可能已损坏或不是 PDF（pdftotext：{reason}）")));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| failed("pdftotext 输出的不是 UTF-8 文本".into()))?;
    read_bbox(&text)
}

/// Reads the XHTML `pdftotext -bbox-layout` writes: `<page>`s of `<word xMin yMin xMax
/// yMax>text</word>`. Only those two elements matter; the blocks and flows poppler guesses
/// are ignored, since it splits table rows across them.
pub(crate) fn read_bbox(xhtml: &str) -> Result<Document, ReadError> {
    if !xhtml.contains("<doc") {
        return Err(ReadError { at: None, message: "不是 pdftotext -bbox-layout 的输出：缺少 <doc> 元素".into() });
    }
    let mut pages: Vec<Vec<Word>> = Vec::new();
    let mut rest = xhtml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        if rest.starts_with("<page") {
            pages.push(Vec::new());
            rest = &rest[5..];
            continue;
        }
        if !rest.starts_with("<word") {
            rest = &rest[1..];
            continue;
        }
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find("</word>") else { break };
        let text = decode(&rest[body_start..body_start + close]);
        rest = &rest[body_start + close + "</word>".len()..];
        let number = |name: &str| -> Option<f32> {
            let key = format!("{name}=\"");
            let at = tag.find(&key)? + key.len();
            tag[at..].split('"').next()?.parse().ok().filter(|v: &f32| v.is_finite())
        };
        let (Some(x0), Some(y0), Some(x1), Some(y1)) = (number("xMin"), number("yMin"), number("xMax"), number("yMax")) else { continue };
        if let Some(page) = pages.last_mut()
            && !text.trim().is_empty()
        {
            page.push(Word { text, x0, x1, y0, y1 });
        }
    }
    let count = pages.len() as u32;
    let mut lines: Vec<Vec<Line>> = pages.into_iter().enumerate().map(|(i, words)| lines_of(words, i as u32 + 1)).collect();
    drop_running_lines(&mut lines);
    Ok(lay_out(lines.into_iter().flatten().map(Item::Line).collect(), PDF, count))
}

/// Words into lines: sorted top to bottom, a word joins the line whose band holds its
/// vertical centre; each line left to right, numbered from the top of the page.
fn lines_of(mut words: Vec<Word>, page: u32) -> Vec<Line> {
    words.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)));
    let mut bands: Vec<(f32, f32, Vec<Word>)> = Vec::new();
    for word in words {
        let centre = (word.y0 + word.y1) / 2.0;
        match bands.last_mut() {
            Some((top, bottom, line)) if centre >= *top && centre <= *bottom => {
                line.push(word);
            }
            _ => bands.push((word.y0, word.y1, vec![word])),
        }
    }
    bands
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, mut words))| {
            words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            Line { words, at: Location { page: Some(page), line: i as u32 + 1 } }
        })
        .collect()
}

fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&#39;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    fn word(x0: f32, y0: f32, x1: f32, text: &str) -> String {
        format!("<word xMin=\"{x0}\" yMin=\"{y0}\" xMax=\"{x1}\" yMax=\"{}\">{text}</word>\n", y0 + 10.0)
    }

    #[test]
    fn words_become_lines_and_a_wrapped_negative_is_joined() {
        let mut xhtml = String::from("<doc><page width=\"595\" height=\"842\">\n");
        xhtml += &word(80.0, 100.0, 150.0, "项目");
        xhtml += &word(263.0, 100.0, 300.0, "2020年");
        xhtml += &word(400.0, 100.0, 440.0, "2019年");
        xhtml += &word(80.0, 114.0, 160.0, "少数股东权益影响额");
        xhtml += &word(263.0, 114.0, 332.0, "-1,042,659.13");
        xhtml += &word(402.0, 114.0, 460.0, "-537,895.46");
        xhtml += &word(80.0, 128.0, 142.0, "所得税影响额");
        xhtml += &word(263.0, 128.0, 332.0, "-3,180,603.71");
        xhtml += &word(454.0, 128.0, 460.0, "-");
        xhtml += &word(397.0, 142.0, 460.0, "1,522,916.90");
        xhtml += &word(155.0, 156.0, 177.0, "合计");
        xhtml += &word(263.0, 156.0, 332.0, "14,007,253.75");
        xhtml += &word(397.0, 156.0, 460.0, "5,925,845.94");
        xhtml += "</page></doc>";
        let doc = read_bbox(&xhtml).unwrap();
        let Some(Block::Table(t)) = doc.blocks.first() else { panic!("{:#?}", doc.blocks) };
        assert_eq!(t.header, ["项目", "2020年", "2019年"]);
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label()).collect();
        assert_eq!(labels, ["少数股东权益影响额", "所得税影响额", "合计"]);
        assert_eq!(t.rows[1].cells[2].text, "-1,522,916.90");
        assert_eq!(t.rows[1].cells[2].value.number().unwrap().value.to_string(), "-1522916.90");
        assert_eq!(t.rows[2].at, Location { page: Some(1), line: 5 });
    }

    #[test]
    fn not_bbox_output() {
        assert!(read_bbox("%PDF-1.4 garbage").is_err());
        assert!(read_bbox("<doc><page><word xMin=\"nan\" yMin=\"1\" xMax=\"2\" yMax=\"3\">x</word><word xMin=\"1\"").is_ok());
    }
}
