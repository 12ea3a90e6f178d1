//! One test per check bug found in the reading of issue 11, each on a real
//! sentence or table of the shared corpus; each fails on the checks as they
//! were before the fix.

use juesuan_check::{validate_with, CheckId, Finding, Severity};
use juesuan_model::{
    Amount, ColumnId, Document, DocumentKind, Row, RowKey, Table, TableKind, TextBlock, Unit, Value,
};

fn narrative_doc(kind: DocumentKind, year: u16, text: &str) -> Document {
    let mut doc = Document::new("test.pdf", "test");
    doc.kind = kind;
    doc.year = Some(year);
    doc.unit = Some(Unit::WanYuan);
    doc.narrative.push(TextBlock {
        page: 20,
        text: text.into(),
    });
    doc
}

fn row(key: &str, name: &str, column: ColumnId, printed: &str) -> Row {
    let key = if key.bytes().all(|b| b.is_ascii_digit()) {
        RowKey::code(key).unwrap()
    } else {
        RowKey::Label(key.into())
    };
    let mut r = Row::new(key, None, name);
    let value = Value::new(
        Amount::parse(printed).unwrap(),
        Some(&Unit::WanYuan),
        7,
        None,
    );
    r.values.insert(column, value);
    r
}

fn beyond(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .collect()
}

/// `narrative.rs:1125` read the gap text (group 2) as the compared figure, so
/// the base was always rebuilt from the quoted difference and could not
/// disagree with it.
#[test]
fn change_is_checked_against_the_compared_figure() {
    // Consistent: 120 − 100 = 20.
    let ok = "二、收入支出决算总体情况说明2023年度收入总计120万元，与2022年度100万元相比，增加20万元，增长20%。";
    let doc = narrative_doc(DocumentKind::FinalAccounts, 2023, ok);
    assert!(beyond(&validate_with(&doc, &[CheckId::NarrativeArithmetic])).is_empty());
    // The sentence: 120 − 100 is 20, not 30.
    let bad =
        "二、收入支出决算总体情况说明2023年度收入总计120万元，与2022年度100万元相比，增加30万元。";
    let doc = narrative_doc(DocumentKind::FinalAccounts, 2023, bad);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    let found = beyond(&found);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].expected.unwrap().to_string(), "20");
    // A wrong direction word: 120 is more than 100, not less.
    let wrong =
        "二、收入支出决算总体情况说明2023年度收入总计120万元，与2022年度100万元相比，减少20万元。";
    let doc = narrative_doc(DocumentKind::FinalAccounts, 2023, wrong);
    let found = validate_with(&doc, &[CheckId::NarrativeDirection]);
    assert_eq!(beyond(&found).len(), 1, "{found:?}");
}

/// The sentence of 省法院2017年度部门预算公开 (page 25): each 三公 share is of
/// their total, 180 + 304.4 + 185.72 = 670.12, not of the first amount.
const THREE_PUBLIC_SHARES: &str = "江苏省高级人民法院2017年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出180万元，占“三公”经费的26.86%；公务用车购置及运行费支出304.4万元，占“三公”经费的45.43%；公务接待费支出185.72万元，占“三公”经费的27.71%。";

#[test]
fn a_three_public_share_is_of_their_total() {
    let doc = narrative_doc(DocumentKind::Budget, 2017, THREE_PUBLIC_SHARES);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    // 185.72 misprinted as 285.72: the shares no longer fit the parts.
    let bad = THREE_PUBLIC_SHARES.replace("185.72万元", "285.72万元");
    let doc = narrative_doc(DocumentKind::Budget, 2017, &bad);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    let found = beyond(&found);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[2].expected.unwrap().round_dp(2).to_string(), "37.10");
}

/// 杭州市气象局 2026年部门预算 (page 5): the parts are listed and their
/// shares make 100 %, so each is of their sum (5,876.68), not of the first
/// amount of the sentence, which is itself a part.
#[test]
fn listed_parts_are_shares_of_their_sum() {
    let text = "（三）支出预算情况说明2.按支出用途分类，包括人员支出2,906.80万元，占49.4%；日常公用支出838.27万元，占14.3%；项目支出2,131.61万元，占36.3%。";
    let doc = narrative_doc(DocumentKind::Budget, 2026, text);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    let doc = narrative_doc(DocumentKind::Budget, 2026, &text.replace("14.3%", "24.3%"));
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(
        beyond(&found).is_empty(),
        "shares not making 100 % have no known whole: {found:?}"
    );
}

