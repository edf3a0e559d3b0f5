// Every id the manifest and the code share, in one place.

export const EXTENSION_ID = 'aitre.aitre-vscode';

export const Commands = {
  setApiKey: 'aitre.setApiKey',
  clearApiKey: 'aitre.clearApiKey',
  imagineFromSelection: 'aitre.imagineFromSelection',
  openTaskById: 'aitre.openTaskById',
  imagineWithReferences: 'aitre.imagineWithReferences',
  blendImages: 'aitre.blendImages',
  describeImage: 'aitre.describeImage',
  shortenPrompt: 'aitre.shortenPrompt',
  swapFace: 'aitre.swapFace',
  copySeed: 'aitre.copySeed',
  usePrompt: 'aitre.usePrompt',
  saveImage: 'aitre.saveImage',
  splitGrid: 'aitre.splitGrid',
  insertImage: 'aitre.insertImage',
  copyDetails: 'aitre.copyDetails',
  openImageInBrowser: 'aitre.openImageInBrowser',
  revealSavedImage: 'aitre.revealSavedImage',
  openResult: 'aitre.openResult',
  copyTaskId: 'aitre.copyTaskId',
  removeTask: 'aitre.removeTask',
  refreshTasks: 'aitre.refreshTasks',
  clearFinished: 'aitre.clearFinished',
  recheckTask: 'aitre.recheckTask',
  stopTracking: 'aitre.stopTracking',
  continueTask: 'aitre.continueTask',
  pressButton: 'aitre.pressButton',
  showLog: 'aitre.showLog',
} as const;

export const Views = {
  container: 'aitre',
  tasks: 'aitre.tasks',
  resultPanel: 'aitre.result',
} as const;

export const ContextKeys = {
  hasApiKey: 'aitre.hasApiKey',
} as const;

export const SecretKeys = {
  apiKey: 'aitre.apiKey',
} as const;

export const Settings = {
  section: 'aitre',
  baseUrl: 'baseUrl',
  mode: 'midjourney.mode',
  botType: 'midjourney.botType',
  pollIntervalSeconds: 'pollIntervalSeconds',
  stallMinutes: 'stallMinutes',
  historyLimit: 'historyLimit',
  outputFolder: 'outputFolder',
} as const;
