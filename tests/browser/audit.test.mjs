// The audit a new user's host would run: the sample site (Vietnamese) and
// the English site `factbook init` creates, each built with a site-url
// sub-path and served under it, then
// - every generated page checked by html-validate (zero errors),
// - one page of every type opened in headless Chromium at 1280 and 375 px:
//   zero console errors, zero failed requests, axe-core without serious or
//   critical violations, and a screenshot at each width.
//
// Screenshots go to AUDIT_SCREENSHOTS (default: a fresh temp folder); the
// folder is printed as `audit screenshots: <dir>`.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin = path.resolve(here, process.env.FACTBOOK_BIN ?? "../../target/debug/factbook");
const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

// html-validate: the recommended preset, minus rules that fight the theme on
// purpose. Each exception says why.
const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    // Tags on lines of their own leave whitespace-only lines in the output
    // (Tera has no global trim); invisible to readers and browsers, and
    // `{%-` on every tag would make the templates harder to override.
    "no-trailing-whitespace": "off",
    // A page title is the author's article title plus the site name; cutting
    // it to 70 characters would drop the words readers search for.
    "long-title": "off",
  },
});

/** A static server for `dir`, the way GitHub Pages serves a project site:
 * `/<sub>/...` maps into the build, anything missing gets `404.html` with
 * status 404. */
function serve(dir, sub) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
    ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".csv": "text/csv",
    ".txt": "text/plain" };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    const missing = () => {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(fs.readFileSync(path.join(dir, "404.html")));
    };
    if (!rel.startsWith(sub)) return missing();
    rel = rel.slice(sub.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return missing();
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Every `.html` file under `dir`, relative, sorted. */
function htmlFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".html"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

/** One page of each type: home, each index, the first page of each folder,
 * a second list page when there is one, and the 404 page at depth. */
function pageTypes(dir) {
  const files = htmlFiles(dir);
  const picked = new Set(["index.html"]);
  const folders = new Set(files.filter((f) => f.includes("/")).map((f) => f.split("/")[0]));
  for (const folder of folders) {
    const inside = files.filter((f) => f.startsWith(`${folder}/`));
    if (inside.includes(`${folder}/index.html`)) picked.add(`${folder}/index.html`);
    const page = inside.find((f) => f.split("/").length === 2 && !f.endsWith("/index.html"));
    if (page) picked.add(page);
    const nested = inside.find((f) => f.split("/").length === 3);
    if (nested) picked.add(nested);
  }
  picked.add("no/such/page.html");
  return [...picked];
}

const shots = process.env.AUDIT_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), "factbook-audit-shots-"));
console.log(`audit screenshots: ${shots}`);

describe("audit of built sites under a sub-path", () => {
  let tmp;
  let browser;
  const servers = [];

  before(async () => {
    assert.ok(fs.existsSync(bin), `FACTBOOK_BIN ${bin} does not exist; run cargo build first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "factbook-audit-"));
    fs.mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  after(async () => {
    for (const s of servers) s.close();
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const sites = [
    { name: "sample", sub: "/kb/", prepare: () => repo },
    {
      name: "init",
      sub: "/my-kb/",
      prepare: () => {
        const root = path.join(tmp, "init-site");
        execFileSync(bin, ["init", root], { stdio: "pipe" });
        return root;
      },
    },
  ];

  for (const site of sites) {
    test(`audit: ${site.name} site`, { timeout: 240_000 }, async () => {
      const root = site.prepare();
      const out = path.join(tmp, `${site.name}-out`);
      execFileSync(bin, ["build", root, "-d", out, "--site-url", `https://example.github.io${site.sub}`], {
        stdio: "pipe",
      });

      // Every generated page, not only the sampled ones.
      const invalid = [];
      for (const rel of htmlFiles(out)) {
        const report = await validator.validateFile(path.join(out, rel));
        for (const r of report.results) {
          for (const m of r.messages) {
            if (m.severity === 2) invalid.push(`${rel}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`);
          }
        }
      }

      const server = await serve(out, site.sub);
      servers.push(server);
      const base = `http://127.0.0.1:${server.address().port}${site.sub}`;
      const problems = [];
      const context = await browser.newContext();
      for (const rel of pageTypes(out)) {
        const page = await context.newPage();
        page.on("console", (m) => {
          // Chromium logs the 404 status of the missing page itself; that one is the point.
          const expected404 = rel.startsWith("no/") && m.location().url === `${base}${rel}`;
          if (m.type() === "error" && !expected404) problems.push(`${rel}: console: ${m.text()} (${m.location().url})`);
        });
        page.on("pageerror", (e) => problems.push(`${rel}: pageerror: ${e.message}`));
        page.on("requestfailed", (r) => problems.push(`${rel}: request failed: ${r.url()}`));
        page.on("response", (r) => {
          const expected404 = rel.startsWith("no/") && r.url() === `${base}${rel}`;
          if (r.status() >= 400 && !expected404) problems.push(`${rel}: HTTP ${r.status()}: ${r.url()}`);
        });
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${base}${rel}`, { waitUntil: "load" });
        await page.addScriptTag({ content: axeSource });
        const axe = await page.evaluate(async () =>
          // eslint-disable-next-line no-undef
          (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({
            id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
          })),
        );
        for (const v of axe) {
          if (v.impact === "serious" || v.impact === "critical") {
            problems.push(`${rel}: axe ${v.impact} ${v.id}: ${v.nodes.join(", ")}`);
          }
        }
        const stem = `${site.name}-${rel.replaceAll("/", "_").replace(/\.html$/, "")}`;
        await page.screenshot({ path: path.join(shots, `${stem}-1280.png`), fullPage: true });
        await page.setViewportSize({ width: 375, height: 800 });
        await page.screenshot({ path: path.join(shots, `${stem}-375.png`), fullPage: true });
        // Fits a phone: nothing wider than the viewport scrolls the page sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${rel}: ${overflow}px wider than a 375px screen`);
        await page.close();
      }
      await context.close();
      const byRule = {};
      for (const m of invalid) byRule[m.split(": ")[1]] = (byRule[m.split(": ")[1]] ?? 0) + 1;
      console.log(`audit ${site.name}: ${htmlFiles(out).length} pages validated, ${invalid.length} html errors ` +
        `${JSON.stringify(byRule)}, ${pageTypes(out).length} page types in Chromium, ${problems.length} browser problems`);
      assert.deepEqual({ invalid: invalid.slice(0, 40), problems }, { invalid: [], problems: [] });
    });
  }
});
