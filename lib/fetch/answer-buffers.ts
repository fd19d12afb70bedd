/**
 * Answer buffers, reused from one request to the next: a large estate's answers add up to
 * hundreds of MB, and a fresh buffer per answer left most of them waiting for the garbage
 * collector (peak RSS) long after they were decoded. The pool lives while queries are under way
 * and is let go when the last one ends.
 */

/** First size of a pooled buffer: most answers fit, larger ones grow it by doubling. */
const FIRST_BYTES = 1 << 20;
/** Content-Length above this does not size a buffer up front: a wrong header only costs growth. */
const MAX_PREALLOCATED_BYTES = 256 * 1024 * 1024;

/** A pool of answer buffers shared by the queries under way. */
export class AnswerBuffers {
  private readonly free: Uint8Array[] = [];
  private queries = 0;

  /** A query starts (its attempts may take and give back buffers). */
  open(): void {
    this.queries++;
  }

  /** A query ends, whatever its outcome; with none left, the pool goes. */
  close(): void {
    this.queries--;
    if (this.queries === 0) this.free.length = 0;
  }

  /** Reads a whole body into a pooled buffer (sized from Content-Length when given); `give` it back once read. */
  async read(body: AsyncIterable<Uint8Array>, expectedBytes: number): Promise<Uint8Array> {
    let buffer = this.free.pop() ?? new Uint8Array(FIRST_BYTES);
    if (expectedBytes > buffer.byteLength && expectedBytes <= MAX_PREALLOCATED_BYTES) {
      this.free.push(buffer);
      buffer = new Uint8Array(expectedBytes);
    }
    let length = 0;
    for await (const chunk of body) {
      if (length + chunk.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.max(buffer.byteLength * 2, length + chunk.byteLength));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(chunk, length);
      length += chunk.byteLength;
    }
    return buffer.subarray(0, length);
  }

  /** Takes back a buffer `read` gave out; ignored once no query is under way, so the pool stays let go. */
  give(view: Uint8Array): void {
    if (this.queries === 0) return;
    this.free.push(new Uint8Array(view.buffer, view.byteOffset, view.buffer.byteLength - view.byteOffset));
  }

  /** Lets every pooled buffer go. */
  clear(): void {
    this.free.length = 0;
  }
}
