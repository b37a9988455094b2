/** Test helpers: a temp lpf project written file by file, and a started platform on a random port. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPlatform, type PlatformOptions, type RunningPlatform } from "../src/server/platform";

export interface TempProject {
  dir: string;
  addFunction(name: string, source: string, config?: Record<string, unknown>): void;
  writeSettings(settings: unknown): void;
  remove(): void;
}

export function tempProject(): TempProject {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-project-"));
  mkdirSync(join(dir, "functions"));
  return {
    dir,
    addFunction(name, source, config = {}) {
      mkdirSync(join(dir, "functions", name), { recursive: true });
      writeFileSync(join(dir, "functions", name, "index.js"), source);
      writeFileSync(
        join(dir, "functions", name, "config.json"),
        JSON.stringify({ name, event: null, description: `${name} description`, input: { headers: [], payload: {} }, environmentVariables: [], ...config }, null, 4),
      );
    },
    writeSettings(settings) {
      writeFileSync(join(dir, "functions", "settings.json"), JSON.stringify(settings, null, 4));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function start(project: TempProject, options: Partial<PlatformOptions> = {}): Promise<RunningPlatform> {
  return startPlatform({ projectDir: project.dir, port: 0, timeoutMs: 3000, memoryMb: 96, ...options });
}

export interface InvokeAnswer {
  status: number;
  body: { invocationId?: string; result?: unknown; error?: { code: string; message: string }; logs?: Array<{ level: string; message: string }>; durationMs?: number; code?: string; message?: string };
}

export async function invoke(platform: RunningPlatform, name: string, payload: unknown = {}): Promise<InvokeAnswer> {
  const response = await fetch(`${platform.url}/_platform/functions/${name}/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ payload, headers: [] }),
  });
  return { status: response.status, body: (await response.json()) as InvokeAnswer["body"] };
}
