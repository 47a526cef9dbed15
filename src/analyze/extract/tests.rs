//! Inference rules, one table per rule, on short sentences written for the purpose.

use chrono::NaiveDate;

use super::*;
use crate::diag::Diagnostics;
use crate::load::entity_for_test;

fn registry_entities() -> Vec<Entity> {
    let mut altman = entity_for_test("people", "sam-altman", "Sam Altman", &["Altman"]);
    altman.affiliation = Some(crate::model::SlugRef {
        slug: "openai".into(),
        span: crate::diag::Span::new(crate::source::FileId(0), 0..0),
    });
    vec![
        entity_for_test("companies", "acme", "Acme", &["Acme Corp"]),
        entity_for_test("companies", "globex", "Globex", &[]),
        entity_for_test("companies", "microsoft", "Microsoft", &[]),
        entity_for_test("companies", "openai", "OpenAI", &["OpenAI LP"]),
        entity_for_test("products", "chatgpt", "ChatGPT", &[]),
        entity_for_test("products", "widget", "Widget", &[]),
        altman,
        entity_for_test("publications", "fortune", "Fortune", &[]),
        entity_for_test("publications", "reuters", "Reuters", &[]),
        entity_for_test("publications", "similar-web", "Similar Web", &[]),
    ]
}

/// (amount text, subject, metric, period, counterparty, according-to, qualifier)
type Row = (String, String, String, String, String, String, String);

fn run_with(body: &str, lang: Lang, date: Option<NaiveDate>, format: Format) -> Vec<Row> {
    let entities = registry_entities();
    let mut d = Diagnostics::default();
    let matcher = Matcher::new(&entities, &mut d);
    let input = Input {
        body,
        format,
        lang,
        date,
        registry: Some(Registry { entities: &entities, matcher: &matcher }),
        mentions: None,
    };
    let slug = |e: Option<EntityId>| {
        e.map(|e| entities[e.0 as usize].slug.to_string()).unwrap_or_default()
    };
    candidates(&input)
        .into_iter()
        .map(|c| {
            (
                body[c.amount.span.clone()].to_string(),
                slug(c.subject),
                c.metric.unwrap_or_default(),
                c.period.unwrap_or_default(),
                slug(c.counterparty),
                slug(c.according_to),
                c.qualifier.to_string(),
            )
        })
        .collect()
}

fn date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2023, 4, 10)
}

fn run(body: &str, lang: Lang) -> Vec<Row> {
    run_with(body, lang, date(), Format::Markdown)
}

