import type { DecodedTnef, TnefAttachment } from './decoded-tnef';
import { parseMapiProps, type MapiProp } from './mapi-props.parser';
import { TnefByteReader } from './tnef-byte.reader';
import { TnefFormatError } from './tnef-format.error';
import { LVL_ATTACHMENT, LVL_MESSAGE, MapiProperty, MapiType, TnefAttribute, TNEF_SIGNATURE } from './tnef-ids';
import { DEFAULT_TNEF_LIMITS, type TnefLimits } from './tnef-limits';
import { decodeCodepage, decodeMapiString } from './tnef-text.util';

/** An attachment while its attributes arrive; attAttachRendData opens the next one. */
interface AttachmentDraft {
  title?: string;
  longFilename?: string;
  filename?: string;
  displayName?: string;
  data?: Buffer;
  mimeType?: string;
  contentId?: string;
  objectData?: boolean;
}

interface MessageDraft {
  codepage: number;
  text?: string;
  html?: { readonly bytes: Buffer; readonly type: number };
  /** PR_INTERNET_CPID: the code page the HTML body's bytes are in. */
  internetCodepage?: number;
  rtfCompressed?: Buffer;
  readonly attachments: AttachmentDraft[];
}

/**
 * Decodes a winmail.dat (MS-OXTNEF): the attachments' names and bytes, the body as text, HTML or
 * still compressed RTF, and what it had to leave out. Throws TnefFormatError for anything that is
 * not a whole, well-formed stream within the limits; every read is bounded, so it never loops or
 * allocates past the input.
 */
export function decodeTnef(bytes: Buffer, limits: TnefLimits = DEFAULT_TNEF_LIMITS): DecodedTnef {
  const reader = new TnefByteReader(bytes);
  if (reader.u32() !== TNEF_SIGNATURE) throw new TnefFormatError('not a TNEF stream (bad signature)');
  reader.u16(); // the legacy key; nothing depends on it
  const message: MessageDraft = { codepage: 1252, attachments: [] };
  for (let count = 1; reader.remaining > 0; count += 1) {
    if (count > limits.maxAttributes) throw new TnefFormatError(`more than ${limits.maxAttributes} attributes`);
    const level = reader.u8();
    const id = reader.u32() & 0xffff;
    const data = reader.take(reader.u32(), 'attribute data');
    const checksum = reader.u16();
    if (checksum !== byteSum(data)) throw new TnefFormatError(`attribute 0x${id.toString(16)} at offset ${reader.position}: checksum mismatch`);
    if (level === LVL_MESSAGE) readMessageAttribute(message, id, data, limits);
    else if (level === LVL_ATTACHMENT) readAttachmentAttribute(message, id, data, limits);
    else throw new TnefFormatError(`unknown attribute level ${level}`);
  }
  return finish(message);
}

function readMessageAttribute(message: MessageDraft, id: number, data: Buffer, limits: TnefLimits): void {
  switch (id) {
    case TnefAttribute.OemCodepage:
      if (data.length >= 4) message.codepage = data.readUInt32LE(0);
      return;
    case TnefAttribute.Body:
      message.text ??= decodeCodepage(data, message.codepage);
      return;
    case TnefAttribute.MapiProps:
      for (const prop of parseMapiProps(data, limits.maxPropsPerBlock)) readMessageProp(message, prop);
      return;
    default:
      return;
  }
}

function readMessageProp(message: MessageDraft, prop: MapiProp): void {
  const value = prop.values[0];
  if (value === undefined) return;
  switch (prop.id) {
    case MapiProperty.Body:
      message.text = decodeMapiString(value, prop.type, message.codepage);
      return;
    case MapiProperty.BodyHtml:
      message.html = { bytes: value, type: prop.type };
      return;
    case MapiProperty.InternetCodepage:
      if (value.length >= 4) message.internetCodepage = value.readUInt32LE(0);
      return;
    case MapiProperty.RtfCompressed:
      message.rtfCompressed = value;
      return;
    default:
      return;
  }
}

function readAttachmentAttribute(message: MessageDraft, id: number, data: Buffer, limits: TnefLimits): void {
  if (id === TnefAttribute.AttachRendData || message.attachments.length === 0) {
    if (message.attachments.length >= limits.maxAttachments) throw new TnefFormatError(`more than ${limits.maxAttachments} attachments`);
    message.attachments.push({});
  }
  const attachment = message.attachments.at(-1) ?? {};
  switch (id) {
    case TnefAttribute.AttachTitle:
      attachment.title = decodeCodepage(data, message.codepage);
      return;
    case TnefAttribute.AttachData:
      attachment.data = data;
      return;
    case TnefAttribute.Attachment:
      for (const prop of parseMapiProps(data, limits.maxPropsPerBlock)) readAttachmentProp(attachment, prop, message.codepage);
      return;
    default:
      return;
  }
}

function readAttachmentProp(attachment: AttachmentDraft, prop: MapiProp, codepage: number): void {
  const value = prop.values[0];
  if (value === undefined) return;
  const text = (): string => decodeMapiString(value, prop.type, codepage);
  switch (prop.id) {
    case MapiProperty.AttachLongFilename:
      attachment.longFilename = text();
      return;
    case MapiProperty.AttachFilename:
      attachment.filename = text();
      return;
    case MapiProperty.DisplayName:
      attachment.displayName = text();
      return;
    case MapiProperty.AttachMimeTag:
      attachment.mimeType = text();
      return;
    case MapiProperty.AttachContentId:
      attachment.contentId = text();
      return;
    case MapiProperty.AttachDataBin:
      // PR_ATTACH_DATA_OBJ shares the id: an embedded message or OLE object, not a file's bytes.
      if (prop.type === MapiType.Binary) attachment.data = value;
      else attachment.objectData = true;
      return;
    default:
      return;
  }
}

function finish(message: MessageDraft): DecodedTnef {
  const attachments: TnefAttachment[] = [];
  const skipped: string[] = [];
  message.attachments.forEach((draft, index) => {
    const name = [draft.longFilename, draft.filename, draft.title, draft.displayName].find((candidate) => candidate !== undefined && candidate.trim() !== '');
    if (draft.data === undefined) {
      skipped.push(`attachment ${index + 1}${name ? ` (${name})` : ''}: ${draft.objectData ? 'an embedded message or OLE object' : 'no data'}`);
      return;
    }
    attachments.push({ name, data: draft.data, mimeType: draft.mimeType, contentId: draft.contentId });
  });
  const html = message.html && decodeMapiString(message.html.bytes, message.html.type, message.internetCodepage ?? message.codepage);
  return { attachments, text: message.text, html, rtfCompressed: message.rtfCompressed, skipped };
}

function byteSum(data: Buffer): number {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  return sum;
}
