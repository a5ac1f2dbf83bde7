//! Markdown to a standalone HTML page.

use minijinja::context;
use pulldown_cmark::{Event, Options, Parser, html};

use crate::templates::{HTML_PAGE, Templates};
use crate::{RenderError, Report};

/// The Markdown options every output format reads the report with.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
}

/// Renders the report's Markdown to HTML and wraps it, with its signature page, in the
/// page template.
pub(crate) fn page(report: &Report, templates: &Templates) -> Result<String, RenderError> {
    // A draft's gaps, marked as a reviewer marks them.
    let body = marked(&markdown_to_html(&report.markdown));
    let signature = minijinja::Value::from(minijinja::value::Serde(&report.signature));
    let (draft_mark, unconfirmed) = (report.draft_mark(), &report.unconfirmed);
    templates.render(HTML_PAGE, &context! { title => &report.title, author => &report.author, body => body, signature, draft_mark, unconfirmed })
}

/// Markdown as the HTML report prints it. Every fact is text: HTML typed into a case (a
/// name, a narrative) is printed, never run; only the line break dudao itself writes into a
/// table cell stays markup. The workbench previews a narrative with it.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut body = String::with_capacity(markdown.len() * 2);
    let escaped = Parser::new_ext(markdown, markdown_options()).map(|event| match event {
        Event::InlineHtml(raw) if crate::templates::is_cell_break(&raw) => Event::InlineHtml(raw),
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    html::push_html(&mut body, escaped);
    body
}

/// `html` with each draft placeholder (【待补充：…】) in a `<mark>`.
fn marked(html: &str) -> String {
    crate::gaps::placeholder_pieces(html)
        .into_iter()
        .map(|(piece, placeholder)| if placeholder { format!("<mark>{piece}</mark>") } else { piece.to_owned() })
        .collect()
}
