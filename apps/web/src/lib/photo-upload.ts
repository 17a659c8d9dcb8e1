// A photo from the phone, made small enough for WhatsApp and a slow connection (JPEG, 1600 px on
// its longest side), then uploaded for a conversation (`POST /uploads/photo`, the session cookie).

const LONGEST_SIDE = 1600;

/** The picture re-encoded as a JPEG no larger than needed; the file itself when it cannot be. */
export async function shrinkPhoto(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', 0.82),
    );
    return blob ?? file;
  } catch {
    return file;
  }
}

export class UploadError extends Error {}

/** Uploads the photo; its id, for `conversations.sendMessage({ photo: { uploadId } })`. */
export async function uploadConversationPhoto(params: {
  businessId: string;
  conversationId: string;
  file: File;
}): Promise<string> {
  const form = new FormData();
  form.set('businessId', params.businessId);
  form.set('conversationId', params.conversationId);
  form.set('file', await shrinkPhoto(params.file), 'photo.jpg');
  const response = await fetch('/uploads/photo', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
  if (!response.ok || !body.id) throw new UploadError(body.error ?? `HTTP ${response.status}`);
  return body.id;
}
