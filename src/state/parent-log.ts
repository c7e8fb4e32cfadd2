/*
 * For stores that keep no states (compact, bitstate): how each state was
 * first reached, as (parent index, process, ordinal of the transition among
 * that process's successors), 16 bytes a state (a step may have more than
 * 65,536 successors: the ordinal takes 32 bits; the parent, a double: a
 * compact store holds 2^31 states in 15 GiB), appended to a temporary file
 * rather than kept in memory. A counterexample is rebuilt by reading its chain of
 * parents back and replaying those transitions from the initial state.
 *
 * The file is removed when the log is closed, and, for a log still open when
 * the process exits (a second Ctrl-C or SIGTERM, a crash), on the way out.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RECORD = 16;
const BUFFER = 1 << 20;

/** The logs open now: their files go when the process exits, however it does (short of SIGKILL). */
const open = new Set<ParentLog>();
let hooked = false;

function removeOpenLogs(): void {
  for (const log of open) log.close();
}

export class ParentLog {
  private readonly path = join(
    tmpdir(),
    `racecheck-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.parents`,
  );
  private readonly fd = openSync(this.path, 'w+');
  private readonly buffer = Buffer.alloc(BUFFER);
  private buffered = 0;
  private written = 0;
  private closed = false;

  constructor() {
    open.add(this);
    if (!hooked) {
      hooked = true;
      process.on('exit', removeOpenLogs);
    }
  }

  /** The temporary file (for tests: it must be gone once the log is closed). */
  get file(): string {
    return this.path;
  }

  /** Records the next state: its parent, and which step of which process led there. */
  append(parent: number, proc: number, ordinal: number): void {
    if (this.buffered + RECORD > BUFFER) this.flush();
    this.buffer.writeDoubleLE(parent, this.buffered);
    this.buffer.writeUInt32LE(proc, this.buffered + 8);
    this.buffer.writeUInt32LE(ordinal, this.buffered + 12);
    this.buffered += RECORD;
  }

  /** How state `index` was reached. */
  read(index: number): { parent: number; proc: number; ordinal: number } {
    this.flush();
    const record = Buffer.alloc(RECORD);
    readSync(this.fd, record, 0, RECORD, index * RECORD);
    return { parent: record.readDoubleLE(0), proc: record.readUInt32LE(8), ordinal: record.readUInt32LE(12) };
  }

  /** Bytes on disk. */
  get bytes(): number {
    return this.written + this.buffered;
  }

  /** Closes the log and removes its file; once only (later calls do nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    closeSync(this.fd);
    unlinkSync(this.path);
  }

  private flush(): void {
    if (this.buffered === 0) return;
    writeSync(this.fd, this.buffer, 0, this.buffered, this.written);
    this.written += this.buffered;
    this.buffered = 0;
  }
}
