//! HTML disclosures (to be written).

use crate::model::Document;

pub fn read_html(_input: &str) -> Document {
    Document::default()
}
