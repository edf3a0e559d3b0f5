// The result panel's video: a VIDEO task plays from a local file the host gave it. When this webview
// cannot decode the codec (VS Code's Chromium has no H.264, what MidJourney sends), the poster stays
// and "Open" hands the file to the system's video player. Kept apart from main.ts's picture code.
import type { TaskView } from '../src/shared/protocol';
import { t } from './l10n';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

/** Sources this page found it cannot play (by URL), so a repaint does not try them again. */
const unplayable = new Set<string>();
let shown: TaskView | undefined;

/** The sentence for a video this webview cannot decode, by its type. */
function cannotPlayText(type: string): string {
  if (type === 'video/webm') return t('This WebM video cannot play inside VS Code, so its first frame is shown. Open plays it in your system\'s video player.');
  if (type === 'video/mp4') return t('This MP4 (H.264) video cannot play inside VS Code, so its first frame is shown. Open plays it in your system\'s video player.');
  return t('This video cannot play inside VS Code, so its first frame is shown. Open plays it in your system\'s video player.');
}

/** Wires the <video> once: a decode error switches to the poster and "Open". */
export function setUpVideo(onOpen: () => void): void {
  const video = $<HTMLVideoElement>('video');
  video.addEventListener('error', () => {
    const src = video.getAttribute('src');
    if (!src) return;
    unplayable.add(src);
    if (shown) renderVideo(shown);
  });
  $('open-video').addEventListener('click', onOpen);
}

/** Shows the video (or the fallback); runs after the picture is rendered, and hides the poster while the video shows. */
export function renderVideo(task: TaskView): void {
  shown = task;
  const video = $<HTMLVideoElement>('video');
  const figure = $('video-figure');
  const fallback = $('video-fallback');
  const isVideo = task.videoCount > 0 || Boolean(task.videoUrl);
  const note = $('video-note');
  note.textContent = task.videoNote;
  note.hidden = !task.videoNote;
  document.body.classList.toggle('is-video', isVideo);
  if (!task.videoUrl) {
    figure.hidden = true;
    fallback.hidden = true;
    if (video.hasAttribute('src')) {
      video.removeAttribute('src');
      video.load();
    }
    relabel(isVideo);
    return;
  }
  const cannot = unplayable.has(task.videoUrl) || (task.videoType !== '' && video.canPlayType(task.videoType) === '');
  if (cannot) {
    figure.hidden = true;
    if (video.hasAttribute('src')) {
      video.removeAttribute('src');
      video.load();
    }
    fallback.hidden = false;
    $('video-fallback-text').textContent = cannotPlayText(task.videoType);
  } else {
    fallback.hidden = true;
    figure.hidden = false;
    // The poster shows in the player until it plays; the picture above is not needed twice.
    $('figure').hidden = true;
    if (task.imageUrl && !task.imageIsPreview) video.poster = task.imageUrl;
    if (video.getAttribute('src') !== task.videoUrl) video.src = task.videoUrl;
    video.setAttribute('aria-label', task.prompt ? t('Video for: {0}', task.prompt) : t('Result video'));
    $('video-caption').textContent = task.videoCount > 1 ? t('Video 1 of {0}.', task.videoCount) : '';
  }
  relabel(true);
}

/** Save / Insert / Copy say "video" on a video task. */
function relabel(isVideo: boolean): void {
  const set = (id: string, text: string, title: string) => {
    const el = $(id);
    el.textContent = text;
    el.title = title;
  };
  if (isVideo) {
    set('save', t('Save Video'), t('Save the video file into the workspace output folder'));
    set('insert', t('Insert into Editor'), t('Insert a link to the saved video (or an HTML <video> tag, per aitre.results.videoMarkdown) at the cursor'));
    set('copy-url', t('Copy Video URL'), t('Copy the gateway link of the video'));
  } else {
    set('save', t('Save'), t('Save the image into the workspace output folder'));
    set('insert', t('Insert into Editor'), t('Insert a Markdown image link (or the path) at the cursor'));
    set('copy-url', t('Copy Image URL'), t('Copy the gateway link of the image'));
  }
}
