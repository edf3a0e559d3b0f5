// Reference images uploaded to the gateway (POST /mj/submit/upload-discord-images), remembered by the SHA-256 of
// their bytes and the gateway origin: the same file is never uploaded (or paid for) twice to the same gateway,
// whatever its name or path. `recent()` lists the URLs newest-used first, for --sref / --oref completion.
import { createHash } from 'node:crypto';
import type { MementoLike } from '../base/memento';
import { imagesToDataUrls, type ImageInput } from '../files/images';
import { GatewayError } from '../gateway/errors';
import { t } from '../base/l10n';

export const REFERENCE_UPLOADS_KEY = 'aitre.referenceUploads';
/** Entries kept; the least recently used go first. */
export const MAX_REFERENCE_UPLOADS = 200;

export interface ReferenceUpload {
  /** What MidJourney reads: goes after --oref / --sref / --cref. */
  url: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The gateway origin it was uploaded to. */
  origin: string;
  /** The file name when it was first uploaded (for lists; not part of the key). */
  name: string;
  bytes: number;
  uploadedAt: number;
  lastUsedAt: number;
}

export interface ReferenceUploadsOptions {
  now?: () => number;
  max?: number;
}

/** Sends data URLs to the gateway and returns one URL per image, in order (MidjourneyClient.uploadImages). */
export type Uploader = (dataUrls: string[]) => Promise<string[]>;

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export class ReferenceUploads {
  private readonly now: () => number;
  private readonly max: number;
  /** Uploads under way, so two uses of the same file at once still make one request. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly memento: MementoLike, options: ReferenceUploadsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.max = options.max ?? MAX_REFERENCE_UPLOADS;
  }

  /** The URL these bytes already have on `origin`, if they were uploaded there. */
  lookup(origin: string, bytes: Uint8Array): string | undefined {
    return this.entries().find((e) => e.origin === origin && e.sha256 === sha256Of(bytes))?.url;
  }

  /**
   * One URL per image, in order: known images (same bytes, same gateway) are not sent again; the others go in one
   * upload request. Unusable images (type, size, empty) are refused before anything is sent.
   */
  async urlsFor(origin: string, images: readonly ImageInput[], upload: Uploader): Promise<string[]> {
    const checked = imagesToDataUrls(images);
    if (!checked.ok) throw new GatewayError({ kind: 'validation', message: checked.message });
    const hashes = images.map((image) => sha256Of(image.bytes));
    const known = new Map(this.entries().filter((e) => e.origin === origin).map((e) => [e.sha256, e.url]));
    const missing: number[] = [];
    hashes.forEach((hash, i) => {
      if (!known.has(hash) && !this.inFlight.has(`${origin} ${hash}`) && !missing.some((j) => hashes[j] === hash)) missing.push(i);
    });
    if (missing.length > 0) {
      const request = upload(missing.map((i) => checked.dataUrls[i]!));
      missing.forEach((i, k) => {
        const key = `${origin} ${hashes[i]}`;
        const one = request.then((urls) => urls[k]!).finally(() => this.inFlight.delete(key));
        one.catch(() => undefined); // the failure reaches this caller through `await request`, others through their own await
        this.inFlight.set(key, one);
      });
      const urls = await request;
      await this.save(missing.map((i, k) => ({
        url: urls[k]!, sha256: hashes[i]!, origin, name: images[i]!.name, bytes: images[i]!.bytes.length, uploadedAt: this.now(), lastUsedAt: this.now(),
      })));
    }
    const result = await Promise.all(hashes.map(async (hash) => known.get(hash) ?? this.inFlight.get(`${origin} ${hash}`) ?? this.urlOf(origin, hash)));
    await this.touch(origin, hashes);
    return result;
  }

  /** Uploaded references, most recently used first; only those of `origin` when given. */
  recent(origin?: string, limit = 20): ReferenceUpload[] {
    return this.entries()
      .filter((e) => origin === undefined || e.origin === origin)
      .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
      .slice(0, limit);
  }

  /** Forgets one URL (e.g. the gateway no longer serves it), so the next use uploads the file again. */
  async forget(url: string): Promise<void> {
    await this.memento.update(REFERENCE_UPLOADS_KEY, this.entries().filter((e) => e.url !== url));
  }

  private urlOf(origin: string, hash: string): string {
    const url = this.entries().find((e) => e.origin === origin && e.sha256 === hash)?.url;
    if (!url) throw new GatewayError({ kind: 'bad-response', message: t('The upload finished without a link for one image. Try again.') });
    return url;
  }

  private entries(): ReferenceUpload[] {
    const saved = this.memento.get<unknown>(REFERENCE_UPLOADS_KEY);
    return Array.isArray(saved) ? saved.filter(isEntry) : [];
  }

  private async save(added: ReferenceUpload[]): Promise<void> {
    const fresh = new Set(added.map((e) => `${e.origin} ${e.sha256}`));
    const kept = this.entries().filter((e) => !fresh.has(`${e.origin} ${e.sha256}`));
    const all = [...added, ...kept].sort((a, b) => b.lastUsedAt - a.lastUsedAt).slice(0, this.max);
    await this.memento.update(REFERENCE_UPLOADS_KEY, all);
  }

  private async touch(origin: string, hashes: readonly string[]): Promise<void> {
    const used = new Set(hashes);
    const now = this.now();
    await this.memento.update(REFERENCE_UPLOADS_KEY, this.entries().map((e) => (e.origin === origin && used.has(e.sha256) ? { ...e, lastUsedAt: now } : e)));
  }
}

function isEntry(value: unknown): value is ReferenceUpload {
  const e = value as Partial<ReferenceUpload> | null;
  return typeof e === 'object' && e !== null && typeof e.url === 'string' && typeof e.sha256 === 'string' && typeof e.origin === 'string'
    && typeof e.lastUsedAt === 'number';
}
