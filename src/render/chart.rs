//! Small inline SVG bar charts: one per metric with figures for two or more
//! periods. No JavaScript; the template pairs each with a data table.

use std::fmt::Write as _;

use super::markdown::escape;
use super::view::{ChartView, ClaimRow};
use crate::i18n::Lang;

const WIDTH: f64 = 560.0;
const BAR_AREA: f64 = 160.0;
const TOP: f64 = 24.0;

/// Charts for every metric (same currency/unit) with at least two periods.
pub(super) fn charts(rows: &[ClaimRow], lang: Lang) -> Vec<ChartView> {
    let mut metrics: Vec<&str> = rows.iter().map(|r| r.metric.as_str()).collect();
    metrics.dedup();
    let mut out = Vec::new();
    for metric in metrics {
        let base = metric.trim_end_matches("-target");
        // Actuals and targets of the same quantity share one chart.
        let group: Vec<&ClaimRow> = rows
            .iter()
            .filter(|r| {
                (r.metric == base || r.metric == format!("{base}-target"))
                    && !r.number.is_empty()
                    && !r.period.is_empty()
            })
            .collect();
        if metric != base && rows.iter().any(|r| r.metric == base) {
            continue; // drawn with the actuals
        }
        let Some(first) = group.first() else { continue };
        let group: Vec<&ClaimRow> =
            group.iter().copied().filter(|r| r.currency == first.currency).collect();
        let mut periods: Vec<&str> = group.iter().map(|r| r.period.as_str()).collect();
        periods.sort_unstable();
        periods.dedup();
        if periods.len() < 2 {
            continue;
        }
        // One bar per period: prefer a curated actual, then any.
        let bars: Vec<&ClaimRow> = periods
            .iter()
            .filter_map(|p| {
                let mut c: Vec<&&ClaimRow> = group.iter().filter(|r| r.period == *p).collect();
                c.sort_by_key(|r| (r.is_target, r.origin != "curated"));
                c.first().map(|r| **r)
            })
            .collect();
        let title = first.metric_label.clone();
        out.push(ChartView {
            title: title.clone(),
            svg: svg(&title, &bars, lang),
            rows: bars.into_iter().cloned().collect(),
        });
    }
    out
}

fn svg(title: &str, bars: &[&ClaimRow], lang: Lang) -> String {
    let values: Vec<f64> = bars.iter().map(|r| r.number.parse::<f64>().unwrap_or(0.0)).collect();
    let max = values.iter().copied().fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    let n = bars.len() as f64;
    let slot = WIDTH / n;
    let bar_w = (slot * 0.6).min(90.0);
    let height = TOP + BAR_AREA + 44.0;
    let (actual, target) = match lang {
        Lang::Vi => ("thực tế", "mục tiêu"),
        Lang::En => ("actual", "target"),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-{id}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-{id}\">{t}</title>",
        id = escape(&bars[0].metric),
        t = escape(title)
    );
    for (i, (row, v)) in bars.iter().zip(&values).enumerate() {
        let h = (v / max * BAR_AREA).max(2.0);
        let x = slot * i as f64 + (slot - bar_w) / 2.0;
        let y = TOP + BAR_AREA - h;
        let class = if row.is_target { "bar target" } else { "bar actual" };
        let kind = if row.is_target { target } else { actual };
        let _ = write!(
            s,
            "<g><title>{p}: {val} ({kind})</title><rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\"/><text class=\"value\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{val}</text><text class=\"period\" x=\"{cx:.1}\" y=\"{py:.1}\" text-anchor=\"middle\">{p}</text></g>",
            p = escape(&row.period),
            val = escape(&row.value),
            cx = x + bar_w / 2.0,
            ty = (y - 6.0).max(12.0),
            py = TOP + BAR_AREA + 18.0,
        );
    }
    let _ = write!(
        s,
        "<g class=\"legend\"><rect class=\"bar actual\" x=\"0\" y=\"{ly:.1}\" width=\"10\" height=\"10\"/><text x=\"14\" y=\"{lt:.1}\">{actual}</text><rect class=\"bar target\" x=\"90\" y=\"{ly:.1}\" width=\"10\" height=\"10\"/><text x=\"104\" y=\"{lt:.1}\">{target}</text></g></svg>",
        ly = height - 12.0,
        lt = height - 3.0
    );
    s
}
