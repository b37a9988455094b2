/**
 * The arguments and options `lp-faas context` commands share, parsed by
 * commander: a value that breaks the store's rules (`state/context-validation.ts`,
 * the same predicates) is a usage error (exit code 2) with a message for the
 * command line.
 */
import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_ACCOUNT_ID } from "../../../defaults";
import { ContextLimits } from "../../../state/context-types";
import { isAccountId, isNamespaceName, isSessionOrPropertyId } from "../../../state/context-validation";

/** The options every `lp-faas context` command has (`--account` where it applies). */
export interface ContextCommandOptions {
  dir?: string;
  json?: boolean;
  account?: string;
}

/** The account a command works on, and the platform's (to hint at `--account`). */
export interface ContextAccounts {
  accountId: string;
  platformAccount: string;
}

export function parseAccountId(value: string): string {
  if (!isAccountId(value)) throw new InvalidArgumentError(`an account id is 1-64 letters, digits, "_" or "-" (e.g. ${DEFAULT_ACCOUNT_ID}).`);
  return value;
}

export function parseNamespaceName(value: string): string {
  if (!isNamespaceName(value)) throw new InvalidArgumentError(`a namespace name is 1-100 letters, digits, "_" or "-".`);
  return value;
}

export function parseSessionId(value: string): string {
  if (!isSessionOrPropertyId(value)) {
    throw new InvalidArgumentError(`a session id is 1-${ContextLimits.maxIdLength} characters, without "/", and not "." or "..".`);
  }
  return value;
}

/** `--account <id>`, checked when parsed: a bad id is a usage error (exit code 2). */
export const accountOption = (description: string): Option => new Option("--account <id>", description).argParser(parseAccountId);
export const platformAccountOption = (): Option => accountOption(`the account (default: the platform's, ${DEFAULT_ACCOUNT_ID})`);

/** `--account`, else the platform's; and the platform's (for hints). */
export function accountsOf(options: ContextCommandOptions): ContextAccounts {
  return { accountId: options.account ?? DEFAULT_ACCOUNT_ID, platformAccount: DEFAULT_ACCOUNT_ID };
}
