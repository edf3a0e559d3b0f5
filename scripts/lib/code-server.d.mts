// Types for scripts/lib/code-server.mjs (imported by test/e2e/harness.ts).
import type { BrowserContext, Page } from 'playwright-core';

export declare const CODE_SERVER_VERSION: string;
export declare const HOST: string;
export declare const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>>;
export declare const CHROMIUM_ARGS: readonly string[];

export declare function resolveEntry(repoRoot?: string, version?: string): string;
export declare function resolveChromium(): string;
export declare function findFreePort(): Promise<number>;
/** Remove dir when the process exits (also on Ctrl-C); returns a function that cancels it. */
export declare function removeOnExit(dir: string): () => void;

export interface StartCodeServerOptions {
  entry?: string;
  workspace?: string;
  devExtensionPath?: string;
  testsPath?: string;
  /** Extension folders installed beside the development extension (copied into the extensions dir). */
  extensions?: string[];
  userSettings?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  port?: number;
  extraArgs?: string[];
  /** Files written into the user-data dir before the server starts (relative path -> content). */
  userDataFiles?: Record<string, string>;
  verbose?: boolean;
  readyTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** url + ?folder=<workspace>[&payload=<dev extension / tests>] */
  workbenchUrl: string;
  scratch: string;
  workspace: string;
  userDataDir: string;
  logPath: string;
  pid: number;
  authority: string;
  remoteUri(absPath: string): string;
  output(): string;
  stop(options?: { keepScratch?: boolean }): Promise<void>;
}

export declare function startCodeServer(options?: StartCodeServerOptions): Promise<CodeServer>;

export interface Chromium {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  close(): Promise<void>;
}

export declare function launchChromium(profileDir?: string): Promise<Chromium>;

/** Writes the sample prompts.md the test hosts open. */
export declare function writeSampleWorkspace(workspace: string): void;
