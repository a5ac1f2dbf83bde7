//! A disclosure as one stream of text, whatever its form: lines joined, layout spaces
//! between Chinese and figures dropped, Markdown and HTML markup removed; every position in
//! the stream knows the line of the input it came from.

/// How the input is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Plain text, including text extracted from a PDF.
    Text,
    /// Markdown, as `dudao report` writes it.
    Markdown,
    /// HTML, as `dudao report` writes it.
    Html,
}

/// The normalised text and the map back to input lines.
pub struct Document {
    /// The text, lines joined.
    pub stream: String,
    /// `(byte offset in stream, 1-based input line)` at the start of each input line's text.
    line_starts: Vec<(usize, u32)>,
}

/// Chinese characters and full-width punctuation: no space is kept next to them.
pub fn is_cjk(c: char) -> bool {
    c >= '\u{2E80}' || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

impl Document {
    /// Normalises `input` written in `form`.
    pub fn new(input: &str, form: Form) -> Document {
        let mut stream = String::with_capacity(input.len());
        let mut line_starts = Vec::new();
        let mut pending_space = false;
        for (index, raw) in input.lines().enumerate() {
            let line = match form {
                Form::Text => raw.to_owned(),
                Form::Markdown => markdown_line(raw),
                Form::Html => html_line(raw),
            };
            line_starts.push((stream.len(), index as u32 + 1));
            for c in line.chars() {
                if c.is_whitespace() || c == '\u{3000}' {
                    pending_space = true;
                    continue;
                }
                if pending_space {
                    let previous = stream.chars().next_back();
                    if previous.is_some_and(|p| !is_cjk(p) && !is_cjk(c)) {
                        stream.push(' ');
                    }
                    pending_space = false;
                }
                stream.push(c);
            }
            pending_space = true;
        }
        Document { stream, line_starts }
    }

    /// The 1-based input line the stream position `offset` came from.
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self.line_starts.partition_point(|(start, _)| *start <= offset);
        self.line_starts.get(i.saturating_sub(1)).map_or(1, |(_, line)| *line)
    }

    /// Up to 40 characters of the stream around `start..end`, for showing a claim.
    pub fn excerpt(&self, start: usize, end: usize) -> String {
        let before: String = self.stream[..start].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
        let claim: String = self.stream[start..end].chars().take(40).collect();
        format!("{before}{claim}")
    }
}

/// A Markdown line as text: table bars, emphasis and heading marks become spaces or go.
fn markdown_line(line: &str) -> String {
    let trimmed = line.trim_start();
    if trimmed.starts_with("| ---") || trimmed.starts_with("|---") || trimmed == "---" {
        return String::new();
    }
    let without_heading = trimmed.trim_start_matches('#');
    without_heading.replace("<br>", " ").replace("**", "").replace('|', " ")
}

/// An HTML line as text: tags become spaces, the common entities are decoded.
fn html_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_spaces_between_chinese_and_figures_go() {
        let doc = Document::new("营业收入较上年同期增长了 10.07%，毛利\n\n增长 126.31%\n335,693,624.77 304,971,021.01", Form::Text);
        assert_eq!(doc.stream, "营业收入较上年同期增长了10.07%，毛利增长126.31% 335,693,624.77 304,971,021.01");
        assert_eq!(doc.line_at(doc.stream.find("126.31").unwrap()), 3);
        assert_eq!(doc.line_at(doc.stream.find("304,971").unwrap()), 4);
    }

    #[test]
    fn markdown_tables_and_html_become_text() {
        let md = Document::new("| 营业收入 | 335,693,624.77 | 10.07 |\n| --- | ---: |\n## 五、主要财务指标", Form::Markdown);
        assert_eq!(md.stream, "营业收入335,693,624.77 10.07五、主要财务指标");
        let html = Document::new("<tr><td>营业收入</td><td>335,693,624.77</td><td>10.07</td></tr>", Form::Html);
        assert_eq!(html.stream, "营业收入335,693,624.77 10.07");
    }
}