/// 北京市人民政府国有资产监督管理委员会 2026年度部门预算情况说明 (page 2):
/// the current figure is the one right before 比 (19,828.57), not the first
/// of the sentence; 19,828.57 − 20,292.85 = −464.28 is 464.27 within rounding.
#[test]
fn the_current_figure_is_the_one_before_the_comparison() {
    let text = "一、收入预算情况说明2026度收入预算515,665.27万元，其中:一般公共预算收入19,828.57万元比2025年初预算数20,292.85万元减少464.27万元，降低2.29%；";
    let doc = narrative_doc(DocumentKind::Budget, 2026, text);
    let checks = [CheckId::NarrativeArithmetic, CheckId::NarrativeDirection];
    let found = validate_with(&doc, &checks);
    assert!(beyond(&found).is_empty(), "{found:?}");
}

/// 烟台 2026年部门预算 (e.g. 财政局, page 30): a year-Y budget reports staff
/// and assets as of 31 Dec of Y−1.
#[test]
fn a_budget_reports_assets_as_of_the_year_before() {
    let text = "截至2025年12月31日，本部门共有车辆3辆。";
    let doc = narrative_doc(DocumentKind::Budget, 2026, text);
    assert!(validate_with(&doc, &[CheckId::NarrativeYear]).is_empty());
    let doc = narrative_doc(DocumentKind::FinalAccounts, 2026, text);
    assert_eq!(validate_with(&doc, &[CheckId::NarrativeYear]).len(), 1);
    let doc = narrative_doc(DocumentKind::FinalAccounts, 2025, text);
    assert!(validate_with(&doc, &[CheckId::NarrativeYear]).is_empty());
}

/// 西安 应急管理局 2026年部门预算, table 一般公共预算支出明细表 (pages 7–9):
/// one code tree per 预算单位. Each unit's 208 is the sum of its own items.
fn per_unit_tree(second_unit_208: &str) -> Document {
    let c = ColumnId::Total;
    let mut t = Table::new(None, "2019年部门综合预算一般公共预算支出明细表");
    t.pages = vec![7, 8, 9];
    t.rows = vec![
        row("合计", "合计", c, "2,542.12"),
        row(
            "西安市安全生产监督管理局",
            "西安市安全生产监督管理局",
            c,
            "2,080.32",
        ),
        row("208", "社会保障和就业支出", c, "115.11"),
        row("行政事业单位离退休", "行政事业单位离退休", c, "113.28"),
        row("2080505", "机关事业单位基本养老保险缴费支出", c, "81.23"),
        row("2080506", "机关事业单位职业年金缴费支出", c, "32.05"),
        row("2089901", "其他社会保障和就业支出", c, "1.83"),
        row("210", "卫生健康支出", c, "15.86"),
        row("2101101", "行政单位医疗", c, "15.86"),
        row(
            "西安市安全生产宣传教育中心",
            "西安市安全生产宣传教育中心",
            c,
            "461.80",
        ),
        row("208", "社会保障和就业支出", c, second_unit_208),
        row("行政事业单位离退休#2", "行政事业单位离退休", c, "22.12"),
        row("2080505", "机关事业单位基本养老保险缴费支出", c, "22.12"),
        row("2089901", "其他社会保障和就业支出", c, "0.50"),
        row("210", "卫生健康支出", c, "5.80"),
        row("2101102", "事业单位医疗", c, "5.80"),
    ];
    let mut doc = Document::new("西安_应急管理局_2026年部门预算.pdf", "test");
    doc.kind = DocumentKind::Budget;
    doc.tables.push(t);
    doc
}

