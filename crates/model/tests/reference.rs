//! `docs/case-format.md` ends each case file's section with the records kept there, field
//! by field, generated from their one declaration (`dudao_model::records::KINDS`): this test
//! fails when a block is stale or a kind has none. `DUDAO_BLESS=1 cargo test -p dudao-model
//! --test reference` writes the blocks anew, leaving the text around them as written.

use dudao_model::records::{GENERATED_HEAD, GENERATED_TAIL, KINDS, refresh_generated};

#[test]
fn the_case_format_holds_the_generated_records_of_every_kind() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/case-format.md");
    let kept = std::fs::read_to_string(&path).unwrap();
    let generated = refresh_generated(&kept).unwrap();
    if std::env::var_os("DUDAO_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert!(kept == generated, "docs/case-format.md is stale: run `DUDAO_BLESS=1 cargo test -p dudao-model --test reference` and commit it");
    for kind in KINDS {
        assert!(kept.contains(&format!("\n#### {}（", kind.name)), "{} has no generated block", kind.id);
    }
    // In Chinese, with the files' names.
    assert!(kept.contains("#### 保荐机构与保荐代表人（[sponsor]）"));
    assert!(kept.contains("| `board` | 板块 | 其一：`star`（科创板）、`sse_main`（上交所主板）"), "{kept}");
}

#[test]
fn a_block_left_open_or_about_no_records_is_refused() {
    let open = format!("x\n{GENERATED_HEAD}events.toml{GENERATED_TAIL}\nold\n");
    assert_eq!(refresh_generated(&open).unwrap_err(), "events.toml 的生成块没有结束行 <!-- end of generated records -->");
    let none = format!("{GENERATED_HEAD}market.toml{GENERATED_TAIL}\n<!-- end of generated records -->\n");
    assert_eq!(refresh_generated(&none).unwrap_err(), "生成块所述的 market.toml 中没有工作台记录");
}