/// Checks one field (picked by `field`) of the figure whose text is `amount`.
fn check_field(cases: &[(&str, Lang, &str, &str)], field: fn(&Row) -> &str, what: &str) {
    let mut failures = Vec::new();
    for (body, lang, amount, want) in cases {
        let rows = run(body, *lang);
        match rows.iter().find(|r| r.0 == *amount) {
            Some(r) if field(r) == *want => {}
            Some(r) => failures
                .push(format!("{body:?}: {what} of {amount:?} = {:?}, want {want:?}", field(r))),
            None => failures.push(format!("{body:?}: no figure {amount:?} in {rows:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn metric_comes_from_the_nearest_keyword() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme đạt doanh thu 3 tỷ USD.", Vi, "3 tỷ USD", "revenue"),
        ("Doanh số của Acme là 2,5 tỷ USD.", Vi, "2,5 tỷ USD", "revenue"),
        ("Acme kiếm được 40 triệu USD trong quý này.", Vi, "40 triệu USD", "revenue"),
        ("Acme lỗ 12 triệu USD.", Vi, "12 triệu USD", "net-loss"),
        ("Acme báo lỗ ròng 7 triệu USD.", Vi, "7 triệu USD", "net-loss"),
        (
            "Doanh thu của Acme đạt 9 triệu USD nhưng công ty vẫn lỗ 3 triệu USD.",
            Vi,
            "3 triệu USD",
            "net-loss",
        ),
        (
            "Doanh thu của Acme đạt 9 triệu USD nhưng công ty vẫn lỗ 3 triệu USD.",
            Vi,
            "9 triệu USD",
            "revenue",
        ),
        ("Acme lãi 5 triệu USD.", Vi, "5 triệu USD", "net-income"),
        ("Lợi nhuận ròng của Acme đạt 800 tỷ đồng.", Vi, "800 tỷ đồng", "net-income"),
        ("Acme đầu tư 2 tỷ USD vào Globex.", Vi, "2 tỷ USD", "investment"),
        ("Acme rót 300 triệu USD vào Globex.", Vi, "300 triệu USD", "investment"),
        ("Globex được định giá 29 tỷ USD.", Vi, "29 tỷ USD", "valuation"),
        ("Globex gọi vốn thành công 50 triệu USD.", Vi, "50 triệu USD", "funding"),
        ("Globex huy động 50 triệu USD từ Acme.", Vi, "50 triệu USD", "funding"),
        (
            "Chi phí vận hành Widget lên tới 700.000 USD mỗi ngày.",
            Vi,
            "lên tới 700.000 USD mỗi ngày",
            "cost",
        ),
        ("Mỗi lần chạy thử tốn khoảng 2 triệu USD.", Vi, "khoảng 2 triệu USD", "cost"),
        ("Acme chi 4 tỷ USD cho máy chủ.", Vi, "4 tỷ USD", "cost"),
        ("Acme mua lại Globex với giá 6 tỷ USD.", Vi, "6 tỷ USD", ""),
        ("Gói Widget có giá 20 USD mỗi tháng.", Vi, "20 USD mỗi tháng", "price"),
        ("Widget có 100 triệu người dùng.", Vi, "100 triệu người dùng", "users"),
        ("Widget đón 2 tỷ lượt truy cập.", Vi, "2 tỷ lượt truy cập", "visits"),
        ("Lượt truy cập vào trang Acme đạt 3 tỷ.", Vi, "3 tỷ", "visits"),
        ("Acme có 1.200 nhân viên.", Vi, "1.200 nhân viên", "employees"),
        ("Acme nắm 49% cổ phần của Globex.", Vi, "49%", "stake"),
        ("Thị phần của Acme là 30%.", Vi, "30%", ""),
        ("Doanh thu của Acme tăng 20%.", Vi, "20%", "growth-rate"),
        ("Số người dùng Widget tăng trưởng 50% mỗi tháng.", Vi, "50%", "growth-rate"),
        ("Lợi nhuận của nhà đầu tư bị giới hạn ở mức 100 lần.", Vi, "100 lần", "profit-cap"),
        ("Acme đứng thứ 5 về lưu lượng truy cập.", Vi, "thứ 5", "rank"),
        ("Acme reported revenue of $3 billion.", En, "$3 billion", "revenue"),
        ("Acme's sales reached $3 billion.", En, "$3 billion", "revenue"),
        ("Acme lost $540 million last year.", En, "$540 million", "net-loss"),
        ("Acme posted a net loss of $12 million.", En, "$12 million", "net-loss"),
        ("Acme's net income was $5 million.", En, "$5 million", "net-income"),
        ("Acme invested $2 billion in Globex.", En, "$2 billion", "investment"),
        ("Globex raised $50 million from Acme.", En, "$50 million", "funding"),
        ("Globex was valued at $29 billion.", En, "$29 billion", "valuation"),
        ("Training the model costs at least $4 million.", En, "at least $4 million", "cost"),
        ("Acme spent $4 billion on servers.", En, "$4 billion", "cost"),
        ("Acme acquired Globex for $6 billion.", En, "$6 billion", ""),
        ("Widget has 100 million users.", En, "100 million users", "users"),
        ("Widget's traffic reached 2 billion visits.", En, "2 billion visits", "visits"),
        ("Acme's revenue grew 20%.", En, "20%", "growth-rate"),
        ("Returns to investors are capped at 100x.", En, "100x", "profit-cap"),
        ("Acme holds a 49% stake in Globex.", En, "49%", "stake"),
    ];
    check_field(cases, |r| &r.2, "metric");
}

#[test]
fn figures_without_a_metric_or_subject_are_not_claims() {
    use Lang::{En, Vi};
    let rows = run("Acme có 5% cơ hội.", Vi);
    assert_eq!(rows[0].2, "");
    let rows = run("Thị trường đạt 3 tỷ USD doanh thu.", Vi);
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("", "revenue"));
    let rows = run("The market saw 3 billion visits.", En);
    assert_eq!(rows[0].1, "");
    // A security hole and a non-profit are not losses or profits.
    assert_eq!(run("Acme vá lỗ hổng trị giá 2 triệu USD.", Vi)[0].2, "");
    assert_eq!(run("Tổ chức phi lợi nhuận Acme nhận 2 triệu USD.", Vi)[0].2, "");
}

#[test]
fn goal_words_make_targets() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme đặt mục tiêu doanh thu 1 tỷ USD vào năm 2024.", Vi, "1 tỷ USD", "revenue-target"),
        ("Acme hy vọng đạt doanh thu 200 triệu USD.", Vi, "200 triệu USD", "revenue-target"),
        ("Acme kỳ vọng có 10 triệu người dùng.", Vi, "10 triệu người dùng", "users"),
        (
            "Acme lỗ 5 triệu USD nhưng đặt mục tiêu doanh thu 1 tỷ USD.",
            Vi,
            "5 triệu USD",
            "net-loss",
        ),
        ("Acme expects revenue of $1 billion in 2024.", En, "$1 billion", "revenue-projection"),
        ("Acme is targeting $2 billion in sales.", En, "$2 billion", "revenue-target"),
        ("Acme lost $5 million and expects revenue of $1 billion.", En, "$5 million", "net-loss"),
    ];
    check_field(cases, |r| &r.2, "metric");
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme hy vọng đạt doanh thu hơn 200 triệu USD.", Vi, "hơn 200 triệu USD", "target"),
        ("Doanh thu của Acme ước tính 30 triệu USD.", Vi, "30 triệu USD", "estimate"),
        ("Acme thu khoảng 30 triệu USD doanh thu.", Vi, "khoảng 30 triệu USD", "approximately"),
        ("Acme lỗ hơn 5 triệu USD.", Vi, "hơn 5 triệu USD", "more-than"),
        ("Acme lost up to $5 million.", En, "up to $5 million", "up-to"),
        ("Acme's revenue is estimated at $30 million.", En, "$30 million", "estimate"),
    ];
    check_field(cases, |r| &r.6, "qualifier");
}

