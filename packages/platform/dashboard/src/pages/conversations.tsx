/**
 * Conversations: the emulated Messaging Interactions conversations (fixture
 * files and imported ones), imported from a JSON file, and each one's
 * transcript: messages, shared files and SDEs.
 */
import { useState } from "preact/hooks";
import { call, get, seg, type ConversationSummary } from "../api";
import { checkJson, Empty, ErrorNote, JsonView, Loaded, Section, StatusBadge, time, useAction, useAsync } from "../components";
import { navigate } from "../routes";

function Import({ onImported }: { onImported: (ids: string[]) => void }) {
  const action = useAction();
  const [note, setNote] = useState<string | undefined>();
  const importFile = async (file: File): Promise<void> => {
    setNote(undefined);
    const text = await file.text();
    await action.run(async () => {
      const parsed = checkJson(text);
      if (!parsed.ok) throw new Error(`${file.name} is not JSON: ${parsed.message}`);
      const { imported } = await call<{ imported: ConversationSummary[] }>("POST", "/_platform/conversations", { body: parsed.value });
      setNote(`Imported ${imported.length} conversation${imported.length === 1 ? "" : "s"} from ${file.name}.`);
      onImported(imported.map((c) => c.conversationId));
    });
  };
  return (
    <Section title="Import">
      <p class="muted">
        A JSON file holding one conversation record, or a Messaging Interactions search response (<code>conversationHistoryRecords</code>).
      </p>
      <div class="field">
        <label for="conversation-file">Conversation file</label>
        <input
          id="conversation-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            if (file) void importFile(file).finally(() => (input.value = ""));
          }}
        />
      </div>
      {note && (
        <p class="ok" role="status">
          {note}
        </p>
      )}
      <ErrorNote error={action.error} title="Not imported" />
    </Section>
  );
}

