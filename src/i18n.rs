//! Site languages: UI strings, kind labels and date formats for `vi` and `en`.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A language the generator has UI strings and number rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Vietnamese: `2,5` is a decimal, `1.000` a thousand.
    Vi,
    /// English: `1,000.5`.
    En,
}

impl Lang {
    /// Parses a language code (`vi`, `vi-VN`, `en`, `en-US` ...).
    pub fn parse(code: &str) -> Option<Lang> {
        let base = code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match base.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 code for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// Kinds every site has without declaring them.
pub const DEFAULT_KINDS: &[&str] = &["companies", "products", "people", "publications"];

/// Default (singular, plural) labels of a kind folder.
pub fn kind_labels(folder: &str, lang: Lang) -> (&'static str, &'static str) {
    match (folder, lang) {
        ("companies", Lang::Vi) => ("Công ty", "Các công ty"),
        ("products", Lang::Vi) => ("Sản phẩm", "Sản phẩm"),
        ("people", Lang::Vi) => ("Nhân vật", "Nhân vật"),
        ("publications", Lang::Vi) => ("Nguồn tin", "Nguồn tin"),
        ("companies", Lang::En) => ("Company", "Companies"),
        ("products", Lang::En) => ("Product", "Products"),
        ("people", Lang::En) => ("Person", "People"),
        ("publications", Lang::En) => ("Publication", "Publications"),
        _ => ("", ""),
    }
}

/// UI strings: (stable key, vi, en).
const UI: &[(&str, &str, &str)] = &[
    ("home", "Trang chủ", "Home"),
    ("articles", "Bài viết", "Articles"),
    ("article", "Bài viết", "Article"),
    ("claims", "Số liệu", "Figures"),
    ("claim", "Số liệu", "Figure"),
    ("tags", "Chủ đề", "Tags"),
    ("tag", "Chủ đề", "Tag"),
    ("latest_articles", "Bài viết mới nhất", "Latest articles"),
    ("all_articles", "Tất cả bài viết", "All articles"),
    ("key_figures", "Số liệu chính", "Key figures"),
    ("entities", "Thực thể", "Entities"),
    ("skip_to_content", "Chuyển đến nội dung", "Skip to content"),
    ("source", "Nguồn", "Source"),
    ("published", "Ngày đăng gốc", "Originally published"),
    ("by", "Tác giả", "By"),
    ("mentioned", "Được nhắc đến", "Mentioned"),
    ("entities_mentioned", "Thực thể được nhắc đến", "Entities mentioned"),
    ("claims_in_article", "Số liệu trong bài", "Figures in this article"),
    ("mentioned_in", "Được nhắc đến trong", "Mentioned in"),
    ("relations", "Quan hệ", "Relations"),
    ("products_made", "Sản phẩm", "Products"),
    ("maker", "Nhà sản xuất", "Maker"),
    ("people", "Nhân vật", "People"),
    ("affiliation", "Tổ chức", "Affiliation"),
    ("role", "Vai trò", "Role"),
    ("website", "Trang web", "Website"),
    ("founded", "Thành lập", "Founded"),
    ("headquarters", "Trụ sở", "Headquarters"),
    ("aliases", "Tên khác", "Also known as"),
    ("since", "từ", "since"),
    ("claims_about", "Số liệu về", "Figures about"),
    ("metric", "Chỉ số", "Metric"),
    ("period", "Kỳ", "Period"),
    ("value", "Giá trị", "Value"),
    ("qualifier", "Mức độ", "Qualifier"),
    ("subject", "Đối tượng", "Subject"),
    ("counterparty", "Bên liên quan", "Counterparty"),
    ("according_to", "Theo", "According to"),
    ("quote", "Trích dẫn", "Quote"),
    ("status", "Trạng thái", "Status"),
    ("curated", "đã kiểm duyệt", "curated"),
    ("extracted", "trích xuất tự động, chưa kiểm duyệt", "extracted, unreviewed"),
    (
        "same_subject_claims",
        "Số liệu cùng đối tượng, chỉ số và kỳ",
        "Other figures on the same subject, metric and period",
    ),
    ("conflict", "Mâu thuẫn", "Conflict"),
    (
        "more_figures",
        "số liệu khác cùng đối tượng, chỉ số và kỳ",
        "more figures on the same subject, metric and period",
    ),
    ("conflicts_with", "Mâu thuẫn với số liệu này", "Conflicts with this figure"),
    ("statement", "Nội dung", "Statement"),
    ("in_article", "trong bài", "in"),
    ("page", "Trang", "Page"),
    ("previous", "Trang trước", "Previous"),
    ("next", "Trang sau", "Next"),
    ("not_found", "Không tìm thấy trang", "Page not found"),
    (
        "not_found_text",
        "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
        "The page you asked for does not exist or has moved.",
    ),
    ("no_items", "Chưa có mục nào.", "Nothing here yet."),
    ("count_article", "bài viết", "article"),
    ("count_articles", "bài viết", "articles"),
    ("date", "Ngày", "Date"),
    ("name", "Tên", "Name"),
    ("summary", "Tóm tắt", "Summary"),
    ("search", "Tìm kiếm", "Search"),
    ("search_placeholder", "Công ty, bài viết, số liệu…", "Companies, articles, figures…"),
    ("search_empty", "Không tìm thấy kết quả.", "No results."),
    ("search_count", "{n} kết quả", "{n} results"),
    ("chart", "Biểu đồ", "Chart"),
    ("actual", "thực tế", "actual"),
    ("target", "mục tiêu", "target"),
    ("generated_by", "Tạo bởi factbook", "Built with factbook"),
    ("feed", "Nguồn cấp Atom", "Atom feed"),
    ("data", "Dữ liệu", "Data"),
    ("timeline", "Dòng thời gian", "Timeline"),
    ("view_timeline", "Xem dòng thời gian", "See the timeline"),
    ("relation_graph", "Sơ đồ quan hệ", "Relation graph"),
    ("provenance", "Nguồn gốc số liệu", "Provenance"),
    ("first_reported", "Đưa tin đầu tiên", "First reported"),
    ("first_reported_by", "Đưa tin đầu tiên:", "First reported by"),
    ("repeated_by", "nhắc lại:", "repeated by"),
    ("revised_by", "điều chỉnh:", "revised by"),
    ("contradicted_by", "mâu thuẫn:", "contradicted by"),
    ("also_reported_by", "cũng đưa tin:", "also reported by"),
    ("role_first", "đưa tin đầu tiên", "first report"),
    ("role_repeat", "nhắc lại", "repeats"),
    ("role_revision", "điều chỉnh", "revises"),
    ("role_conflict", "mâu thuẫn", "contradicts"),
    ("role_other", "cũng đưa tin", "also reported"),
    ("this_claim", "số liệu này", "this figure"),
    ("more_reports", "lần đưa tin khác", "more reports"),
    ("ceo", "CEO", "CEO"),
    ("industry", "Lĩnh vực", "Industry"),
    ("category", "Loại", "Category"),
    ("launched", "Ra mắt", "Launched"),
    ("price", "Giá", "Price"),
    ("country", "Quốc gia", "Country"),
    ("founders", "Nhà sáng lập", "Founders"),
    ("employees", "Nhân viên", "Employees"),
];

/// UI strings keyed by a stable identifier, for templates (`t.key`).
pub fn ui_strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    UI.iter().map(|&(k, vi, en)| (k, if lang == Lang::Vi { vi } else { en })).collect()
}

/// One UI string, for text the generator writes itself (chart legends);
/// an unknown key shows as written.
pub fn ui(key: &str, lang: Lang) -> &str {
    match UI.iter().find(|(k, _, _)| *k == key) {
        Some(&(_, vi, en)) => {
            if lang == Lang::Vi {
                vi
            } else {
                en
            }
        }
        None => key,
    }
}

/// The last `width` decimal digits of `n`, zero-padded.
fn digits(n: u32, width: u32) -> impl Iterator<Item = char> {
    (0..width).rev().map(move |p| char::from(b'0' + (n / 10u32.pow(p) % 10) as u8))
}

/// `2023-04-20`, as `NaiveDate`'s `Display` writes it, digit by digit (see
/// [`format_date`]).
pub fn iso_date(date: NaiveDate) -> String {
    if !(1000..=9999).contains(&date.year()) {
        return date.to_string();
    }
    let mut out = String::with_capacity(10);
    out.extend(digits(date.year() as u32, 4));
    out.push('-');
    out.extend(digits(date.month(), 2));
    out.push('-');
    out.extend(digits(date.day(), 2));
    out
}

/// A human date: `20/04/2023` in Vietnamese, `April 20, 2023` in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        // Written digit by digit: pages show tens of thousands of dates, and
        // `format!` cost more than the rest of a date's rendering.
        Lang::Vi if (1000..=9999).contains(&date.year()) => {
            let mut out = String::with_capacity(10);
            out.extend(digits(date.day(), 2));
            out.push('/');
            out.extend(digits(date.month(), 2));
            out.push('/');
            out.extend(digits(date.year() as u32, 4));
            out
        }
        Lang::Vi => format!("{:02}/{:02}/{}", date.day(), date.month(), date.year()),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!("{} {}, {}", MONTHS[date.month0() as usize], date.day(), date.year())
        }
    }
}

