//! Tests of the figure grammar: parsing, normalisation, formatting round trips.

use super::number::{parse_number, pow10};
use super::*;
use proptest::prelude::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test decimal")
}

/// (span text, value, max, currency, unit, qualifier)
type Want<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<Unit>, Qualifier);

fn check(text: &str, lang: Lang, want: &[Want]) {
    let got = find_amounts(text, lang);
    let got: Vec<_> = got
        .iter()
        .map(|a| (&text[a.span.clone()], a.value, a.value_max, a.currency, a.unit, a.qualifier))
        .collect();
    let want: Vec<_> = want.iter().map(|w| (w.0, d(w.1), w.2.map(d), w.3, w.4, w.5)).collect();
    assert_eq!(got, want, "text: {text:?} ({lang:?})");
}

use Lang::{En, Vi};
use Qualifier::*;
const USD: Option<&str> = Some("USD");
const VND: Option<&str> = Some("VND");
const EUR: Option<&str> = Some("EUR");
const PCT: Option<Unit> = Some(Unit::Percent);
const MUL: Option<Unit> = Some(Unit::Multiple);
const CNT: Option<Unit> = Some(Unit::Count);
const RANK: Option<Unit> = Some(Unit::Rank);

#[rustfmt::skip]
const CASES: &[(&str, Lang, &[Want])] = &[
    ("OpenAI đã nhận hơn 10 tỷ đô la Mỹ từ Microsoft", Vi,
        &[("hơn 10 tỷ đô la Mỹ", "10000000000", None, USD, None, MoreThan)]),
    ("doanh thu năm 2022 chỉ khoảng 35 triệu đô la Mỹ và lỗ hơn 500 triệu đô la Mỹ", Vi, &[
        ("khoảng 35 triệu đô la Mỹ", "35000000", None, USD, None, Approximately),
        ("hơn 500 triệu đô la Mỹ", "500000000", None, USD, None, MoreThan)]),
    ("lần lượt là 200 triệu USD và 1 tỷ USD vào năm 2023 và 2024", Vi, &[
        ("200 triệu USD", "200000000", None, USD, None, Exact),
        ("1 tỷ USD", "1000000000", None, USD, None, Exact)]),
    ("tốn ít nhất hàng trăm nghìn đô la một lần", Vi,
        &[("ít nhất hàng trăm nghìn đô la", "100000", None, USD, None, AtLeast)]),
    // "Within 100 times": a cap, so an upper bound.
    ("trong vòng 100 lần", Vi, &[("trong vòng 100 lần", "100", None, None, MUL, UpTo)]),
    ("khoảng 13 triệu lượt người truy cập", Vi,
        &[("khoảng 13 triệu lượt người truy cập", "13000000", None, None, CNT, Approximately)]),
    ("tăng hơn 100% theo tháng", Vi, &[("hơn 100%", "100", None, None, PCT, MoreThan)]),
    ("đã tăng lên 1 tỷ vào tháng 3", Vi, &[("1 tỷ", "1000000000", None, None, CNT, Exact)]),
    ("trở thành trang web được truy cập nhiều thứ 18 trên thế giới", Vi,
        &[("thứ 18", "18", None, None, RANK, Exact)]),
    ("1.200 tỷ đồng", Vi, &[("1.200 tỷ đồng", "1200000000000", None, VND, None, Exact)]),
    ("1,5 tỷ USD", Vi, &[("1,5 tỷ USD", "1500000000", None, USD, None, Exact)]),
    ("$1.2 billion", En, &[("$1.2 billion", "1200000000", None, USD, None, Exact)]),
    ("US$10bn", En, &[("US$10bn", "10000000000", None, USD, None, Exact)]),
    ("35m USD", En, &[("35m USD", "35000000", None, USD, None, Exact)]),
    ("€5 million", En, &[("€5 million", "5000000", None, EUR, None, Exact)]),
    ("GPT-4", Vi, &[]),
    ("năm 2019", Vi, &[]),
    ("2 bên", Vi, &[]),
    ("tháng 3 năm 2023", Vi, &[]),
    ("Windows 11", En, &[]),
    // Numbers and separators.
    ("giá 2,5 triệu đồng", Vi, &[("2,5 triệu đồng", "2500000", None, VND, None, Exact)]),
    ("1.000 USD", Vi, &[("1.000 USD", "1000", None, USD, None, Exact)]),
    ("1,000.5 USD", En, &[("1,000.5 USD", "1000.5", None, USD, None, Exact)]),
    ("1,000 dollars", En, &[("1,000 dollars", "1000", None, USD, None, Exact)]),
    ("1.5 million users", En, &[("1.5 million users", "1500000", None, None, CNT, Exact)]),
    ("Microsoft chi $1.2 billion", Vi, &[("$1.2 billion", "1200000000", None, USD, None, Exact)]),
    ("khoản $1,200 phí", Vi, &[("$1,200", "1200", None, USD, None, Exact)]),
    ("1.25 tỷ USD", Vi, &[("1.25 tỷ USD", "1250000000", None, USD, None, Exact)]),
    ("1.234.567 đồng", Vi, &[("1.234.567 đồng", "1234567", None, VND, None, Exact)]),
    ("1.234,5 USD", Vi, &[("1.234,5 USD", "1234.5", None, USD, None, Exact)]),
    ("0,5%", Vi, &[("0,5%", "0.5", None, None, PCT, Exact)]),
    ("1.200 billion", En, &[("1.200 billion", "1200000000", None, None, CNT, Exact)]),
    // Scales.
    ("500 nghìn đồng", Vi, &[("500 nghìn đồng", "500000", None, VND, None, Exact)]),
    ("500 ngàn USD", Vi, &[("500 ngàn USD", "500000", None, USD, None, Exact)]),
    ("3 tỉ đồng", Vi, &[("3 tỉ đồng", "3000000000", None, VND, None, Exact)]),
    ("2 nghìn tỷ đồng", Vi, &[("2 nghìn tỷ đồng", "2000000000000", None, VND, None, Exact)]),
    ("3 ngàn tỷ USD", Vi, &[("3 ngàn tỷ USD", "3000000000000", None, USD, None, Exact)]),
    ("a $3 trillion market", En, &[("$3 trillion", "3000000000000", None, USD, None, Exact)]),
    ("$500k seed", En, &[("$500k", "500000", None, USD, None, Exact)]),
    ("raised $40mn and $2 bn", En, &[
        ("$40mn", "40000000", None, USD, None, Exact),
        ("$2 bn", "2000000000", None, USD, None, Exact)]),
    ("€1tn", En, &[("€1tn", "1000000000000", None, EUR, None, Exact)]),
    ("5 thousand dollars", En, &[("5 thousand dollars", "5000", None, USD, None, Exact)]),
    // Currencies.
    ("500 triệu đô", Vi, &[("500 triệu đô", "500000000", None, USD, None, Exact)]),
    ("500.000đ", Vi, &[("500.000đ", "500000", None, VND, None, Exact)]),
    ("20 tỷ VNĐ", Vi, &[("20 tỷ VNĐ", "20000000000", None, VND, None, Exact)]),
    ("20 tỷ VND", Vi, &[("20 tỷ VND", "20000000000", None, VND, None, Exact)]),
    ("10 triệu euro", Vi, &[("10 triệu euro", "10000000", None, EUR, None, Exact)]),
    ("10 triệu bảng Anh", Vi, &[("10 triệu bảng Anh", "10000000", None, Some("GBP"), None, Exact)]),
    ("£5m", En, &[("£5m", "5000000", None, Some("GBP"), None, Exact)]),
    ("¥100 billion", En, &[("¥100 billion", "100000000000", None, Some("JPY"), None, Exact)]),
    ("100 tỷ yên", Vi, &[("100 tỷ yên", "100000000000", None, Some("JPY"), None, Exact)]),
    ("5 tỷ nhân dân tệ", Vi, &[("5 tỷ nhân dân tệ", "5000000000", None, Some("CNY"), None, Exact)]),
    ("5 tỷ NDT", Vi, &[("5 tỷ NDT", "5000000000", None, Some("CNY"), None, Exact)]),
    ("5 billion yuan", En, &[("5 billion yuan", "5000000000", None, Some("CNY"), None, Exact)]),
    ("10 million dollars", En, &[("10 million dollars", "10000000", None, USD, None, Exact)]),
    ("USD 5 million", En, &[("USD 5 million", "5000000", None, USD, None, Exact)]),
    ("S$5 million", En, &[("S$5 million", "5000000", None, None, None, Exact)]),
    ("employs about 5,600 people", Vi, &[("about 5,600 people", "5600", None, None, CNT, Approximately)]),
    ("100$ mỗi tháng", Vi, &[("100$ mỗi tháng", "100", None, USD, None, Exact)]),
    // Qualifiers.
    ("chừng 5 triệu USD", Vi, &[("chừng 5 triệu USD", "5000000", None, USD, None, Approximately)]),
    ("xấp xỉ 5 triệu USD", Vi, &[("xấp xỉ 5 triệu USD", "5000000", None, USD, None, Approximately)]),
    ("gần 5 triệu USD", Vi, &[("gần 5 triệu USD", "5000000", None, USD, None, Approximately)]),
    ("trên 5 triệu USD", Vi, &[("trên 5 triệu USD", "5000000", None, USD, None, MoreThan)]),
    ("vượt mốc 2.000 tỷ USD", Vi, &[("vượt mốc 2.000 tỷ USD", "2000000000000", None, USD, None, MoreThan)]),
    ("vượt 100 triệu người dùng", Vi,
        &[("vượt 100 triệu người dùng", "100000000", None, None, CNT, MoreThan)]),
    ("topped $3 trillion", En, &[("topped $3 trillion", "3000000000000", None, USD, None, MoreThan)]),
    ("ngoài 50%", Vi, &[("ngoài 50%", "50", None, None, PCT, MoreThan)]),
    ("tối thiểu 5 triệu USD", Vi, &[("tối thiểu 5 triệu USD", "5000000", None, USD, None, AtLeast)]),
    ("lên tới 5 tỷ USD", Vi, &[("lên tới 5 tỷ USD", "5000000000", None, USD, None, UpTo)]),
    ("lên đến 5 tỷ USD", Vi, &[("lên đến 5 tỷ USD", "5000000000", None, USD, None, UpTo)]),
    ("giảm đến 50%", Vi, &[("đến 50%", "50", None, None, PCT, UpTo)]),
    ("dưới 1 triệu USD", Vi, &[("dưới 1 triệu USD", "1000000", None, USD, None, LessThan)]),
    ("capped within 100x", En, &[("within 100x", "100", None, None, MUL, UpTo)]),
    ("about $5 million", En, &[("about $5 million", "5000000", None, USD, None, Approximately)]),
    ("around 20%", En, &[("around 20%", "20", None, None, PCT, Approximately)]),
    ("roughly 3 billion users", En,
        &[("roughly 3 billion users", "3000000000", None, None, CNT, Approximately)]),
    ("nearly US$1 billion", En, &[("nearly US$1 billion", "1000000000", None, USD, None, Approximately)]),
    ("over $10 billion", En, &[("over $10 billion", "10000000000", None, USD, None, MoreThan)]),
    ("more than $10 billion", En, &[("more than $10 billion", "10000000000", None, USD, None, MoreThan)]),
    ("at least $1 million", En, &[("at least $1 million", "1000000", None, USD, None, AtLeast)]),
    ("up to 100x", En, &[("up to 100x", "100", None, None, MUL, UpTo)]),
    ("less than 5%", En, &[("less than 5%", "5", None, None, PCT, LessThan)]),
    ("under $1 million", En, &[("under $1 million", "1000000", None, USD, None, LessThan)]),
    // Ranges.
    ("hàng triệu người dùng", Vi,
        &[("hàng triệu người dùng", "1000000", Some("999999999"), None, CNT, Range)]),
    ("hàng tỷ USD", Vi, &[("hàng tỷ USD", "1000000000", Some("999999999999"), USD, None, Range)]),
    ("hàng chục triệu USD", Vi,
        &[("hàng chục triệu USD", "10000000", Some("99999999"), USD, None, Range)]),
    ("hàng trăm nghìn đô la", Vi,
        &[("hàng trăm nghìn đô la", "100000", Some("999999"), USD, None, Range)]),
    ("hundreds of thousands of dollars", En,
        &[("hundreds of thousands of dollars", "100000", Some("999999"), USD, None, Range)]),
    ("millions of users", En, &[("millions of users", "1000000", Some("999999999"), None, CNT, Range)]),
    ("10-20 tỷ USD", Vi, &[("10-20 tỷ USD", "10000000000", Some("20000000000"), USD, None, Range)]),
    ("từ 10 đến 20 triệu USD", Vi,
        &[("từ 10 đến 20 triệu USD", "10000000", Some("20000000"), USD, None, Range)]),
    ("between 10 and 20 million users", En,
        &[("between 10 and 20 million users", "10000000", Some("20000000"), None, CNT, Range)]),
    ("$10-$20 million", En, &[("$10-$20 million", "10000000", Some("20000000"), USD, None, Range)]),
    ("10-20%", En, &[("10-20%", "10", Some("20"), None, PCT, Range)]),
    ("from $10 million to $20 million", En, &[
        ("$10 million", "10000000", None, USD, None, Exact),
        ("$20 million", "20000000", None, USD, None, Exact)]),
    // Multiples, percent, counts, ranks.
    ("100x", En, &[("100x", "100", None, None, MUL, Exact)]),
    ("100 times", En, &[("100 times", "100", None, None, MUL, Exact)]),
    ("20 phần trăm", Vi, &[("20 phần trăm", "20", None, None, PCT, Exact)]),
    ("20 percent", En, &[("20 percent", "20", None, None, PCT, Exact)]),
    ("1 tỷ lượt truy cập", Vi, &[("1 tỷ lượt truy cập", "1000000000", None, None, CNT, Exact)]),
    ("100 triệu người dùng", Vi, &[("100 triệu người dùng", "100000000", None, None, CNT, Exact)]),
    ("13 million daily visitors", En,
        &[("13 million daily visitors", "13000000", None, None, CNT, Exact)]),
    ("1 billion visits", En, &[("1 billion visits", "1000000000", None, None, CNT, Exact)]),
    ("2 triệu thuê bao", Vi, &[("2 triệu thuê bao", "2000000", None, None, CNT, Exact)]),
    ("500 nhân viên", Vi, &[("500 nhân viên", "500", None, None, CNT, Exact)]),
    ("the 18th most visited", En, &[("18th", "18", None, None, RANK, Exact)]),
    ("xếp hạng 18", Vi, &[("hạng 18", "18", None, None, RANK, Exact)]),
    ("7B parameters", En, &[("7B parameters", "7000000000", None, None, CNT, Exact)]),
    // Not figures.
    ("năm 2023-2024", Vi, &[]),
    ("ngày 10/4/2023 lúc 10:30", Vi, &[]),
    ("B-end và C-end", Vi, &[]),
    ("GPU H100 và A100", Vi, &[]),
    ("hai công ty", Vi, &[]),
    ("9 bậc", Vi, &[]),
    ("mạng 5G và video 4K, chạy 100m", Vi, &[]),
    ("thứ 2 tuần trước", Vi, &[]),
    ("tỷ lệ năm 2023 tỷ lệ", Vi, &[]),
    ("20 tỷ phú", Vi, &[]),
    ("on March 3rd in the 21st century", En, &[]),
    ("COVID-19 and Llama 2 70B", En, &[]),
    ("version 1.2.3 of 192.168.1.1", En, &[]),
    ("1/3 người dùng", Vi, &[]),
    ("5 đồng sáng lập, lần thứ 2 gọi vốn", Vi, &[]),
    ("in the 1st quarter at 14h30", En, &[]),
    // Mixed sentences.
    ("rót 10 tỷ USD (khoảng 235.000 tỷ đồng) hồi tháng 1/2023", Vi, &[
        ("10 tỷ USD", "10000000000", None, USD, None, Exact),
        ("khoảng 235.000 tỷ đồng", "235000000000000", None, VND, None, Approximately)]),
    ("tăng 15%/năm, gấp 3,5 lần, trên 10.000 GPU", Vi, &[
        ("15%", "15", None, None, PCT, Exact),
        ("3,5 lần", "3.5", None, None, MUL, Exact),
        ("trên 10.000 GPU", "10000", None, None, CNT, MoreThan)]),
    ("between US$500 and US$2 million", En,
        &[("between US$500 and US$2 million", "500", Some("2000000"), USD, None, Range)]),
    ("revenue rose 20% to $1.3 billion", En, &[
        ("20%", "20", None, None, PCT, Exact),
        ("$1.3 billion", "1300000000", None, USD, None, Exact)]),
];

