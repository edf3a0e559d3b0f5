// Runtime configuration of a running simulator (what configure() and POST /__sim/configure change).
import { DEFAULT_SIM_KEY, type ConfigPatch, type MjVersion, type Quirks, type QuotaSetting, type SimulatorOptions, type SpeedConfig, type SpeedSetting } from './types';

export const SPEEDS: Readonly<Record<'test' | 'demo', SpeedConfig>> = {
  // A whole task in ~150 ms: unit tests poll through every phase without waiting.
  test: { syncDelayMs: 20, submittedMs: 30, runMs: 100, progressSteps: 3 },
  // Human speed for demos: ~2 s before the gateway's first sync, then ~12 s of progress in 6 steps.
  demo: { syncDelayMs: 2000, submittedMs: 1000, runMs: 12000, progressSteps: 6 },
};

export interface RuntimeConfig {
  speed: SpeedConfig;
  quirks: Quirks;
  remix: boolean;
  listByCondition: boolean;
  rejectJobButtons: boolean;
  version: MjVersion;
  videoButtons: boolean;
  retexture: boolean;
  unplayableVideo: boolean;
  apiKey: string;
  billing: boolean;
  /** What image links start with instead of the listening address (new-api's ServerAddress). */
  publicUrl: string | undefined;
  imagesGone: boolean;
}

const VERSIONS: readonly MjVersion[] = ['v6', 'v7', 'v8'];

export function resolveSpeed(setting: SpeedSetting | undefined): SpeedConfig {
  if (setting === undefined) return { ...SPEEDS.test };
  if (setting === 'test' || setting === 'demo') return { ...SPEEDS[setting] };
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (!valid(setting.syncDelayMs) || !valid(setting.submittedMs) || !valid(setting.runMs) || !valid(setting.progressSteps)) {
    throw new Error(`Invalid simulator speed: ${JSON.stringify(setting)}`);
  }
  return { ...setting, progressSteps: Math.max(1, Math.round(setting.progressSteps)) };
}

export function initialConfig(options: SimulatorOptions): RuntimeConfig {
  return {
    speed: resolveSpeed(options.speed),
    quirks: options.quirks ?? 'new-api',
    remix: options.remix ?? false,
    listByCondition: options.listByCondition ?? true,
    rejectJobButtons: options.rejectJobButtons ?? false,
    version: options.version ?? 'v6',
    videoButtons: options.videoButtons ?? false,
    retexture: options.retexture ?? false,
    unplayableVideo: options.unplayableVideo ?? false,
    apiKey: options.apiKey ?? DEFAULT_SIM_KEY,
    billing: options.billing ?? true,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    imagesGone: options.imagesGone ?? false,
  };
}

/** Applies a patch in place. Unknown fields are ignored; a bad value throws before anything changes. */
export function applyConfigPatch(config: RuntimeConfig, patch: ConfigPatch): void {
  const next: RuntimeConfig = { ...config };
  if (patch.speed !== undefined) next.speed = resolveSpeed(patch.speed);
  if (patch.quirks !== undefined) {
    if (patch.quirks !== 'new-api' && patch.quirks !== 'plus') throw new Error(`Invalid quirks: ${String(patch.quirks)}`);
    next.quirks = patch.quirks;
  }
  if (patch.remix !== undefined) next.remix = Boolean(patch.remix);
  if (patch.listByCondition !== undefined) next.listByCondition = Boolean(patch.listByCondition);
  if (patch.rejectJobButtons !== undefined) next.rejectJobButtons = Boolean(patch.rejectJobButtons);
  if (patch.version !== undefined) {
    if (!VERSIONS.includes(patch.version)) throw new Error(`Invalid version: ${String(patch.version)}`);
    next.version = patch.version;
  }
  if (patch.videoButtons !== undefined) next.videoButtons = Boolean(patch.videoButtons);
  if (patch.retexture !== undefined) next.retexture = Boolean(patch.retexture);
  if (patch.unplayableVideo !== undefined) next.unplayableVideo = Boolean(patch.unplayableVideo);
  if (patch.billing !== undefined) next.billing = Boolean(patch.billing);
  if (patch.publicUrl !== undefined) {
    if (patch.publicUrl !== '' && !/^https?:\/\//.test(String(patch.publicUrl))) throw new Error(`Invalid publicUrl: ${String(patch.publicUrl)}`);
    next.publicUrl = patch.publicUrl ? String(patch.publicUrl).replace(/\/+$/, '') : undefined;
  }
  if (patch.imagesGone !== undefined) next.imagesGone = Boolean(patch.imagesGone);
  if (patch.apiKey !== undefined) {
    if (typeof patch.apiKey !== 'string' || patch.apiKey === '') throw new Error('Invalid apiKey');
    next.apiKey = patch.apiKey;
  }
  Object.assign(config, next);
}

/** A quota from options or a patch; a bad value throws before anything changes. */
export function checkQuota(quota: QuotaSetting): QuotaSetting {
  const amount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (!quota || !amount(quota.totalUsd) || !amount(quota.usedUsd) || quota.usedUsd > quota.totalUsd) {
    throw new Error(`Invalid quota: ${JSON.stringify(quota)}`);
  }
  return quota;
}
