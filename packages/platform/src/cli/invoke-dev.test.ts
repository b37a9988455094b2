import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRunOptions } from "../../test/run-cli";

let base: string;

const run = (args: string[], options: Partial<CliRunOptions> = {}) => runCli(args, { cwd: base, ...options });

/** A port nothing listens on (bound to 0, then closed): what "no platform on this port" looks like. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "lp-faas-cli-invoke-"));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("invoke", () => {
  let server: Server;
  let port: number;
  const requests: Array<{ url: string; body: unknown }> = [];
  const logs = [
    { level: "Info", message: "hello", extras: [{ who: "Ada" }], timestamp: Date.UTC(2024, 0, 1, 12, 0, 0, 5) },
    { level: "Warn", message: "careful", extras: [], timestamp: Date.UTC(2024, 0, 1, 12, 0, 1) },
  ];

  beforeAll(async () => {
    // A stand-in for the platform's invoke endpoint.
    server = createServer((req: IncomingMessage, res) => {
      let text = "";
      req.on("data", (chunk) => (text += chunk));
      req.on("end", () => {
        requests.push({ url: req.url ?? "", body: JSON.parse(text) });
        const name = /^\/_platform\/functions\/([^/]+)\/invoke$/.exec(req.url ?? "")?.[1];
        const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
        if (name === "ok") send(200, { invocationId: "inv-1", result: { greeting: "Hello" }, logs, durationMs: 12 });
        else if (name === "fails")
          send(200, { invocationId: "inv-2", error: { code: "com.liveperson.faas.handler.custom-failure", message: "boom" }, logs: [], durationMs: 3 });
        else if (name === "chatty")
          send(200, {
            invocationId: "inv-4",
            result: 1,
            logs,
            logLimit: { code: "com.liveperson.faas.handler.log-limit-reached", droppedEntries: 3, droppedChars: 120, droppedDebug: 2 },
            durationMs: 1,
          });
        else if (name === "greeting") send(200, { invocationId: "inv-3", result: "fine", logs: [], durationMs: 1 });
        else if (name === "weird") res.writeHead(200).end("<html>");
        else send(404, { code: "com.liveperson.faas.es.missinglambda", message: `There is no function "${name}" in this project` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
  });

  it("posts the payload and prints result, status, duration and logs", async () => {
    const result = await run(["invoke", "ok", "--payload", '{"name":"Ada"}', "--port", String(port)]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(requests).toEqual([{ url: "/_platform/functions/ok/invoke", body: { payload: { name: "Ada" }, headers: [] } }]);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("ok succeeded in 12 ms  (invocation inv-1)");
    expect(result.stdout).toContain('Result:\n  {\n    "greeting": "Hello"\n  }');
    expect(result.stdout).toMatch(/Logs \(2\):\n {2}\d\d:\d\d:00\.005 \[Info\] {2}hello \{"who":"Ada"\}\n {2}\d\d:\d\d:01\.000 \[Warn\] {2}careful\n/);
  });

  it("says what the cloud would drop of the logs", async () => {
    const result = await run(["invoke", "chatty", "--port", String(port)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Log limit: the cloud would drop 3 log entries (120 characters) over the limit of 10 entries and 6,000 characters and 2 Debug entries (never kept) (com.liveperson.faas.handler.log-limit-reached)",
    );
    expect((await run(["invoke", "ok", "--port", String(port)])).stdout).not.toContain("Log limit");
  });

  it("prints the platform's answer as the one JSON document with --json", async () => {
    const result = await run(["invoke", "ok", "--json"], { env: { LP_FAAS_PORT: String(port) } });
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ invocationId: "inv-1", result: { greeting: "Hello" }, logs, durationMs: 12 });
    expect(requests[0]!.body).toEqual({ payload: {}, headers: [] }); // no project here: an empty payload
  });

  it("exits 1 when the function failed, still printing its answer", async () => {
    const human = await run(["invoke", "fails", "--port", String(port)]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /^fails failed in 3 ms: com\.liveperson\.faas\.handler\.custom-failure {2}\(invocation inv-2\)\n\nError:\n {2}boom\n\nLogs: none\n$/,
    );
    const json = await run(["invoke", "fails", "--port", String(port), "--json"]);
    expect(json.code).toBe(1);
    expect(json.json().error).toEqual({ code: "com.liveperson.faas.handler.custom-failure", message: "boom" });
  });

  it("reports the platform's 4xx answers and unexpected answers with exit code 1", async () => {
    const missing = await run(["invoke", "nope", "--port", String(port), "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json()).toEqual({ error: { code: "com.liveperson.faas.es.missinglambda", message: 'There is no function "nope" in this project' } });
    const weird = await run(["invoke", "weird", "--port", String(port)]);
    expect(weird.code).toBe(1);
    expect(weird.stderr).toMatch(/not lp-faas/);
  });

  it("sends config.json's input when no payload is given, or a payload file and headers", async () => {
    await run(["init", "p"]);
    await run(["invoke", "greeting", "--port", String(port)], { cwd: join(base, "p") });
    expect(requests[0]!.body).toEqual({ payload: { name: "Ada" }, headers: [] });
    writeFileSync(join(base, "payload.json"), '{ "from": "file" }');
    await run(["invoke", "greeting", "--port", String(port), "--payload-file", "payload.json", "-H", "X-One=1", "--header", "X-Two=a=b"]);
    expect(requests[1]!.body).toEqual({
      payload: { from: "file" },
      headers: [
        { key: "X-One", value: "1" },
        { key: "X-Two", value: "a=b" },
      ],
    });
    const badFile = await run(["invoke", "greeting", "--port", String(port), "--payload-file", "missing.json"]);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toMatch(/--payload-file missing.json cannot be read \(ENOENT\)/);
  });

  it("says how to start a platform when none answers", async () => {
    const closed = await closedPort();
    const human = await run(["invoke", "greeting", "--port", String(closed)]);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe("");
    expect(human.stderr).toBe(
      `Error: no platform on port ${closed}: start it with lp-faas dev --port ${closed} (com.liveperson.faas.cli.platform-unreachable)\n`,
    );
    const json = await run(["invoke", "greeting", "--json"], { env: { LP_FAAS_PORT: String(closed) } });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("");
    expect(json.json()).toEqual({
      error: { code: "com.liveperson.faas.cli.platform-unreachable", message: expect.stringContaining(`no platform on port ${closed}`) },
    });
  });
});

describe("dev (the real platform)", () => {
  it("starts the platform, prints what runs where, serves invoke, and closes on a signal", async () => {
    await run(["init", "p"]);
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    let ready!: (stdout: string) => void;
    const started = new Promise<string>((resolve) => (ready = resolve));
    const dev = run(["dev", "p", "--port", "0", "--timeout", "5000", "--json"], {
      waitForShutdown: () => stopped,
      onStdout: (all) => ready(all),
    });
    const summary = JSON.parse(await started);
    expect(summary).toMatchObject({
      projectDir: join(base, "p"),
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      stateDb: join(base, "p", ".lp-faas", "state.db"),
      adminTokenFile: join(base, "p", ".lp-faas", "admin-token"),
      problems: [],
    });
    expect(summary.health).toBe(`${summary.url}/_platform/health`);
    expect(summary.csds).toBe(`${summary.url}/api/account/${summary.csds.split("/")[5]}/service/baseURI.json?version=1.0`);
    expect(summary.functions.map((f: { name: string }) => f.name)).toEqual([
      "async_greeting",
      "context_store",
      "greeting",
      "http_request",
      "logging",
      "secret_storage",
    ]);
    const listed = (await run(["functions", "list", "p", "--json"])).json();
    expect(summary.functions.map(({ name, uuid, generation }: { name: string; uuid: string; generation: number }) => ({ name, uuid, generation }))).toEqual(
      listed,
    );
    expect(summary.functions[2].invokeUrl).toBe(`${summary.url}/_platform/functions/greeting/invoke`);
    expect((await fetch(summary.health)).status).toBe(200);
    expect((await fetch(summary.csds)).status).toBe(200);

    const invoked = await run(["invoke", "greeting", "--port", String(summary.port), "--json"], { cwd: join(base, "p") });
    expect(invoked.code).toBe(0);
    expect(invoked.json()).toMatchObject({ result: { message: "Hello Ada!" }, logs: [{ level: "Info", message: "Greeting Ada" }] });
    const secret = await run(["invoke", "secret_storage", "--port", String(summary.port), "--json"]);
    expect(secret.json().result).toEqual({ message: "Successfully updated secret" });
    expect((await run(["secrets", "get", "my_Secret-Key"], { cwd: join(base, "p") })).stdout).toBe("nEw.oaUtH2-tOKeN!!11!\n");

    stop("SIGTERM");
    const result = await dev;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(summary); // still exactly one document
    expect(result.stderr).toContain("SIGTERM: stopping the platform");
    await expect(fetch(summary.health)).rejects.toThrow();
  }, 30_000);

  it("prints a readable summary, and a clear error for a port in use", async () => {
    await run(["init", "p"]);
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    const dev = run(["dev", "--port", "0"], { cwd: join(base, "p"), waitForShutdown: () => stopped, onStdout: (all) => all.includes("Ctrl-C") && ready() });
    await started;
    stop("SIGINT");
    const { stdout, code } = await dev;
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^lp-faas platform for .*\n {2}platform {3}http:\/\/127\.0\.0\.1:\d+\n {2}health {5}http:.*\/_platform\/health\n {2}CSDS {7}http:.*\/service\/baseURI\.json\?version=1\.0\n {2}state {6}.*state\.db\n/,
    );
    expect(stdout).toMatch(/ {2}greeting {8}[0-9a-f-]{36} {2}POST http:\/\/127\.0\.0\.1:\d+\/_platform\/functions\/greeting\/invoke\n/);

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const busy = await run(["dev", "p", "--port", String(taken)]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`port ${taken} is in use`);
    } finally {
      blocker.close();
    }
  }, 30_000);
});

const bin = join(__dirname, "..", "..", "bin", "lp-faas.js");
const built = existsSync(join(__dirname, "..", "..", "dist", "cli", "main.js"));

describe.skipIf(!built)("bin/lp-faas.js (built)", () => {
  const node = (args: string[], cwd = base) => spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const finish = (child: ReturnType<typeof node>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });

  it("exits with main's code", async () => {
    expect((await finish(node(["--version"]))).code).toBe(0);
    expect(await finish(node(["nope"]))).toMatchObject({ code: 2, stdout: "" });
    const list = await finish(node(["functions", "list", "--json"]));
    expect(list.code).toBe(1);
    expect(JSON.parse(list.stdout).error.code).toBe("com.liveperson.faas.cli.project-missing");
  });

  it("runs dev until SIGTERM and exits 0", async () => {
    await run(["init", "p"]);
    const child = node(["dev", "p", "--port", "0"]);
    const done = finish(child);
    await new Promise<void>((resolve) => child.stdout.on("data", (chunk) => String(chunk).includes("Ctrl-C") && resolve()));
    child.kill("SIGTERM");
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("SIGTERM: stopping the platform");
  }, 30_000);
});
