// Node only (scripts/bench.ts): a minimal stand-in for the `vscode` module so the real
// TaskTreeProvider can be timed outside an extension host. It covers exactly what
// src/views/taskTree.ts touches; MarkdownString.appendText escapes like VS Code 1.100 does, so the
// per-row string work is comparable. Import it BEFORE anything that imports `vscode`.
import Module from 'node:module';

class EventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };
  fire(value: T): void { for (const l of [...this.listeners]) l(value); }
  dispose(): void { this.listeners = []; }
}

enum TreeItemCollapsibleState { None = 0, Collapsed = 1, Expanded = 2 }

class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: unknown;
  accessibilityInformation?: unknown;
  constructor(public label: string, public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None) {}
}

class ThemeColor { constructor(public readonly id: string) {} }
class ThemeIcon { constructor(public readonly id: string, public readonly color?: ThemeColor) {} }

class MarkdownString {
  constructor(public value = '', public supportThemeIcons = false) {}
  appendText(text: string): this {
    const escaped = (this.supportThemeIcons ? text.replace(/\$\([^)]*\)/g, '\\$&') : text).replace(/[\\`*_{}[\]()#+\-!~]/g, '\\$&');
    this.value += escaped
      .replace(/([ \t]+)/g, (_m, g1: string) => '&nbsp;'.repeat(g1.length))
      .replace(/>/gm, '\\>')
      .replace(/\n/g, '\n\n');
    return this;
  }
}

const shim = { EventEmitter, TreeItem, TreeItemCollapsibleState, ThemeColor, ThemeIcon, MarkdownString };

const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const original = loader._load;
loader._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
  if (request === 'vscode') return shim;
  return original.call(this, request, parent, isMain);
};

export const VSCODE_SHIM = true;
