// Unit tests of static/search.js's engine (folding, query parsing, ranking,
// which shards a query loads), run in node over a hand-made index; no
// browser needed. The index format is the one src/render/search.rs writes.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const sandbox = { window: {}, TextEncoder };
vm.runInNewContext(fs.readFileSync(path.join(here, "../../static/search.js"), "utf8"), sandbox);
const { Engine, fold, parse: parseIn, hits: hitsIn, shardName } = sandbox.window.__fbSearchEngine;
// Values from the sandbox's realm, made comparable with deepEqual.
const plain = (v) => JSON.parse(JSON.stringify(v));
const parse = (q) => plain(parseIn(q));
const hits = (text, terms) => plain(hitsIn(text, terms));

// Documents: 0 company "Đường Sắt" (name), 1 article titled "Dương và đường",
// 2 article with "duong" in its body, 3 claim.
const KINDS = ["Bài viết", "Số liệu", "Công ty"];
const DOCS = [
  [2, "Đường Sắt", "companies/duong-sat.html", "Một công ty."],
  [0, "Dương và đường", "articles/a.html", "Bài về dương."],
  [0, "Khác", "articles/b.html", "Không liên quan.", "search/text/b.js"],
  [1, "OpenAI · Mục tiêu doanh thu · 2024 · 1 tỷ USD", "claims/c.html", "..."],
];
const FILES = {
  index: { version: 1, docs: 4, group: 16, name_weight: 100, kinds: KINDS, shards: ["du", "sa", "op", "va"] },
  "terms/t_du": {
    duong: { "đường": [0, 120, 1, 40], "dương": [1, 40], duong: [2, 5] },
    duongsat: { duongsat: [3, 30] },
  },
  "terms/t_sa": { sat: { "sắt": [0, 120] } },
  "terms/t_op": { openai: { openai: [3, 30] } },
  "terms/t_va": { va: { "và": [1, 40] } },
  "docs/0": DOCS,
  "text/b": "Đoạn đầu. Sau đó là duong, một từ không dấu.",
};

function engine() {
  const loaded = [];
  const e = new Engine((name) => {
    loaded.push(name);
    if (!(name in FILES)) return Promise.reject(new Error(`no ${name}`));
    return Promise.resolve(JSON.parse(JSON.stringify(FILES[name])));
  });
  return { e, loaded };
}

describe("search engine", () => {
  test("folding matches search.rs: marks removed, đ to d", () => {
    assert.equal(fold("Đầu tư"), "dau tu");
    assert.equal(fold("TRÍ TUỆ"), "tri tue");
    assert.equal(fold("tu\u0065\u0302\u0323"), "tue");
    assert.equal(fold("Zürich"), "zurich");
  });

  test("a query parses into folded words; only the last one, still being typed, is a prefix", () => {
    const t = parse("Đường sa");
    assert.deepEqual(t.map((w) => [w.spelling, w.folded, w.toned, w.prefix]), [
      ["đường", "duong", true, false],
      ["sa", "sa", false, true],
    ]);
    assert.equal(parse("duong ")[0].prefix, false, "a space ends the word");
    assert.equal(parse("d")[0].prefix, false, "one letter is too short to expand");
  });

  test("shard names match shard_file in search.rs", () => {
    assert.equal(shardName("op"), "terms/t_op");
    assert.equal(shardName("đ"), "terms/x_c491");
  });

  test("without tones every spelling matches; the entity name ranks first", async () => {
    const { e } = engine();
    const r = await e.search("duong");
    // The claim matches by prefix (duongsat), weighed down; b only in its body.
    assert.deepEqual(plain(r.map((x) => x.url)), ["companies/duong-sat.html", "articles/a.html", "claims/c.html", "articles/b.html"]);
    assert.equal(r[0].kind, "Công ty");
    assert.equal(r[0].entity, true);
  });

  test("with tones the exact spelling ranks above folded matches", async () => {
    const { e } = engine();
    const r = await e.search("dương ");
    assert.equal(r[0].url, "articles/a.html", "only the article has dương");
    assert.ok(r.some((x) => x.url === "companies/duong-sat.html"), "đường still matches, lower");
  });

  test("documents matching every word rank first", async () => {
    const { e } = engine();
    const r = await e.search("dương và");
    assert.equal(r[0].url, "articles/a.html");
  });

  test("the last word matches by prefix, in its shard only", async () => {
    const { e, loaded } = engine();
    const r = await e.search("opena");
    assert.equal(r[0].title, "OpenAI · Mục tiêu doanh thu · 2024 · 1 tỷ USD");
    assert.deepEqual(plain(loaded.sort()), ["docs/0", "index", "terms/t_op"]);
  });

  test("a snippet without a hit loads the article's text; hits are found folded", async () => {
    const { e, loaded } = engine();
    const r = await e.search("duong");
    const b = r.find((x) => x.url === "articles/b.html");
    const text = await e.snippetText(b);
    assert.match(text, /duong/);
    assert.ok(loaded.includes("text/b"));
    const a = r.find((x) => x.url === "articles/a.html");
    assert.equal(await e.snippetText(a), null, "its snippet already shows dương");
    assert.deepEqual(hits("Đường và dương", parse("duong")), [[0, 5], [9, 14]]);
  });

  test("a word with no shard loads nothing but the manifest", async () => {
    const { e, loaded } = engine();
    assert.deepEqual(plain(await e.search("zzz")), []);
    assert.deepEqual(plain(loaded), ["index"]);
  });
});
