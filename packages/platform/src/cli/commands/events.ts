/** `lp-faas events list`: the events that invoke functions, with their limits (no project needed). */
import type { Command } from "commander";
import { EVENTS } from "../../events/catalogue";
import type { CommandContext } from "../context";
import { jsonOption } from "../flags";

/** A table with a header row, columns padded to their widest cell. */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n");
}

export function registerEventsCommand(program: Command, context: CommandContext): void {
  const events = program.command("events").summary("list the events that invoke functions").description("The events a function's config.json may name.");
  events
    .command("list")
    .summary("list every eventId with its name and limits")
    .description(
      "List the events that invoke LivePerson Functions: eventId, name, how many functions may listen to it,\n" +
        "and whether skills narrow it. With --json: [{ eventId, name, source, functionLimit, skills, resultKind }].",
    )
    .addOption(jsonOption())
    .action((options: { json?: boolean }) =>
      context.run(options, (out) => {
        out.result(EVENTS, () =>
          table(
            ["EVENT ID", "NAME", "FUNCTIONS", "SKILLS"],
            EVENTS.map((e) => [e.eventId, e.name, String(e.functionLimit), e.skills ? "yes" : "no"]),
          ),
        );
      }),
    );
}
