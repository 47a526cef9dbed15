//! Small inline SVG bar charts: one per metric and period granularity (years
//! with years, quarters with quarters) with figures for two or more periods.
//! No JavaScript; the template pairs each with a data table.

use std::fmt::Write as _;

use super::format::{Granularity, granularity};
use super::markdown::escape;
use super::view::{ChartView, ClaimRow};
use crate::i18n::Lang;

const WIDTH: f64 = 560.0;
const BAR_AREA: f64 = 160.0;
const TOP: f64 = 24.0;

/// Charts for every metric (same currency/unit) and granularity with at least
/// two periods: a fiscal-year target never stands beside quarterly actuals.
pub(super) fn charts<'a>(rows: &[ClaimRow<'a>], lang: Lang) -> Vec<ChartView<'a>> {
    let mut metrics: Vec<&str> = rows.iter().map(|r| r.metric).collect();
    metrics.dedup();
    let mut out = Vec::new();
    for metric in metrics {
        let base = metric.trim_end_matches("-target").trim_end_matches("-projection");
        // Actuals and targets of the same quantity share one chart.
        let group: Vec<&ClaimRow> = rows
            .iter()
            .filter(|r| {
                (r.metric == base
                    || r.metric == format!("{base}-target")
                    || r.metric == format!("{base}-projection"))
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
        let mut grains: Vec<Granularity> = group.iter().map(|r| granularity(r.period)).collect();
        grains.sort_unstable();
        grains.dedup();
        let series: Vec<(Granularity, Vec<&ClaimRow>)> = grains
            .into_iter()
            .filter(|&g| g != Granularity::Other)
            .map(|g| (g, group.iter().copied().filter(|r| granularity(r.period) == g).collect()))
            .collect();
        let several = series.iter().filter(|(_, s)| periods_of(s).len() >= 2).count() > 1;
        for (grain, group) in series {
            if let Some(chart) = chart(first, grain, several, &group, lang) {
                out.push(chart);
            }
        }
    }
    out
}

fn periods_of<'r>(group: &[&'r ClaimRow]) -> Vec<&'r str> {
    let mut periods: Vec<&str> = group.iter().map(|r| r.period).collect();
    periods.sort_unstable();
    periods.dedup();
    periods
}

/// One chart of one granularity; `None` under two periods.
fn chart<'a>(
    first: &ClaimRow<'a>,
    grain: Granularity,
    several: bool,
    group: &[&ClaimRow<'a>],
    lang: Lang,
) -> Option<ChartView<'a>> {
    let periods = periods_of(group);
    if periods.len() < 2 {
        return None;
    }
    // Per period, the best actual and the best target (curated first), so a goal
    // and the figure finally reached stand side by side.
    let best = |p: &str, target: bool| {
        group
            .iter()
            .copied()
            .filter(|r| r.period == p && r.is_target == target)
            .min_by_key(|r| (r.origin != "curated", r.id))
    };
    let slots: Vec<(Option<&ClaimRow>, Option<&ClaimRow>)> =
        periods.iter().map(|p| (best(p, false), best(p, true))).collect();
    let (name, id) = grain_words(grain, lang);
    // A metric charted by years and by quarters says which chart is which.
    let title = if several {
        format!("{} ({name})", first.metric_label)
    } else {
        first.metric_label.clone()
    };
    let rows = slots.iter().flat_map(|(a, t)| a.iter().chain(t.iter())).map(|r| (*r).clone());
    Some(ChartView {
        title: title.clone(),
        svg: svg(&title, &format!("{}-{id}", first.metric), &slots, lang),
        rows: rows.collect(),
    })
}

/// Words for a granularity in chart titles, and its id part.
fn grain_words(g: Granularity, lang: Lang) -> (&'static str, &'static str) {
    match (g, lang) {
        (Granularity::Year, Lang::En) => ("by year", "years"),
        (Granularity::Year, Lang::Vi) => ("theo năm", "years"),
        (Granularity::Half, Lang::En) => ("by half-year", "halves"),
        (Granularity::Half, Lang::Vi) => ("theo nửa năm", "halves"),
        (Granularity::Quarter, Lang::En) => ("by quarter", "quarters"),
        (Granularity::Quarter, Lang::Vi) => ("theo quý", "quarters"),
        (Granularity::Month, Lang::En) => ("by month", "months"),
        (Granularity::Month, Lang::Vi) => ("theo tháng", "months"),
        (Granularity::Other, _) => ("", "other"),
    }
}

fn svg(
    title: &str,
    metric: &str,
    slots: &[(Option<&ClaimRow>, Option<&ClaimRow>)],
    lang: Lang,
) -> String {
    let value = |r: &ClaimRow| r.number.parse::<f64>().unwrap_or(0.0);
    let max = slots
        .iter()
        .flat_map(|(a, t)| a.iter().chain(t.iter()))
        .map(|r| value(r))
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let slot = WIDTH / slots.len().max(1) as f64;
    let bar_w = (slot * 0.6).min(90.0);
    let height = TOP + BAR_AREA + 44.0;
    let (actual, target) = (crate::i18n::ui("actual", lang), crate::i18n::ui("target", lang));
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-{id}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-{id}\">{t}</title>",
        id = escape(metric),
        t = escape(title)
    );
    for (i, (a, t)) in slots.iter().enumerate() {
        let bars: Vec<&ClaimRow> = a.iter().chain(t.iter()).copied().collect();
        let w = if bars.len() > 1 { bar_w / 2.0 - 1.0 } else { bar_w };
        let left = slot * i as f64 + (slot - bar_w) / 2.0;
        let period = bars.first().map_or("", |r| r.period_label.as_str());
        for (k, row) in bars.iter().enumerate() {
            let v = value(row);
            let h = (v / max * BAR_AREA).max(2.0);
            let x = left + k as f64 * (w + 2.0);
            let y = TOP + BAR_AREA - h;
            let class = if row.is_target { "bar target" } else { "bar actual" };
            let kind = if row.is_target { target } else { actual };
            let _ = write!(
                s,
                "<g><title>{p}: {val} ({kind})</title><rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"/><text class=\"value\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{val}</text></g>",
                p = escape(&row.period_label),
                val = escape(row.value),
                cx = x + w / 2.0,
                ty = (y - 6.0 - 12.0 * (k as f64)).max(12.0),
            );
        }
        let _ = write!(
            s,
            "<text class=\"period\" x=\"{cx:.1}\" y=\"{py:.1}\" text-anchor=\"middle\">{p}</text>",
            p = escape(period),
            cx = left + bar_w / 2.0,
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
