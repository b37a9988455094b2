import { describe, expect, it } from "vitest";
import { connectTarget } from "./socket-guard";

describe("connectTarget: the host and port of every connect() call form", () => {
  it.each([
    ["options", [{ host: "a.test", port: 443 }], { host: "a.test", port: 443 }],
    ["options without a host", [{ port: 80 }], { host: "localhost", port: 80 }],
    ["net.connect()'s normalised array", [[{ host: "b.test", port: 8080 }, () => undefined]], { host: "b.test", port: 8080 }],
    ["port, host", [8443, "c.test"], { host: "c.test", port: 8443 }],
    ["port as text", ["8080"], { host: "localhost", port: 8080 }],
    ["a local path", [{ path: "/tmp/x.sock" }], undefined],
    ["a pipe name", ["/tmp/y.sock"], undefined],
  ])("%s", (_form, args, target) => {
    expect(connectTarget(args)).toEqual(target);
  });
});
