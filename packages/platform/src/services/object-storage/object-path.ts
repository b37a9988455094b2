/**
 * Object paths below `/v1/` and where an object lives on disk. Each segment is
 * stored percent-encoded (dots too), so no separator, no dot segment and no odd
 * character reaches the file system.
 */
import { join } from "node:path";

/** Deepest object path accepted below `/v1/`. */
export const MAX_PATH_SEGMENTS = 16;

/** The decoded segments of `/v1/...`, or undefined when any is empty, a dot segment, or unsafe on disk. */
export function objectSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith("/v1/")) return undefined;
  const raw = pathname.slice(4).split("/");
  if (raw.length < 2 || raw.length > MAX_PATH_SEGMENTS) return undefined;
  const out: string[] = [];
  for (const part of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    if (segment === "" || segment === "." || segment === ".." || /[/\\\u0000-\u001f\u007f]/.test(segment) || Buffer.byteLength(segment) > 255) return undefined;
    out.push(segment);
  }
  return out;
}

const onDisk = (segments: readonly string[]): string[] => segments.map((s) => encodeURIComponent(s).replace(/\./g, "%2E"));

/** The object's content and its metadata file under `root` (the project's `.lp-faas/files`). */
export function objectFiles(root: string, segments: readonly string[]): { content: string; meta: string } {
  return { content: join(root, "objects", ...onDisk(segments)), meta: `${join(root, "meta", ...onDisk(segments))}.json` };
}
