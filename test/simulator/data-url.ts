// Image data-URLs as MJ inputs use them: `data:image/png;base64,....`.

export interface DataUrlImage {
  mime: string;
  base64: string;
}

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/i;

/** The parsed image, or null when `value` is not a base64 image data-URL with at least one byte. */
export function parseImageDataUrl(value: unknown): DataUrlImage | null {
  if (typeof value !== 'string') return null;
  const match = DATA_URL.exec(value.trim());
  if (!match?.[1] || !match[2]) return null;
  const base64 = match[2].replace(/\s+/g, '');
  if (Buffer.from(base64, 'base64').length === 0) return null;
  return { mime: match[1].toLowerCase(), base64 };
}
