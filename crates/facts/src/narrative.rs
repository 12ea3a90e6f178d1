//! Facts read from the prose: each rule of `rules.rs` run over the stream,
//! the value read with the model's amount grammar, its unit checked, and
//! the comparison printed after it parsed.

use std::sync::OnceLock;

use juesuan_model::amount::scan;
use juesuan_model::{Amount, Basis, Comparison, Fact, FactId, FactUnit};
use regex::{Regex, RegexBuilder};

use crate::rules::{rules, Rule};
use crate::stream::Stream;

/// The longest sentence kept with a fact, in characters either side.
const SENTENCE_REACH: usize = 160;

/// The lazy DFA cache of one rule, on each thread. A rule with a counted
/// repetition of a negated class (`[^。；]{0,40}?`) fills the default 2 MiB
/// as it meets new text, and keeps it for the life of the process; a
/// smaller cache is cleared and refilled instead.
fn dfa_limit(pattern: &str) -> usize {
    if pattern.contains("]{0,") {
        1 << 18
    } else {
        2 << 20
    }
}

fn compiled() -> &'static [(Rule, Regex)] {
    static RULES: OnceLock<Vec<(Rule, Regex)>> = OnceLock::new();
    RULES.get_or_init(|| {
        rules()
            .into_iter()
            .map(|rule| {
                // The patterns are constants of this crate; a test compiles each.
                let re = RegexBuilder::new(&rule.pattern)
                    .dfa_size_limit(dfa_limit(&rule.pattern))
                    .build()
                    .expect("fact rule compiles");
                (rule, re)
            })
            .collect()
    })
}

/// One value a rule read, before it is located.
struct Hit {
    rule: usize,
    id: FactId,
    start: usize,
    end: usize,
    /// Where the unit ends.
    after: usize,
    value: Amount,
    printed: String,
    /// What the pattern read between its subject and the value.
    pre: String,
}

