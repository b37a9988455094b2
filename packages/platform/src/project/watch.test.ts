import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { watchFunctions } from "./watch";

let dir: string;
let stop: (() => void) | undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-watch-"));
});
afterEach(() => {
  stop?.();
  stop = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(20);
  }
}

it("reports each changed function once per burst, and ignores settings.json", async () => {
  mkdirSync(join(dir, "functions", "greeting"), { recursive: true });
  mkdirSync(join(dir, "functions", "other"), { recursive: true });
  const seen: string[] = [];
  stop = watchFunctions(dir, (name) => seen.push(name), { debounceMs: 80 });
  await sleep(100);

  for (let i = 0; i < 5; i++) writeFileSync(join(dir, "functions", "greeting", "index.js"), `// v${i}\n`);
  writeFileSync(join(dir, "functions", "greeting", "config.json"), "{}");
  writeFileSync(join(dir, "functions", "settings.json"), "{}");
  await until(() => seen.length >= 1);
  await sleep(250);
  expect(seen).toEqual(["greeting"]);

  writeFileSync(join(dir, "functions", "other", "index.js"), "// changed\n");
  mkdirSync(join(dir, "functions", "brand_new"));
  writeFileSync(join(dir, "functions", "brand_new", "index.js"), "// new\n");
  await until(() => seen.includes("other") && seen.includes("brand_new"));
  await sleep(250);
  expect(seen.slice(1).sort()).toEqual(["brand_new", "other"]);

  // A file in a folder created after the watch started is seen too.
  writeFileSync(join(dir, "functions", "brand_new", "index.js"), "// edited\n");
  await until(() => seen.filter((name) => name === "brand_new").length === 2);

  stop();
  stop = undefined;
  writeFileSync(join(dir, "functions", "greeting", "index.js"), "// after stop\n");
  await sleep(250);
  expect(seen.filter((name) => name === "greeting")).toHaveLength(1);
});

it("waits for functions/ to be created", async () => {
  const seen: string[] = [];
  stop = watchFunctions(dir, (name) => seen.push(name), { debounceMs: 50 });
  mkdirSync(join(dir, "functions"));
  await sleep(150);
  mkdirSync(join(dir, "functions", "late"));
  writeFileSync(join(dir, "functions", "late", "index.js"), "// late\n");
  await until(() => seen.includes("late"));
});