#[test]
fn each_unit_tree_is_checked_alone() {
    let found = validate_with(&per_unit_tree("22.62"), &[CheckId::CodeTree]);
    assert!(found.is_empty(), "{found:?}");
    let found = validate_with(&per_unit_tree("23.62"), &[CheckId::CodeTree]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].expected.unwrap().to_string(), "22.62");
    // The table's title matched no template: its findings are warnings.
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("low-confidence"),
        "{}",
        found[0].message
    );
    let mut known = per_unit_tree("23.62");
    known.tables[0].kind = Some(TableKind::GeneralBudgetExpenditure);
    let found = validate_with(&known, &[CheckId::CodeTree]);
    assert_eq!(found[0].severity, Severity::Error);
}

/// 30113 住房公积金 and 2210201 住房公积金 basic differ legitimately in a
/// 汇总 document: information, not an error or warning.
#[test]
fn housing_fund_lines_differ_in_a_consolidated_document() {
    let doc = |file: &str| {
        let mut g = Table::new(
            Some(TableKind::GeneralBudgetExpenditure),
            "一般公共预算财政拨款支出决算表",
        );
        g.rows
            .push(row("2210201", "住房公积金", ColumnId::Basic, "445.71"));
        let mut b = Table::new(
            Some(TableKind::GeneralBudgetBasicExpenditure),
            "一般公共预算财政拨款基本支出决算表",
        );
        b.rows
            .push(row("30113", "住房公积金", ColumnId::Amount, "438.98"));
        let mut doc = Document::new(file, "test");
        doc.tables = vec![g, b];
        doc
    };
    let found = validate_with(
        &doc("某医院2024年度部门决算（汇总）.pdf"),
        &[CheckId::CrossBasicItems],
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    let found = validate_with(
        &doc("某局2024年度部门决算.pdf"),
        &[CheckId::CrossBasicItems],
    );
    assert_eq!(found[0].severity, Severity::Warning);
}

/// 西南大学 2024年部门预算 (page 14): the whole is printed (244,675.66), so
/// only the wrong part (131,723.93: the page number 13 glued before 1,723.93,
/// as the text was once joined) is reported, not every share of a sum that it
/// inflates.
#[test]
fn a_printed_whole_comes_before_the_sum_of_parts() {
    let text = "（四）财政拨款支出预算情况说明我校2024年本年财政拨款支出预算244,675.66万元，其中教育支出220,139.76万元，占89.97%；科学技术支出131,723.93万元，占0.71%；社会保障和就业支出15,077.81万元，占6.16%；住房保障支出7,624.66万元，占3.12%，其他支出109.50万元，占0.04%。";
    let doc = narrative_doc(DocumentKind::Budget, 2024, text);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    let found = beyond(&found);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].printed.unwrap().to_string(), "0.71");
}

/// 无锡市交通运输局（本级）2026年度单位预算 (page 36): "增长2,168.43%" has
/// its percent sign; the comma groups thousands.
#[test]
fn a_grouped_percentage_has_its_percent_sign() {
    let text = "2.城乡社区公共设施（款）其他城乡社区公共设施支出（项）支出127,692.11万元，与上年相比增加122,063.01万元，增长2,168.43%。";
    let doc = narrative_doc(DocumentKind::Budget, 2026, text);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(
        !found.iter().any(|f| f.message.contains("缺少 %")),
        "{found:?}"
    );
    let doc = narrative_doc(
        DocumentKind::Budget,
        2026,
        &text.replace("2,168.43%", "2,168.43"),
    );
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(
        found.iter().any(|f| f.message.contains("缺少 %")),
        "{found:?}"
    );
}

/// 上海市普陀区人民政府万里街道办事处24年预算 (page 21): a 预算 财政拨款收支总表
/// names its income rows 一般公共预算拨款收入, not the 决算's
/// 一般公共预算财政拨款; the per-fund balance must not read them as zero.
#[test]
fn a_budget_summary_is_not_read_with_final_account_labels() {
    let e = Some(juesuan_model::Side::Expenditure);
    let i = Some(juesuan_model::Side::Income);
    let mut t = Table::new(
        Some(TableKind::BudgetAppropriationSummary),
        "财政拨款收支总表",
    );
    t.pages = vec![21];
    t.rows = vec![
        {
            let mut r = row(
                "一般公共预算拨款收入",
                "一般公共预算拨款收入",
                ColumnId::Amount,
                "15,621.11",
            );
            r.side = i;
            r
        },
        {
            let mut r = row("支出总计", "支出总计", ColumnId::GeneralBudget, "15,621.11");
            r.side = e;
            r
        },
    ];
    let mut doc = Document::new("万里街道办事处24年预算.pdf", "test");
    doc.kind = DocumentKind::Budget;
    doc.tables.push(t);
    let found = validate_with(&doc, &[CheckId::SummaryBalance]);
    assert!(beyond(&found).is_empty(), "{found:?}");
}

