// Public types of the AITRE gateway simulator. Other suites code against these names: keep them stable.

export const DEFAULT_SIM_KEY = 'sk-aitre-sim-0000';

/** Phase durations of a task, in ms: "" / NOT_START for syncDelayMs, then SUBMITTED for submittedMs, then
 *  IN_PROGRESS for runMs (progress rises in progressSteps steps), then SUCCESS or FAILURE. */
export interface SpeedConfig {
  syncDelayMs: number;
  submittedMs: number;
  runMs: number;
  progressSteps: number;
}

export type SpeedSetting = 'test' | 'demo' | SpeedConfig;
export type Quirks = 'new-api' | 'plus';
/** The MidJourney version the upstream runs: which buttons an upscaled image carries (docs §3.10a).
 *  v6: `upsample_v6_2x_*` HD upscales, Vary, Vary (Region), Zoom, Custom Zoom, Pan. v7: the same with
 *  `upsample_v7_2x_*`. v8: no Zoom, Pan or HD upscale buttons at all (Vary and Vary (Region) only). */
export type MjVersion = 'v6' | 'v7' | 'v8';

export interface SimulatorOptions {
  /** Default 0 = chosen by the OS; the server always binds 127.0.0.1. */
  port?: number;
  /** Default DEFAULT_SIM_KEY. Bearer auth on every route except GET /mj/image/{id} and /__sim/*. */
  apiKey?: string;
  /** Default 'test' (a whole task in ~150 ms). 'demo' runs at human speed. */
  speed?: SpeedSetting;
  /** Default 'new-api' (gateway rewrites and quirks); 'plus' answers like the bare midjourney-proxy-plus. */
  quirks?: Quirks;
  /** When true, reroll / variation / pan / vary strong / vary subtle land in MODAL. */
  remix?: boolean;
  /** Default true; false => POST /mj/task/list-by-condition answers 404 like a gateway lacking the route. */
  listByCondition?: boolean;
  /** When true, behave like stock new-api and reject the describe/shorten follow-up buttons
   *  (PicReader, PromptAnalyzer, Picread::Retry, Show Details) with 400 unknown_action. Default false: a patched
   *  gateway that runs them (AITRE's docs show a PromptAnalyzer action). The video buttons (animate_*,
   *  animate_*_extend, video_virtual_upscale) and BOOKMARK are always refused that way with 'new-api' quirks, as
   *  stock new-api does; with 'plus' quirks (the bare proxy) the video buttons run as actions. */
  rejectJobButtons?: boolean;
  /** Default 'v6'. */
  version?: MjVersion;
  /** When true, upscaled images also carry Animate (High motion) / Animate (Low motion) buttons. Default false. */
  videoButtons?: boolean;
  /** When true, POST /mj/submit/retexture exists (the proxy has it); default false: 404 like new-api. */
  retexture?: boolean;
  /** When true, VIDEO tasks point at `/mj/video/{id}-{n}.mp4`: an MP4 (video/mp4) no browser can decode, like an
   *  H.264 file in a webview without proprietary codecs. For testing the poster-and-"Open" fallback. Default false. */
  unplayableVideo?: boolean;
  /** A previous simulator's .state, to "restart" it with the same tasks. */
  state?: SimulatorState;
  /** Called with one line per request (the CLI prints them). */
  log?: (line: string) => void;
  /** The simulator's clock (epoch ms) for task lifecycles; default Date.now. Tests that step through
   *  task phases pass their own, so no phase can be missed on a slow machine;
   *  unit tests share the tracker's fake clock (or skew it). */
  clock?: () => number;
  /** Default true; false => the billing routes (/v1/dashboard/billing/*) answer 404 like a gateway without them. */
  billing?: boolean;
  /** What the key has at the start (default: $25 in total, $3.42 of it used). Every paid call takes its price. */
  quota?: QuotaSetting;
  /** The address the gateway advertises in image links (new-api's ServerAddress); default `url`. A test that
   *  reaches the simulator under another name (through a proxy) sets it so links use that name too; '' in a
   *  patch goes back to `url`. */
  publicUrl?: string;
  /** 'separate': pictures are served from a second HTTP server on another 127.0.0.1 port (a CDN or a
   *  self-hosted proxy, plain http, not the gateway's origin) and imageUrl points there. Default 'gateway'. */
  imageHost?: 'gateway' | 'separate';
  /** When true, every picture route answers 404 (links that expired). */
  imagesGone?: boolean;
}

/** A key's quota in dollars, as new-api's admin would set it. */
export interface QuotaSetting {
  /** Remaining + used. */
  totalUsd: number;
  usedUsd: number;
  /** new-api's "unlimited quota" token: the limit reads 100000000. */
  unlimited?: boolean;
  /** Token expiry (epoch seconds), 0 = never. */
  accessUntil?: number;
}

export type ConfigPatch = Partial<Pick<SimulatorOptions, 'speed' | 'quirks' | 'remix' | 'listByCondition' | 'rejectJobButtons' | 'version' | 'videoButtons' | 'retexture' | 'unplayableVideo' | 'apiKey' | 'billing' | 'quota' | 'publicUrl' | 'imagesGone'>>;

export interface RecordedRequest {
  method: string;
  /** Full path including any mode prefix and the query string. */
  path: string;
  /** Normalised, mode prefix and query stripped, e.g. 'POST /mj/submit/imagine', 'GET /mj/task/17.../fetch'. */
  route: string;
  /** 'mj-fast', 'mj-relax', 'mj-turbo' (any single segment before /mj/), or null. */
  mode: string | null;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw string when it is not JSON, or null when there is no body. */
  body: unknown;
  at: number;
}