#[test]
fn periods_are_explicit_bound_or_in_the_clause() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Năm 2022, Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", "2022"),
        ("Acme lỗ 5 triệu USD trong năm 2022.", Vi, "5 triệu USD", "2022"),
        ("Doanh thu năm 2021 của Acme đạt 9 triệu USD.", Vi, "9 triệu USD", "2021"),
        ("Doanh thu của Acme trong quý I/2023 đạt 9 triệu USD.", Vi, "9 triệu USD", "2023-Q1"),
        ("Tháng 3/2023, Widget đón 1 tỷ lượt truy cập.", Vi, "1 tỷ lượt truy cập", "2023-03"),
        (
            "Doanh thu năm 2022 của Acme đạt 9 triệu USD, năm 2023 dự kiến đạt 20 triệu USD.",
            Vi,
            "9 triệu USD",
            "2022",
        ),
        (
            "Doanh thu năm 2022 của Acme đạt 9 triệu USD, năm 2023 dự kiến đạt 20 triệu USD.",
            Vi,
            "20 triệu USD",
            "2023",
        ),
        (
            "Acme đặt mục tiêu 2 tỷ USD doanh thu cho năm 2025 và 5 tỷ USD cho năm 2026.",
            Vi,
            "5 tỷ USD",
            "2026",
        ),
        (
            "In 2022, Acme's revenue was $35 million, up from $20 million in 2021.",
            En,
            "$35 million",
            "2022",
        ),
        (
            "In 2022, Acme's revenue was $35 million, up from $20 million in 2021.",
            En,
            "$20 million",
            "2021",
        ),
        ("Acme lost $5 million in the first quarter of 2023.", En, "$5 million", "2023-Q1"),
        ("Acme's FY2024 revenue hit $8 billion.", En, "$8 billion", "2024"),
        ("Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", ""),
        ("Acme has invested $13 billion since 2019.", En, "$13 billion", ""),
    ];
    check_field(cases, |r| &r.3, "period");
}

#[test]
fn relative_periods_resolve_against_the_article_date() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Năm ngoái Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", "2022"),
        ("Acme đặt mục tiêu doanh thu 9 triệu USD trong năm nay.", Vi, "9 triệu USD", "2023"),
        (
            "Vào tháng 3 năm nay, Widget có 20 triệu người dùng.",
            Vi,
            "20 triệu người dùng",
            "2023-03",
        ),
        ("Widget có 20 triệu người dùng vào tháng 2.", Vi, "20 triệu người dùng", "2023-02"),
        ("Widget có 20 triệu người dùng vào đầu năm.", Vi, "20 triệu người dùng", "2023"),
        ("Acme lost $5 million last year.", En, "$5 million", "2022"),
        ("Widget reached 20 million users in March.", En, "20 million users", "2023-03"),
        ("Earlier this year Acme raised $50 million.", En, "$50 million", "2023"),
    ];
    check_field(cases, |r| &r.3, "period");
    let rows = run_with("Năm ngoái Acme lỗ 5 triệu USD.", Vi, None, Format::Markdown);
    assert_eq!(rows[0].3, "", "no date, no relative period");
}

#[test]
fn respectively_pairs_lists_in_order() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Acme kỳ vọng doanh thu lần lượt đạt 2 tỷ USD và 5 tỷ USD trong năm 2025 và 2026.",
            Vi,
            "2 tỷ USD",
            "2025",
        ),
        (
            "Acme kỳ vọng doanh thu lần lượt đạt 2 tỷ USD và 5 tỷ USD trong năm 2025 và 2026.",
            Vi,
            "5 tỷ USD",
            "2026",
        ),
        (
            "Acme expects revenue of $2 billion and $5 billion in 2025 and 2026, respectively.",
            En,
            "$2 billion",
            "2025",
        ),
        (
            "Acme expects revenue of $2 billion and $5 billion in 2025 and 2026, respectively.",
            En,
            "$5 billion",
            "2026",
        ),
    ];
    check_field(cases, |r| &r.3, "period");
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Doanh thu và lợi nhuận của Acme lần lượt là 9 triệu USD và 2 triệu USD.",
            Vi,
            "9 triệu USD",
            "revenue",
        ),
        (
            "Doanh thu và lợi nhuận của Acme lần lượt là 9 triệu USD và 2 triệu USD.",
            Vi,
            "2 triệu USD",
            "net-income",
        ),
        (
            "Acme's revenue and net income were $9 million and $2 million, respectively.",
            En,
            "$2 million",
            "net-income",
        ),
    ];
    check_field(cases, |r| &r.2, "metric");
    let cases: &[(&str, Lang, &str, &str)] = &[
        // An investment reads from the investor (PRODUCT.md §5 roles).
        ("Acme và Globex lần lượt rót 3 tỷ USD và 1 tỷ USD vào Widget.", Vi, "1 tỷ USD", "globex"),
        (
            "Doanh thu của Acme và Globex lần lượt là 9 triệu USD và 4 triệu USD.",
            Vi,
            "4 triệu USD",
            "globex",
        ),
    ];
    check_field(cases, |r| &r.1, "subject");
}

