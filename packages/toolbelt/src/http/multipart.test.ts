import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ToolbeltError } from "../errors/toolbelt-error";
import { encodeMultipart } from "./multipart";

function boundaryOf(contentType: string): string {
  const match = /^multipart\/form-data; boundary=(-{26}[0-9a-f]{24})$/.exec(contentType);
  expect(match).not.toBeNull();
  return match![1]!;
}

/** A readable stream that looks like `fs.createReadStream(path)`. */
function fileStream(path: string, content: string): Readable {
  return Object.assign(Readable.from([Buffer.from(content)]), { path });
}

describe("encodeMultipart", () => {
  it("lays out parts as form-data did: CRLFs, Content-Disposition, closing boundary", async () => {
    const { body, contentType } = await encodeMultipart({ field: "value", n: 7 });
    const b = boundaryOf(contentType);
    expect(body.toString()).toBe(
      `--${b}\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="n"\r\n\r\n7\r\n` +
        `--${b}--\r\n`,
    );
  });

  it("gives Buffers and streams a binary Content-Type, a stream its file name, a file name its MIME type", async () => {
    const { body, contentType } = await encodeMultipart({
      raw: Buffer.from("bytes"),
      file: fileStream("/tmp/dir/photo.JPG", "jpeg!"),
      unknown: fileStream("/tmp/data.bin", "?"),
      typed: { value: Buffer.from("x"), options: { filename: "a.pdf", contentType: "application/x-custom" } },
      text: { value: "hello", options: { filename: "note.txt" } },
      short: { value: Buffer.from("{}"), options: "data.json" },
    });
    const text = body.toString();
    expect(text).toContain('name="raw"\r\nContent-Type: application/octet-stream\r\n\r\nbytes\r\n');
    expect(text).toContain('name="file"; filename="photo.JPG"\r\nContent-Type: image/jpeg\r\n\r\njpeg!\r\n');
    expect(text).toContain('name="unknown"; filename="data.bin"\r\nContent-Type: application/octet-stream\r\n');
    expect(text).toContain('name="typed"; filename="a.pdf"\r\nContent-Type: application/x-custom\r\n');
    expect(text).toContain('name="text"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n');
    expect(text).toContain('name="short"; filename="data.json"\r\nContent-Type: application/json\r\n');

    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const file = form.get("file") as File;
    expect([file.name, file.type, await file.text()]).toEqual(["photo.JPG", "image/jpeg", "jpeg!"]);
  });

  it("repeats a field for each array element, in order", async () => {
    const { body, contentType } = await encodeMultipart({ many: ["1", "2", Buffer.from("3")], after: "x" });
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    expect(form.getAll("many")).toEqual(["1", "2", "3"]);
    expect([...form.keys()]).toEqual(["many", "many", "many", "after"]);
  });

  it("keeps binary content intact", async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const { body, contentType } = await encodeMultipart({ bin: { value: bytes, options: { filename: "all.bin" } } });
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    expect(Buffer.from(await (form.get("bin") as File).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("cannot be broken out of a quoted name or file name", async () => {
    const { body } = await encodeMultipart({ 'a"b\r\nX-Injected: 1': { value: "v", options: { filename: 'f"\n.txt' } } });
    const text = body.toString();
    expect(text).toContain('name="a%22b X-Injected: 1"; filename="f%22 .txt"');
    expect(text).not.toMatch(/\r\nX-Injected/);
  });

  it("uses a fresh boundary per body", async () => {
    const one = await encodeMultipart({ a: "1" });
    const two = await encodeMultipart({ a: "1" });
    expect(one.contentType).not.toBe(two.contentType);
  });

  it.each([
    ["null", { bad: null }],
    ["undefined", { bad: undefined }],
    ["an object without value", { bad: { nope: 1 } }],
    ["a function", { bad: () => 1 }],
  ])("rejects %s with invalid-option", async (_name, fields) => {
    const error = await encodeMultipart(fields as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect((error as ToolbeltError).code).toBe("com.liveperson.faas.http.invalid-option");
  });

  it("rejects a formData that is not an object of fields", async () => {
    await expect(encodeMultipart(["a"] as never)).rejects.toBeInstanceOf(ToolbeltError);
    await expect(encodeMultipart(null as never)).rejects.toBeInstanceOf(ToolbeltError);
  });
});
