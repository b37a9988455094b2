import { describe, expect, it } from "vitest";
import { checkClientCredentials, clientCredentialsOf } from "./oauth2-client-credentials";

describe("client credentials", () => {
  const CLIENT = { client_id: "id-1", client_secret: "planted-secret-value" };

  it("are read from an object or a JSON string, nothing else", () => {
    expect(clientCredentialsOf(CLIENT)).toEqual(CLIENT);
    expect(clientCredentialsOf(JSON.stringify(CLIENT))).toEqual(CLIENT);
    expect(clientCredentialsOf("not json")).toBeUndefined();
    expect(clientCredentialsOf({ client_id: "id-1" })).toBeUndefined();
    expect(clientCredentialsOf({ client_id: "", client_secret: "x" })).toBeUndefined();
  });

  it("match only the configured pair, and the error never shows a secret", () => {
    expect(() => checkClientCredentials(CLIENT, { ...CLIENT })).not.toThrow();
    for (const given of [
      { ...CLIENT, client_secret: "guessed-value" },
      { ...CLIENT, client_id: "id-2" },
    ]) {
      let caught: unknown;
      try {
        checkClientCredentials(CLIENT, given);
      } catch (error) {
        caught = error;
      }
      expect((caught as { code: string }).code).toBe("com.liveperson.faas.sentinel.invalid-client");
      expect(`${String(caught)} ${JSON.stringify(caught)}`).not.toMatch(/planted-secret-value|guessed-value/);
    }
    expect(() => checkClientCredentials(undefined, CLIENT)).toThrow(/no secret LIVEPERSON_DEFAULT_APP_KEY/);
    expect(() => checkClientCredentials({ consumerKey: "k" }, CLIENT)).toThrow(/must be/);
  });
});