#[test]
fn a_sentence_without_a_period_inherits_the_previous_ones() {
    use Lang::Vi;
    let cases: &[(&str, Lang, &str, &str)] = &[
        // Same paragraph, same subject: the period carries over.
        (
            "Tháng 3/2023, trang Acme đón 1 tỷ lượt truy cập. Nhờ đó Acme vươn lên thứ 12 thế giới.",
            Vi,
            "thứ 12",
            "2023-03",
        ),
        ("Năm 2022 là năm khó khăn với Acme. Công ty lỗ 5 triệu USD.", Vi, "5 triệu USD", "2022"),
        // Another subject, another paragraph, or a target: no.
        ("Năm 2022 Acme lỗ 5 triệu USD. Globex lãi 2 triệu USD.", Vi, "2 triệu USD", ""),
        ("Năm 2022 Acme lỗ 5 triệu USD.\n\nAcme lãi 2 triệu USD.", Vi, "2 triệu USD", ""),
        (
            "Năm 2022 Acme lỗ 5 triệu USD. Acme đặt mục tiêu doanh thu 9 triệu USD.",
            Vi,
            "9 triệu USD",
            "",
        ),
        ("Năm 2022 Acme lỗ 5 triệu USD. Acme dự kiến chi 9 triệu USD.", Vi, "9 triệu USD", ""),
    ];
    check_field(cases, |r| &r.3, "period");
}

#[test]
fn subject_is_the_owner_or_the_nearest_preferred_mention() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Theo Fortune, doanh thu của Acme trong năm 2022 vào khoảng 9 triệu USD.",
            Vi,
            "khoảng 9 triệu USD",
            "acme",
        ),
        ("Microsoft cho biết doanh thu của Globex đạt 9 triệu USD.", Vi, "9 triệu USD", "globex"),
        ("Microsoft said Globex's revenue reached $9 million.", En, "$9 million", "globex"),
        ("Microsoft said the revenue of Globex reached $9 million.", En, "$9 million", "globex"),
        ("Microsoft said Globex revenue reached $9 million.", En, "$9 million", "globex"),
        // Companies before products for money, products first for audiences.
        ("Widget giúp Acme thu về 9 triệu USD.", Vi, "9 triệu USD", "acme"),
        ("Acme cho biết Widget đã có 5 triệu người dùng.", Vi, "5 triệu người dùng", "widget"),
        ("Acme says Widget now has 5 million users.", En, "5 million users", "widget"),
        // Publications and people are not companies.
        ("Theo Reuters, Sam Altman cho biết Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", "acme"),
        // A sentence without a mention speaks of the paragraph's subject.
        ("Acme công bố kết quả kinh doanh. Công ty lỗ 5 triệu USD.", Vi, "5 triệu USD", "acme"),
        ("Acme released results. It lost $5 million.", En, "$5 million", "acme"),
        // ... and across paragraphs, "công ty" is the company the article is about.
        ("Acme công bố kết quả.\n\nCông ty lỗ 5 triệu USD.", Vi, "5 triệu USD", "acme"),
        // Wikilinks name their target.
        ("[[acme|Hãng này]] lỗ 5 triệu USD.", Vi, "5 triệu USD", "acme"),
    ];
    check_field(cases, |r| &r.1, "subject");
}

#[test]
fn money_flows_from_the_counterparty_to_the_subject() {
    use Lang::{En, Vi};
    // (body, lang, amount, "subject<-counterparty")
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Nhờ khoản đầu tư 2 tỷ USD của Acme, Globex mở thêm nhà máy.",
            Vi,
            "2 tỷ USD",
            "acme<-globex",
        ),
        ("Globex đã nhận hơn 3 tỷ USD từ Acme.", Vi, "hơn 3 tỷ USD", "acme<-globex"),
        ("Acme đã cam kết rót hơn 4 tỷ USD vào Globex.", Vi, "hơn 4 tỷ USD", "acme<-globex"),
        ("Acme đầu tư 2 tỷ USD vào Globex.", Vi, "2 tỷ USD", "acme<-globex"),
        ("Globex gọi vốn 50 triệu USD từ Acme.", Vi, "50 triệu USD", "globex<-acme"),
        ("Acme mua lại Globex với giá 6 tỷ USD.", Vi, "6 tỷ USD", "globex<-"),
        (
            "Acme Corp will invest $2 billion in Globex, the paper reported.",
            En,
            "$2 billion",
            "acme<-globex",
        ),
        ("Globex raised $50 million from Acme.", En, "$50 million", "globex<-acme"),
        (
            "Acme's $2 billion investment gave Globex room to grow.",
            En,
            "$2 billion",
            "acme<-globex",
        ),
        ("Acme acquired Globex for $6 billion.", En, "$6 billion", "globex<-"),
        ("Globex received $50 million from Acme.", En, "$50 million", "acme<-globex"),
        // No receiver named: the paragraph's subject receives.
        (
            "Acme rót 1 tỷ USD vào Globex năm 2019. Năm 2023, Acme cam kết đầu tư thêm 2 tỷ USD.",
            Vi,
            "2 tỷ USD",
            "acme<-globex",
        ),
        ("Acme cam kết đầu tư 2 tỷ USD.", Vi, "2 tỷ USD", "acme<-"),
        // Revenue from a customer: the customer is the counterparty.
        ("Acme thu về 9 triệu USD từ Globex.", Vi, "9 triệu USD", "acme<-"),
    ];
    let mut failures = Vec::new();
    for (body, lang, amount, want) in cases {
        let rows = run(body, *lang);
        let got = rows.iter().find(|r| r.0 == *amount).map(|r| format!("{}<-{}", r.1, r.4));
        if got.as_deref() != Some(*want) {
            failures.push(format!("{body:?}: {got:?}, want {want:?}; {rows:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn comparisons_measure_the_same_thing_and_are_no_period() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Doanh thu của Acme đạt 9 triệu USD, tăng mạnh so với mức 2 triệu USD của năm 2021.",
            Vi,
            "2 triệu USD",
            "revenue",
        ),
        (
            "Acme's revenue reached $9 million in 2023, up from $2 million in 2021.",
            En,
            "$2 million",
            "revenue",
        ),
        ("Acme expects revenue of $9 million, up from $2 million.", En, "$2 million", "revenue"),
        ("Acme's net income was $5 million, up 33% from a year earlier.", En, "33%", "growth-rate"),
        (
            "Acme spent $32 billion in 2023, up from $31 billion a year earlier.",
            En,
            "$31 billion",
            "cost",
        ),
        ("Acme returned over $25 billion to shareholders.", En, "over $25 billion", ""),
        ("Acme chi 2 tỷ USD mua lại cổ phiếu.", Vi, "2 tỷ USD", "cost"),
    ];
    check_field(cases, |r| &r.2, "metric");
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Doanh thu của Acme đạt 9 triệu USD, tăng mạnh so với mức 2 triệu USD của năm 2021.",
            Vi,
            "2 triệu USD",
            "2021",
        ),
        (
            "Lợi nhuận của Acme đạt 5 triệu USD trong quý 4/2022, tăng 33% so với cùng kỳ năm trước.",
            Vi,
            "33%",
            "2022-Q4",
        ),
        (
            "Acme's net income was $5 million in the fourth quarter of 2022, up 33% from a year earlier.",
            En,
            "33%",
            "2022-Q4",
        ),
        ("Acme lãi 5 triệu USD, cao hơn so với năm 2021.", Vi, "5 triệu USD", ""),
    ];
    check_field(cases, |r| &r.3, "period");
}

