#!/usr/bin/env node
// lp-faas: the local LivePerson Functions platform's command line (built into ../dist by `npm run build`).
"use strict";

let cli;
try {
  cli = require("../dist/cli/main.js");
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND" && String(error.message).includes("dist")) {
    process.stderr.write("lp-faas is not built yet: run `npm run build --workspace packages/platform` first.\n");
    process.exit(1);
  }
  throw error;
}

cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Error: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