#[test]
fn table_cases_find_expected_amounts() {
    for (text, lang, want) in CASES {
        check(text, *lang, want);
    }
    assert!(CASES.len() >= 60);
}

#[test]
fn parse_value_reads_claim_values() {
    let v =
        |s: &str, lang| parse_value(s, lang).map(|a| (a.value, a.currency, a.unit, a.qualifier));
    assert_eq!(v("35 triệu USD", Vi), Some((d("35000000"), USD, None, Exact)));
    assert_eq!(v(" hơn 500 triệu đô la Mỹ ", Vi), Some((d("500000000"), USD, None, MoreThan)));
    assert_eq!(v("100 lần", Vi), Some((d("100"), None, MUL, Exact)));
    assert_eq!(v("35000000", Vi), Some((d("35000000"), None, None, Exact)));
    assert_eq!(v("35.000.000", Vi), Some((d("35000000"), None, None, Exact)));
    assert_eq!(v("35,000,000", En), Some((d("35000000"), None, None, Exact)));
    assert_eq!(v("1.2e9", En), Some((d("1200000000"), None, None, Exact)));
    assert_eq!(v("hơn 500", Vi), Some((d("500"), None, None, MoreThan)));
    assert_eq!(v("13 triệu", Vi), Some((d("13000000"), None, CNT, Exact)));
    assert_eq!(v("35 triệu USD và 2 tỷ USD", Vi), None);
    assert_eq!(v("doanh thu", Vi), None);
    assert_eq!(v("", Vi), None);
}

