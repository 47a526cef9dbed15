// What a search query downloads: runs static/search.js's engine (the code
// the browser runs) in node over a built site's search/ folder, counting the
// files and bytes each query loads, as the browser would with a cold cache
// (manifest, term shards, result metadata, and the article texts the shown
// snippets need): typed key by key (every prefix is searched, as if each
// keystroke outlasted the box's 60 ms pause), and pasted at once.
//   node benches/search.mjs BUILD_DIR [query ...]
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [dir, ...given] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node benches/search.mjs BUILD_DIR [query ...]");
  process.exit(2);
}
const queries = given.length
  ? given
  : ["microsoft", "openai", "đầu tư", "dau tu", "doanh thu", "xe điện", "thi truong", "electric vehicles", "singapore", "adatum nova"];

const source = fs.readFileSync(path.join(here, "../static/search.js"), "utf8");
const sandbox = { window: {}, TextEncoder };
vm.runInNewContext(source, sandbox);
const api = sandbox.window.__fbSearchEngine;

function engine(stats) {
  return new api.Engine((name) => {
    const file = path.join(dir, "search", name + ".js");
    const code = fs.readFileSync(file);
    stats.requests += 1;
    stats.bytes += code.length;
    const kind = name.split("/")[0];
    stats[kind] = (stats[kind] ?? 0) + code.length;
    let data;
    vm.runInNewContext(code.toString("utf8"), { window: { __fbSearch: (_n, d) => { data = d; } } });
    return Promise.resolve(data);
  });
}

const rows = [];
for (const q of queries) {
  const stats = { requests: 0, bytes: 0, index: 0, terms: 0, docs: 0, text: 0 };
  const e = engine(stats);
  // As typed: every prefix of the query is searched (shards are cached).
  let results = [];
  for (let i = 1; i <= q.length; i++) results = await e.search(q.slice(0, i));
  await Promise.all(results.map((r) => e.snippetText(r)));
  // Pasted: the whole query at once.
  const once = { requests: 0, bytes: 0 };
  const e2 = engine(once);
  await Promise.all((await e2.search(q)).map((r) => e2.snippetText(r)));
  rows.push({ q, ...stats, once, first: results[0]?.title ?? "(none)" });
}
const maxKb = Math.max(...rows.map((r) => r.bytes)) / 1024;
for (const r of rows) {
  const kb = (b) => (b / 1024).toFixed(1);
  console.log(
    `${JSON.stringify(r.q).padEnd(22)} ${String(r.requests).padStart(3)} requests ${kb(r.bytes).padStart(6)} kB ` +
      `(manifest ${kb(r.index)}, terms ${kb(r.terms)}, results ${kb(r.docs)}, texts ${kb(r.text)}); ` +
      `pasted: ${r.once.requests} requests ${kb(r.once.bytes)} kB   first: ${r.first}`,
  );
}
console.log(`max per query, typed key by key with a cold cache: ${maxKb.toFixed(1)} kB`);
