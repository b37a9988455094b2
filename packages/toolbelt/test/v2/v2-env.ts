/** The V2 environment for a test: account, Domain API and the platform's secrets API at `fake`, a fresh V1 configuration. */
import { configure, resetConfig } from "../../src/config/resolve-config";
import { globalSecretCache } from "../../src/v2/secrets/secret-cache";
import { ACCOUNT, type FakeLivePerson } from "./fake-liveperson-v2";

export function useV2Environment(fake: FakeLivePerson, csdsDomain: string = fake.url): void {
  process.env.X_LIVEPERSON_BRAND_ID = ACCOUNT;
  process.env.X_LIVEPERSON_CSDS_DOMAIN = csdsDomain;
  resetConfig();
  configure({ platformUrl: fake.url, rateLimit: false });
  globalSecretCache.clear();
}

export function clearV2Environment(): void {
  delete process.env.X_LIVEPERSON_BRAND_ID;
  delete process.env.X_LIVEPERSON_CSDS_DOMAIN;
  resetConfig();
  globalSecretCache.clear();
}
