#!/usr/bin/env node
// A two-minute tour of the toolbelt's egress path, run by `npm start` from the repository root:
// it starts a small API on 127.0.0.1, then invokes functions/http-demo three ways.
// The allowlist comes from functions/settings.json, found from this folder, as lpf does it.
"use strict";

const http = require("node:http");
const path = require("node:path");

process.chdir(__dirname);
const { lambda } = require("./functions/http-demo");

function invoke(payload) {
  return new Promise((resolve) => {
    lambda({ headers: [], payload }, (error, result) => resolve(error ? { error: `${error.name}: ${error.message}` } : { result }));
  });
}

async function main() {
  const api = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ greeting: "hello from a local API", path: req.url }));
  });
  await new Promise((resolve) => api.listen(0, "127.0.0.1", resolve));
  const { port } = api.address();
  console.log(`Local API on http://127.0.0.1:${port}; allowlist from ${path.join("functions", "settings.json")}\n`);

  console.log("1. An allowlisted host (127.0.0.1):");
  console.log(JSON.stringify(await invoke({ url: `http://127.0.0.1:${port}/greeting` }), null, 2));

  console.log("\n2. A host that is not on the allowlist (localhost) fails like the platform's proxy:");
  console.log(JSON.stringify(await invoke({ url: `http://localhost:${port}/greeting` }), null, 2));

  console.log("\n3. 25 requests at once: the platform allows 20 per second, the rest get 429:");
  const results = await Promise.all(Array.from({ length: 25 }, () => invoke({ url: `http://127.0.0.1:${port}/burst` })));
  const counts = {};
  for (const r of results) counts[r.result ? r.result.statusCode : "error"] = (counts[r.result ? r.result.statusCode : "error"] || 0) + 1;
  console.log(JSON.stringify(counts));

  api.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