/// A printed row: its key, its name and its cells.
type Printed<'a> = (&'a str, &'a str, &'a [(ColumnId, &'a str)]);

/// A table of kind `kind` in 万元 on page 9 with the given rows.
fn coded_table(kind: TableKind, rows: &[Printed<'_>]) -> Document {
    let mut t = Table::new(Some(kind), kind.chinese_name());
    t.pages = vec![9];
    t.unit = Some(Unit::WanYuan);
    for (key, name, cells) in rows {
        let mut r = Row::new(RowKey::Label(String::new()), None, *name);
        for (c, printed) in *cells {
            r.values
                .insert(*c, row(key, name, *c, printed).values[c].clone());
        }
        r.key = row(key, name, ColumnId::Total, "0").key;
        t.rows.push(r);
    }
    let mut doc = Document::new("test.pdf", "test");
    doc.kind = DocumentKind::Budget;
    doc.unit = Some(Unit::WanYuan);
    doc.tables.push(t);
    doc
}

/// 重庆市商务委员会 2026年部门预算 (page 9, 部门收入总体情况表): the 类 and
/// 款 amounts are printed over two lines ("23,103" above ".76") and were not
/// read, so the 总计 cell of 201 is blank while its items print theirs. A
/// figure that was not read is noted, not judged: it used to be an error.
#[test]
fn a_parent_cell_not_read_is_noted_not_judged() {
    use ColumnId::{Business, GeneralBudget, Total};
    let doc = coded_table(
        TableKind::BudgetIncome,
        &[
            ("201", "一般公共服务支出", &[(Business, "659.70")]),
            ("20113", "商贸事务", &[(Business, "659.70")]),
            (
                "2011301",
                "行政运行",
                &[(Total, "6,231.54"), (GeneralBudget, "6,231.54")],
            ),
            (
                "2011350",
                "事业运行",
                &[
                    (Total, "8,945.61"),
                    (GeneralBudget, "2,732.59"),
                    (Business, "659.70"),
                ],
            ),
        ],
    );
    let found = validate_with(&doc, &[CheckId::CodeTree]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    let notes: Vec<_> = found
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .collect();
    // 20113 in 总计 and 一般公共预算 (201 against a blank 20113 is blank too).
    assert_eq!(notes.len(), 2, "{found:?}");
    assert_eq!(notes[0].expected.unwrap().to_string(), "15177.15");
    assert!(notes[0].message.contains("未读到"), "{}", notes[0].message);
}

/// 西安市气象局 2026年部门预算 (page 22, 一般公共预算支出表, in 元): the item
/// 2080506 prints its figure glued to its name ("…缴费支出43608.96") and
/// was read without one; 20805 against an item with nothing read is a note.
#[test]
fn children_with_nothing_read_are_noted_not_judged() {
    use ColumnId::Total;
    let doc = coded_table(
        TableKind::BudgetGeneralExpenditure,
        &[
            ("20805", "行政事业单位养老支出", &[(Total, "4.360896")]),
            ("2080506", "机关事业单位职业年金缴费支出", &[]),
        ],
    );
    let found = validate_with(&doc, &[CheckId::CodeTree]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Info);
}

/// 西安市人力资源和社会保障局 2026年部门预算 (page 30, 部门综合预算收入总表,
/// keyed by 单位编码): integers of the table (50830, 30000, 350) were read as
/// codes. They are no 功能分类 code and make no tree (it was 3 errors).
#[test]
fn integers_read_as_codes_make_no_tree() {
    use ColumnId::{OpeningBalance, Total};
    let doc = coded_table(
        TableKind::BudgetIncome,
        &[
            ("合计", "合计", &[(Total, "182157.13")]),
            ("50830", "", &[(OpeningBalance, "90.57")]),
            ("30000", "", &[(OpeningBalance, "0")]),
            ("350", "", &[]),
        ],
    );
    let found = validate_with(&doc, &[CheckId::CodeTree]);
    assert!(found.is_empty(), "{found:?}");
}

/// 苏州市自然资源和规划局（本级）2026年度单位预算 (page 20, 一般公共预算支出表):
/// the 合计 (9,078.52) leaves out 222 粮油物资储备支出 (388.25), a genuine
/// printing error that the fixes above must not hide.
#[test]
fn a_total_missing_a_class_is_still_an_error() {
    use ColumnId::{Project, Total};
    let doc = coded_table(
        TableKind::BudgetGeneralExpenditure,
        &[
            (
                "合计",
                "合计",
                &[(Total, "9,078.52"), (Project, "4,256.30")],
            ),
            ("208", "社会保障和就业支出", &[(Total, "465.60")]),
            (
                "220",
                "自然资源海洋气象等支出",
                &[(Total, "7,095.13"), (Project, "4,256.30")],
            ),
            ("221", "住房保障支出", &[(Total, "1,517.79")]),
            (
                "222",
                "粮油物资储备支出",
                &[(Total, "388.25"), (Project, "388.25")],
            ),
        ],
    );
    let found = validate_with(&doc, &[CheckId::CodeTree]);
    let found = beyond(&found);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(found[0].expected.unwrap().to_string(), "9466.77");
}

/// 武汉 (国家信访局) 2026年部门预算 (page 18): the 支出 listed after the
/// 当年拨款 (16,474.82) are shares of the 收支总预算 (18,728.91, the sentence
/// before), which is their sum: 15,291.3 / 18,728.94 = 81.65 %. Taking the
/// amount printed first in the sentence gave four false warnings.
#[test]
fn a_listing_is_of_its_sum_where_the_printed_amount_is_of_something_else() {
    let text = "四、关于财政拨款收支总表的说明2026年国家信访局财政拨款收支总预算18,728.91万元。收入全部为一般公共预算拨款（无政府性基金及国有资本经营预算拨款），包括：一般公共预算当年拨款收入16,474.82万元、上年结转2,254.12万元；支出包括：一般公共服务支出15,291.3万元，占81.65%；教育支出118.01万元，占0.63%；社会保障和就业支出2,208.19万元，占11.79%；住房保障支出1,111.44万元，占5.93%。";
    let doc = narrative_doc(DocumentKind::Budget, 2026, text);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    // One misprinted share of the same listing is still found.
    let doc = narrative_doc(
        DocumentKind::Budget,
        2026,
        &text.replace("占0.63%", "占0.68%"),
    );
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert_eq!(beyond(&found).len(), 1, "{found:?}");
}

/// 西南大学 2024年部门预算 (pages 12–14): each page's text ends with its
/// printed number, glued to the sentence that goes on over the page:
/// "科学技术支出" + "13" + "1,723.93万元" read 131,723.93 and gave a false
/// warning (1,723.93 / 244,675.66 = 0.70 % is printed 0.71 %, truncated).
#[test]
fn the_page_number_at_the_foot_of_a_page_is_not_read_into_a_figure() {
    let pages = [
        (12, "我校2024年收入预算445,059.97万元，其中：财政拨款收入244,675.66万元，占54.98%；事业收入141,934.81万元，占31.89%；其他收入58,449.50万元，占13.13%。12"),
        (13, "（四）财政拨款支出预算情况说明我校2024年本年财政拨款支出预算244,675.66万元，其中教育支出220,139.76万元，占89.97%；科学技术支出13"),
        (14, "1,723.93万元，占0.71%；社会保障和就业支出15,077.81万元，占6.16%；住房保障支出7,624.66万元，占3.12%，其他支出109.50万元，占0.04%。14"),
    ];
    let mut doc = narrative_doc(DocumentKind::Budget, 2024, "");
    doc.narrative = pages
        .iter()
        .map(|(page, text)| TextBlock {
            page: *page,
            text: text.to_string(),
        })
        .collect();
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(beyond(&found).is_empty(), "{found:?}");
}

/// 西安市审计局（汇总）2026年部门预算 (page 10): the change closes a listing
/// of the 收入 and is of their total: 142.30 / (4,203.47 − 142.30) = 3.50 %.
/// It was read as a change of the last part (100.00, from −42.30).
#[test]
fn a_change_after_a_listing_is_of_its_total() {
    let text = "（一）收入预算2026年收入预算总计4,203.47万元，其中：一般公共预算拨款4,005.29万元、上年实户资金余额98.18万元、其他收入100.00万元，较上年增加142.30万元，增长3.50%，增长的主要原因是：";
    let doc = narrative_doc(DocumentKind::Budget, 2026, text);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    let doc = narrative_doc(DocumentKind::Budget, 2026, &text.replace("3.50%", "4.50%"));
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert_eq!(beyond(&found).len(), 1, "{found:?}");
}

/// 江苏省人大常委会办公厅 2018 预算 (page 22): 49.55 + 39.84 + 10.61 + 0 =
/// 100 %, where 1,685.72 / 15,897.44 is 10.60 %: the last share moved a step
/// so the listing makes 100 %, which is rounding, not a warning.
#[test]
fn a_share_moved_a_step_to_make_a_hundred_is_rounding() {
    let text = "江苏省人大常委会办公厅部门本年支出预算合计15897.44万元，其中：基本支出7877.76万元，占49.55%；项目支出6333.96万元，占39.84%；单位预留机动经费1685.72万元，占10.61%；结转下年资金0万元，占0%。";
    let doc = narrative_doc(DocumentKind::Budget, 2018, text);
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Rounding);
    // Two steps off is still a warning.
    let doc = narrative_doc(
        DocumentKind::Budget,
        2018,
        &text.replace("10.61%", "10.62%").replace("39.84%", "39.83%"),
    );
    let found = validate_with(&doc, &[CheckId::NarrativeArithmetic]);
    assert_eq!(beyond(&found).len(), 1, "{found:?}");
}

/// 烟台市应急管理局 2026年部门预算 (pages 10–11, 收入总体情况表, 类/款/项 in
/// three columns): 款 07 (595.00) is on page 10, its 项 99 on page 11, read
/// as 22499 beside 22407. The lost 项 is not a second 款 of 224 (it made
/// 224 = 4,827.84 against 5,422.84, an error).
#[test]
fn an_item_read_with_the_class_code_alone_is_not_a_section() {
    use ColumnId::{GeneralBudget, Total};
    let doc = |lost: &str| {
        coded_table(
            TableKind::BudgetIncome,
            &[
                (
                    "224",
                    "灾害防治及应急管理支出",
                    &[(Total, "4,827.84"), (GeneralBudget, "4,820.14")],
                ),
                (
                    "22401",
                    "应急管理事务",
                    &[(Total, "4,177.58"), (GeneralBudget, "4,169.88")],
                ),
                (
                    "2240101",
                    "行政运行",
                    &[(Total, "4,177.58"), (GeneralBudget, "4,169.88")],
                ),
                (
                    "22405",
                    "地震事务",
                    &[(Total, "55.26"), (GeneralBudget, "55.26")],
                ),
                (
                    "2240550",
                    "地震事业机构",
                    &[(Total, "55.26"), (GeneralBudget, "55.26")],
                ),
                (
                    "22407",
                    "自然灾害救灾及恢复重建支出",
                    &[(Total, "595.00"), (GeneralBudget, "595.00")],
                ),
                (
                    "22499",
                    "其他自然灾害救灾及恢复重建支出",
                    &[(Total, lost), (GeneralBudget, lost)],
                ),
            ],
        )
    };
    let found = validate_with(&doc("595.00"), &[CheckId::CodeTree]);
    assert!(beyond(&found).is_empty(), "{found:?}");
    // A 款 with other figures is a 款, and the sum is judged with it.
    let found = validate_with(&doc("5.00"), &[CheckId::CodeTree]);
    assert_eq!(beyond(&found).len(), 2, "{found:?}");
}
