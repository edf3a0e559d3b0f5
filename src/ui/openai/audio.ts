// Audio: Speak Selection (text to speech, saved in the workspace and opened, split into numbered files
// when the text is longer than one request takes) and Transcribe / Translate Audio (an audio file from
// the Explorer to text, SRT, VTT or JSON in a new document). Files of another type or over 25 MB are
// refused before anything is read or sent.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../../platform/config';
import { GatewayError } from '../../core/gateway/errors';
import {
  AUDIO_UPLOAD_EXTENSIONS, charCount, checkAudioUpload, SPEECH_FORMATS, SPEECH_MAX_CHARS, SPEECH_VOICES, speechTakesInstructions, splitForSpeech,
  type SpeechFormat,
} from '../../core/openai/client';
import { slugify } from '../../core/files/outputs';
import { outputFolder, writeNewFile } from '../outputs';
import {
  argNumber, argObject, argString, formatBytes, knownLanguage, openUntitled, refuse, selectedText, uriArgument,
  withCancellableProgress, withNote,
} from './shared';
import type { OpenAiContext } from './context';

export const TRANSCRIPT_FORMATS = ['text', 'srt', 'vtt', 'json'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

// Functions, not constants: read in the UI language when the pick is shown.
const VOICE_NOTES = (): Record<string, string> => ({
  alloy: vscode.l10n.t('neutral, balanced'), echo: vscode.l10n.t('warm, male'), fable: vscode.l10n.t('expressive, British'), onyx: vscode.l10n.t('deep, male'), nova: vscode.l10n.t('bright, female'), shimmer: vscode.l10n.t('soft, female'),
});
const FORMAT_NOTES = (): Record<string, string> => ({
  mp3: vscode.l10n.t('plays everywhere (default)'), opus: vscode.l10n.t('small, for streaming'), aac: vscode.l10n.t('for Apple devices'), flac: vscode.l10n.t('lossless'), wav: vscode.l10n.t('uncompressed'), pcm: vscode.l10n.t('raw 24 kHz samples, no header (VS Code cannot play it)'),
});

export interface SpeechOutcome {
  files: vscode.Uri[];
  parts: number;
}

export interface TranscriptOutcome {
  document: vscode.TextDocument;
  text: string;
}

function isSpeechFormat(value: unknown): value is SpeechFormat {
  return typeof value === 'string' && (SPEECH_FORMATS as readonly string[]).includes(value);
}

export class AudioCommands {
  constructor(private readonly ctx: OpenAiContext) {}

  /**
   * AITRE: Speak Selection. Arguments: `{ text?, voice?, format?, speed?, model?, split?, instructions? }` — voice and
   * format skip their pickers (and a given voice skips the "how to speak" box); `split: true` accepts splitting a
   * long text without asking.
   */
  async speak(arg?: unknown): Promise<SpeechOutcome | undefined> {
    const args = argObject(arg);
    const text = argString(args, 'text') ?? selectedText(this.ctx.editors.lastTextEditor())?.text;
    if (!text?.trim()) refuse(vscode.l10n.t('Select the text to read aloud first. Nothing was sent.'));
    let parts = [text];
    const length = charCount(text);
    if (length > SPEECH_MAX_CHARS) {
      const split = splitForSpeech(text);
      let agreed = args.split === true;
      if (!agreed && args.split !== false) {
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('The text has {0} characters; one text-to-speech request takes at most {1}. Split it at paragraph and sentence ends into {2} numbered audio files?', length.toLocaleString('en'), SPEECH_MAX_CHARS, split.length),
          { modal: false }, vscode.l10n.t('Split into {0} Files', split.length));
        agreed = choice !== undefined;
      }
      if (!agreed) {
        if (args.split === false) refuse(vscode.l10n.t('The text has {0} characters; text to speech takes at most {1}. Nothing was sent.', length, SPEECH_MAX_CHARS));
        return undefined;
      }
      parts = split;
    }
    const model = argString(args, 'model') ?? this.ctx.models.get('speech');
    const takesInstructions = speechTakesInstructions(model);
    const voice = argString(args, 'voice') ?? await this.pickVoice(takesInstructions ? undefined
      : vscode.l10n.t('{0} reads the text as it is: it takes no "how to speak" instructions (gpt-4o-mini-tts does).', model));
    if (!voice) return undefined;
    const format = isSpeechFormat(args.format) ? args.format : args.format === undefined ? await this.pickFormat() : refuse(vscode.l10n.t('"{0}" is not an audio format. Choose {1}.', String(args.format), SPEECH_FORMATS.join(', ')));
    if (!format) return undefined;
    // How to speak: optional, asked only when the model takes it (an argument skips the box; the core refuses it for tts-1).
    const instructions = args.instructions !== undefined ? argString(args, 'instructions') ?? ''
      : takesInstructions && args.voice === undefined ? await this.askInstructions(model) : '';
    if (instructions === undefined) return undefined;
    const speed = argNumber(args, 'speed');
    const folder = await this.audioFolder();
    if (!folder) return undefined;

    const files: vscode.Uri[] = [];
    const stem = `${dateStamp()}-speech-${slugify(text, 30)}`;
    try {
      await withCancellableProgress(vscode.l10n.t('AITRE: reading aloud with {0} ({1})…', model, voice), async (signal, report) => {
        for (let i = 0; i < parts.length; i++) {
          if (parts.length > 1) report(`part ${i + 1} of ${parts.length}`);
          const audio = await this.ctx.client.speech({ model, input: parts[i]!, voice, format, speed, signal, ...(instructions.trim() && { instructions }) });
          files.push(await writeNewFile(folder, `${stem}${parts.length > 1 ? `-${String(i + 1).padStart(String(parts.length).length, '0')}` : ''}.${audio.extension}`, audio.bytes));
        }
      });
    } catch (error) {
      throw withNote(error, files.length ? vscode.l10n.t('{0} of {1} parts were saved in {2}.', files.length, parts.length, vscode.workspace.asRelativePath(folder, false)) : '');
    }
    await vscode.commands.executeCommand('vscode.open', files[0], { preview: false });
    const where = vscode.workspace.asRelativePath(files[0]!, false);
    if (files.length > 1) {
      void vscode.window.showInformationMessage(vscode.l10n.t('AITRE: the text was split into {0} numbered audio files in {1} ({2} … {3}). The first is open.', files.length, vscode.workspace.asRelativePath(folder, false), path.basename(files[0]!.path), path.basename(files.at(-1)!.path)));
    } else {
      const size = (await vscode.workspace.fs.stat(files[0]!)).size;
      vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: saved {0} ({1}, voice {2}).', where, formatBytes(size), voice), 6000);
    }
    await this.ctx.state.update('aitre.openai.speech', { ...this.ctx.state.get<object>('aitre.openai.speech'), voice, format });
    return { files, parts: parts.length };
  }

  /** AITRE: Transcribe Audio (Explorer, or a file dialog). Arguments: `{ uri, format?, language?, prompt?, model? }`. */
  transcribe(uri?: unknown): Promise<TranscriptOutcome | undefined> {
    return this.audioToText('transcribe', uri);
  }

  /** AITRE: Translate Audio to English. */
  translate(uri?: unknown): Promise<TranscriptOutcome | undefined> {
    return this.audioToText('translate', uri);
  }

  private async audioToText(task: 'transcribe' | 'translate', arg: unknown): Promise<TranscriptOutcome | undefined> {
    const args = argObject(arg);
    let file = uriArgument(arg);
    if (!file) {
      file = (await vscode.window.showOpenDialog({
        title: task === 'transcribe' ? vscode.l10n.t('AITRE: Audio file to transcribe') : vscode.l10n.t('AITRE: Audio file to translate to English'),
        canSelectMany: false, canSelectFiles: true, canSelectFolders: false, openLabel: task === 'transcribe' ? vscode.l10n.t('Transcribe') : vscode.l10n.t('Translate'),
        filters: { [vscode.l10n.t('Audio')]: [...AUDIO_UPLOAD_EXTENSIONS] },
      }))?.[0];
      if (!file) return undefined;
    }
    const name = path.basename(file.path);
    let size: number;
    try {
      const stat = await vscode.workspace.fs.stat(file);
      if (stat.type & vscode.FileType.Directory) refuse(vscode.l10n.t('"{0}" is a folder, not an audio file.', name));
      size = stat.size;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      refuse(vscode.l10n.t('"{0}" cannot be read. Nothing was sent.', name));
    }
    // Type and size are checked before the file is read or anything is sent.
    try {
      checkAudioUpload(name, size);
    } catch (error) {
      throw withNote(error, vscode.l10n.t('Nothing was sent.'));
    }
    const bytes = await vscode.workspace.fs.readFile(file);
    const wanted = argString(args, 'format') ?? config.transcriptionFormat();
    const format: TranscriptFormat = (TRANSCRIPT_FORMATS as readonly string[]).includes(wanted) ? wanted as TranscriptFormat : 'text';
    const model = argString(args, 'model') ?? this.ctx.models.get('transcription');
    const language = argString(args, 'language');
    const prompt = argString(args, 'prompt');
    const working = task === 'transcribe' ? vscode.l10n.t('AITRE: transcribing {0} with {1}…', name, model) : vscode.l10n.t('AITRE: translating {0} with {1}…', name, model);
    const answer = await withCancellableProgress(working, (signal) => {
      const input = { file: bytes, fileName: name, model, responseFormat: format, prompt, signal };
      return task === 'transcribe' ? this.ctx.client.transcribe({ ...input, language }) : this.ctx.client.translate(input);
    });
    const text = typeof answer === 'string' ? answer : `${JSON.stringify(answer, null, 2)}\n`;
    const language_ = format === 'json' ? 'json' : format === 'srt' ? await knownLanguage('srt', 'subtitles') : format === 'vtt' ? await knownLanguage('vtt', 'webvtt') : 'plaintext';
    const editor = await openUntitled(text, language_, 'active');
    vscode.window.setStatusBarMessage(vscode.l10n.t('AITRE: {0} of {1} ({2}).', task === 'transcribe' ? vscode.l10n.t('transcript') : vscode.l10n.t('English translation'), name, format), 5000);
    return { document: editor.document, text };
  }

  /** The optional "how to speak" line; '' for none, undefined when cancelled. The last one is offered again. */
  private async askInstructions(model: string): Promise<string | undefined> {
    const last = this.ctx.state.get<{ instructions?: string }>('aitre.openai.speech')?.instructions ?? '';
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('AITRE: Speak Selection — how to speak (optional, {0})', model),
      prompt: vscode.l10n.t('Tone, pace, accent or emotion, in a few words. Leave it empty to read plainly; Enter continues.'),
      placeHolder: vscode.l10n.t('calm and warm, like a late-night radio host'),
      value: last,
      ignoreFocusOut: true,
      validateInput: (text) => (charCount(text) > SPEECH_MAX_CHARS ? vscode.l10n.t('At most {0} characters.', SPEECH_MAX_CHARS) : undefined),
    });
    if (typed === undefined) return undefined;
    await this.ctx.state.update('aitre.openai.speech', { ...this.ctx.state.get<object>('aitre.openai.speech'), instructions: typed.trim() });
    return typed.trim();
  }

  private async pickVoice(note?: string): Promise<string | undefined> {
    const last = this.ctx.state.get<{ voice?: string }>('aitre.openai.speech')?.voice;
    const voices = [...SPEECH_VOICES].sort((a, b) => Number(b === last) - Number(a === last));
    const picked = await vscode.window.showQuickPick(voices.map((v) => ({ label: v, description: [v === last ? vscode.l10n.t('last used') : '', VOICE_NOTES()[v] ?? ''].filter(Boolean).join(' · ') })), {
      title: vscode.l10n.t('AITRE: Speak Selection — voice'), placeHolder: note ? vscode.l10n.t('Choose a voice. {0}', note) : vscode.l10n.t('Choose a voice'), ignoreFocusOut: true,
    });
    return picked?.label;
  }

  private async pickFormat(): Promise<SpeechFormat | undefined> {
    const last = this.ctx.state.get<{ format?: string }>('aitre.openai.speech')?.format;
    const formats = [...SPEECH_FORMATS].sort((a, b) => Number(b === last) - Number(a === last));
    const picked = await vscode.window.showQuickPick(formats.map((f) => ({ label: f, description: [f === last ? vscode.l10n.t('last used') : '', FORMAT_NOTES()[f] ?? ''].filter(Boolean).join(' · ') })), {
      title: vscode.l10n.t('AITRE: Speak Selection — audio format'), placeHolder: vscode.l10n.t('Choose a file format'), ignoreFocusOut: true,
    });
    return picked && isSpeechFormat(picked.label) ? picked.label : undefined;
  }

  private audioFolder(): Promise<vscode.Uri | undefined> {
    return outputFolder(config.audioFolder(), vscode.l10n.t('AITRE: Where should audio files be saved?'));
  }
}

function dateStamp(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
