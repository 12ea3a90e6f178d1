//! Tests of the performance-table reader, on lines as the text layer gives them.

use super::*;

fn line(page: u32, y: f64, cells: &[(f64, &str)]) -> Line<'static> {
    Line {
        page,
        toks: cells
            .iter()
            .map(|(x, s)| Tok {
                text: s.to_string().into(),
                x0: *x,
                x1: x + 10.0 * s.chars().count() as f64,
                y0: y,
                y1: y + 10.0,
            })
            .collect(),
        cuts: Vec::new(),
    }
}

#[test]
fn a_self_evaluation_table() {
    let lines = vec![
        line(
            30,
            10.0,
            &[
                (50.0, "项目名称"),
                (150.0, "一般行政管理事务"),
                (350.0, "项目起止时间"),
            ],
        ),
        line(
            30,
            30.0,
            &[
                (50.0, "主管部门"),
                (150.0, "某局"),
                (350.0, "实施单位"),
                (450.0, "某局"),
            ],
        ),
        line(
            30,
            50.0,
            &[
                (50.0, "项目资金(万元)"),
                (300.0, "全年预算数(A)"),
                (400.0, "全年执行数(B)"),
                (500.0, "执行率(B/A)"),
            ],
        ),
        line(
            30,
            70.0,
            &[
                (150.0, "年度资金总额:"),
                (320.0, "853.48"),
                (420.0, "788.48"),
                (520.0, "92.38%"),
            ],
        ),
        line(
            30,
            90.0,
            &[
                (150.0, "其中:上级转移支付资金"),
                (320.0, "0.00"),
                (420.0, "0.00"),
                (520.0, "--"),
            ],
        ),
        line(
            30,
            110.0,
            &[
                (10.0, "绩效指标"),
                (60.0, "一级指标"),
                (120.0, "二级指标"),
                (200.0, "三级指标"),
                (320.0, "年度指标值"),
                (420.0, "全年完成值"),
                (500.0, "未完成原因和改进措施"),
            ],
        ),
        line(
            30,
            130.0,
            &[
                (10.0, "绩效"),
                (60.0, "产出指标"),
                (120.0, "数量指标"),
                (200.0, "组织党建活动"),
                (330.0, "4次"),
                (430.0, "4"),
            ],
        ),
        line(
            30,
            150.0,
            &[(200.0, "组织开展体检"), (330.0, "1次"), (430.0, "1")],
        ),
        line(
            30,
            170.0,
            &[
                (120.0, "时效指标"),
                (200.0, "按时完成"),
                (330.0, "95%"),
                (430.0, "100%"),
                (510.0, "受疫情影响，"),
            ],
        ),
        line(30, 190.0, &[(510.0, "下半年完成。")]),
        line(30, 210.0, &[(20.0, "说明"), (120.0, "无")]),
    ];
    let got = read_performance(lines, true);
    assert_eq!(got.len(), 1);
    let p = &got[0];
    assert_eq!(p.kind, PerformanceKind::SelfEvaluation);
    assert_eq!(
        (
            p.name.as_str(),
            p.department.as_deref(),
            p.implementer.as_deref()
        ),
        ("一般行政管理事务", Some("某局"), Some("某局"))
    );
    assert_eq!(p.unit.as_deref(), Some("万元"));
    let t = p.total().unwrap();
    assert_eq!(t.source, "年度资金总额");
    assert_eq!(t.budget.as_ref().unwrap().to_string(), "853.48");
    assert_eq!(t.execution.as_ref().unwrap().to_string(), "788.48");
    assert_eq!(t.rate.as_ref().unwrap().to_string(), "92.38");
    assert_eq!(p.funds[1].rate, None);
    assert_eq!(p.indicators.len(), 3);
    let r = &p.indicators[1];
    assert_eq!(
        (r.level1.as_str(), r.level2.as_str(), r.level3.as_str()),
        ("产出指标", "数量指标", "组织开展体检")
    );
    assert_eq!(
        (r.target.as_str(), r.actual.as_deref(), r.unit.as_deref()),
        ("1次", Some("1"), Some("次"))
    );
    let r = &p.indicators[2];
    assert_eq!(
        (r.level1.as_str(), r.level2.as_str()),
        ("产出指标", "时效指标")
    );
    assert_eq!(r.reason.as_deref(), Some("受疫情影响，下半年完成。"));
}

#[test]
fn a_target_table_has_label_amount_pairs_and_no_actuals() {
    let lines = vec![
        line(5, 10.0, &[(50.0, "项目名称"), (150.0, "实施公车统管费用")]),
        line(
            5,
            30.0,
            &[
                (50.0, "主管部门及代码"),
                (150.0, "225_烟台市司法局"),
                (300.0, "实施单位"),
                (400.0, "烟台市司法局"),
            ],
        ),
        line(5, 50.0, &[(150.0, "年度预算资金总额："), (300.0, "15.00")]),
        line(
            5,
            70.0,
            &[
                (50.0, "项目资金"),
                (150.0, "其中：财政拨款"),
                (300.0, "15.00"),
            ],
        ),
        line(5, 80.0, &[(50.0, "（万元）")]),
        line(
            5,
            110.0,
            &[
                (60.0, "一级指标"),
                (120.0, "二级指标"),
                (200.0, "三级指标"),
                (320.0, "指标值"),
            ],
        ),
        line(
            5,
            130.0,
            &[
                (10.0, "绩效指标"),
                (60.0, "成本指标"),
                (120.0, "经济成本"),
                (200.0, "总支出不超过"),
                (330.0, "≤15万元"),
            ],
        ),
    ];
    let got = read_performance(lines, false);
    assert_eq!(got.len(), 1);
    let p = &got[0];
    assert_eq!(p.kind, PerformanceKind::Target);
    assert_eq!(p.department.as_deref(), Some("225_烟台市司法局"));
    assert_eq!(p.funds.len(), 2);
    assert_eq!(p.funds[1].source, "其中：财政拨款");
    assert_eq!(p.funds[0].budget.as_ref().unwrap().to_string(), "15.00");
    assert_eq!(p.indicators[0].unit.as_deref(), Some("万元"));
    assert_eq!(p.indicators[0].actual, None);
}
