//! `docs/records.md`, the reference of every record kind the workbench edits, is generated
//! from their declaration (`dudao_model::records`) and kept in the repository: this test
//! fails when it is stale. `DUDAO_BLESS=1 cargo test -p dudao-model --test reference`
//! writes it anew.

#[test]
fn the_records_reference_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/records.md");
    let generated = dudao_model::records::reference();
    if std::env::var_os("DUDAO_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(kept == generated, "docs/records.md is stale: run `DUDAO_BLESS=1 cargo test -p dudao-model --test reference` and commit it");
    // It lists every kind, in Chinese with the files' names.
    assert!(kept.contains("## 保荐机构与保荐代表人（company.toml 的 [sponsor]）"));
    assert!(kept.contains("| `board` | 板块 | 其一：`star`（科创板）、`sse_main`（上交所主板）"), "{kept}");
}
