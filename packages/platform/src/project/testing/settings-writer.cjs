// Test support: a process that writes functions/settings.json through the real SettingsStore.
//   node -r ./register-ts.cjs settings-writer.cjs <projectDir> race <prefix> <count>
//     sets <count> secrets <prefix>-0 … <prefix>-<count-1>, then exits
//   node -r ./register-ts.cjs settings-writer.cjs <projectDir> loop
//     rewrites a large secret forever (prints "ready" after the first write), until killed
"use strict";
const { join } = require("node:path");
const { openSettingsStore } = require(join(__dirname, "..", "settings-store.ts"));

const [projectDir, mode, prefix, count] = process.argv.slice(2);
const store = openSettingsStore(projectDir);

if (mode === "race") {
  for (let i = 0; i < Number(count); i++) store.setSecret(`${prefix}-${i}`, { writer: prefix, i });
} else if (mode === "loop") {
  const big = "x".repeat(9000);
  for (let i = 0; ; i++) {
    store.setSecret("looping", `${i}:${big}`);
    if (i % 2 === 0) store.addAllowlist(`host${i % 7}.example.com`);
    else store.removeAllowlist(`host${(i - 1) % 7}.example.com`);
    if (i === 0) process.stdout.write("ready\n");
  }
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