/// What a metric measures, so that extraction and forms can tell a figure's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// A sum of money (`revenue`, `price` ...).
    Money,
    /// A percentage (`stake`, `growth-rate` ...).
    Percent,
    /// A multiple (`profit-cap`).
    Multiple,
    /// A count (`users`, `employees` ...).
    Count,
    /// A position in a ranking.
    Rank,
}

/// How a two-party metric reads from each side (PRODUCT.md §5 "Roles of the parties"):
/// `{}` stands for the other party's name.
#[derive(Debug, Clone, Copy)]
pub struct PartyWording {
    /// On the subject's page, vi and en ("đã đầu tư vào {}").
    pub subject: (&'static str, &'static str),
    /// On the counterparty's page, vi and en ("nhận đầu tư từ {}").
    pub counterparty: (&'static str, &'static str),
}

/// One metric of the closed vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// The name claims use (`revenue-share-received`).
    pub name: &'static str,
    /// Vietnamese label.
    pub vi: &'static str,
    /// English label.
    pub en: &'static str,
    /// What its figures are.
    pub kind: MetricKind,
    /// For metrics that link two parties: how each side reads it.
    pub parties: Option<PartyWording>,
}

const fn m(name: &'static str, vi: &'static str, en: &'static str, kind: MetricKind) -> Metric {
    Metric { name, vi, en, kind, parties: None }
}

