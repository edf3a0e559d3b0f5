// Video files as the gateway sends them (MidJourney: H.264 MP4; the simulator: VP8 WebM): what a
// file is by its first bytes, its extension, and how Markdown refers to it.
export type VideoMime = 'video/mp4' | 'video/webm';

/** WebM / Matroska (EBML magic) or an ISO-BMFF file with an 'ftyp' box (MP4, MOV); undefined otherwise. */
export function sniffVideoMime(bytes: Uint8Array): VideoMime | undefined {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
  if (b.length >= 8 && b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70) return 'video/mp4';
  return undefined;
}

const EXTENSIONS: Record<VideoMime, string> = { 'video/mp4': 'mp4', 'video/webm': 'webm' };

/** The file type of a video: by its bytes, else by the server's content type, else MP4 (what MidJourney sends). */
export function videoFileType(bytes: Uint8Array, contentType = ''): { ext: string; type: VideoMime } {
  const declared = contentType.split(';')[0]?.trim().toLowerCase();
  const type = sniffVideoMime(bytes) ?? (declared === 'video/webm' ? 'video/webm' : 'video/mp4');
  return { ext: EXTENSIONS[type], type };
}

export function videoTypeOfExtension(ext: string): VideoMime {
  return ext.toLowerCase() === 'webm' ? 'video/webm' : 'video/mp4';
}

/** How an inserted video reads in Markdown (setting aitre.results.videoMarkdown). */
export type VideoMarkdown = 'link' | 'html';

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The prompt without its --parameters, on one line (what a link's text or a title says). */
function label(prompt: string): string {
  return prompt.replace(/--\w+(\s+[^\s-][^\s]*)?/g, '').replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** `[prompt](path)` or `<video src="path" controls title="prompt"></video>`; `path` is already relative. */
export function markdownVideo(prompt: string, path: string, style: VideoMarkdown): string {
  if (style === 'html') return `<video src="${escapeAttribute(path.replace(/ /g, '%20'))}" controls title="${escapeAttribute(label(prompt) || 'video')}"></video>`;
  const text = label(prompt).replace(/([[\]\\])/g, '\\$1') || 'video';
  const target = /[ ()]/.test(path) ? `<${path}>` : path;
  return `[${text}](${target})`;
}
