// Types of generate-examples.mjs, for the sync test (src/project/examples-sync.test.ts).
import type { ScaffoldValues } from "../src/project/scaffold-templates";

export const EXAMPLES_DIR: string;
export const GENERATE_COMMAND: string;
export const EXAMPLE_VALUES: ScaffoldValues;

export interface ProjectDrift {
  missing: string[];
  extra: string[];
  changed: Array<{ path: string; line: number; expected: string; actual: string }>;
}

export function compareProjects(expectedDir: string, actualDir: string): ProjectDrift;
export function describeDrift(drift: ProjectDrift): string[];