const fn two(
    name: &'static str,
    (vi, en): (&'static str, &'static str),
    kind: MetricKind,
    subject: (&'static str, &'static str),
    counterparty: (&'static str, &'static str),
) -> Metric {
    Metric { name, vi, en, kind, parties: Some(PartyWording { subject, counterparty }) }
}

use MetricKind::{Count, Money, Multiple, Percent, Rank};

/// The metric vocabulary of PRODUCT.md §5: the one table extraction, validation and
/// every page, data file and label read. A site may add its own metrics in `book.toml`.
#[rustfmt::skip]
pub const METRICS: &[Metric] = &[
    m("revenue", "Doanh thu", "Revenue", Money),
    m("revenue-target", "Mục tiêu doanh thu", "Revenue target", Money),
    m("revenue-projection", "Dự báo doanh thu", "Revenue projection", Money),
    m("net-loss", "Lỗ ròng", "Net loss", Money),
    m("net-income", "Lợi nhuận ròng", "Net income", Money),
    m("operating-loss", "Lỗ hoạt động", "Operating loss", Money),
    m("cost", "Chi phí", "Cost", Money),
    m("cash-burn", "Tiền mặt tiêu hao", "Cash burn", Money),
    two("investment", ("Vốn đầu tư", "Investment"), Money,
        ("đã đầu tư vào {}", "invested in {}"), ("nhận đầu tư từ {}", "investment received from {}")),
    two("funding", ("Vốn huy động", "Funding"), Money,
        ("huy động vốn từ {}", "raised from {}"), ("đã rót vốn vào {}", "put money into {}")),
    two("investment-loss", ("Lỗ từ khoản đầu tư", "Investment loss"), Money,
        ("lỗ từ khoản đầu tư vào {}", "loss on its investment in {}"),
        ("khoản lỗ của {} từ đầu tư vào công ty", "{}'s loss on its investment here")),
    m("valuation", "Định giá", "Valuation", Money),
    m("market-cap", "Vốn hóa thị trường", "Market capitalisation", Money),
    two("stake-value", ("Giá trị cổ phần", "Stake value"), Money,
        ("giá trị cổ phần tại {}", "value of its stake in {}"),
        ("giá trị cổ phần do {} nắm", "value of the stake {} holds")),
    two("revenue-share-received", ("Doanh thu chia sẻ nhận được", "Revenue share received"), Money,
        ("nhận chia sẻ doanh thu từ {}", "revenue share received from {}"),
        ("chia sẻ doanh thu cho {}", "revenue share paid to {}")),
    two("recoup-threshold", ("Ngưỡng hoàn vốn", "Recoup threshold"), Money,
        ("ngưỡng hoàn vốn với {}", "recoup threshold with {}"),
        ("ngưỡng hoàn vốn của {}", "{}'s recoup threshold")),
    m("price", "Giá", "Price", Money),
    m("dividend", "Cổ tức", "Dividend", Money),
    m("buyback", "Mua lại cổ phiếu", "Share buyback", Money),
    two("stake", ("Tỷ lệ sở hữu", "Stake"), Percent,
        ("sở hữu cổ phần tại {}", "holds a stake in {}"), ("cổ phần do {} nắm", "stake held by {}")),
    two("profit-share", ("Tỷ lệ chia lợi nhuận", "Profit share"), Percent,
        ("hưởng phần lợi nhuận của {}", "share of {}'s profits"),
        ("chia lợi nhuận cho {}", "profits shared with {}")),
    two("revenue-share-rate", ("Tỷ lệ chia sẻ doanh thu", "Revenue share rate"), Percent,
        ("chia doanh thu cho {}", "share of revenue passed to {}"),
        ("nhận phần doanh thu từ {}", "share of revenue received from {}")),
    m("profit-cap", "Trần lợi nhuận", "Profit cap", Multiple),
    m("growth-rate", "Tốc độ tăng trưởng", "Growth rate", Percent),
    m("users", "Người dùng", "Users", Count),
    m("visits", "Lượt truy cập", "Visits", Count),
    m("employees", "Nhân viên", "Employees", Count),
    m("rank", "Thứ hạng", "Rank", Rank),
];

