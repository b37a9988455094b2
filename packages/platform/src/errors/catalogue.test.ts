import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allPlatformErrors, catalogueEntry, ExitCodes, httpStatusOf, PlatformErrorCatalogue, PlatformErrorCodes } from "./catalogue";
import { PlatformError } from "./platform-error";

const docs = readFileSync(resolve(__dirname, "../../../../docs/errors.md"), "utf8");

/** The cells of the docs table row whose first cell is `code`, or undefined. */
function docsRow(code: string): string[] | undefined {
  const line = docs.split("\n").find((l) => l.startsWith(`| \`${code}\` |`));
  return line?.split(" | ").map((cell) => cell.replace(/^\| |\s*\|$/g, "").trim());
}

describe("the platform error catalogue", () => {
  it("gives every code once, with a status, an exit code and a message", () => {
    const codes = allPlatformErrors().map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of allPlatformErrors()) {
      expect(entry.code).toMatch(/^com\.liveperson\.faas\.[a-z0-9.-]+$/);
      expect(entry.status === undefined || (Number.isInteger(entry.status) && entry.status >= 400)).toBe(true);
      expect(Object.values(ExitCodes)).toContain(entry.exitCode);
      expect(entry.message.length).toBeGreaterThan(10);
    }
  });

  it("maps names to codes and codes to statuses", () => {
    expect(PlatformErrorCodes.NotFound).toBe("com.liveperson.faas.platform.not-found");
    expect(httpStatusOf(PlatformErrorCodes.MissingLambda)).toBe(404);
    expect(httpStatusOf(PlatformErrorCodes.LoopDetected)).toBe(508);
    expect(httpStatusOf("com.example.unknown")).toBe(500);
    expect(catalogueEntry(PlatformErrorCodes.Usage)?.exitCode).toBe(ExitCodes.Usage);
    expect(catalogueEntry(PlatformErrorCodes.BadInput)?.v2Code).toBe("com.liveperson.faas.evg.invalid");
    expect(Object.keys(PlatformErrorCodes)).toEqual(Object.keys(PlatformErrorCatalogue));
  });

  it("makes errors that carry a code and no status", () => {
    const error = new PlatformError(PlatformErrorCodes.Conflict);
    expect(error.message).toBe(PlatformErrorCatalogue.Conflict.message);
    expect(error).not.toHaveProperty("status");
    expect(new PlatformError(PlatformErrorCodes.BadInput, "x must be y").message).toBe("x must be y");
  });

  it("is what docs/errors.md lists: every code, its HTTP status and exit code, and its V2 name", () => {
    const problems: string[] = [];
    for (const entry of allPlatformErrors()) {
      const row = docsRow(entry.code);
      if (!row) {
        problems.push(`${entry.code}: no row in docs/errors.md`);
        continue;
      }
      const [, status, exit] = row;
      const wantStatus = entry.status === undefined ? "—" : String(entry.status);
      if (!status!.includes(wantStatus)) problems.push(`${entry.code}: docs give HTTP status "${status}", the catalogue ${wantStatus}`);
      if (exit !== "—" && exit !== String(entry.exitCode)) problems.push(`${entry.code}: docs give exit code ${exit}, the catalogue ${entry.exitCode}`);
      if (entry.v2Code !== undefined && !docsRow(entry.v2Code)) problems.push(`${entry.code}: its V2 name ${entry.v2Code} has no row`);
    }
    expect(problems).toEqual([]);
  });
});
