/**
 * The function templates `lp-faas create function` (and `init --template`) start from: one default
 * per event, and the extra templates LivePerson's UI offers (Greeting, HTTP, Logging, Salesforce,
 * Secret Storage for any function; Keyword Scanner and Replace Files for a conversation's end).
 * Each is a real file under the package's `templates/` (type-checked as JavaScript), and runs
 * offline on the platform (a test invokes every one with its event's sample).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EVENTS } from "../events/catalogue";

export interface FunctionTemplate {
  /** What `--template` takes. */
  readonly name: string;
  /** What LivePerson's UI calls it. */
  readonly title: string;
  /** config.json `description` of a function made from it. */
  readonly description: string;
  /** Its folder, relative to the package's `templates/`. */
  readonly dir: string;
  /** The events whose functions start from it by default. */
  readonly defaultFor: readonly string[];
  /** The only events it is meant for; absent: any event, or none. */
  readonly onlyFor?: readonly string[];
}

/** The package's `templates/` (two levels up from both src/project and dist/project). */
export const TEMPLATES_DIR = join(__dirname, "..", "..", "templates");

const MESSAGING = EVENTS.filter((e) => e.resultKind === "messaging-commands").map((e) => e.eventId);
const CONVERSATION_END = ["controllerbot_messaging_conversation_end"];

export const FUNCTION_TEMPLATES: readonly FunctionTemplate[] = Object.freeze([
  { name: "greeting", title: "Greeting Template", description: "Says hello", dir: "project/functions/greeting", defaultFor: [] },
  { name: "http", title: "HTTP Template", description: "Calls an allowlisted HTTP API", dir: "project/functions/http_request", defaultFor: [] },
  { name: "logging", title: "Logging Template", description: "Logs at every level", dir: "project/functions/logging", defaultFor: [] },
  { name: "salesforce", title: "Salesforce Template", description: "Queries Salesforce", dir: "functions/salesforce", defaultFor: [] },
  {
    name: "secret_storage",
    title: "Secret Storage Template",
    description: "Reads and updates a secret",
    dir: "project/functions/secret_storage",
    defaultFor: [],
  },
  {
    name: "messaging_commands",
    title: "Messaging (Automatic Messages)",
    description: "Answers a messaging event with commands",
    dir: "functions/messaging_commands",
    defaultFor: MESSAGING,
  },
  {
    name: "keyword_scanner",
    title: "Keyword Scanner",
    description: "Scans an ended conversation for keywords",
    dir: "functions/keyword_scanner",
    defaultFor: [],
    onlyFor: CONVERSATION_END,
  },
  {
    name: "replace_files",
    title: "Replace Files for Conversation",
    description: "Overwrites the files of an ended conversation",
    dir: "functions/replace_files",
    defaultFor: [],
    onlyFor: CONVERSATION_END,
  },
  {
    name: "chat_post_survey",
    title: "Chat Post Survey E-Mail Transcript",
    description: "Picks who gets a chat's transcript",
    dir: "functions/chat_post_survey",
    defaultFor: ["denver_post_survey_email_transcript"],
  },
  {
    name: "conversational_command",
    title: "Conversational Command",
    description: "Echoes its arguments to the agent",
    dir: "functions/conversational_command",
    defaultFor: ["conversational_command"],
  },
  {
    name: "survey",
    title: "Messaging Survey",
    description: "Logs a post-conversation survey",
    dir: "functions/survey",
    defaultFor: ["surveybot_messaging_survey_started", "surveybot_messaging_survey_ended"],
  },
  {
    name: "bot_custom_integration",
    title: "Third-Party Bots Custom Integration",
    description: "A bot that answers each consumer message",
    dir: "functions/bot_custom_integration",
    defaultFor: ["bot_connectors_custom_integration"],
  },
  {
    name: "bot_hook",
    title: "Third-Party Bots Hook",
    description: "Passes the vendor's object on",
    dir: "functions/bot_hook",
    defaultFor: ["bot_connectors_pre_hook", "bot_connectors_post_hook"],
  },
  {
    name: "bot_error_hook",
    title: "Third-Party Bots Error Hook",
    description: "Logs a bot's errors",
    dir: "functions/bot_error_hook",
    defaultFor: ["bot_connectors_error_hook"],
  },
]);

/**
 * LivePerson Functions V2 templates (`lp-faas create function --v2`, `lp-faas init --v2`): ES modules with a
 * top-level `async function lambda(input)` and no export, stored as `index.mjs` (so tools read them as the
 * ES modules they are) and written as `index.js`, as lpf 2 lays a function out.
 */
export const V2_FUNCTION_TEMPLATES: readonly FunctionTemplate[] = Object.freeze([
  { name: "default", title: "Default Template (V2)", description: "Returns 'result'", dir: "v2/functions/default", defaultFor: [] },
  { name: "http", title: "HTTP Template (V2)", description: "Calls an allowlisted HTTP API with fetch", dir: "v2/functions/http", defaultFor: [] },
  {
    name: "lp_client",
    title: "LpClient Template (V2)",
    description: "Searches a conversation with the LpClient",
    dir: "v2/functions/lp_client",
    defaultFor: [],
  },
  {
    name: "secret_storage",
    title: "Secret Storage Template (V2)",
    description: "Reads a JSON secret",
    dir: "v2/functions/secret_storage",
    defaultFor: [],
  },
  {
    name: "orchestrator",
    title: "Orchestrator Template (V2)",
    description: "Invokes another function through the gateway",
    dir: "v2/functions/orchestrator",
    defaultFor: [],
  },
  {
    name: "context_store",
    title: "Context Session Store Template (V2)",
    description: "Keeps per-conversation state",
    dir: "v2/functions/context_store",
    defaultFor: [],
  },
]);

/** The template named so, or undefined. */
export function templateNamed(name: string): FunctionTemplate | undefined {
  return FUNCTION_TEMPLATES.find((template) => template.name === name);
}

/** The V2 template named so, or undefined. */
export function v2TemplateNamed(name: string): FunctionTemplate | undefined {
  return V2_FUNCTION_TEMPLATES.find((template) => template.name === name);
}

/** The template a function for `eventId` starts from when none is named (greeting for no event). */
export function defaultTemplateFor(eventId: string | undefined): FunctionTemplate {
  const found = eventId === undefined ? undefined : FUNCTION_TEMPLATES.find((template) => template.defaultFor.includes(eventId));
  return found ?? FUNCTION_TEMPLATES[0]!;
}

/** The template's code, what a function's index.js gets (its index.js, or index.mjs for a V2 template; LF line endings whatever the checkout did). */
export function templateCode(template: FunctionTemplate): string {
  const folder = join(TEMPLATES_DIR, ...template.dir.split("/"));
  const file = [join(folder, "index.js"), join(folder, "index.mjs")].find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`lp-faas-platform's function template ${template.name} is missing (${folder}); reinstall the package`);
  return readFileSync(file, "utf8").replace(/\r\n/g, "\n");
}
