/** Overview: the platform's facts and each function's state, kept current by the invocation stream. */
import { get, type Overview } from "../api";
import { Empty, Loaded, ms, Section, StatusBadge, time, useAsync } from "../components";
import { useInvocationStream } from "../stream";

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <div class="fact">
      <dt>{name}</dt>
      <dd>
        <code>{value}</code>
      </dd>
    </div>
  );
}

export function OverviewPage() {
  const overview = useAsync(() => get<Overview>("/_platform/overview"), []);
  // Each recorded invocation changes a function's last invocation: refetch (no polling).
  useInvocationStream(
    () => overview.reload(),
    () => overview.reload(),
  );
  return (
    <>
      <h1>Overview</h1>
      <Loaded state={overview} what="the overview">
        {(data) => (
          <>
            <Section title="Platform">
              <dl class="facts">
                <Fact name="Project" value={data.projectDir} />
                <Fact name="Account" value={data.accountId} />
                <Fact name="Address" value={data.url} />
                <Fact name="Port" value={String(data.port)} />
                <Fact name="CSDS" value={data.csds} />
                <Fact name="State file" value={data.stateDb} />
                <Fact name="Admin token file" value={data.adminTokenFile} />
                <Fact name="Started" value={time(data.startedAt)} />
              </dl>
            </Section>
            <Section title={`Functions (${data.functions.length})`}>
              {data.functions.length === 0 ? (
                <Empty>
                  No functions yet. Add <code>functions/&lt;name&gt;/index.js</code> and <code>config.json</code> to the project (or run{" "}
                  <code>lp-faas create function &lt;name&gt;</code>); the platform picks them up.
                </Empty>
              ) : (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Function</th>
                        <th scope="col">UUID</th>
                        <th scope="col">Gen.</th>
                        <th scope="col">Event</th>
                        <th scope="col">Instance</th>
                        <th scope="col">Last invocation</th>
                        <th scope="col">
                          <span class="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.functions.map((fn) => (
                        <tr key={fn.name} data-function={fn.name}>
                          <th scope="row">{fn.name}</th>
                          <td>
                            <code class="small">{fn.uuid}</code>
                          </td>
                          <td>V{fn.generation}</td>
                          <td>{fn.event ?? <span class="muted">none</span>}</td>
                          <td>
                            <StatusBadge status={fn.instance} />
                            {fn.instances > 1 && <span class="muted small"> ×{fn.instances}</span>}
                          </td>
                          <td>
                            {fn.lastInvocation ? (
                              <a href={`/invocations/${encodeURIComponent(fn.lastInvocation.id)}`}>
                                <StatusBadge status={fn.lastInvocation.status} /> {time(fn.lastInvocation.startedAt)}, {ms(fn.lastInvocation.durationMs)}
                              </a>
                            ) : (
                              <span class="muted">never invoked</span>
                            )}
                          </td>
                          <td>
                            <a class="button-link" href={`/invoke?fn=${encodeURIComponent(fn.name)}`}>
                              Invoke
                            </a>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {data.problems.length > 0 && (
                <div class="warning" role="note">
                  <strong>Left out:</strong>
                  <ul>
                    {data.problems.map((p) => (
                      <li key={p.functionName}>
                        {p.functionName}: {p.message}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}
