/**
 * Invoke: pick a function, edit the payload and headers (checked as you
 * type), or start from an event's sample; run it and read the result,
 * duration, logs, and what the cloud would do differently.
 */
import { useEffect, useState } from "preact/hooks";
import { call, get, seg, type EventInfo, type InvokeAnswer, type Overview } from "../api";
import {
  checkJson,
  Empty,
  ErrorNote,
  JsonEditor,
  JsonView,
  Loaded,
  LogLimitWarning,
  LogList,
  ms,
  Section,
  StatusBadge,
  useAction,
  useAsync,
} from "../components";

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** Headers as the invoke route takes them: `[{ "key", "value" }]` with string keys. */
function checkHeaders(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'headers must be an array of { "key": "...", "value": "..." }';
  const bad = value.findIndex((h) => typeof h !== "object" || h === null || typeof (h as { key?: unknown }).key !== "string");
  return bad === -1 ? undefined : `headers[${bad}] must be an object with a string "key"`;
}

function Answer({ answer }: { answer: InvokeAnswer }) {
  const failed = answer.error !== undefined;
  return (
    <Section title="Result">
      <p class="result-line">
        <StatusBadge status={failed ? "failed" : "succeeded"} /> in <strong>{ms(answer.durationMs)}</strong> ·{" "}
        <a href={`/invocations/${seg(answer.invocationId)}`}>invocation {answer.invocationId}</a>
      </p>
      {answer.error ? (
        <div class="error" role="alert">
          <strong>{answer.error.code}</strong>: {answer.error.message}
        </div>
      ) : (
        <JsonView value={answer.result} label="Result" />
      )}
      {answer.event && (
        <div class="event-report">
          <p>
            <strong>{answer.event.eventId}</strong>: the event source would do: {answer.event.action}.
          </p>
          {answer.event.warnings.length > 0 && (
            <div class="warning" role="note">
              <ul aria-label="Warnings">
                {answer.event.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <LogLimitWarning limit={answer.logLimit} />
      <h3>Logs</h3>
      <LogList logs={answer.logs} />
    </Section>
  );
}

function InvokeForm({ overview, events, initialFunction }: { overview: Overview; events: EventInfo[]; initialFunction?: string }) {
  const functions = overview.functions;
  const [fnName, setFnName] = useState(initialFunction ?? functions[0]?.name ?? "");
  const [payload, setPayload] = useState("{}");
  const [headers, setHeaders] = useState("[]");
  const [eventId, setEventId] = useState("");
  const [asEvent, setAsEvent] = useState(false);
  const [answer, setAnswer] = useState<InvokeAnswer | undefined>();
  const action = useAction();
  const fn = functions.find((f) => f.name === fnName);

  // A function bound to an event offers that event's sample first.
  useEffect(() => {
    setEventId(fn?.event ?? "");
  }, [fnName]);

  const loadSample = (): void => {
    const event = events.find((e) => e.eventId === eventId);
    if (!event?.sample) return;
    setPayload(pretty(event.sample.payload));
    setHeaders(pretty(event.sample.headers));
    setAsEvent(true);
  };

  const parsedPayload = checkJson(payload);
  const parsedHeaders = checkJson(headers);
  const valid = fn !== undefined && parsedPayload.ok && parsedHeaders.ok && checkHeaders(parsedHeaders.value) === undefined;

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!valid || !parsedPayload.ok || !parsedHeaders.ok) return;
    setAnswer(undefined);
    const body = { payload: parsedPayload.value, headers: parsedHeaders.value, ...(asEvent && eventId !== "" && { event: eventId }) };
    await action.run(async () => setAnswer(await call<InvokeAnswer>("POST", `/_platform/functions/${seg(fnName)}/invoke`, { body })));
  };

  if (functions.length === 0) return <Empty>The project has no functions to invoke yet.</Empty>;
  return (
    <div class="invoke">
      <Section title="Request">
        <form onSubmit={(e) => void submit(e)}>
          <div class="row">
            <div class="field">
              <label for="invoke-function">Function</label>
              <select id="invoke-function" value={fnName} onChange={(e) => setFnName((e.target as HTMLSelectElement).value)}>
                {functions.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.name}
                    {f.event ? ` (${f.event})` : ""}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="invoke-event">Event sample</label>
              <div class="inline">
                <select id="invoke-event" value={eventId} onChange={(e) => setEventId((e.target as HTMLSelectElement).value)}>
                  <option value="">(none)</option>
                  {events.map((e) => (
                    <option key={e.eventId} value={e.eventId}>
                      {e.name} ({e.eventId})
                    </option>
                  ))}
                </select>
                <button type="button" class="secondary" disabled={eventId === ""} onClick={loadSample}>
                  Use sample
                </button>
              </div>
            </div>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={asEvent && eventId !== ""}
              disabled={eventId === ""}
              onChange={(e) => setAsEvent((e.target as HTMLInputElement).checked)}
            />{" "}
            Invoke as the event (merged over its sample; the answer says what the cloud would do with the result)
          </label>
          <JsonEditor id="invoke-payload" label="Payload (JSON)" value={payload} onInput={setPayload} rows={12} />
          <JsonEditor id="invoke-headers" label='Headers (JSON: [{ "key", "value" }])' value={headers} onInput={setHeaders} rows={3} check={checkHeaders} />
          <div class="actions">
            <button type="submit" disabled={!valid || action.busy}>
              {action.busy ? "Running…" : "Invoke"}
            </button>
          </div>
          <ErrorNote error={action.error} title="The platform refused the invocation" />
        </form>
      </Section>
      {answer ? <Answer answer={answer} /> : <Section title="Result">{<Empty>Run the function to see its result and logs here.</Empty>}</Section>}
    </div>
  );
}

export function InvokePage({ initialFunction }: { initialFunction?: string }) {
  const state = useAsync(async () => ({ overview: await get<Overview>("/_platform/overview"), events: await get<EventInfo[]>("/_platform/events") }), []);
  return (
    <>
      <h1>Invoke</h1>
      <Loaded state={state} what="the functions">
        {(data) => <InvokeForm overview={data.overview} events={data.events} initialFunction={initialFunction} />}
      </Loaded>
    </>
  );
}
