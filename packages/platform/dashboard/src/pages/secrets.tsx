/**
 * Secrets and the allowlist: secrets masked until revealed, set, rotated and
 * deleted (system secrets are read-only, as in the CLI and the API); allowlist
 * entries added and removed. The platform validates; its messages are shown.
 */
import { useState } from "preact/hooks";
import { isSystemSecret } from "../../../../toolbelt/src/platform/secret-names";
import { call, get, seg } from "../api";
import { Empty, ErrorNote, Loaded, Section, useAction, useAsync } from "../components";

/** What was typed, as the value to store: JSON objects and arrays as such, anything else as the text itself. */
function secretValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

const shown = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

function SecretRow({ name, onChanged }: { name: string; onChanged: () => void }) {
  const [value, setValue] = useState<unknown>();
  const [revealed, setRevealed] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const system = isSystemSecret(name);

  const reveal = (): Promise<boolean> =>
    action.run(async () => {
      setValue((await get<{ key: string; value: unknown }>(`/_platform/secrets/${seg(name)}`)).value);
      setRevealed(true);
    });
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (await action.run(async () => void (await call("POST", "/_platform/secrets", { body: { key: name, value: secretValue(draft) } })))) {
      setEditing(false);
      setRevealed(false);
      setValue(undefined);
      onChanged();
    }
  };
  const remove = async (): Promise<void> => {
    if (await action.run(async () => void (await call("DELETE", `/_platform/secrets/${seg(name)}`)))) onChanged();
  };

  return (
    <li class="item" data-secret={name}>
      <div class="item-main">
        <code class="item-name">{name}</code>
        {system && <span class="badge badge-system">system</span>}
        <span class="secret-value" aria-label={`Value of ${name}`}>
          {revealed ? <pre class="json">{shown(value)}</pre> : <span aria-hidden="true">••••••••</span>}
        </span>
      </div>
      <div class="item-actions">
        <button type="button" class="secondary" onClick={() => (revealed ? setRevealed(false) : void reveal())}>
          {revealed ? "Hide" : "Reveal"}
          <span class="sr-only"> {name}</span>
        </button>
        {!system && (
          <>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft("");
                setEditing(!editing);
              }}
            >
              Rotate<span class="sr-only"> {name}</span>
            </button>
            {confirming ? (
              <button type="button" class="danger" onClick={() => void remove()}>
                Really delete {name}?
              </button>
            ) : (
              <button type="button" class="danger-outline" onClick={() => setConfirming(true)}>
                Delete<span class="sr-only"> {name}</span>
              </button>
            )}
          </>
        )}
      </div>
      {editing && (
        <form class="item-form" onSubmit={(e) => void save(e)}>
          <div class="field">
            <label for={`rotate-${name}`}>New value of {name} (text, or a JSON object)</label>
            <textarea id={`rotate-${name}`} rows={3} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} />
          </div>
          <button type="submit" disabled={action.busy}>
            Save new value
          </button>{" "}
          <button type="button" class="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      )}
      <ErrorNote error={action.error} />
    </li>
  );
}

function Secrets() {
  const secrets = useAsync(() => get<Array<{ key: string }>>("/_platform/secrets"), []);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const action = useAction();
  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (await action.run(async () => void (await call("POST", "/_platform/secrets", { body: { key: key.trim(), value: secretValue(value) } })))) {
      setKey("");
      setValue("");
      secrets.reload();
    }
  };
  return (
    <Section title="Secrets">
      <Loaded state={secrets} what="the secrets">
        {(list) =>
          list.length === 0 ? (
            <Empty>No secrets yet. Add one below; functions read them with the SecretClient.</Empty>
          ) : (
            <ul class="items" aria-label="Secrets">
              {list.map((s) => (
                <SecretRow key={s.key} name={s.key} onChanged={secrets.reload} />
              ))}
            </ul>
          )
        }
      </Loaded>
      <form class="add-form" onSubmit={(e) => void add(e)}>
        <h3>Add or replace a secret</h3>
        <div class="row">
          <div class="field">
            <label for="secret-key">Name</label>
            <input id="secret-key" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} autoComplete="off" />
          </div>
          <div class="field grow">
            <label for="secret-value">Value (text, or a JSON object)</label>
            <input id="secret-value" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} autoComplete="off" />
          </div>
        </div>
        <button type="submit" disabled={key.trim() === "" || action.busy}>
          Save secret
        </button>
        <ErrorNote error={action.error} title="Not saved" />
      </form>
    </Section>
  );
}

function Allowlist() {
  const list = useAsync(() => get<{ entries: string[] }>("/_platform/allowlist"), []);
  const [entry, setEntry] = useState("");
  const action = useAction();
  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (await action.run(async () => void (await call("POST", "/_platform/allowlist", { body: { entry: entry.trim() } })))) {
      setEntry("");
      list.reload();
    }
  };
  const remove = (name: string): Promise<boolean> =>
    action.run(async () => {
      await call("DELETE", `/_platform/allowlist/${seg(name)}`);
      list.reload();
    });
  return (
    <Section title="Allowlist">
      <p class="muted">The hosts functions may call (exact hosts, or *.domain), besides LivePerson's own domains.</p>
      <Loaded state={list} what="the allowlist">
        {({ entries }) =>
          entries.length === 0 ? (
            <Empty>The allowlist is empty: functions may call LivePerson's domains only.</Empty>
          ) : (
            <ul class="items" aria-label="Allowlist">
              {entries.map((name) => (
                <li class="item" key={name} data-entry={name}>
                  <div class="item-main">
                    <code class="item-name">{name}</code>
                  </div>
                  <div class="item-actions">
                    <button type="button" class="danger-outline" onClick={() => void remove(name)}>
                      Remove<span class="sr-only"> {name}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form class="add-form" onSubmit={(e) => void add(e)}>
        <div class="row">
          <div class="field grow">
            <label for="allowlist-entry">Host to allow</label>
            <input id="allowlist-entry" placeholder="api.example.com" value={entry} onInput={(e) => setEntry((e.target as HTMLInputElement).value)} />
          </div>
        </div>
        <button type="submit" disabled={entry.trim() === "" || action.busy}>
          Add to allowlist
        </button>
        <ErrorNote error={action.error} title="Not changed" />
      </form>
    </Section>
  );
}

export function SecretsPage() {
  return (
    <>
      <h1>Secrets and allowlist</h1>
      <div class="columns">
        <Secrets />
        <Allowlist />
      </div>
    </>
  );
}