/// The vocabulary entry of a metric name.
pub fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// Label of a claim metric (`revenue` -> "Doanh thu"): the vocabulary's, else one of
/// [`OTHER_METRIC_LABELS`]; a name ending in `-target` is worded from its base; any
/// other metric (a site's own) shows as written, hyphens as spaces.
pub fn metric_label(metric: &str, lang: Lang) -> String {
    let pick = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let known = |name: &str| {
        self::metric(name).map(|m| pick(m.vi, m.en)).or_else(|| {
            OTHER_METRIC_LABELS.iter().find(|(k, _, _)| *k == name).map(|&(_, vi, en)| pick(vi, en))
        })
    };
    if let Some(label) = known(metric) {
        return label.to_string();
    }
    if let Some(label) = metric.strip_suffix("-target").and_then(known) {
        return match lang {
            Lang::Vi => format!("Mục tiêu {}", lowercase_first(label)),
            Lang::En => format!("{label} target"),
        };
    }
    metric.replace('-', " ")
}

/// Whether `metric` links two parties (PRODUCT.md §5 "Roles of the parties"):
/// the vocabulary entries that carry a wording for each side.
pub fn is_two_party(metric: &str) -> bool {
    self::metric(metric).is_some_and(|m| m.parties.is_some())
}

/// How a two-party claim reads on one party's page: `on_subject_page` picks the side,
/// `other` is the other party's name. `None` for one-party metrics.
pub fn party_wording(
    metric: &str,
    on_subject_page: bool,
    other: &str,
    lang: Lang,
) -> Option<String> {
    let w = self::metric(metric)?.parties?;
    let (vi, en) = if on_subject_page { w.subject } else { w.counterparty };
    Some((if lang == Lang::Vi { vi } else { en }).replace("{}", other))
}

