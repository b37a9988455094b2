/**
 * Certificates for the mTLS gateway tests, made at test time with the
 * system's openssl, as files (the CLI takes paths):
 * - `ca.crt`: the CA the target server trusts and is signed by;
 * - `server.crt/.key`: the target's certificate for 127.0.0.1 and localhost;
 * - `client.crt/.key`: a client certificate of that CA (CN e2e-mtls-client);
 * - `foreign-client.crt/.key`: a client certificate of another CA (refused by the target);
 * - `not-pem.txt`, and `client.crt` + `foreign-client.key` make a key that is not the certificate's.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli";

export interface GatewayPki {
  dir: string;
  /** Absolute path of a file of `dir`. */
  path(name: string): string;
  /** A file's text. */
  read(name: string): string;
  remove(): void;
}

export const CLIENT_CN = "e2e-mtls-client";

export function makeGatewayPki(): GatewayPki {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-mtls-gw-"));
  const openssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const keyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const selfSignedCa = (name: string, cn: string): void =>
    openssl(
      "req",
      "-x509",
      ...keyArgs,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-subj",
      `/CN=${cn}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
  const issue = (name: string, cn: string, ca: string, extensions: string): void => {
    openssl("req", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.crt`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      extensions,
    );
  };
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
  writeFileSync(join(dir, "not-pem.txt"), "this is not a certificate\n");
  selfSignedCa("ca", "e2e mtls gateway CA");
  selfSignedCa("foreign-ca", "e2e foreign CA");
  issue("server", "localhost", "ca", "server.ext");
  issue("client", CLIENT_CN, "ca", "client.ext");
  issue("foreign-client", "e2e-foreign-client", "foreign-ca", "client.ext");
  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `lp-faas mtls add <host>` in the project with the PKI's client certificate, key and CA, as a user registers them. */
export async function registerClientCertificate(pki: GatewayPki, projectDir: string, host = "127.0.0.1"): Promise<void> {
  const added = await runCli(["mtls", "add", host, "--cert", pki.path("client.crt"), "--key", pki.path("client.key"), "--ca", pki.path("ca.crt"), "--json"], {
    cwd: projectDir,
  });
  if (added.code !== 0) throw new Error(`lp-faas mtls add ${host} failed (exit ${added.code}): ${added.stderr}`);
}
