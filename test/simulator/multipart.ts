// A small multipart/form-data reader (RFC 7578) over the raw body bytes, for the audio upload routes.

export interface FormPart {
  name: string;
  /** Set for file parts. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The parts, or null when the body is not well-formed multipart for this content type. */
export function parseMultipart(raw: Buffer, contentType: string): FormPart[] | null {
  if (!/^multipart\/form-data\b/i.test(contentType)) return null;
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value) return null;
  const delimiter = Buffer.from(`--${value}`, 'latin1');
  const parts: FormPart[] = [];
  let at = raw.indexOf(delimiter);
  if (at < 0) return null;
  for (;;) {
    at += delimiter.length;
    if (raw.subarray(at, at + 2).toString('latin1') === '--') return parts; // closing delimiter
    if (raw.subarray(at, at + 2).toString('latin1') !== '\r\n') return null;
    at += 2;
    const headerEnd = raw.indexOf('\r\n\r\n', at, 'latin1');
    if (headerEnd < 0) return null;
    const headers = parseHeaders(raw.subarray(at, headerEnd).toString('utf8'));
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), headerEnd + 4);
    if (next < 0) return null;
    const disposition = headers['content-disposition'] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return null;
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    parts.push({
      name,
      ...(filename !== undefined && { filename }),
      ...(headers['content-type'] && { contentType: headers['content-type'] }),
      data: raw.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

/** A text field's value (first occurrence). */
export function field(parts: FormPart[], name: string): string | undefined {
  const part = parts.find((p) => p.name === name && p.filename === undefined);
  return part?.data.toString('utf8');
}
