/**
 * The Context Session Store, per account: API keys (a new key is shown once;
 * revoke), namespaces with their TTL, sessions, and properties as JSON (view,
 * edit, delete). Everything through the admin routes under /_platform/context.
 */
import { useEffect, useState } from "preact/hooks";
import { call, get, seg, type ContextKey, type Namespace } from "../api";
import { checkJson, Empty, ErrorNote, JsonEditor, JsonView, Loaded, Section, time, useAction, useAsync } from "../components";

const base = (account: string): string => `/_platform/context/accounts/${seg(account)}`;

function Keys({ account }: { account: string }) {
  const keys = useAsync(() => get<ContextKey[]>(`/_platform/context/keys?accountId=${encodeURIComponent(account)}`), [account]);
  const [created, setCreated] = useState<ContextKey | undefined>();
  const action = useAction();
  useEffect(() => setCreated(undefined), [account]);
  const create = (): Promise<boolean> =>
    action.run(async () => {
      setCreated(await call<ContextKey>("POST", "/_platform/context/keys", { body: { accountId: account } }));
      keys.reload();
    });
  const revoke = (keyId: string): Promise<boolean> =>
    action.run(async () => {
      await call("DELETE", `/_platform/context/keys/${seg(keyId)}`);
      if (created?.keyId === keyId) setCreated(undefined);
      keys.reload();
    });
  return (
    <Section
      title="API keys"
      actions={
        <button type="button" onClick={() => void create()} disabled={action.busy}>
          Create key
        </button>
      }
    >
      {created?.apiKey && (
        <div class="once" role="status">
          <p>
            New key <code>{created.keyId}</code> for account {created.accountId}. Copy it now: it is shown this once (functions send it as{" "}
            <code>maven-api-key</code>).
          </p>
          <input class="key" readOnly value={created.apiKey} aria-label="The new API key" onFocus={(e) => (e.target as HTMLInputElement).select()} />
        </div>
      )}
      <Loaded state={keys} what="the keys">
        {(list) =>
          list.length === 0 ? (
            <Empty>No key for this account yet.</Empty>
          ) : (
            <ul class="items" aria-label="API keys">
              {list.map((key) => (
                <li class="item" key={key.keyId} data-key={key.keyId}>
                  <div class="item-main">
                    <code class="item-name">{key.keyId}</code>
                    <span class="muted small">created {time(Date.parse(key.createdAt))}</span>
                  </div>
                  <div class="item-actions">
                    <button type="button" class="danger-outline" onClick={() => void revoke(key.keyId)}>
                      Revoke<span class="sr-only"> {key.keyId}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <ErrorNote error={action.error} />
    </Section>
  );
}

function Properties({ account, namespace, session, onChanged }: { account: string; namespace: string; session: string; onChanged: () => void }) {
  const path = `${base(account)}/namespaces/${seg(namespace)}/sessions/${seg(session)}`;
  const props = useAsync(() => get<Record<string, unknown>>(path), [path]);
  const [editing, setEditing] = useState<string | undefined>();
  const [draft, setDraft] = useState("");
  const action = useAction();
  const save = async (name: string): Promise<void> => {
    const parsed = checkJson(draft);
    if (!parsed.ok) return;
    if (await action.run(async () => void (await call("PATCH", path, { body: { [name]: parsed.value } })))) {
      setEditing(undefined);
      props.reload();
    }
  };
  const remove = async (name: string): Promise<void> => {
    if (await action.run(async () => void (await call("DELETE", `${path}/properties/${seg(name)}`)))) {
      props.reload();
      onChanged();
    }
  };
  return (
    <Section title={`Session ${session}`}>
      <Loaded state={props} what="the properties">
        {(values) =>
          Object.keys(values).length === 0 ? (
            <Empty>This session has no properties (or it expired).</Empty>
          ) : (
            <ul class="items" aria-label="Properties">
              {Object.entries(values).map(([name, value]) => (
                <li class="item" key={name} data-property={name}>
                  <div class="item-main column">
                    <code class="item-name">{name}</code>
                    {editing === name ? (
                      <>
                        <JsonEditor id={`prop-${name}`} label={`Value of ${name} (JSON)`} value={draft} onInput={setDraft} rows={5} />
                        <div>
                          <button type="button" onClick={() => void save(name)} disabled={!checkJson(draft).ok}>
                            Save {name}
                          </button>{" "}
                          <button type="button" class="secondary" onClick={() => setEditing(undefined)}>
                            Cancel
                          </button>
                        </div>
                      </>
                    ) : (
                      <JsonView value={value} label={`Value of ${name}`} />
                    )}
                  </div>
                  {editing !== name && (
                    <div class="item-actions">
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => {
                          setDraft(JSON.stringify(value, null, 2));
                          setEditing(name);
                        }}
                      >
                        Edit<span class="sr-only"> {name}</span>
                      </button>
                      <button type="button" class="danger-outline" onClick={() => void remove(name)}>
                        Delete<span class="sr-only"> {name}</span>
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <ErrorNote error={action.error} />
    </Section>
  );
}

/** Writes one property into a session of the namespace (creating the session). */
function WriteProperty({ account, namespace, onWritten }: { account: string; namespace: string; onWritten: (session: string) => void }) {
  const [session, setSession] = useState("");
  const [name, setName] = useState("");
  const [value, setValue] = useState('""');
  const action = useAction();
  const parsed = checkJson(value);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!parsed.ok) return;
    const id = session.trim();
    const path = `${base(account)}/namespaces/${seg(namespace)}/sessions/${seg(id)}`;
    if (await action.run(async () => void (await call("PATCH", path, { body: { [name.trim()]: parsed.value } })))) {
      setName("");
      setValue('""');
      onWritten(id);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <div class="row">
        <div class="field">
          <label for="prop-session">Session id</label>
          <input id="prop-session" value={session} onInput={(e) => setSession((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="prop-name">Property</label>
          <input id="prop-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
      </div>
      <JsonEditor id="prop-value" label="Value (JSON)" value={value} onInput={setValue} rows={3} />
      <button type="submit" disabled={session.trim() === "" || name.trim() === "" || !parsed.ok || action.busy}>
        Write property
      </button>
      <ErrorNote error={action.error} title="Not written" />
    </form>
  );
}

function Sessions({ account, namespace }: { account: string; namespace: string }) {
  const sessions = useAsync(() => get<string[]>(`${base(account)}/namespaces/${seg(namespace)}/sessions`), [account, namespace]);
  const [selected, setSelected] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  useEffect(() => setSelected(undefined), [account, namespace]);
  return (
    <>
      <Section title={`Sessions in ${namespace}`}>
        <Loaded state={sessions} what="the sessions">
          {(ids) =>
            ids.length === 0 ? (
              <Empty>No live session in this namespace.</Empty>
            ) : (
              <ul class="pick-list" aria-label="Sessions">
                {ids.map((id) => (
                  <li key={id}>
                    <button type="button" class="pick" aria-pressed={selected === id} onClick={() => setSelected(id)}>
                      {id}
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </Section>
      {selected !== undefined && (
        <Properties key={`${selected}:${version}`} account={account} namespace={namespace} session={selected} onChanged={sessions.reload} />
      )}
      <Section title="Write a property">
        <WriteProperty
          account={account}
          namespace={namespace}
          onWritten={(id) => {
            sessions.reload();
            setSelected(id);
            setVersion((v) => v + 1);
          }}
        />
      </Section>
    </>
  );
}

function Namespaces({ account }: { account: string }) {
  const namespaces = useAsync(() => get<Namespace[]>(`${base(account)}/namespaces`), [account]);
  const [selected, setSelected] = useState<string | undefined>();
  const [name, setName] = useState("");
  const [ttl, setTtl] = useState("");
  const action = useAction();
  useEffect(() => setSelected(undefined), [account]);
  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    const body = { name: name.trim(), ...(ttl.trim() !== "" && { ttlSecond: Number(ttl) }) };
    if (await action.run(async () => void (await call("POST", `${base(account)}/namespaces`, { body })))) {
      setSelected(name.trim());
      setName("");
      setTtl("");
      namespaces.reload();
    }
  };
  const remove = async (ns: string): Promise<void> => {
    if (await action.run(async () => void (await call("DELETE", `${base(account)}/namespaces/${seg(ns)}`)))) {
      if (selected === ns) setSelected(undefined);
      namespaces.reload();
    }
  };
  return (
    <div class="browser">
      <Section title="Namespaces">
        <Loaded state={namespaces} what="the namespaces">
          {(list) => (
            <ul class="pick-list" aria-label="Namespaces">
              {list.map((ns) => (
                <li key={ns.name} class="pick-row">
                  <button type="button" class="pick" aria-pressed={selected === ns.name} onClick={() => setSelected(ns.name)}>
                    {ns.name}
                    <span class="muted small">{ns.builtIn ? " built-in" : ns.ttlSecond !== undefined ? ` TTL ${ns.ttlSecond} s` : " no TTL"}</span>
                  </button>
                  {!ns.builtIn && (
                    <button type="button" class="danger-outline small-button" onClick={() => void remove(ns.name)}>
                      Delete<span class="sr-only"> namespace {ns.name}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
        <form class="add-form" onSubmit={(e) => void create(e)}>
          <h3>Create a namespace</h3>
          <div class="row">
            <div class="field">
              <label for="ns-name">Name</label>
              <input id="ns-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="ns-ttl">TTL in seconds (empty: none)</label>
              <input id="ns-ttl" inputMode="numeric" value={ttl} onInput={(e) => setTtl((e.target as HTMLInputElement).value)} />
            </div>
          </div>
          <button type="submit" disabled={name.trim() === "" || action.busy}>
            Create namespace
          </button>
        </form>
        <ErrorNote error={action.error} title="Not changed" />
      </Section>
      {selected !== undefined ? (
        <div class="browser-detail">
          <Sessions account={account} namespace={selected} />
        </div>
      ) : (
        <div class="browser-detail">
          <Empty>Pick a namespace to see its sessions.</Empty>
        </div>
      )}
    </div>
  );
}

export function ContextPage() {
  const accounts = useAsync(() => get<string[]>("/_platform/context/accounts"), []);
  const [account, setAccount] = useState<string | undefined>();
  return (
    <>
      <h1>Context Session Store</h1>
      <Loaded state={accounts} what="the accounts">
        {(list) => {
          const current = account ?? list[0] ?? "";
          return (
            <>
              <div class="field account-pick">
                <label for="context-account">Account</label>
                <input id="context-account" list="context-accounts" value={current} onChange={(e) => setAccount((e.target as HTMLInputElement).value.trim())} />
                <datalist id="context-accounts">
                  {list.map((id) => (
                    <option key={id} value={id} />
                  ))}
                </datalist>
              </div>
              {current === "" ? (
                <Empty>Name an account.</Empty>
              ) : (
                <>
                  <Keys account={current} />
                  <Namespaces account={current} />
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
