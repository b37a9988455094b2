/**
 * What a function's config.json says about events: the event it listens to
 * and the skills that narrow it. The catalog has already checked that the
 * file is JSON; a `skills` that is not a list of ids is an invalid project.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { invalidProject } from "../errors";
import { configuredEventId, type EventDefinition } from "./catalogue";

export interface FunctionBinding {
  /** config.json `event`; undefined for none (`null`, missing, "No Event"). */
  readonly eventId: string | undefined;
  /** config.json `skills` as strings; empty = every skill. */
  readonly skills: readonly string[];
}

/** The binding of the function in `dir` (its config.json). */
export function readFunctionBinding(fn: { readonly name: string; readonly dir: string }): FunctionBinding {
  let config: { event?: unknown; skills?: unknown };
  try {
    config = JSON.parse(readFileSync(join(fn.dir, "config.json"), "utf8")) as typeof config;
  } catch {
    return { eventId: undefined, skills: [] };
  }
  const skills = config.skills ?? [];
  if (!Array.isArray(skills) || skills.some((s) => (typeof s !== "string" || s === "") && typeof s !== "number")) {
    throw invalidProject(`function ${fn.name}: config.json "skills" must be a list of skill ids (strings or numbers), not ${JSON.stringify(skills)}`);
  }
  return { eventId: configuredEventId(config.event), skills: skills.map(String) };
}

/**
 * Whether a function bound as `binding` runs for `event` called with `skillId`.
 * Skills narrow only the events that take them: there, a function with skills
 * runs only for one of its skills, one without runs for every skill (and for a
 * call that names none). Other events ignore skills.
 */
export function listensTo(binding: FunctionBinding, event: EventDefinition, skillId: string | undefined): boolean {
  if (binding.eventId !== event.eventId) return false;
  if (!event.skills || binding.skills.length === 0) return true;
  return skillId !== undefined && binding.skills.includes(skillId);
}