#[test]
fn format_amount_renders_both_languages() {
    let a = |s: &str, lang| parse_value(s, lang).expect("parses");
    let cases = [
        ("35 triệu USD", Vi, "35 triệu USD", "US$35 million"),
        ("1,5 tỷ USD", Vi, "1,5 tỷ USD", "US$1.5 billion"),
        ("hơn 500 triệu đô la Mỹ", Vi, "hơn 500 triệu USD", "more than US$500 million"),
        ("100 lần", Vi, "100 lần", "100x"),
        ("1.200 tỷ đồng", Vi, "1.200 tỷ đồng", "1.2 trillion VND"),
        ("€5 million", En, "5 triệu EUR", "€5 million"),
        (
            "10-20 tỷ USD",
            Vi,
            "từ 10 tỷ USD đến 20 tỷ USD",
            "between US$10 billion and US$20 billion",
        ),
        ("thứ 18", Vi, "thứ 18", "18th"),
        ("khoảng 13 triệu lượt truy cập", Vi, "khoảng 13 triệu", "about 13 million"),
        ("2,5%", Vi, "2,5%", "2.5%"),
        ("hàng triệu người dùng", Vi, "hàng triệu", "millions"),
        ("hàng trăm nghìn đô la", Vi, "hàng trăm nghìn USD", "hundreds of thousands of dollars"),
        ("hàng tỷ đồng", Vi, "hàng tỷ đồng", "billions of dong"),
        ("tens of millions of euros", En, "hàng chục triệu EUR", "tens of millions of euros"),
        (
            "between $500 and $2 million",
            En,
            "từ 500 USD đến 2 triệu USD",
            "between US$0.0005 million and US$2 million",
        ),
    ];
    for (input, lang, vi, en) in cases {
        assert_eq!(format_amount(&a(input, lang), Vi), vi, "{input}");
        assert_eq!(format_amount(&a(input, lang), En), en, "{input}");
    }
}

