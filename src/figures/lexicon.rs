//! Words of a sentence and the keyword lexicon claim inference matches against them.
//!
//! Sentences are cut into word, number and punctuation tokens; keywords are sequences
//! of lowercase words (Vietnamese and English side by side) matched longest-first at
//! each position, so "lợi nhuận gộp" beats "lợi nhuận" and blockers such as "lỗ hổng"
//! (a security hole, not a loss) or "phi lợi nhuận" (non-profit) swallow the word they
//! would otherwise trigger.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters (a wikilink placeholder counts as one word).
    Word,
    /// ASCII digits with inner `.`/`,` each followed by a digit.
    Num,
    /// Any other visible character.
    Punct(char),
}

/// One token of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// What it is.
    pub kind: TokKind,
    /// Byte range in the prose (and body).
    pub range: Range<usize>,
    /// Lowercase text (words), the digits (numbers) or the character.
    pub lower: String,
    /// No whitespace between this token and the previous one.
    pub glued: bool,
    /// The token starts with an uppercase letter.
    pub capital: bool,
}

impl Tok {
    /// Whether this is the word `w` (lowercase).
    pub(crate) fn is(&self, w: &str) -> bool {
        self.kind == TokKind::Word && self.lower == w
    }

    /// Whether this is one of the words in `ws`.
    pub(crate) fn is_any(&self, ws: &[&str]) -> bool {
        self.kind == TokKind::Word && ws.contains(&self.lower.as_str())
    }

    /// Whether this is the punctuation character `c`.
    pub(crate) fn is_punct(&self, cs: &[char]) -> bool {
        matches!(self.kind, TokKind::Punct(c) if cs.contains(&c))
    }
}

fn is_word_char(c: char) -> bool {
    super::number::is_letter(c) || ('\u{300}'..='\u{36f}').contains(&c) || c == '\u{1}'
}

