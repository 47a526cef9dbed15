//! Two-party claims (PRODUCT.md §5 "Roles of the parties", issue 10): a claim shows on
//! both parties' pages, worded from each side; conflicts compare the same subject,
//! metric, counterparty and period; metric labels and details reach every output.

use crate::harness::{SiteTest, texts};

#[test]
fn issue_10_a_claim_shows_on_both_parties_pages_worded_from_each_side() {
    let t = SiteTest::from_dir("parties");
    let o = t.build();
    assert!(o.site.diagnostics.is_empty(), "{}", o.site.diagnostics.render(&o.site.sources));
    let investor = texts(&t.html("companies/microsoft.html"), "table.claims td");
    assert!(investor.iter().any(|c| c.contains("đã đầu tư vào OpenAI")), "{investor:?}");
    assert!(investor.iter().any(|c| c.contains("đã đầu tư vào Globex")), "{investor:?}");
    let investee = texts(&t.html("companies/openai.html"), "table.claims td");
    assert!(investee.iter().any(|c| c.contains("nhận đầu tư từ Microsoft")), "{investee:?}");
    assert!(investee.iter().any(|c| c.contains("13 tỷ USD")), "{investee:?}");
    // Its own figure, with its detail, in the same table.
    assert!(investee.iter().any(|c| c.contains("Chi phí (compute)")), "{investee:?}");
    // Two investments of one investor in one year in two companies are no conflict.
    assert!(o.site.model.conflicts.is_empty(), "{:?}", o.site.model.conflicts);
    let globex = texts(&t.html("companies/globex.html"), "table.claims td");
    assert!(globex.iter().any(|c| c.contains("nhận đầu tư từ Microsoft")), "{globex:?}");
    assert!(!globex.iter().any(|c| c.contains("13 tỷ")), "{globex:?}");
}

#[test]
fn issue_10_metric_labels_and_details_reach_the_data_files() {
    let t = SiteTest::from_dir("parties");
    t.build();
    let kb: serde_json::Value = serde_json::from_str(&t.read("data/kb.json")).expect("kb.json");
    let claims = kb["claims"].as_array().expect("claims");
    let cost = claims.iter().find(|c| c["metric"] == "cost").expect("the cost claim");
    assert_eq!(cost["metric_label"]["vi"], "Chi phí");
    assert_eq!(cost["metric_label"]["en"], "Cost");
    assert_eq!(cost["metric_detail"], "compute");
    let csv = t.read("data/claims.csv");
    let header = csv.lines().next().expect("header");
    assert!(header.contains("metric_label_vi,metric_label_en,metric_detail"), "{header}");
    assert!(csv.contains(",Chi phí,Cost,compute,"), "{csv}");
    let page = t.read(&format!(
        "claims/{}.html",
        claims.iter().find(|c| c["metric"] == "cost").and_then(|c| c["id"].as_str()).expect("id")
    ));
    assert!(page.contains("\"name\":\"Chi phí (compute)\""), "JSON-LD names the metric");
}