#[test]
fn speakers_and_people_give_way_to_what_the_figure_is_about() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme cho biết Widget mang về 9 triệu USD doanh thu.", Vi, "9 triệu USD", "widget"),
        ("Widget brought in $9 million, Acme said.", En, "$9 million", "widget"),
        ("Sam Altman cho biết công ty kỳ vọng doanh thu 1 tỷ USD.", Vi, "1 tỷ USD", "openai"),
        ("Sam Altman said the company lost $5 million.", En, "$5 million", "openai"),
        ("Tài sản ròng của Sam Altman đạt 2 tỷ USD.", Vi, "2 tỷ USD", "sam-altman"),
        ("Altman's net worth is $2 billion.", En, "$2 billion", "sam-altman"),
    ];
    check_field(cases, |r| &r.1, "subject");
}

#[test]
fn unknown_names_keep_the_paragraph_subject_away() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme công bố kết quả. Initech lỗ 5 triệu USD.", Vi, "5 triệu USD", ""),
        ("Acme released results. Initech lost $5 million.", En, "$5 million", ""),
        (
            "Acme công bố kết quả. Doanh thu đạt 9 triệu USD theo Initech Capital.",
            Vi,
            "9 triệu USD",
            "",
        ),
        ("Acme released results. Revenue rose to $9 million.", En, "$9 million", "acme"),
        ("Acme công bố kết quả. Doanh thu đạt 9 triệu USD.", Vi, "9 triệu USD", "acme"),
        (
            "Acme công bố kết quả. Cũng trong năm 2022, công ty lỗ 5 triệu USD.",
            Vi,
            "5 triệu USD",
            "acme",
        ),
    ];
    check_field(cases, |r| &r.1, "subject");
}

#[test]
fn prices_losses_and_dates_read_as_people_mean_them() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Widget costs $20 a month.", En, "$20 a month", "price"),
        ("Gói Widget có giá 20 USD/tháng.", Vi, "20 USD/tháng", "price"),
        ("Chạy Widget tốn 700.000 USD mỗi ngày.", Vi, "700.000 USD mỗi ngày", "cost"),
        ("Acme dự kiến lỗ 5 triệu USD trong năm 2024.", Vi, "5 triệu USD", "net-loss"),
        ("Acme expects to lose $5 billion in 2024.", En, "$5 billion", "net-loss"),
    ];
    check_field(cases, |r| &r.2, "metric");
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme dự kiến lỗ 5 triệu USD trong năm 2024.", Vi, "5 triệu USD", "estimate"),
        ("Acme expects to lose $5 billion in 2024.", En, "$5 billion", "estimate"),
    ];
    check_field(cases, |r| &r.6, "qualifier");
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Acme's revenue for the quarter ended June 30 was $9 million.",
            En,
            "$9 million",
            "2022-Q2",
        ),
        (
            "Tính đến ngày 31/3, Widget có 2 triệu người dùng.",
            Vi,
            "2 triệu người dùng",
            "2023-03-31",
        ),
    ];
    check_field(cases, |r| &r.3, "period");
}

