//! Numbers written in words, Vietnamese and English: "mười tỷ", "hai mươi lăm triệu",
//! "nửa tỷ", "ten billion", "twenty-five million", "half a billion", "a quarter of a
//! billion".
//!
//! The scanner calls [`number_words`] at a word token; it reads the longest run of
//! number words and returns its value. A run is a figure only when it holds a multiplier
//! (`mươi`, `trăm`, a scale word ...): "một" or "ba" alone are words of the sentence
//! ("một số", "ba bên"), and Vietnamese "năm" is five only before a multiplier (it is
//! also "year"). Whether the run is money or a count is for the scanner to decide from
//! what follows (a currency or a counting noun).

use rust_decimal::Decimal;

/// Digit words and their values (`hai` -> 2, `seven` -> 7), and the English teens and tens.
#[rustfmt::skip]
const UNITS: &[(&str, u32)] = &[
    ("một", 1), ("mốt", 1), ("one", 1), ("hai", 2), ("two", 2), ("ba", 3), ("three", 3),
    ("bốn", 4), ("tư", 4), ("four", 4), ("năm", 5), ("lăm", 5), ("nhăm", 5), ("five", 5),
    ("sáu", 6), ("six", 6), ("bảy", 7), ("bẩy", 7), ("seven", 7), ("tám", 8), ("eight", 8),
    ("chín", 9), ("nine", 9), ("mười", 10), ("ten", 10), ("eleven", 11), ("twelve", 12),
    ("thirteen", 13), ("fourteen", 14), ("fifteen", 15), ("sixteen", 16), ("seventeen", 17),
    ("eighteen", 18), ("nineteen", 19), ("twenty", 20), ("thirty", 30), ("forty", 40),
    ("fifty", 50), ("sixty", 60), ("seventy", 70), ("eighty", 80), ("ninety", 90),
];

/// Value of a digit word, or of a teen/ten in English.
fn unit(w: &str) -> Option<u32> {
    UNITS.iter().find(|(u, _)| *u == w).map(|&(_, v)| v)
}

/// Scale words, as a power of ten.
fn scale(w: &str) -> Option<u32> {
    Some(match w {
        "nghìn" | "ngàn" | "thousand" => 3,
        "triệu" | "million" => 6,
        "tỷ" | "tỉ" | "billion" => 9,
        "trillion" => 12,
        _ => return None,
    })
}

/// Fractions that stand before a scale word: "nửa tỷ", "half a billion", "a quarter of".
const FRACTIONS: &[(&str, Decimal)] = &[
    ("nửa", Decimal::from_parts(5, 0, 0, false, 1)),
    ("half", Decimal::from_parts(5, 0, 0, false, 1)),
    ("quarter", Decimal::from_parts(25, 0, 0, false, 2)),
];

fn fraction(w: &str) -> Option<Decimal> {
    FRACTIONS.iter().find(|(f, _)| *f == w).map(|&(_, v)| v)
}

/// Words that may stand inside an English run without a value of their own.
const FILLERS: &[&str] = &["a", "an", "of", "and", "-", "linh", "lẻ"];

/// The words a run of number words can start with: a fraction, a digit word,
/// "hundred", or the "a"/"an" of "a billion". [`number_words`] reads nothing
/// from any other first word.
pub(super) fn openers() -> impl Iterator<Item = &'static str> {
    FRACTIONS.iter().map(|f| f.0).chain(UNITS.iter().map(|u| u.0)).chain(["hundred", "a", "an"])
}

/// Whether `w` (lowercase) is one of the [`openers`].
pub(super) fn opens_number(w: &str) -> bool {
    openers().any(|o| o == w)
}