export function ConversationsPage() {
  const list = useAsync(() => get<ConversationSummary[]>("/_platform/conversations"), []);
  return (
    <>
      <h1>Conversations</h1>
      <Import onImported={() => list.reload()} />
      <Section title="Conversations">
        <Loaded state={list} what="the conversations">
          {(conversations) =>
            conversations.length === 0 ? (
              <Empty>
                No conversations yet. Import a file above, or add one under <code>fixtures/conversations/</code> in the project.
              </Empty>
            ) : (
              <div class="table-wrap">
                <table aria-label="Conversations">
                  <thead>
                    <tr>
                      <th scope="col">Conversation</th>
                      <th scope="col">Status</th>
                      <th scope="col">Started</th>
                      <th scope="col">Skill</th>
                      <th scope="col">Messages</th>
                      <th scope="col">SDEs</th>
                      <th scope="col">Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {conversations.map((c) => (
                      <tr key={c.conversationId} data-conversation={c.conversationId}>
                        <td>
                          <a href={`/conversations/${seg(c.conversationId)}`}>
                            <code class="small">{c.conversationId}</code>
                          </a>
                        </td>
                        <td>
                          <StatusBadge status={c.status.toLowerCase()} />
                        </td>
                        <td>{c.startTime === null ? <span class="muted">unknown</span> : time(c.startTime)}</td>
                        <td>{c.latestSkillName}</td>
                        <td>{c.messages}</td>
                        <td>{c.sdeEvents}</td>
                        <td>{c.source === "fixture" ? `fixture ${c.file ?? ""}` : "imported"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Section>
    </>
  );
}

// --- one conversation

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
const text = (value: unknown): string | undefined => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);

/** Who a participant id is: the consumer's or agent's name when the record names it. */
function participantNames(record: Json): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of list(record.consumerParticipants)) {
    const id = text(c.participantId);
    if (id) names.set(id, [text(c.firstName), text(c.lastName)].filter((n) => n && n !== "undefined").join(" ") || "Consumer");
  }
  for (const a of list(record.agentParticipants)) {
    const id = text(a.agentId);
    if (id) names.set(id, text(a.agentNickname) ?? text(a.agentFullName) ?? "Agent");
  }
  return names;
}

function Message({ message, names }: { message: Json; names: Map<string, string> }) {
  const data = obj(message.messageData);
  const sentBy = text(message.sentBy) ?? "";
  const who = names.get(text(message.participantId) ?? "") ?? sentBy;
  const file = obj(data.file);
  const body =
    message.type === "TEXT_PLAIN" || text(obj(data.msg).text) !== undefined ? (
      <p class="message-text">{text(obj(data.msg).text)}</p>
    ) : message.type === "HOSTED_FILE" || text(file.relativePath) !== undefined ? (
      <p class="message-file">
        File: <strong>{text(file.caption) ?? "(no caption)"}</strong> <span class="muted small">{text(file.fileType)}</span>{" "}
        <code class="small">{text(file.relativePath)}</code>
      </p>
    ) : (
      <JsonView value={data} label={`${String(message.type)} message`} />
    );
  return (
    <li class={`message message-${sentBy.toLowerCase() === "consumer" ? "consumer" : "agent"}`}>
      <div class="message-meta">
        <strong>{who}</strong> <span class="muted small">{text(message.time)}</span>
      </div>
      {body}
    </li>
  );
}

function Sdes({ title, events }: { title: string; events: Json[] }) {
  if (events.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="items" aria-label={title}>
        {events.map((event, i) => (
          <li class="item" key={i}>
            <div class="item-main column">
              <strong>{text(event.sdeType) ?? "SDE"}</strong>
              {text(event.serverTimeStamp) && <span class="muted small">{time(Number(event.serverTimeStamp))}</span>}
              <JsonView value={event} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ConversationPage({ id }: { id: string }) {
  const record = useAsync(() => get<Json>(`/_platform/conversations/${seg(id)}`), [id]);
  const action = useAction();
  const remove = async (): Promise<void> => {
    if (await action.run(async () => void (await call("DELETE", `/_platform/conversations/${seg(id)}`)))) navigate("/conversations");
  };
  return (
    <>
      <p>
        <a href="/conversations">← All conversations</a>
      </p>
      <Loaded state={record} what={`conversation ${id}`}>
        {(r) => {
          const info = obj(r.info);
          const messages = list(r.messageRecords).sort((a, b) => Number(a.seq ?? 0) - Number(b.seq ?? 0));
          const names = participantNames(r);
          const sdes = list(obj(r.sdes).events);
          const unAuth = list(obj(r.unAuthSdes).events);
          return (
            <>
              <h1>
                Conversation <code class="small">{id}</code> <StatusBadge status={(text(info.status) ?? "unknown").toLowerCase()} />
              </h1>
              <Section
                title="Details"
                actions={
                  <button type="button" class="danger-outline" onClick={() => void remove()}>
                    Delete (imported only)
                  </button>
                }
              >
                <dl class="facts">
                  {[
                    ["Started", text(info.startTime)],
                    ["Skill", text(info.latestSkillName)],
                    ["Agent", text(info.latestAgentFullName)],
                    ["Visitor", text(info.visitorId)],
                    ["Session", text(info.sessionId)],
                  ]
                    .filter(([, v]) => v !== undefined)
                    .map(([k, v]) => (
                      <div class="fact" key={k}>
                        <dt>{k}</dt>
                        <dd>{v}</dd>
                      </div>
                    ))}
                </dl>
                <ErrorNote error={action.error} title="Not deleted" />
              </Section>
              <div class="columns">
                <Section title={`Transcript (${messages.length})`}>
                  {messages.length === 0 ? (
                    <Empty>No messages.</Empty>
                  ) : (
                    <ol class="transcript" aria-label="Transcript">
                      {messages.map((m, i) => (
                        <Message key={i} message={m} names={names} />
                      ))}
                    </ol>
                  )}
                </Section>
                <Section title={`SDEs (${sdes.length + unAuth.length})`}>
                  {sdes.length + unAuth.length === 0 ? <Empty>No SDE events for this visit.</Empty> : null}
                  <Sdes title="Authenticated SDEs" events={sdes} />
                  <Sdes title="Unauthenticated SDEs" events={unAuth} />
                </Section>
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
