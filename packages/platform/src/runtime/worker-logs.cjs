"use strict";
/**
 * Per-invocation log keeping inside an instance (plain JavaScript, required by
 * worker-entry.cjs): what the cloud keeps of an invocation's console output
 * (at most LOG_LIMITS entries and characters, Debug never) and how much of it
 * the dev terminal shows live (ECHO_LIMIT_CHARS, then one "truncated" line).
 * Capping here, in the child, keeps a logging loop's megabytes off the IPC
 * channel and out of the platform's memory.
 */

/** Keep in step with LOG_LIMITS in types.ts (a test checks). */
const LOG_LIMITS = { maxEntries: 10, maxChars: 6000 };
/** What the terminal shows of one invocation's console output at most. */
const ECHO_LIMIT_CHARS = 1024 * 1024;

function createLogBook() {
  return { kept: 0, chars: 0, droppedEntries: 0, droppedChars: 0, droppedDebug: 0, echoed: 0, echoCut: false };
}

/** Characters a record counts for: its message plus the JSON text of its extras. */
function charsOf(record) {
  let chars = record.message.length;
  for (const extra of record.extras) chars += typeof extra === "string" ? extra.length : (JSON.stringify(extra) ?? "").length;
  return chars;
}

/** `true` when the record is kept (within the limits); counts it as dropped otherwise. */
function keep(book, record) {
  if (record.level === "Debug") {
    book.droppedDebug += 1;
    return false;
  }
  const chars = charsOf(record);
  if (book.kept < LOG_LIMITS.maxEntries && book.chars + chars <= LOG_LIMITS.maxChars) {
    book.kept += 1;
    book.chars += chars;
    return true;
  }
  book.droppedEntries += 1;
  book.droppedChars += chars;
  return false;
}

/** The text to echo for one line: the line, one "truncated" notice once over the limit, then nothing. */
function echoText(book, line, name) {
  if (book.echoCut) return "";
  if (book.echoed + line.length <= ECHO_LIMIT_CHARS) {
    book.echoed += line.length;
    return line;
  }
  book.echoCut = true;
  return `[${name}] … output truncated: this invocation wrote more than ${ECHO_LIMIT_CHARS} characters to the console\n`;
}

/** What was dropped, or undefined when nothing was. */
function droppedOf(book) {
  if (book.droppedEntries === 0 && book.droppedDebug === 0) return undefined;
  return { entries: book.droppedEntries, chars: book.droppedChars, debug: book.droppedDebug };
}

module.exports = { LOG_LIMITS, ECHO_LIMIT_CHARS, createLogBook, keep, echoText, droppedOf };
