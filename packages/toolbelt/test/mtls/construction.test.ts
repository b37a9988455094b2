/** Toolbelt.MTLSClient(clientTLS) validation: codes, order, and no PEM text in messages. */
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { Toolbelt } from "../../src/toolbelt";
import { mtlsPki } from "./pki";

function thrown(arg: unknown): ToolbeltError {
  try {
    (Toolbelt.MTLSClient as (a: unknown) => unknown)(arg);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolbeltError);
    const e = error as ToolbeltError;
    expect(e.component).toBe("MTLS");
    // Never any PEM text, nor key bytes, in the message.
    expect(e.message).not.toMatch(/-----|BEGIN|PRIVATE KEY|MII|DECODER|error:0/);
    return e;
  }
  throw new Error("expected MTLSClient() to throw");
}

describe("MTLSClient construction", () => {
  const pki = mtlsPki();

  it("accepts strings and Buffers, with or without ca", () => {
    expect(typeof Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key }).post).toBe("function");
    const client = Toolbelt.MTLSClient({ cert: Buffer.from(pki.client.cert), key: Buffer.from(pki.client.key), ca: Buffer.from(pki.ca) });
    for (const m of ["get", "post", "put", "delete", "patch", "head", "options"] as const) expect(typeof client[m]).toBe("function");
  });

  it.each([undefined, null, "cert"])("missing config (%s) → mtls.missing-conf", (arg) => {
    const e = thrown(arg);
    expect(e.code).toBe(ErrorCodes.Mtls.Missing);
    expect(e.message).toBe("No Client TLS config was provided");
  });

  it("missing or garbage cert → mtls.invalid-cert", () => {
    expect(thrown({ key: pki.client.key }).code).toBe(ErrorCodes.Mtls.Invalid.Cert);
    expect(thrown({ cert: 42, key: pki.client.key }).code).toBe(ErrorCodes.Mtls.Invalid.Cert);
    expect(thrown({ cert: "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", key: pki.client.key }).code).toBe(
      ErrorCodes.Mtls.Invalid.Cert,
    );
    // A key where the certificate should be.
    expect(thrown({ cert: pki.client.key, key: pki.client.key }).code).toBe(ErrorCodes.Mtls.Invalid.Cert);
  });

  it("garbage ca → mtls.invalid-cert naming the ca, checked before the key", () => {
    const e = thrown({ cert: pki.client.cert, key: "garbage", ca: "-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n" });
    expect(e.code).toBe(ErrorCodes.Mtls.Invalid.Cert);
    expect(e.message).toContain("(ca)");
  });

  it("missing or garbage key → mtls.invalid-key", () => {
    expect(thrown({ cert: pki.client.cert }).code).toBe(ErrorCodes.Mtls.Invalid.Key);
    expect(thrown({ cert: pki.client.cert, key: "garbage" }).code).toBe(ErrorCodes.Mtls.Invalid.Key);
    const truncated = pki.client.key.slice(0, pki.client.key.length - 60);
    expect(thrown({ cert: pki.client.cert, key: truncated }).code).toBe(ErrorCodes.Mtls.Invalid.Key);
  });

  it("a key that does not match the certificate → mtls.invalid-key", () => {
    const e = thrown({ cert: pki.client.cert, key: pki.otherClient.key });
    expect(e.code).toBe(ErrorCodes.Mtls.Invalid.Key);
    expect(e.message).toContain("does not match the certificate");
  });
});
