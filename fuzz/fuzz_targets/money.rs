//! Money and quantity expressions: any text, either language. Must never
//! panic; spans are sorted, disjoint and on char boundaries.
#![no_main]

use factbook::figures::{Lang, find_amounts, parse_value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for lang in [Lang::Vi, Lang::En] {
        let found = find_amounts(text, lang);
        let mut end = 0;
        for a in &found {
            assert!(a.span.start >= end && a.span.start < a.span.end, "{found:?}");
            assert!(text.is_char_boundary(a.span.start) && text.is_char_boundary(a.span.end));
            end = a.span.end;
        }
        let _ = parse_value(text, lang);
    }
});
