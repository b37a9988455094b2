/**
 * Invocations: the invocation log, live (the invocation stream adds each new
 * one at the top), filterable by function, outcome and text; and one
 * invocation in detail, with the tree of the invocations it belongs to.
 */
import { useMemo, useState } from "preact/hooks";
import { get, seg, type InvocationData, type InvocationRecord } from "../api";
import { clock, Empty, JsonView, Loaded, LogLimitWarning, LogList, ms, Section, StatusBadge, time, useAsync } from "../components";
import { useInvocationStream, useStreamLive } from "../stream";

const MAX_SHOWN = 500;

/** Whether the record mentions `text` (id, function, error, a log line), ignoring case. */
function mentions(record: InvocationRecord, text: string): boolean {
  const needle = text.toLowerCase();
  const haystack = [record.id, record.functionName, record.error?.code, record.error?.message, ...record.logs.map((l) => l.message)];
  return haystack.some((value) => value?.toLowerCase().includes(needle));
}

export function InvocationsPage() {
  const initial = useAsync(() => get<InvocationRecord[]>("/_platform/invocations?limit=200"), []);
  const [live, setLive] = useState<InvocationRecord[]>([]);
  const [fn, setFn] = useState("");
  const [outcome, setOutcome] = useState("");
  const [text, setText] = useState("");
  useInvocationStream(
    (record) => setLive((records) => [record, ...records.filter((r) => r.id !== record.id)].slice(0, MAX_SHOWN)),
    // Back after a break: what was recorded meanwhile comes from the listing.
    () => initial.reload(),
  );

  const all = useMemo(() => {
    const seen = new Set(live.map((r) => r.id));
    return [...live, ...(initial.data ?? []).filter((r) => !seen.has(r.id))];
  }, [live, initial.data]);
  const functions = useMemo(() => [...new Set(all.map((r) => r.functionName))].sort(), [all]);
  const connected = useStreamLive();
  const shown = all.filter((r) => (fn === "" || r.functionName === fn) && (outcome === "" || r.status === outcome) && (text === "" || mentions(r, text)));

  return (
    <>
      <h1>
        Invocations{" "}
        <span class={`badge ${connected ? "badge-live" : ""}`} role="status" title="New invocations appear here as they are recorded">
          {connected ? "live" : "connecting…"}
        </span>
      </h1>
      <Section title="Filters">
        <div class="row filters">
          <div class="field">
            <label for="filter-function">Function</label>
            <select id="filter-function" value={fn} onChange={(e) => setFn((e.target as HTMLSelectElement).value)}>
              <option value="">all</option>
              {functions.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-outcome">Outcome</label>
            <select id="filter-outcome" value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
              <option value="">all</option>
              <option value="succeeded">succeeded</option>
              <option value="failed">failed</option>
            </select>
          </div>
          <div class="field grow">
            <label for="filter-text">Text (id, error, logs)</label>
            <input id="filter-text" type="search" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          </div>
        </div>
      </Section>
      <Loaded state={initial} what="the invocation log">
        {() =>
          shown.length === 0 ? (
            <Empty>
              {all.length === 0
                ? "No invocations yet. They appear here as they happen (Invoke a function, or call the gateway)."
                : "No invocation matches the filters."}
            </Empty>
          ) : (
            <div class="table-wrap">
              <table aria-label="Invocations">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Function</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Duration</th>
                    <th scope="col" class="wide-only">
                      Source
                    </th>
                    <th scope="col" class="wide-only">
                      Logs
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.id} data-invocation={r.id}>
                      <td>
                        <a href={`/invocations/${seg(r.id)}`}>{clock(r.startedAt)}</a>
                      </td>
                      <td>
                        {r.functionName}
                        {r.parentId && <span class="muted small"> (called by another)</span>}
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                        {r.error && <span class="small"> {r.error.code.split(".").pop()}</span>}
                      </td>
                      <td>{ms(r.durationMs)}</td>
                      <td class="wide-only">{r.source}</td>
                      <td class="log-preview wide-only">{r.logs[0]?.message ?? <span class="muted">none</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

// --- one invocation

interface TreeNode {
  record: InvocationRecord;
  children: TreeNode[];
}

const MAX_DEPTH = 11;

async function childrenOf(id: string, depth: number): Promise<TreeNode[]> {
  if (depth > MAX_DEPTH) return [];
  const records = await get<InvocationRecord[]>(`/_platform/invocations?parent=${encodeURIComponent(id)}&limit=1000`);
  const nodes = await Promise.all(records.map(async (record) => ({ record, children: await childrenOf(record.id, depth + 1) })));
  return nodes.sort((a, b) => a.record.startedAt - b.record.startedAt);
}

/** The root of the invocation's orchestration (following its parents while the log has them), with every descendant. */
async function treeOf(record: InvocationRecord): Promise<TreeNode> {
  let root = record;
  for (let hops = 0; root.parentId !== undefined && hops < MAX_DEPTH; hops++) {
    try {
      root = await get<InvocationRecord>(`/_platform/invocations/${seg(root.parentId)}`);
    } catch {
      break; // the parent has left the log
    }
  }
  return { record: root, children: await childrenOf(root.id, 0) };
}

function Tree({ node, current }: { node: TreeNode; current: string }) {
  const r = node.record;
  return (
    <li>
      <a href={`/invocations/${seg(r.id)}`} aria-current={r.id === current ? "true" : undefined}>
        {r.functionName}
      </a>{" "}
      <StatusBadge status={r.status} /> <span class="muted small">{ms(r.durationMs)}</span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <Tree key={child.record.id} node={child} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function InvocationPage({ id }: { id: string }) {
  const state = useAsync(async () => {
    const record = await get<InvocationRecord>(`/_platform/invocations/${seg(id)}`);
    const kept = await get<InvocationData>(`/_platform/invocations/${seg(id)}/data`);
    return { record, data: kept.kept ? kept : undefined, tree: await treeOf(record) };
  }, [id]);
  // A child recorded later (or this one's tree growing) shows without a reload.
  useInvocationStream((record) => {
    if (record.parentId !== undefined) state.reload();
  });
  return (
    <>
      <p>
        <a href="/invocations">← All invocations</a>
      </p>
      <Loaded state={state} what={`invocation ${id}`}>
        {({ record, data, tree }) => (
          <>
            <h1>
              {record.functionName} <StatusBadge status={record.status} />
            </h1>
            <Section title="Summary">
              <dl class="facts">
                <div class="fact">
                  <dt>Invocation</dt>
                  <dd>
                    <code>{record.id}</code>
                  </dd>
                </div>
                <div class="fact">
                  <dt>Started</dt>
                  <dd>{time(record.startedAt)}</dd>
                </div>
                <div class="fact">
                  <dt>Duration</dt>
                  <dd>{ms(record.durationMs)}</dd>
                </div>
                <div class="fact">
                  <dt>Source</dt>
                  <dd>
                    {record.source}
                    {record.depth !== undefined && `, orchestration depth ${record.depth}`}
                  </dd>
                </div>
              </dl>
              {record.error && (
                <div class="error" role="alert">
                  <strong>{record.error.code}</strong>: {record.error.message}
                </div>
              )}
            </Section>
            {(tree.children.length > 0 || record.parentId !== undefined) && (
              <Section title="Orchestration">
                <ul class="tree" aria-label="Invocation tree">
                  <Tree node={tree} current={record.id} />
                </ul>
              </Section>
            )}
            <div class="columns">
              <Section title="Payload">
                {data ? (
                  <>
                    <JsonView value={data.payload} label="Payload" />
                    {data.headers.length > 0 && <JsonView value={data.headers} label="Headers" />}
                    {data.omitted && <p class="muted">{data.omitted}.</p>}
                  </>
                ) : (
                  <Empty>The platform keeps payloads and results in memory for its newest 200 invocations; this one is no longer there.</Empty>
                )}
              </Section>
              <Section title={record.error ? "Error" : "Result"}>
                {record.error ? (
                  <JsonView value={record.error} label="Error" />
                ) : data && "result" in data ? (
                  <JsonView value={data.result} label="Result" />
                ) : (
                  <Empty>The result is no longer kept.</Empty>
                )}
              </Section>
            </div>
            <Section title="Logs">
              <LogLimitWarning limit={record.logLimit} />
              {record.logsCut && (
                <p class="muted">
                  The log cut {record.logsCut.droppedEntries} entries ({record.logsCut.droppedChars} characters) from this record before storing it.
                </p>
              )}
              <LogList logs={record.logs} />
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}
