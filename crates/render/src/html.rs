//! Markdown to a standalone HTML page.

use minijinja::context;
use pulldown_cmark::{Options, Parser, html};

use crate::RenderError;
use crate::templates::{HTML_PAGE, Templates};

/// The Markdown options every output format reads the report with.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
}

/// Renders `markdown` to HTML and wraps it in the page template.
pub(crate) fn page(markdown: &str, title: &str, templates: &Templates) -> Result<String, RenderError> {
    let mut body = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut body, Parser::new_ext(markdown, markdown_options()));
    templates.render(HTML_PAGE, &context! { title => title, body => body })
}
