// multipart/form-data bodies (the audio and image-edit uploads), read with the platform's own parser
// (`Response.formData()`, undici's RFC 7578 implementation) rather than by hand.

export interface FormFile {
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface Form {
  /** A text field's value (first occurrence), or undefined. */
  field(name: string): string | undefined;
  /** Every file part called `name` (e.g. `image` and `image[]` are different names), in order. */
  files(name: string): FormFile[];
  /** Every field name present, text or file. */
  names(): string[];
}

/** The parsed form, or null when the body is not well-formed multipart for this content type. */
export async function parseForm(raw: Buffer, contentType: string): Promise<Form | null> {
  if (!/^multipart\/form-data\b/i.test(contentType)) return null;
  let data: FormData;
  try {
    data = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return null;
  }
  const files: FormFile[] = [];
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string') {
      files.push({ name, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return {
    field: (name) => {
      const value = data.getAll(name).find((v): v is string => typeof v === 'string');
      return value;
    },
    files: (name) => files.filter((file) => file.name === name),
    names: () => [...new Set(data.keys())],
  };
}