#[test]
fn vague_ranges_are_written_back_vaguely_and_read_back_the_same() {
    for (input, lang) in [
        ("hàng triệu người dùng", Vi),
        ("hàng trăm nghìn đô la", Vi),
        ("hàng chục triệu USD", Vi),
        ("hàng tỷ đồng", Vi),
        ("hàng nghìn tỷ đồng", Vi),
        ("millions of users", En),
        ("hundreds of thousands of dollars", En),
        ("tens of millions of euros", En),
    ] {
        let a = find_amounts(input, lang).pop().expect("a figure");
        for out in [Vi, En] {
            let text = format_amount(&a, out);
            let back = parse_value(&text, out).expect("reads back");
            assert_eq!(
                (back.value, back.value_max, back.currency, back.unit, back.qualifier),
                (a.value, a.value_max, a.currency, a.unit, a.qualifier),
                "{input} -> {text}"
            );
        }
    }
}

#[test]
fn qualifier_names_round_trip() {
    for q in [Exact, Approximately, AtLeast, MoreThan, LessThan, UpTo, Range] {
        assert_eq!(parse_qualifier(qualifier_name(q)), Some(q));
    }
    assert_eq!(qualifier_name(AtLeast), "at-least");
    assert_eq!(parse_qualifier("target"), None);
    assert_eq!(parse_qualifier("estimate"), None);
}

