// What a message's `media` holds, by the message's type: written by the WhatsApp ingest (an
// inbound message described), completed by the media job (where the file is), or by a send (the
// template used). One shape for the column, the API answer and the apps, so none re-declares it.

/** A photo, voice note, video, document or sticker: Meta's media id until the media job adds its link. */
export interface MediaFile {
  mediaId?: string;
  mimeType?: string | null;
  sha256?: string | null;
  /** A document's own name, as the customer sent it. */
  filename?: string | null;
  /** Where the file is (Meta's short-lived link), once the media job asked. */
  url?: string;
  sizeBytes?: number;
}

export interface MessageMedia extends MediaFile {
  // location: the pin the customer dropped (or the shop's, sent by us), with the place's name and
  // address when WhatsApp gives them
  latitude?: number;
  longitude?: number;
  name?: string | null;
  address?: string | null;
  // an outbound product card: the catalog product it shows; an outbound photo: its upload
  productId?: string;
  uploadId?: string;
  // contacts: the cards as Meta sent them
  contacts?: unknown[];
  // interactive (a button or list reply) and button (a template's quick reply)
  replyId?: string;
  kind?: string;
  payload?: string | null;
  // reaction: the message reacted to
  messageId?: string;
  // order: the lines of a catalog order
  items?: unknown[];
  catalogId?: string | null;
  // an outbound template
  template?: string;
  language?: string;
  parameters?: string[];
}
