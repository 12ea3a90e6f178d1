//! Data-driven snapshot tests: real pages in, records out.
//!
//! Each `tests/data/<name>.pages.json` holds the text layer of a few pages of a
//! real published PDF (tokens and rulings only, not the PDF). The recognizer's
//! records for them, in the truth-file format of SCHEMA.md, are compared with
//! `tests/data/<name>.records.json`. The snapshots were checked against the
//! hand-made truth of the shared corpus when they were written. To accept new
//! output after a deliberate change, run with `UPDATE_SNAPSHOTS=1` and review
//! the diff.

use juesuan_model::truth::TruthFile;
use juesuan_text::Page;
use std::path::Path;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let pages: Vec<Page> = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.pages.json"))).unwrap(),
    )
    .unwrap();
    let doc = juesuan_table::recognize(&pages, name, "snapshot");
    let mut got = TruthFile::from(&doc).to_json_string();
    got.push('\n');
    let path = dir.join(format!("{name}.records.json"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_SNAPSHOTS=1", path.display()));
    if got != want {
        let diff: Vec<String> = got
            .lines()
            .zip(want.lines())
            .filter(|(g, w)| g != w)
            .take(10)
            .map(|(g, w)| format!("  got:  {g}\n  want: {w}"))
            .collect();
        panic!(
            "{name}: records differ from the snapshot ({} vs {} lines)\n{}",
            got.lines().count(),
            want.lines().count(),
            diff.join("\n")
        );
    }
}

/// 财政局 支出决算表: split 类/款/项 columns, amounts raised to the top of tall
/// cells, the 类款项 labels sharing the 合计 row, continued on a second page.
#[test]
fn expenditure_with_raised_amounts() {
    check("czj_expenditure_raised_amounts");
}

/// 财政局 收入支出决算总表: two sides, continued on a page without header.
#[test]
fn two_sided_summary_over_two_pages() {
    check("czj_summary_two_sided");
}

/// 规划和自然资源局 基本支出决算表 (Word 2010, borders as `re f*`): three
/// side-by-side blocks and 合计 labels spanning merged cells.
#[test]
fn basic_expenditure_blocks_with_filled_borders() {
    check("ghzy_basic_two_blocks_word");
}

/// 规划和自然资源局 三公 table printed as 预算/决算 pairs under wrapped headings.
#[test]
fn three_public_pairs() {
    check("ghzy_three_public_pairs");
}

/// 规划和自然资源局 财政拨款收支总表: four fund columns on the expenditure side,
/// `一般公共预算财政拨款#2` on the income side.
#[test]
fn appropriation_summary_fund_columns() {
    check("ghzy_appropriation_summary");
}

/// 测试问题版本 收入决算表 (WPS, GBK-EUC-H fonts elsewhere in the file).
#[test]
fn income_table_wps() {
    check("test_version_gbk_income");
}

/// 深圳 收入总表: the title printed again on the next page (one table), rows
/// keyed by 预算单位 names wrapped over two lines, a page number under the grid.
#[test]
fn unit_rows_under_a_repeated_title() {
    check("sz_unit_rows_repeated_title");
}

/// 江苏 省法院 2018: titles numbered `一、` with department and year before
/// the core; the same titles listed in the 目录 page are not tables. (The
/// 收入预算总表's unruled name-only rows still run together into one row: a
/// known gap, recorded here so that its fix shows in the diff.)
#[test]
fn enumerated_titles_after_contents() {
    check("js_enumerated_titles_after_contents");
}

/// 广州 信访局: rulings drawn as thin filled polygons (收支总体情况表 over two
/// pages), and a 基本支出 table whose rows carry `[30227]委托业务费` code-name
/// cells, continued on a page without title.
#[test]
fn polygon_rulings_and_name_rows() {
    check("gz_polygon_rulings_name_rows");
}
