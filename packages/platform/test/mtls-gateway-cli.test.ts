/**
 * `lp-faas mtls add|list|remove` in-process, on a temp project, with
 * certificates made by openssl at test time: what is stored (and how
 * privately), what is printed (never key material), and the typed errors of
 * bad files.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./helpers";
import { CLIENT_CN, makeGatewayPki, type GatewayPki } from "./mtls-gateway-pki";
import { runCli, type CliRun } from "./run-cli";

let pki: GatewayPki;
let project: TempProject;

beforeAll(() => {
  pki = makeGatewayPki();
  execFileSync("openssl", ["pkey", "-in", "client.key", "-aes256", "-passout", "pass:secret", "-out", "encrypted.key"], { cwd: pki.dir, stdio: "pipe" });
  project = tempProject();
});

afterAll(() => {
  project?.remove();
  pki?.remove();
});

const cli = (...args: string[]): Promise<CliRun> => runCli(["mtls", ...args], { cwd: project.dir });
const add = (host: string, cert: string, key: string, ...extra: string[]): Promise<CliRun> =>
  cli("add", host, "--cert", pki.path(cert), "--key", pki.path(key), ...extra, "--json");

const mode = (path: string): number => statSync(path).mode & 0o777;

describe("lp-faas mtls on a project no platform has run for", () => {
  it("lists nothing and removes nothing, without creating .lp-faas", async () => {
    const fresh = tempProject();
    try {
      const list = await runCli(["mtls", "list", "--json"], { cwd: fresh.dir });
      expect(list.json()).toEqual({ certificates: [] });
      const remove = await runCli(["mtls", "remove", "a.example.com", "--json"], { cwd: fresh.dir });
      expect(remove.code).toBe(1);
      expect(remove.json().error.code).toBe("com.liveperson.faas.platform.not-found");
      expect(() => statSync(join(fresh.dir, ".lp-faas"))).toThrow();
    } finally {
      fresh.remove();
    }
  });
});

describe("lp-faas mtls add, list, remove", () => {
  it("registers a certificate in .lp-faas/mtls/<host>/ with private modes, and prints no key material", async () => {
    const run = await add("API.Example.COM.", "client.crt", "client.key", "--ca", pki.path("ca.crt"));
    expect(run.code, run.stderr).toBe(0);
    const { certificate, replaced } = run.json() as { certificate: Record<string, unknown>; replaced: boolean };
    expect(replaced).toBe(false);
    expect(certificate).toMatchObject({ host: "api.example.com", subject: `CN=${CLIENT_CN}`, hasCa: true });
    expect(certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(run.stdout).not.toContain("PRIVATE KEY");

    const folder = join(project.dir, ".lp-faas", "mtls", "api.example.com");
    expect(readFileSync(join(folder, "key.pem"), "utf8")).toBe(pki.read("client.key"));
    expect(readFileSync(join(folder, "cert.pem"), "utf8")).toBe(pki.read("client.crt"));
    expect(readFileSync(join(folder, "ca.pem"), "utf8")).toBe(pki.read("ca.crt"));
    for (const file of ["key.pem", "cert.pem", "ca.pem"]) expect(mode(join(folder, file))).toBe(0o600);
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(project.dir, ".lp-faas", "mtls"))).toBe(0o700);
  });

  it("replaces a registration, dropping a CA no longer given", async () => {
    const run = await add("api.example.com", "client.crt", "client.key");
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ replaced: true, certificate: { hasCa: false } });
  });

  it("lists registrations as JSON and as text", async () => {
    const json = await cli("list", "--json");
    expect(json.code).toBe(0);
    expect(json.json()).toEqual({ certificates: [expect.objectContaining({ host: "api.example.com", subject: `CN=${CLIENT_CN}`, hasCa: false })] });
    const text = await cli("list");
    expect(text.stdout).toContain(`api.example.com  CN=${CLIENT_CN}  valid until`);
    expect(text.stdout).not.toContain("PRIVATE KEY");
  });

  it("removes a registration; removing it again is not-found", async () => {
    const removed = await cli("remove", "api.example.com", "--json");
    expect(removed.code).toBe(0);
    expect(removed.json()).toEqual({ host: "api.example.com", removed: true });
    expect((await cli("list", "--json")).json()).toEqual({ certificates: [] });
    const again = await cli("remove", "api.example.com", "--json");
    expect(again.code).toBe(1);
    expect(again.json().error.code).toBe("com.liveperson.faas.platform.not-found");
  });
});

describe("bad files and hosts", () => {
  const expectFailure = async (run: CliRun, code: string, exitCode = 1): Promise<string> => {
    expect(run.code).toBe(exitCode);
    const { error } = run.json() as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    // Never key material: no line of the key file appears in a message.
    for (const line of pki.read("client.key").split("\n").slice(1, -2)) expect(error.message).not.toContain(line);
    return error.message;
  };

  it("refuses a certificate file that is not PEM", async () => {
    const message = await expectFailure(await add("a.example.com", "not-pem.txt", "client.key"), "com.liveperson.faas.platform.mtls-invalid-cert");
    expect(message).toContain("holds no PEM certificate");
  });

  it("refuses a key file that is not PEM, and an encrypted key", async () => {
    expect(await expectFailure(await add("a.example.com", "client.crt", "not-pem.txt"), "com.liveperson.faas.platform.mtls-invalid-key")).toContain(
      "holds no PEM private key",
    );
    expect(await expectFailure(await add("a.example.com", "client.crt", "encrypted.key"), "com.liveperson.faas.platform.mtls-invalid-key")).toContain(
      "encrypted",
    );
  });

  it("refuses a key that is not the certificate's", async () => {
    const message = await expectFailure(await add("a.example.com", "client.crt", "foreign-client.key"), "com.liveperson.faas.platform.mtls-key-mismatch");
    expect(message).toContain(`subject CN=${CLIENT_CN}`);
    expect(message).toContain(`the key file ${pki.path("foreign-client.key")} is not the private key of the certificate file ${pki.path("client.crt")}`);
  });

  it("refuses a CA file that is not PEM, and a file that cannot be read, naming it", async () => {
    await expectFailure(
      await add("a.example.com", "client.crt", "client.key", "--ca", pki.path("not-pem.txt")),
      "com.liveperson.faas.platform.mtls-invalid-cert",
    );
    const message = await expectFailure(await add("a.example.com", "missing.crt", "client.key"), "com.liveperson.faas.platform.mtls-invalid-cert");
    expect(message).toContain(pki.path("missing.crt"));
    expect(message).toContain("ENOENT");
  });

  it("refuses wildcards and URLs as hosts, saying what to write", async () => {
    expect(await expectFailure(await add("*.example.com", "client.crt", "client.key"), "com.liveperson.faas.es.badinput")).toContain('"example.com"');
    expect(await expectFailure(await add("https://a.example.com/x", "client.crt", "client.key"), "com.liveperson.faas.es.badinput")).toContain(
      'write "a.example.com"',
    );
  });

  it("needs --cert and --key (usage error)", async () => {
    const run = await runCli(["mtls", "add", "a.example.com", "--cert", pki.path("client.crt"), "--json"], { cwd: project.dir });
    await expectFailure(run, "com.liveperson.faas.cli.usage", 2);
  });

  it("stored nothing for any refused registration", async () => {
    expect((await cli("list", "--json")).json()).toEqual({ certificates: [] });
  });
});