export type FaultKind =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'malformed-json' }
  | { kind: 'html'; status?: number }
  /** A gateway (or its proxy) answering with a redirect, e.g. to another host. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string }
  /** The request is recorded, then waits until releaseHeld() before it is answered normally. */
  | { kind: 'hold' };

export interface FaultSpec {
  /** Matched against RecordedRequest.route. A string matches the concrete route ('GET /mj/task/123/fetch') or
   *  the route template ('GET /mj/task/{id}/fetch'); omitted = every route. */
  route?: string | RegExp;
  fault: FaultKind;
  /** How many matching requests it hits; default Infinity. */
  times?: number;
}

export interface SimButton {
  customId: string;
  emoji: string;
  label: string;
  style: number;
  type: number;
}

/** What picture a task shows. Grid colours come from `seed` (the grid task's id), see images.ts. */
export type ImageSpec =
  /** `aspect`: width/height from the prompt's --ar (square when absent). */
  | { kind: 'grid'; seed: string; aspect?: number }
  | { kind: 'single'; seed: string; index: number; aspect?: number }
  | { kind: 'upload'; mime: string; base64: string }
  | { kind: 'stock' }
  /** A VIDEO task's poster: frame 0 of its first video (see video.ts). */
  | { kind: 'poster'; seed: string }
  | { kind: 'none' };

/** What a MODAL task waits for in POST /mj/submit/modal. */
export type ModalKind = 'inpaint' | 'custom-zoom' | 'remix' | 'prompt';

/** The raw stored task. Plain JSON data so a SimulatorState can be handed to a new simulator. */
export interface SimTask {
  id: string;
  action: string;
  botType: string;
  /** The prompt of the request that created the task (what new-api stores and shows as `prompt`). */
  requestPrompt: string;
  /** The prompt actually run (scenario flags stripped); shown as promptEn. */
  promptEn: string;
  /** properties.finalPrompt on success: describe/shorten text, else the prompt. */
  finalPrompt: string;
  /** The submit answer's description (new-api shows it as the task description). */
  submitDescription: string;
  /** The proxy's own description ("/imagine cat"), shown in 'plus' quirks. */
  commandDescription: string;
  state: string;
  /** The MJ job uuid inside this task's button customIds. */
  hash: string;
  parentId: string | null;
  /** Which quadrant/option of the parent this task came from (0 when none). */
  index: number;
  image: ImageSpec;
  /** VIDEO tasks: how many videos the job makes (batchSize); 0 for every other task. Video n (1-based) is served
   *  at GET /mj/video/{id}-{n}.webm and shows videoColors(`${id}:${n}`). */
  videos?: number;
  /** VIDEO tasks: the request's motion, 'low' or 'high'. */
  motion?: string;
  /** Buttons shown once SUCCESS. */
  buttons: SimButton[];
  submitTime: number;
  /** Lifecycle origin; null while the task waits in MODAL. */
  startedAt: number | null;
  /** After a modal confirmation the gateway copy is already synced: no "" phase. */
  skipSync: boolean;
  /** Speed snapshot taken when the lifecycle started, so a later configure() does not warp running tasks. */
  timing: SpeedConfig;
  modal: ModalKind | null;
  /** Stored from POST /mj/submit/modal (Vary Region). */
  maskBase64: string;
  /** Planned failure reason; null = the task succeeds. */
  failReason: string | null;
  /** --sim-stall: IN_PROGRESS at 46% until finishTask(). */
  stall: boolean;
  /** Set by finishTask(): final state from this time on. */
  finishedAt: number | null;
  /** Fields printed verbatim over the computed task (a hostile or broken gateway; see overrideTask). */
  override?: Record<string, unknown>;
}

export interface SimulatorState {
  /** Ids are String(idBase + seq): 16-digit numeric strings, unique per state. */
  idBase: number;
  nextSeq: number;
  tasks: Record<string, SimTask>;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT' (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly state: SimulatorState;
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  addFault(spec: FaultSpec): void;
  clearFaults(): void;
  /** Answers every request a `hold` fault is holding (normally, as if it had just arrived); returns how many. */
  releaseHeld(): number;
  /** Requests a `hold` fault is holding right now. */
  readonly heldCount: number;
  configure(patch: ConfigPatch): void;
  getTask(id: string): SimTask | undefined;
  /** 'http://127.0.0.1:PORT' of the picture server (the gateway's own url unless imageHost is 'separate'). */
  readonly imageUrl: string;
  /** List answers (list-by-condition) leave these tasks out; fetch still answers them (a lagging or filtered list). */
  hideFromList(id: string, hidden?: boolean): void;
  /** Jump a task to its final state now (SUCCESS, or FAILURE with `fail` as the reason). */
  finishTask(id: string, outcome?: { fail?: string }): void;
  /** What the key has now, in dollars (left is undefined for an unlimited key). */
  readonly quota: { totalUsd: number; usedUsd: number; leftUsd: number | undefined };
  /** Every later fetch/list of this task prints these fields verbatim (XSS and robustness tests). */
  overrideTask(id: string, fields: Record<string, unknown>): void;
  /** Closes the server and destroys open (including hung) sockets. */
  close(): Promise<void>;
}
