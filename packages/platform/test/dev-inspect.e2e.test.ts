/**
 * `lp-faas dev --inspect`: which instances get the inspector, where their
 * ports are printed, and that an inspected instance outlives the timeout.
 */
import { afterAll, describe, expect, it } from "vitest";
import { inspectorTarget } from "./cdp-client";
import { tempProject } from "./helpers";
import { runCli } from "./run-cli";

const project = tempProject();
afterAll(() => project.remove());

const NAP = "exports.lambda = async () => { await new Promise((r) => setTimeout(r, 700)); return require('node:inspector').url() ?? null; };\n";
project.addFunction("nap", NAP);
project.addFunction("nap_inspected", NAP);

describe("lp-faas dev --inspect", () => {
  it("inspects only --inspect-fn's instances, prints their port, and lets them run past the timeout", async () => {
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    let ready: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (ready = resolve));
    let stderr = "";
    const dev = runCli(["dev", "--port", "0", "--timeout", "300", "--inspect=0", "--inspect-fn", "nap_inspected", "--json"], {
      cwd: project.dir,
      onStdout: (all) => ready((JSON.parse(all) as { url: string }).url),
      onStderr: (all) => void (stderr = all),
      waitForShutdown: () => stopped,
    });
    const base = await url;
    const call = async (name: string) =>
      (
        await fetch(`${base}/_platform/functions/${name}/invoke`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ payload: {}, headers: [] }),
        })
      ).json() as Promise<InvokeBody>;
    const [inspected, plain] = await Promise.all([call("nap_inspected"), call("nap")]);
    expect(plain.error?.code).toBe("com.liveperson.faas.handler.executiontime-exceeded");
    expect(inspected.error).toBeUndefined();
    const line = /inspector: nap_inspected \(pid \d+\) listens on 127\.0\.0\.1:(\d+) \((ws:\S+)\)/.exec(stderr);
    expect(line).not.toBeNull();
    expect(inspected.result).toBe(line![2]);
    expect(await inspectorTarget(Number(line![1]))).toBe(line![2]);
    expect(stderr).not.toMatch(/inspector: nap \(/);
    stop("SIGTERM");
    const run = await dev;
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ inspect: { port: 0, functions: ["nap_inspected"] } });
  });
});

interface InvokeBody {
  result?: unknown;
  error?: { code: string; message: string };
}