/// Tokens of `text[range]`, with ranges absolute in `text`.
pub(crate) fn tokenize(text: &str, range: Range<usize>) -> Vec<Tok> {
    let Some(slice) = text.get(range.clone()) else { return Vec::new() };
    let base = range.start;
    let bytes = slice.as_bytes();
    let mut toks: Vec<Tok> = Vec::new();
    let mut chars = slice.char_indices().peekable();
    let mut last_end = usize::MAX;
    while let Some((start, c)) = chars.next() {
        let (kind, end) = if c == '\u{1}' {
            (TokKind::Word, start + 1)
        } else if c.is_ascii_digit() {
            let end = super::number::number_end(bytes, start);
            (TokKind::Num, end)
        } else if is_word_char(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(p, d)) = chars.peek() {
                if d != '\u{1}' && is_word_char(d) {
                    end = p + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            (TokKind::Word, end)
        } else if c.is_whitespace() {
            continue;
        } else {
            (TokKind::Punct(c), start + c.len_utf8())
        };
        while chars.next_if(|&(p, _)| p < end).is_some() {}
        let raw = &slice[start..end];
        let lower = match kind {
            TokKind::Word if raw.bytes().all(|b| !b.is_ascii_uppercase()) && raw.is_ascii() => {
                raw.to_string()
            }
            TokKind::Word => raw.to_lowercase(),
            _ => raw.to_string(),
        };
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        toks.push(Tok {
            kind,
            range: base + start..base + end,
            lower,
            glued: last_end == start,
            capital,
        });
        last_end = end;
    }
    toks
}

/// What a keyword says about a figure near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Names the metric of a figure of the given classes, within `reach` tokens before it.
    Metric(&'static str, u8, u8),
    /// Base quantity of a growth figure ("tăng trưởng người dùng" -> user-growth).
    Base(&'static str),
    /// Growth ("tăng trưởng", "grew").
    Growth,
    /// Decline ("giảm", "fell").
    Decline,
    /// The figure is a goal or a forecast.
    Target,
    /// The figure is an estimate.
    Estimate,
    /// The figure is a forecast, by analysts or by the subject ("dự báo", "expects").
    Forecast,
    /// Receiving a share of revenue or profit ("hưởng", "passes", "entitled to").
    Shares,
    /// Getting one's money back ("thu hồi", "recoup").
    Recoups,
    /// "lần lượt", "respectively": pair lists in order.
    Respectively,
    /// "so với", "up from", "compared with": a baseline follows.
    Compare,
    /// Introduces a source before it ("theo", "according to").
    SourceBefore,
    /// Follows a source ("cho biết", "reported").
    SourceAfter,
    /// Verb whose subject puts money in ("đầu tư", "invested").
    Gives,
    /// Verb whose subject receives money ("nhận", "raised").
    Gets,
    /// Verb whose object is bought ("mua lại", "acquired").
    Buys,
    /// Makes the words it covers mean nothing here ("lỗ hổng", "phi lợi nhuận").
    Blocker,
}

/// Figure classes a metric keyword applies to (bit set).
pub(crate) const MONEY: u8 = 1;
/// Counts (users, visits ...).
pub(crate) const COUNT: u8 = 2;
/// Percentages.
pub(crate) const PERCENT: u8 = 4;
/// Multiples (`100 lần`).
pub(crate) const MULTIPLE: u8 = 8;

use Role::*;

type Entry = (&'static [&'static str], &'static [Role]);

/// The keyword table: word sequences (lowercase) and what they mean.
#[rustfmt::skip]
const KEYWORDS: &[Entry] = &[
    // Revenue.
    (&["doanh", "thu"], &[Metric("revenue", MONEY, 12), Base("revenue")]),
    (&["doanh", "số"], &[Metric("revenue", MONEY, 12), Base("revenue")]),
    (&["doanh", "thu", "thuần"], &[Metric("revenue", MONEY, 12), Base("revenue")]),
    (&["thu", "về"], &[Metric("revenue", MONEY, 4)]),
    (&["thu", "được"], &[Metric("revenue", MONEY, 4)]),
    (&["kiếm", "được"], &[Metric("revenue", MONEY, 5)]),
    (&["kiếm", "về"], &[Metric("revenue", MONEY, 5)]),
    (&["mang", "về"], &[Metric("revenue", MONEY, 5)]),
    (&["mang", "lại"], &[Metric("revenue", MONEY, 5)]),
    (&["nguồn", "thu"], &[Metric("revenue", MONEY, 8)]),
    (&["revenue"], &[Metric("revenue", MONEY, 12), Base("revenue")]),
    (&["revenues"], &[Metric("revenue", MONEY, 12), Base("revenue")]),
    (&["sales"], &[Metric("revenue", MONEY, 10), Base("revenue")]),
    (&["turnover"], &[Metric("revenue", MONEY, 10), Base("revenue")]),
    (&["earned"], &[Metric("revenue", MONEY, 4)]),
    (&["brought", "in"], &[Metric("revenue", MONEY, 4)]),
    (&["bring", "in"], &[Metric("revenue", MONEY, 4)]),
    (&["bringing", "in"], &[Metric("revenue", MONEY, 4)]),
    (&["generate"], &[Metric("revenue", MONEY, 4)]),
    (&["generated"], &[Metric("revenue", MONEY, 4)]),
    (&["generates"], &[Metric("revenue", MONEY, 4)]),
    // Losses.
    (&["lỗ"], &[Metric("net-loss", MONEY, 8)]),
    (&["thua", "lỗ"], &[Metric("net-loss", MONEY, 8)]),
    (&["lỗ", "ròng"], &[Metric("net-loss", MONEY, 8)]),
    (&["lỗ", "sau", "thuế"], &[Metric("net-loss", MONEY, 8)]),
    (&["báo", "lỗ"], &[Metric("net-loss", MONEY, 8)]),
    (&["khoản", "lỗ"], &[Metric("net-loss", MONEY, 10)]),
    (&["lỗ", "hổng"], &[Blocker]),
    (&["lỗ", "đen"], &[Blocker]),
    (&["loss"], &[Metric("net-loss", MONEY, 10)]),
    (&["operating", "loss"], &[Metric("operating-loss", MONEY, 10)]),
    (&["operating", "losses"], &[Metric("operating-loss", MONEY, 10)]),
    (&["lỗ", "hoạt", "động"], &[Metric("operating-loss", MONEY, 10)]),
    (&["lỗ", "từ", "hoạt", "động"], &[Metric("operating-loss", MONEY, 10)]),
    (&["losses"], &[Metric("net-loss", MONEY, 10)]),
    (&["net", "loss"], &[Metric("net-loss", MONEY, 10)]),
    (&["lost"], &[Metric("net-loss", MONEY, 5)]),
    (&["lose"], &[Metric("net-loss", MONEY, 5)]),
    (&["loses"], &[Metric("net-loss", MONEY, 5)]),
    (&["losing"], &[Metric("net-loss", MONEY, 5)]),
    // Profit.
    (&["lợi", "nhuận"], &[Metric("net-income", MONEY, 10), Metric("profit-cap", MULTIPLE, 40), Base("net-income")]),
    (&["lợi", "nhuận", "ròng"], &[Metric("net-income", MONEY, 10), Base("net-income")]),
    (&["lãi"], &[Metric("net-income", MONEY, 8)]),
    (&["lãi", "ròng"], &[Metric("net-income", MONEY, 8)]),
    (&["có", "lãi"], &[Metric("net-income", MONEY, 8)]),
    (&["lợi", "nhuận", "gộp"], &[Metric("gross-profit", MONEY, 10)]),
    (&["lãi", "gộp"], &[Metric("gross-profit", MONEY, 10)]),
    (&["lợi", "nhuận", "hoạt", "động"], &[Metric("operating-income", MONEY, 10)]),
    (&["lợi", "nhuận", "sau", "thuế"], &[Metric("net-income", MONEY, 10), Base("net-income")]),
    (&["lãi", "sau", "thuế"], &[Metric("net-income", MONEY, 10)]),
    (&["lợi", "nhuận", "trước", "thuế"], &[Metric("pre-tax-profit", MONEY, 10), Base("pre-tax-profit")]),
    (&["lãi", "trước", "thuế"], &[Metric("pre-tax-profit", MONEY, 10)]),
    (&["báo", "lãi"], &[Metric("net-income", MONEY, 8)]),
    (&["pre", "tax", "profit"], &[Metric("pre-tax-profit", MONEY, 10)]),
    (&["pretax", "profit"], &[Metric("pre-tax-profit", MONEY, 10)]),
    (&["phi", "lợi", "nhuận"], &[Blocker]),
    (&["lãi", "suất"], &[Metric("interest-rate", PERCENT, 8)]),
    (&["lãi", "vay"], &[Metric("cost", MONEY, 10)]),
    (&["profit"], &[Metric("net-income", MONEY, 10), Metric("profit-cap", MULTIPLE, 40), Base("net-income")]),
    (&["profits"], &[Metric("net-income", MONEY, 10), Metric("profit-cap", MULTIPLE, 40), Base("net-income")]),
    (&["net", "income"], &[Metric("net-income", MONEY, 10), Base("net-income")]),
    (&["net", "profit"], &[Metric("net-income", MONEY, 10), Base("net-income")]),
    (&["earnings"], &[Metric("net-income", MONEY, 10)]),
    (&["gross", "profit"], &[Metric("gross-profit", MONEY, 10)]),
    (&["operating", "income"], &[Metric("operating-income", MONEY, 10)]),
    (&["non", "profit"], &[Blocker]),
    (&["nonprofit"], &[Blocker]),
    (&["interest", "rate"], &[Metric("interest-rate", PERCENT, 8)]),
    // Profit caps.
    (&["trần", "lợi", "nhuận"], &[Metric("profit-cap", MULTIPLE, 40)]),
    (&["lợi", "nhuận", "có", "giới", "hạn"], &[Metric("profit-cap", MULTIPLE, 40)]),
    (&["hoàn", "trả"], &[Metric("profit-cap", MULTIPLE, 12)]),
    (&["lợi", "tức"], &[Metric("profit-cap", MULTIPLE, 12)]),
    (&["profit", "cap"], &[Metric("profit-cap", MULTIPLE, 40)]),
    (&["capped"], &[Metric("profit-cap", MULTIPLE, 20)]),
    (&["capped", "profit"], &[Metric("profit-cap", MULTIPLE, 40)]),
    (&["returns"], &[Metric("profit-cap", MULTIPLE, 12)]),
    // Investment (money flowing from an investor into the subject).
    (&["đầu", "tư"], &[Metric("investment", MONEY, 12), Gives]),
    (&["khoản", "đầu", "tư"], &[Metric("investment", MONEY, 12)]),
    (&["vốn", "đầu", "tư"], &[Metric("investment", MONEY, 12)]),
    (&["nhà", "đầu", "tư"], &[Metric("investment", MONEY, 6)]),
    (&["rót"], &[Metric("investment", MONEY, 8), Gives]),
    (&["rót", "vốn"], &[Metric("investment", MONEY, 10), Gives]),
    (&["bơm"], &[Metric("investment", MONEY, 6), Gives]),
    (&["bơm", "vốn"], &[Metric("investment", MONEY, 10), Gives]),
    (&["invest"], &[Metric("investment", MONEY, 10), Gives]),
    (&["invests"], &[Metric("investment", MONEY, 10), Gives]),
    (&["invested"], &[Metric("investment", MONEY, 10), Gives]),
    (&["investing"], &[Metric("investment", MONEY, 10), Gives]),
    (&["investment"], &[Metric("investment", MONEY, 12)]),
    (&["investments"], &[Metric("investment", MONEY, 12)]),
    (&["poured"], &[Metric("investment", MONEY, 6), Gives]),
    (&["injected"], &[Metric("investment", MONEY, 6), Gives]),
    (&["backed"], &[Gives]),
    (&["put"], &[Metric("investment", MONEY, 4), Gives]),
    (&["went", "into"], &[Metric("investment", MONEY, 4), Gives]),
    (&["go", "into"], &[Metric("investment", MONEY, 6), Gives]),
    (&["goes", "into"], &[Metric("investment", MONEY, 6), Gives]),
    (&["committed"], &[Metric("investment", MONEY, 4), Gives]),
    (&["funded"], &[Metric("investment", MONEY, 4)]),
    // Funding (the subject raises money).
    (&["gọi", "vốn"], &[Metric("funding", MONEY, 12), Gets]),
    (&["gọi", "được"], &[Metric("funding", MONEY, 6), Gets]),
    (&["huy", "động"], &[Metric("funding", MONEY, 12), Gets]),
    (&["vòng", "gọi", "vốn"], &[Metric("funding", MONEY, 12)]),
    (&["raise"], &[Metric("funding", MONEY, 10), Gets]),
    (&["raised"], &[Metric("funding", MONEY, 10), Gets]),
    (&["raises"], &[Metric("funding", MONEY, 10), Gets]),
    (&["raising"], &[Metric("funding", MONEY, 10), Gets]),
    (&["funding"], &[Metric("funding", MONEY, 12)]),
    (&["fundraising"], &[Metric("funding", MONEY, 12)]),
    (&["funding", "round"], &[Metric("funding", MONEY, 12)]),
    (&["series"], &[Metric("funding", MONEY, 6)]),
    // Receiving money, to be read with "từ X" / "from X".
    (&["nhận"], &[Gets]),
    (&["nhận", "được"], &[Gets]),
    (&["lấy"], &[Gets]),
    (&["received"], &[Gets]),
    (&["receives"], &[Gets]),
    (&["took"], &[Gets]),
    (&["secured"], &[Gets]),
    (&["got"], &[Gets]),
    // Valuation and market value.
    (&["định", "giá"], &[Metric("valuation", MONEY, 10)]),
    (&["valuation"], &[Metric("valuation", MONEY, 12)]),
    (&["valued"], &[Metric("valuation", MONEY, 6)]),
    (&["valuing"], &[Metric("valuation", MONEY, 6)]),
    (&["values"], &[Metric("valuation", MONEY, 6)]),
    (&["value", "it"], &[Metric("valuation", MONEY, 6)]),
    (&["worth"], &[Metric("valuation", MONEY, 3)]),
    (&["trị", "giá"], &[Blocker]),
    (&["deal"], &[Metric("cost", MONEY, 2)]),
    (&["vốn", "hóa"], &[Metric("market-cap", MONEY, 10)]),
    (&["vốn", "hoá"], &[Metric("market-cap", MONEY, 10)]),
    (&["market", "cap"], &[Metric("market-cap", MONEY, 10)]),
    (&["market", "capitalization"], &[Metric("market-cap", MONEY, 10)]),
    (&["market", "value"], &[Metric("market-cap", MONEY, 10)]),
    // Costs and spending.
    (&["chi", "phí"], &[Metric("cost", MONEY, 12)]),
    (&["tốn"], &[Metric("cost", MONEY, 8)]),
    (&["tốn", "kém"], &[Metric("cost", MONEY, 8)]),
    (&["cost"], &[Metric("cost", MONEY, 10)]),
    (&["costs"], &[Metric("cost", MONEY, 10)]),
    (&["costing"], &[Metric("cost", MONEY, 6)]),
    (&["expense"], &[Metric("cost", MONEY, 10)]),
    (&["expenses"], &[Metric("cost", MONEY, 10)]),
    (&["chi"], &[Metric("spending", MONEY, 6)]),
    (&["bỏ", "ra"], &[Metric("spending", MONEY, 6)]),
    (&["capital", "expenditures"], &[Metric("cost", MONEY, 10)]),
    (&["capital", "expenditure"], &[Metric("cost", MONEY, 10)]),
    (&["capex"], &[Metric("cost", MONEY, 10)]),
    (&["charge"], &[Metric("cost", MONEY, 3)]),
    (&["severance"], &[Metric("cost", MONEY, 4)]),
    (&["computing"], &[Metric("cost", MONEY, 3)]),
    (&["compute"], &[Metric("cost", MONEY, 3)]),
    (&["contract"], &[Metric("cost", MONEY, 2)]),
    (&["hợp", "đồng"], &[Metric("cost", MONEY, 2)]),
    (&["save"], &[Metric("savings", MONEY, 4)]),
    (&["savings"], &[Metric("savings", MONEY, 6)]),
    (&["tiết", "kiệm"], &[Metric("savings", MONEY, 6)]),
    (&["burn"], &[Metric("cash-burn", MONEY, 6)]),
    (&["burns"], &[Metric("cash-burn", MONEY, 6)]),
    (&["burned"], &[Metric("cash-burn", MONEY, 6)]),
    (&["burnt"], &[Metric("cash-burn", MONEY, 6)]),
    (&["burning"], &[Metric("cash-burn", MONEY, 6)]),
    (&["burned", "through"], &[Metric("cash-burn", MONEY, 6)]),
    (&["cash", "burn"], &[Metric("cash-burn", MONEY, 10)]),
    (&["đốt", "tiền"], &[Metric("cash-burn", MONEY, 10)]),
    (&["phí"], &[Metric("price", MONEY, 18)]),
    (&["fee"], &[Metric("price", MONEY, 6)]),
    (&["fees"], &[Metric("price", MONEY, 6)]),
    (&["sell", "for"], &[Metric("price", MONEY, 3)]),
    (&["sells", "for"], &[Metric("price", MONEY, 3)]),
    (&["leased", "for"], &[Metric("price", MONEY, 3)]),
    (&["chi", "tiêu"], &[Metric("spending", MONEY, 10)]),
    (&["chi", "ra"], &[Metric("spending", MONEY, 8)]),
    (&["chi", "nhánh"], &[Blocker]),
    (&["chi", "tiết"], &[Blocker]),
    (&["chi", "phối"], &[Blocker]),
    (&["đốt"], &[Metric("cash-burn", MONEY, 6)]),
    (&["spend"], &[Metric("spending", MONEY, 8)]),
    (&["spends"], &[Metric("spending", MONEY, 8)]),
    (&["spent"], &[Metric("spending", MONEY, 8)]),
    (&["spending"], &[Metric("spending", MONEY, 10)]),
    // Prices, deals, debt, pay, wealth.
    (&["giá"], &[Metric("price", MONEY, 3)]),
    (&["có", "giá"], &[Metric("price", MONEY, 4)]),
    (&["giá", "trị"], &[Blocker]),
    (&["tỷ", "giá"], &[Blocker]),
    (&["đánh", "giá"], &[Blocker]),
    (&["price"], &[Metric("price", MONEY, 6)]),
    (&["priced"], &[Metric("price", MONEY, 4)]),
    (&["mua", "lại"], &[Metric("acquisition", MONEY, 12), Buys]),
    (&["thâu", "tóm"], &[Metric("acquisition", MONEY, 12), Buys]),
    (&["thương", "vụ"], &[Metric("acquisition", MONEY, 10)]),
    (&["acquire"], &[Metric("acquisition", MONEY, 10), Buys]),
    (&["acquired"], &[Metric("acquisition", MONEY, 10), Buys]),
    (&["acquires"], &[Metric("acquisition", MONEY, 10), Buys]),
    (&["acquisition"], &[Metric("acquisition", MONEY, 12)]),
    (&["bought"], &[Metric("acquisition", MONEY, 8), Buys]),
    (&["buys"], &[Metric("acquisition", MONEY, 8), Buys]),
    (&["to", "shareholders"], &[Metric("shareholder-returns", MONEY, 4)]),
    (&["cho", "cổ", "đông"], &[Metric("shareholder-returns", MONEY, 4)]),
    (&["buyback"], &[Metric("buyback", MONEY, 8)]),
    (&["buybacks"], &[Metric("buyback", MONEY, 8)]),
    (&["share", "repurchases"], &[Metric("buyback", MONEY, 8)]),
    (&["mua", "lại", "cổ", "phiếu"], &[Metric("buyback", MONEY, 10)]),
    (&["dividends"], &[Metric("dividend", MONEY, 8)]),
    (&["dividend"], &[Metric("dividend", MONEY | PERCENT, 8)]),
    (&["cổ", "tức"], &[Metric("dividend", MONEY | PERCENT, 16)]),
    (&["bought", "back"], &[Metric("buyback", MONEY, 4)]),
    (&["buy", "back"], &[Metric("buyback", MONEY, 4)]),
    (&["cổ", "phiếu", "quỹ"], &[Metric("buyback", MONEY, 12)]),
    (&["revenue", "share"], &[Metric("revenue-share-received", MONEY, 8)]),
    (&["doanh", "thu", "chia", "sẻ"], &[Metric("revenue-share-received", MONEY, 8)]),
    (&["chia", "sẻ", "doanh", "thu"], &[Metric("revenue-share-received", MONEY, 8)]),
    (&["thu", "hồi"], &[Metric("recoup-threshold", MONEY, 6), Recoups]),
    (&["hoàn", "vốn"], &[Metric("recoup-threshold", MONEY, 6), Recoups]),
    (&["recoup"], &[Metric("recoup-threshold", MONEY, 6), Recoups]),
    (&["recoups"], &[Metric("recoup-threshold", MONEY, 6), Recoups]),
    (&["recouped"], &[Metric("recoup-threshold", MONEY, 6), Recoups]),
    (&["hưởng"], &[Shares]),
    (&["được", "hưởng"], &[Shares]),
    (&["giữ"], &[Shares]),
    (&["passes"], &[Shares]),
    (&["pass"], &[Shares]),
    (&["entitled", "to"], &[Shares]),
    (&["keeps"], &[Shares]),
    (&["nợ"], &[Metric("debt", MONEY, 6)]),
    (&["khoản", "vay"], &[Metric("debt", MONEY, 8)]),
    (&["debt"], &[Metric("debt", MONEY, 8)]),
    (&["loan"], &[Metric("debt", MONEY, 8)]),
    (&["lương"], &[Metric("compensation", MONEY, 6)]),
    (&["thù", "lao"], &[Metric("compensation", MONEY, 8)]),
    (&["salary"], &[Metric("compensation", MONEY, 8)]),
    (&["compensation"], &[Metric("compensation", MONEY, 8)]),
    (&["pay", "package"], &[Metric("compensation", MONEY, 8)]),
    (&["tài", "sản", "ròng"], &[Metric("net-worth", MONEY, 10)]),
    (&["khối", "tài", "sản"], &[Metric("net-worth", MONEY, 10)]),
    (&["net", "worth"], &[Metric("net-worth", MONEY, 10)]),
    (&["thu", "nhập"], &[Metric("income", MONEY, 8)]),
    (&["tổng", "thu", "nhập"], &[Metric("compensation", MONEY, 8)]),
    (&["thu", "nhập", "ròng"], &[Metric("net-income", MONEY, 10)]),
    // Audience.
    (&["lượt", "truy", "cập"], &[Metric("visits", COUNT, 12), Base("visits")]),
    (&["lượt", "người", "truy", "cập"], &[Metric("visits", COUNT, 12), Base("visits")]),
    (&["người", "truy", "cập"], &[Metric("visits", COUNT, 12), Base("visits")]),
    (&["truy", "cập"], &[Metric("visits", COUNT, 8), Base("visits")]),
    (&["lưu", "lượng"], &[Metric("visits", COUNT, 8), Base("visits")]),
    (&["visits"], &[Metric("visits", COUNT, 10), Base("visits")]),
    (&["visitors"], &[Metric("visits", COUNT, 10), Base("visits")]),
    (&["traffic"], &[Metric("visits", COUNT, 10), Base("visits")]),
    (&["người", "dùng"], &[Metric("users", COUNT, 10), Base("users")]),
    (&["người", "sử", "dụng"], &[Metric("users", COUNT, 10), Base("users")]),
    (&["users"], &[Metric("users", COUNT, 10), Base("users")]),
    (&["user"], &[Metric("users", COUNT, 6), Base("users")]),
    (&["người", "đăng", "ký"], &[Metric("subscribers", COUNT, 10), Base("subscribers")]),
    (&["thuê", "bao"], &[Metric("subscribers", COUNT, 10), Base("subscribers")]),
    (&["subscribers"], &[Metric("subscribers", COUNT, 10), Base("subscribers")]),
    (&["khách", "hàng"], &[Metric("customers", COUNT, 8), Base("customers")]),
    (&["customers"], &[Metric("customers", COUNT, 8), Base("customers")]),
    (&["nhân", "viên"], &[Metric("employees", COUNT, 8), Base("employees")]),
    (&["nhân", "sự"], &[Metric("employees", COUNT, 6)]),
    (&["employees"], &[Metric("employees", COUNT, 8), Base("employees")]),
    (&["staff"], &[Metric("employees", COUNT, 6)]),
    (&["employs"], &[Metric("employees", COUNT, 3)]),
    (&["employed"], &[Metric("employees", COUNT, 3)]),
    (&["lượt", "tải"], &[Metric("downloads", COUNT, 10)]),
    (&["bán", "được"], &[Metric("units-sold", COUNT, 8)]),
    (&["bán", "ra"], &[Metric("units-sold", COUNT, 8)]),
    (&["tiêu", "thụ"], &[Metric("units-sold", COUNT, 8)]),
    (&["sold"], &[Metric("units-sold", COUNT, 6)]),
    (&["shipped"], &[Metric("units-sold", COUNT, 6)]),
    (&["shipments"], &[Metric("units-sold", COUNT, 8)]),
    (&["downloads"], &[Metric("downloads", COUNT, 10)]),
    // Shares and rates (percentages).
    (&["thị", "phần"], &[Metric("market-share", PERCENT, 10)]),
    (&["market", "share"], &[Metric("market-share", PERCENT, 10)]),
    (&["cổ", "phần"], &[Metric("stake", PERCENT, 10)]),
    (&["cổ", "phiếu"], &[Metric("stake", PERCENT, 6), Base("share-price")]),
    (&["giá", "cổ", "phiếu"], &[Base("share-price")]),
    (&["shares"], &[Base("share-price")]),
    (&["stock"], &[Base("share-price")]),
    (&["share", "price"], &[Base("share-price")]),
    (&["sở", "hữu"], &[Metric("stake", PERCENT, 6)]),
    (&["stake"], &[Metric("stake", PERCENT, 10)]),
    (&["owns"], &[Metric("stake", PERCENT, 4)]),
    (&["own"], &[Metric("stake", PERCENT, 4)]),
    (&["holds"], &[Metric("stake", PERCENT, 4)]),
    (&["hold"], &[Metric("stake", PERCENT, 6)]),
    (&["nắm"], &[Metric("stake", PERCENT, 4)]),
    (&["nắm", "giữ"], &[Metric("stake", PERCENT, 4)]),
    (&["sell"], &[Metric("stake", PERCENT, 3)]),
    (&["sells"], &[Metric("stake", PERCENT, 3)]),
    (&["chuyển", "nhượng"], &[Metric("stake", PERCENT, 4)]),
    (&["equity"], &[Metric("stake", PERCENT, 8)]),
    (&["biên", "lợi", "nhuận"], &[Metric("margin", PERCENT, 10)]),
    (&["margin"], &[Metric("margin", PERCENT, 10)]),
    (&["margins"], &[Metric("margin", PERCENT, 10)]),
    // Change.
    (&["tăng", "trưởng"], &[Growth]),
    (&["gấp"], &[Growth]),
    (&["gấp", "rưỡi"], &[Compare]),
    (&["gấp", "đôi"], &[Compare]),
    (&["tăng"], &[Growth]),
    (&["tăng", "thêm"], &[Growth]),
    (&["growth"], &[Growth]),
    (&["grew"], &[Growth]),
    (&["grow"], &[Growth]),
    (&["grows"], &[Growth]),
    (&["rose"], &[Growth]),
    (&["increase"], &[Growth]),
    (&["increased"], &[Growth]),
    (&["jumped"], &[Growth]),
    (&["surged"], &[Growth]),
    (&["up"], &[Growth]),
    (&["down"], &[Decline]),
    (&["giảm"], &[Decline]),
    (&["sụt", "giảm"], &[Decline]),
    (&["fell"], &[Decline]),
    (&["declined"], &[Decline]),
    (&["dropped"], &[Decline]),
    (&["decline"], &[Decline]),
    // Goals and forecasts.
    (&["mục", "tiêu"], &[Target]),
    (&["đặt", "mục", "tiêu"], &[Target]),
    (&["hy", "vọng"], &[Target]),
    (&["hi", "vọng"], &[Target]),
    (&["kỳ", "vọng"], &[Target]),
    (&["kì", "vọng"], &[Target]),
    (&["dự", "kiến"], &[Forecast]),
    (&["dự", "báo"], &[Forecast]),
    (&["kế", "hoạch"], &[Target]),
    (&["nhắm", "tới"], &[Target]),
    (&["nhắm", "đến"], &[Target]),
    (&["phấn", "đấu"], &[Target]),
    (&["target"], &[Target]),
    (&["targets"], &[Target]),
    (&["targeting"], &[Target]),
    (&["aims"], &[Target]),
    (&["aim"], &[Target]),
    (&["aiming"], &[Target]),
    (&["goal"], &[Target]),
    (&["expects"], &[Forecast]),
    (&["expected"], &[Forecast]),
    (&["expect"], &[Forecast]),
    (&["projects"], &[Forecast]),
    (&["projected"], &[Forecast]),
    (&["projecting"], &[Forecast]),
    (&["forecast"], &[Forecast]),
    (&["forecasts"], &[Forecast]),
    (&["hopes"], &[Target]),
    (&["plans", "to"], &[Target]),
    (&["plan", "to"], &[Target]),
    (&["planning", "to"], &[Target]),
    (&["hoping"], &[Target]),
    (&["forecasting"], &[Forecast]),
    (&["projections"], &[Forecast]),
    (&["projection"], &[Forecast]),
    (&["on", "track", "for"], &[Forecast]),
    (&["guided", "to"], &[Forecast]),
    (&["guidance"], &[Forecast]),
    (&["outlook"], &[Forecast]),
    (&["ước", "tính"], &[Estimate]),
    (&["ước", "đạt"], &[Estimate]),
    (&["estimated"], &[Estimate]),
    (&["estimates"], &[Estimate, SourceAfter]),
    (&["estimate"], &[Estimate]),
    // Comparisons: what follows is a baseline, not the news.
    (&["so", "với"], &[Compare]),
    (&["từ", "mức"], &[Compare]),
    (&["cùng", "kỳ"], &[Compare]),
    (&["up", "from"], &[Compare]),
    (&["down", "from"], &[Compare]),
    (&["compared", "with"], &[Compare]),
    (&["compared", "to"], &[Compare]),
    (&["versus"], &[Compare]),
    (&["vs"], &[Compare]),
    (&["than"], &[Compare]),
    // Pairing.
    (&["lần", "lượt"], &[Respectively]),
    (&["tương", "ứng"], &[Respectively]),
    (&["respectively"], &[Respectively]),
    // Sources.
    (&["theo"], &[SourceBefore]),
    (&["according", "to"], &[SourceBefore]),
    (&["per"], &[SourceBefore]),
    (&["cited", "by"], &[SourceBefore]),
    (&["nguồn"], &[SourceBefore]),
    (&["source"], &[SourceBefore]),
    (&["cho", "biết"], &[SourceAfter]),
    (&["đưa", "tin"], &[SourceAfter]),
    (&["báo", "cáo"], &[SourceAfter]),
    (&["công", "bố"], &[SourceAfter]),
    (&["dẫn"], &[SourceAfter]),
    (&["tiết", "lộ"], &[SourceAfter]),
    (&["reported"], &[SourceAfter]),
    (&["reports"], &[SourceAfter]),
    (&["said"], &[SourceAfter]),
    (&["says"], &[SourceAfter]),
    (&["wrote"], &[SourceAfter]),
];

/// Metrics whose subject is usually a product (an audience, a price) rather than its maker.
pub(crate) const PRODUCT_METRICS: &[&str] =
    &["users", "visits", "subscribers", "downloads", "price", "user-growth", "units-sold"];

/// Words that point back to the paragraph's subject ("công ty", "it").
pub(crate) const ANAPHORS: &[&[&str]] = &[
    &["công", "ty"],
    &["hãng"],
    &["tập", "đoàn"],
    &["doanh", "nghiệp"],
    &["startup"],
    &["nó"],
    &["họ"],
    &["phòng", "thí", "nghiệm"],
    &["it"],
    &["its"],
    &["they"],
    &["their"],
    &["company"],
    &["firm"],
    &["group"],
    &["lab"],
    &["business"],
];

/// Units after a price ("20 USD/tháng", "$20 a month", "$30 per user").
pub(crate) const PER_UNITS: &[&str] =
    &["tháng", "năm", "month", "year", "user", "seat", "người", "license", "giấy"];

/// Metrics whose subject is usually a person.
pub(crate) const PERSON_METRICS: &[&str] = &["net-worth", "compensation", "income"];

/// Metrics a company forecasts but does not aim for: a goal word makes them an
/// estimate, not a target.
pub(crate) const FORECAST_ONLY: &[&str] =
    &["net-loss", "cost", "spending", "debt", "cash-burn", "operating-loss"];

/// Counting nouns inside an amount ("13 triệu người dùng") and the metric they give.
#[rustfmt::skip]
pub(crate) const NOUN_METRICS: &[(&[&str], &str)] = &[
    (&["lượt", "người", "truy", "cập"], "visits"), (&["lượt", "truy", "cập"], "visits"),
    (&["người", "truy", "cập"], "visits"), (&["visits"], "visits"), (&["visitors"], "visits"),
    (&["pageviews"], "visits"), (&["page", "views"], "visits"), (&["lượt", "xem"], "views"),
    (&["views"], "views"), (&["lượt", "người", "dùng"], "users"), (&["người", "dùng"], "users"),
    (&["người", "sử", "dụng"], "users"), (&["users"], "users"), (&["user"], "users"),
    (&["người", "đăng", "ký"], "subscribers"), (&["lượt", "đăng", "ký"], "subscribers"),
    (&["thuê", "bao"], "subscribers"), (&["subscribers"], "subscribers"),
    (&["người", "theo", "dõi"], "followers"), (&["khách", "hàng"], "customers"),
    (&["customers"], "customers"), (&["nhân", "viên"], "employees"), (&["employees"], "employees"),
    (&["lượt", "tải", "xuống"], "downloads"), (&["lượt", "tải"], "downloads"),
    (&["downloads"], "downloads"), (&["installs"], "downloads"), (&["tài", "khoản"], "accounts"),
    (&["accounts"], "accounts"), (&["thiết", "bị"], "devices"), (&["devices"], "devices"),
    (&["tham", "số"], "parameters"), (&["parameters"], "parameters"),
    (&["lập", "trình", "viên"], "developers"), (&["nhà", "phát", "triển"], "developers"),
    (&["developers"], "developers"), (&["members"], "members"), (&["gpu"], "gpus"),
    (&["kỹ", "sư"], "employees"), (&["engineers"], "employees"), (&["staff"], "employees"),
    (&["workers"], "employees"),
    (&["gpus"], "gpus"), (&["chips"], "chips"),
];

/// A keyword found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// First token index.
    pub first: usize,
    /// One past the last token index.
    pub end: usize,
    /// What it means.
    pub roles: &'static [Role],
}

/// Keywords by first word; looked up once per token of every sentence with a
/// figure, so with a hash cheaper than SipHash on short words.
fn index() -> &'static FxHashMap<&'static str, Vec<usize>> {
    static INDEX: OnceLock<FxHashMap<&'static str, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
        for (i, (words, _)) in KEYWORDS.iter().enumerate() {
            if let Some(first) = words.first() {
                m.entry(first).or_default().push(i);
            }
        }
        m
    })
}

