//! Data-driven snapshot tests: real pages in, records out.
//!
//! Each `tests/data/<name>.pages.json` holds the text layer of a few pages of a
//! real published PDF (tokens and rulings only, not the PDF). The recognizer's
//! records for them, in the truth-file format of SCHEMA.md, are compared with
//! `tests/data/<name>.records.json`, and where each value was read (its page
//! and bounding box, one line per value) with `tests/data/<name>.positions.txt`.
//! The snapshots were checked against the hand-made truth of the shared corpus
//! when they were written. `expect-test` compares them and prints a line diff;
//! to accept new output after a deliberate change, run with `UPDATE_EXPECT=1`
//! and review the diff.

use expect_test::{expect_file, ExpectFile};
use juesuan_model::truth::TruthFile;
use juesuan_model::Document;
use juesuan_text::Page;
use std::fmt::Write;
use std::path::Path;

fn check(name: &str, records: ExpectFile, positions: ExpectFile) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let pages: Vec<Page> = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.pages.json"))).unwrap(),
    )
    .unwrap();
    let doc = juesuan_table::recognize(&pages, name, "snapshot");
    let mut got = TruthFile::from(&doc).to_json_string();
    got.push('\n');
    records.assert_eq(&got);
    positions.assert_eq(&positions_of(&doc));
}

/// One line per value: table kind, side, row key, column, page and bbox
/// (points, one decimal).
fn positions_of(doc: &Document) -> String {
    let mut out = String::new();
    for t in &doc.tables {
        let kind = t.kind.map_or("unknown", |k| k.id());
        for r in &t.rows {
            let side = r.side.map_or("-", |s| s.id());
            for (c, v) in &r.values {
                let bbox = v.bbox.map_or_else(
                    || "-".to_string(),
                    |[x0, y0, x1, y1]| format!("{x0:.1} {y0:.1} {x1:.1} {y1:.1}"),
                );
                let key = &r.key;
                writeln!(out, "{kind} {side} {key} {c} p{} {bbox}", v.page).unwrap();
            }
        }
    }
    out
}

/// 财政局 支出决算表: split 类/款/项 columns, amounts raised to the top of tall
/// cells, the 类款项 labels sharing the 合计 row, continued on a second page.
#[test]
fn expenditure_with_raised_amounts() {
    check(
        "czj_expenditure_raised_amounts",
        expect_file!["data/czj_expenditure_raised_amounts.records.json"],
        expect_file!["data/czj_expenditure_raised_amounts.positions.txt"],
    );
}

/// 财政局 收入支出决算总表: two sides, continued on a page without header.
#[test]
fn two_sided_summary_over_two_pages() {
    check(
        "czj_summary_two_sided",
        expect_file!["data/czj_summary_two_sided.records.json"],
        expect_file!["data/czj_summary_two_sided.positions.txt"],
    );
}

/// 规划和自然资源局 基本支出决算表 (Word 2010, borders as `re f*`): three
/// side-by-side blocks and 合计 labels spanning merged cells.
#[test]
fn basic_expenditure_blocks_with_filled_borders() {
    check(
        "ghzy_basic_two_blocks_word",
        expect_file!["data/ghzy_basic_two_blocks_word.records.json"],
        expect_file!["data/ghzy_basic_two_blocks_word.positions.txt"],
    );
}

/// 规划和自然资源局 三公 table printed as 预算/决算 pairs under wrapped headings.
#[test]
fn three_public_pairs() {
    check(
        "ghzy_three_public_pairs",
        expect_file!["data/ghzy_three_public_pairs.records.json"],
        expect_file!["data/ghzy_three_public_pairs.positions.txt"],
    );
}

/// 规划和自然资源局 财政拨款收支总表: four fund columns on the expenditure side,
/// `一般公共预算财政拨款#2` on the income side.
#[test]
fn appropriation_summary_fund_columns() {
    check(
        "ghzy_appropriation_summary",
        expect_file!["data/ghzy_appropriation_summary.records.json"],
        expect_file!["data/ghzy_appropriation_summary.positions.txt"],
    );
}

