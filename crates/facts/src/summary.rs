//! The 自评综述 paragraphs: each names a project and quotes its 全年预算数,
//! 执行数 and 预算执行率, attached to the performance record of that name.

use std::sync::OnceLock;

use juesuan_model::{Amount, Performance, PerformanceSummary};
use regex::Regex;

use crate::narrative::number_at;
use crate::stream::Stream;

/// The longest paragraph read after a 绩效自评综述 heading, in bytes.
const REACH: usize = 1200;

fn patterns() -> &'static [(usize, Regex); 3] {
    static RE: OnceLock<[(usize, Regex); 3]> = OnceLock::new();
    RE.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("summary pattern compiles");
        [
            (
                0,
                re(r"(?:全年预算数|下达政府投资计划|预算数)(?:为)?(?P<v>[0-9])"),
            ),
            (
                1,
                re(r"(?:执行数|实际完成投资|实际支出)(?:为)?(?P<v>[0-9])"),
            ),
            (2, re(r"执行率(?:为)?(?P<v>[0-9])")),
        ]
    })
}

/// Fills [`Performance::summary`] from the 绩效自评综述 paragraphs of `stream`.
pub(crate) fn attach(stream: &Stream, records: &mut [Performance]) {
    let text = stream.text.as_str();
    let heads: Vec<usize> = text.match_indices("绩效自评综述").map(|(i, _)| i).collect();
    for (n, &head) in heads.iter().enumerate() {
        let name = project_name(&text[..head]);
        if name.is_empty() {
            continue;
        }
        let Some(rec) = records
            .iter_mut()
            .find(|r| r.summary.is_none() && (name.contains(&r.name) || r.name.contains(name)))
        else {
            continue;
        };
        let mut end = heads
            .get(n + 1)
            .copied()
            .unwrap_or(text.len())
            .min(head + REACH);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        rec.summary = read_paragraph(stream, head, &text[head..end]);
    }
}

/// The project name printed before a 绩效自评综述 heading: back to its
/// enumerator `(3)` or `（3）`, or to the sentence before.
fn project_name(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .take(60)
        .find(|(_, c)| matches!(c, ')' | '）' | '。' | '：' | '；'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = &before[start..];
    name.strip_suffix("项目")
        .filter(|n| !n.is_empty())
        .unwrap_or(name)
}

fn read_paragraph(stream: &Stream, head: usize, para: &str) -> Option<PerformanceSummary> {
    let mut got: [Option<(usize, usize, Amount)>; 3] = [None, None, None];
    for (slot, re) in patterns() {
        // The first figure after the heading of each kind is the project's.
        got[*slot] = re.captures_iter(para).find_map(|c| {
            let v = c.name("v")?;
            let (end, a) = number_at(para, v.start())?;
            let unit = if *slot == 2 { "%" } else { "万元" };
            (para[end..].starts_with(unit) || (*slot == 2 && para[end..].starts_with('％')))
                .then_some((v.start(), end, a))
        });
    }
    let located = got[2].as_ref().or(got[0].as_ref())?;
    let (page, bbox) = stream.locate(head + located.0, head + located.1);
    let last = got.iter().flatten().map(|g| g.1).max().unwrap_or(0);
    let sentence_end = para[last..]
        .find('。')
        .map_or(para.len(), |i| last + i + '。'.len_utf8());
    let [budget, execution, rate] = got.map(|g| g.map(|(_, _, a)| a));
    Some(PerformanceSummary {
        budget,
        execution,
        rate,
        page,
        bbox,
        sentence: para[..sentence_end].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::PerformanceKind;

    fn record(name: &str) -> Performance {
        Performance {
            kind: PerformanceKind::SelfEvaluation,
            name: name.into(),
            department: None,
            implementer: None,
            pages: vec![30],
            unit: None,
            funds: Vec::new(),
            indicators: Vec::new(),
            summary: None,
        }
    }

    #[test]
    fn each_paragraph_goes_to_the_project_it_names() {
        let text = "(1)一般行政管理事务绩效自评综述：根据年初设定的目标，项目自评全部完成。项目全年预算数853.48万元，执行数788.48万元，预算执行率92.4%。项目绩效目标完成情况：组织党建活动4次。(9)产业空间地图（二期）项目绩效自评综述：项目总投资183.04万元，2020年下达政府投资计划49.15万元，实际完成投资49.15万元，预算执行率100%。";
        let mut recs = vec![
            record("坪山区产业空间地图（二期）项目"),
            record("一般行政管理事务"),
        ];
        attach(&Stream::plain(text, 12), &mut recs);
        let s = recs[1].summary.as_ref().unwrap();
        assert_eq!(s.budget.as_ref().unwrap().to_string(), "853.48");
        assert_eq!(s.execution.as_ref().unwrap().to_string(), "788.48");
        assert_eq!(s.rate.as_ref().unwrap().to_string(), "92.4");
        assert_eq!(s.page, 12);
        let s = recs[0].summary.as_ref().unwrap();
        assert_eq!(s.budget.as_ref().unwrap().to_string(), "49.15");
        assert_eq!(s.rate.as_ref().unwrap().to_string(), "100");
    }
}