/// Reads the number words at the start of `words` (lowercase tokens, punctuation as
/// tokens of its own). Returns the value and how many tokens it used, or `None` when
/// the run holds no multiplier or does not start a number.
pub(super) fn number_words(words: &[&str]) -> Option<(Decimal, usize)> {
    let (mut total, mut current) = (Decimal::ZERO, Decimal::ZERO);
    // The last scale applied, so "một nghìn tỷ" multiplies and "hai tỷ ba trăm triệu" adds.
    let mut last_scale: Option<u32> = None;
    let (mut used, mut multiplier, mut any) = (0, false, false);
    let mut k = 0;
    while let Some(&w) = words.get(k) {
        let next = words.get(k + 1).copied().unwrap_or("");
        if let Some(f) = fraction(w) {
            // "half a billion", "a quarter of a billion", "nửa tỷ": a fraction of a scale.
            if current != Decimal::ZERO && current != Decimal::ONE {
                break;
            }
            current = f;
            any = true;
        } else if let Some(u) = unit(w) {
            // "năm" is a year unless a multiplier follows it.
            if w == "năm" && !(next == "mươi" || next == "trăm" || scale(next).is_some()) {
                break;
            }
            // A digit after a digit ends the run ("hai ba" is no number).
            let after_tens =
                current >= Decimal::from(20) && u < 10 && current % Decimal::TEN == Decimal::ZERO;
            if any
                && !multiplier_word(words.get(k.wrapping_sub(1)).copied().unwrap_or(""))
                && !after_tens
            {
                break;
            }
            current += Decimal::from(u);
            any = true;
        } else if w == "mươi" && any {
            current *= Decimal::TEN;
            multiplier = true;
        } else if w == "hundred" || (w == "trăm" && any) {
            if current == Decimal::ZERO {
                current = Decimal::ONE;
            }
            current *= Decimal::ONE_HUNDRED;
            multiplier = true;
            any = true;
        } else if let Some(s) = scale(w) {
            if !any {
                if k > 0 && (words[k - 1] == "a" || words[k - 1] == "an") {
                    current = Decimal::ONE;
                } else {
                    break;
                }
            }
            let factor = Decimal::from(10u64.pow(s));
            if last_scale.is_none_or(|l| s > l) {
                total = (total + current) * factor;
                last_scale = Some(s);
            } else {
                total += current * factor;
            }
            current = Decimal::ZERO;
            multiplier = true;
            any = true;
        } else if FILLERS.contains(&w) {
            // "a" opens a run ("a billion"); the others only join two number words.
            let opens = k == 0 && (w == "a" || w == "an");
            if !opens && !any {
                return None;
            }
            k += 1;
            continue;
        } else {
            break;
        }
        k += 1;
        used = k;
    }
    (multiplier && used > 0).then_some(((total + current).normalize(), used))
}

fn multiplier_word(w: &str) -> bool {
    matches!(w, "mươi" | "trăm" | "hundred" | "-") || scale(w).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(String, usize)> {
        let words: Vec<&str> = s.split(' ').collect();
        number_words(&words).map(|(v, n)| (v.to_string(), n))
    }

    #[test]
    fn vietnamese_number_words() {
        for (text, value, used) in [
            ("mười tỷ đô", "10000000000", 2),
            ("nửa tỷ USD", "500000000", 2),
            ("hai tỷ USD", "2000000000", 2),
            ("ba trăm triệu đồng", "300000000", 3),
            ("một nghìn tỷ đồng", "1000000000000", 3),
            ("hai mươi lăm triệu USD", "25000000", 4),
            ("năm triệu người", "5000000", 2),
            ("hai tỷ ba trăm triệu", "2300000000", 5),
        ] {
            assert_eq!(read(text), Some((value.to_string(), used)), "{text}");
        }
        for text in ["năm 2024", "một số công ty", "ba bên", "năm nay", "hai ba"] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn only_opening_words_start_a_run() {
        for w in ["mười", "nửa", "hai", "năm", "half", "quarter", "ten", "hundred", "a", "an"]
        {
            assert!(opens_number(w), "{w}");
        }
        // A run never starts with a scale, a filler or "mươi"/"trăm" alone.
        for w in ["tỷ", "billion", "of", "and", "-", "mươi", "trăm", "năm2024", "doanh"] {
            assert!(!opens_number(w), "{w}");
            assert_eq!(number_words(&[w, "tỷ", "USD"]), None, "{w}");
        }
    }

    #[test]
    fn english_number_words() {
        for (text, value, used) in [
            ("ten billion dollars", "10000000000", 2),
            ("half a billion dollars", "500000000", 3),
            ("a quarter of a billion dollars", "250000000", 5),
            ("a billion dollars", "1000000000", 2),
            ("three hundred million dollars", "300000000", 3),
            ("twenty - five million dollars", "25000000", 4),
            ("one trillion dollars", "1000000000000", 2),
            ("two million users", "2000000", 2),
        ] {
            assert_eq!(read(text), Some((value.to_string(), used)), "{text}");
        }
        for text in ["a deal", "one of them", "ten people", "half the money", "of a billion"] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
