// The gateway's route table and path matching (mode prefixes included).
import type { RuntimeConfig } from './config';
import type { Handler } from './context';
import { action, modal } from './routes-action';
import { chatCompletions, completions, embeddings, file } from './routes-openai';
import { imageEdits } from './routes-openai-edits';
import { imageGenerations, speech, transcriptions, translations } from './routes-openai-media';
import { attachment, edits, retexture, uploadImages, video, videoFile } from './routes-media';
import { blend, describe, imagine, shorten, swapFace } from './routes-submit';
import { fetchTask, image, imageSeed, listByCondition, models } from './routes-task';

export interface RouteDef {
  method: string;
  /** '/mj/task/{id}/fetch' */
  pattern: string;
  auth: boolean;
  handler: Handler;
  /** A route the configured gateway lacks answers like an unknown URL. */
  enabled?: (config: RuntimeConfig) => boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { method: 'POST', pattern: '/mj/submit/imagine', auth: true, handler: imagine },
  { method: 'POST', pattern: '/mj/submit/blend', auth: true, handler: blend },
  { method: 'POST', pattern: '/mj/submit/describe', auth: true, handler: describe },
  { method: 'POST', pattern: '/mj/submit/shorten', auth: true, handler: shorten },
  { method: 'POST', pattern: '/mj/submit/action', auth: true, handler: action },
  { method: 'POST', pattern: '/mj/submit/modal', auth: true, handler: modal },
  { method: 'POST', pattern: '/mj/insight-face/swap', auth: true, handler: swapFace },
  { method: 'POST', pattern: '/mj/submit/video', auth: true, handler: video },
  { method: 'POST', pattern: '/mj/submit/edits', auth: true, handler: edits },
  { method: 'POST', pattern: '/mj/submit/retexture', auth: true, handler: retexture, enabled: (c) => c.retexture },
  { method: 'POST', pattern: '/mj/submit/upload-discord-images', auth: true, handler: uploadImages },
  { method: 'GET', pattern: '/mj/video/{file}', auth: false, handler: videoFile },
  { method: 'GET', pattern: '/mj/attachments/{name}', auth: false, handler: attachment },
  { method: 'GET', pattern: '/mj/task/{id}/fetch', auth: true, handler: fetchTask },
  { method: 'GET', pattern: '/mj/task/{id}/image-seed', auth: true, handler: imageSeed },
  { method: 'POST', pattern: '/mj/task/list-by-condition', auth: true, handler: listByCondition, enabled: (c) => c.listByCondition },
  { method: 'GET', pattern: '/mj/image/{id}', auth: false, handler: image },
  { method: 'GET', pattern: '/v1/models', auth: true, handler: models },
  { method: 'POST', pattern: '/v1/chat/completions', auth: true, handler: chatCompletions },
  { method: 'POST', pattern: '/v1/completions', auth: true, handler: completions },
  { method: 'POST', pattern: '/v1/embeddings', auth: true, handler: embeddings },
  { method: 'POST', pattern: '/v1/images/generations', auth: true, handler: imageGenerations },
  { method: 'POST', pattern: '/v1/images/edits', auth: true, handler: imageEdits },
  { method: 'POST', pattern: '/v1/audio/speech', auth: true, handler: speech },
  { method: 'POST', pattern: '/v1/audio/transcriptions', auth: true, handler: transcriptions },
  { method: 'POST', pattern: '/v1/audio/translations', auth: true, handler: translations },
  { method: 'GET', pattern: '/v1/files/{name}', auth: false, handler: file },
];

export interface RouteMatch {
  def: RouteDef | null;
  /** 'POST /mj/submit/imagine' — mode prefix and query stripped, ids concrete. */
  route: string;
  /** 'GET /mj/task/{id}/fetch' when a route matched. */
  template: string | null;
  mode: string | null;
  /** The path without mode prefix. */
  path: string;
  params: Record<string, string>;
}

/** new-api accepts any `/{mode}/mj/...` and forwards the part from `/mj/` on. */
export function splitMode(pathname: string): { mode: string | null; path: string } {
  const match = /^\/([^/]+)(\/mj\/.*)$/.exec(pathname);
  if (!match?.[1] || !match[2] || match[1] === 'mj') return { mode: null, path: pathname };
  return { mode: match[1], path: match[2] };
}

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const actual = got[i] ?? '';
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (!actual) return null;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return null; // malformed escape: no route
      }
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}

export function matchRoute(method: string, pathname: string): RouteMatch {
  const { mode, path } = splitMode(pathname);
  const route = `${method} ${path}`;
  for (const def of ROUTES) {
    if (def.method !== method) continue;
    const params = matchPattern(def.pattern, path);
    if (params) return { def, route, template: `${method} ${def.pattern}`, mode, path, params };
  }
  return { def: null, route, template: null, mode, path, params: {} };
}