#[test]
fn coordinated_figures_share_goal_and_period() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Acme đặt kế hoạch doanh thu 9 tỷ đồng và lợi nhuận trước thuế 2 tỷ đồng cho năm 2024.",
            Vi,
            "9 tỷ đồng",
            "revenue-target|2024|target",
        ),
        (
            "Acme đặt kế hoạch doanh thu 9 tỷ đồng và lợi nhuận trước thuế 2 tỷ đồng cho năm 2024.",
            Vi,
            "2 tỷ đồng",
            "|2024|target",
        ),
        (
            "Acme targets revenue of $9 million and net income of $2 million in 2024.",
            En,
            "$2 million",
            "net-income|2024|target",
        ),
        (
            "Năm 2023 Acme lỗ 5 tỷ đồng nhưng Globex lãi 2 tỷ đồng.",
            Vi,
            "2 tỷ đồng",
            "net-income|2023|exact",
        ),
    ];
    let mut failures = Vec::new();
    for (body, lang, amount, want) in cases {
        let rows = run(body, *lang);
        let got = rows.iter().find(|r| r.0 == *amount).map(|r| format!("{}|{}|{}", r.2, r.3, r.6));
        if got.as_deref() != Some(*want) {
            failures.push(format!("{body:?}: {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn keywords_right_after_the_figure_and_other_quantities() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        (
            "Globex closed a $6 billion funding round at a $150 billion valuation.",
            En,
            "$150 billion",
            "valuation",
        ),
        (
            "Globex closed a $6 billion funding round at a $150 billion valuation.",
            En,
            "$6 billion",
            "funding",
        ),
        ("Acme posted a $5 million loss.", En, "$5 million", "net-loss"),
        ("Acme bán được 2 triệu chiếc Widget trong năm 2023.", Vi, "2 triệu", ""),
        ("Cổ phiếu Acme tăng 7% trong phiên hôm qua.", Vi, "7%", ""),
        ("Acme shares fell 3%.", En, "3%", ""),
        ("Cổ phiếu của Acme Corp tăng gần 8% sau thông báo.", Vi, "gần 8%", ""),
        ("Shares of Acme Corp rose 15%.", En, "15%", ""),
        ("Lợi nhuận sau thuế của Acme đạt 2 tỷ đồng.", Vi, "2 tỷ đồng", "net-income"),
        ("Acme báo lỗ sau thuế 2 tỷ đồng.", Vi, "2 tỷ đồng", "net-loss"),
    ];
    check_field(cases, |r| &r.2, "metric");
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme bán được 2 triệu chiếc Widget trong năm 2023.", Vi, "2 triệu", "widget"),
        // A receiver the registry does not know: the investor is still the subject.
        ("Acme sẽ đầu tư 4 tỷ USD vào Initech.", Vi, "4 tỷ USD", "acme"),
        ("Acme will invest $4 billion in Initech.", En, "$4 billion", "acme"),
        ("Acme will invest $4 billion in 2025.", En, "$4 billion", "acme"),
        ("Acme công bố đầu tư 1,5 tỷ USD vào G42 của UAE.", Vi, "1,5 tỷ USD", "acme"),
        ("Acme plans to invest $4 billion in AI infrastructure.", En, "$4 billion", "acme"),
    ];
    check_field(cases, |r| &r.1, "subject");
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme plans to invest $4 billion in AI infrastructure.", En, "$4 billion", "cost"),
        ("Acme's revenue was $18 billion, triple a year earlier.", En, "$18 billion", "revenue"),
    ];
    check_field(cases, |r| &r.2, "metric");
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Acme's revenue was $18 billion, triple a year earlier.", En, "$18 billion", ""),
        (
            "Công ty dự báo doanh thu quý tiếp theo của Acme vào khoảng 20 tỷ USD.",
            Vi,
            "khoảng 20 tỷ USD",
            "2023-Q3",
        ),
    ];
    check_field(cases, |r| &r.3, "period");
}

#[test]
fn table_cells_read_their_header_and_row_label() {
    // Years down, metrics across.
    let body = "Kết quả kinh doanh của Acme:\n\n| Năm | Doanh thu | Lỗ ròng |\n|---|---|---|\n| 2022 | 35 triệu USD | 540 triệu USD |\n| Mục tiêu 2024 | 1 tỷ USD | |\n";
    let rows = run(body, Lang::Vi);
    let got: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (r.0.as_str(), r.1.as_str(), r.2.as_str(), r.3.as_str())).collect();
    assert_eq!(
        got,
        [
            ("35 triệu USD", "acme", "revenue", "2022"),
            ("540 triệu USD", "acme", "net-loss", "2022"),
            ("1 tỷ USD", "acme", "revenue-target", "2024"),
        ]
    );
    // Metrics down, years across; the row label also names the subject.
    let body =
        "| | 2022 | 2023 |\n|---|---|---|\n| Doanh thu Globex | 5 triệu USD | 9 triệu USD |\n";
    let rows = run(body, Lang::Vi);
    let got: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r.1.as_str(), r.2.as_str(), r.3.as_str())).collect();
    assert_eq!(got, [("globex", "revenue", "2022"), ("globex", "revenue", "2023")]);
}

#[test]
fn conversions_restate_the_figure_before() {
    use Lang::{En, Vi};
    for (body, lang, converted) in [
        (
            "Acme đầu tư 10 tỷ USD (khoảng 235.000 tỷ đồng) vào Globex năm 2023.",
            Vi,
            "khoảng 235.000 tỷ đồng",
        ),
        ("Acme lỗ 2 triệu USD, tương đương 47 tỷ đồng, trong năm 2022.", Vi, "47 tỷ đồng"),
        ("Acme invested $10 billion (about €9 billion) in Globex in 2023.", En, "about €9 billion"),
    ] {
        let entities = registry_entities();
        let mut d = Diagnostics::default();
        let matcher = Matcher::new(&entities, &mut d);
        let input = Input {
            body,
            format: Format::Markdown,
            lang,
            date: date(),
            registry: Some(Registry { entities: &entities, matcher: &matcher }),
            mentions: None,
        };
        let c = candidates(&input);
        assert_eq!(c.len(), 2, "{body}");
        assert_eq!(&body[c[1].amount.span.clone()], converted);
        assert!(c[1].equivalent && !c[1].is_claim() && c[0].is_claim(), "{body}");
        assert_eq!(
            (&c[1].subject, &c[1].metric, &c[1].period),
            (&c[0].subject, &c[0].metric, &c[0].period)
        );
    }
    // Two figures in two currencies that are not a restatement stay two claims.
    let rows = run("Acme lãi 2 triệu USD và Globex lãi 5 tỷ đồng.", Vi);
    assert_eq!(rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["acme", "globex"]);
}