#[test]
fn number_shapes_follow_the_rules() {
    let n = |s, lang| parse_number(s, lang);
    assert_eq!(n("1.200", Vi), Some(d("1200")));
    assert_eq!(n("1.200", En), Some(d("1.2")));
    assert_eq!(n("1,200", En), Some(d("1200")));
    assert_eq!(n("1,200", Vi), Some(d("1.2")));
    assert_eq!(n("1.2", Vi), Some(d("1.2")));
    assert_eq!(n("1234.567", Vi), Some(d("1234.567")));
    assert_eq!(n("0.500", Vi), Some(d("0.5")));
    assert_eq!(n("1.2.3", Vi), None);
    assert_eq!(n("1,00.5", En), None);
    assert_eq!(n("12345678901234567890123456789", En), None);
}

const WORDS: &[&str] = &[
    "tỷ", "triệu", "nghìn", "hàng", "trăm", "chục", "hơn", "khoảng", "ít", "nhất", "từ", "đến",
    "USD", "US", "$", "€", "%", "-", "–", "/", ":", ".", ",", "x", "m", "bn", "k", "đ", "lần",
    "thứ", "hạng", "th", "between", "and", "to", "of", "millions", "hundreds", "users", "đô", "la",
    "Mỹ", "lượt", "người", "dùng", "1", "10", "2023", "1.200", "2,5", "1,000.5", "0", "phần",
    "trăm", "percent", "times", "S", "é", "🦀", "\u{301}", " ", "  ", "\n",
];

fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(WORDS).prop_map(str::to_owned),
        "[0-9.,]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    let sep = prop::sample::select(&["", " ", "", " ", "\t"][..]);
    prop::collection::vec((piece, sep), 0..24)
        .prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
}

fn spans_ok(text: &str, amounts: &[Amount]) -> bool {
    let mut last = 0;
    amounts.iter().all(|a| {
        let ok = a.span.start >= last
            && a.span.start < a.span.end
            && a.span.end <= text.len()
            && text.is_char_boundary(a.span.start)
            && text.is_char_boundary(a.span.end);
        last = a.span.end;
        ok
    })
}

fn amount_strategy() -> impl Strategy<Value = Amount> {
    let unit = prop::sample::select(
        &[None, Some(Unit::Percent), Some(Unit::Multiple), Some(Unit::Count), Some(Unit::Rank)][..],
    );
    let currency =
        prop::sample::select(&[None, USD, VND, EUR, Some("GBP"), Some("JPY"), Some("CNY")][..]);
    let qualifier =
        prop::sample::select(&[Exact, Approximately, AtLeast, MoreThan, LessThan, UpTo, Range][..]);
    (
        1u64..1_000_000,
        0u32..4,
        prop::sample::select(&[0u32, 3, 6, 9, 12][..]),
        unit,
        currency,
        qualifier,
        1u64..1000,
    )
        .prop_map(|(m, places, exp, unit, currency, qualifier, extra)| {
            let (value, currency, qualifier) = match unit {
                Some(Unit::Rank) => (Decimal::from(m % 1000 + 1), None, Exact),
                Some(Unit::Count) => {
                    let v =
                        Decimal::new(m as i64, places) * pow10(exp.max(3)).unwrap_or(Decimal::ONE);
                    (v.max(Decimal::from(1000)), None, qualifier)
                }
                Some(_) => (Decimal::new(m as i64, places), None, qualifier),
                None => (
                    Decimal::new(m as i64, places) * pow10(exp).unwrap_or(Decimal::ONE),
                    currency,
                    qualifier,
                ),
            };
            let value_max = (qualifier == Range)
                .then(|| value + Decimal::from(extra) * value.max(Decimal::ONE));
            Amount {
                span: 0..0,
                value,
                value_max,
                currency,
                unit,
                qualifier,
                per: None,
                currency_implied: false,
            }
        })
}

