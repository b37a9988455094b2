import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readJson } from "./body";
import { sendJson } from "./respond";
import { Router } from "./router";
import { createHttpServer } from "./server";

const TOKEN = "t".repeat(43);
const servers: Array<ReturnType<typeof createHttpServer>> = [];

async function serve(router: Router, log: (line: string) => void = () => undefined): Promise<string> {
  const server = createHttpServer([{ prefix: "", router }], { adminToken: TOKEN, log });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("createHttpServer", () => {
  it("answers a handler's unexpected error with a 500 and a code, logs it once, and keeps serving", async () => {
    const lines: string[] = [];
    const router = new Router()
      .on("GET", "/boom", () => {
        throw new TypeError("undefined is not a function");
      })
      .on("GET", "/async-boom", async () => {
        await Promise.resolve();
        throw new RangeError("Maximum call stack size exceeded");
      })
      .on("GET", "/ok", ({ res }) => sendJson(res, 200, { ok: true }));
    const url = await serve(router, (line) => lines.push(line));
    for (const path of ["/boom", "/async-boom"]) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(500);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe("com.liveperson.faas.es.general");
      expect(body.message).not.toContain("stack");
    }
    expect(lines.filter((line) => line.includes("TypeError"))).toHaveLength(1);
    expect(lines.filter((line) => line.includes("RangeError"))).toHaveLength(1);
    expect((await fetch(`${url}/ok`)).status).toBe(200);
  });

  it("checks the admin token only on admin routes", async () => {
    const router = new Router()
      .on("GET", "/open", ({ res }) => sendJson(res, 200, "open"))
      .on("GET", "/admin", ({ res }) => sendJson(res, 200, "admin"), { admin: true });
    const url = await serve(router);
    expect((await fetch(`${url}/open`)).status).toBe(200);
    expect((await fetch(`${url}/admin`)).status).toBe(401);
    expect((await fetch(`${url}/admin`, { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect((await fetch(`${url}/admin`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(403);
    expect((await fetch(`${url}/admin`, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("parses a body at the depth limit and refuses one level more", async () => {
    const router = new Router().on("POST", "/echo", async ({ req, res }) => sendJson(res, 200, await readJson(req)));
    const url = await serve(router);
    const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const post = (body: string) => fetch(`${url}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await post(nested(64))).status).toBe(200);
    expect((await post(nested(65))).status).toBe(400);
    expect((await post(JSON.stringify({ text: "[".repeat(1000) }))).status).toBe(200);
    expect((await fetch(`${url}/echo`, { method: "POST", body: "{}" })).status).toBe(415);
    expect((await fetch(`${url}/echo`, { method: "POST", headers: { "content-type": "application/vnd.api+json; charset=utf-8" }, body: "{}" })).status).toBe(
      200,
    );
  });
});
