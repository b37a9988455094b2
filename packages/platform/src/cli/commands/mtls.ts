/**
 * `lp-faas mtls add|list|remove`: the client certificates the platform's LP
 * MTLS gateway presents to a target host (what LPMtlsClient calls go
 * through). Stored with the project's local state, `.lp-faas/mtls/<host>/`
 * (project/mtls-store.ts), written directly like the other project-editing
 * commands; a running platform sees a change at its next call. Key material
 * is never printed.
 */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PlatformError, PlatformErrorCodes, type PlatformErrorCode } from "../../errors";
import { openMtlsStore, type MtlsRegistration } from "../../project/mtls-store";
import { defaultStateDir } from "../../state/db";
import type { CommandContext } from "../context";
import type { CliIo } from "../output";
import { dirOption, findProjectDir, jsonOption } from "../flags";

interface Options {
  dir?: string;
  json?: boolean;
}

interface AddOptions extends Options {
  cert: string;
  key: string;
  ca?: string;
}

/** A PEM file's text; an unreadable file is the error of its role (certificate or key), naming the path. */
function readPemFile(io: CliIo, path: string, role: string, code: PlatformErrorCode): string {
  const full = resolve(io.cwd, path);
  try {
    return readFileSync(full, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PlatformError(code, `The ${role} file ${full} cannot be read (${reason})`);
  }
}

function describe(registration: MtlsRegistration): string {
  const subject = registration.subject.replace(/\n/g, ", ");
  return `${registration.host}  ${subject}  valid until ${registration.validTo}${registration.hasCa ? "  (with CA)" : ""}`;
}

export function registerMtlsCommand(program: Command, context: CommandContext): void {
  const mtls = program
    .command("mtls")
    .summary("add, list and remove the client certificates of the mTLS gateway")
    .description(
      "The client certificates the platform's LP MTLS gateway presents when a function's LPMtlsClient calls a host,\n" +
        "one per host, kept in .lp-faas/mtls/<host>/ (files mode 600; never commit them). The target must also be on the allowlist.",
    );
  const store = (options: Options) => openMtlsStore(defaultStateDir(findProjectDir(context.io, options.dir)));

  mtls
    .command("add")
    .summary("register the client certificate for a host")
    .description(
      "Register (or replace) the client certificate and key presented to <host>, and optionally the CA that signed the\n" +
        "host's server certificate (trusted next to the system's CAs). The key must be the certificate's and unencrypted.\n" +
        "With --json: { certificate: { host, subject, issuer, validFrom, validTo, fingerprint256, hasCa }, replaced }.",
    )
    .argument("<host>", 'the target host, as in the URL ("api.example.com", "127.0.0.1")')
    .requiredOption("--cert <file>", "the client certificate, PEM (may be followed by its chain)")
    .requiredOption("--key <file>", "its private key, PEM, unencrypted")
    .option("--ca <file>", "the CA certificate(s) that signed the target's server certificate, PEM")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((host: string, options: AddOptions) =>
      context.run(options, (out) => {
        const certificates = store(options);
        const cert = readPemFile(context.io, options.cert, "certificate", PlatformErrorCodes.MtlsInvalidCert);
        const key = readPemFile(context.io, options.key, "key", PlatformErrorCodes.MtlsInvalidKey);
        const ca = options.ca === undefined ? undefined : readPemFile(context.io, options.ca, "CA certificate", PlatformErrorCodes.MtlsInvalidCert);
        const names = {
          cert: `the certificate file ${resolve(context.io.cwd, options.cert)}`,
          key: `the key file ${resolve(context.io.cwd, options.key)}`,
          ca: `the CA file ${resolve(context.io.cwd, options.ca ?? "")}`,
        };
        const { registration, replaced } = certificates.add(host, { cert, key, ...(ca !== undefined && { ca }) }, names);
        out.result(
          { certificate: registration, replaced },
          () =>
            `${replaced ? "Replaced" : "Registered"} the client certificate for ${registration.host} (${registration.subject.replace(/\n/g, ", ")}, valid until ${registration.validTo}) in ${certificates.dir}` +
            `\nFunctions reach it through LPMtlsClient once it is on the allowlist (lp-faas allowlist add ${registration.host}).`,
        );
      }),
    );

  mtls
    .command("list")
    .summary("list the registered certificates")
    .description(
      "List the hosts with a client certificate. With --json: { certificates: [{ host, subject, issuer, validFrom, validTo, fingerprint256, hasCa }] }.",
    )
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((options: Options) =>
      context.run(options, (out) => {
        const certificates = store(options).list();
        out.result({ certificates }, () =>
          certificates.length === 0
            ? "No client certificates (register one with lp-faas mtls add <host> --cert <file> --key <file>)."
            : certificates.map(describe).join("\n"),
        );
      }),
    );

  mtls
    .command("remove")
    .summary("remove the certificate of a host")
    .description("Remove the client certificate (and CA) registered for <host>. With --json: { host, removed: true }.")
    .argument("<host>", "the host as listed")
    .addOption(dirOption())
    .addOption(jsonOption())
    .action((host: string, options: Options) =>
      context.run(options, (out) => {
        const certificates = store(options);
        if (!certificates.remove(host)) {
          throw new PlatformError(PlatformErrorCodes.NotFound, `No client certificate is registered for ${host} (see lp-faas mtls list)`);
        }
        out.result({ host, removed: true }, () => `Removed the client certificate for ${host} from ${certificates.dir}`);
      }),
    );
}
