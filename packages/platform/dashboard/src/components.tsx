/** The pieces every page uses: loading and error states, JSON views and editors, logs, small formatters. */
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { jsonErrorOffset, lineAndColumn } from "../../../toolbelt/src/platform/json-text";
import { ApiError, type LogLimit, type LogRecord } from "./api";

// --- loading data

export interface Async<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change or `reload()` is called; keeps the last data while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs a mutation, remembering its error (shown next to the form) and whether it runs. */
export function useAction(): { busy: boolean; error?: Error; run: (action: () => Promise<void>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}

// --- states

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error, title }: { error: Error | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      {title && <strong>{title}: </strong>}
      {error.message}
      {error instanceof ApiError && <span class="code"> ({error.code})</span>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

/** What a page shows while its data loads or failed to; its children once it has data. */
export function Loaded<T>({ state, what, children }: { state: Async<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (state.data === undefined) {
    return state.error ? <ErrorNote error={state.error} title={`Could not load ${what}`} /> : <Loading what={what} />;
  }
  return (
    <>
      {state.error && <ErrorNote error={state.error} title={`Could not refresh ${what}`} />}
      {children(state.data)}
    </>
  );
}

// --- formatting

export const time = (epochMs: number): string => new Date(epochMs).toLocaleString(undefined, { hour12: false });
export const clock = (epochMs: number): string => new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });
export const ms = (value: number): string => (value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`);

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}

export function JsonView({ value, label }: { value: unknown; label?: string }) {
  const text = value === undefined ? "(nothing)" : JSON.stringify(value, null, 2);
  return (
    <pre class="json" aria-label={label} tabIndex={0}>
      {text}
    </pre>
  );
}

// --- JSON editing

export type JsonCheck = { ok: true; value: unknown } | { ok: false; message: string };

/** The text as JSON, or where it breaks ("line 3, column 7: …"). */
export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reported = /at position (\d+)/.exec((error as Error).message);
    const offset = reported ? Number(reported[1]) : (jsonErrorOffset(text) ?? text.length);
    const { line, column } = lineAndColumn(text, offset);
    const found = text[offset];
    return { ok: false, message: `line ${line}, column ${column}: ${found === undefined ? "the text ends too early" : `unexpected ${JSON.stringify(found)}`}` };
  }
}

/** A textarea that checks its JSON as you type and says where it breaks. */
export function JsonEditor({
  id,
  label,
  value,
  onInput,
  rows = 10,
  check,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (text: string) => void;
  rows?: number;
  /** A further check of the parsed value: a message when it is not acceptable. */
  check?: (value: unknown) => string | undefined;
}) {
  const result = useMemo(() => checkJson(value), [value]);
  const problem = result.ok ? check?.(result.value) : result.message;
  const noteId = `${id}-note`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        class={problem ? "invalid" : undefined}
        rows={rows}
        spellcheck={false}
        value={value}
        aria-invalid={problem ? "true" : "false"}
        aria-describedby={noteId}
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
      />
      <div id={noteId} class={problem ? "note note-error" : "note note-ok"} aria-live="polite">
        {problem ? `Not valid: ${problem}` : "Valid JSON"}
      </div>
    </div>
  );
}

// --- logs

export function LogList({ logs }: { logs: readonly LogRecord[] }) {
  if (logs.length === 0) return <Empty>No logs.</Empty>;
  return (
    <ol class="logs" aria-label="Logs">
      {logs.map((log, i) => (
        <li key={i} class={`log log-${log.level.toLowerCase()}`}>
          <span class="log-time">{clock(log.timestamp)}</span>
          <span class="log-level">{log.level}</span>
          <span class="log-message">
            {log.message}
            {log.extras.length > 0 && <span class="log-extras"> {log.extras.map((x) => JSON.stringify(x)).join(" ")}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** "The cloud would…": what LivePerson would not have kept of the logs. */
export function LogLimitWarning({ limit }: { limit: LogLimit | undefined }) {
  if (!limit) return null;
  const parts = [
    limit.droppedEntries > 0 &&
      `${limit.droppedEntries} entr${limit.droppedEntries === 1 ? "y" : "ies"} (${limit.droppedChars} characters) over its limit of 10 entries and 6,000 characters`,
    limit.droppedDebug > 0 && `${limit.droppedDebug} Debug entr${limit.droppedDebug === 1 ? "y" : "ies"} (it never keeps Debug)`,
  ].filter(Boolean);
  return (
    <div class="warning" role="note">
      The cloud would drop {parts.join(" and ")} ({limit.code}).
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="panel" aria-label={title}>
      <div class="panel-head">
        <h2>{title}</h2>
        {actions && <div class="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