/// 测试问题版本 收入决算表 (WPS, GBK-EUC-H fonts elsewhere in the file).
#[test]
fn income_table_wps() {
    check(
        "test_version_gbk_income",
        expect_file!["data/test_version_gbk_income.records.json"],
        expect_file!["data/test_version_gbk_income.positions.txt"],
    );
}

/// 深圳 收入总表: the title printed again on the next page (one table), rows
/// keyed by 预算单位 names wrapped over two lines, a page number under the grid.
#[test]
fn unit_rows_under_a_repeated_title() {
    check(
        "sz_unit_rows_repeated_title",
        expect_file!["data/sz_unit_rows_repeated_title.records.json"],
        expect_file!["data/sz_unit_rows_repeated_title.positions.txt"],
    );
}

/// 江苏 省法院 2018: titles numbered `一、` with department and year before
/// the core; the same titles listed in the 目录 page are not tables; the
/// 收入预算总表's two-level stub (group cells merged over their items) read
/// item by item; the 支出预算总表 printed as one unnamed line of totals.
#[test]
fn enumerated_titles_after_contents() {
    check(
        "js_enumerated_titles_after_contents",
        expect_file!["data/js_enumerated_titles_after_contents.records.json"],
        expect_file!["data/js_enumerated_titles_after_contents.positions.txt"],
    );
}

/// 广州 信访局: rulings drawn as thin filled polygons (收支总体情况表 over two
/// pages), and a 基本支出 table whose rows carry `[30227]委托业务费` code-name
/// cells, continued on a page without title.
#[test]
fn polygon_rulings_and_name_rows() {
    check(
        "gz_polygon_rulings_name_rows",
        expect_file!["data/gz_polygon_rulings_name_rows.records.json"],
        expect_file!["data/gz_polygon_rulings_name_rows.positions.txt"],
    );
}

/// 江苏 政府采购预算表: each level of the item in its own column (大类, 专项名称,
/// 经济科目, 采购物品名称) and an attribute column (采购组织形式) that names no
/// row; the grid continues on a page without a header or a top rule.
#[test]
fn procurement_attribute_column() {
    check(
        "js_procurement_attribute_column",
        expect_file!["data/js_procurement_attribute_column.records.json"],
        expect_file!["data/js_procurement_attribute_column.positions.txt"],
    );
}

/// 杭州 项目支出预算表 and 项目支出绩效表: a 单位名称 column beside the 项目名称
/// (the project names the row), and a 绩效目标 text column whose sentences
/// wrap over many lines between the rows.
#[test]
fn project_unit_column() {
    check(
        "hz_project_unit_column",
        expect_file!["data/hz_project_unit_column.records.json"],
        expect_file!["data/hz_project_unit_column.positions.txt"],
    );
}

/// 西安 科学技术局 情况说明: year-on-year comparison tables printed inside the
/// prose without a title: ruled grids with a header band over rows of
/// amounts, read as tables of kind `other`. A 功能科目 cell merged over its
/// 2022 / 2021 / 2022比2021 rows names them together with the year; a
/// 主要原因 text column is an attribute; the grid continues on the next page.
#[test]
fn untitled_comparison_grid() {
    check(
        "xa_untitled_comparison_grid",
        expect_file!["data/xa_untitled_comparison_grid.records.json"],
        expect_file!["data/xa_untitled_comparison_grid.positions.txt"],
    );
}

/// 西安 气象局 经济分类明细表: a 序号 column, whole-元 amounts (298224) that
/// read like codes under money headers, and two code systems per row (部门
/// 经济科目 names the row, 政府经济科目 code and name are its attributes);
/// rows of one 部门 code mapped to two 政府 codes are two rows.
#[test]
fn two_code_systems() {
    check(
        "xa_two_code_systems",
        expect_file!["data/xa_two_code_systems.records.json"],
        expect_file!["data/xa_two_code_systems.positions.txt"],
    );
}
