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
  filterTasks: 'aitre.filterTasks',
  clearTaskFilter: 'aitre.clearTaskFilter',
  toggleGroupByDay: 'aitre.toggleGroupByDay',
  rerunTask: 'aitre.rerunTask',
  rerunWithEdits: 'aitre.rerunWithEdits',
  exportHistory: 'aitre.exportHistory',
  saveImage: 'aitre.saveImage',
  animate: 'aitre.animate',
  videoFromImage: 'aitre.videoFromImage',
  editImage: 'aitre.editImage',
  editImageWithMask: 'aitre.editImageWithMask',
  retexture: 'aitre.retexture',
  useAsOmniReference: 'aitre.useAsOmniReference',
  useAsStyleReference: 'aitre.useAsStyleReference',
  useAsCharacterReference: 'aitre.useAsCharacterReference',
  splitGrid: 'aitre.splitGrid',
  insertImage: 'aitre.insertImage',
  insertImageReplacingSelection: 'aitre.insertImageReplacingSelection',
  copyDetails: 'aitre.copyDetails',
  openImageInBrowser: 'aitre.openImageInBrowser',
  revealSavedImage: 'aitre.revealSavedImage',
  openResult: 'aitre.openResult',
  copyTaskId: 'aitre.copyTaskId',
  removeTask: 'aitre.removeTask',
  refreshTasks: 'aitre.refreshTasks',
  loadOlderTasks: 'aitre.loadOlderTasks',
  clearFinished: 'aitre.clearFinished',
  recheckTask: 'aitre.recheckTask',
  stopTracking: 'aitre.stopTracking',
  continueTask: 'aitre.continueTask',
  pressButton: 'aitre.pressButton',
  showLog: 'aitre.showLog',
  // OpenAI-format commands (src/ui/openai/).
  selectModel: 'aitre.selectModel',
  askAboutSelection: 'aitre.askAboutSelection',
  rewriteSelection: 'aitre.rewriteSelection',
  acceptRewrite: 'aitre.acceptRewrite',
  rejectRewrite: 'aitre.rejectRewrite',
  generateImageWithChat: 'aitre.generateImageWithChat',
  generateImage: 'aitre.generateImage',
  speakSelection: 'aitre.speakSelection',
  transcribeAudio: 'aitre.transcribeAudio',
  translateAudio: 'aitre.translateAudio',
  embedSelection: 'aitre.embedSelection',
  compareSelections: 'aitre.compareSelections',
  completeAtCursor: 'aitre.completeAtCursor',
  // Prompts in the editor (src/ui/prompts/): the "Open result (n)" lens.
  openPromptResults: 'aitre.openPromptResults',
  // The quota item in the status bar (src/ui/quota/): its click.
  refreshQuota: 'aitre.refreshQuota',
  // Opens the walkthrough (src/ui/walkthrough.ts).
  getStarted: 'aitre.getStarted',
} as const;

/** The language of prompt files, and the diagnostics' source. */
export const PromptLanguage = {
  id: 'midjourney',
  diagnosticSource: 'AITRE',
} as const;

/** URI schemes of the documents AITRE provides. */
export const Schemes = {
  /** Ask about Selection's answers: read-only, never a save prompt on close. */
  answer: 'aitre-answer',
} as const;

export const Views = {
  container: 'aitre',
  tasks: 'aitre.tasks',
  resultPanel: 'aitre.result',
} as const;

/** Language model tools (package.json contributes.languageModelTools). */
export const Tools = {
  generateImage: 'aitre_generateImage',
} as const;

export const ContextKeys = {
  hasApiKey: 'aitre.hasApiKey',
  /** A rewrite is waiting in a diff for Accept / Reject. */
  rewritePending: 'aitre.rewritePending',
  // Walkthrough steps that have no command of their own tick on these.
  /** aitre.baseUrl holds a valid gateway root. */
  hasGatewayUrl: 'aitre.hasGatewayUrl',
  /** The Tasks view has at least one task. */
  hasTasks: 'aitre.hasTasks',
  /** At least one result was saved into the workspace (Save, Insert into Editor, Save All 4). */
  hasSavedResult: 'aitre.hasSavedResult',
} as const;

/** The walkthrough, as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH_ID = `${EXTENSION_ID}#aitre.gettingStarted`;

export const SecretKeys = {
  apiKey: 'aitre.apiKey',
  /** The gateway origin the user confirmed the key for. */
  apiKeyOrigin: 'aitre.apiKeyOrigin',
} as const;

export const Settings = {
  section: 'aitre',
  baseUrl: 'baseUrl',
  mode: 'midjourney.mode',
  botType: 'midjourney.botType',
  pollIntervalSeconds: 'pollIntervalSeconds',
  stallMinutes: 'stallMinutes',
  historyLimit: 'historyLimit',
  imageCacheMB: 'imageCacheMB',
  outputFolder: 'outputFolder',
  videoMarkdown: 'results.videoMarkdown',
  groupByDay: 'tasks.groupByDay',
  /** open | offer | quiet: what a MidJourney submit does with the result panel. */
  resultsOpenPanel: 'results.openPanel',
  // OpenAI-format models and outputs.
  modelChat: 'models.chat',
  modelChatImage: 'models.chatImage',
  modelImage: 'models.image',
  modelSpeech: 'models.speech',
  modelTranscription: 'models.transcription',
  modelEmbeddings: 'models.embeddings',
  modelCompletions: 'models.completions',
  audioFolder: 'audioFolder',
  transcriptionFormat: 'transcription.format',
  // Prompts in the editor.
  promptFiles: 'prompts.files',
  promptDefaultVersion: 'prompts.defaultVersion',
  promptCodeLens: 'prompts.codeLens',
  promptDiagnostics: 'prompts.diagnostics',
  // The quota in the status bar.
  quotaUnit: 'quota.unit',
} as const;