/// Labels of metric names outside the vocabulary ([`METRICS`]) that curated claims of
/// older sites still use (`user-growth`, `profit` ...), so a page in either language
/// never shows another language's word or a raw metric id. Not a vocabulary:
/// extraction never emits these names.
pub const OTHER_METRIC_LABELS: &[(&str, &str, &str)] = &[
    ("operating-income", "Lợi nhuận hoạt động", "Operating income"),
    ("gross-profit", "Lợi nhuận gộp", "Gross profit"),
    ("pre-tax-profit", "Lợi nhuận trước thuế", "Pre-tax profit"),
    ("profit", "Lợi nhuận", "Profit"),
    ("income", "Thu nhập", "Income"),
    ("margin", "Biên lợi nhuận", "Margin"),
    ("spending", "Chi tiêu", "Spending"),
    ("debt", "Nợ", "Debt"),
    ("acquisition", "Thương vụ mua lại", "Acquisition"),
    ("share-price", "Giá cổ phiếu", "Share price"),
    ("dividends", "Cổ tức", "Dividends"),
    ("buybacks", "Mua lại cổ phiếu", "Buybacks"),
    ("shareholder-returns", "Lợi ích cổ đông", "Shareholder returns"),
    ("interest-rate", "Lãi suất", "Interest rate"),
    ("market-share", "Thị phần", "Market share"),
    ("net-worth", "Tài sản ròng", "Net worth"),
    ("compensation", "Thù lao", "Compensation"),
    ("growth", "Tăng trưởng", "Growth"),
    ("user-growth", "Tăng trưởng người dùng", "User growth"),
    ("views", "Lượt xem", "Views"),
    ("subscribers", "Người đăng ký", "Subscribers"),
    ("followers", "Người theo dõi", "Followers"),
    ("customers", "Khách hàng", "Customers"),
    ("accounts", "Tài khoản", "Accounts"),
    ("downloads", "Lượt tải", "Downloads"),
    ("devices", "Thiết bị", "Devices"),
    ("units-sold", "Số lượng bán ra", "Units sold"),
    ("developers", "Lập trình viên", "Developers"),
    ("members", "Thành viên", "Members"),
    ("parameters", "Tham số", "Parameters"),
    ("gpus", "GPU", "GPUs"),
    ("chips", "Chip", "Chips"),
];

/// `label` with its first letter lowercased, unless the word is an acronym (`GPU`).
fn lowercase_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if !b.is_uppercase() => {
            a.to_lowercase().chain(std::iter::once(b)).chain(chars).collect()
        }
        _ => label.to_string(),
    }
}

