/**
 * Reliability of the Context Session Store, with real processes:
 * - the platform (`lp-faas dev`) is killed with SIGKILL in the middle of a
 *   write load; after a restart on the same project every write the client
 *   saw acknowledged reads back;
 * - several client processes update one session at once; no property is lost.
 * Clients are the built toolbelt, as a function would load it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./helpers";

const BIN = join(__dirname, "..", "bin", "lp-faas.js");
const TOOLBELT = createRequire(__filename).resolve("lp-faas-toolbelt");
const ACCOUNT = "12345678";

interface RunningDev {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** `lp-faas dev <dir> --port 0 --json` in its own process; resolves with its URL once ready. */
async function startDev(projectDir: string): Promise<RunningDev> {
  const child = spawn(process.execPath, [BIN, "dev", projectDir, "--port", "0", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve((JSON.parse(stdout) as { url: string }).url);
      } catch {
        // not the whole document yet
      }
    });
    void exited.then((code) => reject(new Error(`lp-faas dev exited with ${code}: ${stderr}`)));
  });
  return { child, url, exited };
}

/** Creates a key as the project's owner: the admin token is the file lp-faas dev wrote. */
async function createKey(url: string, projectDir: string): Promise<string> {
  const token = readFileSync(join(projectDir, ".lp-faas", "admin-token"), "utf8").trim();
  const response = await fetch(`${url}/_platform/context/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: "{}",
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { apiKey: string }).apiKey;
}

/** Runs `source` in a fresh Node process with the built toolbelt as `Toolbelt`; resolves with its stdout parsed as JSON. */
function runClientProcess(source: string, env: Record<string, string>): Promise<unknown> {
  const script = `const { Toolbelt } = require(${JSON.stringify(TOOLBELT)});\n(async () => {\n${source}\n})().then((out) => process.stdout.write(JSON.stringify(out ?? null)), (e) => { console.error(e && e.stack || e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`client process exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe("Context Session Store reliability", () => {
  let project: TempProject;
  const running: RunningDev[] = [];

  beforeAll(() => {
    project = tempProject();
  });
  afterAll(async () => {
    for (const dev of running) {
      if (dev.child.exitCode === null && dev.child.signalCode === null) {
        dev.child.kill("SIGTERM");
        await dev.exited;
      }
    }
    project.remove();
  });

  it("no acknowledged write is lost when the platform is killed with SIGKILL mid-load", async () => {
    const first = await startDev(project.dir);
    running.push(first);
    const apiKey = await createKey(first.url, project.dir);
    const { Toolbelt } = await import("lp-faas-toolbelt");
    Toolbelt.configure({ brandId: ACCOUNT, csdsDomain: first.url, rateLimit: false });
    const client = Toolbelt.ContextServiceClient({ accountId: ACCOUNT, apiKey });
    await client.createNamespace("durable");

    const acknowledged: Array<{ session: string; name: string; value: number }> = [];
    let killed = false;
    let failures = 0;
    const WRITERS = 16;
    const KILL_AFTER = 400;
    // 16 writers, each on its own session, until the platform dies under them.
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; !killed; i++) {
        const name = `w${w}-${i}`;
        try {
          await client.updatePropertiesInNamespace("durable", { [name]: i }, `session-${w}`);
          acknowledged.push({ session: `session-${w}`, name, value: i });
          if (acknowledged.length >= KILL_AFTER && !killed) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        } catch {
          failures++;
          if (!killed) throw new Error("a write failed before the platform was killed");
        }
      }
    });
    await Promise.all(writers);
    expect(await first.exited).toBeNull(); // killed by a signal, no exit code
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startDev(project.dir);
    running.push(second);
    Toolbelt.configure({ csdsDomain: second.url });
    const after = Toolbelt.ContextServiceClient({ accountId: ACCOUNT, apiKey }); // the key survived too
    const sessions = new Map<string, Record<string, unknown>>();
    for (let w = 0; w < WRITERS; w++) sessions.set(`session-${w}`, await after.getAllPropertiesInSession("durable", `session-${w}`));
    const lost = acknowledged.filter(({ session, name, value }) => sessions.get(session)![name] !== value);
    expect(lost).toEqual([]);
    expect(failures).toBeLessThanOrEqual(WRITERS); // at most the one write each writer had in flight
  }, 60_000);

  it("concurrent updatePropertiesInNamespace calls from several processes on one session lose no property", async () => {
    const dev = await startDev(project.dir);
    running.push(dev);
    const apiKey = await createKey(dev.url, project.dir);
    const PROCESSES = 4;
    const PER_PROCESS = 60;
    const env = { BRAND_ID: ACCOUNT, CSDS_DOMAIN: dev.url, LP_FAAS_RATE_LIMIT: "0", LP_FAAS_PLATFORM_URL: "" };
    await runClientProcess(
      `await Toolbelt.ContextServiceClient({ accountId: "${ACCOUNT}", apiKey: ${JSON.stringify(apiKey)} }).createNamespace("shared");`,
      env,
    );

    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        runClientProcess(
          `const client = Toolbelt.ContextServiceClient({ accountId: "${ACCOUNT}", apiKey: ${JSON.stringify(apiKey)} });
           // 6 in flight per process, every call a different property of the same session
           const names = Array.from({ length: ${PER_PROCESS} }, (_, i) => "p${p}-" + i);
           let next = 0;
           await Promise.all(Array.from({ length: 6 }, async () => {
             while (next < names.length) { const name = names[next++]; await client.updatePropertiesInNamespace("shared", { [name]: name, counter: name }, "one-session"); }
           }));
           return names.length;`,
          env,
        ),
      ),
    );
    expect(results).toEqual(Array(PROCESSES).fill(PER_PROCESS));

    const { Toolbelt } = await import("lp-faas-toolbelt");
    Toolbelt.configure({ brandId: ACCOUNT, csdsDomain: dev.url, rateLimit: false });
    const all = await Toolbelt.ContextServiceClient({ accountId: ACCOUNT, apiKey }).getAllPropertiesInSession("shared", "one-session");
    const missing: string[] = [];
    for (let p = 0; p < PROCESSES; p++) for (let i = 0; i < PER_PROCESS; i++) if (all[`p${p}-${i}`] !== `p${p}-${i}`) missing.push(`p${p}-${i}`);
    expect(missing).toEqual([]);
    expect(Object.keys(all)).toHaveLength(PROCESSES * PER_PROCESS + 1); // + "counter", written by all
  }, 60_000);
});