/// Every fact the stream prints, in printed order.
pub(crate) fn read_facts(stream: &Stream) -> Vec<Fact> {
    let text = stream.text.as_str();
    let mut hits: Vec<Hit> = Vec::new();
    for (ri, (rule, re)) in compiled().iter().enumerate() {
        let mut pos = 0;
        while pos < text.len() {
            let Some(c) = re.captures_at(text, pos) else {
                break;
            };
            let whole = c.get(0).map_or(pos..pos, |m| m.range());
            let next = next_char(text, whole.start);
            let pre = c.name("pre").map_or("", |m| m.as_str());
            if rule.reject.iter().any(|r| pre.contains(r)) {
                pos = next;
                continue;
            }
            match read_value(text, &c, rule.id.unit()) {
                Some((start, end, after, value, printed)) => {
                    hits.push(Hit {
                        rule: ri,
                        id: rule.id,
                        start,
                        end,
                        after,
                        value,
                        printed,
                        pre: pre.to_string(),
                    });
                    pos = end.max(next);
                }
                None => pos = next,
            }
        }
    }
    // When two rules read the same printed value, the first listed keeps it.
    hits.sort_by_key(|h| (h.start, h.rule));
    hits.dedup_by_key(|h| h.start);
    hits.into_iter()
        .map(|h| {
            let (page, bbox) = stream.locate(h.start, h.end);
            let comparison = compare(text, &h);
            Fact {
                id: h.id,
                value: h.value,
                printed: h.printed,
                unit: h.id.unit(),
                page,
                bbox,
                sentence: sentence(text, h.start),
                comparison,
            }
        })
        .collect()
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// The value at group `v` (a number with its unit) or `w` (a word meaning 0).
fn read_value(
    text: &str,
    c: &regex::Captures<'_>,
    unit: FactUnit,
) -> Option<(usize, usize, usize, Amount, String)> {
    if let Some(w) = c.name("w") {
        let zero = Amount::parse("0").ok()?;
        return Some((w.start(), w.end(), w.end(), zero, w.as_str().to_string()));
    }
    let v = c.name("v")?;
    let (end, amount) = number_at(text, v.start())?;
    let after = end + unit_len(&text[end..], unit)?;
    Some((
        v.start(),
        end,
        after,
        amount,
        text[v.start()..end].to_string(),
    ))
}

/// The amount printed at `at`, through the model's one amount grammar.
pub(crate) fn number_at(text: &str, at: usize) -> Option<(usize, Amount)> {
    let s = scan(&text[at..])?;
    let end = at + s.len;
    Amount::parse(&text[at..end]).ok().map(|a| (end, a))
}

/// The length of the unit word that must follow a value of `unit`.
fn unit_len(rest: &str, unit: FactUnit) -> Option<usize> {
    let words: &[&str] = match unit {
        FactUnit::WanYuan => &["万元", "万"],
        FactUnit::Vehicles => &["辆", "台"],
        FactUnit::Sets => &[
            "台（套）",
            "台(套)",
            "台（件、套）",
            "台/套",
            "台",
            "套",
            "件",
        ],
        FactUnit::Count => &["个", "批次", "批", "项"],
        FactUnit::People => &["人次", "人"],
        FactUnit::Percent => &["%", "％"],
        FactUnit::Score => &["分"],
    };
    words
        .iter()
        .find(|w| rest.starts_with(**w))
        .map(|w| w.len())
}

/// The sentence around byte `at`: from the last 。 before it to the next.
fn sentence(text: &str, at: usize) -> String {
    let stop = |c: char| c == '。';
    let start = text[..at]
        .char_indices()
        .rev()
        .take(SENTENCE_REACH)
        .find(|(_, c)| stop(*c))
        .map_or_else(
            || {
                text[..at]
                    .char_indices()
                    .rev()
                    .take(SENTENCE_REACH)
                    .last()
                    .map_or(at, |(i, _)| i)
            },
            |(i, c)| i + c.len_utf8(),
        );
    let mut end = at;
    for (n, (i, c)) in text[at..].char_indices().enumerate() {
        end = at + i + c.len_utf8();
        if stop(c) || n >= SENTENCE_REACH {
            break;
        }
    }
    text[start..end].to_string()
}

fn cmp_re() -> &'static (Regex, Regex, Regex, Regex) {
    static RE: OnceLock<(Regex, Regex, Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("comparison pattern compiles");
        (
            re(r"^[，,]?(?:(?:比|较|与)(?P<b>[^，。；]{0,30}?)(?:相比|对比)?[，,]?)(?P<dir>基本持平|持平|增加|减少|增长|下降|降低|上升|节约|超支)了?"),
            re(r"^[，,]?(?:增长|下降|降低|减少|增加|上升|减幅|增幅|降幅)(?:（(?:增长|下降)）)?(?:了|为)?(?P<p>[0-9])"),
            re(r"^[，,]?完成(?:全年|年初)?(?:调整后)?(?:预算|全年预算)(?:数)?的(?P<p>[0-9])"),
            re(r"预算(?:数)?(?:为|是)?(?P<v>[0-9])"),
        )
    })
}

/// The comparison printed right after a value, or the budget printed
/// before it with a completion rate after.
fn compare(text: &str, h: &Hit) -> Option<Comparison> {
    let (cmp, pct, done, budget) = cmp_re();
    let tail = &text[h.after..];
    if let Some(c) = cmp.captures(tail) {
        let basis_text = c.name("b").map_or("", |m| m.as_str());
        let basis = if basis_text.contains("预算") {
            Basis::Budget
        } else {
            Basis::PreviousYear
        };
        let dir = c.name("dir")?;
        let mut at = dir.end();
        let mut difference = None;
        if let Some((end, a)) = number_at(tail, at) {
            difference = Some(a);
            at = end + unit_len(&tail[end..], h.id.unit()).unwrap_or(0);
        }
        let percent = pct
            .captures(&tail[at..])
            .and_then(|p| p.name("p"))
            .and_then(|p| percent_at(&tail[at..], p.start()));
        return Some(Comparison {
            basis,
            base: first_wan_yuan(basis_text),
            difference,
            direction: Some(dir.as_str().to_string()),
            percent_kind: percent.as_ref().map(|_| "change".to_string()),
            percent,
        });
    }
    let base = budget
        .captures_iter(&h.pre)
        .filter_map(|c| c.name("v"))
        .filter_map(|v| {
            let (end, a) = number_at(&h.pre, v.start())?;
            unit_len(&h.pre[end..], FactUnit::WanYuan).map(|_| a)
        })
        .last();
    let percent = done
        .captures(tail)
        .and_then(|p| p.name("p"))
        .and_then(|p| percent_at(tail, p.start()));
    (base.is_some() || percent.is_some()).then(|| Comparison {
        basis: Basis::Budget,
        base,
        difference: None,
        direction: None,
        percent_kind: percent.as_ref().map(|_| "completion".to_string()),
        percent,
    })
}

