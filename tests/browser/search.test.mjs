// Headless Chromium against the search box of the sample site (the repo
// root), built with `--site-url /kb/` and opened two ways: over HTTP under
// the /kb/ prefix (a tiny static server here) and straight from file://.
// Run by `node --test` like serve.test.mjs (see there for the setup).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const sample = path.resolve(here, "../..");
const bin = path.resolve(here, process.env.FACTBOOK_BIN ?? "../../target/debug/factbook");
const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const WAIT = 5_000;
const fixture = path.resolve(here, "../sites/basic");

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json", ".xml": "application/xml" };

/** Serves `dir` under `/kb/` only, like GitHub Pages under a project path. */
function startStatic(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith("/kb/")) { res.writeHead(404).end("not under /kb/"); return; }
    rel = rel.slice("/kb/".length) || "index.html";
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function watchErrors(page) {
  const errors = [];
  page.on("console", (m) => {
    const where = m.location().url;
    if (m.type() === "error" && !where.endsWith("/favicon.ico")) errors.push(`console: ${m.text()} (${where})`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()}`));
  return errors;
}

describe("search in Chromium", () => {
  let tmp;
  let out;
  let context;
  let server;
  let base;

  before(async () => {
    assert.ok(fs.existsSync(bin), `FACTBOOK_BIN ${bin} does not exist; run cargo build first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "factbook-search-"));
    out = path.join(tmp, "book");
    execFileSync(bin, ["build", sample, "-d", out, "--site-url", "/kb/"], { stdio: "pipe" });
    server = await startStatic(out);
    base = `http://127.0.0.1:${server.address().port}/kb/`;
    context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
      executablePath: chromiumPath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  after(async () => {
    await context?.close();
    server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const results = (page) => page.locator("a[data-search-result]");

  /** Types `query` into the header box and waits for results to settle. */
  async function search(page, query) {
    const box = page.locator("input[type=search]");
    await box.fill("");
    await box.pressSequentially(query, { delay: 15 });
    await page.locator(".search-results li").first().waitFor({ timeout: WAIT });
    // The list is redrawn per keystroke; wait until it shows this query.
    await page.waitForFunction(
      (q) => document.querySelector("input[type=search]").value === q && !document.querySelector(".search-results").hidden,
      query,
      { timeout: WAIT },
    );
    await page.waitForTimeout(150);
  }

  const modes = [
    ["over HTTP under /kb/", (p) => `${base}${p}`],
    ["from file://", (p) => pathToFileURL(path.join(out, p)).href],
  ];

  for (const [mode, url] of modes) {
    test(`search works ${mode}`, { timeout: 60_000 }, async () => {
      const page = await context.newPage();
      const errors = watchErrors(page);
      // A page two folders down: every index path is relative to it.
      await page.goto(url("articles/nhung-con-so-quanh-chatgpt.html"));
      const box = page.locator("input[type=search]");
      assert.ok(await box.isVisible(), "the box is shown when JavaScript runs");
      assert.equal(await page.locator("label[for=site-search-input]").count(), 1, "the box has a label");

      // `/` focuses the box.
      await page.locator("h1").click();
      await page.keyboard.press("/");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search-input");

      // The company ranks first on its name, with its kind.
      await search(page, "openai");
      const first = results(page).first();
      assert.match(await first.getAttribute("href"), /companies\/openai\.html$/);
      assert.match(await first.locator(".search-kind").innerText(), /công ty/i);
      assert.equal(await first.locator(".search-title mark").first().innerText(), "OpenAI");

      // Without diacritics: `dau tu` finds `đầu tư`, highlighted in the snippet.
      await search(page, "dau tu");
      const marks = await page.locator(".search-results mark").allInnerTexts();
      assert.ok(marks.some((m) => m.toLowerCase() === "đầu"), `a hit on đầu: ${marks}`);
      assert.ok(marks.some((m) => m.toLowerCase() === "tư"), `a hit on tư: ${marks}`);

      // With tones, the page with that exact spelling ranks first; without, both match.
      await search(page, "viện");
      assert.match(await results(page).first().getAttribute("href"), /publications\/mit-technology-review\.html$/);
      await search(page, "vien");
      assert.ok((await results(page).count()) >= 2, "vien matches viện and viên");
      assert.doesNotMatch(await results(page).first().getAttribute("href"), /mit-technology-review/);

      // Escape closes the list; arrows move the selection; Enter opens it.
      await page.keyboard.press("Escape");
      assert.ok(await page.locator(".search-results").isHidden());
      await search(page, "sam altman");
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.locator(".search-results li.active a").getAttribute("href"), await results(page).first().getAttribute("href"));
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/people\/sam-altman\.html$/, { timeout: WAIT });
      assert.equal(await page.locator("h1").innerText(), "Sam Altman");

      // Enter without choosing opens the first result.
      await search(page, "chatgpt plus");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/products\/chatgpt-plus\.html$/, { timeout: WAIT });

      assert.deepEqual(errors, [], "no console errors or failed requests");
      await page.close();
    });
  }

  test("serve keeps the index current after an edit", { timeout: 60_000 }, async () => {
    const root = path.join(tmp, "served");
    fs.cpSync(fixture, root, { recursive: true });
    const child = spawn(bin, ["serve", root, "-p", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    process.on("exit", () => child.kill("SIGKILL"));
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no serving line")), 20_000);
        createInterface({ input: child.stdout }).on("line", (line) => {
          const m = /^serving .* at (http:\/\/\S+)/.exec(line);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
      });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${url}index.html`);
      const file = path.join(root, "content/articles/widget-review.md");
      fs.appendFileSync(file, "\nThe Widget ships with a quokkascope.\n");
      // The index follows the pages (it is written after the reload), so
      // search again until the new word is found.
      const deadline = Date.now() + 15_000;
      let found = [];
      while (Date.now() < deadline) {
        await page.goto(`${url}index.html`);
        const box = page.locator("input[type=search]");
        await box.fill("quokkascope");
        await page.locator(".search-results li").first().waitFor({ timeout: WAIT });
        await page.waitForTimeout(150);
        found = await page.locator("a[data-search-result]").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        if (found.length) break;
        await page.waitForTimeout(300);
      }
      assert.deepEqual(found, ["articles/widget-review.html"]);
      assert.deepEqual(errors.filter((e) => !e.includes("__factbook/events")), [], "no console errors");
      await page.close();
    } finally {
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    }
  });
});
