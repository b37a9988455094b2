/**
 * The dashboard's built files (`dist/dashboard/`, written by scripts/build.mjs
 * with Vite), read from disk at the first request and kept in memory for the
 * platform's life: a few small files. Hashed assets are cached by the browser
 * for good; the page itself is revalidated each time, so a platform started
 * after a rebuild serves the new dashboard on the next reload.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Where the built dashboard is: next to the compiled platform (`dist/dashboard`
 * beside `dist/services/`), or, when the platform runs from its TypeScript
 * sources (the repository's tests), the package's `dist/dashboard`.
 */
export function dashboardDir(here: string = __dirname): string | undefined {
  const candidates = [join(here, "..", "..", "dashboard"), join(here, "..", "..", "..", "dist", "dashboard")];
  return candidates.find((dir) => existsSync(join(dir, "index.html")));
}

export interface DashboardFiles {
  /** `index.html`, or undefined when the dashboard is not built. */
  page(): StaticFile | undefined;
  /** A file under `assets/` by its name, or undefined. */
  asset(name: string): StaticFile | undefined;
}

/** The files of the built dashboard in `dir` (none when `dir` is undefined), loaded at the first request. */
export function loadDashboardFiles(dir: string | undefined): DashboardFiles {
  let loaded: { page?: StaticFile; assets: Map<string, StaticFile> } | undefined;
  const load = (): NonNullable<typeof loaded> => {
    if (loaded) return loaded;
    const assets = new Map<string, StaticFile>();
    if (dir === undefined) return (loaded = { assets });
    const assetDir = join(dir, "assets");
    if (existsSync(assetDir)) {
      for (const name of readdirSync(assetDir)) {
        const path = join(assetDir, name);
        if (!statSync(path).isFile()) continue;
        assets.set(name, { body: readFileSync(path), contentType: CONTENT_TYPES[extname(name)] ?? "application/octet-stream", cacheControl: IMMUTABLE });
      }
    }
    const page: StaticFile = { body: readFileSync(join(dir, "index.html")), contentType: CONTENT_TYPES[".html"]!, cacheControl: "no-cache" };
    return (loaded = { page, assets });
  };
  return {
    page: () => load().page,
    asset: (name) => load().assets.get(name),
  };
}
