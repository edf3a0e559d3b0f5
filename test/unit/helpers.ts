// Shared set-up for core tests: a real simulator on 127.0.0.1 and a core client pointed at it.
import { GatewayClient, type GatewayOptions } from '../../src/core/gateway/client';
import { MidjourneyClient } from '../../src/core/midjourney/client';
import type { Logger } from '../../src/core/base/log';
import type { MjTask } from '../../src/shared/task';
import { isTerminalStatus } from '../../src/shared/task';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';

export interface Harness {
  sim: Simulator;
  gateway: GatewayClient;
  mj: MidjourneyClient;
  logs: string[];
  /** The key the client sends; tests may change it between calls. */
  key: { value: string | undefined };
  /** The origin the key is confirmed for (the simulator's, unless a test changes it). */
  keyOrigin: { value: string | undefined };
  mode: { value: string };
}

export async function harness(simOptions: SimulatorOptions = {}, gatewayOptions: Partial<GatewayOptions> = {}): Promise<Harness> {
  const sim = await startSimulator({ speed: 'test', ...simOptions });
  const key = { value: sim.apiKey as string | undefined };
  const keyOrigin = { value: sim.url as string | undefined };
  const mode = { value: 'default' };
  const logs: string[] = [];
  const logger: Logger = { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const gateway = new GatewayClient({
    baseUrl: () => `${sim.url}/`,
    apiKey: () => key.value,
    keyOrigin: () => keyOrigin.value,
    retryBaseDelayMs: 5,
    logger,
    ...gatewayOptions,
  });
  const mj = new MidjourneyClient(gateway, { mode: () => mode.value, botType: () => 'MID_JOURNEY' });
  return { sim, gateway, mj, logs, key, keyOrigin, mode };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls fetch until the task is terminal or in one of `until` statuses. */
export async function waitForTask(mj: MidjourneyClient, id: string, until: string[] = [], timeoutMs = 15_000): Promise<MjTask> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await mj.fetch(id);
    if (isTerminalStatus(task.status) || until.includes(task.status)) return task;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${task.status} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

export async function rejects<T extends Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected a rejection');
}