fn seq_at(toks: &[Tok], i: usize, words: &[&str]) -> bool {
    words.iter().enumerate().all(|(k, w)| toks.get(i + k).is_some_and(|t| t.is(w)))
}

/// Every keyword in `toks`, longest first at each position, never overlapping.
pub(crate) fn keywords(toks: &[Tok]) -> Vec<Hit> {
    let index = index();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let best = (toks[i].kind == TokKind::Word)
            .then(|| index.get(toks[i].lower.as_str()))
            .flatten()
            .and_then(|cands| {
                cands
                    .iter()
                    .map(|&e| KEYWORDS[e])
                    .filter(|(w, _)| seq_at(toks, i, w))
                    .max_by_key(|(w, _)| w.len())
            });
        match best {
            Some((words, roles)) => {
                if !roles.is_empty() && !roles.contains(&Blocker) {
                    out.push(Hit { first: i, end: i + words.len(), roles });
                }
                i += words.len();
            }
            None => i += 1,
        }
    }
    out
}

/// The metric named by a counting noun at token `i`, if any.
pub(crate) fn noun_metric(toks: &[Tok], i: usize) -> Option<&'static str> {
    NOUN_METRICS
        .iter()
        .filter(|(w, _)| seq_at(toks, i, w))
        .max_by_key(|(w, _)| w.len())
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, 0..s.len()).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn tokens_split_words_numbers_and_marks() {
        assert_eq!(words("OpenAI's 2,5 tỷ-USD"), ["openai", "'", "s", "2,5", "tỷ", "-", "usd"]);
        assert_eq!(words("Lỗ ĐẦU TƯ"), ["lỗ", "đầu", "tư"]);
        let t = tokenize("FY2023 x", 0..8);
        assert!(t[1].glued && !t[2].glued);
    }

    #[test]
    fn keywords_are_longest_first_and_blockers_swallow() {
        let names = |s: &str| -> Vec<String> {
            let toks = tokenize(s, 0..s.len());
            keywords(&toks)
                .into_iter()
                .map(|h| {
                    toks[h.first..h.end]
                        .iter()
                        .map(|t| t.lower.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        assert_eq!(names("lợi nhuận gộp và lãi suất"), ["lợi nhuận gộp", "lãi suất"]);
        assert_eq!(names("tổ chức phi lợi nhuận có lỗ hổng"), Vec::<String>::new());
        assert_eq!(names("theo Fortune, doanh thu tăng"), ["theo", "doanh thu", "tăng"]);
    }
}
