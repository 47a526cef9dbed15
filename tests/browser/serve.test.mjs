// Headless Chromium against `factbook serve` and the built pages.
//
// Run with `node --test tests/browser/` (cargo test does it through
// tests/browser.rs). Needs `npm ci` in this folder and Debian's Chromium at
// /usr/bin/chromium (or CHROMIUM_BIN); FACTBOOK_BIN names the binary under
// test (default: ../../target/debug/factbook from this folder).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(here, "../sites/basic");
const bin = path.resolve(here, process.env.FACTBOOK_BIN ?? "../../target/debug/factbook");
const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const ARTICLE = "content/articles/widget-review.md";
const WAIT = 5_000;

/** A copy of the fixture site in a fresh temp dir. */
function copySite(tmp, name) {
  const root = path.join(tmp, name);
  fs.cpSync(fixture, root, { recursive: true });
  return root;
}

function article(text) {
  return `---\ntitle: "Reviewing the Widget"\ndate: 2024-01-10\ntags: [review]\n---\n${text}\n`;
}

/** Starts `factbook serve -p 0` and resolves once it prints its URL. */
async function startServer(root) {
  const child = spawn(bin, ["serve", root, "-p", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  child.stderr.setEncoding("utf8").on("data", (d) => output.push(d));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving" line:\n${output.join("")}`)), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`factbook serve exited with ${code}:\n${output.join("")}`));
    });
    lines.on("line", (line) => {
      output.push(line + "\n");
      const m = /^serving .* at (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, url, output };
}

async function stopServer(server) {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = once(server.child, "exit");
    server.child.kill("SIGKILL");
    await exited;
  }
}

/** Collects console errors and uncaught exceptions of a page. The default
 * theme ships no icon, so Chromium's own /favicon.ico probe 404s over HTTP;
 * that one is not the page's doing and is left out. */
function watchErrors(page) {
  const errors = [];
  page.on("console", (m) => {
    const where = m.location().url;
    if (m.type() === "error" && !where.endsWith("/favicon.ico")) errors.push(`console: ${m.text()} (${where})`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Resolves once the page's live-reload event stream has been answered. */
function eventsConnected(page) {
  return page.waitForResponse((r) => r.url().endsWith("/__factbook/events"), { timeout: WAIT });
}

const bodyText = (page) => page.locator("main .body").innerText();

describe("factbook in Chromium", () => {
  let tmp;
  let context;
  let server;
  // Never leave a server behind, even if the runner exits abruptly.
  process.on("exit", () => server?.child.kill("SIGKILL"));

  before(async () => {
    assert.ok(fs.existsSync(bin), `FACTBOOK_BIN ${bin} does not exist; run cargo build first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "factbook-browser-"));
    context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });

  after(async () => {
    await stopServer(server);
    await context?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("serve reloads on edit, shows build errors as an overlay, recovers", { timeout: 60_000 }, async () => {
    const root = copySite(tmp, "served");
    server = await startServer(root);
    const page = await context.newPage();
    const errors = watchErrors(page);

    let connected = eventsConnected(page);
    await page.goto(`${server.url}articles/widget-review.html`);
    await connected;
    assert.match(await bodyText(page), /The Widget from Acme is fine\./);

    // An edit on disk reloads the page (a full navigation: the marker goes away).
    await page.evaluate(() => { window.__beforeReload = true; });
    connected = eventsConnected(page);
    fs.writeFileSync(path.join(root, ARTICLE), article("The Widget from Acme is splendid."));
    await page.locator("main .body", { hasText: "is splendid" }).waitFor({ timeout: WAIT });
    assert.equal(await page.evaluate(() => window.__beforeReload), undefined, "the page was reloaded");
    await connected;

    // A broken front matter: the overlay names the file, the last good page stays behind it.
    fs.writeFileSync(path.join(root, ARTICLE), '---\ntitle: "Reviewing the Widget\ndate: 2024-01-10\n---\nBroken.\n');
    const overlay = page.locator("#factbook-error-overlay");
    await overlay.waitFor({ state: "visible", timeout: WAIT });
    assert.match(await overlay.innerText(), /content\/articles\/widget-review\.md:\d+:\d+: error\[/);
    assert.match(await bodyText(page), /is splendid/);

    // Loading the page while the build is broken shows the overlay too.
    connected = eventsConnected(page);
    await page.reload();
    await connected;
    await overlay.waitFor({ state: "visible", timeout: WAIT });
    assert.match(await bodyText(page), /is splendid/);

    // Fixing the file reloads the page: no overlay, the new text.
    fs.writeFileSync(path.join(root, ARTICLE), article("The Widget from Acme is excellent."));
    await page.locator("main .body", { hasText: "is excellent" }).waitFor({ timeout: WAIT });
    await overlay.waitFor({ state: "detached", timeout: WAIT });

    assert.deepEqual(errors, [], "no console errors");
    await page.close();
    await stopServer(server);
  });

  test("built pages work from file://: links lead to their targets", { timeout: 30_000 }, async () => {
    const root = copySite(tmp, "built");
    const out = path.join(tmp, "built-out");
    execFileSync(bin, ["build", root, "-d", out], { stdio: "pipe" });
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(pathToFileURL(path.join(out, "index.html")).href);
    await page.getByRole("link", { name: "Reviewing the Widget" }).first().click();
    await page.waitForURL(/\/articles\/widget-review\.html$/, { timeout: WAIT });
    assert.equal(await page.locator("h1").innerText(), "Reviewing the Widget");

    // A relative link one level down leads back up into another folder.
    await page.locator("main .body a.mention", { hasText: "Acme" }).first().click();
    await page.waitForURL(/\/companies\/acme\.html$/, { timeout: WAIT });
    assert.equal(await page.locator("h1").innerText(), "Acme");

    assert.deepEqual(errors, [], "no console errors");
    await page.close();
  });

  test("the claims table sorts when a header is clicked", { timeout: 30_000 }, async () => {
    const out = path.join(tmp, "built-out");
    if (!fs.existsSync(out)) execFileSync(bin, ["build", copySite(tmp, "built"), "-d", out]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(pathToFileURL(path.join(out, "claims/index.html")).href);

    const table = page.locator("table.claims.sortable");
    const values = () =>
      table.locator("tbody tr td[data-unit]").evaluateAll((cells) => cells.map((c) => Number(c.dataset.value)));
    const header = table.locator("thead th[data-sort=number]");
    const before = await values();
    assert.ok(before.length >= 2, `at least two claims to sort, got ${before}`);

    await header.click();
    assert.equal(await header.getAttribute("aria-sort"), "ascending");
    assert.deepEqual(await values(), [...before].sort((a, b) => a - b));

    await header.click();
    assert.equal(await header.getAttribute("aria-sort"), "descending");
    assert.deepEqual(await values(), [...before].sort((a, b) => b - a));

    // Text columns sort too, and only one header carries aria-sort.
    const metric = table.locator("thead th", { hasText: /metric/i });
    await metric.click();
    assert.equal(await metric.getAttribute("aria-sort"), "ascending");
    assert.equal(await header.getAttribute("aria-sort"), null);
    const metrics = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
    assert.deepEqual(metrics, [...metrics].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    assert.deepEqual(errors, [], "no console errors");
    await page.close();
  });

  // Issue 15: the value column sorts within a unit and keeps units together:
  // VND 5 billion never stands between US$2.8 billion and US$9.6 billion.
  test("the value column sorts within each unit", { timeout: 30_000 }, async () => {
    const root = path.join(tmp, "figures");
    fs.cpSync(path.resolve(here, "../sites/figures"), root, { recursive: true });
    const out = path.join(tmp, "figures-out");
    execFileSync(bin, ["build", root, "-d", out], { stdio: "pipe" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(pathToFileURL(path.join(out, "claims/index.html")).href);
    const table = page.locator("table.claims.sortable");
    const header = table.locator("thead th[data-sort=number]");
    const cells = () =>
      table
        .locator("tbody tr td[data-unit]")
        .evaluateAll((cs) => cs.map((c) => [c.dataset.unit, Number(c.dataset.value)]));
    for (const direction of ["ascending", "descending"]) {
      await header.click();
      assert.equal(await header.getAttribute("aria-sort"), direction);
      const got = await cells();
      const units = got.map(([u]) => u);
      assert.ok(new Set(units).size >= 2, `two units at least: ${units}`);
      const runs = units.filter((u, i) => i === 0 || u !== units[i - 1]);
      assert.equal(runs.length, new Set(units).size, `units stay together: ${JSON.stringify(got)}`);
      for (const unit of new Set(units)) {
        const values = got.filter(([u]) => u === unit).map(([, v]) => v);
        const sorted = [...values].sort((a, b) => (direction === "ascending" ? a - b : b - a));
        assert.deepEqual(values, sorted, `${unit} sorted ${direction}`);
      }
    }
    assert.deepEqual(errors, [], "no console errors");
    await page.close();
  });
});
