// What route handlers see of the running simulator.
import type { Ledger } from './billing';
import type { RuntimeConfig } from './config';
import type { Reply } from './reply';
import type { SimulatorState } from './types';

export interface SimCore {
  readonly state: SimulatorState;
  readonly config: RuntimeConfig;
  /** 'http://127.0.0.1:PORT', or the publicUrl option: the address image links use. */
  readonly url: string;
  /** What the key has spent and has left (billing routes, charged per paid call). */
  readonly ledger: Ledger;
  /** Where pictures are served: `url`, or the separate picture server's url. */
  readonly imageBase: string;
  /** Tasks list-by-condition leaves out. */
  readonly hiddenFromList: ReadonlySet<string>;
  now(): number;
}

export interface HandlerInput {
  method: string;
  /** Path without query and without the mode prefix. */
  path: string;
  params: Record<string, string>;
  body: unknown;
  /** The body bytes as received (multipart uploads). */
  raw: Buffer;
  /** Lower-cased names. */
  headers: Record<string, string>;
}

/** Most handlers answer at once; multipart ones await the platform's form parser. */
export type Handler = (core: SimCore, input: HandlerInput) => Reply | Promise<Reply>;

export function asObject(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
