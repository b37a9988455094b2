/**
 * The dashboard in a real browser (headless Chromium, playwright-core) against
 * a real platform started by `lp-faas dev`: opened with the printed address,
 * it invokes functions, follows invocations live, shows an orchestration tree,
 * changes secrets, the allowlist, the context store and conversations, each
 * checked through the platform's API too. Without the token the API refuses
 * the page's calls. No page logs a console error. Screenshots of every page
 * (1280×800, and one narrow) go to test-results/dashboard/ (ignored by git), and
 * to docs/images/dashboard/ with LP_FAAS_DOC_SCREENSHOTS=1 (how the docs' pictures are made).
 */
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaffoldProject } from "../../src/project/scaffold";
import { writeFunction } from "../helpers";
import { runCli, type CliRun } from "../run-cli";

const CHROMIUM = process.env.LP_FAAS_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = resolve(__dirname, "../../../..", process.env.LP_FAAS_DOC_SCREENSHOTS === "1" ? "docs/images/dashboard" : "test-results/dashboard");
const FIXTURE = resolve(__dirname, "../../../../examples/fixtures/conversations/order-delivery-open.json");

let root: string;
let project: string;
let stopDev: (signal: string) => void;
let devRun: Promise<CliRun>;
let dashboardUrl: string;
let base: string;
let token: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

/** The platform's API with the admin token, as a script would call it. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

function watchConsole(target: Page): void {
  target.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") consoleErrors.push(`${target.url()}: ${message.text()}`);
  });
  target.on("pageerror", (error) => consoleErrors.push(`${target.url()}: uncaught ${error.message}`));
}

async function shot(target: Page, name: string, fullPage = false): Promise<void> {
  await target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** Goes to a page of the dashboard by its navigation link (no reload), as a user does. */
