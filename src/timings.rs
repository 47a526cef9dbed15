//! Where a build spends its time: `factbook build --timings` (or
//! `FACTBOOK_TIMINGS=1`) prints a table of named phases after the summary.
//!
//! Phases that run on one thread (load, assemble) are wall time; phases that
//! run on every core (analysing articles, rendering one page kind, writing
//! files) are CPU time summed over threads, so they can add up to more than
//! the wall time of the build. Recording is off unless asked for, and then
//! costs one short lock per page.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Phase name, total time, how many times it ran; in order of first record.
static TOTALS: Mutex<Vec<(String, Duration, u64)>> = Mutex::new(Vec::new());

/// Turns recording on (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether phases are being recorded: `enable` was called or
/// `FACTBOOK_TIMINGS` is set.
pub fn enabled() -> bool {
    static FROM_ENV: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    ENABLED.load(Ordering::Relaxed)
        || *FROM_ENV.get_or_init(|| std::env::var_os("FACTBOOK_TIMINGS").is_some())
}

/// Adds `elapsed` to the phase `name`.
pub fn record(name: &str, elapsed: Duration) {
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    match totals.iter_mut().find(|(n, _, _)| n == name) {
        Some((_, total, count)) => {
            *total += elapsed;
            *count += 1;
        }
        None => totals.push((name.to_string(), elapsed, 1)),
    }
}

/// Times `f` as the phase `name` when recording is on.
pub fn time<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    record(name, start.elapsed());
    out
}

/// The recorded phases as a table, and forgets them.
pub fn take_report() -> String {
    let totals = std::mem::take(&mut *TOTALS.lock().unwrap_or_else(|e| e.into_inner()));
    let width = totals.iter().map(|(n, _, _)| n.chars().count()).max().unwrap_or(0);
    let mut out = String::from("timings (parallel phases are CPU time summed over threads):\n");
    for (name, total, count) in totals {
        let ms = total.as_secs_f64() * 1000.0;
        let times = if count > 1 { format!("  ({count}×)") } else { String::new() };
        out.push_str(&format!("  {name:<width$}  {ms:>9.1} ms{times}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_add_up_in_order_of_first_record() {
        record("load", Duration::from_millis(5));
        record("render: claim.html", Duration::from_millis(2));
        record("render: claim.html", Duration::from_millis(3));
        let report = take_report();
        let lines: Vec<&str> = report.lines().collect();
        assert!(lines[1].starts_with("  load ") && lines[1].contains("5.0 ms"), "{report}");
        assert!(lines[2].contains("5.0 ms  (2×)"), "{report}");
        assert_eq!(take_report().lines().count(), 1, "taken");
    }
}