#[test]
fn list_items_continue_the_sentence_that_introduces_them() {
    let body = "Kết quả năm 2022 của Acme:\n\n- Doanh thu: 9 triệu USD.\n- Lỗ ròng: 3 triệu USD.\n\nMột đoạn khác.\n\n- Lãi: 1 triệu USD.\n";
    let rows = run(body, Lang::Vi);
    let got: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r.1.as_str(), r.2.as_str(), r.3.as_str())).collect();
    assert_eq!(
        got,
        [("acme", "revenue", "2022"), ("acme", "net-loss", "2022"), ("acme", "net-income", "")]
    );
}

#[test]
fn sources_are_publications_the_sentence_cites() {
    use Lang::{En, Vi};
    let cases: &[(&str, Lang, &str, &str)] = &[
        ("Theo Fortune, Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", "fortune"),
        (
            "Theo số liệu của Similar Web, Widget có 13 triệu lượt truy cập.",
            Vi,
            "13 triệu lượt truy cập",
            "similar-web",
        ),
        ("Fortune cho biết Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", "fortune"),
        ("According to Reuters, Acme lost $5 million.", En, "$5 million", "reuters"),
        ("Acme lost $5 million, Reuters reported.", En, "$5 million", "reuters"),
        ("Acme lỗ 5 triệu USD.", Vi, "5 triệu USD", ""),
        // A publication is never the subject.
        ("Fortune ước tính Widget có 5 triệu người dùng.", Vi, "5 triệu người dùng", "fortune"),
    ];
    check_field(cases, |r| &r.5, "according-to");
    assert_eq!(run("Fortune ước tính Widget có 5 triệu người dùng.", Vi)[0].1, "widget");
}

#[test]
fn markdown_code_and_headings_are_skipped() {
    let body = "## Acme lỗ 1 triệu USD\n\nAcme lỗ `2 triệu USD` và 3 triệu USD.\n\n```\nAcme lỗ 4 triệu USD\n```\n";
    let rows = run(body, Lang::Vi);
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["3 triệu USD"]);
}

#[test]
fn quotes_are_the_sentence_and_never_cross_markup() {
    let entities = registry_entities();
    let mut d = Diagnostics::default();
    let matcher = Matcher::new(&entities, &mut d);
    let body =
        "Mở đầu. Acme lỗ 5 triệu\nUSD năm 2022. Hết.\n\n**Acme** lãi 2 triệu USD năm 2023.\n";
    let input = Input {
        body,
        format: Format::Markdown,
        lang: Lang::Vi,
        date: date(),
        registry: Some(Registry { entities: &entities, matcher: &matcher }),
        mentions: None,
    };
    let c = candidates(&input);
    assert_eq!(c[0].quote, "Acme lỗ 5 triệu USD năm 2022.");
    assert_eq!(&body[c[0].quote_range.clone()], "Acme lỗ 5 triệu\nUSD năm 2022.");
    assert_eq!(c[1].quote, "lãi 2 triệu USD năm 2023.");
    assert_eq!(
        c[1].subject.map(|e| entities[e.0 as usize].slug.to_string()).as_deref(),
        Some("acme")
    );
    assert!(crate::analyze::claims::find_quote(body, &c[1].quote).is_some());
}

#[test]
fn a_repeated_quote_widens_past_a_multibyte_space_only_to_the_next_word() {
    // U+2028 is whitespace of three bytes: widening used to cut it in half,
    // fail, and fall back to a quote reaching the top of the article.
    let body =
        "Globex lỗ 5 triệu USD năm 2022.\n\n\u{2028}Tóm lại:\n\nGlobex lỗ 5 triệu USD năm 2022.\n";
    let entities = registry_entities();
    let mut d = Diagnostics::default();
    let matcher = Matcher::new(&entities, &mut d);
    let input = Input {
        body,
        format: Format::Markdown,
        lang: Lang::Vi,
        date: date(),
        registry: Some(Registry { entities: &entities, matcher: &matcher }),
        mentions: None,
    };
    let quotes: Vec<String> = candidates(&input).into_iter().map(|c| c.quote).collect();
    assert_eq!(quotes, ["Globex lỗ 5 triệu USD năm 2022.", "lại: Globex lỗ 5 triệu USD năm 2022."]);
}

#[test]
fn without_a_registry_figures_have_no_subject() {
    let input = Input {
        body: "OpenAI lỗ 540 triệu USD năm 2022.",
        format: Format::Plain,
        lang: Lang::Vi,
        date: None,
        registry: None,
        mentions: None,
    };
    let c = candidates(&input);
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].subject, c[0].metric.as_deref(), c[0].period.as_deref()),
        (None, Some("net-loss"), Some("2022"))
    );
    assert!(!c[0].is_claim());
}

