import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminTokenPath, ensureAdminToken, readAdminToken } from "./admin-token";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-admin-token-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== "win32";

describe("the admin token", () => {
  it("is made once, 256 random bits, in a file only its owner can read", () => {
    expect(readAdminToken(dir)).toBeUndefined();
    const token = ensureAdminToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(adminTokenPath(dir), "utf8")).toBe(`${token}\n`);
    if (posix) expect(statSync(adminTokenPath(dir)).mode & 0o777).toBe(0o600);
    expect(ensureAdminToken(dir)).toBe(token);
    expect(readAdminToken(dir)).toBe(token);
    expect(ensureAdminToken(mkdtempSync(join(tmpdir(), "lp-faas-admin-token-")))).not.toBe(token);
  });

  it("narrows a file found readable by others to mode 600", () => {
    mkdirSync(join(dir, ".lp-faas"));
    writeFileSync(adminTokenPath(dir), `${"k".repeat(40)}\n`);
    if (posix) chmodSync(adminTokenPath(dir), 0o644);
    expect(ensureAdminToken(dir)).toBe("k".repeat(40));
    if (posix) expect(statSync(adminTokenPath(dir)).mode & 0o777).toBe(0o600);
  });

  it("refuses a file that holds no token, saying how to get a new one", () => {
    mkdirSync(join(dir, ".lp-faas"));
    writeFileSync(adminTokenPath(dir), "short");
    expect(() => ensureAdminToken(dir)).toThrow(/does not hold an admin token .* delete it/);
  });
});
