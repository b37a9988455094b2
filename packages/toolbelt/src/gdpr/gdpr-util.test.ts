import { describe, expect, it } from "vitest";
import { BLACK_PIXEL_PNG_BASE64, defaultReplacementFile, hostedFilePaths, objectUrl } from "./gdpr-util";

describe("objectUrl", () => {
  const base = "https://swift.example.com";
  it("joins an absolute path on the storage host", () => {
    expect(objectUrl(base, "/v1/AUTH_x/1/a.png")?.href).toBe("https://swift.example.com/v1/AUTH_x/1/a.png");
    expect(objectUrl("http://127.0.0.1:9000", "/v1/a")?.href).toBe("http://127.0.0.1:9000/v1/a");
    expect(objectUrl("https://h.example/prefix", "/v1/a")?.href).toBe("https://h.example/prefix/v1/a");
  });
  it.each(["@evil.tld/x", ".evil.tld/x", "//evil.tld/x", "/\\evil.tld/x", "\\\\evil.tld/x", "evil.tld/x", "", "/a\nb", "/a\tb"])("refuses %j", (path) => {
    expect(objectUrl(base, path)).toBeUndefined();
  });
});

describe("hostedFilePaths", () => {
  it("reads every record, skips records without messages, dedupes", () => {
    const f = (p?: string) => ({ type: "HOSTED_FILE", messageData: { file: { caption: "", relativePath: p } }, timeL: 0 });
    const conversation = { _metadata: {}, conversationHistoryRecords: [{ messageRecords: [f("/a"), f()] }, {}, { messageRecords: [f("/b"), f("/a")] }] };
    expect(hostedFilePaths(conversation as never)).toEqual(["/a", "/b"]);
  });
});

it("default replacement file is a 68-byte PNG", () => {
  const file = defaultReplacementFile();
  expect(file.contentType).toBe("image/png");
  expect(file.body).toHaveLength(68);
  expect(file.body.subarray(1, 4).toString()).toBe("PNG");
  expect(file.body.toString("base64")).toBe(BLACK_PIXEL_PNG_BASE64);
});