/// "1 article", "2 articles": an English count with the right noun form.
pub fn count_en(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Every vocabulary label of `lang` that differs from the other language's:
/// metrics, qualifiers, relations and kinds. Tests scan pages of one
/// language for the other's set.
pub fn vocabulary_labels(lang: Lang) -> Vec<String> {
    let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for m in METRICS.iter().map(|m| m.name).chain(OTHER_METRIC_LABELS.iter().map(|r| r.0)) {
        pairs.push((metric_label(m, lang), metric_label(m, other)));
    }
    for &(q, _, _) in QUALIFIERS {
        pairs.push((qualifier_label(q, lang).to_string(), qualifier_label(q, other).to_string()));
    }
    for &(r, ..) in RELATIONS {
        let (f, i) = relation_labels(r, lang);
        let (of, oi) = relation_labels(r, other);
        pairs.push((f, of));
        pairs.push((i, oi));
    }
    for k in DEFAULT_KINDS {
        let (s, p) = kind_labels(k, lang);
        let (os, op) = kind_labels(k, other);
        pairs.push((s.to_string(), os.to_string()));
        pairs.push((p.to_string(), op.to_string()));
    }
    let mut out: Vec<String> =
        pairs.into_iter().filter(|(a, b)| !a.eq_ignore_ascii_case(b)).map(|(a, _)| a).collect();
    out.sort();
    out.dedup();
    out
}

/// Qualifiers with their (vi, en) labels.
pub const QUALIFIERS: &[(&str, &str, &str)] = &[
    ("exact", "chính xác", "exact"),
    ("approximately", "khoảng", "approximately"),
    ("at-least", "ít nhất", "at least"),
    ("more-than", "hơn", "more than"),
    ("less-than", "dưới", "less than"),
    ("up-to", "lên tới", "up to"),
    ("target", "mục tiêu", "target"),
    ("estimate", "ước tính", "estimate"),
    ("range", "khoảng giá trị", "range"),
];

/// Label of a qualifier name (`approximately` -> "khoảng").
pub fn qualifier_label(q: &str, lang: Lang) -> &str {
    match QUALIFIERS.iter().find(|(k, _, _)| *k == q) {
        Some(&(_, vi, en)) => {
            if lang == Lang::Vi {
                vi
            } else {
                en
            }
        }
        None => q,
    }
}

/// Relation types with (vi forward, vi inverse, en forward, en inverse) labels.
pub const RELATIONS: &[(&str, &str, &str, &str, &str)] = &[
    ("makes", "Sản phẩm", "Nhà sản xuất", "Products", "Maker"),
    ("invests-in", "Đầu tư vào", "Nhà đầu tư", "Invests in", "Investor"),
    ("competes-with", "Cạnh tranh với", "Cạnh tranh với", "Competes with", "Competes with"),
    ("partner-of", "Đối tác của", "Đối tác", "Partner of", "Partner"),
    ("customer-of", "Khách hàng của", "Khách hàng", "Customer of", "Customer"),
    ("supplier-of", "Nhà cung cấp cho", "Nhà cung cấp", "Supplier of", "Supplier"),
    ("subsidiary-of", "Công ty con của", "Công ty con", "Subsidiary of", "Subsidiary"),
    ("acquired", "Đã mua lại", "Bị mua lại bởi", "Acquired", "Acquired by"),
    ("founded", "Đồng sáng lập", "Nhà sáng lập", "Founded", "Founder"),
    ("works-for", "Làm việc tại", "Nhân sự", "Works for", "Staff"),
    ("formerly-at", "Từng làm việc tại", "Cựu nhân sự", "Formerly at", "Former staff"),
];

/// Forward and inverse labels of a relation type (`invests-in` / investor).
pub fn relation_labels(kind: &str, lang: Lang) -> (String, String) {
    match RELATIONS.iter().find(|k| k.0 == kind) {
        Some(&(_, vf, vr, ef, er)) => match lang {
            Lang::Vi => (vf.into(), vr.into()),
            Lang::En => (ef.into(), er.into()),
        },
        None => {
            let words = kind.replace('-', " ");
            (
                words.clone(),
                format!("{words} ({})", if lang == Lang::Vi { "ngược" } else { "inverse" }),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_dates_are_day_month_year_with_zeros() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(format_date(d(2024, 3, 5), Lang::Vi), "05/03/2024");
        assert_eq!(format_date(d(1999, 12, 31), Lang::Vi), "31/12/1999");
        assert_eq!(format_date(d(99, 1, 2), Lang::Vi), "02/01/99");
        assert_eq!(format_date(d(2024, 3, 5), Lang::En), "March 5, 2024");
    }

    #[test]
    fn iso_dates_read_as_chrono_writes_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for date in [
            d(2024, 3, 5),
            d(1999, 12, 31),
            d(1000, 1, 1),
            d(9999, 12, 31),
            d(99, 1, 2),
            d(-5, 6, 7),
            d(12345, 1, 1),
        ] {
            assert_eq!(iso_date(date), date.to_string());
        }
    }

    #[test]
    fn the_vocabulary_has_one_entry_per_name_and_both_labels() {
        for (i, m) in METRICS.iter().enumerate() {
            assert!(METRICS[..i].iter().all(|o| o.name != m.name), "{} twice", m.name);
            assert!(!m.vi.is_empty() && !m.en.is_empty(), "{} lacks a label", m.name);
            if let Some(w) = m.parties {
                for s in [w.subject.0, w.subject.1, w.counterparty.0, w.counterparty.1] {
                    assert!(s.contains("{}"), "{}: {s:?} does not name the other party", m.name);
                }
            }
        }
        assert_eq!(metric_label("growth-rate", Lang::Vi), "Tốc độ tăng trưởng");
        assert_eq!(metric_label("site-own", Lang::En), "site own");
    }

    #[test]
    fn a_two_party_claim_reads_from_each_side() {
        assert_eq!(
            party_wording("investment", true, "OpenAI", Lang::Vi).as_deref(),
            Some("đã đầu tư vào OpenAI")
        );
        assert_eq!(
            party_wording("investment", false, "Microsoft", Lang::Vi).as_deref(),
            Some("nhận đầu tư từ Microsoft")
        );
        assert_eq!(party_wording("revenue", true, "X", Lang::En), None);
    }
}
