// Writes a streamed answer (SSE) piece by piece, with chunked transfer encoding, so clients see the text arrive
// over time, lines split across reads, and (for 'cut') a connection that drops before the end.
import type { ServerResponse } from 'node:http';
import type { StreamPlan } from './reply';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function writeStream(res: ServerResponse, status: number, headers: Record<string, string>, plan: StreamPlan): Promise<void> {
  res.writeHead(status, headers); // no content-length: chunked
  res.flushHeaders();
  for (const piece of plan.pieces) {
    await pause(plan.gapMs);
    if (res.destroyed) return; // the client went away (cancel) or the simulator closed
    res.write(piece);
  }
  if (plan.finish === 'end') return void res.end();
  if (plan.finish === 'cut') {
    // Let the last piece leave first; then drop the socket without the closing chunk.
    await pause(Math.max(plan.gapMs, 10));
    res.destroy();
  }
  // 'stall': say nothing more; close() destroys the socket.
}