async function openPage(target: Page, label: string): Promise<void> {
  await target.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: label }).click();
  await target.getByRole("heading", { level: 1 }).first().waitFor();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set LP_FAAS_CHROMIUM)`);
  mkdirSync(SHOTS, { recursive: true });
  root = mkdtempSync(join(tmpdir(), "lp-faas-dashboard-"));
  project = join(root, "shop");
  scaffoldProject(project);
  writeFunction(
    project,
    "greet",
    `async function lambda(input) {
  console.info("greeting " + input.payload.name);
  console.warn("names are not checked");
  return { greeting: "Hello " + input.payload.name };
}
module.exports = { lambda };
`,
  );
  writeFunction(
    project,
    "chatty",
    `async function lambda(input) {
  for (let i = 1; i <= 12; i++) console.info("line " + i);
  return input.payload;
}
module.exports = { lambda };
`,
  );
  writeFunction(
    project,
    "orchestrate",
    `const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input) {
  const client = Toolbelt.OrchestratorClient();
  console.info("calling greet twice");
  const responses = await client.invoke([
    { uuid: input.payload.uuid, payload: { name: "first child" } },
    { uuid: input.payload.uuid, payload: { name: "second child" } },
  ], 25000);
  return responses.map((r) => r.body);
}
module.exports = { lambda };
`,
  );

  let printed: (summary: string) => void;
  const summary = new Promise<string>((resolveSummary) => (printed = resolveSummary));
  const shutdown = new Promise<string>((resolveShutdown) => (stopDev = resolveShutdown));
  devRun = runCli(["dev", project, "--port", "0"], {
    cwd: root,
    waitForShutdown: () => shutdown,
    onStdout: (all) => {
      if (all.includes("Press Ctrl-C")) printed(all);
    },
  });
  const text = await Promise.race([summary, devRun.then((run) => Promise.reject(new Error(`lp-faas dev stopped: ${run.stderr}`)))]);
  // The address lp-faas dev prints once, with the token.
  dashboardUrl = /^ {2}dashboard {2}(\S+)$/m.exec(text)![1]!;
  const parsed = new URL(dashboardUrl);
  base = parsed.origin;
  token = parsed.searchParams.get("token")!;
  expect(token).toBe(readFileSync(join(project, ".lp-faas", "admin-token"), "utf8").trim());

  browser = await chromium.launch({ executablePath: CHROMIUM });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  watchConsole(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  stopDev?.("SIGTERM");
  await devRun?.catch(() => undefined);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the dashboard", () => {
  it("without the token explains how to get in, and the API refuses the page's calls", async () => {
    const stranger = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(`${base}/invocations`);
    await strangerPage.getByRole("heading", { name: "Sign in to the lp-faas dashboard" }).waitFor();
    expect(await strangerPage.getByRole("main").textContent()).toContain(".lp-faas/admin-token");
    const statuses = await strangerPage.evaluate(async () => {
      const overview = await fetch("/_platform/overview");
      const secrets = await fetch("/_platform/secrets");
      const session = await fetch("/_dashboard/session", { method: "POST", headers: { authorization: "Bearer not-the-token" } });
      const stream = await fetch("/_platform/invocations/stream");
      return [overview.status, secrets.status, session.status, stream.status];
    });
    expect(statuses).toEqual([401, 401, 403, 401]);
    await shot(strangerPage, "sign-in");
    await stranger.close();
  }, 30_000);

  it("opens with the printed address, takes the token out of it, and shows the overview", async () => {
    await page.goto(dashboardUrl);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(page.url()).toBe(`${base}/`);
    expect(page.url()).not.toContain(token);
    const cookies = await context.cookies(base);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(cookies[0]!.value).not.toBe(token);
    const functions = page.getByRole("region", { name: /^Functions/ });
    await functions.getByRole("rowheader", { name: "greet", exact: true }).waitFor();
    expect(await functions.locator('tr[data-function="greet"]').textContent()).toContain("cold");
    expect(await page.getByRole("region", { name: "Platform" }).textContent()).toContain(project);
    await shot(page, "overview");
  }, 30_000);

  it("invokes a function from the Invoke page and the invocation appears live, with its logs", async () => {
    // The Invocations page, open in a second tab before the invocation happens.
    const watcher = await context.newPage();
    watchConsole(watcher);
    await watcher.goto(`${base}/invocations`);
    // Listed (none yet) and listening: whatever shows up next came through the stream.
    await watcher.getByText(/^No invocations yet/).waitFor();
    await watcher.getByRole("status").getByText("live").waitFor();

    await openPage(page, "Invoke");
    await page.getByLabel("Function").selectOption("greet");
    const payload = page.getByLabel("Payload (JSON)");
    await payload.fill('{ "name": ');
    await page.getByText(/^Not valid: line 1, column \d+/).waitFor();
    expect(await page.getByRole("button", { name: "Invoke" }).isDisabled()).toBe(true);
    await payload.fill('{ "name": "Ada" }');
    await page.getByText("Valid JSON").first().waitFor();
    await page.getByRole("button", { name: "Invoke" }).click();
    const result = page.getByRole("region", { name: "Result" });
    await result.getByText('"greeting": "Hello Ada"').waitFor();
    expect(await result.getByRole("list", { name: "Logs" }).textContent()).toContain("greeting Ada");
    await shot(page, "invoke");

    // Live on the other tab: no reload, the stream brought it.
    const row = watcher.getByRole("row", { name: /greet/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("greeting Ada");
    await watcher.getByLabel("Outcome").selectOption("failed");
    await watcher.getByText("No invocation matches the filters.").waitFor();
    await watcher.getByLabel("Outcome").selectOption("");
    await watcher.getByLabel("Text (id, error, logs)").fill("Ada");
    await row.waitFor();
    await shot(watcher, "invocations");
    await row.getByRole("link").click();
    await watcher.getByRole("heading", { name: /greet/ }).waitFor();
    expect(await watcher.getByRole("region", { name: "Logs" }).textContent()).toContain("names are not checked");
    expect(await watcher.getByRole("region", { name: "Payload" }).textContent()).toContain('"name": "Ada"');
    expect(await watcher.getByRole("region", { name: "Result" }).textContent()).toContain("Hello Ada");
    await watcher.close();

    // From an event's sample: what the cloud would do with the result, and with too many logs.
    await page.getByLabel("Function").selectOption("chatty");
    await page.getByLabel("Event sample").selectOption("controllerbot_messaging_conversation_end");
    await page.getByRole("button", { name: "Use sample" }).click();
    expect(await payload.inputValue()).toContain('"cbotEventType"');
    expect(await page.getByRole("checkbox", { name: /Invoke as the event/ }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Invoke" }).click();
    const warnings = result.getByRole("list", { name: "Warnings" });
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain("the cloud would never invoke chatty for controllerbot_messaging_conversation_end");
    expect(await warnings.textContent()).toContain("the cloud would reject or ignore this result");
    expect(await result.getByRole("note").last().textContent()).toContain("The cloud would drop 2 entries");
    await shot(page, "invoke-event");

    // The overview shows the last invocation and a warm instance.
    await openPage(page, "Overview");
    const greetRow = page.getByRole("region", { name: /^Functions/ }).locator('tr[data-function="greet"]');
    await greetRow.getByText("succeeded").waitFor();
    expect(await greetRow.textContent()).toContain("warm");
  }, 60_000);

  it("runs an orchestrating function and shows the tree of its invocations", async () => {
    const greetUuid = (await api<Array<{ name: string; uuid: string }>>("GET", "/_platform/functions")).find((fn) => fn.name === "greet")!.uuid;
    await page.goto(`${base}/invoke?fn=orchestrate`);
    await page.getByLabel("Payload (JSON)").fill(JSON.stringify({ uuid: greetUuid }));
    await page.getByRole("button", { name: "Invoke" }).click();
    const result = page.getByRole("region", { name: "Result" });
    await result.getByText("Hello first child").waitFor();
    await result.getByRole("link", { name: /^invocation / }).click();
    const tree = page.getByRole("list", { name: "Invocation tree" });
    await tree.waitFor();
    await expect.poll(async () => tree.getByRole("link", { name: "greet" }).count()).toBe(2);
    expect(await tree.getByRole("link", { name: "orchestrate" }).getAttribute("aria-current")).toBe("true");
    await shot(page, "orchestration");
    // From a child, the same tree, the child marked.
    await tree.getByRole("link", { name: "greet" }).first().click();
    await page.getByRole("heading", { name: /greet/ }).waitFor();
    await expect.poll(async () => page.getByRole("list", { name: "Invocation tree" }).locator('[aria-current="true"]').textContent()).toBe("greet");
  }, 60_000);

  it("rotates a secret and adds an allowlist entry, showing the API's refusals", async () => {
    await openPage(page, "Secrets & allowlist");
    const secret = page.locator('[data-secret="my_Secret-Key"]');
    await secret.getByRole("button", { name: "Reveal my_Secret-Key" }).click();
    await secret.getByText("example-secret-value").waitFor();
    await secret.getByRole("button", { name: "Rotate my_Secret-Key" }).click();
    await secret.getByLabel("New value of my_Secret-Key").fill("rotated-value-2");
    await secret.getByRole("button", { name: "Save new value" }).click();
    await secret.getByText("••••••••").waitFor();
    expect(await api("GET", "/_platform/secrets/my_Secret-Key")).toEqual({ key: "my_Secret-Key", value: "rotated-value-2" });
    // System secrets: read-only here as in the CLI.
    const system = page.locator('[data-secret="lp-faas-orchestrator-app-key"]');
    expect(await system.getByText("system").count()).toBe(1);
    expect(await system.getByRole("button", { name: /Rotate|Delete/ }).count()).toBe(0);

    // Add a secret, then delete it (a second click confirms).
    await page.getByLabel("Name", { exact: true }).fill("temporary-key");
    await page.getByLabel("Value (text, or a JSON object)", { exact: true }).fill('{ "a": 1 }');
    await page.getByRole("button", { name: "Save secret" }).click();
    const temporary = page.locator('[data-secret="temporary-key"]');
    await temporary.waitFor();
    expect(await api("GET", "/_platform/secrets/temporary-key")).toEqual({ key: "temporary-key", value: { a: 1 } });
    await temporary.getByRole("button", { name: "Delete temporary-key" }).click();
    await temporary.getByRole("button", { name: "Really delete temporary-key?" }).click();
    await temporary.waitFor({ state: "detached" });
    expect((await api<Array<{ key: string }>>("GET", "/_platform/secrets")).map((s) => s.key)).not.toContain("temporary-key");

    await page.getByLabel("Host to allow").fill("api.example.com");
    await page.getByRole("button", { name: "Add to allowlist" }).click();
    await page.locator('[data-entry="api.example.com"]').waitFor();
    expect((await api<{ entries: string[] }>("GET", "/_platform/allowlist")).entries).toContain("api.example.com");

    // A malformed entry: the platform's own message, shown as it is (the 400 is expected in the console).
    const before = consoleErrors.length;
    await page.getByLabel("Host to allow").fill("https://bad.example.com/path");
    await page.getByRole("button", { name: "Add to allowlist" }).click();
    const refusal = page.getByRole("region", { name: "Allowlist" }).getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("com.liveperson.faas.es.badinput");
    const expected = consoleErrors.splice(before);
    expect(expected.every((line) => line.includes("status of 400"))).toBe(true);
    await shot(page, "secrets-allowlist");
  }, 60_000);

  it("creates a context key, writes a property and shows it in the store browser", async () => {
    await openPage(page, "Context store");
    await page.getByRole("button", { name: "Create key" }).click();
    const apiKey = await page.getByLabel("The new API key").inputValue();
    expect(apiKey.length).toBeGreaterThan(20);
    await page.getByLabel("Name", { exact: true }).fill("orders");
    await page.getByLabel("TTL in seconds (empty: none)").fill("3600");
    await page.getByRole("button", { name: "Create namespace" }).click();
    await page.getByRole("button", { name: /orders TTL 3600 s/ }).waitFor();
    await page.getByLabel("Session id").fill("session-1");
    await page.getByLabel("Property", { exact: true }).fill("cart");
    await page.getByLabel("Value (JSON)").fill('{ "items": 2, "total": 59.9 }');
    await page.getByRole("button", { name: "Write property" }).click();
    const properties = page.getByRole("region", { name: "Session session-1" });
    await properties.getByText('"items": 2').waitFor();
    // What a function sees through the store's own API, with the key the page showed once.
    const stored = await fetch(`${base}/v1/account/12345678/orders/session-1/properties`, { headers: { "maven-api-key": apiKey } });
    expect(await stored.json()).toEqual({ cart: { items: 2, total: 59.9 } });
    await shot(page, "context-store", true);

    // Edit the property as JSON; then revoke the key: the store refuses it from then on.
    await properties.getByRole("button", { name: "Edit cart" }).click();
    await properties.getByLabel("Value of cart (JSON)").fill('{ "items": 3 }');
    await properties.getByRole("button", { name: "Save cart" }).click();
    await properties.getByText('"items": 3').waitFor();
    const edited = await fetch(`${base}/v1/account/12345678/orders/session-1/properties/cart`, { headers: { "maven-api-key": apiKey } });
    expect(await edited.json()).toEqual({ items: 3 });
    const keyId = await page.locator(".once code").first().textContent();
    await page.getByRole("button", { name: `Revoke ${keyId}` }).click();
    await page.locator(`[data-key="${keyId}"]`).waitFor({ state: "detached" });
    const revoked = await fetch(`${base}/v1/account/12345678/orders/session-1/properties`, { headers: { "maven-api-key": apiKey } });
    expect(revoked.status).toBe(403);
  }, 60_000);

  it("imports a conversation from a file and shows its transcript", async () => {
    const record = JSON.parse(readFileSync(FIXTURE, "utf8")).conversationHistoryRecords[0];
    record.info.conversationId = "dashboard-import-1";
    const file = join(root, "conversation.json");
    writeFileSync(file, JSON.stringify(record));
    await openPage(page, "Conversations");
    await page.getByLabel("Conversation file").setInputFiles(file);
    await page.getByText("Imported 1 conversation from conversation.json.").waitFor();
    await page.locator('[data-conversation="dashboard-import-1"]').waitFor();
    await shot(page, "conversations");
    await page.getByRole("link", { name: "dashboard-import-1" }).click();
    const transcript = page.getByRole("list", { name: "Transcript" });
    await transcript.waitFor();
    expect(await transcript.textContent()).toContain("tracking hasn't moved since Sunday");
    expect(await transcript.textContent()).toContain("Screenshot of the tracking page");
    expect(await page.getByRole("region", { name: /^SDEs/ }).textContent()).toContain("CUSTOMER_INFO");
    await shot(page, "conversation");
    expect((await api<Array<{ conversationId: string }>>("GET", "/_platform/conversations")).map((c) => c.conversationId)).toContain("dashboard-import-1");
  }, 60_000);

  it("is readable in a narrow window, and no page logged a console error", async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    await openPage(page, "Invocations");
    await page
      .getByRole("row", { name: /orchestrate/ })
      .first()
      .waitFor();
    await shot(page, "invocations-narrow");
    await page.setViewportSize({ width: 1280, height: 800 });
    // From the keyboard: the first Tab reaches "Skip to content", which leads to the page's content.
    await page.goto(`${base}/secrets`);
    await page.getByRole("heading", { name: "Secrets and allowlist" }).waitFor();
    // The list arrives after the heading: wait for it, so the Tab below has something to reach.
    await page.getByRole("button", { name: "Reveal my_Secret-Key" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement.id")).toBe("main");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Reveal my_Secret-Key");
    // An invocation the log does not have: the page says so (the 404 is expected in the console).
    const before = consoleErrors.length;
    await page.goto(`${base}/invocations/no-such-invocation`);
    const problem = page.getByRole("alert");
    await problem.waitFor();
    expect(await problem.textContent()).toContain("There is no invocation no-such-invocation");
    expect(consoleErrors.splice(before).every((line) => line.includes("status of 404"))).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
