/**
 * multipart/form-data bodies from request's `formData` option, part by part as
 * the form-data library laid them out: plain values become fields; Buffers and
 * streams become binary parts (a file stream's name and type come from its path).
 * Streams are read to the end first, so the body has a known length.
 */
import { randomBytes } from "node:crypto";
import { basename, extname } from "node:path";
import { Readable } from "node:stream";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import type { FormDataValue } from "./types";

const CRLF = "\r\n";

const MIME_BY_EXTENSION: Record<string, string> = {
  ".txt": "text/plain",
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".csv": "text/csv",
  ".js": "application/javascript",
  ".json": "application/json",
  ".xml": "application/xml",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
  ".wav": "audio/wav",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

function mimeOf(filename: string | undefined): string | undefined {
  return filename ? MIME_BY_EXTENSION[extname(filename).toLowerCase()] : undefined;
}

function invalid(message: string): ToolbeltError {
  return new ToolbeltError("HTTPClient", ErrorCodes.Http.InvalidOption, message);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

function quote(text: string): string {
  return text.replace(/"/g, "%22").replace(/\r?\n/g, " ");
}

interface Part {
  name: string;
  data: Buffer;
  filename?: string;
  contentType?: string;
}

async function toPart(name: string, value: FormDataValue): Promise<Part> {
  let raw: unknown = value;
  let filename: string | undefined;
  let contentType: string | undefined;
  if (value && typeof value === "object" && !Buffer.isBuffer(value) && !(value instanceof Readable) && "value" in value) {
    raw = value.value;
    const options = typeof value.options === "string" ? { filename: value.options } : (value.options ?? {});
    filename = options.filename;
    contentType = options.contentType;
  }
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") {
    // form-data guessed a text field's type from its filename only; a bare field has no Content-Type.
    return { name, data: Buffer.from(String(raw)), filename, contentType: contentType ?? mimeOf(filename) };
  }
  if (Buffer.isBuffer(raw)) {
    return { name, data: raw, filename, contentType: contentType ?? mimeOf(filename) ?? "application/octet-stream" };
  }
  if (raw instanceof Readable) {
    const path = (raw as Readable & { path?: unknown }).path;
    filename ??= typeof path === "string" ? basename(path) : undefined;
    const data = await readAll(raw);
    return { name, data, filename, contentType: contentType ?? mimeOf(filename) ?? "application/octet-stream" };
  }
  throw invalid(`formData field "${name}" must be a string, number, Buffer, readable stream or { value, options }`);
}

export interface EncodedMultipart {
  body: Buffer;
  contentType: string;
}

export async function encodeMultipart(fields: Record<string, FormDataValue | FormDataValue[]>): Promise<EncodedMultipart> {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) throw invalid("formData must be an object of fields");
  const boundary = `--------------------------${randomBytes(12).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const [name, entry] of Object.entries(fields)) {
    for (const value of Array.isArray(entry) ? entry : [entry]) {
      if (value === undefined || value === null) throw invalid(`formData field "${name}" has no value`);
      const part = await toPart(name, value);
      let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(part.name)}"`;
      if (part.filename !== undefined) head += `; filename="${quote(part.filename)}"`;
      head += CRLF;
      if (part.contentType) head += `Content-Type: ${part.contentType}${CRLF}`;
      chunks.push(Buffer.from(head + CRLF), part.data, Buffer.from(CRLF));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
