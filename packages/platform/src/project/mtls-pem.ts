/**
 * Checks the PEM files of an mTLS registration (`lp-faas mtls add`, the
 * platform API) before anything is stored: the certificate and the CA are
 * X.509 certificates in PEM, the key is an unencrypted PEM private key, and
 * the key is the certificate's (`X509Certificate.checkPrivateKey`). Messages
 * name the file's role and what to fix, never its content.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { PlatformError, PlatformErrorCodes } from "../errors";

/** The PEM texts of one registration. */
export interface MtlsMaterial {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
}

/** What may be shown of a client certificate: never the key. */
export interface MtlsCertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** SHA-256 fingerprint, `AA:BB:…`. */
  readonly fingerprint256: string;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[\s\S]+?\r?\n-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----\r?\n[\s\S]+?\r?\n-----END \1-----/;

/** How messages name the three files (e.g. their paths). */
export interface MtlsFileNames {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

const DEFAULT_NAMES: MtlsFileNames = { cert: "the certificate", key: "the key", ca: "the CA certificate" };

const invalidCert = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.MtlsInvalidCert, message);
const invalidKey = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.MtlsInvalidKey, message);

/** The certificates of a PEM text (at least one), each parsed. `what` names the file for messages. */
export function parseCertificates(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw invalidCert(`${what} holds no PEM certificate (a block between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----)`);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw invalidCert(`${what}: PEM certificate ${index + 1} of ${blocks.length} is not a valid X.509 certificate`);
    }
  });
}

/** The private key of a PEM text; encrypted keys are refused (the gateway has no passphrase to open them). */
export function parsePrivateKey(pem: string, what: string): KeyObject {
  const block = KEY_BLOCK.exec(pem);
  if (!block) {
    throw invalidKey(`${what} holds no PEM private key (a block between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----)`);
  }
  if (block[1] === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(block[0])) {
    throw invalidKey(`${what} is encrypted; store the key without a passphrase (openssl pkey -in <key> -out <plain key>)`);
  }
  try {
    return createPrivateKey(block[0]);
  } catch {
    throw invalidKey(`${what} is not a valid private key`);
  }
}

function summary(cert: X509Certificate): MtlsCertificateSummary {
  return { subject: cert.subject, issuer: cert.issuer, validFrom: cert.validFrom, validTo: cert.validTo, fingerprint256: cert.fingerprint256 };
}

/**
 * Checks a registration; returns the summary of its client certificate (the
 * first of the cert file: the rest is its chain). Throws PlatformError
 * `…platform.mtls-invalid-cert`, `…mtls-invalid-key` or `…mtls-key-mismatch`.
 */
export function checkMtlsMaterial(material: MtlsMaterial, names: MtlsFileNames = DEFAULT_NAMES): MtlsCertificateSummary {
  const [leaf] = parseCertificates(material.cert, names.cert);
  const key = parsePrivateKey(material.key, names.key);
  if (material.ca !== undefined) parseCertificates(material.ca, names.ca);
  if (!leaf!.checkPrivateKey(key)) {
    throw new PlatformError(
      PlatformErrorCodes.MtlsKeyMismatch,
      `${names.key} is not the private key of ${names.cert} (subject ${leaf!.subject.replace(/\n/g, ", ")}); pass the key the certificate was issued for`,
    );
  }
  return summary(leaf!);
}
