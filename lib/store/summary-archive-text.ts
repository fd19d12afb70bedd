/**
 * `summaries.json` as a sequence of pieces whose concatenation is exactly
 * `JSON.stringify(archive) + '\n'`: the head (every field but the series), then one series at a
 * time. Written through putChunks, the archive of a large estate over a month (hundreds of MB of
 * JSON) never exists as one string.
 */
import type { SummaryArchive } from '../core/types.ts';

export function* summaryArchiveChunks(archive: SummaryArchive): Generator<string> {
  // `series` is the archive's last field, so its items go between the head and the closing `]}`.
  const empty = JSON.stringify({ ...archive, series: [] });
  const tail = ']}';
  if (!empty.endsWith(`"series":[${tail}`)) {
    // Another field after `series` (a future version): no streaming, same bytes.
    yield `${JSON.stringify(archive)}\n`;
    return;
  }
  yield empty.slice(0, -tail.length);
  for (const [i, series] of archive.series.entries()) {
    yield i === 0 ? JSON.stringify(series) : `,${JSON.stringify(series)}`;
  }
  yield `${tail}\n`;
}
