// COPY … FROM STDIN through node-postgres without another dependency: a Submittable (what
// `client.query(obj)` accepts besides SQL text) that sends the text it is given as CopyData once the
// server asks for it. This is what pg-copy-streams does for a stream; the generator only needs one
// ready-made chunk per batch, so the protocol's four handlers are all it takes.
import type pg from 'pg';

/** Biggest CopyData message we send; the server accepts any size, smaller keeps each write modest. */
const CHUNK = 1 << 20;

class CopyIn {
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: Error) => void;
  private failed: Error | undefined;
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
  }
  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (let at = 0; at < this.data.length; at += CHUNK) {
      connection.sendCopyFromChunk(this.data.subarray(at, at + CHUNK));
    }
    connection.endCopyFrom();
  }
  handleCommandComplete() {}
  handleError(err: Error) {
    this.failed = err;
    this.reject(err);
  }
  handleReadyForQuery() {
    if (!this.failed) this.resolve();
  }
}

/** Runs `COPY table (columns) FROM STDIN [WITH (…)]` with `data` (UTF-8) in PostgreSQL's text format. */
export function copyFrom(client: pg.Client, statement: string, data: Uint8Array): Promise<void> {
  const copy = new CopyIn(statement, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  client.query(copy as unknown as pg.QueryConfig);
  return copy.done;
}