fn article(slug: &str, body: &str) -> Article {
    Article {
        slug: crate::model::Slug::new(slug).expect("valid"),
        title: "T".into(),
        date: NaiveDate::from_ymd_opt(2023, 4, 10).expect("valid"),
        summary: None,
        language: Lang::Vi,
        authors: Vec::new(),
        tags: Vec::new(),
        source: None,
        claims: Vec::new(),
        body: body.into(),
        body_offset: 0,
        file: crate::source::FileId(0),
        hash: 0,
    }
}

fn claims_of(a: &Article) -> Vec<Claim> {
    let entities = registry_entities();
    let mut d = Diagnostics::default();
    let matcher = Matcher::new(&entities, &mut d);
    let input = Input {
        body: &a.body,
        format: Format::Markdown,
        lang: a.language,
        date: Some(a.date),
        registry: Some(Registry { entities: &entities, matcher: &matcher }),
        mentions: None,
    };
    extracted_claims(
        a,
        ArticleId(0),
        &candidates(&input),
        &entities,
        SourceNames::new(&entities).of(a),
    )
}

#[test]
fn extracted_ids_name_subject_metric_period_and_article() {
    let a = article(
        "bai-a",
        "Acme lỗ 5 triệu USD năm 2022. Acme lỗ 6 triệu USD năm 2022.\n\nAcme lỗ 7 triệu USD. Acme có 5% cơ hội.",
    );
    let c = claims_of(&a);
    let ids: Vec<&str> = c.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["acme-net-loss-2022-bai-a", "acme-net-loss-2022-bai-a-2", "acme-net-loss-bai-a"]
    );
    assert!(c.iter().all(|c| c.origin == Origin::Extracted));
    assert_eq!(c[0].value_text, "5 triệu USD");
    assert_eq!(c[0].quote.as_deref(), Some("Acme lỗ 5 triệu USD năm 2022."));
}

#[test]
fn extracted_claims_merge_into_matching_curated_ones() {
    let a = article(
        "bai-a",
        "Acme lỗ 5 triệu USD năm 2022. Acme lãi 2 triệu USD năm 2021. Globex lỗ 1 triệu USD năm 2020.",
    );
    let extracted = claims_of(&a);
    assert_eq!(extracted.len(), 3);
    let curated = |metric: &str, value: &str, period: &str, quote: Option<&str>| {
        let mut c = extracted[0].clone();
        c.origin = Origin::Curated;
        c.metric = metric.into();
        c.amount = figures::parse_value(value, Lang::Vi);
        c.period = Some(period.into());
        c.quote_range = quote.and_then(|q| crate::analyze::claims::find_quote(&a.body, q));
        c
    };
    // Same fields and value: merged.
    let kept =
        merge_into_curated(&[curated("net-loss", "5 triệu USD", "2022", None)], extracted.clone());
    assert_eq!(kept.len(), 2);
    // Same fields, other value, no quote: both stay (a conflict, not a duplicate).
    let kept =
        merge_into_curated(&[curated("net-loss", "6 triệu USD", "2022", None)], extracted.clone());
    assert_eq!(kept.len(), 3);
    // The curated quote covers the figure and the value agrees: the editor's metric wins.
    let mut c = curated("net-income", "2 triệu USD", "2021", Some("lãi 2 triệu USD"));
    c.subject = extracted[1].subject;
    let kept = merge_into_curated(&[c], extracted.clone());
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|k| k.metric != "net-income"));
    let mut c = curated("profit", "2 triệu USD", "2021", Some("lãi 2 triệu USD"));
    c.subject = extracted[1].subject;
    assert_eq!(merge_into_curated(&[c], extracted.clone()).len(), 2);
    // Another article never merges.
    let mut c = curated("net-loss", "5 triệu USD", "2022", None);
    c.article = ArticleId(1);
    assert_eq!(merge_into_curated(&[c], extracted).len(), 3);
}

fn check_spans(body: &str, plain: bool) -> Result<(), proptest::test_runner::TestCaseError> {
    let entities = registry_entities();
    let mut d = Diagnostics::default();
    let matcher = Matcher::new(&entities, &mut d);
    let input = Input {
        body,
        format: if plain { Format::Plain } else { Format::Markdown },
        lang: Lang::Vi,
        date: date(),
        registry: Some(Registry { entities: &entities, matcher: &matcher }),
        mentions: None,
    };
    for c in candidates(&input) {
        for r in [&c.amount.span, &c.quote_range] {
            proptest::prop_assert!(r.start <= r.end && r.end <= body.len());
            proptest::prop_assert!(body.is_char_boundary(r.start) && body.is_char_boundary(r.end));
        }
        proptest::prop_assert!(
            c.quote_range.start <= c.amount.span.start && c.amount.span.end <= c.quote_range.end
        );
    }
    Ok(())
}

proptest::proptest! {
    #[test]
    fn inference_never_panics_on_any_string(body in proptest::prelude::any::<String>(), plain in proptest::bool::ANY) {
        check_spans(&body, plain)?;
    }

    #[test]
    fn inference_never_panics_and_spans_are_char_boundaries(
        body in "(\\PC|Acme|OpenAI|doanh thu|lỗ|năm 2022|lần lượt|tháng 3|của|từ|vào| 5 triệu USD|\\$3 billion|\\[\\[acme\\]\\]|`|#|\\*|\\.|\n|- |\\| ){0,40}",
        plain in proptest::bool::ANY,
    ) {
        check_spans(&body, plain)?;
    }
}
