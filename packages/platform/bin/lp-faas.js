#!/usr/bin/env node
// lp-faas: the local LivePerson Functions platform. This release ships the command's shell only;
// `dev`, `invoke`, `init`, `secrets` and `allowlist` arrive with the platform release.
"use strict";

const args = process.argv.slice(2);
const usage = `Usage: lp-faas <command> [options]

Commands (arriving with the platform release):
  init <dir>            scaffold an lpf-compatible project
  dev [dir]             run the project's functions on a local platform (port 7420)
  invoke <function>     invoke a function through the running platform

Options:
  --help                show this help
  --version             print the version
`;

if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
  process.stdout.write(usage);
  process.exit(args.length === 0 ? 1 : 0);
}
if (args.includes("--version")) {
  process.stdout.write(`${require("../package.json").version}\n`);
  process.exit(0);
}
process.stderr.write(`lp-faas: "${args[0]}" is not available in this version yet (the local platform is in development).\n`);
process.exit(2);