proptest! {
    #[test]
    fn find_amounts_never_panics_on_any_string(s in any::<String>()) {
        for lang in [Vi, En] {
            let found = find_amounts(&s, lang);
            prop_assert!(spans_ok(&s, &found));
            let _ = parse_value(&s, lang);
        }
    }

    #[test]
    fn find_amounts_spans_are_sorted_disjoint_boundaries(s in soup()) {
        for lang in [Vi, En] {
            let found = find_amounts(&s, lang);
            prop_assert!(spans_ok(&s, &found), "{:?} -> {:?}", s, found);
            let _ = parse_value(&s, lang);
        }
    }

    #[test]
    fn format_then_parse_round_trips(a in amount_strategy()) {
        for lang in [Vi, En] {
            let text = format_amount(&a, lang);
            let back = parse_value(&text, lang);
            let back = back.map(|b| (b.value, b.value_max, b.currency, b.unit, b.qualifier));
            prop_assert_eq!(back, Some((a.value, a.value_max, a.currency, a.unit, a.qualifier)), "{}", text);
        }
    }
}

#[test]
fn per_unit_prices_round_trip_through_format_and_parse() {
    for (text, lang) in [
        ("20 đồng/1.000 token", Lang::Vi),
        ("99.000 đồng mỗi tháng", Lang::Vi),
        ("$0.03/1K tokens", Lang::En),
        ("$2.50 an hour", Lang::En),
        ("91 cents per share", Lang::En),
    ] {
        let a = find_amounts(text, lang).pop().expect("a figure");
        assert!(a.per.is_some(), "{text}: no unit");
        for out in [Lang::Vi, Lang::En] {
            let shown = format_amount(&a, out);
            let back = parse_value(&shown, out).unwrap_or_else(|| panic!("{shown:?} unreadable"));
            assert_eq!(
                (back.value, back.currency, &back.per),
                (a.value, a.currency, &a.per),
                "{shown}"
            );
        }
    }
}

/// The letter test's fast paths (ASCII, the Latin blocks Vietnamese uses) agree
/// with `char::is_alphabetic` on every character.
#[test]
fn is_letter_is_is_alphabetic() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        assert_eq!(super::number::is_letter(c), c.is_alphabetic(), "{c:?}");
    }
}
