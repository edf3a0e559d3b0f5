// Audio: text to speech (/v1/audio/speech, a binary answer) and speech to text (/v1/audio/transcriptions and
// /translations, multipart uploads). The limits are checked before anything is sent.
import { refuse } from '../gateway/errors';
import { t } from '../base/l10n';

export const SPEECH_MAX_CHARS = 4096;
export const SPEECH_VOICES = ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer'] as const;
export const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];

export const AUDIO_UPLOAD_EXTENSIONS = ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm'] as const;
/** 25 MB, the upstream limit for one upload. */
export const AUDIO_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
export const TRANSCRIPTION_FORMATS = ['json', 'text', 'srt', 'vtt', 'verbose_json'] as const;
export type TranscriptionFormat = (typeof TRANSCRIPTION_FORMATS)[number];

/** Characters as the upstream counts them (code points, so an emoji is one). */
export const charCount = (text: string): number => [...text].length;

/** Whether a speech model takes `instructions` (how to speak): every one except the original tts-1 and tts-1-hd. */
export function speechTakesInstructions(model: string): boolean {
  return !/^(.*\/)?tts-1(-hd)?(-\d+)?$/i.test(model.trim());
}

export function checkSpeechInput(input: string, speed?: number): void {
  if (!input.trim()) refuse(t('There is no text to read aloud.'));
  const length = charCount(input);
  if (length > SPEECH_MAX_CHARS) {
    refuse(t('Text to speech takes at most {0} characters per request; this text has {1}. Split it into parts first.', SPEECH_MAX_CHARS, length));
  }
  if (speed !== undefined && !(speed >= 0.25 && speed <= 4)) refuse(t('The speed must be between 0.25 and 4.'));
}

/**
 * Splits text into parts of at most `max` characters for speech: at paragraph breaks where possible, then at
 * sentence ends, then between words; a single word longer than `max` is cut. Parts are trimmed; none is empty.
 */
export function splitForSpeech(text: string, max = SPEECH_MAX_CHARS): string[] {
  if (!(max >= 1)) throw new RangeError('splitForSpeech: max must be at least 1');
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) parts.push(current.trim());
    current = '';
  };
  // Pieces carry their own separators, so joining them gives the text back.
  const add = (piece: string, smaller: (piece: string) => string[] | null) => {
    if (charCount(current + piece) <= max) {
      current += piece;
      return;
    }
    flush();
    if (charCount(piece.trim()) <= max) current = piece.trimStart();
    else for (const part of smaller(piece) ?? []) add(part, () => null);
  };
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/(?<=\n[ \t]*\n)/);
  for (const paragraph of paragraphs) {
    add(paragraph, (p) => sentencesOf(p).flatMap((sentence) => (charCount(sentence.trim()) <= max ? [sentence] : wordsOf(sentence, max))));
  }
  flush();
  return parts;
}

function sentencesOf(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(new Intl.Segmenter(undefined, { granularity: 'sentence' }).segment(text), (s) => s.segment);
  }
  return text.split(/(?<=[.!?。！？…]["'”’)\]]*\s+|[。！？])/);
}

/** Words with their trailing space; a word longer than `max` cut into `max`-character pieces. */
function wordsOf(text: string, max: number): string[] {
  return (text.match(/\S+\s*|\s+/g) ?? []).flatMap((word) => {
    const chars = [...word];
    if (chars.length <= max) return [word];
    const pieces: string[] = [];
    for (let i = 0; i < chars.length; i += max) pieces.push(chars.slice(i, i + max).join(''));
    return pieces;
  });
}

const MIME_EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'audio/vnd.wave': 'wav',
  'audio/flac': 'flac', 'audio/x-flac': 'flac', 'audio/aac': 'aac', 'audio/opus': 'opus', 'audio/ogg': 'ogg', 'audio/pcm': 'pcm', 'audio/l16': 'pcm',
};

/** The file extension for what the gateway sent: its Content-Type when it names an audio type, else the format asked for. */
export function speechExtension(contentType: string | null, requested: SpeechFormat): string {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_EXTENSIONS[mime] ?? requested;
}

export function checkAudioUpload(fileName: string, size: number): void {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!(AUDIO_UPLOAD_EXTENSIONS as readonly string[]).includes(extension)) {
    refuse(t('"{0}" is not an audio file the gateway takes. Use {1}.', fileName, AUDIO_UPLOAD_EXTENSIONS.join(', ')));
  }
  if (size === 0) refuse(t('"{0}" is empty.', fileName));
  if (size > AUDIO_UPLOAD_MAX_BYTES) {
    refuse(t('"{0}" is {1} MB; the gateway takes at most 25 MB. Shorten or compress it first.', fileName, (size / 1024 / 1024).toFixed(1)));
  }
}

export interface VerboseTranscription {
  text: string;
  language?: string;
  duration?: number;
  segments?: Array<{ id: number; start: number; end: number; text: string }>;
}

/** What each response format gives back: text for text/srt/vtt, `{text}` for json, the full object for verbose_json. */
export type TranscriptionResult<F extends TranscriptionFormat> =
  F extends 'json' ? { text: string } : F extends 'verbose_json' ? VerboseTranscription : string;
