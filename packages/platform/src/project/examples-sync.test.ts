/**
 * examples/ (what `npm start` runs) is generated from the scaffold templates: it must be
 * exactly what `lp-faas init` writes with the fixed values of scripts/generate-examples.mjs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compareProjects, describeDrift, EXAMPLE_VALUES, EXAMPLES_DIR } from "../../scripts/generate-examples.mjs";
import { scaffoldProject } from "./scaffold";

const temp: string[] = [];
afterEach(() => {
  for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `lp-faas init <temp>/examples` with the fixed example values. */
function freshExamples(): string {
  const base = mkdtempSync(join(tmpdir(), "lp-faas-examples-sync-"));
  temp.push(base);
  const dir = join(base, "examples");
  scaffoldProject(dir, { values: EXAMPLE_VALUES });
  return dir;
}

describe("examples/", () => {
  it("is what lp-faas init writes from the templates (else: npm run examples:generate)", () => {
    const report: string[] = describeDrift(compareProjects(freshExamples(), EXAMPLES_DIR));
    if (report.length > 0) expect.fail(report.join("\n"));
  });

  it("a drifted copy is reported file by file, with the command that fixes it", () => {
    const expected = freshExamples();
    const drifted = freshExamples();
    const greeting = join(drifted, "functions", "greeting", "index.js");
    writeFileSync(greeting, readFileSync(greeting, "utf8").replace("World", "Welt"));
    rmSync(join(drifted, "README.md"));
    writeFileSync(join(drifted, "functions", "stray.js"), "");
    writeFileSync(join(drifted, "package.json"), "{}"); // the workspace manifest: not generated, not compared
    writeFileSync(
      join(drifted, "fixtures", "conversations", "billing-refund-closed.json"),
      readFileSync(join(expected, "fixtures", "conversations", "billing-refund-closed.json"), "utf8").replace(/\n/g, "\r\n"),
    ); // line endings do not count
    const report: string[] = describeDrift(compareProjects(expected, drifted));
    expect(report).toHaveLength(4);
    expect(report[0]).toBe("examples/README.md is missing (the templates have it)");
    expect(report[1]).toBe("examples/functions/stray.js is not in the templates (init does not write it)");
    expect(report[2]).toMatch(
      /^examples\/functions\/greeting\/index\.js differs from the templates at line \d+: examples\/ has ".*Welt.*", the templates ".*World.*"$/,
    );
    expect(report[3]).toContain("run `npm run examples:generate`");
  });
});
