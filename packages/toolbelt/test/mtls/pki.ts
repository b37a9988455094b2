/**
 * mTLS test material generated at test time with the system's openssl:
 * - CA "A" with a server certificate (127.0.0.1 / localhost) and a client certificate;
 * - CA "B" (unknown to the server) with its own client certificate;
 * - a self-signed server certificate;
 * - a server certificate signed by CA "A" that has already expired (`-days -1`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KeyPair {
  cert: string;
  key: string;
}

export interface MtlsPki {
  ca: string;
  server: KeyPair;
  client: KeyPair;
  otherCa: string;
  otherClient: KeyPair;
  selfSigned: KeyPair;
  expired: KeyPair;
}

let cached: MtlsPki | undefined;

export function mtlsPki(): MtlsPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-mtls-pki-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const ca = (name: string, cn: string) => run("req", "-x509", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${cn}`);
  const signed = (name: string, cn: string, caName: string, days: string, ext: string) => {
    run("req", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    run(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${caName}.crt`,
      "-CAkey",
      `${caName}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      days,
      "-extfile",
      ext,
    );
    return { cert: read(`${name}.crt`), key: read(`${name}.key`) };
  };
  try {
    writeFileSync(join(dir, "server.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    writeFileSync(join(dir, "client.cnf"), "extendedKeyUsage=clientAuth\n");
    ca("ca", "lp-faas mtls test CA");
    ca("other", "lp-faas other CA");
    const server = signed("server", "localhost", "ca", "2", "server.cnf");
    const client = signed("client", "mtls-test-client", "ca", "2", "client.cnf");
    const otherClient = signed("otherclient", "intruder-client", "other", "2", "client.cnf");
    const expired = signed("expired", "localhost", "ca", "-1", "server.cnf");
    run(
      "req",
      "-x509",
      ...newKey,
      "-keyout",
      "self.key",
      "-out",
      "self.crt",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    );
    cached = {
      ca: read("ca.crt"),
      server,
      client,
      otherCa: read("other.crt"),
      otherClient,
      selfSigned: { cert: read("self.crt"), key: read("self.key") },
      expired,
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
