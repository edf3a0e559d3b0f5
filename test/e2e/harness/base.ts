// What every part of the harness shares: the page, the server and the workspace of one workbench.
import type { Page } from 'playwright-core';
import type { Chromium, CodeServer } from '../../../scripts/lib/code-server.mjs';

export interface WorkbenchParts {
  page: Page;
  server: CodeServer;
  browser: Chromium;
  /** absolute path of the workspace folder */
  workspace: string;
  /** the temp folder holding the workspace (removed on close) */
  wsRoot: string;
  activityTitle: string;
  viewName: string;
  readyTimeoutMs: number;
}

export class WorkbenchBase {
  /** browser console errors and uncaught page errors seen so far */
  readonly pageErrors: string[] = [];
  readonly page: Page;
  readonly server: CodeServer;
  readonly browser: Chromium;
  readonly workspace: string;
  readonly activityTitle: string;
  readonly viewName: string;
  protected readonly wsRoot: string;
  protected readonly readyTimeoutMs: number;

  constructor(parts: WorkbenchParts) {
    this.page = parts.page;
    this.server = parts.server;
    this.browser = parts.browser;
    this.workspace = parts.workspace;
    this.wsRoot = parts.wsRoot;
    this.activityTitle = parts.activityTitle;
    this.viewName = parts.viewName;
    this.readyTimeoutMs = parts.readyTimeoutMs;
    this.page.on('pageerror', (e) => this.pageErrors.push(e.message));
    this.page.on('console', (m) => { if (m.type() === 'error') this.pageErrors.push(m.text()); });
  }
}
