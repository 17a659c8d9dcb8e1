// Proof photos: taken with the camera, shrunk before upload (1280 px wide, JPEG 0.6: ~150 KB
// instead of 3–5 MB on a bad network), sent to POST /uploads/proof with the bearer session.
import * as ImageManipulator from 'expo-image-manipulator';
import * as ImagePicker from 'expo-image-picker';
import { Platform } from 'react-native';
import { authHeaders } from '../api/client';
import { apiBaseUrl } from './env';
import { UploadRefusedError } from './refusal';

/** A compressed photo's local URI, or null when the courier cancelled or refused the camera. */
export async function takeProofPhoto(): Promise<string | null> {
  const permission = await ImagePicker.requestCameraPermissionsAsync();
  if (!permission.granted && Platform.OS !== 'web') return null;
  const shot = await ImagePicker.launchCameraAsync({ mediaTypes: ['images'], quality: 0.7 });
  const asset = shot.canceled ? null : shot.assets[0];
  if (!asset) return null;
  const small = await ImageManipulator.manipulateAsync(asset.uri, [{ resize: { width: 1280 } }], {
    compress: 0.6,
    format: ImageManipulator.SaveFormat.JPEG,
  });
  return small.uri;
}

/**
 * Uploads a proof photo; the upload's id goes with `courier.deliver`. A refusal throws
 * UploadRefusedError (final or not: lib/refusal), no network a TypeError (tried again).
 */
export async function uploadProofPhoto(params: {
  businessId: string;
  deliveryId: string;
  uri: string;
}): Promise<string> {
  const form = new FormData();
  form.append('businessId', params.businessId);
  form.append('deliveryId', params.deliveryId);
  if (Platform.OS === 'web') {
    form.append('file', await (await fetch(params.uri)).blob(), 'proof.jpg');
  } else {
    // React Native's FormData takes a file by its URI.
    form.append('file', { uri: params.uri, name: 'proof.jpg', type: 'image/jpeg' } as never);
  }
  const response = await fetch(`${apiBaseUrl()}/uploads/proof`, {
    method: 'POST',
    headers: authHeaders(),
    body: form,
  });
  if (!response.ok) {
    // The server's words (a photo too big, photo proof not allowed here) for the courier.
    const body = (await response.json().catch(() => null)) as {
      error?: string;
      reason?: string;
      params?: Record<string, unknown>;
    } | null;
    throw new UploadRefusedError(
      response.status,
      body?.error ?? `The photo upload failed (${response.status})`,
      body?.reason ? { reason: body.reason, params: body.params ?? {} } : undefined,
    );
  }
  const body = (await response.json()) as { id: string };
  return body.id;
}
