import { describe, expect, it } from "vitest";
import { extractMessageText, richContentText } from "./message-text";

const card = {
  type: "vertical",
  elements: [
    { type: "image", url: "https://example.com/a.png", caption: "Red shoes", tooltip: "tip" },
    { type: "text", text: "Only today", tooltip: "not shown" },
    { type: "horizontal", elements: [{ type: "button", title: "Buy", click: { actions: [{ type: "link", uri: "https://x", text: "hidden" }] } }] },
  ],
  metadata: [{ type: "ExternalId", id: "ABC", text: "hidden" }],
};
const quickReplies = {
  type: "quickReplies",
  itemsPerRow: 8,
  replies: [
    { type: "button", title: "Yes" },
    { type: "button", title: "No" },
  ],
};

describe("extractMessageText", () => {
  it.each([
    ["TEXT_PLAIN", { type: "TEXT_PLAIN", messageData: { msg: { text: "hello" } } }, "hello"],
    ["TEXT_HTML", { type: "TEXT_HTML", messageData: { msg: { text: "<b>hi</b>" } } }, "<b>hi</b>"],
    ["unknown type with msg.text", { type: "SOMETHING_NEW", messageData: { msg: { text: "t" } } }, "t"],
    ["HOSTED_FILE caption", { type: "HOSTED_FILE", messageData: { file: { caption: "cap", relativePath: "/p" } } }, "cap"],
    ["HOSTED_FILE ignores msg.text", { type: "HOSTED_FILE", messageData: { msg: { text: "x" }, file: {} } }, undefined],
    ["RICH_CONTENT as JSON string", { type: "RICH_CONTENT", messageData: { richContent: { content: JSON.stringify(card) } } }, "Red shoes\nOnly today\nBuy"],
    ["RICH_CONTENT as object", { type: "RICH_CONTENT", messageData: { richContent: { content: quickReplies } } }, "Yes\nNo"],
    ["RICH_CONTENT without content wrapper", { type: "RICH_CONTENT", messageData: { richContent: quickReplies } }, "Yes\nNo"],
    ["RICH_CONTENT invalid JSON", { type: "RICH_CONTENT", messageData: { richContent: { content: "{not json" } } }, undefined],
    ["RICH_CONTENT without text", { type: "RICH_CONTENT", messageData: { richContent: { content: '{"type":"image"}' } } }, undefined],
    ["empty text", { type: "TEXT_PLAIN", messageData: { msg: { text: "" } } }, undefined],
    ["text not a string", { type: "TEXT_PLAIN", messageData: { msg: { text: 5 } } }, undefined],
    ["no messageData", { type: "TEXT_PLAIN" }, undefined],
    ["messageData null", { type: "TEXT_PLAIN", messageData: null }, undefined],
    ["not an object", "TEXT_PLAIN", undefined],
    ["null", null, undefined],
  ])("%s", (_name, record, expected) => {
    expect(extractMessageText(record)).toBe(expected);
  });

  it("bounds deeply nested rich content instead of overflowing the stack", () => {
    let node: Record<string, unknown> = { type: "text", text: "deep" };
    for (let i = 0; i < 100_000; i++) node = { type: "vertical", elements: [node] };
    expect(richContentText({ content: node })).toBeUndefined();
    expect(richContentText({ content: { elements: [{ type: "text", text: "shallow" }] } })).toBe("shallow");
  });
});