/// A percentage printed at `at` (the number, its `%` required).
fn percent_at(text: &str, at: usize) -> Option<Amount> {
    let (end, a) = number_at(text, at)?;
    unit_len(&text[end..], FactUnit::Percent).map(|_| a)
}

/// The first amount in `text` printed in 万元 (a year before it is skipped).
fn first_wan_yuan(text: &str) -> Option<Amount> {
    let mut at = 0;
    while let Some(i) = text[at..].find(|c: char| c.is_ascii_digit()) {
        let start = at + i;
        let (end, a) = number_at(text, start)?;
        if unit_len(&text[end..], FactUnit::WanYuan).is_some() {
            return Some(a);
        }
        at = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Vec<(FactId, String)> {
        read_facts(&Stream::plain(text, 1))
            .into_iter()
            .map(|f| (f.id, f.value.to_string()))
            .collect()
    }

    #[test]
    fn every_rule_compiles() {
        assert_eq!(compiled().len(), rules().len());
    }

    #[test]
    fn operating_cost_with_its_budget_comparison() {
        let t = "1.机关运行经费支出情况说明。本部门 2020 年度机关运行经费支出 59.97 万元，比年初预算数减少 48.55 万元，降低 44.7%，主要原因是：办公费少。";
        let got = read_facts(&Stream::plain(t, 7));
        assert_eq!(got.len(), 1);
        let f = &got[0];
        assert_eq!(
            (f.id, f.value.to_string(), f.page),
            (FactId::OperatingCost, "59.97".into(), 7)
        );
        let c = f.comparison.as_ref().unwrap();
        assert_eq!(c.basis, Basis::Budget);
        assert_eq!(c.difference.as_ref().unwrap().to_string(), "48.55");
        assert_eq!(c.direction.as_deref(), Some("减少"));
        assert_eq!(c.percent.as_ref().unwrap().to_string(), "44.7");
        assert!(f.sentence.starts_with("本部门2020年度机关运行经费支出"));
    }

    #[test]
    fn procurement_and_vehicles_of_the_seed() {
        let t = "本部门2020年度政府采购支出总额240.79万元，其中：政府采购货物支出13.21万元、政府采购工程支出0万元、政府采购服务支出227.58万元。授予中小企业合同金额240.79万元，占政府采购支出总额的100%，其中：授予小微企业合同金额165.08万元，占政府采购支出总额的68.6%。截至2020年12月31日，本部门共有车辆5辆，其中一般公务用车1辆、其他用车4辆；单价50万元以上通用设备0台（套），单价100万元以上专用设备0台（套）。";
        let want = [
            (FactId::ProcurementTotal, "240.79"),
            (FactId::ProcurementGoods, "13.21"),
            (FactId::ProcurementWorks, "0"),
            (FactId::ProcurementServices, "227.58"),
            (FactId::ProcurementSme, "240.79"),
            (FactId::ProcurementSmallMicro, "165.08"),
            (FactId::VehiclesTotal, "5"),
            (FactId::VehiclesOfficial, "1"),
            (FactId::VehiclesOther, "4"),
            (FactId::EquipmentGeneral500k, "0"),
            (FactId::EquipmentSpecial1m, "0"),
        ];
        let want: Vec<_> = want.iter().map(|(i, v)| (*i, v.to_string())).collect();
        assert_eq!(facts(t), want);
    }

    #[test]
    fn three_public_actuals_keep_the_budget_printed_before_them() {
        let t = "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费决算为0.00万元，完成预算的0%；公务接待费预算为6万元，支出决算为1.88万元，完成预算的31.3%。全年安排因公出国（境）团组0个、累计0人次。列明公务接待2批次、26人次，其中：接待外宾0批次、0人次。";
        let got = read_facts(&Stream::plain(t, 1));
        let ids: Vec<_> = got.iter().map(|f| (f.id, f.value.to_string())).collect();
        assert_eq!(
            ids,
            [
                (FactId::ThreePublicTotal, "0.39".to_string()),
                (FactId::ThreePublicOverseas, "0.00".into()),
                (FactId::ThreePublicReception, "1.88".into()),
                (FactId::OverseasGroups, "0".into()),
                (FactId::OverseasPeople, "0".into()),
                (FactId::ReceptionBatches, "2".into()),
                (FactId::ReceptionPeople, "26".into()),
                (FactId::ReceptionForeignBatches, "0".into()),
                (FactId::ReceptionForeignPeople, "0".into()),
            ]
        );
        let c = got[0].comparison.as_ref().unwrap();
        assert_eq!(c.base.as_ref().unwrap().to_string(), "2.85");
        assert_eq!(c.percent.as_ref().unwrap().to_string(), "13.68");
        assert_eq!(c.percent_kind.as_deref(), Some("completion"));
        let r = got[2].comparison.as_ref().unwrap();
        assert_eq!(r.base.as_ref().unwrap().to_string(), "6");
    }

    #[test]
    fn an_item_quoted_after_the_total_is_the_item() {
        let t = "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0.00万元，占0.00%；公务接待费支出决算0.39万元，占100.00%。2024年度无“三公”经费财政拨款支出。";
        assert_eq!(
            facts(t),
            [
                (FactId::ThreePublicOverseas, "0.00".to_string()),
                (FactId::ThreePublicReception, "0.39".into()),
                (FactId::ThreePublicTotal, "0".into())
            ]
        );
    }

    #[test]
    fn budget_facts_and_not_purchased_services() {
        let t = "2026年北京市司法局政府采购预算总额7565.76万元，其中：政府采购货物预算196.91万元，政府采购工程预算0万元，政府采购服务预算7368.85万元。机关运行经费财政拨款预算1326.71万元。政府购买服务支出35.00万元。";
        assert_eq!(
            facts(t),
            [
                (FactId::ProcurementBudgetTotal, "7565.76".to_string()),
                (FactId::ProcurementBudgetGoods, "196.91".into()),
                (FactId::ProcurementBudgetWorks, "0".into()),
                (FactId::ProcurementBudgetServices, "7368.85".into()),
                (FactId::OperatingCostBudget, "1326.71".into()),
            ]
        );
    }

    #[test]
    fn vehicle_kinds_of_another_region() {
        // A page break inside 业务用车 prints its folio between the characters.
        let t = "截至2025年12月，所属各预算单位共有车辆9辆，其中业 —5— 务用车2辆，机要通信用车1辆，应急保障用车6辆。";
        assert_eq!(
            facts(t),
            [
                (FactId::VehiclesTotal, "9".to_string()),
                (FactId::VehiclesBusiness, "2".into()),
                (FactId::VehiclesConfidential, "1".into()),
                (FactId::VehiclesEmergency, "6".into()),
            ]
        );
    }

    #[test]
    fn a_year_is_not_a_value_and_words_read_as_zero() {
        assert_eq!(
            facts("政府采购支出情况上海市2024年度政府采购金额（以合同签订为准）为251.25万元。"),
            [(FactId::ProcurementTotal, "251.25".to_string())]
        );
        assert_eq!(
            facts("全年无因公出国（境）团组。两年均未购置公务用车；"),
            [
                (FactId::OverseasGroups, "0".to_string()),
                (FactId::VehiclePurchases, "0".into())
            ]
        );
    }
}
